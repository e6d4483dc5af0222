package regularize

import (
	"math"
	"slices"
)

// HierProx applies LassoNet's hierarchical proximal operator (Lemhadri,
// Ruan, Abraham and Tibshirani, "LassoNet: a neural network with feature
// sparsity", JMLR 2021, Algorithm 2) to one feature, in place: beta holds
// the feature's skip-layer weights (one per output) and w its first-layer
// weights. The result is the minimiser of
//
//	½‖b − beta‖² + ½‖u − w‖² + lambda·‖b‖₂   subject to ‖u‖∞ ≤ m·‖b‖₂,
//
// so a feature whose skip weights are zero has no first-layer weights
// either. sorted is scratch space of at least len(w) values.
func HierProx(beta, w []float64, lambda, m float64, sorted []float64) {
	norm := 0.0
	for _, b := range beta {
		norm += b * b
	}
	norm = math.Sqrt(norm)
	if norm == 0 {
		// b = 0 is optimal along beta's (undefined) direction, and the
		// constraint then forces u = 0.
		clear(w)
		return
	}
	// With s the |w| sorted in decreasing order and c = 0..k the number
	// of first-layer weights clipped (the c largest), the candidate scale
	// of beta is x_c = max(1 − (lambda − m·Σ_{i<c} s_i)/‖beta‖, 0)/(1 + c·m²)
	// and the clipping level is f_c = m·x_c·‖beta‖. The solution's c is
	// the first with s_c ≤ f_c (s_k = 0). (Past it none qualifies again:
	// f_{c+1} is an average of f_c and s_c, so s_{c+1} ≤ s_c ≤ f_{c+1}.)
	scale := func(c int, sum float64) float64 {
		return math.Max(1-(lambda-m*sum)/norm, 0) / (1 + float64(c)*m*m)
	}
	// Most often nothing is clipped (c = 0) or everything is (c = k, when
	// s_{k−1} > f_{k−1}); neither needs the sort.
	k := len(w)
	largest, smallest, total := 0.0, math.Inf(1), 0.0
	for _, v := range w {
		a := math.Abs(v)
		largest, smallest, total = max(largest, a), min(smallest, a), total+a
	}
	var x float64
	switch {
	case largest <= m*scale(0, 0)*norm:
		x = scale(0, 0)
	case smallest > m*scale(k-1, total-smallest)*norm:
		x = scale(k, total)
	default:
		sorted = sorted[:k]
		for i, v := range w {
			sorted[i] = math.Abs(v)
		}
		slices.Sort(sorted)
		slices.Reverse(sorted)
		c, sum := 0, 0.0
		for c < k && sorted[c] > m*scale(c, sum)*norm {
			sum += sorted[c]
			c++
		}
		x = scale(c, sum)
	}
	level := m * x * norm
	for i := range beta {
		beta[i] *= x
	}
	for i, v := range w {
		w[i] = math.Copysign(math.Min(math.Abs(v), level), v)
	}
}
