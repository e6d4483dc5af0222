// Package kernel computes the matrix products of featsel's fused layers:
// an AVX2/FMA assembly kernel with its Go reference, and gonum's BLAS (or
// OpenBLAS) where the kernel cannot run. It exists so that the layers ask
// for a product and a [Backend], and one place decides how the product
// runs, arranged for the narrow matrices of small networks.
package kernel

import (
	"gonum.org/v1/gonum/blas"
)

// Products computes the matrix products of a fused layer on its Backend.
// Matrices are row-major; x and g have n rows, w is k×m. A Products
// belongs to one op, which one goroutine runs; it reuses its scratch
// between runs.
//
// Every product is a sum of scaled rows, c_i += Σ_l a_l·b_l, and is
// arranged so that the rows run along its longer side. On the backend
// AVX2 the sums run in axpyRows, a kernel that keeps 32 values of c_i in
// registers while it walks l (faster than gonum's Dgemm, which calls one
// vector axpy per (i, l)), and six rows of c at a time in axpyBlock on
// their columns up to a multiple of 8, with the same sums; on BLAS, or
// with a side shorter than MinRow, in
// gonum's BLAS (OpenBLAS with the build tag openblas), arranged the same
// way (a layer with two outputs multiplied the obvious way runs tens of
// thousands of axpys of length 2).
type Products struct {
	Backend Backend
	// Sparse says that x may be mostly zeros (a selection layer's input,
	// see sparse): Mul and TMul then check, and skip its zeros.
	Sparse bool
	t      []float64
	runs   spans
	single singles // the operands in single precision (AVX2F32)
}

// MinRow is the shortest row worth the kernel: shorter rows would run its
// scalar tail, one dependent FMA after another. Mul and TMul give a
// product whose rows of c are shorter to gonum.
const MinRow = 8

// minSum32 is the fewest terms of each sum for which AVX2F32 converts a
// product to single precision: the conversions cost a pass over the
// operands and the result, repaid only by long enough sums; shorter ones
// stay in float64.
const minSum32 = 64

// chunkValues is how much of b the kernel walks before it moves on to the
// next row of c, when every row of c reads all of b: 4 096 values (32 KiB)
// stay in the level-1 cache while every row of c uses them, instead of
// being read again from further away for each row.
const chunkValues = 1 << 12

// Mul sets c [n×m] to x [n×k] · w [k×m], plus c when add is set.
func (p *Products) Mul(c, x, w []float64, n, k, m int, add bool) {
	switch {
	case p.Backend.kernel() && m >= MinRow:
		switch {
		case p.sparse(x, n, k):
			if !add {
				clear(c)
			}
			p.sparseMul(c, x, w, n, k, m)
		case p.Backend == AVX2F32 && k >= minSum32:
			if !add {
				clear(c)
			}
			p.single.mul(c, x, narrow(&p.single.w, w), n, k, m)
		default:
			sumRows(c, n, m, x, k, 1, w, k, !add)
		}
	case m >= k:
		// gonum: axpys of length m along the rows of w.
		gemm(blas.NoTrans, blas.NoTrans, n, k, x, k, m, w, add, c)
	default:
		// gonum: dots of length k between the rows of x and of wᵀ.
		wt := transpose(grow(&p.t, k*m), w, k, m)
		gemm(blas.NoTrans, blas.Trans, n, k, x, m, k, wt, add, c)
	}
}

// MulT sets c [n×k] to g [n×m] · wᵀ.
func (p *Products) MulT(c, g, w []float64, n, k, m int) {
	switch {
	case p.Backend == AVX2F32 && k >= MinRow && m >= minSum32:
		p.single.mulT(c, g, w, n, k, m)
	case p.Backend.kernel() && k >= MinRow:
		wt := transpose(grow(&p.t, k*m), w, k, m)
		sumRows(c, n, k, g, m, 1, wt, m, true)
	case m >= k:
		// gonum: dots of length m between the rows of g and of w.
		gemm(blas.NoTrans, blas.Trans, n, m, g, k, m, w, false, c)
	default:
		// gonum: axpys of length k along the rows of wᵀ.
		wt := transpose(grow(&p.t, k*m), w, k, m)
		gemm(blas.NoTrans, blas.NoTrans, n, m, g, m, k, wt, false, c)
	}
}

// TMul sets c [k×m] to xᵀ · g, for x [n×k] and g [n×m].
func (p *Products) TMul(c, x, g []float64, n, k, m int) {
	switch {
	case p.Backend.kernel() && m >= MinRow:
		// c_i = Σ_l x_li·g_l.
		switch {
		case p.sparse(x, n, k):
			p.sparseTMul(c, x, g, n, k, m)
		case p.Backend == AVX2F32 && n >= minSum32:
			p.single.tMul(c, x, g, n, k, m)
		default:
			sumRows(c, k, m, x, 1, k, g, n, true)
		}
	case p.Backend.kernel() && k >= MinRow:
		// cᵀ_j = Σ_l g_lj·x_l, then transposed.
		ct := grow(&p.t, k*m)
		sumRows(ct, m, k, g, 1, m, x, n, true)
		transpose(c, ct, m, k)
	case m >= k:
		// gonum: axpys of length m along the rows of g.
		gemm(blas.Trans, blas.NoTrans, n, k, x, n, m, g, false, c)
	default:
		// gonum: cᵀ = gᵀ·x, axpys of length k along the rows of x.
		ct := grow(&p.t, k*m)
		gemm(blas.Trans, blas.NoTrans, n, m, g, n, k, x, false, ct)
		transpose(c, ct, m, k)
	}
}

// sumRows adds to each row i < nc of c [nc×width] the sum
// Σ_{l<rows} a[i·ai + l·al]·b_l, for b [rows×width], with the kernel: in
// chunks of b's rows, so that a chunk stays in cache while every row of c
// uses it. With set it sets c to the sums instead: each core zeroes the
// rows it sums first, where a zeroing of c beforehand took a pass on one
// core.
func sumRows(c []float64, nc, width int, a []float64, ai, al int, b []float64, rows int, set bool) {
	sumRowsWith(kernel64, c, nc, width, a, ai, al, b, rows, set)
}

// kernels are the kernel's two shapes in one precision: rows, one row of
// c at a time, and block, six rows at once on columns in multiples of
// blockCols. For every value of c both run the same FMAs in the same
// order, so that how a product divides between them does not change it.
type kernels[T float32 | float64] struct {
	rows      func(c, a []T, as int, b []T, bs, rows int)
	block     func(c []T, cs int, a []T, ai, al int, b []T, bs, rows, cols int)
	blockCols int
}

// blockRows is how many rows of c the block kernel sums at once.
const blockRows = 6

var (
	kernel64 = kernels[float64]{axpyRows, axpyBlock, 8}
	kernel32 = kernels[float32]{axpyRows32, axpyBlock32, 16}
)

// sumRowsWith is sumRows with the kernels of the given precision.
func sumRowsWith[T float32 | float64](k kernels[T], c []T, nc, width int, a []T, ai, al int, b []T, rows int, set bool) {
	if takeCore(nc, nc*width*rows) {
		half := balance(nc)
		inTwo(func() { sumRowRange(k, c, 0, half, width, a, ai, al, b, rows, set) },
			func() { sumRowRange(k, c, half, nc, width, a, ai, al, b, rows, set) })
		return
	}
	sumRowRange(k, c, 0, nc, width, a, ai, al, b, rows, set)
}

// balance returns the row at which sumRowsWith divides nc rows of c
// between two cores, so that both halves cost about the same: the rows
// that do not fill a block of six run one at a time, at about twice the
// cost of a row in a block (64 rows divided at 30, whole blocks on each
// side, left one core 38 rows' worth of work and the other 30; at 32 each
// has 34).
func balance(nc int) int {
	cost := func(r int) int { return r/blockRows*blockRows + 2*(r%blockRows) }
	worse := func(h int) int { return max(cost(h), cost(nc-h)) }
	best := nc / 2
	for h := max(nc/2-blockRows, 1); h <= min(nc/2+blockRows, nc-1); h++ {
		if worse(h) < worse(best) {
			best = h
		}
	}
	return best
}

// sumRowRange is sumRowsWith on the rows [lo, hi) of c (zeroed first
// with set): six rows at a
// time in the block kernel on their columns up to a multiple of its
// blockCols, the other columns and rows one row at a time.
func sumRowRange[T float32 | float64](k kernels[T], c []T, lo, hi, width int, a []T, ai, al int, b []T, rows int, set bool) {
	if set {
		clear(c[lo*width : hi*width])
	}
	chunk := max(16, chunkValues/width)
	cols := width - width%k.blockCols
	for l := 0; l < rows; l += chunk {
		r := min(chunk, rows-l)
		bl := b[l*width : (l+r)*width]
		i := lo
		for ; cols > 0 && i+blockRows <= hi; i += blockRows {
			blockWith(k, c[i*width:], width, a[i*ai+l*al:], ai, al, bl, width, r, cols)
			if cols < width {
				for j := i; j < i+blockRows; j++ {
					axpyWith(k.rows, c[j*width+cols:(j+1)*width], a[j*ai+l*al:], al, bl[cols:], width, r)
				}
			}
		}
		for ; i < hi; i++ {
			axpyWith(k.rows, c[i*width:(i+1)*width], a[i*ai+l*al:], al, bl, width, r)
		}
	}
}

// axpy sets c += Σ_{l<rows} a[l·as]·b[l·bs : l·bs+len(c)] with the kernel,
// after checking the bounds the kernel does not check.
func axpy(c, a []float64, as int, b []float64, bs, rows int) {
	axpyWith(axpyRows, c, a, as, b, bs, rows)
}

// axpyWith is axpy with the kernel of the given precision.
func axpyWith[T float32 | float64](kernel func(c, a []T, as int, b []T, bs, rows int), c, a []T, as int, b []T, bs, rows int) {
	if len(a) <= (rows-1)*as || len(b) < (rows-1)*bs+len(c) {
		panic("kernel: axpy out of range")
	}
	kernel(c, a, as, b, bs, rows)
}

// blockWith runs the block kernel of k on six rows of c (cs apart) and
// their first cols columns, after checking what the kernel does not: the
// bounds, and cols a multiple of its blocks.
func blockWith[T float32 | float64](k kernels[T], c []T, cs int, a []T, ai, al int, b []T, bs, rows, cols int) {
	if rows <= 0 {
		return
	}
	if cols%k.blockCols != 0 || cs < 0 || ai < 0 || al < 0 || bs < 0 ||
		len(c) < (blockRows-1)*cs+cols || len(a) <= (blockRows-1)*ai+(rows-1)*al || len(b) < (rows-1)*bs+cols {
		panic("kernel: block out of range")
	}
	k.block(c, cs, a, ai, al, b, bs, rows, cols)
}

// gemm sets c to op(a)·op(b), plus c when add is set, for a stored
// [ar×ac] and b stored [br×bc], row-major and dense.
func gemm(ta, tb blas.Transpose, ar, ac int, a []float64, br, bc int, b []float64, add bool, c []float64) {
	rows, inner, cols := ar, ac, bc
	if ta == blas.Trans {
		rows, inner = ac, ar
	}
	if tb == blas.Trans {
		cols = br
	}
	beta := 0.0
	if add {
		beta = 1
	}
	blasImpl{}.Dgemm(ta, tb, rows, cols, inner, 1, a, ac, b, bc, beta, c, cols)
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
func grow[T float32 | float64](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}

// axpyRowsGo is what axpyRows computes, in Go: the reference the kernel
// is tested against.
func axpyRowsGo[T float32 | float64](c, a []T, as int, b []T, bs, rows int) {
	for l := range rows {
		al := a[l*as]
		for j, v := range b[l*bs : l*bs+len(c)] {
			c[j] += al * v
		}
	}
}
