package regularize

import "math"

// DefaultLambda returns a λ of the right scale for the method on a
// standardised dataset, for runs (comparisons) that set none. The methods
// measure λ in different units (see the package documentation): a bound
// on the data gradient for graph, prox-adam and ista; a bound on Adam's
// normalised step for decoupled; the same per coordinate of a first-layer
// row of the given width for group (hence √width); and for hier, where the
// hierarchy lets the M·width first-layer weights hold a skip weight up,
// width·M. The values were checked on the embedded breast-cancer data
// and on Friedman #1 (README, "Methods").
func (s Spec) DefaultLambda(width int) float64 {
	switch s.Method {
	case "decoupled":
		return 1
	case "group":
		return math.Sqrt(float64(width)) / 3
	case "hier":
		return float64(width) * s.hierM()
	}
	return 0.01
}

// DefaultLearnRate returns the learning rate that suits the method's
// solver: 1e-3 for Adam, 0.1 for the plain gradient steps of ista.
func (s Spec) DefaultLearnRate() float64 {
	if s.Method == "ista" {
		return 0.1
	}
	return 1e-3
}
