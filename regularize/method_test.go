package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

func TestRegisterRefuses(t *testing.T) {
	ok := Method{Name: "x", LearnRate: 1, WeightMeaning: "w", Lambda: func(int, Spec) float64 { return 1 },
		Configure: func(Spec, *model.Net, *model.Config) error { return nil }}
	for name, m := range map[string]Method{
		"no name":      {LearnRate: 1, WeightMeaning: "w", Lambda: ok.Lambda, Configure: ok.Configure},
		"taken":        {Name: "graph", LearnRate: 1, WeightMeaning: "w", Lambda: ok.Lambda, Configure: ok.Configure},
		"no configure": {Name: "x", LearnRate: 1, WeightMeaning: "w", Lambda: ok.Lambda},
		"no rate":      {Name: "x", WeightMeaning: "w", Lambda: ok.Lambda, Configure: ok.Configure},
	} {
		if err := Register(m); err == nil {
			t.Errorf("%s: Register accepted %+v", name, m)
		}
	}
	if slices.Contains(Methods(), "x") {
		t.Error("a refused method was registered")
	}
}

func TestLookupNamesTheMethods(t *testing.T) {
	_, err := Lookup("lasso")
	if err == nil || !strings.Contains(err.Error(), "graph, prox-adam, decoupled, ista, group, hier") {
		t.Errorf("Lookup(lasso) = %v", err)
	}
	if h := Help(); !strings.Contains(h, "  prox-adam  Adam on the data loss") || !strings.Contains(h, "\n             (λ on the scale of width·M") {
		t.Errorf("Help() =\n%s", h)
	}
}

// TestSummarize: counts from the definitions, with lr = 0.01 (band 0.02).
func TestSummarize(t *testing.T) {
	w := []float64{0.5, -0.015, 0, 0.03, 1e-4}
	tests := []struct {
		spec                             Spec
		selected, zeros, small, hovering int
		rule                             string
	}{
		// graph: selected above 0.02 (0.5, 0.03); 0 is an exact zero; -0.015
		// and 1e-4 are small and hovering.
		{Spec{Method: "graph"}, 2, 1, 2, 2, "|weight| > 2*lr = 0.02"},
		// prox-adam: every non-zero weight is selected; two of them hover.
		{Spec{Method: "prox-adam"}, 4, 1, 0, 2, "weight != 0"},
		// graph with a threshold no longer hovers: any non-zero counts.
		{Spec{Method: "graph", Threshold: 1e-5}, 4, 1, 0, 2, "weight != 0"},
	}
	for _, tc := range tests {
		s := tc.spec.Summarize(w, 0.01)
		if s.Selected != tc.selected || s.ExactZeros != tc.zeros || s.Small != tc.small || s.Hovering != tc.hovering || s.Rule() != tc.rule {
			t.Errorf("%+v: %+v, rule %q; want selected %d, zeros %d, small %d, hovering %d, rule %q",
				tc.spec, s, s.Rule(), tc.selected, tc.zeros, tc.small, tc.hovering, tc.rule)
		}
	}
}

func TestStabilityNeedsLambdas(t *testing.T) {
	ds, _ := data.SparseLinear(60, 5, 2, 0.5, rand.New(rand.NewPCG(1, 1)))
	_, err := Stability(context.Background(), ds, ds, StabilityConfig{}, rand.New(rand.NewPCG(1, 2)), PathConfig{Spec: Spec{Method: "prox-adam"}})
	if err == nil || !strings.Contains(err.Error(), "PathConfig.Lambdas") {
		t.Errorf("err = %v, want one naming PathConfig.Lambdas", err)
	}
}

// TestGroupNeedsMLP: group and hier act on the layers of a model.MLP; on
// another architecture Configure says so instead of failing at the first
// step.
func TestGroupNeedsMLP(t *testing.T) {
	ds, _ := data.SparseLinear(60, 5, 2, 0.5, rand.New(rand.NewPCG(1, 1)))
	net, err := model.New(ds, readout{}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"group", "hier"} {
		if _, err := (Spec{Method: m, Lambda: 1}).Configure(net, model.Config{}); err == nil || !strings.Contains(err.Error(), "model.MLP") {
			t.Errorf("%s on a custom architecture: err = %v", m, err)
		}
	}
}
