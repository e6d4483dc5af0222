package regularize

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestProxAdamMatchesAdam: with λ = 0, ProxAdam is Adam; over 300 steps of
// a real network it must agree with gorgonia's AdamSolver to 1e-12.
func TestProxAdamMatchesAdam(t *testing.T) {
	ds, _ := data.Friedman1(400, 8, 1, rand.New(rand.NewPCG(1, 0)))
	ts := data.FitTargetScaler(ds)
	ts.Apply(ds)
	train := func(solver func(float64) G.Solver) []float64 {
		net, err := model.New(ds, model.MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := model.Train(context.Background(), net, ds, ds, model.Config{Epochs: 25, BatchSize: 32, Solver: solver})
		if err != nil {
			t.Fatal(err)
		}
		if res.Steps != 300 {
			t.Fatalf("%d steps, want 300", res.Steps)
		}
		var all []float64
		for _, p := range net.Params() {
			all = append(all, p.Data()...)
		}
		return all
	}
	want := train(nil)
	got := train(func(lr float64) G.Solver { return &ProxAdam{LearnRate: lr} })
	worst := 0.0
	for i := range want {
		worst = math.Max(worst, math.Abs(got[i]-want[i]))
	}
	if worst > 1e-12 {
		t.Errorf("ProxAdam(λ=0) and AdamSolver differ by %v after 300 steps", worst)
	}
	t.Logf("largest difference %.3g", worst)
}

func TestProxAdamNoAllocations(t *testing.T) {
	g := G.NewGraph()
	w := G.NewVector(g, G.Float64, G.WithShape(50), G.WithName("w"), G.WithInit(G.Zeroes()))
	loss := G.Must(G.Sum(G.Must(G.Square(w))))
	if _, err := G.Grad(loss, w); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(w))
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	s := &ProxAdam{LearnRate: 1e-3, Lambda: 0.1}
	vg := []G.ValueGrad{w}
	s.Step(vg) // warm: allocates the moments
	if n := testing.AllocsPerRun(100, func() { s.Step(vg) }); n != 0 {
		t.Errorf("ProxAdam.Step allocates %v times per step once warm", n)
	}
}
