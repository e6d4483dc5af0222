package data

import "math"

// Scaler standardises features to zero mean and unit variance with
// statistics fitted on one dataset (the training part) and applied to others.
// Missing values (NaN, kept by MissingMean) are left out of the statistics
// and standardise to 0, the training mean. The columns of a category's
// one-hot block are left as they are (mean 0, scale 1): a row whose level
// training never saw is a block of zeros, which must stay "none of the
// levels" rather than become minus each level's share; and a level's
// column means the same in every part of the data.
type Scaler struct {
	Mean []float64
	// Scale is the population standard deviation of each feature, or 1 for a
	// constant feature, which therefore maps to 0 instead of NaN.
	Scale []float64
}

// FitScaler fits a Scaler to the features of d.
func FitScaler(d *Dataset) *Scaler {
	c := d.Cols()
	s := &Scaler{Mean: make([]float64, c), Scale: make([]float64, c)}
	n := make([]float64, c)
	for i := range d.Rows() {
		for j, v := range d.Row(i) {
			if !math.IsNaN(v) {
				s.Mean[j] += v
				n[j]++
			}
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= max(n[j], 1)
	}
	// Two passes: the one-pass formula loses precision on large offsets.
	for i := range d.Rows() {
		for j, v := range d.Row(i) {
			if !math.IsNaN(v) {
				e := v - s.Mean[j]
				s.Scale[j] += e * e
			}
		}
	}
	for j := range s.Scale {
		s.Scale[j] = math.Sqrt(s.Scale[j] / max(n[j], 1))
		if !finite(s.Mean[j]) || !finite(s.Scale[j]) {
			// Values near ±1.8e308 overflow the sums.
			s.Mean[j], s.Scale[j] = scaledMoments(d.Rows(), func(i int) float64 { return d.Row(i)[j] })
		}
		if !(s.Scale[j] > 1e-12*math.Max(1, math.Abs(s.Mean[j]))) {
			s.Scale[j] = 1
		}
	}
	schema, source := d.sources()
	for j, c := range source {
		if schema[c].Kind == KindCategory {
			s.Mean[j], s.Scale[j] = 0, 1
		}
	}
	return s
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

// Apply standardises the features of d in place.
func (s *Scaler) Apply(d *Dataset) {
	if d.Cols() != len(s.Mean) {
		panic("data: scaler fitted on a different number of features")
	}
	for i := range d.Rows() {
		row := d.Row(i)
		for j := range row {
			if math.IsNaN(row[j]) {
				row[j] = 0
			} else {
				row[j] = standardize(row[j], s.Mean[j], s.Scale[j])
			}
		}
	}
}

// TargetScaler standardises a regression target, so that one learning rate
// suits targets of any unit.
type TargetScaler struct{ Mean, Scale float64 }

// FitTargetScaler fits the target of d; the scale of a constant target is 1.
func FitTargetScaler(d *Dataset) TargetScaler {
	var t TargetScaler
	for _, y := range d.Y {
		t.Mean += y
	}
	t.Mean /= float64(d.Rows())
	for _, y := range d.Y {
		t.Scale += (y - t.Mean) * (y - t.Mean)
	}
	t.Scale = math.Sqrt(t.Scale / float64(d.Rows()))
	if !finite(t.Mean) || !finite(t.Scale) {
		t.Mean, t.Scale = scaledMoments(d.Rows(), func(i int) float64 { return d.Y[i] })
	}
	if !(t.Scale > 1e-12*math.Max(1, math.Abs(t.Mean))) {
		t.Scale = 1
	}
	return t
}

// Apply standardises the target of d in place.
func (t TargetScaler) Apply(d *Dataset) {
	for i, y := range d.Y {
		d.Y[i] = standardize(y, t.Mean, t.Scale)
	}
}

// Standardize returns the standardised value of one target.
func (t TargetScaler) Standardize(y float64) float64 { return standardize(y, t.Mean, t.Scale) }

// Invert maps a standardised target back to its original unit.
func (t TargetScaler) Invert(y float64) float64 { return y*t.Scale + t.Mean }
