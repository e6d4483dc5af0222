package model

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
)

// Fused operations. gorgonia runs one graph node per operation, and on
// small layers the bookkeeping of a node (checks, allocation, scheduling)
// costs more than its arithmetic: a normalised layer built from elementary
// nodes takes 7 nodes forward and about 10 backward. The ops below compute
// the same functions in one node each, with hand-derived gradients that
// are themselves ops, so gorgonia's symbolic differentiation still builds
// the backward graph. TestGradients checks every gradient against finite
// differences.

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
func values(v G.Value) []float64       { return v.(float64s).Float64s() }
func dims(v G.Value) (rows, cols int)  { s := v.Shape(); return s[0], s[1] }
func newMatrix(r, c int) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.Of(tensor.Float64))
}

// normKind says how a fused linear layer normalises its weights V.
type normKind int

const (
	// rowNorm divides row j of V by its Euclidean norm (the first layer:
	// one row per input feature).
	rowNorm normKind = iota
	// frobenius scales V to the Frobenius norm gain.
	frobenius
	// free leaves V as it is: a plain linear layer.
	free
)

// sumSquares returns Σ v_i².
func sumSquares(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return s
}

// scales returns, for each row of V, the factor that row is multiplied
// by: 1/‖V_j‖ for rowNorm, gain/‖V‖_F for every row for frobenius, 1 for
// free.
func scales(kind normKind, gain float64, v []float64, rows, cols int, out []float64) {
	switch kind {
	case free:
		for j := range out[:rows] {
			out[j] = 1
		}
		return
	case rowNorm:
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

// normLinear is out = x·diag(r)·V + b, with r the row scales of V
// (see scales): a linear layer whose weights are normalised. Inputs x
// [n×in], V [in×out], b [out].
type normLinear struct {
	opBase
	kind normKind
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
func (s *scratch) weights(kind normKind, gain float64, v []float64, k, m int) (r, w []float64) {
	r, w = grow(&s.r, k), grow(&s.w, k*m)
	scales(kind, gain, v, k, m, r)
	for j := range k {
		for c, x := range v[j*m : (j+1)*m] {
			w[j*m+c] = r[j] * x
		}
	}
	return r, w
}

func newNormLinear(kind normKind, gain float64, b kernel.Backend) *normLinear {
	return &normLinear{opBase: opBase{name: fmt.Sprintf("normLinear{%d,%g}", kind, gain)}, kind: kind, gain: gain, scratch: scratch{Products: kernel.Products{Backend: b}}}
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
	dx, err := G.ApplyOp(newNormLinearGrad(op.kind, op.gain, 0, op.Backend), in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	dv, err := G.ApplyOp(newNormLinearGrad(op.kind, op.gain, 1, op.Backend), in[0], in[1], grad)
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
//	dL/dV_j = A_j − ⟨A_j, V_j⟩·V_j/‖V_j‖²    (rowNorm)
//	dL/dV   = A − ⟨A, V⟩·V/‖V‖²_F            (frobenius)
//	dL/dV   = A                              (free)
//
// where the second terms are the derivative through the norms.
type normLinearGrad struct {
	opBase
	kind normKind
	gain float64
	wrt  int // 0: x, 1: V
	scratch
}

// newNormLinearGrad returns the gradient op of a layer of that kind and
// gain (see normLinear) with respect to x (wrt 0) or V (wrt 1).
func newNormLinearGrad(kind normKind, gain float64, wrt int, b kernel.Backend) *normLinearGrad {
	return &normLinearGrad{opBase: opBase{name: fmt.Sprintf("dnormLinear{%d,%g}/d%d", kind, gain, wrt)}, kind: kind, gain: gain, wrt: wrt, scratch: scratch{Products: kernel.Products{Backend: b}}}
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
	case rowNorm:
		for j := range k {
			tangent(out[j*m:(j+1)*m], v[j*m:(j+1)*m])
		}
	case frobenius:
		tangent(out, v)
	}
	return res, nil
}

// grow returns a slice of n values, reusing *buf when it is large enough.
func grow(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	return (*buf)[:n]
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
		lse := logSumExp(z)
		for c := range z {
			sum -= t[c] * (z[c] - lse)
		}
	}
	return G.NewF64(sum / float64(n)), nil
}

// logSumExp returns log Σ exp(z), shifted by max(z) so that it neither
// overflows nor loses the largest terms.
func logSumExp(z []float64) float64 {
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
// (softmax(out) − y)/n·g for the cross-entropy (whose rows of y sum to 1).
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
		lse := logSumExp(z)
		for c := range z {
			row[c] = f * (math.Exp(z[c]-lse) - t[c])
		}
	}
	return res, nil
}

// selectOp is the selection layer, out = x ⊙ θ with θ broadcast over the
// rows of x [n×d]. The input is data, so only θ has a gradient:
// dL/dθ_j = Σ_i x_ij·g_ij.
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

// reluOp is max(x, 0), elementwise, with gradient g·[x > 0].
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
	// Without a branch, which the signs of x would make unpredictable
	// (2.4 times as fast): a float64 is > 0 exactly when its bits, read as
	// an int64 s, are > 0, that is when −s has the sign bit and s has not
	// (−0 is the one s with both).
	for i, v := range x {
		s := int64(math.Float64bits(v))
		mask := uint64(-s >> 63 &^ (s >> 63))
		out[i] = math.Float64frombits(math.Float64bits(g[i]) & mask)
	}
	return res, nil
}

// l1Op is the graph-level penalty λ‖θ‖₁, a scalar, with gradient
// λ·sign(θ)·g and sign(0) = 0.
type l1Op struct {
	opBase
	lambda float64
}

func (op *l1Op) Arity() int { return 1 }
func (op *l1Op) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(vectorOf(a), a)
}
func (op *l1Op) Hashcode() uint32 { return op.hashOf(op) }
func (op *l1Op) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}

func (op *l1Op) Do(in ...G.Value) (G.Value, error) {
	s := 0.0
	for _, v := range values(in[0]) {
		s += math.Abs(v)
	}
	return G.NewF64(op.lambda * s), nil
}

func (op *l1Op) DiffWRT(int) []bool { return []bool{true} }

func (op *l1Op) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(&l1Grad{opBase: opBase{name: "d" + op.name}, lambda: op.lambda}, in[0], grad)
	return G.Nodes{d}, err
}

// l1Grad computes λ·sign(θ)·g from θ and the scalar g.
type l1Grad struct {
	opBase
	lambda float64
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
	th, out := values(in[0]), values(res)
	f := op.lambda * in[1].Data().(float64)
	for i, v := range th {
		switch {
		case v > 0:
			out[i] = f
		case v < 0:
			out[i] = -f
		default:
			out[i] = 0
		}
	}
	return res, nil
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
