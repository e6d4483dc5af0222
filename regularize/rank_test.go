package regularize

import (
	"slices"
	"testing"
)

// TestRankedAndTop: features rank by the λ at which they left, those
// that never left first, ties by |weight| at the last point that selected
// them; top cuts a point to the k of its features ranked first, which
// need not be its k largest weights.
func TestRankedAndTop(t *testing.T) {
	point := func(lambda float64, w ...float64) PathPoint {
		pt := PathPoint{Lambda: lambda, Weights: w, Mask: make([]bool, len(w))}
		for j, x := range w {
			pt.Mask[j] = x != 0
			if x != 0 {
				pt.Selected++
			}
		}
		return pt
	}
	r := &PathResult{Points: []PathPoint{
		point(0, 1, 1, 1, 1, 1, 1),
		point(1, 0.9, -0.2, 0.5, 0.6, 0.1, 0), // 5 left at λ 1
		point(2, 0.1, 0, 0.4, -0.3, 0.8, 0),   // 1 left at λ 2
		point(3, 0, 0, 0, -0.2, 0.7, 0),       // 0 and 2 left at λ 3
	}}
	r.finish()
	// 3 and 4 never left (|w| 0.2 < 0.7); 0 and 2 left at 3 (|w| at λ 2:
	// 0.1 < 0.4); then 1, then 5.
	if got, want := r.Ranked(), []int{4, 3, 2, 0, 1, 5}; !slices.Equal(got, want) {
		t.Errorf("Ranked() = %v, want %v", got, want)
	}
	// The point at λ 1 keeps 0, 1, 2, 3, 4; its three ranked first are 4,
	// 3 and 2, though 0 has its largest weight there.
	if got, want := r.top(1, 3), []bool{false, false, true, true, true, false}; !slices.Equal(got, want) {
		t.Errorf("top(1, 3) = %v, want %v", got, want)
	}
	// At λ 2 the larger weight is 2's (0.4 against 0.3), but 3 never left.
	if got, want := r.top(2, 2), []bool{false, false, false, true, true, false}; !slices.Equal(got, want) {
		t.Errorf("top(2, 2) = %v, want %v", got, want)
	}
	if got, want := r.top(2, 4), r.Points[2].Mask; !slices.Equal(got, want) {
		t.Errorf("top(2, 4) = %v, want the point's own %v", got, want)
	}
}
