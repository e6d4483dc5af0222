package kernel

import (
	"slices"
	"testing"
)

// TestSplitSame: a product large enough to be split between two cores
// gives the same values, bit for bit, as when no core is idle and it runs
// at once.
func TestSplitSame(t *testing.T) {
	if cap(idle) == 0 {
		t.Skip("one core: products are never split")
	}
	const n, k, m = 64, 784, 256 // above minSplit
	rng := seededRand(11)
	x, w := make([]float64, n*k), make([]float64, k*m)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	for _, backend := range []Backend{AVX2, AVX2F32} {
		if !backend.Runs() {
			continue
		}
		p := Products{Backend: backend}
		if len(idle) != cap(idle) {
			t.Fatal("a core is taken before the test: the first product would not split")
		}
		split, whole := make([]float64, n*m), make([]float64, n*m)
		p.Mul(split, x, w, n, k, m, false)
		var held []struct{}
		for len(idle) > 0 { // no core idle: the product runs whole
			held = append(held, <-idle)
		}
		p.Mul(whole, x, w, n, k, m, false)
		for range held {
			idle <- struct{}{}
		}
		if !slices.Equal(split, whole) {
			t.Errorf("%v: the split product differs from the whole one", backend)
		}
	}
}
