package regularize

import "math"

// Prox is a proximal operator. Prox overwrites w with
//
//	argmin_u ½‖u − w‖² + step·g(u)
//
// for the operator's penalty g; step is the learning rate of the step it
// follows. A new regulariser is a type with this one method.
type Prox interface {
	Prox(w []float64, step float64)
}

// L1 is the penalty Lambda·‖u‖₁. Its proximal operator is the soft
// threshold S_t(x) = sign(x)·max(|x| − t, 0) with t = step·Lambda, which
// sets small weights to exactly zero.
type L1 struct{ Lambda float64 }

// Prox implements [Prox].
func (p L1) Prox(w []float64, step float64) { softThreshold(w, step*p.Lambda) }

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
func (p Hard) Prox(w []float64, _ float64) {
	for i, x := range w {
		if math.Abs(x) < p.Tau {
			w[i] = 0
		}
	}
}

// Group is the group-lasso penalty Lambda·Σ_b ‖u_b‖₂ over consecutive
// blocks of Size values. Its proximal operator is the block soft threshold
// u_b ← u_b·max(1 − t/‖u_b‖, 0) with t = step·Lambda, which zeroes whole
// blocks.
type Group struct {
	Lambda float64
	Size   int
}

// Prox implements [Prox]. It panics if len(w) is not a multiple of Size.
func (p Group) Prox(w []float64, step float64) {
	if p.Size <= 0 || len(w)%p.Size != 0 {
		panic("regularize: group size does not divide the weights")
	}
	t := step * p.Lambda
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
func (c Chain) Prox(w []float64, step float64) {
	for _, p := range c {
		p.Prox(w, step)
	}
}
