package model

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/model/internal/ops"
)

// MLP is the standard architecture: fully connected layers with ReLU between
// them, then a linear output layer.
//
// The weights are normalised so that the penalty λ‖θ‖₁ has a minimiser.
// A plain network has two rescalings that leave its function unchanged
// while λ‖θ‖₁ drops by a factor c:
//
//   - per feature: θ_j → θ_j/c with row j of W₁ (the weights fed by feature
//     j) → c·row j;
//   - through ReLU, which is positively homogeneous: θ → θ/c, b₁ → b₁/c and
//     W₂ → c·W₂ (or any later layer, through the layers in between).
//
// Under an L1 penalty θ then drifts to zero while the other weights grow,
// and a small θ_j stops meaning that feature j is unused. So MLP uses
// W₁ = V₁ with each row divided by its norm, and W_l = g_l·V_l/‖V_l‖_F for
// the later layers, with the constant g_l = √(2·width_l) (the norm of a
// He-initialised layer), for free weights V. This loses no capacity: any
// network can be rescaled into this form (normalise from the last layer
// down, pushing each layer's scale into the units below it and finally
// into θ), and θ_j carries the whole scale of feature j, so |θ_j| measures
// how much the network uses it. A test shows θ stable under this form and
// drifting to zero without it.
type MLP struct {
	// Hidden lists the widths of the hidden layers; empty gives a linear
	// model of the selected input.
	Hidden []int `json:"hidden"`
	// Free drops the normalisation of the weights. It exists to
	// demonstrate the rescaling problem; do not use it with an L1 penalty.
	Free bool `json:"free,omitempty"`
	// FreeFirstLayer leaves W₁ (see FirstLayer, one row per feature)
	// unnormalised and keeps the later layers normalised: for methods that
	// penalise W₁'s rows instead of θ (group lasso, LassoNet's hierarchy),
	// with θ frozen.
	FreeFirstLayer bool `json:"free_first_layer,omitempty"`
	// Skip adds a linear path from the selected input to the output,
	// out = MLP(x) + x·β, with β the parameter "skip" ([features ×
	// outputs], see SkipLayer): LassoNet's residual layer, whose rows decide selection
	// under its hierarchical proximal operator.
	Skip bool `json:"skip,omitempty"`
	// Prefix is put before the parameter names (w1, b1, …, skip), so
	// that several MLPs can be parts of one architecture.
	Prefix string `json:"prefix,omitempty"`
}

// FirstLayer returns the free weights V₁ of the MLP's first layer in net
// (one row per input feature; the parameter Prefix+"w1"), nil if net has
// none: the weights group lasso and LassoNet's hierarchy act on.
func (m MLP) FirstLayer(net *Net) *Param { return net.Param(m.layerName(0)) }

// SkipLayer returns the skip layer β in net (one row per input feature;
// the parameter Prefix+"skip"), nil without Skip.
func (m MLP) SkipLayer(net *Net) *Param { return net.Param(m.Prefix + "skip") }

// layerName names the weights of layer i (from 0).
func (m MLP) layerName(i int) string { return fmt.Sprintf("%sw%d", m.Prefix, i+1) }

// Build implements [Architecture]. When x is the selection layer's output,
// the first layer takes the input and θ themselves and folds θ into its
// weights (ops.FoldedLinear): the same function, one matrix product less
// per step.
func (m MLP) Build(s *Scope, x *G.Node, outputs int) (*G.Node, error) {
	in := x.Shape()[1]
	h := x
	widths := append(append([]int(nil), m.Hidden...), outputs)
	data, theta, units, selected := ops.Selected(x)
	for i, width := range widths {
		if width <= 0 {
			return nil, fmt.Errorf("model: MLP.Hidden[%d] must be > 0, got %d", i, width)
		}
		s.reserve(fmt.Sprintf("the network, at the outputs of %slayer %d (%d rows × %d),", m.Prefix, i+1, x.Shape()[0], width), perActivation*elements([]int{x.Shape()[0], width}))
		w := s.Param(m.layerName(i), HeUniform(in), in, width)
		b := s.Param(fmt.Sprintf("%sb%d", m.Prefix, i+1), Constant(0), width)
		kind, gain := ops.Frobenius, math.Sqrt(2*float64(width))
		switch {
		case m.Free || (i == 0 && m.FreeFirstLayer):
			kind = ops.Free
		case i == 0:
			kind = ops.RowNorm
		}
		var err error
		if kind == ops.RowNorm && selected {
			h, err = ops.FoldedLinear(data, theta, units, w, b, s.backend)
		} else {
			h, err = ops.NormLinear(h, w, b, kind, gain, s.backend)
		}
		if err != nil {
			return nil, err
		}
		if i < len(widths)-1 {
			if h, err = ops.ReLU(h); err != nil {
				return nil, err
			}
		}
		in = width
	}
	if m.Skip {
		d := x.Shape()[1]
		beta := s.Param(m.Prefix+"skip", HeUniform(d), d, outputs)
		return ops.AddLinear(h, x, beta, s.backend)
	}
	return h, nil
}
