package model

import (
	"context"
	"math"
	"testing"

	"github.com/featsel/featsel/data"
)

// Adam's defaults in gorgonia v0.9.18 (solvers.go): β₁=0.9, β₂=0.999, ε=1e-8.
const adamEps = 1e-8

// trajectory trains a linear selection model on data whose feature 0 is
// all zeros, so θ₀ receives no data gradient, only the L1 subgradient
// λ·sign(θ₀); it returns θ₀ after each step.
func trajectory(t *testing.T, lambda float64, steps int) []float64 {
	t.Helper()
	ds, _ := data.SparseLinear(64, 3, 2, 0.1, seededRand(9))
	for i := range ds.Rows() {
		ds.Row(i)[0] = 0
	}
	net := newTestNet(t, ds, MLP{})
	var theta0 []float64
	record := HookFunc(func(s *Step) error {
		theta0 = append(theta0, s.Net.Theta()[0])
		return nil
	})
	cfg := Config{Lambda: lambda, Epochs: steps, BatchSize: 64, Hooks: []Hook{record}}
	if _, err := Train(context.Background(), net, ds, ds, cfg); err != nil {
		t.Fatal(err)
	}
	return theta0
}

// TestGraphL1PureCoordinate checks graph-level L1 under Adam against its
// closed form. With a constant gradient g = λ (θ > 0), Adam's bias-corrected
// moments are m̂ = λ and v̂ = λ², so every step is lr·λ/(λ+ε) and
// θ_t = θ₀ − t·lr·λ/(λ+ε) until θ first crosses zero. Afterwards the sign
// flips every step or two and θ hovers around zero: after the transient,
// within one learning rate (the first overshoot, while v̂ still remembers
// the transient, is a few lr), and it never lands on exactly zero.
func TestGraphL1PureCoordinate(t *testing.T) {
	const lr, steps = 1e-3, 1500
	for _, lambda := range []float64{1e-2, 1, 100} {
		theta := trajectory(t, lambda, steps)
		crossed := 0
		for i, th := range theta {
			if th <= 0 {
				crossed = i + 1
				break
			}
			want := 1 - float64(i+1)*lr*lambda/(lambda+adamEps)
			if math.Abs(th-want) > 1e-12 {
				t.Fatalf("λ=%v: θ after step %d = %.15g, closed form %.15g", lambda, i+1, th, want)
			}
		}
		if crossed == 0 {
			t.Fatalf("λ=%v: θ never crossed zero in %d steps", lambda, steps)
		}
		for i, th := range theta[crossed-1:] {
			if th == 0 {
				t.Errorf("λ=%v: θ is exactly 0 after step %d", lambda, crossed+i)
			}
			if math.Abs(th) > 4*lr {
				t.Errorf("λ=%v: |θ| = %v after step %d, beyond the first overshoot (≈3.4·lr)", lambda, math.Abs(th), crossed+i)
			}
		}
		for i, th := range theta[crossed+200:] {
			if math.Abs(th) > lr {
				t.Errorf("λ=%v: |θ| = %v > lr at step %d, 200 steps after the crossing", lambda, math.Abs(th), crossed+200+i+1)
				break
			}
		}
	}
}

// TestGraphL1SameForAnyLambda: for λ ≫ ε, Adam normalises the subgradient
// away: the step lr·λ/(λ+ε) differs from lr by lr·ε/λ, so the
// trajectories for λ = 1e-2, 1 and 100 agree to within about steps·lr·ε/λ
// of each other: a larger penalty does not pull the weight closer to zero.
func TestGraphL1SameForAnyLambda(t *testing.T) {
	base := trajectory(t, 1, 1500)
	for _, lambda := range []float64{1e-2, 100} {
		other := trajectory(t, lambda, 1500)
		for i := range base {
			if d := math.Abs(base[i] - other[i]); d > 1e-6 {
				t.Fatalf("step %d: θ(λ=1) = %v, θ(λ=%v) = %v, differ by %v", i+1, base[i], lambda, other[i], d)
			}
		}
	}
}
