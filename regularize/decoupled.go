package regularize

import "github.com/featsel/featsel/model"

// decoupled: an Adam step, then the soft threshold with t = lr·λ, the L1
// twin of AdamW; λ is unitless (a bound on Adam's normalised step).
func init() {
	register(3, Method{
		Name:             "decoupled",
		Help:             "Adam step, then soft threshold lr·λ; λ is unitless (try 0.5–2)",
		DefaultLearnRate: model.DefaultLearnRate,
		DefaultLambda:    func(int, Spec) float64 { return 1 },
		Theta:            true,
		WeightMeaning:    thetaMeaning,
		Configure: func(s Spec, _ *model.Net, cfg *model.Config) error {
			cfg.Hooks = append(cfg.Hooks, onUnits(func(w []float64) Prox { return L1{s.Lambda, w} }))
			return nil
		},
	})
}
