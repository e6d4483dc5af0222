//go:build !purego && !openblas

package model

import "golang.org/x/sys/cpu"

// useKernel says whether the products run in axpyRows, which needs AVX2
// and FMA (and an operating system that saves the AVX registers, which
// cpu checks).
var useKernel = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// axpyRows is the kernel of kernel_amd64.s; see axpyRowsGo.
//
//go:noescape
func axpyRows(c, a []float64, as int, b []float64, bs, rows int)
