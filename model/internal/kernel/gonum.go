//go:build !openblas

package kernel

import "gonum.org/v1/gonum/blas/gonum"

// blasImpl is the BLAS of the backend BLAS: gonum's, in pure Go, so that
// the default build needs no cgo (openblas.go has the alternative).
type blasImpl = gonum.Implementation
