package regularize

import (
	"math"

	"github.com/featsel/featsel/model"
)

// Prox is a proximal operator. Prox overwrites w with
//
//	argmin_u ½‖u − w‖²_D + g(u)
//
// for the operator's penalty g, in the geometry of the step it follows:
// s gives the solver's learning rate s.LR and, for a solver that scales
// each coordinate (Adam), the step s.Scale[j] of each one. An operator
// uses the geometry that defines it: the classic proximal step divides
// the penalty by the scalar step (D = I/s.LR: threshold s.LR·λ), a
// preconditioned one by each coordinate's (D = diag(1/s.Scale)). A new
// regulariser is a type with this one method.
type Prox interface {
	Prox(w []float64, s model.Scaling[float64])
}

// L1 is the penalty Lambda·Σ_j Weights_j·|u_j| in the scalar geometry
// (Weights nil: every weight 1, Lambda·‖u‖₁). Its proximal operator is the
// soft threshold S_t(x) = sign(x)·max(|x| − t, 0) with t_j =
// s.LR·Lambda·Weights_j, which sets small weights to exactly zero.
type L1 struct {
	Lambda float64
	// Weights, when not nil, weighs each coordinate's penalty: √width
	// for a selection unit of several features (model.Net.PenaltyWeights).
	Weights []float64
}

// Prox implements [Prox].
func (p L1) Prox(w []float64, s model.Scaling[float64]) {
	if p.Weights == nil {
		softThreshold(w, s.LR*p.Lambda)
		return
	}
	t := s.LR * p.Lambda
	for j, x := range w {
		w[j] = soft(x, t*p.Weights[j])
	}
}

// ScaledL1 is the penalty Lambda·Σ_j Weights_j·|u_j| in the solver's own
// geometry: the soft threshold of coordinate j is t_j =
// s.At(j)·Lambda·Weights_j, which for Adam is lr·λ·w_j/(√v̂_j+ε) (ProxGen;
// the prox-adam method). Its fixed points are the weighted lasso's KKT
// points whatever the preconditioner.
type ScaledL1 struct {
	Lambda float64
	// Weights is as L1's: nil means every weight 1.
	Weights []float64
}

// Prox implements [Prox].
func (p ScaledL1) Prox(w []float64, s model.Scaling[float64]) {
	switch {
	case s.Scale == nil:
		L1(p).Prox(w, s)
	case p.Weights == nil:
		for j, x := range w {
			w[j] = soft(x, s.Scale[j]*p.Lambda)
		}
	default:
		for j, x := range w {
			w[j] = soft(x, s.Scale[j]*p.Lambda*p.Weights[j])
		}
	}
}

func softThreshold(w []float64, t float64) {
	for i, x := range w {
		w[i] = soft(x, t)
	}
}

// soft returns S_t(x) = sign(x)·max(|x| − t, 0).
func soft(x, t float64) float64 {
	switch {
	case x > t:
		return x - t
	case x < -t:
		return x + t
	}
	return 0
}

// Hard zeroes the weights with |w| < Tau and leaves the others alone,
// whatever the step: the proximal operator of the penalty that is 0 at
// u = 0 or |u| ≥ Tau and +∞ in between (a threshold heuristic, not a
// convex penalty).
type Hard struct{ Tau float64 }

// Prox implements [Prox].
func (p Hard) Prox(w []float64, _ model.Scaling[float64]) {
	for i, x := range w {
		if math.Abs(x) < p.Tau {
			w[i] = 0
		}
	}
}

// Group is the group-lasso penalty Lambda·Σ_b ‖u_b‖₂ over consecutive
// blocks of Size values. Its proximal operator is the block soft threshold
// u_b ← u_b·max(1 − t/‖u_b‖, 0) with t = s.LR·Lambda (the scalar
// geometry), which zeroes whole blocks.
type Group struct {
	Lambda float64
	Size   int
}

// Prox implements [Prox]. It panics if len(w) is not a multiple of Size.
func (p Group) Prox(w []float64, s model.Scaling[float64]) {
	if p.Size <= 0 || len(w)%p.Size != 0 {
		panic("regularize: group size does not divide the weights")
	}
	t := s.LR * p.Lambda
	for b := 0; b < len(w); b += p.Size {
		block := w[b : b+p.Size]
		norm := 0.0
		for _, x := range block {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		shrink := 0.0
		if norm > t {
			shrink = 1 - t/norm
		}
		for i := range block {
			block[i] *= shrink
		}
	}
}

// Chain applies its operators in order.
type Chain []Prox

// Prox implements [Prox].
func (c Chain) Prox(w []float64, s model.Scaling[float64]) {
	for _, p := range c {
		p.Prox(w, s)
	}
}
