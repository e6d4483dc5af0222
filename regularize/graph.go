package regularize

import "github.com/featsel/featsel/model"

// graph: λ‖θ‖₁ is a node in the graph and Adam follows its subgradient;
// unused weights hover in a band about one learning rate wide.
func init() {
	register(1, Method{
		Name:             "graph",
		Help:             "L1 node in the graph, then Adam; unused weights hover near 0, never at 0",
		DefaultLearnRate: model.DefaultLearnRate,
		DefaultLambda:    func(int, Spec) float64 { return 0.01 },
		Theta:            true,
		Hovers:           true,
		WeightMeaning:    thetaMeaning,
		Configure: func(s Spec, _ *model.Net, cfg *model.Config) error {
			cfg.Lambda = s.Lambda
			return nil
		},
	})
}

// thetaMeaning is the meaning of the weights of the methods that select
// through θ.
const thetaMeaning = "theta, the selection-layer weight"
