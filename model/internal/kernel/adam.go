package kernel

// AdamConstants are the numbers of one step of Adam on a parameter: the
// moments' decay rates B1 and B2, the bias corrections C1 = 1/(1−B1ᵗ) and
// C2 = 1/(1−B2ᵗ), ε and the learning rate.
type AdamConstants struct {
	B1, B2, C1, C2, Eps, LearnRate float64
}

// AdamPrefix takes Adam's step on the first n coordinates of w, with
// gradient g and moments m and v (all of w's length), zeroes g there and
// returns n: the coordinates its vector code covers, a multiple of 4
// where the kernel runs, none elsewhere. The caller steps the rest. Each
// coordinate gets the operations of model.Adam's loop, in its order and
// each rounded (no fused multiply-add), so the result is the same, bit
// for bit:
//
//	m = m·B1 + g·(1−B1)
//	v = v·B2 + g·g·(1−B2)
//	w = w + m·C1·(−LearnRate) / (√(v·C2) + Eps)
func AdamPrefix(w, g, m, v []float64, c AdamConstants) int {
	n := len(w) &^ 3
	if !assembly || !hasKernel() || n == 0 {
		return 0
	}
	if len(g) < n || len(m) < n || len(v) < n {
		panic("kernel: AdamPrefix of slices of different lengths")
	}
	k := [8]float64{c.B1, 1 - c.B1, c.B2, 1 - c.B2, c.C1, -c.LearnRate, c.C2, c.Eps}
	Rows(n/4, 8*n, adamPass{w, g, m, v, k}) // reads and writes w, g, m and v
	return n
}

// adamPass is AdamPrefix's step as a [Pass] over groups of four
// coordinates, the vector's width.
type adamPass struct {
	w, g, m, v []float64
	k          [8]float64
}

func (p adamPass) Rows(lo, hi int) {
	adamAVX(p.w[4*lo:4*hi], p.g[4*lo:], p.m[4*lo:], p.v[4*lo:], &p.k)
}
