package model

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/featsel/featsel/data"
)

// CSVOptions returns opts set up to read a table for this model: its
// feature columns by name, in any order (other columns are ignored; those
// the model does not use, see Unused, may be absent), and its target
// column, for scoring, when the table has one; every row is kept in its
// place (see data.CSVOptions.ForPrediction).
func (f *File) CSVOptions(opts data.CSVOptions) data.CSVOptions {
	task, _ := data.ParseTask(f.Task)
	opts.Target, opts.Targets, opts.Event, opts.Task, opts.Features, opts.ForPrediction = f.Target, f.Targets, f.Event, task, f.Features, true
	if f.Targets != nil {
		opts.Target = ""
	}
	opts.Absent, opts.Schema = nil, f.DataSchema()
	if opts.Schema != nil {
		// The columns of the table, a category's block being one.
		opts.Features, opts.Ignore, opts.Categorical, opts.Numeric = nil, nil, nil, nil
		used, source := make([]bool, len(f.Schema)), f.source()
		for j, unused := range f.Unused() {
			used[source[j]] = used[source[j]] || !unused
		}
		for s, c := range f.Schema {
			if !used[s] {
				opts.Absent = append(opts.Absent, c.Name)
			}
		}
		return opts
	}
	for j, unused := range f.Unused() {
		if unused {
			opts.Absent = append(opts.Absent, f.Features[j])
		}
	}
	return opts
}

// Unused reports, for each feature, whether the saved network ignores it,
// so that a table to predict may lack it: its selection weight is exactly
// zero, or, for the standard MLP, its rows of the first layer and of the
// skip layer are (group and hier). Graph-level L1 without a threshold
// never reaches zero: its saved networks use every feature.
func (f *File) Unused() []bool {
	d := len(f.Features)
	unused := make([]bool, d)
	rows := func(name string) []float64 {
		for _, p := range f.Params {
			if p.Name == name && len(p.Shape) >= 1 && p.Shape[0] == d {
				return p.Values
			}
		}
		return nil
	}
	zero := func(values []float64, j int) bool {
		width := len(values) / d
		return !slices.ContainsFunc(values[j*width:(j+1)*width], func(v float64) bool { return v != 0 })
	}
	theta, source := rows(ThetaName), f.source()
	if f.Schema != nil {
		for _, p := range f.Params { // θ: one per unit
			if p.Name == ThetaName && len(p.Values) == len(f.Schema) {
				theta = p.Values
			}
		}
	}
	var mlp MLP
	isMLP := f.Arch.Name == "mlp" && json.Unmarshal(f.Arch.Settings, &mlp) == nil
	w1, skip := rows(mlp.layerName(0)), rows(mlp.Prefix+"skip")
	for j := range unused {
		unused[j] = theta != nil && theta[source[j]] == 0 ||
			isMLP && (mlp.Free || mlp.FreeFirstLayer) && w1 != nil && zero(w1, j) && (skip == nil || zero(skip, j))
	}
	return unused
}

// Predictions are a model's answers for the rows of a table.
type Predictions struct {
	// Classes are the model's class labels (classification).
	Classes []string
	// Labels is each row's most probable class, and Prob the
	// probability of every class, row-major (classification).
	Labels []string
	Prob   []float64
	// Values is each row's prediction in the target's units (regression),
	// or its risk score (survival: the log of its hazard ratio, up to a
	// constant; a higher score, an earlier event).
	Values []float64
	// Risk says that Values are risk scores (survival).
	Risk bool
	// Targets names the targets of a model of several: Values then
	// holds one value per target a row, row-major.
	Targets []string
	// Skipped marks the rows left without a prediction (a missing feature
	// under data.MissingDrop): their label is "", their values NaN.
	Skipped []bool
	// Score compares the predictions with the target on the rows that
	// have one, when the table has the column; nil otherwise.
	Score *Score
}

// TargetScore is the score of one target of a model of several.
type TargetScore struct {
	Name     string
	R2, RMSE float64
}

// Score compares predictions with the true targets.
type Score struct {
	// Rows counts the rows scored: those with a label and a prediction.
	Rows int
	// Correct and Accuracy count the rows whose label is right
	// (classification). Unknown lists the labels of the table that the
	// model never saw; their rows count as errors.
	Correct  int
	Accuracy float64
	Unknown  []string
	// BalancedAccuracy is the mean over the table's classes with rows of
	// the fraction of their rows labelled right (a class the model never
	// saw counts, with none right).
	BalancedAccuracy float64
	// R2 and RMSE are the coefficient of determination and the root mean
	// squared error, in the target's units (regression); with several
	// targets, R2 is the mean of theirs, RMSE NaN, and Targets holds
	// each target's.
	R2, RMSE float64
	Targets  []TargetScore
	// Concordance is Harrell's C-index of the risk scores with the times
	// and events, and its standard error (survival); Events counts the
	// events among the rows scored.
	Concordance Concordance
	Events      int
}

// Predict applies the model to every row of ds, a table read with
// [File.CSVOptions] (raw values, in the data's own units), in order: it
// standardises them as the training data was, and returns labels and
// probabilities, or values in the target's units, with the score on the
// rows that have a label. A missing feature value takes the training
// mean, or, with missing = data.MissingDrop, leaves its row without a
// prediction. ds is not changed.
func (f *File) Predict(ds *data.Dataset, missing data.Missing) (*Predictions, error) {
	if !slices.Equal(ds.Features, f.Features) {
		return nil, fmt.Errorf("model: Predict needs the model's %d features in its order (read the table with File.CSVOptions)", len(f.Features))
	}
	net, err := f.Net()
	if err != nil {
		return nil, err
	}
	std := *ds
	std.X = slices.Clone(ds.X)
	st := f.Standardization()
	st.X.Apply(&std)
	out, err := net.Predict(&std)
	if err != nil {
		return nil, err
	}
	skipped := make([]bool, ds.Rows())
	if missing == data.MissingDrop {
		unused := f.Unused()
		row := make([]float64, ds.Cols())
		for i := range skipped {
			for j, v := range ds.RowTo(row, i) {
				skipped[i] = skipped[i] || math.IsNaN(v) && !unused[j]
			}
		}
	}
	var p *Predictions
	switch f.Task {
	case data.Regression.String():
		p = f.values(ds, st.Y, out, skipped)
	case data.Survival.String():
		p = risks(ds, out, skipped)
	default:
		p = f.labels(ds, out, skipped)
	}
	p.Skipped = skipped
	return p, nil
}

// scored reports whether row i counts in the score: it has a label (every
// target, or a time and an event) and a prediction.
func scored(ds *data.Dataset, skipped []bool, i int) bool {
	return ds.Y != nil && !slices.ContainsFunc(ds.TargetRow(i), math.IsNaN) && !skipped[i] && (ds.Events == nil || !math.IsNaN(ds.Events[i]))
}

// risks returns the network's outputs as risk scores, and their
// concordance with the times and events of the rows that have them.
func risks(ds *data.Dataset, out []float64, skipped []bool) *Predictions {
	p := &Predictions{Values: out, Risk: true}
	for i := range out {
		if skipped[i] {
			out[i] = math.NaN()
		}
	}
	if ds.Events == nil {
		return p
	}
	var risk, time, event []float64
	for i := range out {
		if scored(ds, skipped, i) {
			risk, time, event = append(risk, out[i]), append(time, ds.Y[i]), append(event, ds.Events[i])
		}
	}
	p.Score = &Score{Rows: len(risk), Concordance: ConcordanceIndex(risk, time, event)}
	for _, e := range event {
		p.Score.Events += int(e)
	}
	return p
}

// values turns the network's standardised outputs into the targets'
// units, and scores them on the rows that have every target.
func (f *File) values(ds *data.Dataset, ts []data.TargetScaler, out []float64, skipped []bool) *Predictions {
	k := len(ts)
	p := &Predictions{Values: make([]float64, len(out)), Targets: f.Targets}
	for i, v := range out {
		p.Values[i] = ts[i%k].Invert(v)
		if skipped[i/k] {
			p.Values[i] = math.NaN()
		}
	}
	if ds.Y == nil {
		return p
	}
	var rows []int
	for i := range ds.Rows() {
		if scored(ds, skipped, i) {
			rows = append(rows, i)
		}
	}
	p.Score = &Score{Rows: len(rows), R2: math.NaN(), RMSE: math.NaN()}
	if len(rows) == 0 {
		return p
	}
	for t := range k {
		// In the standardised units the network predicts in, so that
		// targets near the largest float64 do not overflow the sums.
		var res, tot, mean float64
		for _, i := range rows {
			mean += ts[t].Standardize(ds.Y[i*k+t]) / float64(len(rows))
		}
		for _, i := range rows {
			z := ts[t].Standardize(ds.Y[i*k+t])
			res += (z - out[i*k+t]) * (z - out[i*k+t])
			tot += (z - mean) * (z - mean)
		}
		sc := TargetScore{Name: f.Target, RMSE: math.Sqrt(res/float64(len(rows))) * ts[t].Scale, R2: math.NaN()}
		if tot > 0 {
			sc.R2 = 1 - res/tot // undefined for a constant target
		}
		if k == 1 {
			p.Score.R2, p.Score.RMSE = sc.R2, sc.RMSE
			return p
		}
		sc.Name = f.Targets[t]
		p.Score.Targets = append(p.Score.Targets, sc)
	}
	p.Score.R2 = 0
	for _, sc := range p.Score.Targets {
		p.Score.R2 += sc.R2 / float64(k)
	}
	return p
}

// labels turns the network's logits into probabilities and labels.
func (f *File) labels(ds *data.Dataset, out []float64, skipped []bool) *Predictions {
	k := len(f.Classes)
	Softmax(out, k)
	p := &Predictions{Classes: f.Classes, Prob: out, Labels: make([]string, ds.Rows())}
	correct, rows := 0, 0
	// Of each class of the table: its rows scored, and those right.
	classRows, classCorrect := make([]int, len(ds.Classes)), make([]int, len(ds.Classes))
	for i := range ds.Rows() {
		if skipped[i] {
			for c := range k {
				out[i*k+c] = math.NaN()
			}
			continue
		}
		p.Labels[i] = f.Classes[argmax(out[i*k:(i+1)*k])]
		if scored(ds, skipped, i) {
			c := int(ds.Y[i])
			rows++
			classRows[c]++
			if sameLabel(ds.Classes[c], p.Labels[i]) {
				correct++
				classCorrect[c]++
			}
		}
	}
	if ds.Y == nil {
		return p
	}
	p.Score = &Score{Rows: rows, Correct: correct, Accuracy: float64(correct) / float64(max(rows, 1))}
	recalls := make([]float64, len(ds.Classes))
	for c, n := range classRows {
		recalls[c] = math.NaN()
		if n > 0 {
			recalls[c] = float64(classCorrect[c]) / float64(n)
		}
	}
	p.Score.BalancedAccuracy = meanRecall(recalls)
	for _, c := range ds.Classes {
		if !slices.ContainsFunc(f.Classes, func(m string) bool { return sameLabel(m, c) }) {
			p.Score.Unknown = append(p.Score.Unknown, c)
		}
	}
	return p
}

// skipped reports whether row i has no prediction.
func (p *Predictions) skipped(i int) bool { return p.Skipped != nil && p.Skipped[i] }

// sameLabel reports whether two class labels are the same: the same text,
// or the same number ("1" and "1.0").
func sameLabel(a, b string) bool {
	if a == b {
		return true
	}
	ka, okA := data.NumberKey(a)
	kb, okB := data.NumberKey(b)
	return okA && okB && ka == kb
}

// Records returns the predictions as CSV records, header first, one per
// row of the table: the value for regression (with several targets, one
// column each, named after it); the risk score for survival (column
// risk); the label and the
// probability of each class (columns p_LABEL) for classification; empty
// cells for a skipped row.
func (p *Predictions) Records() [][]string {
	format := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	rows := [][]string{{"prediction"}}
	if p.Risk {
		rows[0][0] = "risk"
	}
	if k := len(p.Targets); k > 0 {
		rows[0] = p.Targets
		for i := range len(p.Values) / k {
			row := make([]string, k)
			for t, v := range p.Values[i*k : (i+1)*k] {
				if !p.skipped(i) {
					row[t] = format(v)
				}
			}
			rows = append(rows, row)
		}
		return rows
	}
	if p.Classes == nil {
		for i, v := range p.Values {
			if p.skipped(i) {
				rows = append(rows, []string{""})
				continue
			}
			rows = append(rows, []string{format(v)})
		}
		return rows
	}
	for _, c := range p.Classes {
		rows[0] = append(rows[0], "p_"+c)
	}
	k := len(p.Classes)
	for i, l := range p.Labels {
		row := []string{l}
		for _, v := range p.Prob[i*k : (i+1)*k] {
			if p.skipped(i) {
				row = append(row, "")
				continue
			}
			row = append(row, format(v))
		}
		rows = append(rows, row)
	}
	return rows
}
