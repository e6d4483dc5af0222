package regularize

import "github.com/featsel/featsel/model"

// OnTheta returns a hook that applies p to the selection weights θ after
// every optimizer step, with the step's scaling (model.Step.Scaling).
func OnTheta(p Prox) model.Hook {
	return model.HookFunc(func(s *model.Step) error {
		theta := s.Net.ThetaParam()
		p.Prox(theta.Data(), s.Scaling(theta))
		return nil
	})
}
