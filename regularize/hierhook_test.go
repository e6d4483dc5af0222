package regularize

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestHierTraining: after training with hier, every feature satisfies
// LassoNet's hierarchy ‖W₁_j‖∞ ≤ M·‖β_j‖, features with zero skip weights
// have no first-layer weights, and on a sparse linear problem the
// informative features are the ones kept.
func TestHierTraining(t *testing.T) {
	ds, _ := data.SparseLinear(600, 12, 3, 0.5, rand.New(rand.NewPCG(3, 3)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Method: "hier", Lambda: 50, HierM: 5}
	net, err := model.New(ds, spec.Architecture([]int{16}), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := spec.Configure(net, model.Config{Epochs: 100})
	if err != nil {
		t.Fatal(err)
	}
	res, err := model.Train(context.Background(), net, train, val, cfg)
	if err != nil {
		t.Fatal(err)
	}
	mlp := spec.Architecture([]int{16}).(model.MLP)
	skip, w1 := mlp.SkipLayer(net).Data(), mlp.FirstLayer(net).Data()
	const width = 16
	for j := range 12 {
		b := math.Abs(skip[j])
		inf := maxAbs(w1[j*width : (j+1)*width])
		if inf > 5*b*(1+1e-12) {
			t.Errorf("feature %d: ‖W₁_j‖∞ = %v > M·|β_j| = %v", j, inf, 5*b)
		}
		if informative := j < 3; informative != (b != 0) {
			t.Errorf("feature %d: β = %v (informative: %v)", j, skip[j], informative)
		}
	}
	if res.ValMetric < 0.85 { // measured 0.892: the penalty shrinks the fit
		t.Errorf("validation R² = %v, want >= 0.85", res.ValMetric)
	}
}
