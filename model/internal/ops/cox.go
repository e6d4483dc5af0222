package ops

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Ties says how the Cox partial likelihood treats events at the same time.
type Ties int

const (
	// Breslow gives each of d tied events the whole risk set (Breslow
	// 1974): −d·log S for the group.
	Breslow Ties = iota
	// Efron takes out the tied events' own risk a d-th at a time (Efron
	// 1977): −Σ_{l<d} log(S − (l/d)·T), T the tied events' risk.
	Efron
)

// CoxLoss returns the node −ℓ(η)/E, the negative Cox partial
// log-likelihood of the risk scores out [n×1] over the risk sets of the
// rows themselves, divided by the number E of events (0 when there is
// none), for targets y [n×2]: each row's time and event (1 observed, 0
// censored). The risk set of a time t holds the rows whose time is t or
// later.
func CoxLoss(out, y *G.Node, ties Ties) (*G.Node, error) {
	return G.ApplyOp(&coxLoss{opBase: opBase{name: "Cox" + ties.String()}, ties: ties}, out, y)
}

func (t Ties) String() string {
	if t == Efron {
		return "Efron"
	}
	return "Breslow"
}

// coxLoss is CoxLoss's op: inputs out [n×1] and y [n×2], output a scalar.
type coxLoss struct {
	opBase
	ties Ties
	cox  coxState
}

func (op *coxLoss) Arity() int { return 2 }
func (op *coxLoss) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), a)
}
func (op *coxLoss) Hashcode() uint32 { return op.hashOf(op) }
func (op *coxLoss) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	if err := coxShapes(in[0].(tensor.Shape), in[1].(tensor.Shape)); err != nil {
		return nil, err
	}
	return tensor.ScalarShape(), nil
}

func coxShapes(out, y tensor.Shape) error {
	if len(out) != 2 || len(y) != 2 || out[1] != 1 || y[1] != 2 || out[0] != y[0] {
		return fmt.Errorf("model: a Cox loss of risks %v and targets %v; want n×1 and n×2 (time, event)", out, y)
	}
	return nil
}

func (op *coxLoss) Do(in ...G.Value) (G.Value, error) {
	return G.NewF64(op.cox.loss(values(in[0]), values(in[1]), op.ties, nil)), nil
}

func (op *coxLoss) DiffWRT(int) []bool { return []bool{true, false} }

func (op *coxLoss) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(&coxGrad{opBase: opBase{name: "d" + op.name}, ties: op.ties}, in[0], in[1], grad)
	return G.Nodes{d, nil}, err
}

// coxGrad is the gradient of coxLoss with respect to out, times the
// scalar gradient g.
type coxGrad struct {
	opBase
	ties Ties
	cox  coxState
}

func (op *coxGrad) Arity() int { return 3 }
func (op *coxGrad) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a), a, matrixOf(a))
}
func (op *coxGrad) Hashcode() uint32 { return op.hashOf(op) }
func (op *coxGrad) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}

func (op *coxGrad) Do(in ...G.Value) (G.Value, error) {
	n, _ := dims(in[0])
	res := op.output(n, 1)
	d := values(res)
	op.cox.loss(values(in[0]), values(in[1]), op.ties, d)
	g := in[2].Data().(float64)
	for i := range d {
		d[i] *= g
	}
	return res, nil
}

// coxState holds the buffers of the loss, reused from run to run.
type coxState struct {
	order  []int
	groups []coxGroup
}

// coxGroup is a run of rows of equal time in coxState.order, with the
// largest η of its risk set and its terms of the gradient on that scale
// (see coxState.loss).
type coxGroup struct {
	start, end int
	m, a, b    float64
}

// loss returns −ℓ(η)/E for risk scores eta and targets y (time, event,
// row-major) and, when grad is not nil, writes its gradient there.
//
// With the rows in order of time, groups of equal times walked from the
// latest, S_g is the sum of exp(η) over the risk set of group g, d_g its
// events and T_g their exp(η). Breslow: ℓ = Σ_g (Σ_{events} η − d_g·log
// S_g) and ∂ℓ/∂η_k = δ_k − exp(η_k)·Σ_{g: t_g ≤ t_k} d_g/S_g. Efron:
// ℓ = Σ_g (Σ_{events} η − Σ_{l<d_g} log(S_g − (l/d_g)·T_g)) and
// ∂ℓ/∂η_k = δ_k − exp(η_k)·(Σ_{g: t_g ≤ t_k} Σ_l 1/(S_g − (l/d_g)T_g)
// − δ_k·Σ_l (l/d_g)/(S_g − (l/d_g)T_g) for k's own group). Each S_g is
// kept as s·exp(m_g), m_g the largest η of its risk set, and each sum of
// the gradient on the scale of its group's m: no exp overflows, and a
// risk set far below the largest η does not vanish to 0 (nor its log to
// −∞).
func (c *coxState) loss(eta, y []float64, ties Ties, grad []float64) float64 {
	n := len(eta)
	if cap(c.order) < n {
		c.order = make([]int, n)
	}
	order := c.order[:n]
	for i := range order {
		order[i] = i
	}
	time := func(i int) float64 { return y[2*i] }
	// Latest first; equal times in row order, so that the sums, and the
	// loss, do not depend on how a sort breaks ties.
	slices.SortFunc(order, func(a, b int) int {
		if r := cmp.Compare(time(b), time(a)); r != 0 {
			return r
		}
		return a - b
	})
	// First pass, latest first: the loss, and each group's terms of the
	// gradient on the scale exp(−m_g): a = Σ_l 1/(S − (l/d)·T) (d/S for
	// Breslow) and b = Σ_l (l/d)/(S − (l/d)·T) (0 for Breslow).
	var ll, events float64
	m, s := math.Inf(-1), 0.0 // S = s·exp(m)
	groups := c.groups[:0]    // latest first
	for start := 0; start < n; {
		end := start + 1
		for end < n && time(order[end]) == time(order[start]) {
			end++
		}
		for _, i := range order[start:end] {
			if eta[i] > m {
				s *= math.Exp(m - eta[i])
				m = eta[i]
			}
			s += math.Exp(eta[i] - m)
		}
		var d, t, sumEta float64
		for _, i := range order[start:end] {
			if y[2*i+1] == 1 {
				d++
				t += math.Exp(eta[i] - m)
				sumEta += eta[i]
			}
		}
		g := coxGroup{start: start, end: end, m: m}
		if d > 0 {
			events += d
			ll += sumEta
			if ties == Efron {
				for l := range int(d) {
					f := float64(l) / d
					ll -= math.Log(s-f*t) + m
					g.a += 1 / (s - f*t)
					g.b += f / (s - f*t)
				}
			} else {
				ll -= d * (math.Log(s) + m)
				g.a = d / s
			}
		}
		groups = append(groups, g)
		start = end
	}
	c.groups = groups
	if events == 0 {
		clear(grad)
		return 0
	}
	// Second pass, earliest first: acc accumulates Σ_{g: t_g ≤ t_k} a_g
	// on the scale of the current group's m, which does not grow as the
	// risk sets shrink.
	acc, scale := 0.0, math.Inf(1)
	for gi := len(groups) - 1; gi >= 0 && grad != nil; gi-- {
		g := groups[gi]
		if scale != math.Inf(1) {
			acc *= math.Exp(g.m - scale)
		}
		scale = g.m
		acc += g.a
		for _, k := range order[g.start:g.end] {
			e := y[2*k+1]
			grad[k] = -(e - math.Exp(eta[k]-g.m)*(acc-e*g.b)) / events
		}
	}
	return -ll / events
}

// CoxLossValue returns the value of CoxLoss, −ℓ(η)/E, for risk scores
// eta and targets y (time, event, row-major), outside a graph: the loss
// of rows whose outputs were computed apart (a table evaluated a block
// at a time).
func CoxLossValue(eta, y []float64, ties Ties) float64 {
	var c coxState
	return c.loss(eta, y, ties, nil)
}
