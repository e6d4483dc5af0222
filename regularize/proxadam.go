package regularize

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model"
)

// ProxAdam is Adam on the smooth loss followed, for the selection weights,
// by the soft threshold preconditioned with Adam's own scaling:
//
//	θ_j ← S_{t_j}(θ_j − lr·m̂_j/(√v̂_j+ε)),   t_j = lr·Lambda/(√v̂_j+ε)
//
// (ProxGen, Yun, Lozano and Yang, NeurIPS 2021). Its moments m, v see only
// the gradient of the smooth loss, never the penalty, and its fixed points
// are the lasso's KKT points: θ_j = 0 exactly when |m̂_j| ≤ Lambda.
//
// It implements gorgonia.Solver. The parameter named model.ThetaName is
// the selection layer θ; the others get plain Adam. Updates are in place, with no allocation after the first step.
// With Lambda = 0 it is gorgonia's AdamSolver (same formula, same order of
// operations).
type ProxAdam struct {
	LearnRate, Lambda float64
	// Beta1, Beta2 and Eps are Adam's constants; zero means 0.9, 0.999 and
	// 1e-8, gorgonia's defaults.
	Beta1, Beta2, Eps float64

	m, v [][]float64
	t    int
}

// isTheta reports whether a parameter is the selection layer's node.
func isTheta(p G.ValueGrad) bool {
	n, ok := p.(interface{ Name() string })
	return ok && n.Name() == model.ThetaName
}

// float64s is a float64 tensor whose values can be read without boxing
// the slice in an interface (Data() allocates).
type float64s interface {
	Dtype() tensor.Dtype
	Float64s() []float64
}

// Step implements gorgonia.Solver.
func (s *ProxAdam) Step(params []G.ValueGrad) error {
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
		return fmt.Errorf("regularize: ProxAdam got %d parameters, had %d", len(params), len(s.m))
	}
	s.t++
	corr1 := 1 / (1 - math.Pow(b1, float64(s.t)))
	corr2 := 1 / (1 - math.Pow(b2, float64(s.t)))
	for i, p := range params {
		gv, err := p.Grad()
		if err != nil {
			return fmt.Errorf("regularize: %w", err)
		}
		wd, ok1 := p.Value().(float64s)
		gd, ok2 := gv.(float64s)
		if !ok1 || !ok2 || wd.Dtype() != G.Float64 || gd.Dtype() != G.Float64 {
			return fmt.Errorf("regularize: ProxAdam needs float64 tensors")
		}
		w, g := wd.Float64s(), gd.Float64s()
		if s.m[i] == nil {
			s.m[i], s.v[i] = make([]float64, len(w)), make([]float64, len(w))
		}
		m, v := s.m[i], s.v[i]
		prox := s.Lambda > 0 && isTheta(p)
		for j, gj := range g {
			m[j] = m[j]*b1 + gj*(1-b1)
			v[j] = v[j]*b2 + gj*gj*(1-b2)
			denom := math.Sqrt(v[j]*corr2) + eps
			w[j] += m[j] * corr1 * -s.LearnRate / denom
			if prox {
				w[j] = soft(w[j], s.LearnRate*s.Lambda/denom)
			}
			g[j] = 0
		}
	}
	return nil
}
