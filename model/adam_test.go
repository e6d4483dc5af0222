package model

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/data"
)

// TestAdamMatchesGorgonia: over 300 steps of a real network, Adam agrees
// with gorgonia's AdamSolver bit for bit (the issue asks for 1e-12).
func TestAdamMatchesGorgonia(t *testing.T) {
	ds, _ := data.Friedman1(400, 8, 1, rand.New(rand.NewPCG(1, 0)))
	ts := data.FitTargetScaler(ds, 0)
	ts.Apply(ds, 0)
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
	s := &Adam{LearnRate: 1e-3}
	vg := []G.ValueGrad{w}
	s.Step(vg) // warm: allocates the moments
	scale := s.Scale(0, nil)
	if n := testing.AllocsPerRun(100, func() { s.Step(vg); scale = s.Scale(0, scale) }); n != 0 {
		t.Errorf("Adam.Step and Scale allocate %v times per step once warm", n)
	}
}

// valueGrad is a parameter with a given gradient, for driving a solver
// by hand.
type valueGrad struct{ w, g *tensor.Dense }

func (p valueGrad) Value() G.Value         { return p.w }
func (p valueGrad) Grad() (G.Value, error) { return p.g, nil }

// TestAdamFirstStep: after Adam's first step the bias-corrected moments
// are m̂ = g and v̂ = g², so (Kingma and Ba 2015, Algorithm 1) the step on
// coordinate j is lr·g_j/(|g_j|+ε) and Scale reports lr/(|g_j|+ε), in
// float64 and in float32 parameters alike.
func TestAdamFirstStep(t *testing.T) {
	grads := []float64{0.5, -2, 1e-3}
	const lr = 0.1
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		t.Run(dt.String(), func(t *testing.T) {
			w := tensor.New(tensor.WithShape(3), tensor.Of(dt))
			g := tensor.New(tensor.WithShape(3), tensor.Of(dt))
			for j, v := range grads {
				g.SetAt(convert(v, dt), j)
			}
			s := &Adam{LearnRate: lr}
			if err := s.Step([]G.ValueGrad{valueGrad{w, g}}); err != nil {
				t.Fatal(err)
			}
			scale := s.Scale(0, nil)
			tol := 1e-15
			if dt == tensor.Float32 {
				// 1 − β₂ = 1 − 0.999 loses three of float32's seven
				// digits (its ε is 6e-8), and v̂ divides by it.
				tol = 1e-4
			}
			for j, gj := range grads {
				wantScale := lr / (math.Abs(gj) + 1e-8)
				got, _ := w.At(j)
				if d := math.Abs(toFloat(got) - -wantScale*gj); d > tol {
					t.Errorf("w[%d] = %v, want %v", j, got, -wantScale*gj)
				}
				if d := math.Abs(scale[j]-wantScale) / wantScale; d > tol {
					t.Errorf("Scale[%d] = %v, want %v", j, scale[j], wantScale)
				}
				if gz, _ := g.At(j); toFloat(gz) != 0 {
					t.Errorf("gradient %d not zeroed: %v", j, gz)
				}
			}
		})
	}
}

func convert(v float64, dt tensor.Dtype) any {
	if dt == tensor.Float32 {
		return float32(v)
	}
	return v
}

func toFloat(v any) float64 {
	if f, ok := v.(float32); ok {
		return float64(f)
	}
	return v.(float64)
}

// TestAdamRefusesScalars: a parameter that is not a tensor is an error,
// not a panic.
func TestAdamRefusesScalars(t *testing.T) {
	s := &Adam{LearnRate: 0.1}
	err := s.Step([]G.ValueGrad{scalarVG{}})
	if err == nil {
		t.Error("Adam accepted a scalar parameter")
	}
	if s.Scale(3, nil) != nil {
		t.Error("Scale of a parameter Adam never updated is not nil")
	}
}

// scalarVG is a parameter whose value is a gorgonia scalar.
type scalarVG struct{}

func (scalarVG) Value() G.Value         { return G.NewF64(1) }
func (scalarVG) Grad() (G.Value, error) { return G.NewF64(1), nil }

// TestStepScalingFrozenTheta: with θ frozen the solver receives the
// parameters without it, and Step.Scaling still gives each parameter its
// own scale: w1's is what Adam reports for the first parameter it
// received, and θ, which it did not update, has none.
func TestStepScalingFrozenTheta(t *testing.T) {
	ds, _ := data.Friedman1(100, 6, 0.5, rand.New(rand.NewPCG(1, 0)))
	data.Standardize(ds)
	net, err := New(ds, MLP{Hidden: []int{4}}, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	adam := &Adam{LearnRate: 1e-3}
	checked := false
	hook := HookFunc(func(s *Step) error {
		if s.Scaling(net.ThetaParam()).Scale != nil {
			t.Error("θ is frozen, yet it has a scale")
		}
		got := s.Scaling(net.Param("w1")).Scale
		want := adam.Scale(0, nil)
		if len(got) != len(net.Param("w1").Data()) || !slices.Equal(got, want) {
			t.Errorf("w1's scale %v, want Adam's first parameter's %v", got, want)
		}
		checked = true
		return nil
	})
	cfg := Config{Epochs: 1, FreezeTheta: true, Hooks: []Hook{hook}, Solver: func(float64) G.Solver { return adam }}
	if _, err := Train(context.Background(), net, ds, ds, cfg); err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Error("the hook never ran")
	}
}
