package kernel

import (
	"runtime"
	"slices"
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
		split, all := make([]float64, n*m), make([]float64, n*m)
		p.Mul(split, x, w, n, k, m, false)
		whole(func() { p.Mul(all, x, w, n, k, m, false) })
		if !slices.Equal(split, all) {
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

// rowCount is a Pass that counts how often each row is computed, in
// plain integers, so that the race detector checks the hand-over of the
// helper's rows to the caller.
type rowCount struct{ n []int32 }

func (p rowCount) Rows(lo, hi int) {
	for i := lo; i < hi; i++ {
		p.n[i]++
	}
}

// check fails t unless every row was computed once and the idle cores
// are all back.
func (p rowCount) check(t *testing.T, what string) {
	t.Helper()
	for i, c := range p.n {
		if c != 1 {
			t.Fatalf("%s: row %d of %d computed %d times", what, i, len(p.n), c)
		}
	}
	if len(idle) != cap(idle) {
		t.Fatalf("%s: %d of %d idle cores given back", what, len(idle), cap(idle))
	}
}

// TestRowsOnce: Rows computes every row exactly once, whether the pass
// runs at once (small, no core idle, or as many trainings as cores under
// way) or in two halves, with the helper watching or parked (a pause
// longer than helperWatch between passes), and gives the idle cores back.
func TestRowsOnce(t *testing.T) {
	if cap(idle) == 0 {
		t.Log("one core: every pass runs at once")
	}
	const large = minPass + 3
	for _, n := range []int{1, 2, 7, large} {
		for _, pause := range []time.Duration{0, 2 * helperWatch} {
			for range 5 {
				p := rowCount{make([]int32, n)}
				Rows(n, n, p)
				p.check(t, "idle")
				time.Sleep(pause)
			}
		}
	}
	p := rowCount{make([]int32, large)}
	whole(func() { Rows(large, large, p) })
	p.check(t, "no core idle")
	p = rowCount{make([]int32, large)}
	var done []func()
	for range runtime.GOMAXPROCS(0) {
		done = append(done, Busy())
	}
	Rows(large, large, p)
	for _, f := range done {
		f()
	}
	p.check(t, "cores busy")
}

// handoff is a pass whose lower half waits until the upper half has begun
// on the helper, and whose upper half writes its rows only after a pause:
// the caller must wait for the helper to finish.
type handoff struct {
	rowCount
	started chan struct{}
}

func (p handoff) Rows(lo, hi int) {
	if lo == 0 {
		select {
		case <-p.started:
		case <-time.After(time.Second): // the helper never came: the caller runs both
		}
	} else {
		close(p.started)
		time.Sleep(2 * time.Millisecond)
	}
	p.rowCount.Rows(lo, hi)
}

// TestRowsHandoff: when the helper runs the upper half, the caller waits
// for its rows.
func TestRowsHandoff(t *testing.T) {
	if cap(idle) == 0 {
		t.Skip("one core: passes are never split")
	}
	for range 3 {
		p := handoff{rowCount{make([]int32, minPass+3)}, make(chan struct{})}
		Rows(len(p.n), len(p.n), p)
		p.check(t, "handoff")
	}
}

// panicky panics in the rows from at on.
type panicky struct {
	rowCount
	at int
}

func (p panicky) Rows(lo, hi int) {
	if hi > p.at {
		panic("a bug in a pass")
	}
	p.rowCount.Rows(lo, hi)
}

// TestRowsPanic: a panic in either half, the helper's included, reaches
// the caller (the machine turns it into an error), and the idle cores
// are given back.
func TestRowsPanic(t *testing.T) {
	if cap(idle) == 0 {
		t.Skip("one core: passes are never split")
	}
	n := minPass + 3
	for _, at := range []int{0, n - 1} { // the lower half, the upper half
		for _, pause := range []time.Duration{0, 2 * helperWatch} {
			func() {
				defer func() {
					if r := recover(); r != "a bug in a pass" {
						t.Errorf("panic in the rows from %d: recovered %v", at, r)
					}
				}()
				Rows(n, n, panicky{rowCount{make([]int32, n)}, at})
			}()
			if len(idle) != cap(idle) {
				t.Fatalf("panic in the rows from %d: %d of %d idle cores given back", at, len(idle), cap(idle))
			}
			time.Sleep(pause)
		}
	}
}

// whole runs f with no core idle, so that nothing in it is split.
func whole(f func()) {
	var held []struct{}
	for len(idle) > 0 {
		held = append(held, <-idle)
	}
	defer func() {
		for range held {
			idle <- struct{}{}
		}
	}()
	f()
}
