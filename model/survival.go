package model

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/model/internal/ops"
)

// Ties says how the Cox partial likelihood treats events at the same
// time.
type Ties int

const (
	// Breslow gives each of d events at one time the whole risk set, as
	// R's coxph(ties = "breslow") and glmnet do.
	Breslow Ties = Ties(ops.Breslow)
	// Efron takes the tied events out of their own risk set a d-th at a
	// time, as R's coxph does by default: closer to the exact likelihood
	// when many events share a time.
	Efron Ties = Ties(ops.Efron)
)

func (t Ties) String() string { return ops.Ties(t).String() }

// ParseTies reads "breslow" or "efron".
func ParseTies(s string) (Ties, error) {
	switch s {
	case "breslow":
		return Breslow, nil
	case "efron":
		return Efron, nil
	}
	return Breslow, fmt.Errorf("model: unknown ties %q (want breslow or efron)", s)
}

// Cox is the negative Cox partial log-likelihood of the network's one
// output, a risk score η (higher: the event sooner), over the risk sets
// of the rows it is given, divided by their number of events: the loss of
// a survival task. The targets are each row's time and event (1 observed,
// 0 censored). The risk sets are those of the rows of a step: with every
// training row in one batch (the default for survival) they are the
// data's; smaller batches approximate them with their own rows, as
// mini-batch Cox training does.
type Cox struct{ Ties Ties }

// Build returns −ℓ(η)/E in one node, with its gradient (ops.CoxLoss).
func (c Cox) Build(out, target *G.Node) (*G.Node, error) {
	return ops.CoxLoss(out, target, ops.Ties(c.Ties))
}

// Concordance is Harrell's concordance index of risk scores with
// survival times, as R's survival::concordance(Surv(time, event) ~ risk,
// reverse = TRUE) counts it: a pair is comparable when the earlier time is
// an event (a row censored at the time of another's event counts as the
// longer survivor; two events at one time are not comparable); it is
// concordant when the earlier event has the higher risk, and a tie in
// risk counts a half.
type Concordance struct {
	Concordant, Discordant, TiedRisk int
	// Index is (Concordant + TiedRisk/2) / (Concordant + Discordant +
	// TiedRisk), NaN without a comparable pair.
	Index float64
	// SE is the leave-one-out jackknife's standard error of Index:
	// √((n−1)/n · Σ_i (C₋ᵢ − mean C₋)²), C₋ᵢ the index without row i.
	// It is somewhat larger than R's infinitesimal jackknife (sqrt(var) of
	// concordance()).
	SE float64
}

// ConcordanceIndex returns the concordance of risk with the times and
// events (1 observed, 0 censored) of the same rows. Rows with a NaN are
// left out. It takes time quadratic in the rows.
func ConcordanceIndex(risk, time, event []float64) Concordance {
	var rows []int
	for i := range risk {
		if !math.IsNaN(risk[i]) && !math.IsNaN(time[i]) && !math.IsNaN(event[i]) {
			rows = append(rows, i)
		}
	}
	// Each row's share of the pairs: twice its concordant pairs plus its
	// ties (in halves, to stay in integers), and its comparable pairs.
	score, pairs := make([]int, len(rows)), make([]int, len(rows))
	var c Concordance
	for a, i := range rows {
		for b := a + 1; b < len(rows); b++ {
			j := rows[b]
			first, second := i, j // first: the earlier time
			if time[j] < time[i] || time[j] == time[i] && event[j] > event[i] {
				first, second = j, i
			}
			if event[first] != 1 || time[first] == time[second] && event[second] == 1 {
				continue
			}
			s := 0
			switch {
			case risk[first] > risk[second]:
				c.Concordant++
				s = 2
			case risk[first] < risk[second]:
				c.Discordant++
			default:
				c.TiedRisk++
				s = 1
			}
			score[a] += s
			score[b] += s
			pairs[a]++
			pairs[b]++
		}
	}
	num, den := 2*c.Concordant+c.TiedRisk, c.Concordant+c.Discordant+c.TiedRisk
	c.Index, c.SE = math.NaN(), math.NaN()
	if den == 0 {
		return c
	}
	c.Index = float64(num) / float64(2*den)
	loo := make([]float64, 0, len(rows))
	mean := 0.0
	for a := range rows {
		if d := den - pairs[a]; d > 0 {
			v := float64(num-score[a]) / float64(2*d)
			loo = append(loo, v)
			mean += v
		}
	}
	if len(loo) == len(rows) {
		mean /= float64(len(loo))
		ss := 0.0
		for _, v := range loo {
			ss += (v - mean) * (v - mean)
		}
		n := float64(len(rows))
		c.SE = math.Sqrt((n - 1) / n * ss)
	}
	return c
}
