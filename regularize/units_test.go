package regularize

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestWeightedProx: the soft thresholds with a weight per coordinate,
// t_j = LR·λ·w_j (L1) and Scale_j·λ·w_j (ScaledL1), by hand.
func TestWeightedProx(t *testing.T) {
	w := []float64{3, -3, 3}
	L1{Lambda: 1, Weights: []float64{1, 2, 0.5}}.Prox(w, lr(1))
	if want := []float64{2, -1, 2.5}; !slices.Equal(w, want) {
		t.Errorf("L1{1, [1 2 0.5]}.Prox([3 -3 3], 1) = %v, want %v", w, want)
	}
	w = []float64{3, -3}
	ScaledL1{Lambda: 2, Weights: []float64{1, 2}}.Prox(w, model.Scaling[float64]{LR: 1, Scale: []float64{0.5, 0.25}})
	if want := []float64{2, -2}; !slices.Equal(w, want) {
		t.Errorf("ScaledL1{2, [1 2]}.Prox([3 -3], scale [0.5 0.25]) = %v, want %v", w, want)
	}
	w = []float64{3, -3}
	ScaledL1{Lambda: 2, Weights: []float64{1, 2}}.Prox(w, lr(0.25))
	if want := []float64{2.5, -2}; !slices.Equal(w, want) {
		t.Errorf("ScaledL1{2, [1 2]}.Prox([3 -3], lr 0.25) = %v, want %v", w, want)
	}
}

// mixed returns a dataset with three number columns and a category of
// four levels (one unit of four features), as ReadCSV gives it.
func mixed(t *testing.T) *data.Dataset {
	t.Helper()
	ds, _ := data.SparseLinear(40, 7, 2, 0.1, rand.New(rand.NewPCG(1, 1)))
	ds.Features = []string{"a", "b", "c", "cat=p", "cat=q", "cat=r", "cat=s"}
	ds.Schema = []data.Column{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "cat", Kind: data.KindCategory, Levels: []string{"p", "q", "r", "s"}}}
	ds.Source = []int{0, 1, 2, 3, 3, 3, 3}
	return ds
}

// afterStep configures spec for net and runs its post-step operators
// once, with learning rate lr and no solver scaling.
func afterStep(t *testing.T, spec Spec, net *model.Net, lr float64) {
	t.Helper()
	cfg, err := spec.Configure(net, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range cfg.Hooks {
		if err := h.AfterStep(&model.Step{Net: net, LearnRate: lr}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUnitPenalties: each method's threshold on a unit of w features is
// its threshold on one feature times √w (the group lasso's weight), on the
// unit's weights together: θ_u for the θ methods, the unit's rows of W₁
// for group, of the skip layer and W₁ for hier.
func TestUnitPenalties(t *testing.T) {
	ds := mixed(t)
	for _, method := range []string{"prox-adam", "decoupled", "ista"} {
		t.Run(method, func(t *testing.T) {
			net, err := model.New(ds, Spec{Method: method}.Architecture([]int{3}), rand.New(rand.NewPCG(1, 2)))
			if err != nil {
				t.Fatal(err)
			}
			for u := range net.Theta() {
				net.Theta()[u] = 0.5
			}
			// t = lr·λ·√w = 0.1·2·[1 1 1 2]
			afterStep(t, Spec{Method: method, Lambda: 2}, net, 0.1)
			want := []float64{0.3, 0.3, 0.3, 0.1}
			for u, th := range net.Theta() {
				if math.Abs(th-want[u]) > 1e-15 {
					t.Errorf("θ = %v, want %v", net.Theta(), want)
					break
				}
			}
		})
	}
	t.Run("group", func(t *testing.T) {
		spec := Spec{Method: "group", Lambda: 1}
		net, err := model.New(ds, spec.Architecture([]int{3}), rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		w1 := net.Param("w1").Data()
		for i := range w1 {
			w1[i] = 0.1
		}
		afterStep(t, spec, net, 0.1)
		// A row's norm is 0.1·√3, the block of the category's 4 rows
		// 0.2·√3; the thresholds are 0.1 and 0.1·√4.
		single, block := 0.1*(1-0.1/(0.1*math.Sqrt(3))), 0.1*(1-0.2/(0.2*math.Sqrt(3)))
		for i, v := range w1 {
			want := single
			if i >= 3*3 {
				want = block
			}
			if math.Abs(v-want) > 1e-15 {
				t.Fatalf("w1[%d] = %v, want %v", i, v, want)
			}
		}
		if got := spec.Weights(net); len(got) != 4 || math.Abs(got[3]-math.Sqrt(12)*block) > 1e-14 {
			t.Errorf("Weights = %v, want 4 values, the last the block's norm %v", got, math.Sqrt(12)*block)
		}
	})
	t.Run("hier", func(t *testing.T) {
		spec := Spec{Method: "hier", Lambda: 3, HierM: 2}
		net, err := model.New(ds, spec.Architecture([]int{3}), rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		skip, w1 := net.Param("skip").Data(), net.Param("w1").Data()
		wantSkip, wantW1 := slices.Clone(skip), slices.Clone(w1)
		lr := 0.1
		step := lr * spec.Lambda // at run time: 0.1·3 rounds, as the operator's does
		for j := range 3 {
			HierProx(wantSkip[j:j+1], wantW1[3*j:3*j+3], step, 2, make([]float64, 3))
		}
		HierProx(wantSkip[3:7], wantW1[9:21], step*2, 2, make([]float64, 12))
		afterStep(t, spec, net, lr)
		if !slices.Equal(skip, wantSkip) || !slices.Equal(w1, wantW1) {
			t.Errorf("skip %v, w1 %v; want %v, %v", skip, w1, wantSkip, wantW1)
		}
		if got := spec.Weights(net); len(got) != 4 {
			t.Errorf("Weights = %v, want one per unit", got)
		}
	})
}

// mixedCSV is a classification table whose class depends on a category
// (region, four levels) and a number (age), beside a noise number and a
// noise category of three levels: four units, nine inputs.
func mixedCSV(n int) string {
	rng := rand.New(rand.NewPCG(4, 4))
	var b strings.Builder
	b.WriteString("region,age,noise,colour,y\n")
	for range n {
		region, age := []string{"north", "south", "east", "centre"}[rng.IntN(4)], rng.NormFloat64()
		y := "a"
		if region == "south" || region == "east" && age > 0 || age > 1 {
			y = "b"
		}
		fmt.Fprintf(&b, "%s,%.3f,%.3f,%s,%s\n", region, age, rng.NormFloat64(), []string{"red", "green", "blue"}[rng.IntN(3)], y)
	}
	return b.String()
}

// groupedCSV is a classification table whose class depends on two
// numbers apart in the file, a1 and a2, tied by a group, and a third, b,
// beside two noise numbers in a group of their own: three units, five
// inputs (groupedUnits).
func groupedCSV(n int) string {
	rng := rand.New(rand.NewPCG(5, 5))
	var b strings.Builder
	b.WriteString("a1,n1,b,a2,n2,y\n")
	for range n {
		a1, a2, x := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		y := "a"
		if a1+a2+x > 0 {
			y = "b"
		}
		fmt.Fprintf(&b, "%.3f,%.3f,%.3f,%.3f,%.3f,%s\n", a1, rng.NormFloat64(), x, a2, rng.NormFloat64(), y)
	}
	return b.String()
}

// groupedUnits are groupedCSV's groups.
var groupedUnits = map[string]string{"a1": "a", "a2": "a", "n1": "noise", "n2": "noise"}

// TestSelectUnitsEveryMethod: every method's path on a table with
// categories, and on one with groups of numbers, counts the units: one
// weight per unit at every point, exactly K units chosen, the refit and
// the saved model on those units whole.
func TestSelectUnitsEveryMethod(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a path per method")
	}
	tables := []struct {
		name     string
		csv      string
		groups   map[string]string
		units    []string
		features int
		decide   []int // the units that decide the class
		// firstWidth is the features of the first unit
		firstWidth int
	}{
		{"categories", mixedCSV(300), nil, []string{"region", "age", "noise", "colour"}, 9, []int{0, 1}, 4},
		{"groups", groupedCSV(300), groupedUnits, []string{"a", "noise", "b"}, 5, []int{0, 2}, 2},
	}
	for _, tb := range tables {
		ds, err := data.ReadCSV(strings.NewReader(tb.csv), data.CSVOptions{Groups: tb.groups})
		if err != nil {
			t.Fatal(err)
		}
		if ds.Cols() != tb.features || !slices.Equal(ds.Units(), tb.units) {
			t.Fatalf("%s: %d features in units %v, want %d in %v", tb.name, ds.Cols(), ds.Units(), tb.features, tb.units)
		}
		units := len(tb.units)
		for _, method := range Methods() {
			t.Run(tb.name+"/"+method, func(t *testing.T) {
				cfg := SelectConfig{Seed: 1, Refit: true, Path: PathConfig{
					Spec: Spec{Method: method}, Hidden: []int{8}, Base: model.Config{Epochs: 30},
					Multiplier: 1.5, MaxLambdas: 40, K: 2,
				}}
				r, err := Select(context.Background(), ds, cfg)
				if err != nil {
					t.Fatal(err)
				}
				for _, pt := range r.Path.Points {
					if len(pt.Weights) != units || len(pt.Mask) != units {
						t.Fatalf("a point with %d weights and a mask of %d, want %d (one per unit)", len(pt.Weights), len(pt.Mask), units)
					}
				}
				t.Logf("chosen %v (K missed: %v), %d points", r.Mask, r.KMissed, len(r.Path.Points))
				for _, u := range tb.decide {
					if !r.Mask[u] {
						t.Errorf("chosen %v, want units %v, which decide the class", r.Mask, tb.decide)
					}
				}
				f, err := r.File(ds)
				if err != nil {
					t.Fatal(err)
				}
				net, err := f.Net()
				if err != nil {
					t.Fatal(err)
				}
				if net.Units() != 2 {
					t.Errorf("K=2: a saved model of %d units", net.Units())
				}
				first := ds.Schema[0] // of the first unit, which decides the class
				if f.Schema == nil || f.Schema[0].Name != first.Name || f.Schema[0].Group != first.Group || net.UnitWidths()[0] != tb.firstWidth {
					t.Errorf("the saved model's schema %v and units %v, want %s's unit first", f.Schema, net.UnitWidths(), first.Name)
				}
			})
		}
	}
}

// TestTasksEveryMethod runs a path with every method, with folds,
// stability selection and a refit, on survival data whose first three
// features decide the hazard and on three regression targets that need 6
// features, and saves the model: the chosen features are the informative
// ones (at most one missed of the targets' 6 in so short a training), and
// the saved model scores its task on the rows.
func TestTasksEveryMethod(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a path per method")
	}
	cox, coxInformative := data.CoxExponential(300, 8, 0.3, rand.New(rand.NewPCG(4, 0)))
	three, threeInformative := data.ThreeTargets(400, 10, 0.3, rand.New(rand.NewPCG(4, 0)))
	tables := []struct {
		name        string
		ds          *data.Dataset
		informative []int
		missed      int // informative features the chosen may miss
		base        model.Config
		hidden      int
		// check judges the saved model's score on the rows.
		check func(t *testing.T, sc *model.Score, r *SelectResult)
	}{
		// Full-batch Cox training takes one step an epoch: more epochs
		// (the refit, from new weights, needs hundreds).
		{"survival", cox, coxInformative, 0, model.Config{Epochs: 1000, Patience: 10}, 8, func(t *testing.T, sc *model.Score, r *SelectResult) {
			// Harrell's C of the true η is about 0.8; chance is 0.5.
			if m := r.Refit.Result.ValMetric; !(m > 0.55) {
				t.Errorf("the refit's validation C-index %.3f", m)
			}
			if !(sc.Concordance.Index > 0.6) {
				t.Errorf("the saved model's C-index on the data: %+v", sc.Concordance)
			}
		}},
		{"targets", three, threeInformative, 1, model.Config{Epochs: 60}, 16, func(t *testing.T, sc *model.Score, r *SelectResult) {
			if len(r.Refit.Result.ValTargetR2) != 3 {
				t.Errorf("the refit's R² of each target: %v", r.Refit.Result.ValTargetR2)
			}
			// A mean R² above 0.2 on every target at once (0 is the
			// targets' means): hier's refit, held by its hierarchy to the
			// skip layer's scale, is the weakest in 60 epochs (about 0.3;
			// the others 0.6 to 0.9).
			if len(sc.Targets) != 3 || !(sc.R2 > 0.2) {
				t.Errorf("the saved model's scores: %+v", sc)
			}
		}},
	}
	for _, tb := range tables {
		for _, method := range Methods() {
			t.Run(tb.name+"/"+method, func(t *testing.T) {
				// Each method's own step, which this table was tuned with
				// (a survival path's default is larger).
				base := tb.base
				base.LearnRate = Spec{Method: method}.DefaultLearnRate()
				cfg := SelectConfig{Seed: 1, Refit: true, Folds: 2, Stability: &StabilityConfig{Subsamples: 2}, Path: PathConfig{
					Spec: Spec{Method: method}, Hidden: []int{tb.hidden}, Base: base,
					Multiplier: 1.5, MaxLambdas: 40, K: len(tb.informative),
				}}
				r, err := Select(context.Background(), tb.ds, cfg)
				if err != nil {
					t.Fatal(err)
				}
				missed, kept := 0, 0
				for _, j := range tb.informative {
					if !r.Mask[j] {
						missed++
					}
				}
				for _, m := range r.Mask {
					if m {
						kept++
					}
				}
				// Where no λ kept K, the cut to K follows the path's
				// ranking, in which a noise feature can outrank an
				// informative one.
				allowed := tb.missed
				if r.KMissed {
					allowed++
				}
				if missed > allowed || kept != len(tb.informative) {
					t.Errorf("chosen %v (K missed: %v) misses %d of the informative %v", r.Mask, r.KMissed, missed, tb.informative)
				}
				f, err := r.File(tb.ds)
				if err != nil {
					t.Fatal(err)
				}
				p, err := f.Predict(tb.ds.Columns(tb.ds.UnitFeatures(r.Refit.Mask)), data.MissingError)
				if err != nil {
					t.Fatal(err)
				}
				if p.Score == nil || len(p.Values) != tb.ds.Rows()*tb.ds.Outputs() {
					t.Fatalf("%d predictions for %d rows, score %+v", len(p.Values), tb.ds.Rows(), p.Score)
				}
				tb.check(t, p.Score, r)
			})
		}
	}
}
