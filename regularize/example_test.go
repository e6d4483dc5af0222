package regularize_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

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
