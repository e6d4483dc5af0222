package model

import (
	"fmt"

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
