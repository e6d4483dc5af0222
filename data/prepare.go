package data

import "math/rand/v2"

// Standardization is what [Prepare] fitted on the training part: the
// feature scaler and, for regression, the target scaler (nil otherwise).
type Standardization struct {
	X *Scaler
	Y *TargetScaler
}

// Prepare splits ds with [Split] and standardises both parts with
// statistics of the training part only: the features, and the target of a
// regression. ds itself is not changed.
func Prepare(ds *Dataset, valFrac float64, rng *rand.Rand) (train, val *Dataset, st *Standardization, err error) {
	train, val, err = Split(ds, valFrac, rng)
	if err != nil {
		return nil, nil, nil, err
	}
	st = &Standardization{X: FitScaler(train)}
	st.X.Apply(train)
	st.X.Apply(val)
	if ds.Task == Regression {
		ts := FitTargetScaler(train)
		ts.Apply(train)
		ts.Apply(val)
		st.Y = &ts
	}
	return train, val, st, nil
}
