package model

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/featsel/featsel/data"
)

// TestConcordanceKnownAnswers checks Harrell's C-index, its pair counts
// and its jackknife standard error against R (survival 3.5-3,
// testdata/cox_reference.R): concordance(Surv(time, event) ~ eta,
// reverse = TRUE) and the leave-one-out jackknife computed there by
// refitting without each row.
func TestConcordanceKnownAnswers(t *testing.T) {
	type table struct{ eta, time, event []float64 }
	cases := map[string]*table{}
	for _, r := range readRecords(t, "testdata/cox_cases.csv") {
		c := cases[r["case"]]
		if c == nil {
			c = &table{}
			cases[r["case"]] = c
		}
		c.eta = append(c.eta, parse(t, r["eta"]))
		c.time = append(c.time, parse(t, r["time"]))
		c.event = append(c.event, parse(t, r["event"]))
	}
	for _, want := range readRecords(t, "testdata/cox_summary.csv") {
		c := cases[want["case"]]
		got := ConcordanceIndex(c.eta, c.time, c.event)
		if got.Concordant != int(parse(t, want["concordant"])) || got.Discordant != int(parse(t, want["discordant"])) || got.TiedRisk != int(parse(t, want["tied_x"])) {
			t.Errorf("case %s: %d concordant, %d discordant, %d tied; R %s, %s, %s", want["case"],
				got.Concordant, got.Discordant, got.TiedRisk, want["concordant"], want["discordant"], want["tied_x"])
		}
		if w := parse(t, want["cindex"]); math.Abs(got.Index-w) > 1e-15 {
			t.Errorf("case %s: C-index %.17g, R %.17g", want["case"], got.Index, w)
		}
		if w := parse(t, want["se_jackknife"]); math.Abs(got.SE-w) > 1e-12 {
			t.Errorf("case %s: jackknife SE %.17g, R %.17g", want["case"], got.SE, w)
		}
	}
}

// TestConcordanceEdges: rows with NaN are left out, and without a
// comparable pair the index is NaN.
func TestConcordanceEdges(t *testing.T) {
	c := ConcordanceIndex([]float64{2, 1, math.NaN()}, []float64{1, 2, 0.5}, []float64{1, 0, 1})
	if c.Concordant != 1 || c.Index != 1 {
		t.Errorf("got %+v, want one concordant pair", c)
	}
	if c := ConcordanceIndex([]float64{1, 2}, []float64{1, 2}, []float64{0, 0}); !math.IsNaN(c.Index) {
		t.Errorf("every row censored: index %v, want NaN", c.Index)
	}
}

// readRecords reads a CSV file with a header into one map per row.
func readRecords(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for j, name := range recs[0] {
			m[name] = r[j]
		}
		out = append(out, m)
	}
	return out
}

func parse(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCoxExponentialConcordance checks what data.CoxExponential promises:
// the true log hazard ratio ranks its rows with a C-index near 0.8.
func TestCoxExponentialConcordance(t *testing.T) {
	ds, _ := data.CoxExponential(2000, 3, 0.3, rand.New(rand.NewPCG(1, 0)))
	eta := make([]float64, ds.Rows())
	for i := range eta {
		x := ds.Row(i)
		eta[i] = x[0] - x[1] + 0.5*x[2]
	}
	if c := ConcordanceIndex(eta, ds.Y, ds.Events).Index; math.Abs(c-0.8) > 0.02 {
		t.Errorf("C-index of the true η %.4f, want about 0.8", c)
	}
}

// concordanceQuadratic is ConcordanceIndex by every pair in turn: the
// oracle TestConcordanceFast checks the fast one against.
func concordanceQuadratic(risk, time, event []float64) Concordance {
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
		c.SE = jackknifeSE(loo, mean/float64(len(loo)))
	}
	return c
}

// TestConcordanceFast: the fast count agrees with every pair counted in
// turn, on random tables with ties in time, in risk and in events.
func TestConcordanceFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 0))
	for trial := range 200 {
		n := 2 + rng.IntN(60)
		risk, tm, ev := make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			risk[i] = float64(rng.IntN(8))
			tm[i] = float64(rng.IntN(10))
			if rng.IntN(3) > 0 {
				ev[i] = 1
			}
		}
		if trial%7 == 0 {
			risk[0] = math.NaN()
		}
		fast, slow := ConcordanceIndex(risk, tm, ev), concordanceQuadratic(risk, tm, ev)
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-12 }
		if fast.Concordant != slow.Concordant || fast.Discordant != slow.Discordant || fast.TiedRisk != slow.TiedRisk ||
			!same(fast.Index, slow.Index) || !same(fast.SE, slow.SE) {
			t.Fatalf("trial %d: fast %+v, pair by pair %+v", trial, fast, slow)
		}
	}
}
