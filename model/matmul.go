package model

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The matrix products of the fused layers, arranged for gonum's pure-Go
// kernels. Those loop over one dimension and run a vector axpy or dot
// along another, which one depending on the transposition flags; a layer
// with two outputs multiplied the obvious way runs tens of thousands of
// vector operations of length 2. Each product below picks the
// arrangement whose vectors run along the longer dimension, transposing
// the small weight matrix (or result) into scratch when that is what it
// takes. With OpenBLAS (build tag openblas) the choice costs nothing.
//
// Matrices are row-major; x and g have n rows, w is k×m.

// mul sets c [n×m] to x [n×k] · w [k×m], plus c when add is set.
func mul(c, x, w []float64, n, k, m int, add bool, scratch *[]float64) {
	beta := 0.0
	if add {
		beta = 1
	}
	if m >= k {
		// Axpys of length m along the rows of w.
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, general(n, k, x), general(k, m, w), beta, general(n, m, c))
		return
	}
	// Dots of length k between the rows of x and of wᵀ.
	wt := transpose(grow(scratch, k*m), w, k, m)
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, general(n, k, x), general(m, k, wt), beta, general(n, m, c))
}

// mulT sets c [n×k] to g [n×m] · wᵀ.
func mulT(c, g, w []float64, n, k, m int, scratch *[]float64) {
	if m >= k {
		// Dots of length m between the rows of g and of w.
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, general(n, m, g), general(k, m, w), 0, general(n, k, c))
		return
	}
	// Axpys of length k along the rows of wᵀ.
	wt := transpose(grow(scratch, k*m), w, k, m)
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, general(n, m, g), general(m, k, wt), 0, general(n, k, c))
}

// tMul sets c [k×m] to xᵀ · g, for x [n×k] and g [n×m].
func tMul(c, x, g []float64, n, k, m int, scratch *[]float64) {
	if m >= k {
		// Axpys of length m along the rows of g.
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, general(n, k, x), general(n, m, g), 0, general(k, m, c))
		return
	}
	// cᵀ = gᵀ·x: axpys of length k along the rows of x.
	ct := grow(scratch, k*m)
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, general(n, m, g), general(n, k, x), 0, general(m, k, ct))
	transpose(c, ct, m, k)
}

// transpose writes the transpose of a [r×c] into t and returns t.
func transpose(t, a []float64, r, c int) []float64 {
	for i := range r {
		for j, v := range a[i*c : (i+1)*c] {
			t[j*r+i] = v
		}
	}
	return t
}

// grow returns a slice of n values, reusing *buf when it is large enough.
func grow(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	return (*buf)[:n]
}

func general(r, c int, d []float64) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: d}
}
