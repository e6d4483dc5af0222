package model

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
)

// Adam is the Adam solver (Kingma and Ba 2015) updating the parameters in
// place: for float64 parameters it computes what gorgonia's AdamSolver
// computes, in the same order of operations (a test checks that they agree
// bit for bit), but without cloning four tensors per parameter per step,
// and it allocates nothing once its moments exist. It implements
// gorgonia.Solver and zeroes the gradients it reads. float32 parameters
// are updated in float32, with moments of their own type (the bias
// corrections are computed in float64 and then rounded).
//
// It is a [Scaler]: the step it took on coordinate j is lr/(√v̂_j+ε),
// which a proximal operator reads through [Step.Scaling] to threshold in
// Adam's own geometry.
type Adam struct {
	LearnRate float64
	// Beta1, Beta2 and Eps are Adam's constants; zero means 0.9, 0.999 and
	// 1e-8, gorgonia's defaults.
	Beta1, Beta2, Eps float64

	moments []any // *moments[float64] or *moments[float32], per parameter
	t       int
	corr2   float64
}

// moments are Adam's running averages of a parameter's gradient and
// squared gradient.
type moments[T Float] struct{ m, v []T }

// float64s and float32s are tensors whose values can be read without
// boxing the slice in an interface (Data() allocates).
type (
	float64s interface{ Float64s() []float64 }
	float32s interface{ Float32s() []float32 }
)

func (s *Adam) constants() (b1, b2, eps float64) {
	b1, b2, eps = s.Beta1, s.Beta2, s.Eps
	if b1 == 0 {
		b1 = 0.9
	}
	if b2 == 0 {
		b2 = 0.999
	}
	if eps == 0 {
		eps = 1e-8
	}
	return b1, b2, eps
}

// Step implements gorgonia.Solver.
func (s *Adam) Step(params []G.ValueGrad) error {
	b1, b2, eps := s.constants()
	if s.moments == nil {
		s.moments = make([]any, len(params))
	}
	if len(params) != len(s.moments) {
		return fmt.Errorf("model: Adam got %d parameters, had %d", len(params), len(s.moments))
	}
	s.t++
	corr1 := 1 / (1 - math.Pow(b1, float64(s.t)))
	s.corr2 = 1 / (1 - math.Pow(b2, float64(s.t)))
	for i, p := range params {
		gv, err := p.Grad()
		if err != nil {
			return fmt.Errorf("model: %w", err)
		}
		w64, ok1 := p.Value().(float64s)
		g64, ok2 := gv.(float64s)
		w32, ok3 := p.Value().(float32s)
		g32, ok4 := gv.(float32s)
		dt, gt := p.Value().Dtype(), gv.Dtype()
		switch {
		case ok1 && ok2 && dt == tensor.Float64 && gt == tensor.Float64:
			adamUpdate(s, i, w64.Float64s(), g64.Float64s(), b1, b2, eps, corr1)
		case ok3 && ok4 && dt == tensor.Float32 && gt == tensor.Float32:
			adamUpdate(s, i, w32.Float32s(), g32.Float32s(), b1, b2, eps, corr1)
		default:
			return fmt.Errorf("model: Adam needs float64 or float32 tensors, got %T of %v with a gradient of %v", p.Value(), dt, gt)
		}
	}
	return nil
}

// adamUpdate takes Adam's step on parameter i, with weights w and
// gradient g, and zeroes g.
func adamUpdate[T Float](s *Adam, i int, w, g []T, b1, b2, eps, corr1 float64) {
	mo, ok := s.moments[i].(*moments[T])
	if !ok {
		mo = &moments[T]{m: make([]T, len(w)), v: make([]T, len(w))}
		s.moments[i] = mo
	}
	m, v := mo.m, mo.v
	start := 0 // the coordinates the vector code stepped
	if w64, ok := any(w).([]float64); ok {
		start = kernel.AdamPrefix(w64, any(g).([]float64), any(m).([]float64), any(v).([]float64),
			kernel.AdamConstants{B1: b1, B2: b2, C1: corr1, C2: s.corr2, Eps: eps, LearnRate: s.LearnRate})
	}
	tb1, tb2, teps, c1, c2, lr := T(b1), T(b2), T(eps), T(corr1), T(s.corr2), T(s.LearnRate)
	for j := start; j < len(g); j++ {
		gj := g[j]
		m[j] = m[j]*tb1 + gj*(1-tb1)
		v[j] = v[j]*tb2 + gj*gj*(1-tb2)
		denom := T(math.Sqrt(float64(v[j]*c2))) + teps
		w[j] += m[j] * c1 * -lr / denom
		g[j] = 0
	}
}

// Scale implements [Scaler]: the step lr/(√v̂_j+ε) of the last update on
// each coordinate of parameter i; nil before the first update of it.
func (s *Adam) Scale(i int, dst []float64) []float64 {
	if i < 0 || i >= len(s.moments) {
		return nil
	}
	_, _, eps := s.constants()
	switch mo := s.moments[i].(type) {
	case *moments[float64]:
		dst = scaleOf(mo.v, s.LearnRate, s.corr2, eps, dst)
	case *moments[float32]:
		dst = scaleOf(mo.v, s.LearnRate, s.corr2, eps, dst)
	default:
		return nil
	}
	return dst
}

func scaleOf[T Float](v []T, lr, corr2, eps float64, dst []float64) []float64 {
	if cap(dst) < len(v) {
		dst = make([]float64, len(v))
	}
	dst = dst[:len(v)]
	c2, teps := T(corr2), T(eps)
	for j := range v {
		dst[j] = lr / float64(T(math.Sqrt(float64(v[j]*c2)))+teps)
	}
	return dst
}
