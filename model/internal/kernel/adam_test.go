package kernel

import (
	"math"
	"slices"
	"testing"
)

// TestAdamPrefix: the vector Adam steps the coordinates it covers (a
// multiple of 4, where the kernel runs) exactly as the scalar loop does,
// operation for operation, and zeroes their gradient; also when a long
// vector is shared with an idle core (see Rows).
func TestAdamPrefix(t *testing.T) {
	rng := seededRand(9)
	c := AdamConstants{B1: 0.9, B2: 0.999, C1: 1 / (1 - math.Pow(0.9, 7)), C2: 1 / (1 - math.Pow(0.999, 7)), Eps: 1e-8, LearnRate: 1e-3}
	for _, n := range []int{0, 3, 4, 9, 100, minPass/4 + 9} {
		w, g, m, v := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for j := range n {
			w[j], g[j], m[j], v[j] = rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()/10, rng.Float64()/100
		}
		ww, wg, wm, wv := slices.Clone(w), slices.Clone(g), slices.Clone(m), slices.Clone(v)
		covered := AdamPrefix(w, g, m, v, c)
		if want := n &^ 3; Best() == AVX2 && covered != want || covered%4 != 0 || covered > n {
			t.Fatalf("n=%d: %d coordinates covered", n, covered)
		}
		for j := range covered { // the scalar loop of model.Adam
			wm[j] = wm[j]*c.B1 + wg[j]*(1-c.B1)
			wv[j] = wv[j]*c.B2 + wg[j]*wg[j]*(1-c.B2)
			ww[j] += wm[j] * c.C1 * -c.LearnRate / (math.Sqrt(wv[j]*c.C2) + c.Eps)
			wg[j] = 0
		}
		if !slices.Equal(w, ww) || !slices.Equal(g, wg) || !slices.Equal(m, wm) || !slices.Equal(v, wv) {
			t.Errorf("n=%d: the vector step differs from the scalar loop", n)
		}
	}
}
