package regularize

import "github.com/featsel/featsel/model"

// OnTheta returns a hook that applies p to the selection weights θ after
// every optimizer step, with the step's learning rate.
func OnTheta(p Prox) model.Hook {
	return model.HookFunc(func(s *model.Step) error {
		p.Prox(s.Net.Theta(), s.LearnRate)
		return nil
	})
}
