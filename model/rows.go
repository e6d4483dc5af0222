package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/featsel/featsel/data"
)

// CSVOptions returns opts set up to read a table for this model: its
// feature columns by name, in any order (other columns are ignored), and
// its target column when the table has one.
func (f *File) CSVOptions(opts data.CSVOptions) data.CSVOptions {
	task, _ := data.ParseTask(f.Task)
	opts.Target, opts.Task, opts.Features, opts.OptionalTarget = f.Target, task, f.Features, true
	return opts
}

// Predictions are a model's answers for the rows of a table.
type Predictions struct {
	// Classes are the model's class labels (classification).
	Classes []string
	// Labels is each row's most probable class, and Prob the
	// probability of every class, row-major (classification).
	Labels []string
	Prob   []float64
	// Values is each row's prediction in the target's units (regression).
	Values []float64
	// Score compares the predictions with the target, when the table has
	// it; nil otherwise.
	Score *Score
}

// Score compares predictions with the true targets.
type Score struct {
	Rows int
	// Correct and Accuracy count the rows whose label is right
	// (classification). Unknown lists the labels of the table that the
	// model never saw; their rows count as errors.
	Correct  int
	Accuracy float64
	Unknown  []string
	// R2 and RMSE are the coefficient of determination and the root mean
	// squared error, in the target's units (regression).
	R2, RMSE float64
}

// Predict applies the model to the rows of ds, a table read with
// [File.CSVOptions] (raw values, in the data's own units): it standardises
// them as the training data was, and returns labels and probabilities, or
// values in the target's units, with the score when ds has the target.
// ds is not changed.
func (f *File) Predict(ds *data.Dataset) (*Predictions, error) {
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
	if f.Task == data.Regression.String() {
		return f.values(ds, st.Y, out), nil
	}
	return f.labels(ds, out), nil
}

// values turns the network's standardised outputs into the target's units.
func (f *File) values(ds *data.Dataset, ts *data.TargetScaler, out []float64) *Predictions {
	p := &Predictions{Values: make([]float64, len(out))}
	for i, v := range out {
		p.Values[i] = ts.Invert(v)
	}
	if ds.Y == nil {
		return p
	}
	var res, tot, mean float64
	for _, y := range ds.Y {
		mean += y / float64(len(ds.Y))
	}
	for i, y := range ds.Y {
		res += (y - p.Values[i]) * (y - p.Values[i])
		tot += (y - mean) * (y - mean)
	}
	p.Score = &Score{Rows: len(ds.Y), R2: 1 - res/tot, RMSE: math.Sqrt(res / float64(len(ds.Y)))}
	return p
}

// labels turns the network's logits into probabilities and labels.
func (f *File) labels(ds *data.Dataset, out []float64) *Predictions {
	k := len(f.Classes)
	Softmax(out, k)
	p := &Predictions{Classes: f.Classes, Prob: out, Labels: make([]string, ds.Rows())}
	correct := 0
	for i := range ds.Rows() {
		p.Labels[i] = f.Classes[argmax(out[i*k:(i+1)*k])]
		if ds.Y != nil && ds.Classes[int(ds.Y[i])] == p.Labels[i] {
			correct++
		}
	}
	if ds.Y == nil {
		return p
	}
	p.Score = &Score{Rows: ds.Rows(), Correct: correct, Accuracy: float64(correct) / float64(ds.Rows())}
	for _, c := range ds.Classes {
		if !slices.Contains(f.Classes, c) {
			p.Score.Unknown = append(p.Score.Unknown, c)
		}
	}
	return p
}

// Records returns the predictions as CSV records, header first: the
// value for regression; the label and the probability of each class
// (columns p_LABEL) for classification.
func (p *Predictions) Records() [][]string {
	format := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	rows := [][]string{{"prediction"}}
	if p.Classes == nil {
		for _, v := range p.Values {
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
			row = append(row, format(v))
		}
		rows = append(rows, row)
	}
	return rows
}
