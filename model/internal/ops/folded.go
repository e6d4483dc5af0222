package ops

import (
	"fmt"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
)

// FoldedLinear returns the node of the selection layer folded into the
// first normalised layer: Select(x, θ) followed by NormLinear with
// RowNorm, in one op, for x [n×d], θ [d], V [d×m] and b [m]. As two ops
// (x⊙θ, then a layer with unit-norm rows) a step costs three matrix
// products: the forward one, dL/dV, and dL/d(x⊙θ), which only exists to
// be reduced to the d values of dL/dθ. Folded, θ scales the rows of the
// weights instead of the columns of the data:
//
//	out = x·W + b,  W_j = θ_j·V_j/‖V_j‖
//
// and both gradients come from the one product B = xᵀ·g:
//
//	dL/dθ_j = ⟨B_j, V_j⟩/‖V_j‖
//	dL/dV_j = θ_j/‖V_j‖·(B_j − ⟨B_j, V_j⟩·V_j/‖V_j‖²)
//
// (the chain rule through W_j; the second term is the derivative through
// the norm). The result equals the two ops' up to rounding: the products
// are summed in another order. With units (see Select), θ_j is θ[units[j]]
// and dL/dθ_u sums the first formula over the unit's columns j.
func FoldedLinear(x, theta *G.Node, units Units, v, b *G.Node, backend kernel.Backend) (*G.Node, error) {
	op := &foldedLinear{opBase: opBase{name: "foldedLinear" + units.suffix()}, scratch: scratch{Products: kernel.Products{Backend: backend, Sparse: true}}, units: units}
	return G.ApplyOp(op, x, theta, v, b)
}

// foldedLinear is the op of FoldedLinear: out = x·W + b with W as above.
type foldedLinear struct {
	opBase
	scratch
	units  Units
	active []int          // the columns the product walks: those with θ_j ≠ 0 when it skips the others
	xa     []float64      // x's active columns
	w32    []float32      // W, when the product sums in single precision
	grads  []*foldedGrads // of each SymDiff: stale once the layer runs again
}

func (op *foldedLinear) Arity() int { return 4 }
func (op *foldedLinear) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), vectorOf(a), matrixOf(a), vectorOf(a), matrixOf(a))
}
func (op *foldedLinear) Hashcode() uint32 { return op.hashOf(op) }
func (op *foldedLinear) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	x, th, v := in[0].(tensor.Shape), in[1].(tensor.Shape), in[2].(tensor.Shape)
	if len(x) != 2 || len(v) != 2 || x[1] != v[0] || (op.units != nil && len(op.units) != x[1]) || th.TotalSize() != op.units.Count(x[1]) {
		return nil, fmt.Errorf("model: folded layer of %v, %v and %v", x, th, v)
	}
	return tensor.Shape{x[0], v[1]}, nil
}

// On the kernel's backends the forward product skips the columns whose
// θ_j is exactly zero (their row of W is zero) once they are at least
// this share of the columns: gathering the others' values of x costs a
// pass over them, repaid by the rows of W the product no longer walks.
// The kernel adds a zero row's terms as zeros and the others' in the same
// order either way, so on AVX2 out is the same, bit for bit (up to the
// sign of a zero sum, and to the NaN that an infinite x or a zero row of V
// would give the full product: the reader refuses the one, the
// initialisation rules out the other). On AVX2F32 a product's sums run in float32 or
// float64 by their length and x's zeros (see kernel.Products.Mul), which
// the skip changes: there it rounds otherwise, as float32 does. gonum's
// BLAS arranges a product by its shape, so where it runs (the backend
// BLAS, and layers of fewer than kernel.MinRow outputs) the skip would
// round differently and is not made. The gradients still need every column:
// under a proximal method a zero θ_j comes back when dL/dθ_j outgrows λ.
const skipShare = 4 // one column in four

func (op *foldedLinear) Do(in ...G.Value) (G.Value, error) {
	x, th, v, b := values(in[0]), values(in[1]), values(in[2]), values(in[3])
	n, d := dims(in[0])
	_, m := dims(in[2])
	for _, g := range op.grads {
		g.fresh = false
	}
	zeros := 0
	for j := range d {
		if th[op.units.of(j)] == 0 {
			zeros++
		}
	}
	skip := op.Backend != kernel.BLAS && m >= kernel.MinRow && skipShare*zeros >= d
	op.active = op.active[:0]
	for j := range d {
		if !skip || th[op.units.of(j)] != 0 {
			op.active = append(op.active, j)
		}
	}
	res := op.output(n, m)
	out := values(res)
	for i := range n {
		copy(out[i*m:(i+1)*m], b)
	}
	k := len(op.active)
	if skip { // x's active columns
		xa := grow(&op.xa, n*k)
		for i := range n {
			xi, xai := x[i*d:(i+1)*d], xa[i*k:(i+1)*k]
			for a, j := range op.active {
				xai[a] = xi[j]
			}
		}
		x = xa
	}
	if k == 0 {
		return res, nil
	}
	// W_j = (V_j/‖V_j‖)·θ_j on the rows the product walks, in one pass,
	// in the precision the product sums in (narrowing W afterwards took
	// another pass over it).
	if op.Single(x, n, k, m) {
		w32 := grow(&op.w32, k*m)
		kernel.Rows(k, 2*k*m, foldPass[float32]{w32, v, th, op.active, op.units, m})
		op.MulSingle(out, x, w32, n, k, m)
		return res, nil
	}
	w := grow(&op.w, k*m)
	kernel.Rows(k, 2*k*m, foldPass[float64]{w, v, th, op.active, op.units, m})
	op.Mul(out, x, w, n, k, m, true)
	return res, nil
}

func (op *foldedLinear) DiffWRT(int) []bool { return []bool{false, true, true, true} }

// SymDiff's gradient ops share what they compute (see foldedGrads), which
// the layer's forward makes stale. They take the forward's output, which
// they do not read, so that a run that computes them computes it first.
func (op *foldedLinear) SymDiff(in G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	sh := &foldedGrads{Products: kernel.Products{Backend: op.Backend, Sparse: true}}
	op.grads = append(op.grads, sh)
	dth, err := G.ApplyOp(&foldedGrad{opBase: opBase{name: "d" + op.name + "/dθ"}, units: op.units, shared: sh}, in[0], grad, in[1], in[2], output)
	if err != nil {
		return nil, err
	}
	dv, err := G.ApplyOp(&foldedGrad{opBase: opBase{name: "d" + op.name + "/dV"}, wrtV: true, units: op.units, shared: sh}, in[0], grad, in[1], in[2], output)
	if err != nil {
		return nil, err
	}
	db, err := G.ApplyOp(&colSum{opBase{name: "d" + op.name + "/db"}}, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{nil, dth, dv, db}, nil
}

// foldedGrads is what the two gradient ops of a folded layer share: the
// product B = xᵀ·g, for each row j of B and V ⟨B_j, V_j⟩ and ‖V_j‖², and
// dL/dV itself, computed by the first of the ops to run after the layer's
// forward (the sums and dL/dV in one pass over B and V) and read by the
// other. B stays in the precision its sums ran in (Products.TMulSingle):
// widened to float64 it took a pass more and twice the bytes to read.
type foldedGrads struct {
	kernel.Products
	b       []float64 // B, when summed in float64
	dot, sq []float64
	dv      *tensor.Dense // dL/dV: the dV op's result
	fresh   bool          // computed since the layer's last forward
}

// of returns the row sums and dL/dV for x [n×d], g [n×m], θ and V [d×m],
// computing them when stale.
func (s *foldedGrads) of(x, g, th, v []float64, units Units, n, d, m int) (dot, sq []float64, dv *tensor.Dense) {
	if !s.fresh {
		s.dot, s.sq = grow(&s.dot, d), grow(&s.sq, d)
		if s.dv == nil || !s.dv.Shape().Eq(tensor.Shape{d, m}) {
			s.dv = tensor.New(tensor.WithShape(d, m), tensor.Of(tensor.Float64))
		}
		if s.SingleT(x, n, d, m) {
			kernel.Rows(d, 3*d*m, gradPass[float32]{s.dot, s.sq, values(s.dv), s.TMulSingle(x, g, n, d, m), v, th, units, m})
		} else {
			b := grow(&s.b, d*m)
			s.TMul(b, x, g, n, d, m)
			kernel.Rows(d, 3*d*m, gradPass[float64]{s.dot, s.sq, values(s.dv), b, v, th, units, m})
		}
		s.fresh = true
	}
	return s.dot, s.sq, s.dv
}

// foldPass builds the rows of W the product walks (see foldedLinear.Do),
// in the product's precision: row a is W_j for j = active[a].
type foldPass[T float32 | float64] struct {
	w      []T
	v, th  []float64
	active []int
	units  Units
	m      int
}

func (p foldPass[T]) Rows(lo, hi int) {
	m := p.m
	var sq [4]float64
	for a := lo; a < hi; a += len(sq) {
		rows := p.active[a:min(a+len(sq), hi)]
		if len(rows) == len(sq) {
			sq = kernel.Squares4(&[4][]float64{p.v[rows[0]*m:][:m], p.v[rows[1]*m:][:m], p.v[rows[2]*m:][:m], p.v[rows[3]*m:][:m]})
		} else {
			for i, j := range rows {
				sq[i] = sumSquares(p.v[j*m : (j+1)*m])
			}
		}
		for i, j := range rows {
			kernel.Scale(p.w[(a+i)*m:(a+i+1)*m], p.v[j*m:(j+1)*m], 1/math.Sqrt(sq[i]), p.th[p.units.of(j)])
		}
	}
}

// gradPass computes, for rows j of B and V, foldedGrads' sums and dL/dV_j
// (see FoldedLinear): four rows' sums side by side (kernel.DotSquares4),
// then their gradients while the rows are in cache.
type gradPass[T float32 | float64] struct {
	dot, sq, dv []float64
	b           []T
	v, th       []float64
	units       Units
	m           int
}

func (p gradPass[T]) Rows(lo, hi int) {
	m := p.m
	j := lo
	for ; j+4 <= hi; j += 4 {
		dot, sq := kernel.DotSquares4(
			&[4][]T{p.b[j*m:][:m], p.b[(j+1)*m:][:m], p.b[(j+2)*m:][:m], p.b[(j+3)*m:][:m]},
			&[4][]float64{p.v[j*m:][:m], p.v[(j+1)*m:][:m], p.v[(j+2)*m:][:m], p.v[(j+3)*m:][:m]})
		copy(p.dot[j:j+4], dot[:])
		copy(p.sq[j:j+4], sq[:])
		for i := j; i < j+4; i++ {
			p.grad(i)
		}
	}
	for ; j < hi; j++ {
		bj, vj := p.b[j*m:(j+1)*m], p.v[j*m:(j+1)*m]
		dot, sq := 0.0, 0.0
		for c := range bj {
			dot += float64(float64(bj[c]) * vj[c])
			sq += float64(vj[c] * vj[c])
		}
		p.dot[j], p.sq[j] = dot, sq
		p.grad(j)
	}
}

// grad sets row j of dL/dV from its sums.
func (p gradPass[T]) grad(j int) {
	m := p.m
	s, f := p.th[p.units.of(j)]*(1/math.Sqrt(p.sq[j])), p.dot[j]/p.sq[j]
	kernel.Project(p.dv[j*m:(j+1)*m], p.b[j*m:(j+1)*m], p.v[j*m:(j+1)*m], s, f)
}

// foldedGrad computes dL/dθ, or dL/dV when wrtV, from x, g, θ and V (see
// the formulas above), and the layer's output (not read; see SymDiff).
type foldedGrad struct {
	opBase
	wrtV   bool
	units  Units
	shared *foldedGrads // with the layer's other gradient
}

func (op *foldedGrad) Arity() int { return 5 }
func (op *foldedGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	if op.wrtV {
		return hm.NewFnType(matrixOf(a), matrixOf(a), vectorOf(a), matrixOf(a), matrixOf(a), matrixOf(a))
	}
	return hm.NewFnType(matrixOf(a), matrixOf(a), vectorOf(a), matrixOf(a), matrixOf(a), vectorOf(a))
}
func (op *foldedGrad) Hashcode() uint32 { return op.hashOf(op) }
func (op *foldedGrad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if op.wrtV {
		return in[3].(tensor.Shape).Clone(), nil
	}
	return in[2].(tensor.Shape).Clone(), nil
}

func (op *foldedGrad) Do(in ...G.Value) (G.Value, error) {
	x, g, th, v := values(in[0]), values(in[1]), values(in[2]), values(in[3])
	n, _ := dims(in[0])
	d, m := dims(in[3])
	dots, sqs, dv := op.shared.of(x, g, th, v, op.units, n, d, m)
	if op.wrtV {
		return dv, nil
	}
	res := op.output(op.units.Count(d))
	out := values(res)
	if op.units != nil {
		clear(out)
	}
	for j := range d {
		// (the conversion keeps a compiler from fusing the product into
		// the sum of a unit's columns)
		if dot := float64(dots[j] * (1 / math.Sqrt(sqs[j]))); op.units != nil {
			out[op.units[j]] += dot
		} else {
			out[j] = dot
		}
	}
	return res, nil
}
