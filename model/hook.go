package model

// Step describes one optimizer step to a [Hook].
type Step struct {
	Net *Net
	// Epoch counts from 1; Iter counts steps from 1 over the whole run.
	Epoch, Iter int
	// LearnRate is the solver's learning rate (gorgonia's solvers do not
	// expose it).
	LearnRate float64
	// Loss is the batch loss before the step, penalty included.
	Loss float64

	scaling func(p *Param) []float64
}

// Scaling returns the step the solver just took on each coordinate of p,
// so that a proximal operator can act in the solver's geometry: for
// [Adam], lr/(√v̂_j+ε) per coordinate. Scale is nil for a solver that is
// not a [Scaler] (gorgonia's VanillaSolver, whose step is lr everywhere;
// gorgonia's own AdamSolver, which does not report its scale), and for a
// parameter the solver did not update. The slice is reused by the next
// call for the same parameter.
func (s *Step) Scaling(p *Param) Scaling[float64] {
	sc := Scaling[float64]{LR: s.LearnRate}
	if s.scaling != nil {
		sc.Scale = s.scaling(p)
	}
	return sc
}

// Float is the element type of a parameter.
type Float interface{ ~float32 | ~float64 }

// Scaling is the step a solver took on the coordinates of one parameter:
// the scalar learning rate LR and, for a solver that scales each
// coordinate (Adam), the step of each one. Proximal operators receive it
// (jaxopt's prox(x, hyper, scaling)) and use the geometry that defines
// them: a threshold t = LR·λ for the classic proximal step, t_j =
// Scale_j·λ for one preconditioned like Adam.
type Scaling[T Float] struct {
	LR    T
	Scale []T
}

// At returns coordinate j's step: Scale[j], or LR when Scale is nil.
func (s Scaling[T]) At(j int) T {
	if s.Scale == nil {
		return s.LR
	}
	return s.Scale[j]
}

// Scaler is a solver that takes a step of its own size on each
// coordinate. Scale writes into dst (grown as needed) the step its last
// update took on each coordinate of the i-th parameter it received, and
// returns it.
type Scaler interface {
	Scale(i int, dst []float64) []float64
}

// Hook runs after every optimizer step. It may change the network's
// parameters in place (through [Param.Data]); the next step reads them. An
// error stops training and is returned by [Train].
type Hook interface {
	AfterStep(s *Step) error
}

// HookFunc adapts a function to a [Hook].
type HookFunc func(s *Step) error

// AfterStep calls f(s).
func (f HookFunc) AfterStep(s *Step) error { return f(s) }
