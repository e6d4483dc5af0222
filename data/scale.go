package data

import "math"

// Scaler standardises features to zero mean and unit variance (with
// Dataset.CommonScale, unit variance on average) with statistics fitted
// on one dataset (the training part) and applied to others.
// Missing values (NaN, kept by MissingMean) are left out of the statistics
// and standardise to 0, the training mean. The columns of a category's
// one-hot block are left as they are (mean 0, scale 1): a row whose level
// training never saw is a block of zeros, which must stay "none of the
// levels" rather than become minus each level's share; and a level's
// column means the same in every part of the data.
type Scaler struct {
	Mean []float64
	// Scale is the population standard deviation of each feature, or 1 for a
	// constant feature, which therefore maps to 0 instead of NaN; with
	// Dataset.CommonScale, one number for every number feature that varies.
	Scale []float64
}

// FitScaler fits a Scaler to the features of d, each to its own scale
// or, with d.CommonScale, to one.
func FitScaler(d *Dataset) *Scaler {
	// The moments of each value of a row of X: a feature's, or, packed, a
	// column's (a category's, a level index, is not used).
	c := d.Stride()
	mean, scale, n := make([]float64, c), make([]float64, c), make([]float64, c)
	for i := range d.Rows() {
		for j, v := range d.Row(i) {
			if !math.IsNaN(v) {
				mean[j] += v
				n[j]++
			}
		}
	}
	for j := range mean {
		mean[j] /= max(n[j], 1)
	}
	// Two passes: the one-pass formula loses precision on large offsets.
	for i := range d.Rows() {
		for j, v := range d.Row(i) {
			if !math.IsNaN(v) {
				e := v - mean[j]
				scale[j] += e * e
			}
		}
	}
	for j := range scale {
		scale[j] = math.Sqrt(scale[j] / max(n[j], 1))
		if !finite(mean[j]) || !finite(scale[j]) {
			// Values near ±1.8e308 overflow the sums.
			mean[j], scale[j] = scaledMoments(d.Rows(), func(i int) float64 { return d.Row(i)[j] })
		}
		scale[j] = spread(scale[j], mean[j])
	}
	s := &Scaler{Mean: make([]float64, 0, d.Cols()), Scale: make([]float64, 0, d.Cols())}
	schema, source := d.sources()
	var numbers []int // the features that are numbers
	var sds []float64 // and their standard deviations
	for j, col := range source {
		at := j // the value of X of feature j
		if d.packed {
			at = col
		}
		switch {
		case schema[col].Kind == KindCategory:
			s.Mean, s.Scale = append(s.Mean, 0), append(s.Scale, 1)
		default:
			s.Mean, s.Scale = append(s.Mean, mean[at]), append(s.Scale, ownScale(scale[at]))
			numbers, sds = append(numbers, j), append(sds, scale[at])
		}
	}
	if d.CommonScale {
		c := commonScale(sds)
		for k, j := range numbers {
			// A column taken as constant keeps ownScale's 1: it may
			// vary by less than 1e-12 of its mean, and divided by c
			// those variations could be large.
			if sds[k] > 0 {
				s.Scale[j] = c
			}
		}
	}
	return s
}

// spread returns sd, the standard deviation of values whose mean is
// mean, or 0 where it is within rounding of none (at most 1e-12 of the
// mean): such values are taken as constant.
func spread(sd, mean float64) float64 {
	if !(sd > 1e-12*math.Max(1, math.Abs(mean))) {
		return 0
	}
	return sd
}

// ownScale is the scale of a feature standardised on its own: its
// standard deviation, or 1 for a constant feature (sd 0), which therefore
// maps to 0 instead of NaN.
func ownScale(sd float64) float64 {
	if sd == 0 {
		return 1
	}
	return sd
}

// commonScale is the scale Dataset.CommonScale divides every number
// feature that varies by: the root mean square of their standard
// deviations sds (0 for one taken as constant, left out), so that they
// have unit variance on average; 1 when none varies. Dividing by one
// number keeps the features' ratios.
func commonScale(sds []float64) float64 {
	// In units of the largest, so that squares of large values do not
	// overflow.
	top, varying := 0.0, 0
	for _, sd := range sds {
		top = max(top, sd)
		if sd > 0 {
			varying++
		}
	}
	if top == 0 {
		return 1
	}
	sum := 0.0
	for _, sd := range sds {
		sum += (sd / top) * (sd / top)
	}
	return top * math.Sqrt(sum/float64(varying))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// scaledMoments returns the mean and the population standard deviation of
// the values at(i), i < n, NaN left out, computed in units of their
// largest magnitude, so that values near ±1.8e308 do not overflow (the
// standard deviation of values in [−1, 1] is at most 1).
func scaledMoments(n int, at func(i int) float64) (mean, sd float64) {
	m, k := 0.0, 0.0
	for i := range n {
		if v := at(i); !math.IsNaN(v) {
			m, k = max(m, math.Abs(v)), k+1
		}
	}
	if m == 0 {
		return 0, 0
	}
	for i := range n {
		if v := at(i); !math.IsNaN(v) {
			mean += v / m
		}
	}
	mean /= k
	for i := range n {
		if v := at(i); !math.IsNaN(v) {
			e := v/m - mean
			sd += e * e
		}
	}
	return mean * m, math.Sqrt(sd/k) * m
}

// standardize returns (v − mean)/scale, also where v − mean overflows.
func standardize(v, mean, scale float64) float64 {
	z := (v - mean) / scale
	if !finite(z) {
		z = v/scale - mean/scale
	}
	return z
}

// Apply standardises the features of d in place. A packed category
// keeps its level index, and an absent one (NaN) becomes none of its
// levels, as its one-hot block becomes zeros.
func (s *Scaler) Apply(d *Dataset) {
	if d.Cols() != len(s.Mean) {
		panic("data: scaler fitted on a different number of features")
	}
	// The feature of each value of a row of X, and whether it is a
	// packed category's.
	feature, category := seq(d.Stride()), make([]bool, d.Stride())
	if d.packed {
		f := 0
		for c, col := range d.Schema {
			feature[c], category[c] = f, col.Kind == KindCategory
			f += col.Width()
		}
	}
	for i := range d.Rows() {
		row := d.Row(i)
		for j, v := range row {
			switch {
			case category[j] && math.IsNaN(v):
				row[j] = -1
			case category[j]:
			case math.IsNaN(v):
				row[j] = 0
			default:
				row[j] = standardize(v, s.Mean[feature[j]], s.Scale[feature[j]])
			}
		}
	}
}

// TargetScaler standardises a regression target, so that one learning rate
// suits targets of any unit.
type TargetScaler struct{ Mean, Scale float64 }

// FitTargetScaler fits target t of d (0 when it has one; see Targets);
// the scale of a constant target is 1.
func FitTargetScaler(d *Dataset, t int) TargetScaler {
	k, n := d.YStride(), d.Rows()
	at := func(i int) float64 { return d.Y[i*k+t] }
	var s TargetScaler
	for i := range n {
		s.Mean += at(i)
	}
	s.Mean /= float64(n)
	for i := range n {
		s.Scale += (at(i) - s.Mean) * (at(i) - s.Mean)
	}
	s.Scale = math.Sqrt(s.Scale / float64(n))
	if !finite(s.Mean) || !finite(s.Scale) {
		s.Mean, s.Scale = scaledMoments(n, at)
	}
	if !(s.Scale > 1e-12*math.Max(1, math.Abs(s.Mean))) {
		s.Scale = 1
	}
	return s
}

// Apply standardises target t of d in place.
func (s TargetScaler) Apply(d *Dataset, t int) {
	k := d.YStride()
	for i := t; i < len(d.Y); i += k {
		d.Y[i] = standardize(d.Y[i], s.Mean, s.Scale)
	}
}

// Standardize returns the standardised value of one target.
func (t TargetScaler) Standardize(y float64) float64 { return standardize(y, t.Mean, t.Scale) }

// Invert maps a standardised target back to its original unit.
func (t TargetScaler) Invert(y float64) float64 { return y*t.Scale + t.Mean }
