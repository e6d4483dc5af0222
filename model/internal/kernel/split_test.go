package kernel

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"
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

// TestSparseSplitSame: the products of a sparse input (an image's dark
// pixels, 60 % of them zero, in runs) are the same split over two cores
// as whole, and as the dense product's, bit for bit.
func TestSparseSplitSame(t *testing.T) {
	if cap(idle) == 0 {
		t.Skip("one core: products are never split")
	}
	if !AVX2.Runs() {
		t.Skip("no AVX2 and FMA on this machine")
	}
	const n, k, m = 64, 784, 256 // above minSplit in non-zero terms
	rng := seededRand(12)
	x, w, g := make([]float64, n*k), make([]float64, k*m), make([]float64, n*m)
	for i := range x {
		if (i/7)%5 >= 3 { // runs of 7 values, two runs in five non-zero
			x[i] = rng.NormFloat64()
		}
	}
	for i := range w {
		w[i] = rng.NormFloat64()
	}
	for i := range g {
		g[i] = rng.NormFloat64()
	}
	whole := func(f func()) {
		var held []struct{}
		for len(idle) > 0 {
			held = append(held, <-idle)
		}
		f()
		for range held {
			idle <- struct{}{}
		}
	}
	sparse, dense := Products{Backend: AVX2, Sparse: true}, Products{Backend: AVX2}
	if !sparse.sparse(x, n, k) {
		t.Fatal("the input is not taken as sparse")
	}
	nonzero := 0
	for _, v := range x {
		if v != 0 {
			nonzero++
		}
	}
	if nonzero*m < minSplit {
		t.Fatalf("%d multiply-adds: below minSplit, the products would not split", nonzero*m)
	}
	idleBefore := func() {
		if len(idle) != cap(idle) {
			t.Fatal("a core is taken before the product: it would not split")
		}
	}
	mulSplit, mulWhole, mulDense := make([]float64, n*m), make([]float64, n*m), make([]float64, n*m)
	idleBefore()
	sparse.Mul(mulSplit, x, w, n, k, m, false)
	whole(func() { sparse.Mul(mulWhole, x, w, n, k, m, false) })
	dense.Mul(mulDense, x, w, n, k, m, false)
	tSplit, tWhole, tDense := make([]float64, k*m), make([]float64, k*m), make([]float64, k*m)
	idleBefore()
	sparse.TMul(tSplit, x, g, n, k, m)
	whole(func() { sparse.TMul(tWhole, x, g, n, k, m) })
	dense.TMul(tDense, x, g, n, k, m)
	if !slices.Equal(mulSplit, mulWhole) || !slices.Equal(mulSplit, mulDense) {
		t.Error("x·w: the split sparse product differs from the whole one or the dense one")
	}
	if !slices.Equal(tSplit, tWhole) || !slices.Equal(tSplit, tDense) {
		t.Error("xᵀ·g: the split sparse product differs from the whole one or the dense one")
	}
}

// rowCount is a Pass that counts how often each row is computed.
type rowCount struct{ n []atomic.Int32 }

func (p rowCount) Rows(lo, hi int) {
	for i := lo; i < hi; i++ {
		p.n[i].Add(1)
	}
}

// TestRowsOnce: Rows computes every row exactly once, whether the pass
// runs at once (small, or no core idle) or in two halves, with the helper
// watching or parked (a pause longer than helperWatch between passes),
// and leaves the idle cores as it found them.
func TestRowsOnce(t *testing.T) {
	for _, n := range []int{1, 2, 7, minPass + 3} {
		for _, pause := range []time.Duration{0, 2 * helperWatch} {
			for range 5 {
				p := rowCount{make([]atomic.Int32, n)}
				Rows(n, n, p)
				for i := range p.n {
					if c := p.n[i].Load(); c != 1 {
						t.Fatalf("n=%d: row %d computed %d times", n, i, c)
					}
				}
				if len(idle) != cap(idle) {
					t.Fatalf("n=%d: %d of %d idle cores given back", n, len(idle), cap(idle))
				}
				time.Sleep(pause)
			}
		}
	}
}
