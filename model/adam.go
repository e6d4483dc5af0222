package model

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Adam is the Adam solver (Kingma and Ba 2015) updating the parameters in
// place: with the same constants it computes what gorgonia's AdamSolver
// computes, in the same order of operations (a test checks that they agree
// bit for bit), but without cloning four tensors per parameter per step,
// and it allocates nothing once its moments exist. It implements
// gorgonia.Solver and zeroes the gradients it reads.
type Adam struct {
	LearnRate float64
	// Beta1, Beta2 and Eps are Adam's constants; zero means 0.9, 0.999 and
	// 1e-8, gorgonia's defaults.
	Beta1, Beta2, Eps float64
	// Theta, when set, maps each selection weight after its Adam update,
	// given the step's per-coordinate scale lr/(√v̂+ε): proximal methods
	// apply their threshold here, in Adam's own geometry.
	Theta func(w, scale float64) float64

	m, v [][]float64
	t    int
}

// float64s is a float64 tensor whose values can be read without boxing
// the slice in an interface (Data() allocates).
type float64s interface {
	Dtype() tensor.Dtype
	Float64s() []float64
}

// isTheta reports whether a parameter is the selection layer's node.
func isTheta(p G.ValueGrad) bool {
	n, ok := p.(interface{ Name() string })
	return ok && n.Name() == ThetaName
}

// Step implements gorgonia.Solver.
func (s *Adam) Step(params []G.ValueGrad) error {
	b1, b2, eps := s.Beta1, s.Beta2, s.Eps
	if b1 == 0 {
		b1 = 0.9
	}
	if b2 == 0 {
		b2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	if s.m == nil {
		s.m, s.v = make([][]float64, len(params)), make([][]float64, len(params))
	}
	if len(params) != len(s.m) {
		return fmt.Errorf("model: Adam got %d parameters, had %d", len(params), len(s.m))
	}
	s.t++
	corr1 := 1 / (1 - math.Pow(b1, float64(s.t)))
	corr2 := 1 / (1 - math.Pow(b2, float64(s.t)))
	for i, p := range params {
		gv, err := p.Grad()
		if err != nil {
			return fmt.Errorf("model: %w", err)
		}
		wd, ok1 := p.Value().(float64s)
		gd, ok2 := gv.(float64s)
		if !ok1 || !ok2 || wd.Dtype() != G.Float64 || gd.Dtype() != G.Float64 {
			return fmt.Errorf("model: Adam needs float64 tensors")
		}
		w, g := wd.Float64s(), gd.Float64s()
		if s.m[i] == nil {
			s.m[i], s.v[i] = make([]float64, len(w)), make([]float64, len(w))
		}
		m, v := s.m[i], s.v[i]
		post := s.Theta
		if !isTheta(p) {
			post = nil
		}
		for j, gj := range g {
			m[j] = m[j]*b1 + gj*(1-b1)
			v[j] = v[j]*b2 + gj*gj*(1-b2)
			denom := math.Sqrt(v[j]*corr2) + eps
			w[j] += m[j] * corr1 * -s.LearnRate / denom
			if post != nil {
				w[j] = post(w[j], s.LearnRate/denom)
			}
			g[j] = 0
		}
	}
	return nil
}
