package regularize

import (
	"math"
	"testing"
)

// TestCVAtK: a selection of K features is scored at each fold's own
// points that keep K (the best refitted score among them), or at the
// fewest above K in a fold without one, and a fold whose points all keep
// fewer is left out; the standard error is the folds' sd/√folds.
func TestCVAtK(t *testing.T) {
	path := func(selected ...int) *PathResult {
		p := &PathResult{}
		for _, s := range selected {
			p.Points = append(p.Points, PathPoint{Selected: s, ValMetric: -1}) // the refits count, not these
		}
		return p
	}
	scores := func(m ...float64) []RefitScore {
		var r []RefitScore
		for _, v := range m {
			r = append(r, RefitScore{Metric: v})
		}
		return r
	}
	cv := &CVResult{
		Folds: []*PathResult{path(6, 4, 4, 2), path(6, 5, 3), path(2, 1), nil},
		Refits: [][]RefitScore{
			scores(0.9, 0.7, 0.8, 0.5), // K = 4 twice: the better, 0.8
			scores(0.9, 0.6, 0.4),      // no 4: the fewest above, 5: 0.6
			scores(0.3, 0.2),           // none with 4 or more: left out
			nil,
		},
	}
	s, ok := cv.AtK(4)
	if !ok || s.Folds != 2 || s.Selected != 4.5 || math.Abs(s.Metric-0.7) > 1e-15 {
		t.Fatalf("AtK(4) = %+v, %v; want 2 folds, 4.5 features, mean 0.7", s, ok)
	}
	// sd of {0.8, 0.6} is 0.1·√2, over √2 folds: 0.1.
	if math.Abs(s.SE-0.1) > 1e-12 {
		t.Errorf("SE %v, want 0.1", s.SE)
	}
	if _, ok := cv.AtK(7); ok {
		t.Error("AtK(7): no fold keeps 7 features, want not ok")
	}
}

// TestCVAtKPartial: with a fold whose refits did not run, every fold
// counts its penalised scores, as the curve does; a fold whose scores
// are all NaN is left out.
func TestCVAtKPartial(t *testing.T) {
	cv := &CVResult{
		Folds: []*PathResult{
			{Points: []PathPoint{{Selected: 3, ValMetric: 0.5}}},
			{Points: []PathPoint{{Selected: 3, ValMetric: 0.7}}},
			{Points: []PathPoint{{Selected: 3, ValMetric: math.NaN()}}},
		},
		Refits: [][]RefitScore{{{Metric: 0.9}}, nil, {{Metric: math.NaN()}}},
	}
	s, ok := cv.AtK(3)
	if !ok || s.Folds != 2 || math.Abs(s.Metric-0.6) > 1e-15 {
		t.Errorf("AtK(3) = %+v, %v; want the two folds' penalised scores, mean 0.6", s, ok)
	}
}
