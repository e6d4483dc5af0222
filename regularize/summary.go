package regularize

import (
	"fmt"
	"math"
)

// Summary says what a method's weights select and how the others ended:
// at exactly zero, or small but not zero, which is where graph-level L1
// with Adam leaves them.
type Summary struct {
	// Weights are the per-feature weights (Spec.Weights) and Mask says
	// which features they select.
	Weights []float64
	Mask    []bool
	// Selected counts the selected features; ExactZeros the others whose
	// weight is exactly zero, and Small those whose weight is not.
	Selected, ExactZeros, Small int
	// Hovering counts the non-zero weights within the hover band (2·lr)
	// of zero, selected or not.
	Hovering int
	// Tolerance is the |weight| a feature must exceed to be selected: 0
	// (any non-zero weight) for the proximal methods, the hover band for
	// a method that hovers (see Spec.SelectionTolerance).
	Tolerance float64
}

// HoverBand is the width of the band around zero in which Adam leaves the
// weights of unused features under graph-level L1: its steps have about
// the learning rate's size whatever λ is, so such a weight crosses zero
// and stays within about one step of it; 2·lr leaves a margin.
func HoverBand(learnRate float64) float64 { return 2 * learnRate }

// Summarize describes the selection that weights (from Spec.Weights)
// make, trained at the given learning rate.
func (s Spec) Summarize(weights []float64, learnRate float64) Summary {
	sum := Summary{Weights: weights, Mask: s.Selected(weights, learnRate), Tolerance: s.SelectionTolerance(learnRate)}
	band := HoverBand(learnRate)
	for j, w := range weights {
		switch {
		case sum.Mask[j]:
			sum.Selected++
		case w == 0:
			sum.ExactZeros++
		default:
			sum.Small++
		}
		if w != 0 && math.Abs(w) <= band {
			sum.Hovering++
		}
	}
	return sum
}

// Rule says in words when a feature counts as selected.
func (s Summary) Rule() string {
	if s.Tolerance > 0 {
		return fmt.Sprintf("|weight| > 2*lr = %g", s.Tolerance)
	}
	return "weight != 0"
}
