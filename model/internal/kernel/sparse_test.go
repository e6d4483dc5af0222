package kernel

import (
	"fmt"
	"slices"
	"testing"
)

// oneHot returns x [n×k]: two dense columns, then one-hot blocks of the
// given sizes (one 1 per row and block, at a random level).
func oneHot(n int, blocks []int, seed uint64) (x []float64, k int) {
	rng := seededRand(seed)
	k = 2
	for _, b := range blocks {
		k += b
	}
	x = make([]float64, n*k)
	for i := range n {
		row := x[i*k : (i+1)*k]
		row[0], row[1] = rng.NormFloat64(), rng.NormFloat64()
		at := 2
		for _, b := range blocks {
			row[at+rng.IntN(b)] = 1
			at += b
		}
	}
	return x, k
}

// TestSparseProducts: on an input of one-hot blocks the products take the
// sparse path and give the dense products' values bit for bit (the same
// terms in the same order, zeros left out); on a dense input they do not
// take it.
func TestSparseProducts(t *testing.T) {
	if !AVX2.Runs() {
		t.Skip("no AVX2 and FMA on this machine")
	}
	rng := seededRand(7)
	random := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = 2*rng.Float64() - 1
		}
		return v
	}
	for _, s := range []struct {
		n, m   int
		blocks []int
	}{{64, 64, []int{30, 5}}, {33, 37, []int{100}}, {5, 8, []int{12, 12, 12}}} {
		t.Run(fmt.Sprintf("n=%d,m=%d,blocks=%v", s.n, s.m, s.blocks), func(t *testing.T) {
			n, m := s.n, s.m
			x, k := oneHot(n, s.blocks, 3)
			w, g, c0 := random(k*m), random(n*m), random(n*m)
			sparse, dense := Products{Backend: AVX2, Sparse: true}, Products{Backend: AVX2}
			if !sparse.sparse(x, n, k) {
				t.Fatal("a one-hot input does not take the sparse path")
			}
			for _, add := range []bool{false, true} {
				got, want := slices.Clone(c0), slices.Clone(c0)
				sparse.Mul(got, x, w, n, k, m, add)
				dense.Mul(want, x, w, n, k, m, add)
				if !slices.Equal(got, want) {
					t.Errorf("Mul(add=%v): the sparse path's values differ from the dense product's", add)
				}
			}
			got, want := random(k*m), random(k*m)
			sparse.TMul(got, x, g, n, k, m)
			dense.TMul(want, x, g, n, k, m)
			if !slices.Equal(got, want) {
				t.Error("TMul: the sparse path's values differ from the dense product's")
			}
		})
	}
	x := random(64 * 40)
	if p := (Products{Backend: AVX2, Sparse: true}); p.sparse(x, 64, 40) {
		t.Error("a dense input takes the sparse path")
	}
}
