package regularize

import (
	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/model"
)

// prox-adam: Adam on the smooth loss followed, for the selection weights,
// by the soft threshold preconditioned with Adam's own scaling,
//
//	θ_j ← S_{t_j}(θ_j − lr·m̂_j/(√v̂_j+ε)),   t_j = lr·λ/(√v̂_j+ε)
//
// (ProxGen, Yun, Lozano and Yang, NeurIPS 2021). Adam's moments see only
// the gradient of the smooth loss, never the penalty, and the fixed points
// are the lasso's KKT points: θ_j = 0 exactly when |m̂_j| ≤ λ. With λ = 0
// it is Adam.
func init() {
	register(2, Method{
		Name:             "prox-adam",
		Help:             "Adam on the data loss, then soft threshold lr·λ/(√v̂+ε); lasso fixed points",
		DefaultLearnRate: model.DefaultLearnRate,
		DefaultLambda:    func(int, Spec) float64 { return 0.01 },
		Theta:            true,
		WeightMeaning:    thetaMeaning,
		Configure: func(s Spec, _ *model.Net, cfg *model.Config) error {
			cfg.Solver = func(lr float64) G.Solver { return &model.Adam{LearnRate: lr} }
			// The threshold completes Adam's step, so it runs before every
			// other post-step operator, the caller's included.
			cfg.Hooks = append([]model.Hook{onUnits(func(w []float64) Prox { return ScaledL1{s.Lambda, w} })}, cfg.Hooks...)
			return nil
		},
	})
}
