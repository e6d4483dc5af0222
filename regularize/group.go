package regularize

import (
	"math"

	"github.com/featsel/featsel/model"
)

// group: θ frozen at 1; after each Adam step, the block soft threshold
// with t = lr·λ on each feature's row of the first layer. λ is on the
// scale of √width: the same bound per coordinate of a row of that width.
func init() {
	register(5, Method{
		Name: "group",
		Help: "θ fixed at 1; block soft threshold lr·λ on each feature's first-layer\n" +
			"weights (λ on the scale of √width: try 2–5)",
		DefaultLearnRate: model.DefaultLearnRate,
		DefaultLambda:    func(width int, _ Spec) float64 { return math.Sqrt(float64(width)) / 3 },
		WeightMeaning:    "norm of the feature's first-layer weights (row of w1)",
		Architecture: func(hidden []int) model.Architecture {
			return model.MLP{Hidden: hidden, FreeFirstLayer: true}
		},
		Configure: func(s Spec, net *model.Net, cfg *model.Config) error {
			if _, err := mlpLayer(net, "group", model.MLP.FirstLayer); err != nil {
				return err
			}
			cfg.FreezeTheta = true
			cfg.Hooks = append(cfg.Hooks, &groupRows{lambda: s.Lambda})
			return nil
		},
		Weights: func(net *model.Net) []float64 {
			w1, err := mlpLayer(net, "group", model.MLP.FirstLayer)
			if err != nil {
				return nil
			}
			return unitNorms(w1, net.UnitWidths())
		},
	})
}

// groupRows applies the group lasso's block soft threshold to each
// feature's row of the first layer after every step.
type groupRows struct {
	lambda float64
	layers netLayers
}

// AfterStep applies the threshold in the scalar geometry that defines
// group's method (t = lr·λ), so it does not ask for Adam's per-coordinate
// scale.
func (g *groupRows) AfterStep(s *model.Step) error {
	ps, err := g.layers.of(s.Net, "group", model.MLP.FirstLayer)
	if err != nil {
		return err
	}
	w1 := ps[0]
	width := w1.Value.Shape()[1]
	sc := model.Scaling[float64]{LR: s.LearnRate}
	weights := s.Net.PenaltyWeights()
	if weights == nil {
		Group{Lambda: g.lambda, Size: width}.Prox(w1.Data(), sc)
		return nil
	}
	// A unit of several features: one block of all its rows, with the
	// threshold lr·λ·√(features).
	w, from := w1.Data(), 0
	for u, n := range s.Net.UnitWidths() {
		block := w[from*width : (from+n)*width]
		Group{Lambda: g.lambda * weights[u], Size: len(block)}.Prox(block, sc)
		from += n
	}
	return nil
}
