package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Friedman1 draws n rows of Friedman's first regression problem (Friedman
// 1991, "Multivariate adaptive regression splines", eq. 43; scikit-learn's
// make_friedman1): x ~ U(0,1)^d and
//
//	y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + noise·N(0,1).
//
// Only the first five of d ≥ 5 features are informative; their indices are
// returned with the data.
func Friedman1(n, d int, noise float64, rng *rand.Rand) (*Dataset, []int) {
	if d < 5 {
		panic("data: Friedman1 needs d >= 5")
	}
	ds := uniform(n, d, 0, 1, Regression, rng)
	for i := range n {
		x := ds.Row(i)
		ds.Y[i] = 10*math.Sin(math.Pi*x[0]*x[1]) + 20*(x[2]-0.5)*(x[2]-0.5) +
			10*x[3] + 5*x[4] + noise*rng.NormFloat64()
	}
	return ds, []int{0, 1, 2, 3, 4}
}

// SparseLinear draws n rows of y = Σ_{j<k} β_j x_j + noise·N(0,1) with
// x ~ N(0,1)^d and |β_j| ~ U(1,2) of random sign: a lasso's home ground,
// with the first k of d features informative.
func SparseLinear(n, d, k int, noise float64, rng *rand.Rand) (*Dataset, []int) {
	if k > d {
		panic("data: SparseLinear needs k <= d")
	}
	beta := make([]float64, k)
	for j := range beta {
		beta[j] = 1 + rng.Float64()
		if rng.IntN(2) == 0 {
			beta[j] = -beta[j]
		}
	}
	ds := newSynthetic(n, d, Regression)
	for i := range ds.X {
		ds.X[i] = rng.NormFloat64()
	}
	for i := range n {
		x := ds.Row(i)
		for j, b := range beta {
			ds.Y[i] += b * x[j]
		}
		ds.Y[i] += noise * rng.NormFloat64()
	}
	return ds, seq(k)
}

// XOR draws n rows of a two-class problem whose two informative features
// interact: x ~ U(−1,1)^d and the class is 1 when x0·x1 > 0. Each informative
// feature alone carries no information about the class, so any linear model
// (with or without L1) is at chance level, while a network with a hidden
// layer separates the classes.
func XOR(n, d int, rng *rand.Rand) (*Dataset, []int) {
	if d < 2 {
		panic("data: XOR needs d >= 2")
	}
	ds := uniform(n, d, -1, 1, Classification, rng)
	ds.Classes = []string{"0", "1"}
	for i := range n {
		if x := ds.Row(i); x[0]*x[1] > 0 {
			ds.Y[i] = 1
		}
	}
	return ds, []int{0, 1}
}

// CoxExponential draws n rows of survival data from a proportional
// hazards model: x ~ N(0,1)^d, the log hazard ratio η = x0 − x1 + 0.5·x2
// (the first three features informative), the event time exponential of
// rate exp(η) and an independent censoring time exponential of rate
// censor; each row keeps the earlier of the two, with event 1 when it is
// the event's. Harrell's C of η itself is then about 0.8 (at censor 0.3).
func CoxExponential(n, d int, censor float64, rng *rand.Rand) (*Dataset, []int) {
	if d < 3 {
		panic("data: CoxExponential needs d >= 3")
	}
	ds := newSynthetic(n, d, Survival)
	ds.Target, ds.Event, ds.Events = "time", "event", make([]float64, n)
	for i := range ds.X {
		ds.X[i] = rng.NormFloat64()
	}
	for i := range n {
		x := ds.Row(i)
		eta := x[0] - x[1] + 0.5*x[2]
		event, censored := rng.ExpFloat64()/math.Exp(eta), rng.ExpFloat64()/censor
		ds.Y[i] = min(event, censored)
		if event <= censored {
			ds.Events[i] = 1
		}
	}
	return ds, []int{0, 1, 2}
}

// ThreeTargets draws n rows of three regression targets that share some
// of their features: x ~ U(−1,1)^d and
//
//	a = 2 x0 + 2 x1 x2
//	b = 2 x2 − 1.5 x3 + sin(π x4)
//	c = 2 x4 + 2 x5² − x0
//
// each plus noise·N(0,1): six of d ≥ 6 features informative, each target
// needing three, each of x0, x2 and x4 needed by two.
func ThreeTargets(n, d int, noise float64, rng *rand.Rand) (*Dataset, []int) {
	if d < 6 {
		panic("data: ThreeTargets needs d >= 6")
	}
	ds := uniform(n, d, -1, 1, Regression, rng)
	ds.Targets = []string{"a", "b", "c"}
	ds.Target = "a,b,c"
	ds.Y = make([]float64, 0, 3*n)
	for i := range n {
		x := ds.Row(i)
		ds.Y = append(ds.Y,
			2*x[0]+2*x[1]*x[2]+noise*rng.NormFloat64(),
			2*x[2]-1.5*x[3]+math.Sin(math.Pi*x[4])+noise*rng.NormFloat64(),
			2*x[4]+2*x[5]*x[5]-x[0]+noise*rng.NormFloat64())
	}
	return ds, seq(6)
}

func uniform(n, d int, lo, hi float64, task Task, rng *rand.Rand) *Dataset {
	ds := newSynthetic(n, d, task)
	for i := range ds.X {
		ds.X[i] = lo + (hi-lo)*rng.Float64()
	}
	return ds
}

// newSynthetic returns a zero dataset with features named x0, x1, ….
func newSynthetic(n, d int, task Task) *Dataset {
	names := make([]string, d)
	for j := range names {
		names[j] = fmt.Sprintf("x%d", j)
	}
	return &Dataset{Features: names, Target: "y", Task: task, X: make([]float64, n*d), Y: make([]float64, n)}
}
