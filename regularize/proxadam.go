package regularize

import "github.com/featsel/featsel/model"

// NewProxAdam returns Adam on the smooth loss followed, for the selection
// weights, by the soft threshold preconditioned with Adam's own scaling:
//
//	θ_j ← S_{t_j}(θ_j − lr·m̂_j/(√v̂_j+ε)),   t_j = lr·λ/(√v̂_j+ε)
//
// (ProxGen, Yun, Lozano and Yang, NeurIPS 2021). Its moments see only the
// gradient of the smooth loss, never the penalty, and its fixed points are
// the lasso's KKT points: θ_j = 0 exactly when |m̂_j| ≤ λ. The other
// parameters get plain Adam. With λ = 0 it is gorgonia's AdamSolver.
func NewProxAdam(learnRate, lambda float64) *model.Adam {
	return &model.Adam{LearnRate: learnRate, Theta: func(w, scale float64) float64 { return soft(w, scale*lambda) }}
}
