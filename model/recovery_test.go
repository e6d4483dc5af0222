package model

import (
	"cmp"
	"context"
	"math"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
)

// ranking returns the feature indices ordered by decreasing |θ|.
func ranking(theta []float64) []int {
	idx := make([]int, len(theta))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(math.Abs(theta[b]), math.Abs(theta[a])) })
	return idx
}

// TestRecovery trains on data whose informative features are known and
// checks that they are the top |θ|.
func TestRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 2 000 rows")
	}
	friedman, fInf := data.Friedman1(2000, 50, 1, seededRand(11))
	xor, xInf := data.XOR(2000, 10, seededRand(12))
	tests := []struct {
		name        string
		ds          *data.Dataset
		informative []int
		cfg         Config
		minMetric   float64
	}{
		// Friedman #1, noise σ=1: the noise-free signal explains ~96 % of
		// the variance, so R² ≈ 0.9 is a good fit.
		{"friedman1 n=2000 d=50", friedman, fInf, Config{Lambda: 0.02, Epochs: 100}, 0.85},
		// XOR: no linear model beats chance (accuracy 0.5).
		{"xor d=10", xor, xInf, Config{Lambda: 0.02, Epochs: 100}, 0.9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			train, val := prepared(t, tc.ds)
			net := newTestNet(t, tc.ds, MLP{Hidden: []int{64}})
			res, err := Train(context.Background(), net, train, val, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			top := ranking(net.Theta())[:len(tc.informative)]
			slices.Sort(top)
			if !slices.Equal(top, tc.informative) {
				t.Errorf("top features by |θ| = %v, want %v (θ = %.3g)", top, tc.informative, net.Theta())
			}
			if res.ValMetric < tc.minMetric {
				t.Errorf("validation metric = %.3f, want >= %v", res.ValMetric, tc.minMetric)
			}
			t.Logf("metric %.3f, θ[informative] = %.3g, largest other |θ| = %.3g", res.ValMetric,
				pick(net.Theta(), tc.informative), math.Abs(net.Theta()[ranking(net.Theta())[len(tc.informative)]]))
		})
	}
}

func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}
