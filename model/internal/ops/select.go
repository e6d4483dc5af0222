package ops

import (
	"fmt"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Select returns the selection layer's node x ⊙ θ, with θ [d] broadcast
// over the rows of x [n×d]. The input is data, so only θ has a gradient:
// dL/dθ_j = Σ_i x_ij·g_ij.
func Select(x, theta *G.Node) (*G.Node, error) {
	return G.ApplyOp(&selectOp{opBase{name: "select"}}, x, theta)
}

// Selected returns the data and θ nodes when x is the output of Select,
// so that a first layer can fold θ into its weights (FoldedLinear).
func Selected(x *G.Node) (data, theta *G.Node, ok bool) {
	if _, ok := x.Op().(*selectOp); !ok {
		return nil, nil, false
	}
	in := x.Graph().From(x.ID()) // the op's arguments, in order
	in.Next()
	data = in.Node().(*G.Node)
	in.Next()
	theta = in.Node().(*G.Node)
	return data, theta, true
}

// selectOp is the op of Select.
type selectOp struct{ opBase }

func (op *selectOp) Arity() int { return 2 }
func (op *selectOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), vectorOf(a), matrixOf(a))
}
func (op *selectOp) Hashcode() uint32 { return op.hashOf(op) }
func (op *selectOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	x, th := in[0].(tensor.Shape), in[1].(tensor.Shape)
	if len(x) != 2 || th.TotalSize() != x[1] {
		return nil, fmt.Errorf("model: selection of %v by %v", x, th)
	}
	return x.Clone(), nil
}

func (op *selectOp) Do(in ...G.Value) (G.Value, error) {
	n, d := dims(in[0])
	res := op.output(n, d)
	x, th, out := values(in[0]), values(in[1]), values(res)
	for i := range n {
		row, src := out[i*d:(i+1)*d], x[i*d:(i+1)*d]
		for j := range row {
			row[j] = src[j] * th[j]
		}
	}
	return res, nil
}

func (op *selectOp) DiffWRT(int) []bool { return []bool{false, true} }

func (op *selectOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(&selectGrad{opBase{name: "dselect"}}, in[0], grad)
	return G.Nodes{nil, d}, err
}

// selectGrad computes dL/dθ = Σ_i x_ij·g_ij from x and g.
type selectGrad struct{ opBase }

func (op *selectGrad) Arity() int { return 2 }
func (op *selectGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), vectorOf(a))
}
func (op *selectGrad) Hashcode() uint32 { return op.hashOf(op) }
func (op *selectGrad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{in[0].(tensor.Shape)[1]}, nil
}

func (op *selectGrad) Do(in ...G.Value) (G.Value, error) {
	n, d := dims(in[0])
	res := op.output(d)
	x, g, out := values(in[0]), values(in[1]), values(res)
	clear(out)
	for i := range n {
		xr, gr := x[i*d:(i+1)*d], g[i*d:(i+1)*d]
		for j := range out {
			out[j] += xr[j] * gr[j]
		}
	}
	return res, nil
}
