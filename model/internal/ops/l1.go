package ops

import (
	"fmt"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// L1 returns the node of the graph-level penalty λ·Σ_u w_u·|θ_u|, a
// scalar, whose gradient is λ·w_u·sign(θ_u)·g with sign(0) = 0. Weights
// nil means every w_u = 1: λ‖θ‖₁.
func L1(theta *G.Node, lambda float64, weights []float64) (*G.Node, error) {
	name := fmt.Sprintf("L1{%g}", lambda)
	if weights != nil {
		name = fmt.Sprintf("L1{%g, %v}", lambda, weights)
	}
	return G.ApplyOp(&l1Op{opBase: opBase{name: name}, lambda: lambda, weights: weights}, theta)
}

// l1Op is the op of L1.
type l1Op struct {
	opBase
	lambda  float64
	weights []float64
}

func (op *l1Op) Arity() int { return 1 }
func (op *l1Op) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(vectorOf(a), a)
}
func (op *l1Op) Hashcode() uint32 { return op.hashOf(op) }
func (op *l1Op) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if th := in[0].(tensor.Shape); op.weights != nil && th.TotalSize() != len(op.weights) {
		return nil, fmt.Errorf("model: L1 of %v with %d weights", th, len(op.weights))
	}
	return tensor.ScalarShape(), nil
}

func (op *l1Op) Do(in ...G.Value) (G.Value, error) {
	s := 0.0
	for u, v := range values(in[0]) {
		a := math.Abs(v)
		if op.weights != nil {
			a *= op.weights[u]
		}
		s += a
	}
	return G.NewF64(op.lambda * s), nil
}

func (op *l1Op) DiffWRT(int) []bool { return []bool{true} }

func (op *l1Op) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(&l1Grad{opBase: opBase{name: "d" + op.name}, lambda: op.lambda, weights: op.weights}, in[0], grad)
	return G.Nodes{d}, err
}

// l1Grad computes λ·w·sign(θ)·g from θ and the scalar g.
type l1Grad struct {
	opBase
	lambda  float64
	weights []float64
}

func (op *l1Grad) Arity() int { return 2 }
func (op *l1Grad) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(vectorOf(a), a, vectorOf(a))
}
func (op *l1Grad) Hashcode() uint32 { return op.hashOf(op) }
func (op *l1Grad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}

func (op *l1Grad) Do(in ...G.Value) (G.Value, error) {
	th := values(in[0])
	res := op.output(len(th))
	out := values(res)
	f := op.lambda * in[1].Data().(float64)
	for i, v := range th {
		fi := f
		if op.weights != nil {
			fi = f * op.weights[i]
		}
		switch {
		case v > 0:
			out[i] = fi
		case v < 0:
			out[i] = -fi
		default:
			out[i] = 0
		}
	}
	return res, nil
}
