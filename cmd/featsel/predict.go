package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// predictOptions are the flags of featsel predict.
type predictOptions struct {
	dataFlags
	streamFlags
	model, out, id string
}

func predictFlags(o *predictOptions) *pflag.FlagSet {
	fs := flagSet("predict", "predict --model MODEL --data FILE.csv [--out PRED.csv]", "Predict with a saved model: one row per input row, the value for regression, the\nlabel and the probability of each class for classification.")
	fs.StringVar(&o.model, "model", "", "model file written by featsel train --save (required)")
	fs.StringVar(&o.path, "data", "", "CSV file with the model's feature columns, by name, in any order (required);\nother columns are ignored; with the target column, the metric is reported")
	fs.StringVar(&o.out, "out", "", "write the predictions to this CSV file (default: standard output)")
	fs.StringVar(&o.id, "id", "", "copy this column of the table (an identifier) into the predictions, first")
	fs.StringVar(&o.maxMemory, "max-memory", "", "the memory the table's part in hand may take (256MiB, 2GB, …): the table is read,\npredicted and written a part at a time (default: parts of 65 536 rows)")
	o.dataFlags.addReading(fs)
	o.dataFlags.addKinds(fs, "\n(the model's saved columns decide; accepted so that training's data flags can\nbe given again)")
	return fs
}

func (o *predictOptions) check() error {
	if o.model == "" || o.path == "" {
		return errors.New("predict needs --model and --data")
	}
	if err := o.streamFlags.check(); err != nil {
		return err
	}
	for _, f := range []struct {
		flag  string
		names []string
	}{{"--ignore", o.ignore}, {"--categorical", o.categorical}, {"--numeric", o.numeric}, {"--log", o.log}} {
		if err := o.checkNames(f.flag, f.names); err != nil {
			return err
		}
	}
	_, err := o.csvOptions()
	return err
}

func runPredict(ctx context.Context, args []string, s streams) error {
	var o predictOptions
	if err := parse(predictFlags(&o), args, s.stdout, o.check); err != nil {
		return err
	}
	if o.out == "" {
		o.out = "-"
	}
	o.out = s.stdoutAlias(o.out)
	if err := checkPaths([]named{{"--data", o.path}, {"--model", o.model}}, []named{{"--out", o.out}}, named{}); err != nil {
		return usageError{err}
	}
	opts, _ := o.csvOptions() // checked
	// The model's columns are read and scaled as it saved them, whatever
	// the training flags given again say.
	opts.Ignore, opts.Categorical, opts.Numeric, opts.Log, opts.CommonScale = nil, nil, nil, nil, false
	mf, err := os.Open(o.model)
	if err != nil {
		return err
	}
	f, err := model.Load(mf)
	mf.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", o.model, err)
	}
	if f.Status != "" {
		fmt.Fprintf(s.stderr, "featsel: warning: %s holds the weights of a training run that did not finish (%s)\n", o.model, f.Status)
	}
	pr, err := f.Predictor(opts.Missing)
	if err != nil {
		return fmt.Errorf("%s: %w", o.model, err)
	}
	readOpts := f.CSVOptions(opts)
	readOpts.ID = o.id
	st := newStatus(s.stderr, o.quiet)
	readOpts.Progress = st.reading(o.path)
	dest, err := createOut(o.out, s.stdout)
	if err != nil {
		return err
	}
	// The table is read, predicted and written a part at a time: its
	// size is bounded by the disk, not by the memory.
	var (
		rows, missingRows, skipped int
		ignored                    []string
		unseen                     = map[string]int{}
		w                          = csv.NewWriter(dest)
		header                     = true
	)
	err = data.ReadParts(ctx, o.path, readOpts, o.partRows(len(f.Features), max(1, len(f.Classes), len(f.Targets))), func(ds *data.Dataset) error {
		pred, err := pr.Predict(ds)
		if err != nil {
			return fmt.Errorf("%s: %w", o.model, err)
		}
		records := pred.Records()
		if o.id != "" {
			records[0] = append([]string{o.id}, records[0]...)
			for i, id := range ds.IDs {
				records[i+1] = append([]string{id}, records[i+1]...)
			}
		}
		if !header {
			records = records[1:]
		}
		header = false
		ignored, rows, missingRows = ds.Ignored, rows+ds.Rows(), missingRows+ds.MissingRows
		for k, n := range ds.Unseen {
			unseen[k] += n
		}
		skipped += countTrue(pred.Skipped)
		w.WriteAll(records)
		return w.Error()
	})
	st.stop()
	if err != nil {
		dest.abort()
		return err
	}
	if err := dest.commit(); err != nil {
		return err
	}
	if len(unseen) > 0 {
		fmt.Fprintf(s.stderr, "featsel: notice: %s\n", unseenNotice(unseen))
	}
	// The summary is a result when the predictions went to a file, and
	// notices beside them when they took standard output.
	out := s.results(o.out)
	if o.out != "-" {
		fmt.Fprintf(out, "%s: %d predictions from %s written to %s\n", o.path, rows, o.model, o.out)
	}
	if len(ignored) > 0 {
		more := ""
		if len(ignored) > printedIgnored {
			ignored, more = ignored[:printedIgnored], fmt.Sprintf(" and %d more", len(ignored)-printedIgnored)
		}
		fmt.Fprintf(out, "ignored columns: %s%s\n", strings.Join(ignored, ", "), more)
	}
	if skipped > 0 {
		fmt.Fprintf(out, "missing: %d rows with a missing feature value, left without a prediction\n", skipped)
	} else if missingRows > 0 && opts.Missing == data.MissingMean {
		fmt.Fprintf(out, "missing: %d rows with a missing feature value, given the training mean\n", missingRows)
	}
	if sc := pr.Score(); sc != nil && sc.Rows == 0 {
		fmt.Fprintln(out, "no row has both a label and a prediction to score")
	} else if sc != nil && f.Classes != nil {
		fmt.Fprintf(out, "accuracy %.4f (%d of %d rows with the target)", sc.Accuracy, sc.Correct, sc.Rows)
		if f.ClassWeight == "balanced" {
			fmt.Fprintf(out, ", balanced accuracy %.4f", sc.BalancedAccuracy)
		}
		if len(sc.Unknown) > 0 {
			fmt.Fprintf(out, "; classes the model never saw, counted as errors: %s", strings.Join(sc.Unknown, ", "))
		}
		fmt.Fprintln(out)
	} else if sc != nil && sc.Events > 0 || sc != nil && f.Task == data.Survival.String() {
		fmt.Fprintf(out, "c-index %.4f ± %.4f (jackknife SE; %d rows with a time and an event, %d events)\n", sc.Concordance.Index, sc.Concordance.SE, sc.Rows, sc.Events)
	} else if sc != nil && sc.Targets != nil {
		fmt.Fprintf(out, "r2 %.4f, the mean of the targets' (%d rows with every target):\n", sc.R2, sc.Rows)
		for _, t := range sc.Targets {
			fmt.Fprintf(out, "  %s: r2 %.4f, rmse %.4g\n", t.Name, t.R2, t.RMSE)
		}
	} else if sc != nil {
		fmt.Fprintf(out, "r2 %.4f, rmse %.4g (%d rows with the target)\n", sc.R2, sc.RMSE, sc.Rows)
	}
	return nil
}

// unseenNotice says how many rows of each category held a level the model
// never saw, which it predicts with the category's block all zero.
func unseenNotice(unseen map[string]int) string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(unseen)) {
		parts = append(parts, fmt.Sprintf("%s %d", name, unseen[name]))
	}
	return "rows with a level the model never saw, predicted as none of its levels (all-zero block): " + strings.Join(parts, ", ")
}

// countTrue counts the set values.
func countTrue(mask []bool) int {
	n := 0
	for _, b := range mask {
		if b {
			n++
		}
	}
	return n
}

// printedIgnored is how many of the columns a model does not use predict
// names: a wide table's hundreds would fill the screen.
const printedIgnored = 20
