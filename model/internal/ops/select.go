package ops

import (
	"fmt"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Select returns the selection layer's node: column j of x [n×d] times
// the selection weight of its unit, θ[units[j]], for θ [u] (a unit is a
// column of the file; a category's one-hot block is one unit of several
// columns). Units nil means one unit per column: x ⊙ θ. The input is
// data, so only θ has a gradient: dL/dθ_u = Σ_{j in u} Σ_i x_ij·g_ij.
func Select(x, theta *G.Node, units Units) (*G.Node, error) {
	return G.ApplyOp(&selectOp{opBase: opBase{name: "select" + units.suffix()}, units: units}, x, theta)
}

// Selected returns the data and θ nodes and the units when x is the
// output of Select, so that a first layer can fold θ into its weights
// (FoldedLinear).
func Selected(x *G.Node) (data, theta *G.Node, units Units, ok bool) {
	op, ok := x.Op().(*selectOp)
	if !ok {
		return nil, nil, nil, false
	}
	in := x.Graph().From(x.ID()) // the op's arguments, in order
	in.Next()
	data = in.Node().(*G.Node)
	in.Next()
	theta = in.Node().(*G.Node)
	return data, theta, op.units, true
}

// Units maps the columns of an input to its selection weights: column j
// is multiplied by θ[Units[j]]. The units of a column are nondecreasing
// (a unit's columns are consecutive) and cover 0..u−1. Nil means one unit
// per column, θ[j], the path the ops take without indexing.
type Units []int

// Count returns the number of units of d columns.
func (u Units) Count(d int) int {
	if len(u) == 0 {
		return d
	}
	return u[len(u)-1] + 1
}

// of returns the unit of column j.
func (u Units) of(j int) int {
	if u == nil {
		return j
	}
	return u[j]
}

// suffix distinguishes, in an op's name (and so its hash), ops with units
// from those without.
func (u Units) suffix() string {
	if u == nil {
		return ""
	}
	return fmt.Sprintf("/units%d", u.Count(0))
}

// selectOp is the op of Select.
type selectOp struct {
	opBase
	units Units
}

func (op *selectOp) Arity() int { return 2 }
func (op *selectOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), vectorOf(a), matrixOf(a))
}
func (op *selectOp) Hashcode() uint32 { return op.hashOf(op) }
func (op *selectOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	x, th := in[0].(tensor.Shape), in[1].(tensor.Shape)
	if len(x) != 2 || (op.units != nil && len(op.units) != x[1]) || th.TotalSize() != op.units.Count(x[1]) {
		return nil, fmt.Errorf("model: selection of %v by %v", x, th)
	}
	return x.Clone(), nil
}

func (op *selectOp) Do(in ...G.Value) (G.Value, error) {
	n, d := dims(in[0])
	res := op.output(n, d)
	x, th, out := values(in[0]), values(in[1]), values(res)
	if op.units != nil {
		for i := range n {
			row, src := out[i*d:(i+1)*d], x[i*d:(i+1)*d]
			for j, u := range op.units {
				row[j] = src[j] * th[u]
			}
		}
		return res, nil
	}
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
	d, err := G.ApplyOp(&selectGrad{opBase: opBase{name: "d" + op.name}, units: op.units}, in[0], grad)
	return G.Nodes{nil, d}, err
}

// selectGrad computes dL/dθ_u = Σ_{j in u} Σ_i x_ij·g_ij from x and g.
type selectGrad struct {
	opBase
	units Units
}

func (op *selectGrad) Arity() int { return 2 }
func (op *selectGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), vectorOf(a))
}
func (op *selectGrad) Hashcode() uint32 { return op.hashOf(op) }
func (op *selectGrad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{op.units.Count(in[0].(tensor.Shape)[1])}, nil
}

func (op *selectGrad) Do(in ...G.Value) (G.Value, error) {
	n, d := dims(in[0])
	res := op.output(op.units.Count(d))
	x, g, out := values(in[0]), values(in[1]), values(res)
	clear(out)
	if op.units != nil {
		for i := range n {
			xr, gr := x[i*d:(i+1)*d], g[i*d:(i+1)*d]
			for j, u := range op.units {
				out[u] += xr[j] * gr[j]
			}
		}
		return res, nil
	}
	for i := range n {
		xr, gr := x[i*d:(i+1)*d], g[i*d:(i+1)*d]
		for j := range out {
			out[j] += xr[j] * gr[j]
		}
	}
	return res, nil
}
