// Package ops holds featsel's fused gorgonia operations: the selection
// layer, the first layer with the selection folded in, the normalised and
// free linear layers, the skip layer, ReLU, the L1 penalty and the losses,
// each one graph node with a hand-derived gradient that is itself an op.
//
// gorgonia runs one graph node per operation, and on small layers the
// bookkeeping of a node (checks, allocation, scheduling) costs more than
// its arithmetic: a normalised layer built from elementary nodes takes 7
// nodes forward and about 10 backward. The ops compute the same functions
// in one node each, so gorgonia's symbolic differentiation still builds
// the backward graph, and they reuse their outputs from run to run. Every
// gradient is checked against finite differences (TestGradients). The
// functions of this package add an op's node to a graph, as gorgonia's
// own G.Mul does; the matrix products run on the kernel.Backend they are
// given. Their errors begin with "model:", the package users meet them
// through.
package ops

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// opBase holds what every fused op shares: its name, and the tensor it
// returns, which it reuses from one run to the next. (gorgonia's own ops
// allocate a new value on every run; a node's value is read until the
// next run of its graph, which overwrites it.)
type opBase struct {
	name string
	out  *tensor.Dense
}

// output returns the op's result tensor of the given shape, reusing the
// previous one when the shape is the same.
func (o *opBase) output(shape ...int) *tensor.Dense {
	if o.out == nil || !o.out.Shape().Eq(tensor.Shape(shape)) {
		o.out = tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))
	}
	return o.out
}

func (o opBase) ReturnsPtr() bool      { return false }
func (o opBase) CallsExtern() bool     { return false }
func (o opBase) OverwritesInput() int  { return -1 }
func (o opBase) WriteHash(h hash.Hash) { fmt.Fprint(h, o.name) }
func (o opBase) String() string        { return o.name }
func (o opBase) hashOf(op G.Op) uint32 { h := fnv.New32a(); op.WriteHash(h); return h.Sum32() }
func matrixOf(a hm.Type) G.TensorType  { return G.TensorType{Dims: 2, Of: a} }
func vectorOf(a hm.Type) G.TensorType  { return G.TensorType{Dims: 1, Of: a} }
func dims(v G.Value) (rows, cols int)  { s := v.Shape(); return s[0], s[1] }

// float64s is a float64 tensor whose values can be read without boxing
// the slice in an interface (Data() allocates).
type float64s interface{ Float64s() []float64 }

func values(v G.Value) []float64 { return v.(float64s).Float64s() }

// grow returns a slice of n values, reusing *buf when it is large enough.
func grow[T float32 | float64](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}
