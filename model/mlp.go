package model

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// MLP is the standard architecture: fully connected layers with ReLU between
// them, then a linear output layer.
//
// The first layer's weights are normalised per feature: row j of W₁ (the
// weights fed by feature j) is V_j/‖V_j‖ for a free V. This removes the
// rescaling freedom that otherwise defeats the L1 penalty: without it,
// θ_j → θ_j/c with W₁'s row j → c·W₁'s row j leaves the network unchanged
// while λ‖θ‖₁ drops by c, so θ drifts to zero as W₁ grows and a small θ_j
// stops meaning that feature j is unused. With unit rows no capacity is
// lost (θ_j carries feature j's scale), and |θ_j| measures how much the
// network uses feature j.
type MLP struct {
	// Hidden lists the widths of the hidden layers; empty gives a linear
	// model of the selected input.
	Hidden []int
	// FreeFirstLayer drops the normalisation of W₁'s rows. It exists to
	// demonstrate the rescaling problem; do not use it with an L1 penalty.
	FreeFirstLayer bool
}

// Build implements [Architecture].
func (m MLP) Build(s *Scope, x *G.Node, outputs int) (*G.Node, error) {
	in := x.Shape()[1]
	h := x
	widths := append(append([]int(nil), m.Hidden...), outputs)
	for i, width := range widths {
		if width <= 0 {
			return nil, fmt.Errorf("model: MLP.Hidden[%d] must be > 0, got %d", i, width)
		}
		w := s.Param(fmt.Sprintf("w%d", i+1), HeUniform(in), in, width)
		b := s.Param(fmt.Sprintf("b%d", i+1), Constant(0), width)
		var err error
		if i == 0 && !m.FreeFirstLayer {
			if h, err = divideByRowNorms(h, w); err != nil {
				return nil, err
			}
		}
		if h, err = G.Mul(h, w); err != nil {
			return nil, err
		}
		if h, err = G.BroadcastAdd(h, b, nil, []byte{0}); err != nil {
			return nil, err
		}
		if i < len(widths)-1 {
			if h, err = G.Rectify(h); err != nil {
				return nil, err
			}
		}
		in = width
	}
	return h, nil
}

// divideByRowNorms returns x with column j divided by ‖w_j‖, the norm of row
// j of w, so that x·w equals x times w with unit rows.
func divideByRowNorms(x, w *G.Node) (*G.Node, error) {
	sq, err := G.Square(w)
	if err != nil {
		return nil, err
	}
	ss, err := G.Sum(sq, 1)
	if err != nil {
		return nil, err
	}
	norms, err := G.Sqrt(ss)
	if err != nil {
		return nil, err
	}
	return G.BroadcastHadamardDiv(x, norms, nil, []byte{0})
}
