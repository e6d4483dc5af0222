package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestProxAdamZeroLambda: with λ = 0, prox-adam is Adam; over 300 steps it
// agrees with gorgonia's AdamSolver bit for bit (the issue asks 1e-12).
func TestProxAdamZeroLambda(t *testing.T) {
	ds, _ := data.Friedman1(400, 8, 1, rand.New(rand.NewPCG(1, 0)))
	data.Standardize(ds)
	train := func(solver func(float64) G.Solver) []float64 {
		net, err := model.New(ds, model.MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			t.Fatal(err)
		}
		cfg := model.Config{Epochs: 25, BatchSize: 32, Solver: solver}
		if solver == nil {
			if cfg, err = (Spec{Method: "prox-adam"}).Configure(net, cfg); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := model.Train(context.Background(), net, ds, ds, cfg); err != nil {
			t.Fatal(err)
		}
		var all []float64
		for _, p := range net.Params() {
			all = append(all, p.Data()...)
		}
		return all
	}
	want := train(func(lr float64) G.Solver { return G.NewAdamSolver(G.WithLearnRate(lr)) })
	got := train(nil)
	if !slices.Equal(got, want) {
		t.Error("prox-adam with λ=0 and gorgonia's AdamSolver differ after 300 steps")
	}
}
