package kernel

// singles holds the single-precision copies of a product's operands and
// result (the backend AVX2F32), reused from run to run.
type singles struct{ x, w, c []float32 }

// narrow writes v into buf, grown as needed, in single precision (the
// backend AVX2F32 runs only with the kernel, whose conversions go four at
// a time).
func narrow(buf *[]float32, v []float64) []float32 {
	out := grow(buf, len(v))
	n := len(v) &^ 3
	Rows(n/4, 2*n, narrowPass{out, v})
	for i := n; i < len(v); i++ {
		out[i] = float32(v[i])
	}
	return out
}

// widen adds the single-precision v to dst when add is set, or sets it.
func widen(dst []float64, v []float32, add bool) {
	n := len(v) &^ 3
	Rows(n/4, 2*n, widenPass{dst, v, add})
	for i := n; i < len(v); i++ {
		if add {
			dst[i] += float64(v[i])
		} else {
			dst[i] = float64(v[i])
		}
	}
}

// narrowPass and widenPass are narrow's and widen's conversions as
// [Pass]es over groups of four values, the vector's width.
type (
	narrowPass struct {
		out []float32
		v   []float64
	}
	widenPass struct {
		dst []float64
		v   []float32
		add bool
	}
)

func (p narrowPass) Rows(lo, hi int) { narrowAVX(p.out[4*lo:4*hi], p.v[4*lo:]) }

func (p widenPass) Rows(lo, hi int) {
	if p.add {
		widenAddAVX(p.dst[4*lo:4*hi], p.v[4*lo:])
	} else {
		widenAVX(p.dst[4*lo:4*hi], p.v[4*lo:])
	}
}

// mul adds x [n×k] · w [k×m] to c [n×m], summed in single precision, w
// given in it.
func (s *singles) mul(c, x []float64, w []float32, n, k, m int) {
	x32 := narrow(&s.x, x)
	c32 := grow(&s.c, n*m) // set by the product: sumRowsWith zeroes each core's rows
	sumRowsWith(kernel32, c32, n, m, x32, k, 1, w, k, true)
	widen(c, c32, true)
}

// Single reports whether Mul(c, x, w, n, k, m, add) sums in single
// precision, where MulSingle takes w in single precision instead.
func (p *Products) Single(x []float64, n, k, m int) bool {
	return p.Backend == AVX2F32 && m >= MinRow && k >= minSum32 && !p.sparse(x, n, k)
}

// SingleT reports whether TMul(c, x, g, n, k, m) sums in single
// precision, where TMulSingle returns the sums so.
func (p *Products) SingleT(x []float64, n, k, m int) bool {
	return p.Backend == AVX2F32 && m >= MinRow && n >= minSum32 && !p.sparse(x, n, k)
}

// TMulSingle returns xᵀ·g [k×m], for x [n×k] and g [n×m], summed in single
// precision where SingleT holds: the values TMul widens into c, for an op
// that can read them narrow (the slice is the Products' scratch, good
// until its next product).
func (p *Products) TMulSingle(x, g []float64, n, k, m int) []float32 {
	return p.single.tMulSingle(x, g, n, k, m)
}

// MulSingle adds x [n×k] · w [k×m] to c [n×m] for a w in single precision,
// where Single says Mul would narrow it: for an op that builds w and can
// build it narrow, the same values without Mul's pass narrowing w.
func (p *Products) MulSingle(c, x []float64, w []float32, n, k, m int) {
	p.single.mul(c, x, w, n, k, m)
}

// mulT sets c [n×k] to g [n×m] · wᵀ, summed in single precision.
func (s *singles) mulT(c, g, w []float64, n, k, m int) {
	g32 := narrow(&s.x, g)
	wt := s.transposed(w, k, m)
	c32 := grow(&s.c, n*k)
	sumRowsWith(kernel32, c32, n, k, g32, m, 1, wt, m, true)
	widen(c, c32, false)
}

// tMul sets c [k×m] to xᵀ · g, for x [n×k] and g [n×m], summed in single
// precision.
func (s *singles) tMul(c, x, g []float64, n, k, m int) {
	widen(c, s.tMulSingle(x, g, n, k, m), false)
}

// tMulSingle returns xᵀ · g [k×m] in single precision, in s.c.
func (s *singles) tMulSingle(x, g []float64, n, k, m int) []float32 {
	x32, g32 := narrow(&s.x, x), narrow(&s.w, g)
	c32 := grow(&s.c, k*m)
	sumRowsWith(kernel32, c32, k, m, x32, 1, k, g32, n, true)
	return c32
}

// transposed returns the transpose of w [k×m] in single precision.
func (s *singles) transposed(w []float64, k, m int) []float32 {
	t := grow(&s.w, k*m)
	for i := range k {
		for j, v := range w[i*m : (i+1)*m] {
			t[j*k+i] = float32(v)
		}
	}
	return t
}
