package regularize

import "github.com/featsel/featsel/model"

// hier: LassoNet (Lemhadri et al., JMLR 2021). θ frozen, a linear skip
// layer β beside the network, and after each Adam step the hierarchical
// proximal operator [HierProx] with lr·λ on each feature's skip and
// first-layer weights. λ is on the scale of width·M: the hierarchy lets
// the M·width first-layer weights hold a skip weight up.
func init() {
	register(6, Method{
		Name: "hier",
		Help: "LassoNet: skip layer β, hierarchical prox keeps ‖W₁ row j‖∞ ≤ M·‖β_j‖\n" +
			"(λ on the scale of width·M: try 100–1000)",
		DefaultLearnRate: model.DefaultLearnRate,
		DefaultLambda:    func(width int, s Spec) float64 { return float64(width) * hierM.Value(s) },
		WeightMeaning:    "norm of the feature's skip-layer weights (LassoNet's residual layer)",
		Settings:         []Setting{hierM},
		// With each λ's best epoch restored, hier's path chose a block of
		// neighbouring pixels of Fashion-MNIST where LassoNet's own path
		// spreads them, and scored well under it (README, LassoNet's
		// Table 1). prox-adam's path does worse with the last weights, so
		// the choice is the method's.
		PathKeepsLast: true,
		// With faster steps toward K its pixels clumped into blocks
		// again, and scored well under the even steps' (README).
		PathEvenSteps: true,
		Architecture: func(hidden []int) model.Architecture {
			// LassoNet's own network: no normalisation (the penalty is on
			// the skip layer, which no rescaling of the others can shrink).
			return model.MLP{Hidden: hidden, Free: true, Skip: true}
		},
		Configure: func(s Spec, net *model.Net, cfg *model.Config) error {
			h := &hierarchy{lambda: s.Lambda, m: hierM.Value(s)}
			if _, err := h.layers.of(net, "hier", model.MLP.SkipLayer, model.MLP.FirstLayer); err != nil {
				return err
			}
			cfg.FreezeTheta = true
			cfg.Hooks = append(cfg.Hooks, h)
			return nil
		},
		Weights: func(net *model.Net) []float64 {
			skip, err := mlpLayer(net, "hier", model.MLP.SkipLayer)
			if err != nil {
				return nil
			}
			return unitNorms(skip, net.UnitWidths())
		},
	})
}

// hierM is LassoNet's hierarchy constant M.
var hierM = Setting{
	Flag: "hier-m", Key: "hier_m", Default: 10,
	Help: "hierarchy constant M of the hier method (> 0)",
	Get:  func(s Spec) float64 { return s.HierM },
	Set:  func(s *Spec, v float64) { s.HierM = v },
}

// hierarchy is the post-step operator of hier: HierProx with lr·λ on each
// feature's row of the skip layer and of W₁ together (on each unit's rows,
// with lr·λ·√width, for a unit of several features).
type hierarchy struct {
	lambda, m float64
	layers    netLayers
	scratch   []float64
}

func (h *hierarchy) AfterStep(s *model.Step) error {
	ps, err := h.layers.of(s.Net, "hier", model.MLP.SkipLayer, model.MLP.FirstLayer)
	if err != nil {
		return err
	}
	skip, w1 := ps[0], ps[1]
	outs, width := skip.Value.Shape()[1], w1.Value.Shape()[1]
	b, w := skip.Data(), w1.Data()
	step := s.LearnRate * h.lambda // LassoNet's scalar geometry
	weights := s.Net.PenaltyWeights()
	if weights == nil {
		if len(h.scratch) < width {
			h.scratch = make([]float64, width)
		}
		for j := range s.Net.Features() {
			HierProx(b[j*outs:(j+1)*outs], w[j*width:(j+1)*width], step, h.m, h.scratch)
		}
		return nil
	}
	// A unit of n features (a category's block) is one group, as
	// LassoNet's feature groups: its n skip rows and n first-layer rows
	// together, with the step lr·λ·√n.
	from := 0
	for u, n := range s.Net.UnitWidths() {
		if len(h.scratch) < n*width {
			h.scratch = make([]float64, n*width)
		}
		HierProx(b[from*outs:(from+n)*outs], w[from*width:(from+n)*width], step*weights[u], h.m, h.scratch)
		from += n
	}
	return nil
}
