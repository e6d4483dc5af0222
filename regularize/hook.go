package regularize

import "github.com/featsel/featsel/model"

// OnTheta returns a hook that applies p to the selection weights θ after
// every optimizer step, with the step's scaling (model.Step.Scaling). p
// acts as given: to weigh a category's θ by √width as the built-in
// methods do, give it the network's model.Net.PenaltyWeights (L1.Weights).
func OnTheta(p Prox) model.Hook {
	return model.HookFunc(func(s *model.Step) error {
		proxTheta(s, p)
		return nil
	})
}

// proxTheta applies p to the selection weights θ with the step's scaling.
func proxTheta(s *model.Step, p Prox) {
	theta := s.Net.ThetaParam()
	p.Prox(theta.Data(), s.Scaling(theta))
}

// onUnits returns a hook that applies the penalty penalty(weights) to θ
// after every step, as OnTheta does, with the network's penalty weights
// (model.Net.PenaltyWeights: √width per unit, nil when every unit is one
// feature). The operator is made again when the network changes.
func onUnits(penalty func(weights []float64) Prox) model.Hook {
	var net *model.Net
	var p Prox
	return model.HookFunc(func(s *model.Step) error {
		if s.Net != net {
			net, p = s.Net, penalty(s.Net.PenaltyWeights())
		}
		proxTheta(s, p)
		return nil
	})
}
