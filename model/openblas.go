//go:build openblas

package model

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// With the build tag openblas, the fused layers multiply matrices with
// OpenBLAS (cgo; Debian's libopenblas-dev, CGO_LDFLAGS=-lopenblas) instead
// of gonum's pure-Go code. The default build stays pure Go.
func init() { blas64.Use(netlib.Implementation{}) }
