package kernel

// Scale and Project are the element-wise passes of the folded layer
// (ops.FoldedLinear) over rows of its weights, four values at a time where
// the kernel runs. Each value gets the Go loop's operations in its order,
// each rounded on its own (no fused multiply-add), so the results are the
// same, bit for bit, with the kernel or without.

// Scale sets dst[c] = T(r·v[c]·t) for c < len(dst), the product rounded
// to dst's precision: a row of the folded layer's W from V's.
func Scale[T float32 | float64](dst []T, v []float64, r, t float64) {
	if len(v) < len(dst) {
		panic("kernel: Scale of a row shorter than its result")
	}
	n := 0
	if vector() {
		n = len(dst) &^ 3
		switch d := any(dst).(type) {
		case []float64:
			scaleAVX(d[:n], v, r, t)
		case []float32:
			scale32AVX(d[:n], v, r, t)
		}
	}
	for c := n; c < len(dst); c++ {
		dst[c] = T(r * v[c] * t)
	}
}

// Project sets dst[c] = s·(b[c] − f·v[c]) for c < len(dst): a row of the
// folded layer's dL/dV from B's and V's (b in the precision B was summed
// in, widened exactly).
func Project[T float32 | float64](dst []float64, b []T, v []float64, s, f float64) {
	if len(b) < len(dst) || len(v) < len(dst) {
		panic("kernel: Project of rows shorter than its result")
	}
	n := 0
	if vector() {
		n = len(dst) &^ 3
		switch b := any(b).(type) {
		case []float64:
			projectAVX(dst[:n], b, v, s, f)
		case []float32:
			project32AVX(dst[:n], b, v, s, f)
		}
	}
	for c := n; c < len(dst); c++ {
		dst[c] = s * (float64(b[c]) - float64(f*v[c]))
	}
}

// vector reports whether the assembly of Scale, Project, DotSquares4 and
// Squares4 runs here: they need only AVX, which every processor with the
// kernel's AVX2 and FMA has.
func vector() bool { return assembly && hasKernel() }
