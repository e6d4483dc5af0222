package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestCompareGrid: each cell trains every trial with its learning rate
// and its λ (a method's own values where given), as Fit with those
// settings does; λ lists of other lengths are refused.
func TestCompareGrid(t *testing.T) {
	ds, _ := data.SparseLinear(150, 5, 2, 0.5, rand.New(rand.NewPCG(3, 3)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	trials := []Trial{{Spec: Spec{Method: "graph", Lambda: 0.5}}, {Spec: Spec{Method: "hier", Lambda: 0.5}}}
	cfg := FitConfig{Hidden: []int{4}, Base: model.Config{Epochs: 2, BatchSize: 16, Seed: 2}, InitSeed: 2}
	g := GridConfig{LearnRates: []float64{0.01, 0.1}, Lambdas: []float64{0.001, 0.01, 0.1}, MethodLambdas: map[string][]float64{"hier": {1, 10, 100}}}
	cells, err := CompareGrid(context.Background(), train, val, trials, cfg, g)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 6 {
		t.Fatalf("%d cells, want 2 × 3", len(cells))
	}
	for _, c := range cells {
		for i, o := range c.Outcomes {
			lambda := g.Lambdas[c.Step]
			if i == 1 {
				lambda = g.MethodLambdas["hier"][c.Step]
			}
			if o.Err != nil || o.LearnRate != c.LearnRate || o.Spec.Lambda != lambda {
				t.Errorf("cell lr %g place %d, %s: lr %g, λ %g, %v", c.LearnRate, c.Step, o.Spec.Method, o.LearnRate, o.Spec.Lambda, o.Err)
			}
		}
	}
	last := cells[5].Outcomes[0]
	alone := Fit(context.Background(), train, val, Trial{Spec: Spec{Method: "graph", Lambda: 0.1}, LearnRate: 0.1}, cfg)
	if !slices.Equal(alone.Weights, last.Weights) {
		t.Error("the cell lr 0.1, λ 0.1 differs from graph fitted alone with them")
	}
	g.MethodLambdas["hier"] = []float64{1, 10}
	if _, err := CompareGrid(context.Background(), train, val, trials, cfg, g); err == nil {
		t.Error("2 λ for hier and 3 for the grid: no error")
	}
}
