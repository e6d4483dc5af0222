package report

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// TestRepeats: the summaries of five repeats of graph against prox-adam
// whose exact zeros grow by a distinct amount in each: their means and
// standard errors, the paired differences and their exact p-value (every
// difference positive: 2/2⁵); the picture of them stays on a screen.
func TestRepeats(t *testing.T) {
	names := []string{"a", "b", "c", "d", "e", "f", "g"}
	var outcomes [][]regularize.Outcome
	seeds := []uint64{1, 2, 3, 4, 5}
	for r := range seeds {
		graph := regularize.Outcome{Trial: regularize.Trial{Spec: regularize.Spec{Method: "graph", Lambda: 0.01}, LearnRate: 0.001},
			Weights: []float64{1, 0.5, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4}, Result: &model.Result{ValMetric: 0.9 + 0.01*float64(r)}}
		prox := graph
		prox.Spec.Method = "prox-adam"
		prox.Weights = []float64{1, 0.5, 0.3, 0.3, 0.3, 0.3, 0.3}
		for j := 2; j < 2+r; j++ { // r exact zeros
			prox.Weights[j] = 0
		}
		prox.Result = &model.Result{ValMetric: 0.9 + 0.01*float64(r)}
		outcomes = append(outcomes, []regularize.Outcome{graph, prox})
	}
	rep, err := NewRepeats(outcomes, seeds, twoClasses, names, []int{8}, []string{"a", "b"}, "graph", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	stat := func(method int, name string) Stat {
		for _, s := range rep.Summary[method].Stats {
			if s.Name == name {
				return s
			}
		}
		t.Fatalf("no %s", name)
		return Stat{}
	}
	// prox-adam's zeros are 0, 1, 2, 3, 4 over the repeats: mean 2, SE
	// √(10/4)/√5 = √0.5.
	z := stat(1, "exact_zeros")
	if z.Mean != 2 || math.Abs(float64(z.SE)-math.Sqrt(0.5)) > 1e-15 || z.Paired == nil || z.Paired.N != 4 {
		t.Errorf("prox-adam's zeros: %+v, paired %+v", z, z.Paired)
	}
	// Its validation metric is graph's in every repeat: no difference to
	// test. Graph selects a and b alone (its others hover within 2·lr):
	// precision 1, and the baseline has no pairing.
	if acc := stat(1, "val_accuracy"); acc.Paired.N != 0 || !math.IsNaN(float64(acc.Paired.P)) {
		t.Errorf("equal accuracies: %+v", acc.Paired)
	}
	if p := stat(0, "precision"); p.Paired != nil || p.Mean != 1 || p.SE != 0 {
		t.Errorf("graph's precision: %+v", p)
	}
	// hovering: graph's 5 hover, prox-adam's none: −5 in every repeat, a
	// tie of five: the normal approximation.
	if h := stat(1, "hovering").Paired; h.Exact || h.Mean != -5 || h.V != 0 {
		t.Errorf("hovering: %+v", h)
	}
	var out strings.Builder
	rep.Print(&out)
	for _, want := range []string{"5 repeats, seeds 1 to 5", "minus graph, paired by repeat", "an exact p is at least 0.0625 with 5 repeats", "(p –)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the printout lacks %q:\n%s", want, out.String())
		}
	}
	// A repeat whose prox-adam was interrupted is left out of the
	// summary, and the printout says so.
	outcomes[2][1].Err = context.Canceled
	cut, err := NewRepeats(outcomes, seeds, twoClasses, names, []int{8}, []string{"a", "b"}, "graph", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var cutOut strings.Builder
	cut.Print(&cutOut)
	if cut.Complete != 4 || len(cut.Summary[1].Stats[0].Values) != 4 || !strings.Contains(cutOut.String(), "4 of the 5 repeats had every method finish") {
		t.Errorf("an interrupted repeat: complete %d, %d values\n%s", cut.Complete, len(cut.Summary[1].Stats[0].Values), cutOut.String())
	}
	pics, err := RepeatsPictures(rep)
	if err != nil || len(pics) != 1 {
		t.Fatalf("%d pictures, %v", len(pics), err)
	}
	checkPNG(t, pics[0])
}
