package kernel

// A selection layer's input is sparse when the table has categories: a
// category of L levels is a one-hot block of L inputs with one 1 in each
// row. The products of such an x skip its zeros and run the kernel on its
// runs of non-zero values only: for a category that is a gather of one row
// of the weights per row of x (and, for xᵀ·g, a scatter into one row),
// instead of L multiplications of which L−1 add zero. The terms left are
// summed in the same order as the dense product's, each with the same
// fused multiply-add, so the sums are the same, bit for bit; only the time
// differs.

// spans holds the runs of non-zero values of a matrix x [n×k]: row i's
// runs are the pairs at[first[i]:first[i+1]], each a start and an end
// column.
type spans struct {
	first []int
	at    []int
}

// sparse reports whether x [n×k] is sparse enough that its products are
// faster run by runs than dense, and then leaves its runs in p.runs. A
// run costs the kernel a call and each value in it a row of the product,
// where the dense product costs a row for every value: runs win when
// their calls and values come to at most half of n·k. The first row
// decides alone when it is mostly non-zero, so that dense data costs one
// row's scan.
func (p *Products) sparse(x []float64, n, k int) bool {
	if !p.Sparse || !p.Backend.kernel() || n == 0 || k < MinRow {
		return false
	}
	nonzero := 0
	for _, v := range x[:k] {
		if v != 0 {
			nonzero++
		}
	}
	if 2*nonzero > k {
		return false
	}
	r := &p.runs
	r.first, r.at = append(r.first[:0], 0), r.at[:0]
	nonzero = 0
	for i := range n {
		row := x[i*k : (i+1)*k]
		for l := 0; l < k; l++ {
			if row[l] == 0 {
				continue
			}
			start := l
			for l < k && row[l] != 0 {
				l++
			}
			r.at = append(r.at, start, l)
			nonzero += l - start
		}
		r.first = append(r.first, len(r.at))
	}
	return 2*(nonzero+len(r.at)) <= n*k
}

// sparseMul adds x·w to c [n×m] over the runs of x [n×k] (see sparse),
// half of the rows on an idle core when the product is large (its
// multiply-adds, those of the non-zero values).
func (p *Products) sparseMul(c, x, w []float64, n, k, m int) {
	rows := func(lo, hi int) {
		r := &p.runs
		for i := lo; i < hi; i++ {
			ci := c[i*m : (i+1)*m]
			for s := r.first[i]; s < r.first[i+1]; s += 2 {
				start, end := r.at[s], r.at[s+1]
				axpy(ci, x[i*k+start:], 1, w[start*m:], m, end-start)
			}
		}
	}
	p.split(n, m, rows)
}

// sparseTMul sets c [k×m] to xᵀ·g over the runs of x [n×k] (see
// sparse): row l of g, times x's value, is added to row j of c for every
// non-zero x_lj, l in increasing order as in the dense product. On two
// cores each takes half of c's rows, every row still summed in that order.
func (p *Products) sparseTMul(c, x, g []float64, n, k, m int) {
	cols := func(lo, hi int) {
		clear(c[lo*m : hi*m])
		r := &p.runs
		for l := range n {
			gl := g[l*m : (l+1)*m]
			for s := r.first[l]; s < r.first[l+1]; s += 2 {
				for j := max(r.at[s], lo); j < min(r.at[s+1], hi); j++ {
					axpy(c[j*m:(j+1)*m], x[l*k+j:], 1, gl, m, 1)
				}
			}
		}
	}
	p.split(k, m, cols)
}

// split runs f on the range [0, n) of rows, or on its halves side by side
// when the product's multiply-adds (width for each non-zero value of x)
// are many and a core is idle (see takeCore).
func (p *Products) split(n, width int, f func(lo, hi int)) {
	nonzero := 0
	for s := 0; s+1 < len(p.runs.at); s += 2 {
		nonzero += p.runs.at[s+1] - p.runs.at[s]
	}
	if !takeCore(n, nonzero*width) {
		f(0, n)
		return
	}
	half := n / 2
	inTwo(func() { f(0, half) }, func() { f(half, n) })
}
