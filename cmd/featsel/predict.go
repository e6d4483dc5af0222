package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// predictOptions are the flags of featsel predict.
type predictOptions struct {
	dataFlags
	model, out string
}

func predictFlags(o *predictOptions) *pflag.FlagSet {
	fs := flagSet("predict", "predict --model MODEL --data FILE.csv [--out PRED.csv]", "Predict with a saved model: one row per input row, the value for regression, the\nlabel and the probability of each class for classification.")
	fs.StringVar(&o.model, "model", "", "model file written by featsel train --save (required)")
	fs.StringVar(&o.path, "data", "", "CSV file with the model's feature columns, by name, in any order (required);\nother columns are ignored; with the target column, the metric is reported")
	fs.StringVar(&o.out, "out", "", "write the predictions to this CSV file (default: standard output)")
	o.dataFlags.addReading(fs)
	return fs
}

func (o *predictOptions) check() error {
	if o.model == "" || o.path == "" {
		return errors.New("predict needs --model and --data")
	}
	_, err := o.csvOptions()
	return err
}

func runPredict(_ context.Context, args []string, stdout io.Writer) error {
	var o predictOptions
	if err := parse(predictFlags(&o), args, stdout, o.check); err != nil {
		return err
	}
	opts, _ := o.csvOptions() // checked
	mf, err := os.Open(o.model)
	if err != nil {
		return err
	}
	f, err := model.Load(mf)
	mf.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", o.model, err)
	}
	net, err := f.Net()
	if err != nil {
		return fmt.Errorf("%s: %w", o.model, err)
	}
	task, _ := data.ParseTask(f.Task)
	opts.Target, opts.Task, opts.Features, opts.OptionalTarget = f.Target, task, f.Features, true
	restore := setGC(readingGC)
	ds, err := data.ReadFile(o.path, opts)
	restore()
	if err != nil {
		return err
	}
	st := f.Standardization()
	st.X.Apply(ds)
	out, err := net.Predict(ds)
	if err != nil {
		return err
	}
	rows, metric := predictions(f, ds, st, out)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(rows)
	if o.out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFile(o.out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d predictions from %s written to %s\n", o.path, ds.Rows(), o.model, o.out)
	if len(ds.Ignored) > 0 {
		fmt.Fprintf(stdout, "ignored columns: %s\n", strings.Join(ds.Ignored, ", "))
	}
	if ds.DroppedRows > 0 || ds.MissingRows > 0 {
		fmt.Fprintf(stdout, "missing: %d rows with a missing feature value, %d rows dropped\n", ds.MissingRows, ds.DroppedRows)
	}
	if metric != "" {
		fmt.Fprintln(stdout, metric)
	}
	return nil
}

// predictions turns the network's outputs into CSV rows (header first)
// and, when the file had the target, a line with the metric.
func predictions(f *model.File, ds *data.Dataset, st *data.Standardization, out []float64) ([][]string, string) {
	format := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	if f.Task == data.Regression.String() {
		rows := [][]string{{"prediction"}}
		pred := make([]float64, len(out))
		for i, v := range out {
			pred[i] = st.Y.Invert(v)
			rows = append(rows, []string{format(pred[i])})
		}
		if ds.Y == nil {
			return rows, ""
		}
		var res, tot, mean float64
		for _, y := range ds.Y {
			mean += y / float64(len(ds.Y))
		}
		for i, y := range ds.Y {
			res += (y - pred[i]) * (y - pred[i])
			tot += (y - mean) * (y - mean)
		}
		return rows, fmt.Sprintf("r2 %.4f, rmse %.4g (%d rows with the target)", 1-res/tot, math.Sqrt(res/float64(len(ds.Y))), len(ds.Y))
	}
	k := len(f.Classes)
	model.Softmax(out, k)
	header := []string{"prediction"}
	for _, c := range f.Classes {
		header = append(header, "p_"+c)
	}
	rows := [][]string{header}
	var unknown []string
	for _, c := range ds.Classes {
		if !slices.Contains(f.Classes, c) {
			unknown = append(unknown, c)
		}
	}
	correct := 0
	for i := range ds.Rows() {
		p := out[i*k : (i+1)*k]
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		row := []string{f.Classes[best]}
		for _, v := range p {
			row = append(row, format(v))
		}
		rows = append(rows, row)
		if ds.Y != nil && ds.Classes[int(ds.Y[i])] == f.Classes[best] {
			correct++
		}
	}
	if ds.Y == nil {
		return rows, ""
	}
	line := fmt.Sprintf("accuracy %.4f (%d of %d rows with the target)", float64(correct)/float64(ds.Rows()), correct, ds.Rows())
	if len(unknown) > 0 {
		line += fmt.Sprintf("; classes the model never saw, counted as errors: %s", strings.Join(unknown, ", "))
	}
	return rows, line
}
