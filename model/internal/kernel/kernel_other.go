//go:build !amd64 || purego || openblas

package kernel

// Without the amd64 kernel the products run in gonum's BLAS (or
// OpenBLAS). axpyRows is then the Go reference, which runs anywhere: the
// tests use it, through the backend AVX2, to check the kernel's
// arrangement of the products.
const assembly = false

func hasKernel() bool { return true }

func axpyRows(c, a []float64, as int, b []float64, bs, rows int) { axpyRowsGo(c, a, as, b, bs, rows) }

func axpyBlock(c []float64, cs int, a []float64, ai, al int, b []float64, bs, rows, cols int) {
	axpyBlockGo(c, cs, a, ai, al, b, bs, rows, cols)
}

func axpyBlock32(c []float32, cs int, a []float32, ai, al int, b []float32, bs, rows, cols int) {
	axpyBlockGo(c, cs, a, ai, al, b, bs, rows, cols)
}

// axpyBlockGo is what axpyBlock computes, in Go: axpyRowsGo on six rows
// of c, cs apart, and their first cols columns.
func axpyBlockGo[T float32 | float64](c []T, cs int, a []T, ai, al int, b []T, bs, rows, cols int) {
	for r := range blockRows {
		axpyRowsGo(c[r*cs:r*cs+cols], a[r*ai:], al, b, bs, rows)
	}
}

// adamAVX is never called without the kernel (AdamPrefix covers no
// coordinate); it keeps the build whole.
func adamAVX(w, g, m, v []float64, k *[8]float64) { panic("kernel: no vector Adam in this build") }

func axpyRows32(c, a []float32, as int, b []float32, bs, rows int) {
	axpyRowsGo(c, a, as, b, bs, rows)
}

// narrowAVX, widenAVX and widenAddAVX are the conversions' Go reference
// here, as axpyRows is the kernel's.
func narrowAVX(dst []float32, src []float64) {
	for i := range dst {
		dst[i] = float32(src[i])
	}
}

func widenAVX(dst []float64, src []float32) {
	for i := range dst {
		dst[i] = float64(src[i])
	}
}

func widenAddAVX(dst []float64, src []float32) {
	for i := range dst {
		dst[i] += float64(src[i])
	}
}

// scaleAVX, scale32AVX, projectAVX and project32AVX are never called
// without the kernel (vector reports false); they keep the build whole.
func scaleAVX(dst, v []float64, r, t float64) {
	panic("kernel: no vector Scale in this build")
}

func scale32AVX(dst []float32, v []float64, r, t float64) {
	panic("kernel: no vector Scale in this build")
}

func projectAVX(dst, b, v []float64, s, f float64) {
	panic("kernel: no vector Project in this build")
}

func project32AVX(dst []float64, b []float32, v []float64, s, f float64) {
	panic("kernel: no vector Project in this build")
}

// dotSquares4AVX, dotSquares4F32AVX and squares4AVX are never called
// without the kernel (vector reports false); they keep the build whole.
func dotSquares4AVX(b0, b1, b2, b3, v0, v1, v2, v3 *float64, m int, out *[8]float64) {
	panic("kernel: no vector DotSquares4 in this build")
}

func dotSquares4F32AVX(b0, b1, b2, b3 *float32, v0, v1, v2, v3 *float64, m int, out *[8]float64) {
	panic("kernel: no vector DotSquares4 in this build")
}

func squares4AVX(v0, v1, v2, v3 *float64, m int, out *[4]float64) {
	panic("kernel: no vector Squares4 in this build")
}
