package model

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
)

// TestAdamMatchesGorgonia: over 300 steps of a real network, Adam agrees
// with gorgonia's AdamSolver bit for bit (the issue asks for 1e-12).
func TestAdamMatchesGorgonia(t *testing.T) {
	ds, _ := data.Friedman1(400, 8, 1, rand.New(rand.NewPCG(1, 0)))
	ts := data.FitTargetScaler(ds)
	ts.Apply(ds)
	train := func(solver func(float64) G.Solver) []float64 {
		net, err := New(ds, MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Train(context.Background(), net, ds, ds, Config{Epochs: 25, BatchSize: 32, Solver: solver})
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
	want := train(func(lr float64) G.Solver { return G.NewAdamSolver(G.WithLearnRate(lr)) })
	got := train(nil)
	worst := 0.0
	for i := range want {
		worst = math.Max(worst, math.Abs(got[i]-want[i]))
	}
	if worst != 0 {
		t.Errorf("Adam and gorgonia's AdamSolver differ by %v after 300 steps", worst)
	}
	t.Logf("largest difference %.3g", worst)
}

func TestAdamNoAllocations(t *testing.T) {
	g := G.NewGraph()
	w := G.NewVector(g, G.Float64, G.WithShape(50), G.WithName(ThetaName), G.WithInit(G.Zeroes()))
	loss := G.Must(G.Sum(G.Must(G.Square(w))))
	if _, err := G.Grad(loss, w); err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g, G.BindDualValues(w))
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	s := &Adam{LearnRate: 1e-3, Theta: func(w, scale float64) float64 { return w - scale }}
	vg := []G.ValueGrad{w}
	s.Step(vg) // warm: allocates the moments
	if n := testing.AllocsPerRun(100, func() { s.Step(vg) }); n != 0 {
		t.Errorf("Adam.Step allocates %v times per step once warm", n)
	}
}
