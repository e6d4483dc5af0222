package regularize

import (
	"math"
	"sort"
)

// Wilcoxon is Wilcoxon's signed-rank test of paired differences against
// zero, two-sided, as R's wilcox.test(x, y, paired = TRUE) computes it:
// differences that are not finite (a pair with a missing value) and zero
// differences are dropped; the others are ranked by absolute value, ties
// taking their mean rank.
type Wilcoxon struct {
	// N counts the differences that are finite and not zero.
	N int
	// V is the sum of the ranks of the positive differences (R's V).
	V float64
	// P is the two-sided p-value: exact, from V's distribution under the
	// null, when no difference was zero, none tie and N <= ExactWilcoxon;
	// otherwise the normal approximation with the continuity correction
	// and the variance corrected for ties. NaN when every difference is
	// zero.
	P     float64
	Exact bool
}

// ExactWilcoxon is the most differences whose p-value is exact. (R's
// default goes to 49; its normal approximation is close from here on.)
const ExactWilcoxon = 25

// WilcoxonTest tests the paired differences d.
func WilcoxonTest(d []float64) Wilcoxon {
	var nz []float64
	zeros := false
	for _, v := range d {
		switch {
		case v == 0:
			zeros = true
		case !math.IsNaN(v) && !math.IsInf(v, 0):
			nz = append(nz, v)
		}
	}
	n := len(nz)
	w := Wilcoxon{N: n, P: math.NaN()}
	if n == 0 {
		return w
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return math.Abs(nz[order[a]]) < math.Abs(nz[order[b]]) })
	// Mean ranks over runs of equal absolute values, and the run lengths
	// t, whose t³ − t correct the variance.
	var ties float64
	for i := 0; i < n; {
		j := i
		for j+1 < n && math.Abs(nz[order[j+1]]) == math.Abs(nz[order[i]]) {
			j++
		}
		rank := float64(i+j)/2 + 1
		for _, k := range order[i : j+1] {
			if nz[k] > 0 {
				w.V += rank
			}
		}
		t := float64(j - i + 1)
		ties += t*t*t - t
		i = j + 1
	}
	mean := float64(n*(n+1)) / 4
	if w.Exact = n <= ExactWilcoxon && ties == 0 && !zeros; w.Exact {
		var p float64
		if w.V > mean {
			p = 1 - signRankCDF(w.V-1, n)
		} else {
			p = signRankCDF(w.V, n)
		}
		w.P = math.Min(2*p, 1)
		return w
	}
	// At least n(n+1)(3n+3)/48 > 0, every difference tied included.
	sigma := math.Sqrt(float64(n*(n+1)*(2*n+1))/24 - ties/48)
	z := w.V - mean
	switch { // the continuity correction, towards the mean
	case z > 0:
		z -= 0.5
	case z < 0:
		z += 0.5
	}
	w.P = math.Min(1, 2*normalUpper(math.Abs(z/sigma)))
	return w
}

// normalUpper is the standard normal's upper tail, P(Z > z).
func normalUpper(z float64) float64 { return math.Erfc(z/math.Sqrt2) / 2 }

// signRankCDF is P(V <= q) for the signed-rank statistic of n
// differences under the null, where each of the 2ⁿ signings is equally
// likely: the share of subsets of {1, …, n} whose sum is at most q.
func signRankCDF(q float64, n int) float64 {
	if q < 0 {
		return 0
	}
	top := n * (n + 1) / 2
	count := make([]float64, top+1) // subsets by sum, exact below 2⁵³
	count[0] = 1
	for k := 1; k <= n; k++ {
		for s := top; s >= k; s-- {
			count[s] += count[s-k]
		}
	}
	var below float64
	for s := range min(int(math.Floor(q)), top) + 1 {
		below += count[s]
	}
	return below / math.Pow(2, float64(n))
}
