package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/regularize"
)

// compareOptions are the flags of featsel compare.
type compareOptions struct {
	dataFlags
	trainingFlags
	methods, informative []string
	lambdas              map[string]string
	report, plots        string
	lrSet                bool
}

func compareFlags(o *compareOptions) *pflag.FlagSet {
	fs := flagSet("compare", "compare [flags]", "Train every method on the same split, initial weights and batch order, and compare\nthe selections side by side.")
	o.dataFlags.add(fs)
	fs.StringSliceVar(&o.methods, "methods", regularize.Methods(), "methods to compare, comma-separated:\n"+methodHelp)
	fs.StringToStringVar(&o.lambdas, "lambdas", nil, "λ per method, e.g. prox-adam=0.02,hier=500 (default: each method's own scale:\n0.01; decoupled 1; group √width/3; hier width·M)")
	o.trainingFlags.add(fs, 200, 0)
	fs.Lookup("lr").Usage = "learning rate of every method (default: 1e-3, and 0.1 for ista)"
	fs.StringSliceVar(&o.informative, "informative", nil, "names of the truly informative features, if known: adds precision, recall, F1")
	fs.StringVar(&o.report, "report", "", "write the JSON report (one train-style object per method) to this file")
	fs.StringVar(&o.plots, "plots", "", "write PNG pictures into this directory (created if needed)")
	return fs
}

// lambdaFor returns the λ of a method: the --lambdas value or its default.
func (o *compareOptions) lambdaFor(spec regularize.Spec, outputs int) (float64, error) {
	s, ok := o.lambdas[spec.Method]
	if !ok {
		return spec.DefaultLambda(o.width(outputs)), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("--lambdas: %s=%q is not a number >= 0", spec.Method, s)
	}
	return v, nil
}

func (o *compareOptions) check() error {
	if len(o.methods) == 0 {
		return errors.New("--methods: give at least one method")
	}
	for _, m := range o.methods {
		if err := checkMethod("--methods", m); err != nil {
			return err
		}
	}
	for m := range o.lambdas {
		if !slices.Contains(o.methods, m) {
			return fmt.Errorf("--lambdas: %q is not among the compared methods", m)
		}
	}
	if err := o.dataFlags.check(); err != nil {
		return err
	}
	return o.trainingFlags.check()
}

// compareReport is the JSON report of featsel compare.
type compareReport struct {
	Methods     []*report `json:"methods"`
	Informative []string  `json:"informative,omitempty"`
	Seconds     float64   `json:"seconds"`
	Plots       []string  `json:"plots,omitempty"`
}

func runCompare(ctx context.Context, args []string, stdout io.Writer) error {
	var o compareOptions
	fs := compareFlags(&o)
	if err := parse(fs, args, stdout, o.check); err != nil {
		return err
	}
	o.lrSet = fs.Changed("lr")
	p, err := o.load()
	if err != nil {
		return err
	}
	defer setGC(trainingGC)()
	informative, err := truth(p.all.Features, o.informative)
	if err != nil {
		return usageError{err}
	}
	outputs := max(len(p.all.Classes), 1)
	var trials []regularize.Trial
	for _, m := range o.methods {
		spec := regularize.Spec{Method: m, HierM: o.hierM}
		if spec.Lambda, err = o.lambdaFor(spec, outputs); err != nil {
			return usageError{err}
		}
		tr := regularize.Trial{Spec: spec}
		if o.lrSet {
			tr.LearnRate = o.lr
		}
		trials = append(trials, tr)
	}
	start := time.Now()
	outcomes := regularize.Compare(ctx, p.train, p.val, trials, regularize.CompareConfig{
		Hidden: o.hidden, Base: o.config(o.seed), InitSeed: o.seed, Trace: o.plots != "",
	})
	rep := &compareReport{Informative: o.informative}
	var firstErr error
	for _, oc := range outcomes {
		if oc.Result == nil {
			return fmt.Errorf("%s: %w", oc.Spec.Method, oc.Err)
		}
		r := newReport(runInfo{spec: oc.Spec, lr: oc.LearnRate, hidden: o.hidden, seed: o.seed}, p, oc.Weights, oc.Result, time.Duration(oc.Seconds*float64(time.Second)))
		r.setStatus(oc.Err)
		r.setTruth(informative)
		rep.Methods = append(rep.Methods, r)
		if oc.Err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", oc.Spec.Method, oc.Err)
		}
	}
	rep.Seconds = math.Round(time.Since(start).Seconds()*1000) / 1000
	printComparison(stdout, p, rep)
	if o.plots != "" {
		if rep.Plots, err = writePlots(stdout, o.plots, func(dir string) ([]string, error) {
			return writeComparePlots(dir, outcomes, p.all.Features, informative)
		}); err != nil {
			return err
		}
	}
	return finish(o.report, rep, firstErr)
}

// truth turns the names of the informative features into a mask; nil
// when none are given.
func truth(features, names []string) ([]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	mask := make([]bool, len(features))
	for _, n := range names {
		j := slices.Index(features, n)
		if j < 0 {
			return nil, fmt.Errorf("--informative: no feature %q; the features are %s", n, strings.Join(features, ", "))
		}
		mask[j] = true
	}
	return mask, nil
}

// printComparison writes the comparison table for people.
func printComparison(w io.Writer, p *prepared, rep *compareReport) {
	d := rep.Methods[0].Dataset
	fmt.Fprintf(w, "data:  %s: %d rows, %d features, %s, target %q; %d training, %d validation rows\n",
		d.Source, d.Rows, d.Features, d.Task, d.Target, d.TrainRows, d.ValRows)
	fmt.Fprintf(w, "every method starts from the same weights and sees the same batches; %.1fs in all\n\n", rep.Seconds)
	metric := "val_accuracy"
	if d.Task != "classification" {
		metric = "val_r2"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := "method\tλ\tlr\texact zeros\thovering\tselected\t" + metric + "\tseconds\t"
	if rep.Informative != nil {
		header += "precision\trecall\tF1\t"
	}
	fmt.Fprintln(tw, header)
	for _, r := range rep.Methods {
		line := fmt.Sprintf("%s\t%.3g\t%g\t%d\t%d\t%d\t%.4f\t%.2f\t", r.Method, r.Lambda, r.LearnRate,
			r.ExactZeros, r.Hovering, len(r.Selected), r.Metrics[metric], r.Seconds)
		if r.Truth != nil {
			line += fmt.Sprintf("%.2f\t%.2f\t%.2f\t", r.Truth.Precision, r.Truth.Recall, r.Truth.F1)
		}
		if r.Status != "ok" {
			line += r.Status + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nhovering: weights not exactly zero but within 2·lr of it, where graph-level L1 with Adam leaves\nunused features; selected: weight != 0 (graph: |weight| > 2·lr)")
}
