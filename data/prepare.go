package data

import "math/rand/v2"

// Standardization is what [Prepare] fitted on the training part: the
// feature scaler and, for regression, a scaler per target (nil otherwise).
type Standardization struct {
	X *Scaler
	Y []TargetScaler
}

// Prepare splits ds with [Split] and standardises both parts with
// statistics of the training part only: the features, and the target of a
// regression. ds itself is not changed.
func Prepare(ds *Dataset, valFrac float64, rng *rand.Rand) (train, val *Dataset, st *Standardization, err error) {
	train, val, err = Split(ds, valFrac, rng)
	if err != nil {
		return nil, nil, nil, err
	}
	return train, val, Standardize(train, val), nil
}

// PrepareRows is Prepare with the validation rows given (a fold): the
// other rows are the training part.
func PrepareRows(ds *Dataset, valRows []int) (train, val *Dataset, st *Standardization) {
	train, val = ds.Subset(complement(ds.Rows(), valRows)), ds.Subset(valRows)
	return train, val, Standardize(train, val)
}

// Standardize fits the standardisation on train and applies it, in place,
// to train and to the other datasets.
func Standardize(train *Dataset, others ...*Dataset) *Standardization {
	st := &Standardization{X: FitScaler(train)}
	if train.Task == Regression {
		for t := range train.YStride() {
			st.Y = append(st.Y, FitTargetScaler(train, t))
		}
	}
	for _, d := range append([]*Dataset{train}, others...) {
		st.Apply(d)
	}
	return st
}

// Apply standardises d in place: its features, and the targets of a
// regression.
func (s *Standardization) Apply(d *Dataset) {
	s.X.Apply(d)
	for t, ts := range s.Y {
		ts.Apply(d, t)
	}
}

// Columns returns the standardisation of the features mask keeps (the
// target's, if any, unchanged).
func (s *Standardization) Columns(mask []bool) *Standardization {
	if len(mask) != len(s.X.Mean) {
		panic("data: column mask length mismatch")
	}
	x := &Scaler{}
	for j, keep := range mask {
		if keep {
			x.Mean = append(x.Mean, s.X.Mean[j])
			x.Scale = append(x.Scale, s.X.Scale[j])
		}
	}
	return &Standardization{X: x, Y: s.Y}
}
