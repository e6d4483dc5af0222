package ops

import (
	"fmt"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
)

// Norm says how a fused linear layer normalises its weights V.
type Norm int

const (
	// RowNorm divides row j of V by its Euclidean norm (the first layer:
	// one row per input feature).
	RowNorm Norm = iota
	// Frobenius scales V to the Frobenius norm gain.
	Frobenius
	// Free leaves V as it is: a plain linear layer.
	Free
)

// sumSquares returns Σ v_i², in order, each square and sum rounded on its
// own, as kernel.Squares4 sums them (the conversion keeps a compiler from
// fusing them).
func sumSquares(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += float64(x * x)
	}
	return s
}

// scales returns, for each row of V, the factor that row is multiplied
// by: 1/‖V_j‖ for RowNorm, gain/‖V‖_F for every row for Frobenius, 1 for
// Free.
func scales(kind Norm, gain float64, v []float64, rows, cols int, out []float64) {
	switch kind {
	case Free:
		for j := range out[:rows] {
			out[j] = 1
		}
		return
	case RowNorm:
		for j := range rows {
			out[j] = 1 / math.Sqrt(sumSquares(v[j*cols:(j+1)*cols]))
		}
		return
	}
	f := gain / math.Sqrt(sumSquares(v))
	for j := range out[:rows] {
		out[j] = f
	}
}

// NormLinear returns the node x·diag(r)·V + b, with r the row scales of V
// that norm and gain give (see scales): a linear layer whose weights are
// normalised, for x [n×k], V [k×m] and b [m]. MLP builds its layers with
// it, except a first layer that FoldedLinear can fold the selection into.
func NormLinear(x, v, b *G.Node, norm Norm, gain float64, backend kernel.Backend) (*G.Node, error) {
	_, _, _, selected := Selected(x) // the selection layer's input: sparse with categories
	return G.ApplyOp(newNormLinear(norm, gain, kernel.Products{Backend: backend, Sparse: selected}), x, v, b)
}

// normLinear is the op of NormLinear. Inputs x [n×k], V [k×m], b [m].
type normLinear struct {
	opBase
	kind Norm
	gain float64
	scratch
}

// scratch holds an op's buffers between runs (an op belongs to one node
// of one graph, which one goroutine runs) and computes its products.
type scratch struct {
	r, w []float64
	kernel.Products
}

// weights returns the row scales r of V [k×m] and W = diag(r)·V.
func (s *scratch) weights(kind Norm, gain float64, v []float64, k, m int) (r, w []float64) {
	r, w = grow(&s.r, k), grow(&s.w, k*m)
	scales(kind, gain, v, k, m, r)
	for j := range k {
		for c, x := range v[j*m : (j+1)*m] {
			w[j*m+c] = r[j] * x
		}
	}
	return r, w
}

// newNormLinear returns the op of a layer of that kind and gain whose
// products run as p says (its backend, and whether x may be sparse).
func newNormLinear(kind Norm, gain float64, p kernel.Products) *normLinear {
	return &normLinear{
		opBase: opBase{name: fmt.Sprintf("normLinear{%d,%g}", kind, gain)},
		kind:   kind, gain: gain,
		scratch: scratch{Products: p},
	}
}

func (op *normLinear) Arity() int { return 3 }
func (op *normLinear) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), vectorOf(a), matrixOf(a))
}
func (op *normLinear) Hashcode() uint32 { return op.hashOf(op) }
func (op *normLinear) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	x, v := in[0].(tensor.Shape), in[1].(tensor.Shape)
	if len(x) != 2 || len(v) != 2 || x[1] != v[0] {
		return nil, fmt.Errorf("model: normLinear of %v and %v", x, v)
	}
	return tensor.Shape{x[0], v[1]}, nil
}

func (op *normLinear) Do(in ...G.Value) (G.Value, error) {
	x, v, b := values(in[0]), values(in[1]), values(in[2])
	n, k := dims(in[0])
	_, m := dims(in[1])
	_, w := op.weights(op.kind, op.gain, v, k, m)
	res := op.output(n, m)
	out := values(res)
	for i := range n {
		copy(out[i*m:(i+1)*m], b)
	}
	op.Mul(out, x, w, n, k, m, true)
	return res, nil
}

func (op *normLinear) DiffWRT(int) []bool { return []bool{true, true, true} }

func (op *normLinear) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(newNormLinearGrad(op.kind, op.gain, 0, kernel.Products{Backend: op.Backend}), in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	dv, err := G.ApplyOp(newNormLinearGrad(op.kind, op.gain, 1, kernel.Products{Backend: op.Backend, Sparse: op.Sparse}), in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	db, err := G.ApplyOp(&colSum{opBase{name: "d" + op.name + "/db"}}, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx, dv, db}, nil
}

// normLinearGrad computes one gradient of normLinear from x, V and the
// output's gradient g. With r the row scales, W = diag(r)·V and
// A = diag(r)·xᵀg:
//
//	dL/dx = g·Wᵀ
//	dL/dV_j = A_j − ⟨A_j, V_j⟩·V_j/‖V_j‖²    (RowNorm)
//	dL/dV   = A − ⟨A, V⟩·V/‖V‖²_F            (Frobenius)
//	dL/dV   = A                              (Free)
//
// where the second terms are the derivative through the norms.
type normLinearGrad struct {
	opBase
	kind Norm
	gain float64
	wrt  int // 0: x, 1: V
	scratch
}

// newNormLinearGrad returns the gradient op of a layer of that kind and
// gain (see normLinear) with respect to x (wrt 0) or V (wrt 1), whose
// products run as p says.
func newNormLinearGrad(kind Norm, gain float64, wrt int, p kernel.Products) *normLinearGrad {
	return &normLinearGrad{
		opBase: opBase{name: fmt.Sprintf("dnormLinear{%d,%g}/d%d", kind, gain, wrt)},
		kind:   kind, gain: gain, wrt: wrt,
		scratch: scratch{Products: p},
	}
}

func (op *normLinearGrad) Arity() int { return 3 }
func (op *normLinearGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), matrixOf(a), matrixOf(a))
}
func (op *normLinearGrad) Hashcode() uint32 { return op.hashOf(op) }
func (op *normLinearGrad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[op.wrt].(tensor.Shape).Clone(), nil
}

func (op *normLinearGrad) Do(in ...G.Value) (G.Value, error) {
	x, v, g := values(in[0]), values(in[1]), values(in[2])
	n, k := dims(in[0])
	_, m := dims(in[1])
	res := op.output(dims(in[op.wrt]))
	out := values(res)
	if op.wrt == 0 {
		_, w := op.weights(op.kind, op.gain, v, k, m)
		op.MulT(out, g, w, n, k, m)
		return res, nil
	}
	r := grow(&op.r, k)
	scales(op.kind, op.gain, v, k, m, r)
	op.TMul(out, x, g, n, k, m)
	for j := range k {
		a := out[j*m : (j+1)*m]
		for c := range a {
			a[c] *= r[j]
		}
	}
	switch op.kind {
	case RowNorm:
		for j := range k {
			tangent(out[j*m:(j+1)*m], v[j*m:(j+1)*m])
		}
	case Frobenius:
		tangent(out, v)
	}
	return res, nil
}

// tangent removes from a its component along v, a −= ⟨a, v⟩·v/‖v‖²: the
// derivative through a division by ‖v‖.
func tangent(a, v []float64) {
	dot, sq := 0.0, 0.0
	for c := range a {
		dot += a[c] * v[c]
		sq += v[c] * v[c]
	}
	for c := range a {
		a[c] -= dot * v[c] / sq
	}
}

// colSum sums the rows of g [n×m] into [m]: the gradient of a bias added
// to every row.
type colSum struct{ opBase }

func (op *colSum) Arity() int { return 1 }
func (op *colSum) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), vectorOf(a))
}
func (op *colSum) Hashcode() uint32 { return op.hashOf(op) }
func (op *colSum) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{in[0].(tensor.Shape)[1]}, nil
}

func (op *colSum) Do(in ...G.Value) (G.Value, error) {
	n, m := dims(in[0])
	g := values(in[0])
	out := op.output(m)
	s := values(out)
	clear(s)
	for i := range n {
		for j, v := range g[i*m : (i+1)*m] {
			s[j] += v
		}
	}
	return out, nil
}
