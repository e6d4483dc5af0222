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
