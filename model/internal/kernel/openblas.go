//go:build openblas

package kernel

import "gonum.org/v1/netlib/blas/netlib"

// blasImpl is the BLAS of the backend BLAS. With the build tag openblas
// it is OpenBLAS (cgo; Debian's libopenblas-dev, CGO_LDFLAGS=-lopenblas),
// for these products only: the rest of the program keeps gonum's BLAS.
type blasImpl = netlib.Implementation
