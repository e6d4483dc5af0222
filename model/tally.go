package model

import (
	"maps"
	"math"
	"slices"

	"github.com/featsel/featsel/data"
)

// tally adds up the score of a model's predictions over the parts of a
// table (see Predictor): for regression each target's moments, for
// classification the rows right in each class, for survival the risks,
// times and events of the rows scored (the C-index compares every pair).
// One part gives the numbers the whole table read at once gives.
type tally struct {
	f      *File
	scales []data.TargetScaler
	target bool // a part had the target column
	rows   int  // rows scored

	moments []sums // of each target, in standardised units

	correct int
	classes map[string]*classRows // of the table's labels

	risk, time, event []float64
}

// sums are the moments of a target behind its R²: its mean and squared deviations
// from it (m2), and the squared residuals, over n rows.
type sums struct {
	n              int
	mean, m2, res2 float64
}

// merge adds the sums of other rows (Chan, Golub and LeVeque's update
// of the squared deviations).
func (m *sums) merge(o sums) {
	if m.n == 0 {
		*m = o
		return
	}
	n := m.n + o.n
	d := o.mean - m.mean
	m.mean += d * float64(o.n) / float64(n)
	m.m2 += o.m2 + d*d*float64(m.n)*float64(o.n)/float64(n)
	m.res2 += o.res2
	m.n = n
}

// classRows counts a class's rows scored and those labelled right.
type classRows struct{ rows, correct int }

func newTally(f *File) tally {
	t := tally{f: f, scales: f.Standardization().Y, classes: map[string]*classRows{}}
	t.moments = make([]sums, len(t.scales))
	return t
}

// add adds a part: ds as read, out the network's outputs, p the
// predictions, skipped the rows without one.
func (t *tally) add(ds *data.Dataset, out []float64, p *Predictions, skipped []bool) {
	if ds.Y == nil || t.f.Task == data.Survival.String() && ds.Events == nil {
		return
	}
	t.target = true
	var rows []int
	for i := range ds.Rows() {
		if !skipped[i] && !slices.ContainsFunc(ds.TargetRow(i), math.IsNaN) && (ds.Events == nil || !math.IsNaN(ds.Events[i])) {
			rows = append(rows, i)
		}
	}
	t.rows += len(rows)
	switch t.f.Task {
	case data.Regression.String():
		k := len(t.scales)
		for c, ts := range t.scales {
			// In the standardised units the network predicts in, so that
			// targets near the largest float64 do not overflow the sums.
			m := sums{n: len(rows)}
			for _, i := range rows {
				m.mean += ts.Standardize(ds.Y[i*k+c]) / float64(len(rows))
			}
			for _, i := range rows {
				z := ts.Standardize(ds.Y[i*k+c])
				m.res2 += (z - out[i*k+c]) * (z - out[i*k+c])
				m.m2 += (z - m.mean) * (z - m.mean)
			}
			if m.n > 0 {
				t.moments[c].merge(m)
			}
		}
	case data.Survival.String():
		for _, i := range rows {
			t.risk, t.time, t.event = append(t.risk, out[i]), append(t.time, ds.Y[i]), append(t.event, ds.Events[i])
		}
	default:
		for _, c := range ds.Classes { // a class with no row scored still counts
			if t.classes[c] == nil {
				t.classes[c] = &classRows{}
			}
		}
		for _, i := range rows {
			c := t.classes[ds.Classes[int(ds.Y[i])]]
			c.rows++
			if sameLabel(ds.Classes[int(ds.Y[i])], p.Labels[i]) {
				c.correct++
				t.correct++
			}
		}
	}
}

// score returns the score of the parts added; nil when none had the
// target column.
func (t *tally) score() *Score {
	if !t.target {
		return nil
	}
	sc := &Score{Rows: t.rows}
	switch t.f.Task {
	case data.Regression.String():
		sc.R2, sc.RMSE = math.NaN(), math.NaN()
		if t.rows == 0 {
			return sc
		}
		for c, m := range t.moments {
			ts := TargetScore{Name: t.f.Target, RMSE: math.Sqrt(m.res2/float64(m.n)) * t.scales[c].Scale, R2: math.NaN()}
			if m.m2 > 0 {
				ts.R2 = 1 - m.res2/m.m2 // undefined for a constant target
			}
			if len(t.moments) == 1 {
				sc.R2, sc.RMSE = ts.R2, ts.RMSE
				return sc
			}
			ts.Name = t.f.Targets[c]
			sc.Targets = append(sc.Targets, ts)
		}
		sc.R2 = 0
		for _, ts := range sc.Targets {
			sc.R2 += ts.R2 / float64(len(sc.Targets))
		}
	case data.Survival.String():
		sc.Concordance = ConcordanceIndex(t.risk, t.time, t.event)
		for _, e := range t.event {
			sc.Events += int(e)
		}
	default:
		sc.Correct, sc.Accuracy = t.correct, float64(t.correct)/float64(max(t.rows, 1))
		// The table's classes in the order reading them gives.
		labels := data.ClassLabels(slices.Collect(maps.Keys(t.classes)))
		recalls := make([]float64, len(labels))
		for k, l := range labels {
			recalls[k] = math.NaN()
			if c := t.classes[l]; c.rows > 0 {
				recalls[k] = float64(c.correct) / float64(c.rows)
			}
			if !slices.ContainsFunc(t.f.Classes, func(m string) bool { return sameLabel(m, l) }) {
				sc.Unknown = append(sc.Unknown, l)
			}
		}
		sc.BalancedAccuracy = meanRecall(recalls)
	}
	return sc
}
