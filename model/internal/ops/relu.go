package ops

import (
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ReLU returns the node max(x, 0), elementwise, whose gradient is
// g·[x > 0].
func ReLU(x *G.Node) (*G.Node, error) { return G.ApplyOp(&reluOp{opBase{name: "relu"}}, x) }

// reluOp is the op of ReLU.
type reluOp struct{ opBase }

func (op *reluOp) Arity() int { return 1 }
func (op *reluOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a))
}
func (op *reluOp) Hashcode() uint32 { return op.hashOf(op) }
func (op *reluOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}

func (op *reluOp) Do(in ...G.Value) (G.Value, error) {
	n, k := dims(in[0])
	res := op.output(n, k)
	x, out := values(in[0]), values(res)
	for i, v := range x {
		out[i] = max(v, 0)
	}
	return res, nil
}

func (op *reluOp) DiffWRT(int) []bool { return []bool{true} }

func (op *reluOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(&reluGrad{opBase{name: "drelu"}}, in[0], grad)
	return G.Nodes{d}, err
}

// reluGrad computes g·[x > 0] from x and g.
type reluGrad struct{ opBase }

func (op *reluGrad) Arity() int { return 2 }
func (op *reluGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), matrixOf(a))
}
func (op *reluGrad) Hashcode() uint32 { return op.hashOf(op) }
func (op *reluGrad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}

func (op *reluGrad) Do(in ...G.Value) (G.Value, error) {
	n, k := dims(in[0])
	res := op.output(n, k)
	x, g, out := values(in[0]), values(in[1]), values(res)
	g = g[:len(x)]
	out = out[:len(x)]
	// Without a branch, which the signs of x would make unpredictable: a
	// float64 is > 0 exactly when its bits, read as an int64 s, are > 0,
	// that is when −s has the sign bit and s has not (−0 is the one s with
	// both).
	for i, v := range x {
		s := int64(math.Float64bits(v))
		mask := uint64(-s >> 63 &^ (s >> 63))
		out[i] = math.Float64frombits(math.Float64bits(g[i]) & mask)
	}
	return res, nil
}
