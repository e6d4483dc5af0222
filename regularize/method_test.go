package regularize

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

func TestRegisterRefuses(t *testing.T) {
	ok := Method{Name: "x", DefaultLearnRate: 1, WeightMeaning: "w", DefaultLambda: func(int, Spec) float64 { return 1 },
		Configure: func(Spec, *model.Net, *model.Config) error { return nil }}
	for name, m := range map[string]Method{
		"no name":      {DefaultLearnRate: 1, WeightMeaning: "w", DefaultLambda: ok.DefaultLambda, Configure: ok.Configure},
		"taken":        {Name: "graph", DefaultLearnRate: 1, WeightMeaning: "w", DefaultLambda: ok.DefaultLambda, Configure: ok.Configure},
		"no configure": {Name: "x", DefaultLearnRate: 1, WeightMeaning: "w", DefaultLambda: ok.DefaultLambda},
		"no rate":      {Name: "x", WeightMeaning: "w", DefaultLambda: ok.DefaultLambda, Configure: ok.Configure},
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

// TestConfigureOtherNet: a configuration made with one network trains
// another of the same architecture correctly: group's operator acts on the
// network being trained, not on the one Configure saw.
func TestConfigureOtherNet(t *testing.T) {
	ds, _ := data.SparseLinear(200, 6, 2, 0.3, rand.New(rand.NewPCG(1, 1)))
	spec := Spec{Method: "group", Lambda: 50}
	a, err := model.New(ds, spec.Architecture([]int{8}), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := model.New(ds, spec.Architecture([]int{8}), rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		t.Fatal(err)
	}
	before := a.Snapshot(nil)
	cfg, err := spec.Configure(a, model.Config{Epochs: 20})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.Train(context.Background(), b, ds, ds, cfg); err != nil {
		t.Fatal(err)
	}
	for i, p := range a.Params() {
		if !slices.Equal(p.Data(), before[i]) {
			t.Errorf("training b changed a's %s", p.Name)
		}
	}
	zeros := 0
	for _, w := range spec.Weights(b) {
		if w == 0 {
			zeros++
		}
	}
	if zeros == 0 {
		t.Error("group at λ=50 zeroed no row of the trained network")
	}
}

// TestRefitIsTheMethodAtZero: Refit trains the path's method at λ = 0 on
// the kept columns, with its network, solver and learning rate: for ista
// that is plain gradient steps at 0.1 on the standard MLP, and Refit's
// weights equal those of Fit with that trial, bit for bit; for hier the
// refitted network keeps LassoNet's skip layer.
func TestRefitIsTheMethodAtZero(t *testing.T) {
	ds, _ := data.SparseLinear(200, 6, 2, 0.3, rand.New(rand.NewPCG(1, 1)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	mask := []bool{true, true, false, true, false, false}
	cfg := PathConfig{Spec: Spec{Method: "ista", Lambda: 3}, Hidden: []int{8}, Base: model.Config{Epochs: 20, Seed: 4}, InitSeed: 5}
	rf, err := Refit(context.Background(), train, val, mask, cfg)
	if err != nil {
		t.Fatal(err)
	}
	fit := Fit(context.Background(), train.Columns(mask), val.Columns(mask), Trial{Spec: Spec{Method: "ista"}},
		FitConfig{Hidden: []int{8}, Base: model.Config{Epochs: 20, Seed: 4, Patience: DefaultPatience}, InitSeed: 5})
	if fit.Err != nil {
		t.Fatal(fit.Err)
	}
	if fit.LearnRate != 0.1 {
		t.Fatalf("ista's rate %v, want 0.1", fit.LearnRate)
	}
	for i, p := range rf.Net.Params() {
		if !slices.Equal(p.Data(), fit.Net.Params()[i].Data()) {
			t.Errorf("refit and Fit(ista, λ=0) differ in %s", p.Name)
		}
	}
	cfg.Spec.Method = "hier"
	rf, err = Refit(context.Background(), train, val, mask, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if mlp, ok := rf.Net.Architecture().(model.MLP); !ok || !mlp.Skip || rf.Net.Features() != 3 {
		t.Errorf("hier's refit network %#v with %d features, want the skip layer on 3", rf.Net.Architecture(), rf.Net.Features())
	}
}

// TestSelectInterruptedOnce: an interrupted Select says so once, although
// the path and the folds both stopped.
func TestSelectInterruptedOnce(t *testing.T) {
	ds, _ := data.SparseLinear(100, 5, 2, 0.3, rand.New(rand.NewPCG(1, 1)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Select(ctx, ds, SelectConfig{Path: PathConfig{Spec: Spec{Method: "prox-adam"}, Hidden: []int{4}}, Folds: 2})
	if err == nil || err.Error() != context.Canceled.Error() {
		t.Errorf("err = %q, want %q once", err, context.Canceled)
	}
}

// TestCurveSkipsEmptyFolds: the mean curve of an interrupted
// cross-validation is read on the folds that have points.
func TestCurveSkipsEmptyFolds(t *testing.T) {
	fold := &PathResult{Points: []PathPoint{{Lambda: 0, ValMetric: 0.5, Selected: 3}, {Lambda: 1, ValMetric: 0.75, Selected: 1}}}
	cv := &CVResult{Folds: []*PathResult{fold, nil, {}}}
	if !cv.Curve([]float64{1}) || cv.Metric[1] != 0.75 || cv.Best != 1 {
		t.Errorf("curve %v, best %d", cv.Metric, cv.Best)
	}
	if (&CVResult{Folds: []*PathResult{nil}}).Curve([]float64{1}) {
		t.Error("a curve without points")
	}
}

// TestCurveReadsRefits: with every fold's refits the curve is theirs, the
// path's metric beside it; the chosen point of the main path is its first
// with no more features than the folds' mean at the chosen λ.
func TestCurveReadsRefits(t *testing.T) {
	fold := func(m1, m2 float64) *PathResult {
		return &PathResult{Points: []PathPoint{{Lambda: 0, ValMetric: 0.9, Selected: 3}, {Lambda: 1, ValMetric: m1, Selected: 2}, {Lambda: 2, ValMetric: m2, Selected: 1}}}
	}
	cv := &CVResult{
		Folds:  []*PathResult{fold(0.8, 0.6), fold(0.8, 0.6)},
		Refits: [][]RefitScore{{{0.9, 0}, {0.95, 0}, {0.7, 0}}, {{0.9, 0}, {0.95, 0}, {0.7, 0}}},
	}
	if !cv.Curve([]float64{1, 2}) || cv.Metric[1] != 0.95 || cv.PathMetric[1] != 0.8 || cv.Best != 1 || cv.OneSE != 1 {
		t.Errorf("curve %v (path %v), best %d, chosen %d", cv.Metric, cv.PathMetric, cv.Best, cv.OneSE)
	}
	cv.Refits[1] = nil // a fold without its refits: the paths' metric
	if cv.Curve([]float64{1, 2}); cv.Metric[1] != 0.8 {
		t.Errorf("curve %v without every fold's refits", cv.Metric)
	}
	main := &PathResult{Points: []PathPoint{{Selected: 3}, {Lambda: 0.5, Selected: 3}, {Lambda: 1, Selected: 1}, {Lambda: 2, Selected: 2}}}
	if got := main.atMost(1.6); got != 2 {
		t.Errorf("atMost(1.6) = %d, want 2 (the first point with at most 2)", got)
	}
}

// TestChooseSkipsNaN: a point whose metric is not a number is neither the
// best nor the chosen one.
func TestChooseSkipsNaN(t *testing.T) {
	nan := math.NaN()
	best, oneSE := choose([]curvePoint{
		{metric: nan, se: nan},
		{metric: 0.8, se: 0.1},
		{metric: 0.75, se: 0.05},
		{metric: nan, se: nan},
	})
	if best != 1 || oneSE != 2 {
		t.Errorf("best %d, chosen %d; want 1 and 2", best, oneSE)
	}
}

// TestSettingInExtra: a setting without a field of its own in Spec (a
// registered method's) is kept in Spec.Extra, its default when unset.
func TestSettingInExtra(t *testing.T) {
	st := Setting{Flag: "my-m", Key: "my_m", Default: 2}
	var s Spec
	if v := st.Value(s); v != 2 {
		t.Errorf("unset: %v, want the default 2", v)
	}
	st.Store(&s, 5)
	if v := st.Value(s); v != 5 || s.Extra["my_m"] != 5 {
		t.Errorf("stored 5: value %v, Extra %v", v, s.Extra)
	}
}

// TestOperatorsDoNotAllocate: the post-step operators of group and hier
// allocate nothing per step once they have found their layers.
func TestOperatorsDoNotAllocate(t *testing.T) {
	ds, _ := data.SparseLinear(64, 6, 2, 0.3, rand.New(rand.NewPCG(1, 1)))
	for _, m := range []string{"group", "hier"} {
		spec := Spec{Method: m, Lambda: 1}
		net, err := model.New(ds, spec.Architecture([]int{8}), rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := spec.Configure(net, model.Config{})
		if err != nil {
			t.Fatal(err)
		}
		step := &model.Step{Net: net, LearnRate: 1e-3}
		hook := cfg.Hooks[0]
		hook.AfterStep(step)
		if n := testing.AllocsPerRun(50, func() { hook.AfterStep(step) }); n != 0 {
			t.Errorf("%s: %v allocations per step", m, n)
		}
	}
}

// TestRefitBands: a fold refits once per band of feature counts: 41 and
// 40 features share the refit of the first (their logarithms round to the
// same multiple of log 1.1), while 2 and 1 are refitted apart, and a point
// without features keeps its own score.
func TestRefitBands(t *testing.T) {
	ds, _ := data.SparseLinear(60, 45, 3, 0.3, rand.New(rand.NewPCG(2, 2)))
	train, val, _ := data.PrepareRows(ds, seqRows(15))
	mask := func(n, offset int) []bool {
		m := make([]bool, 45)
		for j := range n {
			m[(j+offset)%45] = true
		}
		return m
	}
	path := &PathResult{Points: []PathPoint{
		{Selected: 41, Mask: mask(41, 0)}, {Lambda: 1, Selected: 40, Mask: mask(40, 3)},
		{Lambda: 2, Selected: 2, Mask: mask(2, 0)}, {Lambda: 3, Selected: 1, Mask: mask(1, 7)},
		{Lambda: 4, Selected: 0, Mask: mask(0, 0), ValMetric: -0.5},
	}}
	cfg := PathConfig{Spec: Spec{Method: "prox-adam"}, Hidden: []int{4}, Base: model.Config{Epochs: 30}}
	got, err := refitPoints(context.Background(), train, val, path, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != got[1] || got[2] == got[1] || got[3] == got[2] || got[4].Metric != -0.5 {
		t.Errorf("refit scores %v: want the first two equal, the next two each their own, the last the path's", got)
	}
}
