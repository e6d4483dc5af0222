package regularize_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// twoBranches is a custom architecture: a deep branch and a wide (linear)
// branch read the same selected input, and their outputs add up. Both are
// normalised MLPs (see model.MLP), so θ carries each feature's scale.
type twoBranches struct{}

func (twoBranches) Build(s *model.Scope, x *G.Node, outputs int) (*G.Node, error) {
	deep, err := model.MLP{Hidden: []int{16}, Prefix: "deep_"}.Build(s, x, outputs)
	if err != nil {
		return nil, err
	}
	wide, err := model.MLP{Prefix: "wide_"}.Build(s, x, outputs)
	if err != nil {
		return nil, err
	}
	return G.Add(deep, wide)
}

// Train a custom architecture with a proximal method and read the selected
// features: the weights of the irrelevant ones are exactly zero.
func Example_customArchitecture() {
	ds, _ := data.SparseLinear(500, 8, 3, 0.3, rand.New(rand.NewPCG(1, 1)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	net, err := model.New(train, twoBranches{}, rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}
	spec := regularize.Spec{Method: "prox-adam", Lambda: 0.1}
	cfg, err := spec.Configure(net, model.Config{LearnRate: 0.01, Epochs: 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := model.Train(context.Background(), net, train, val, cfg); err != nil {
		fmt.Println(err)
		return
	}
	var selected []string
	zeros := 0
	for j, w := range spec.Weights(net) {
		if math.Abs(w) > spec.SelectionTolerance(cfg.LearnRate) {
			selected = append(selected, ds.Features[j])
		} else if w == 0 {
			zeros++
		}
	}
	fmt.Println("selected:", selected)
	fmt.Println("exactly zero:", zeros)
	// Output:
	// selected: [x0 x1 x2]
	// exactly zero: 5
}

// elasticNet is a user-defined regulariser, the elastic net
// L1·‖u‖₁ + (L2/2)·‖u‖², in Adam's geometry: with t_j the step Adam took
// on coordinate j, its proximal operator is the soft threshold followed
// by a shrinkage, u_j = S_{t_j·L1}(w_j)/(1 + t_j·L2).
type elasticNet struct{ L1, L2 float64 }

func (e elasticNet) Prox(w []float64, s model.Scaling[float64]) {
	regularize.ScaledL1{Lambda: e.L1}.Prox(w, s)
	for j := range w {
		w[j] /= 1 + s.At(j)*e.L2
	}
}

// A regulariser of one's own is one method; OnTheta applies it to the
// selection layer after every Adam step, in the geometry of the step.
func Example_customRegularizer() {
	ds, _ := data.SparseLinear(500, 8, 3, 0.3, rand.New(rand.NewPCG(1, 1)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	net, err := model.New(train, model.MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := model.Config{LearnRate: 0.01, Epochs: 40, Hooks: []model.Hook{regularize.OnTheta(elasticNet{L1: 0.2, L2: 0.1})}}
	if _, err := model.Train(context.Background(), net, train, val, cfg); err != nil {
		fmt.Println(err)
		return
	}
	for j, w := range net.Theta() {
		if w != 0 {
			fmt.Println("kept", ds.Features[j])
		}
	}
	// Output:
	// kept x0
	// kept x1
	// kept x2
}

// Run the whole selection workflow of featsel path from Go: the path of
// prox-adam with 3-fold cross-validation beside it, λ chosen on the
// cross-validated curve, the chosen features refitted without the penalty,
// and stability selection over 6 random halves.
func ExampleSelect() {
	ds, _ := data.SparseLinear(400, 8, 3, 0.3, rand.New(rand.NewPCG(1, 1)))
	sel, err := regularize.Select(context.Background(), ds, regularize.SelectConfig{
		Path: regularize.PathConfig{
			Spec:       regularize.Spec{Method: regularize.DefaultMethod},
			Hidden:     []int{8},
			Multiplier: 1.3,
			Base:       model.Config{LearnRate: 0.002},
		},
		Seed:      1,
		Folds:     3,
		Refit:     true,
		Stability: &regularize.StabilityConfig{Subsamples: 6, Threshold: 0.9, EV: 2},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	names := func(mask []bool) (out []string) {
		for j, m := range mask {
			if m {
				out = append(out, ds.Features[j])
			}
		}
		return out
	}
	chosen := names(sel.Mask)
	fmt.Println("the chosen λ keeps x0, x1 and x2:", len(chosen) >= 3 && slices.Equal(chosen[:3], []string{"x0", "x1", "x2"}))
	fmt.Println("refit R² above 0.9:", sel.Refit.Result.ValMetric > 0.9)
	var stable []string
	for _, j := range sel.Stability.Stable {
		stable = append(stable, ds.Features[j])
	}
	fmt.Println("stable:", stable)
	// Output:
	// the chosen λ keeps x0, x1 and x2: true
	// refit R² above 0.9: true
	// stable: [x0 x1 x2]
}

// A method of one's own is one value: here the elastic net above in Adam's
// geometry, registered under a name, after which it is a method like the
// built-in ones (featsel's comparison and path can run it by name).
func ExampleRegister() {
	err := regularize.Register(regularize.Method{
		Name:             "elastic-net",
		Help:             "Adam step, then the elastic net's prox in Adam's geometry",
		DefaultLearnRate: model.DefaultLearnRate,
		DefaultLambda:    func(int, regularize.Spec) float64 { return 0.05 },
		Theta:            true,
		WeightMeaning:    "theta, the selection-layer weight",
		Configure: func(s regularize.Spec, _ *model.Net, cfg *model.Config) error {
			cfg.Hooks = append(cfg.Hooks, regularize.OnTheta(elasticNet{L1: s.Lambda, L2: s.Lambda}))
			return nil
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ds, _ := data.SparseLinear(500, 8, 3, 0.3, rand.New(rand.NewPCG(1, 1)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	out := regularize.Fit(context.Background(), train, val,
		regularize.Trial{Spec: regularize.Spec{Method: "elastic-net", Lambda: 0.2}, LearnRate: 0.01},
		regularize.FitConfig{Hidden: []int{16}, Base: model.Config{Epochs: 40}, InitSeed: 3})
	if out.Err != nil {
		fmt.Println(out.Err)
		return
	}
	sum := out.Spec.Summarize(out.Weights, out.LearnRate)
	fmt.Println("methods:", regularize.Methods())
	fmt.Println("selected", sum.Selected, "exact zeros", sum.ExactZeros, "rule:", sum.Rule())
	// Output:
	// methods: [graph prox-adam decoupled ista group hier elastic-net]
	// selected 3 exact zeros 5 rule: weight != 0
}
