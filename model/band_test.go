package model

import (
	"context"
	"math"
	"testing"

	"github.com/featsel/featsel/data"
)

// TestGraphL1Band demonstrates the problem featsel's proximal methods exist
// for: with graph-level L1 and Adam, the selection weights of irrelevant
// features end up in a band about one learning rate wide around zero,
// never at zero, and a 100× larger λ does not narrow the band (Adam divides
// the subgradient λ·sign(θ) by √v̂ ≈ λ).
func TestGraphL1Band(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two networks for 2 400 steps each")
	}
	const lr, informative = 1e-3, 4
	band := make(map[float64]float64)
	for _, lambda := range []float64{0.05, 5} {
		ds, _ := data.SparseLinear(1000, 20, informative, 0.5, seededRand(5))
		train, val := prepared(t, ds)
		net := newTestNet(t, ds, MLP{Hidden: []int{16}})
		widest := 0.0
		hook := HookFunc(func(s *Step) error {
			if s.Iter > 2000 { // after the transient: 1 000 steps bring θ from 1 to 0
				for _, w := range s.Net.Theta()[informative:] {
					widest = math.Max(widest, math.Abs(w))
				}
			}
			return nil
		})
		res, err := Train(context.Background(), net, train, val, Config{Lambda: lambda, LearnRate: lr, Epochs: 200, Hooks: []Hook{hook}})
		if err != nil {
			t.Fatal(err)
		}
		for j, w := range net.Theta()[informative:] {
			if w == 0 {
				t.Errorf("λ=%v: θ of irrelevant feature %d is exactly 0", lambda, informative+j)
			}
		}
		if widest > 2*lr {
			t.Errorf("λ=%v: irrelevant |θ| reached %v after step 2000, want <= 2·lr", lambda, widest)
		}
		band[lambda] = widest
		if lambda == 0.05 {
			// The small penalty leaves the informative features in use.
			for j, w := range net.Theta()[:informative] {
				if math.Abs(w) < 10*lr {
					t.Errorf("λ=%v: informative θ[%d] = %v", lambda, j, w)
				}
			}
			if res.ValMetric < 0.9 {
				t.Errorf("λ=%v: validation R² = %v, want >= 0.9", lambda, res.ValMetric)
			}
		}
	}
	// Measured: 7.1e-4 at λ=0.05 and 5.3e-4 at λ=5.
	if band[5] < band[0.05]/2 {
		t.Errorf("band at λ=5 is %v, at λ=0.05 %v: the larger penalty shrank it", band[5], band[0.05])
	}
}
