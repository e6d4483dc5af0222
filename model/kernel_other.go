//go:build !amd64 || purego || openblas

package model

// Without the amd64 kernel the products run in gonum's BLAS.
var useKernel = false

func axpyRows(c, a []float64, as int, b []float64, bs, rows int) { axpyRowsGo(c, a, as, b, bs, rows) }
