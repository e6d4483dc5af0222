//go:build !purego && !openblas

package kernel

import "golang.org/x/sys/cpu"

// assembly says that this build has the assembly: axpyRows is the kernel
// of kernel_amd64.s, and the vector loops of adam_amd64.s, convert_amd64.s,
// scale_amd64.s and sums_amd64.s are there.
const assembly = true

// hasKernel reports whether axpyRows can run here: it needs AVX2 and FMA,
// and an operating system that saves the AVX registers (cpu checks all
// three).
func hasKernel() bool { return cpu.X86.HasAVX2 && cpu.X86.HasFMA }

// axpyRows is the kernel of kernel_amd64.s; see axpyRowsGo.
//
//go:noescape
func axpyRows(c, a []float64, as int, b []float64, bs, rows int)

// axpyBlock is the six-row kernel of kernel_amd64.s; its Go reference,
// axpyBlockGo, runs where the assembly does not (kernel_other.go).
//
//go:noescape
func axpyBlock(c []float64, cs int, a []float64, ai, al int, b []float64, bs, rows, cols int)

// adamAVX is the vector Adam of adam_amd64.s; see AdamPrefix.
//
//go:noescape
func adamAVX(w, g, m, v []float64, k *[8]float64)

// axpyRows32 is axpyRows in single precision, of kernel32_amd64.s; see
// axpyRowsGo.
//
//go:noescape
func axpyRows32(c, a []float32, as int, b []float32, bs, rows int)

// axpyBlock32 is axpyBlock in single precision, of kernel32_amd64.s.
//
//go:noescape
func axpyBlock32(c []float32, cs int, a []float32, ai, al int, b []float32, bs, rows, cols int)

// narrowAVX, widenAVX and widenAddAVX convert between float64 and float32
// four at a time, of convert_amd64.s; see narrow and widen.
//
//go:noescape
func narrowAVX(dst []float32, src []float64)

//go:noescape
func widenAVX(dst []float64, src []float32)

//go:noescape
func widenAddAVX(dst []float64, src []float32)

// scaleAVX, scale32AVX, projectAVX and project32AVX are the vector loops
// of Scale and Project, of scale_amd64.s.
//
//go:noescape
func scaleAVX(dst, v []float64, r, t float64)

//go:noescape
func scale32AVX(dst []float32, v []float64, r, t float64)

//go:noescape
func projectAVX(dst, b, v []float64, s, f float64)

//go:noescape
func project32AVX(dst []float64, b []float32, v []float64, s, f float64)

// dotSquares4AVX, dotSquares4F32AVX and squares4AVX are the loops of
// DotSquares4 and Squares4, of sums_amd64.s.
//
//go:noescape
func dotSquares4AVX(b0, b1, b2, b3, v0, v1, v2, v3 *float64, m int, out *[8]float64)

//go:noescape
func squares4AVX(v0, v1, v2, v3 *float64, m int, out *[4]float64)

//go:noescape
func dotSquares4F32AVX(b0, b1, b2, b3 *float32, v0, v1, v2, v3 *float64, m int, out *[8]float64)
