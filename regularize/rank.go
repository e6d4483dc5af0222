package regularize

import (
	"cmp"
	"math"
	"slices"
)

// Ranked returns the features (indices of PathPoint.Weights) in the
// path's order of importance: by the λ at which they left the model
// (Left), the last to leave, or those that never left, first; of those
// that left at one λ, the larger |weight| at the last point that
// selected them first; then by index.
func (r *PathResult) Ranked() []int {
	last := make([]float64, len(r.Left))
	for j := range last {
		for k := len(r.Points) - 1; k >= 0; k-- {
			if pt := r.Points[k]; pt.Mask[j] {
				if j < len(pt.Weights) { // hand-made points (tests) may carry none
					last[j] = math.Abs(pt.Weights[j])
				}
				break
			}
		}
	}
	order := make([]int, len(r.Left))
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(r.Left[b], r.Left[a]), cmp.Compare(last[b], last[a]))
	})
	return order
}

// top returns the mask of the k features of point i that the path ranks
// first: where no λ keeps exactly k (PathConfig.K), the point with the
// fewest above k loses those that leave first after it, as a hard
// threshold on the ranking.
func (r *PathResult) top(i, k int) []bool {
	mask := make([]bool, len(r.Points[i].Mask))
	for _, j := range r.Ranked() {
		if k == 0 {
			break
		}
		if r.Points[i].Mask[j] {
			mask[j] = true
			k--
		}
	}
	return mask
}
