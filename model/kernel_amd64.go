//go:build !purego && !openblas

package model

import "golang.org/x/sys/cpu"

// kernelRuns says whether axpyRows can run here: it needs AVX2 and FMA,
// and an operating system that saves the AVX registers (cpu checks all
// three).
var kernelRuns = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// useKernel says whether the products run in axpyRows.
var useKernel = kernelRuns

// axpyRows is the kernel of kernel_amd64.s; see axpyRowsGo.
//
//go:noescape
func axpyRows(c, a []float64, as int, b []float64, bs, rows int)
