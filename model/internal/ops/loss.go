package ops

import (
	"fmt"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// MeanSquaredError returns the node mean((out − y)²), the mean over all
// entries of out and y [n×k].
func MeanSquaredError(out, y *G.Node) (*G.Node, error) {
	return G.ApplyOp(&fusedLoss{opBase: opBase{name: "MSE"}, kind: squaredError}, out, y)
}

// SoftmaxCrossEntropy returns the node −mean_i Σ_k y_ik·log softmax(out_i)_k
// for logits out and targets y [n×k]: one-hot rows, or one-hot rows scaled
// by a weight of the row (class weights). Each row is
// shifted by its maximum (see LogSumExp), so that large logits neither
// overflow nor lose the other terms.
func SoftmaxCrossEntropy(out, y *G.Node) (*G.Node, error) {
	return G.ApplyOp(&fusedLoss{opBase: opBase{name: "CrossEntropy"}, kind: softmaxCE}, out, y)
}

// lossKind says which fused loss an op computes.
type lossKind int

const (
	squaredError lossKind = iota // mean over all entries of (out − y)²
	softmaxCE                    // mean over rows of −Σ_k y_k log softmax(out)_k
)

// fusedLoss is a data loss in one node: inputs out and y [n×k], output a
// scalar.
type fusedLoss struct {
	opBase
	kind lossKind
}

func (op *fusedLoss) Arity() int { return 2 }
func (op *fusedLoss) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), a)
}
func (op *fusedLoss) Hashcode() uint32 { return op.hashOf(op) }
func (op *fusedLoss) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if !in[0].(tensor.Shape).Eq(in[1].(tensor.Shape)) {
		return nil, fmt.Errorf("model: loss of %v and %v", in[0], in[1])
	}
	return tensor.ScalarShape(), nil
}

func (op *fusedLoss) Do(in ...G.Value) (G.Value, error) {
	out, y := values(in[0]), values(in[1])
	n, k := dims(in[0])
	sum := 0.0
	if op.kind == squaredError {
		for i, o := range out {
			sum += (o - y[i]) * (o - y[i])
		}
		return G.NewF64(sum / float64(len(out))), nil
	}
	for i := range n {
		z, t := out[i*k:(i+1)*k], y[i*k:(i+1)*k]
		lse := LogSumExp(z)
		for c := range z {
			sum -= t[c] * (z[c] - lse)
		}
	}
	return G.NewF64(sum / float64(n)), nil
}

// LogSumExp returns log Σ exp(z), shifted by max(z) so that it neither
// overflows nor loses the largest terms.
func LogSumExp(z []float64) float64 {
	m := z[0]
	for _, v := range z {
		m = max(m, v)
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

func (op *fusedLoss) DiffWRT(int) []bool { return []bool{true, false} }

func (op *fusedLoss) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(&fusedLossGrad{opBase: opBase{name: "d" + op.name}, kind: op.kind}, in[0], in[1], grad)
	return G.Nodes{d, nil}, err
}

// fusedLossGrad is the gradient of fusedLoss with respect to out, times
// the scalar gradient g: 2(out − y)/(n·k)·g for the squared error, and
// (softmax(out)·Σ_k y_k − y)/n·g for the cross-entropy (Σ_k y_k is 1 for a
// one-hot row, exactly, and the row's weight for a weighted one).
type fusedLossGrad struct {
	opBase
	kind lossKind
}

func (op *fusedLossGrad) Arity() int { return 3 }
func (op *fusedLossGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), a, matrixOf(a))
}
func (op *fusedLossGrad) Hashcode() uint32 { return op.hashOf(op) }
func (op *fusedLossGrad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}

func (op *fusedLossGrad) Do(in ...G.Value) (G.Value, error) {
	n, k := dims(in[0])
	res := op.output(n, k)
	out, y, d := values(in[0]), values(in[1]), values(res)
	g := in[2].Data().(float64)
	if op.kind == squaredError {
		f := 2 * g / float64(len(out))
		for i, o := range out {
			d[i] = f * (o - y[i])
		}
		return res, nil
	}
	f := g / float64(n)
	for i := range n {
		z, t, row := out[i*k:(i+1)*k], y[i*k:(i+1)*k], d[i*k:(i+1)*k]
		lse := LogSumExp(z)
		s := 0.0
		for _, v := range t {
			s += v
		}
		for c := range z {
			row[c] = f * (math.Exp(z[c]-lse)*s - t[c])
		}
	}
	return res, nil
}
