package data

import "math"

// Scaler standardises features to zero mean and unit variance with
// statistics fitted on one dataset (the training part) and applied to others.
// Missing values (NaN, kept by MissingMean) are left out of the statistics
// and standardise to 0, the training mean.
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
		if !(s.Scale[j] > 1e-12*math.Max(1, math.Abs(s.Mean[j]))) {
			s.Scale[j] = 1
		}
	}
	return s
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
				row[j] = (row[j] - s.Mean[j]) / s.Scale[j]
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
	if !(t.Scale > 1e-12*math.Max(1, math.Abs(t.Mean))) {
		t.Scale = 1
	}
	return t
}

// Apply standardises the target of d in place.
func (t TargetScaler) Apply(d *Dataset) {
	for i, y := range d.Y {
		d.Y[i] = (y - t.Mean) / t.Scale
	}
}

// Invert maps a standardised target back to its original unit.
func (t TargetScaler) Invert(y float64) float64 { return y*t.Scale + t.Mean }
