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
		opts.Features, opts.Ignore, opts.Categorical, opts.Numeric, opts.Log = nil, nil, nil, nil, nil
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
// [File.CSVOptions] (the values as read: in the data's own units, or
// their logarithms in a column the model reads so), in order: it
// standardises them as the training data was, and returns labels and
// probabilities, or values in the target's units, with the score on the
// rows that have a label. A missing feature value takes the training
// mean, or, with missing = data.MissingDrop, leaves its row without a
// prediction. ds is not changed.
func (f *File) Predict(ds *data.Dataset, missing data.Missing) (*Predictions, error) {
	pr, err := f.Predictor(missing)
	if err != nil {
		return nil, err
	}
	p, err := pr.Predict(ds)
	if err != nil {
		return nil, err
	}
	p.Score = pr.Score()
	return p, nil
}

// A Predictor applies a model to a table a part at a time (see
// data.ReadParts), as File.Predict does to the whole, and keeps the score
// of every row predicted so far: the parts of a table give the
// predictions and the score of the table.
type Predictor struct {
	f       *File
	net     *Net
	st      *data.Standardization
	missing data.Missing
	unused  []bool
	tally   tally
}

// Predictor returns a Predictor of the model; missing is as for
// File.Predict.
func (f *File) Predictor(missing data.Missing) (*Predictor, error) {
	net, err := f.Net()
	if err != nil {
		return nil, err
	}
	return &Predictor{f: f, net: net, st: f.Standardization(), missing: missing, unused: f.Unused(), tally: newTally(f)}, nil
}

// Predict returns the predictions for the rows of ds, without a score,
// and adds them to the score (see Score). ds is not changed.
func (p *Predictor) Predict(ds *data.Dataset) (*Predictions, error) {
	f := p.f
	if !slices.Equal(ds.Features, f.Features) {
		return nil, fmt.Errorf("model: Predict needs the model's %d features in its order (read the table with File.CSVOptions)", len(f.Features))
	}
	// A column of logarithms has its plain name: the names alone would
	// not tell a table read without the model's schema.
	for s, c := range f.Schema {
		if c.Log && (s >= len(ds.Schema) || !ds.Schema[s].Log) {
			return nil, fmt.Errorf("model: Predict needs column %q as its logarithm, as the model read it (read the table with File.CSVOptions)", c.Name)
		}
	}
	std := *ds
	std.X = slices.Clone(ds.X)
	p.st.X.Apply(&std)
	out, err := p.net.Predict(&std)
	if err != nil {
		return nil, err
	}
	skipped := make([]bool, ds.Rows())
	if p.missing == data.MissingDrop {
		row := make([]float64, ds.Cols())
		for i := range skipped {
			for j, v := range ds.RowTo(row, i) {
				skipped[i] = skipped[i] || math.IsNaN(v) && !p.unused[j]
			}
		}
	}
	var pred *Predictions
	switch f.Task {
	case data.Regression.String():
		pred = &Predictions{Values: make([]float64, len(out)), Targets: f.Targets}
		for i, v := range out {
			pred.Values[i] = p.st.Y[i%len(p.st.Y)].Invert(v)
		}
	case data.Survival.String():
		pred = &Predictions{Values: slices.Clone(out), Risk: true}
	default:
		pred = &Predictions{Classes: f.Classes, Prob: slices.Clone(out), Labels: make([]string, ds.Rows())}
		k := len(f.Classes)
		Softmax(pred.Prob, k)
		for i := range pred.Labels {
			pred.Labels[i] = f.Classes[argmax(pred.Prob[i*k:(i+1)*k])]
		}
	}
	p.tally.add(ds, out, pred, skipped)
	pred.Skipped = skipped
	pred.blank()
	return pred, nil
}

// Score returns the score of the rows predicted so far that have a label
// (every target, or a time and an event); nil when the table has no
// target column.
func (p *Predictor) Score() *Score { return p.tally.score() }

// blank leaves the skipped rows without a prediction: no label, NaN
// values.
func (p *Predictions) blank() {
	k := max(len(p.Targets), len(p.Classes), 1)
	for i, skip := range p.Skipped {
		if !skip {
			continue
		}
		if p.Labels != nil {
			p.Labels[i] = ""
		}
		for _, v := range []*[]float64{&p.Values, &p.Prob} {
			if *v != nil {
				for c := range k {
					(*v)[i*k+c] = math.NaN()
				}
			}
		}
	}
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
