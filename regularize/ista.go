package regularize

import (
	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/model"
)

// ista: a plain gradient step, then the soft threshold with t = lr·λ
// (proximal gradient descent); it wants a larger learning rate than Adam.
func init() {
	register(4, Method{
		Name:             "ista",
		Help:             "plain gradient step, then soft threshold lr·λ (try --lr 0.05 or more)",
		DefaultLearnRate: 0.1,
		DefaultLambda:    func(int, Spec) float64 { return 0.01 },
		Theta:            true,
		WeightMeaning:    thetaMeaning,
		Configure: func(s Spec, _ *model.Net, cfg *model.Config) error {
			cfg.Solver = func(lr float64) G.Solver { return G.NewVanillaSolver(G.WithLearnRate(lr)) }
			cfg.Hooks = append(cfg.Hooks, onUnits(func(w []float64) Prox { return L1{s.Lambda, w} }))
			return nil
		},
	})
}
