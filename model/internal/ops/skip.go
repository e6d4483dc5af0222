package ops

import (
	"fmt"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
)

// AddLinear returns the node h + x·V, for h [n×m], x [n×k] and V [k×m]:
// MLP's skip layer (a linear path from the selected input to the output)
// in one node instead of gorgonia's product and sum, which allocate their
// results on every run. The gradients are h's own, g, and those of a free
// linear layer (see normLinearGrad).
func AddLinear(h, x, v *G.Node, backend kernel.Backend) (*G.Node, error) {
	op := &addLinear{opBase: opBase{name: "addLinear"}, Products: kernel.Products{Backend: backend}}
	return G.ApplyOp(op, h, x, v)
}

// addLinear is the op of AddLinear.
type addLinear struct {
	opBase
	kernel.Products
}

func (op *addLinear) Arity() int { return 3 }
func (op *addLinear) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), matrixOf(a), matrixOf(a))
}
func (op *addLinear) Hashcode() uint32 { return op.hashOf(op) }
func (op *addLinear) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	h, x, v := in[0].(tensor.Shape), in[1].(tensor.Shape), in[2].(tensor.Shape)
	if len(h) != 2 || len(x) != 2 || len(v) != 2 || x[1] != v[0] || h[0] != x[0] || h[1] != v[1] {
		return nil, fmt.Errorf("model: %v + %v·%v", h, x, v)
	}
	return h.Clone(), nil
}

func (op *addLinear) Do(in ...G.Value) (G.Value, error) {
	h, x, v := values(in[0]), values(in[1]), values(in[2])
	n, k := dims(in[1])
	_, m := dims(in[2])
	res := op.output(n, m)
	out := values(res)
	copy(out, h)
	op.Mul(out, x, v, n, k, m, true)
	return res, nil
}

func (op *addLinear) DiffWRT(int) []bool { return []bool{true, true, true} }

func (op *addLinear) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(newNormLinearGrad(Free, 0, 0, kernel.Products{Backend: op.Backend}), in[1], in[2], grad)
	if err != nil {
		return nil, err
	}
	dv, err := G.ApplyOp(newNormLinearGrad(Free, 0, 1, kernel.Products{Backend: op.Backend}), in[1], in[2], grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{grad, dx, dv}, nil
}
