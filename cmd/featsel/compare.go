package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/regularize"
	"github.com/featsel/featsel/regularize/report"
)

// compareOptions are the flags of featsel compare.
type compareOptions struct {
	dataFlags
	trainingFlags
	methods, informative []string
	lambdas              map[string]string
	report, plots, html  string
	repeats              int
	baseline, datasets   string
	table                string
	gridFlags            []string
	grid                 *regularize.GridConfig
	shardFlags
}

func compareFlags(o *compareOptions) *pflag.FlagSet {
	fs := flagSet("compare", "compare [flags]", "Train every method on the same split, initial weights and batch order, and compare\nthe selections side by side.")
	o.dataFlags.add(fs)
	fs.StringSliceVar(&o.methods, "methods", regularize.Methods(), "methods to compare, comma-separated:\n"+regularize.Help())
	fs.StringToStringVar(&o.lambdas, "lambdas", nil, "λ per method, as METHOD=λ,METHOD=λ (default: each method's own scale)")
	fs.Lookup("lambdas").DefValue = "" // the help says the default; pflag would add "(default [])"
	o.trainingFlags.add(fs, 0, 200, 0)
	fs.StringSliceVar(&o.informative, "informative", nil, "names of the truly informative features, if known: adds precision, recall, F1")
	fs.IntVar(&o.repeats, "repeats", 1, "repeat the comparison over N seeds, --seed to --seed+N−1 (each its own split, initial\nweights and batch order): each measure's mean ± standard error per method, and its\ndifferences from --baseline's paired by seed with Wilcoxon's signed-rank p-value")
	fs.StringVar(&o.baseline, "baseline", "", "with --repeats, --datasets or --table: the method the others are paired against\n(default "+regularize.BaselineMethod+")")
	fs.StringVar(&o.datasets, "datasets", "", "compare on every table of this CSV manifest, path,target,informative (informative\ncolumns separated by ';', may be empty; paths from the manifest's directory): one\ntable over datasets × methods on stdout (--table, default md)")
	fs.StringArrayVar(&o.gridFlags, "grid", nil, "compare at every cell of a grid, lr=X,Y,… and lambda=X,Y,… (raw λ for every method;\nMETHOD.lambda=X,Y,… gives a method on another scale its own, as many): each method's\nselection per cell, and graph's band, the largest |θ| of the features prox-adam sets to\nzero, over lr (repeat the flag for each axis)")
	fs.StringVar(&o.table, "table", "", "print the comparison as a table for a paper, md, tex or csv, in place of the text\n(a row per dataset and method: each measure's mean ± standard error over --repeats,\nthe score's paired p against --baseline)")
	fs.StringVar(&o.report, "report", "", "write the JSON report (one train-style object per method) to this file")
	fs.StringVar(&o.plots, "plots", "", "write PNG pictures into this directory (created if needed)")
	fs.StringVar(&o.html, "html", "", htmlUsage)
	o.shardFlags.add(fs, "the methods whose place in --methods, counted from 0, is I mod N (with --repeats,\nthe method of place m in repeat r is unit r·len(methods)+m)")
	return fs
}

// lambdaFor returns the λ of a method: the --lambdas value or its default.
func (o *compareOptions) lambdaFor(spec regularize.Spec, outputs int) (float64, error) {
	s, ok := o.lambdas[spec.Method]
	if !ok {
		return spec.DefaultLambda(o.hidden, outputs), nil
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
	if o.gridFlags != nil {
		g, err := parseGrid(o.gridFlags, o.methods)
		if err != nil {
			return err
		}
		o.grid = &g
	}
	paired := o.repeats > 1 || o.datasets != "" || o.table != ""
	switch {
	case o.grid != nil && (paired || o.shardFlag != "" || o.lambdas != nil || o.baseline != ""):
		return errors.New("--grid with --repeats, --datasets, --table, --baseline, --shard or --lambdas: not yet; the grid gives each cell's λ")
	case o.grid != nil && o.grid.LearnRates != nil && o.lr != 0:
		return errors.New("--lr with --grid lr=…: the grid gives each cell's learning rate")
	case o.table != "" && !slices.Contains(report.TableFormats, o.table):
		return fmt.Errorf("--table: %q is not md, tex or csv", o.table)
	case o.datasets != "" && (o.path != "" || o.target != "" || o.time != "" || o.event != "" || o.informative != nil || o.columns != nil):
		return errors.New("--datasets gives each table's --data, --target and --informative: give them in the manifest")
	case o.datasets != "" && (o.shardFlag != "" || o.html != ""):
		return errors.New("--datasets with --shard or --html: not yet; compare one table at a time")
	case o.repeats < 1:
		return fmt.Errorf("--repeats must be >= 1, got %d", o.repeats)
	case o.baseline != "" && !paired:
		return errors.New("--baseline goes with --repeats, --datasets or --table, which pair the methods against it")
	}
	o.baseline = cmp.Or(o.baseline, regularize.BaselineMethod)
	if paired && !slices.Contains(o.methods, o.baseline) {
		return fmt.Errorf("--baseline: %q is not among the compared methods (%s)", o.baseline, strings.Join(o.methods, ","))
	}
	for m := range o.lambdas {
		if !slices.Contains(o.methods, m) {
			return fmt.Errorf("--lambdas: %q is not among the compared methods", m)
		}
	}
	if err := o.shardFlags.check([]named{{"--report", o.report}, {"--plots", o.plots}, {"--html", o.html}}); err != nil {
		return err
	}
	if err := o.dataFlags.check(); err != nil {
		return err
	}
	return o.trainingFlags.check()
}

func runCompare(ctx context.Context, args []string, s streams) error {
	var o compareOptions
	if err := parse(compareFlags(&o), args, s.stdout, o.check); err != nil {
		return err
	}
	return o.run(ctx, args, s, nil, nil)
}

// run is featsel compare with the options parsed from args: every
// method, a shard's share (--shard), or, with parts, the merge of the
// shards (named by names).
func (o *compareOptions) run(ctx context.Context, args []string, s streams, parts []*regularize.Part, names []string) error {
	o.report = s.stdoutAlias(o.report)
	if err := checkPaths([]named{{"--data", o.path}, {"--groups", o.groups}, {"--datasets", o.datasets}}, []named{{"--report", o.report}, {"--html", o.html}, {"--part", o.part}}, named{"--plots", o.plots}); err != nil {
		return usageError{err}
	}
	st := newStatus(s.stderr, o.quiet)
	defer st.stop()
	if o.datasets != "" {
		return o.runDatasets(ctx, s, st)
	}
	ds, source, informative, trials, err := o.prepare(ctx, st, s.stderr)
	if err != nil {
		return err
	}
	defer setGC(trainingGC)()
	start := time.Now()
	fit := regularize.FitConfig{
		Hidden: o.hidden, Base: o.config(o.seed), InitSeed: o.seed, Trace: o.plots != "" || o.html != "", Progress: st.progress(),
	}
	if o.repeats > 1 || o.table != "" {
		return o.runRepeats(ctx, args, s, st, ds, source, trials, fit, parts, names)
	}
	if o.grid != nil {
		return o.runGrid(ctx, args, s, st, ds, source, trials, fit)
	}
	train, val, _, err := data.Prepare(ds, o.valFrac, rand.New(rand.NewPCG(o.seed, 1)))
	if err != nil {
		return err
	}
	var outcomes []regularize.Outcome
	switch {
	case o.shard != nil:
		part, err := regularize.CompareShard(ctx, train, val, trials, fit, *o.shard)
		st.stop()
		return o.writePart(s, part, append([]string{"compare"}, args...), source, err)
	case parts != nil:
		if outcomes, err = regularize.MergeCompare(train, val, trials, fit, parts, names); err != nil {
			return err
		}
	default:
		outcomes = regularize.Compare(ctx, train, val, trials, fit)
	}
	st.stop()
	rep, err := report.NewCompare(outcomes, report.Describe(source, ds, train, val), ds.Units(), o.hidden, o.seed, o.informative, sinceWithShards(start, parts))
	if err != nil {
		return err
	}
	var runErr error
	for _, oc := range outcomes {
		if oc.Err != nil {
			runErr = fmt.Errorf("%s: %w", oc.Spec.Method, oc.Err)
			break
		}
	}
	draw := func() ([]report.Picture, error) { return report.ComparePictures(outcomes, ds.Units(), informative) }
	return o.output(s, args, rep, rep.Print, draw, &rep.Plots, runErr)
}

// prepare reads the table of the flags and sets up the trials of the
// methods on it, with the informative features as a mask.
func (o *compareOptions) prepare(ctx context.Context, st *status, stderr io.Writer) (ds *data.Dataset, source string, informative []bool, trials []regularize.Trial, err error) {
	if ds, source, err = o.read(ctx, st, stderr); err != nil {
		return nil, "", nil, nil, err
	}
	if err := o.checkTask(ds.Task); err != nil {
		return nil, "", nil, nil, err
	}
	if informative, err = report.Informative(ds.Units(), o.informative); err != nil {
		return nil, "", nil, nil, usageError{fmt.Errorf("--informative: %v; the features are %s", err, strings.Join(ds.Units(), ", "))}
	}
	for _, m := range o.methods {
		spec := o.spec(m)
		if spec.Lambda, err = o.lambdaFor(spec, ds.Outputs()); err != nil {
			return nil, "", nil, nil, usageError{err}
		}
		trials = append(trials, regularize.Trial{Spec: spec, LearnRate: o.lr})
	}
	return ds, source, informative, trials, nil
}

// runRepeats is featsel compare --repeats: the comparison over seeds,
// a shard's share of it, or, with parts, the merge of the shards.
func (o *compareOptions) runRepeats(ctx context.Context, args []string, s streams, st *status, ds *data.Dataset, source string, trials []regularize.Trial, fit regularize.FitConfig, parts []*regularize.Part, names []string) error {
	rc := regularize.RepeatConfig{Repeats: o.repeats, Seed: o.seed, ValFrac: o.valFrac}
	fit.Trace = false
	start := time.Now()
	var (
		outcomes [][]regularize.Outcome
		err      error
	)
	switch {
	case o.shard != nil:
		var part *regularize.Part
		_, part, err = regularize.CompareRepeats(ctx, ds, trials, fit, rc, o.shard)
		st.stop()
		return o.writePart(s, part, append([]string{"compare"}, args...), source, err)
	case parts != nil:
		if outcomes, err = regularize.MergeRepeats(ds, trials, fit, rc, parts, names); err != nil {
			return err
		}
	default:
		outcomes, _, err = regularize.CompareRepeats(ctx, ds, trials, fit, rc, nil)
		if outcomes == nil {
			return err
		}
	}
	st.stop()
	rep, rerr := o.repeatsReport(ds, source, outcomes, rc, parts, start)
	if rerr != nil {
		return errors.Join(err, rerr)
	}
	runErr := errors.Join(err, unitErrors(outcomes, rc.Seeds()))
	text := rep.Print
	if o.table != "" {
		text = func(w io.Writer) { report.WriteTable(w, []*report.Repeats{rep}, o.table) } // the format is checked
	}
	return o.output(s, args, rep, text, func() ([]report.Picture, error) { return report.RepeatsPictures(rep) }, &rep.Plots, runErr)
}

// runDatasets is featsel compare --datasets: the comparison, over
// --repeats seeds, on every table of the manifest, one after the other,
// and the table of them all. Every table's columns are checked before
// the first trains; a table that fails after others ran ends the run
// with what they gave written.
func (o *compareOptions) runDatasets(ctx context.Context, s streams, st *status) error {
	entries, err := data.ReadManifest(o.datasets)
	if err != nil {
		return err
	}
	if err := o.checkEntries(ctx, entries); err != nil {
		return err
	}
	defer setGC(trainingGC)()
	start := time.Now()
	var (
		reps   []*report.Repeats
		runErr error
		pics   []report.Picture
	)
	for k, e := range entries {
		rep, err := o.compareEntry(ctx, st, s.stderr, e)
		if rep != nil {
			rep.Name = e.Name
			if slices.ContainsFunc(entries[:k], func(f data.Entry) bool { return f.Name == e.Name }) {
				rep.Name = fmt.Sprintf("%s (line %d)", e.Name, e.Line) // the same file again
			}
			reps = append(reps, rep)
		}
		if rep != nil && o.plots != "" {
			p, perr := report.RepeatsPictures(rep)
			for i := range p {
				p[i].Name = fmt.Sprintf("%d_%s_%s", k+1, strings.TrimSuffix(filepath.Base(e.Path), filepath.Ext(e.Path)), p[i].Name)
			}
			pics, err = append(pics, p...), errors.Join(err, perr)
		}
		if err != nil {
			runErr = fmt.Errorf("%s:%d: %s: %w", o.datasets, e.Line, e.Name, err)
			break // the tables so far are written
		}
	}
	st.stop()
	all := &report.Datasets{Datasets: reps, Seconds: time.Since(start).Seconds()}
	out := s.results(o.report)
	if err := report.WriteTable(out, reps, cmp.Or(o.table, "md")); err != nil {
		return errors.Join(runErr, err)
	}
	var picErr error
	if o.plots != "" {
		all.Plots, picErr = writePictures(s.stderr, o.plots, pics)
	}
	return finish(o.report, s.stdout, all, errors.Join(runErr, picErr))
}

// checkEntries checks, before any training, that every table of the
// manifest can be opened and holds its target and informative columns.
func (o *compareOptions) checkEntries(ctx context.Context, entries []data.Entry) error {
	opts, _ := o.csvOptions()
	for _, e := range entries {
		header, err := data.ReadHeader(ctx, e.Path, opts.Comma)
		if err != nil {
			return fmt.Errorf("%s:%d:1: %w", o.datasets, e.Line, err)
		}
		if e.Target != "" && !slices.Contains(header, e.Target) {
			return fmt.Errorf("%s:%d:2: target %q: %s has no such column; its columns are %s", o.datasets, e.Line, e.Target, e.Name, strings.Join(header, ", "))
		}
		for _, name := range e.Informative {
			if !slices.Contains(header, name) || name == e.Target {
				return fmt.Errorf("%s:%d:3: informative %q: %s has no such feature; its columns are %s", o.datasets, e.Line, name, e.Name, strings.Join(header, ", "))
			}
		}
	}
	return nil
}

// compareEntry is the repeated comparison on one table of a manifest;
// its error is the table's, or that of a method that did not finish.
func (o *compareOptions) compareEntry(ctx context.Context, st *status, stderr io.Writer, e data.Entry) (*report.Repeats, error) {
	d := *o
	d.path, d.target, d.informative = e.Path, e.Target, e.Informative
	ds, source, _, trials, err := d.prepare(ctx, st, stderr)
	if ue, ok := errors.AsType[usageError](err); ok {
		err = ue.err // the manifest's, not a flag's
	}
	if err != nil {
		return nil, err
	}
	rc := regularize.RepeatConfig{Repeats: o.repeats, Seed: o.seed, ValFrac: o.valFrac}
	fit := regularize.FitConfig{Hidden: o.hidden, Base: o.config(o.seed), Progress: st.progress()}
	start := time.Now()
	outcomes, _, err := regularize.CompareRepeats(ctx, ds, trials, fit, rc, nil)
	if outcomes == nil {
		return nil, err
	}
	rep, rerr := d.repeatsReport(ds, source, outcomes, rc, nil, start)
	if rerr != nil {
		return nil, errors.Join(err, rerr)
	}
	return rep, errors.Join(err, unitErrors(outcomes, rc.Seeds()))
}

// repeatsReport reports a repeated comparison on ds, described by its
// first repeat's split (its rows counted, not copied).
func (o *compareOptions) repeatsReport(ds *data.Dataset, source string, outcomes [][]regularize.Outcome, rc regularize.RepeatConfig, parts []*regularize.Part, start time.Time) (*report.Repeats, error) {
	train, val, err := data.SplitRows(ds, o.valFrac, rand.New(rand.NewPCG(o.seed, 1)))
	if err != nil {
		return nil, err
	}
	d := report.Describe(source, ds, ds, ds)
	d.TrainRows, d.ValRows = len(train), len(val)
	return report.NewRepeats(outcomes, rc.Seeds(), d, ds.Units(), o.hidden, o.informative, o.baseline, sinceWithShards(start, parts))
}

// unitErrors says which units of a repeated comparison did not finish,
// naming the first.
func unitErrors(outcomes [][]regularize.Outcome, seeds []uint64) error {
	for r, ocs := range outcomes {
		for _, oc := range ocs {
			if oc.Err != nil {
				return fmt.Errorf("repeat %d (seed %d), %s: %w", r+1, seeds[r], oc.Spec.Method, oc.Err)
			}
		}
	}
	return nil
}

// parseGrid reads the --grid flags: lr=…, lambda=… and METHOD.lambda=…,
// each a comma-separated list of numbers, for the methods compared.
func parseGrid(flags, methods []string) (regularize.GridConfig, error) {
	var g regularize.GridConfig
	for _, f := range flags {
		key, list, ok := strings.Cut(f, "=")
		if !ok || list == "" {
			return g, fmt.Errorf("--grid: %q is not KEY=X,Y,… (lr, lambda or METHOD.lambda)", f)
		}
		var values []float64
		for _, item := range strings.Split(list, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(item), 64)
			if err != nil || !(v >= 0) || math.IsInf(v, 0) || key == "lr" && v == 0 {
				return g, fmt.Errorf("--grid %s: %q is not a number >= 0 (> 0 for lr)", key, item)
			}
			if slices.Contains(values, v) {
				return g, fmt.Errorf("--grid %s: %v given twice", key, v)
			}
			values = append(values, v)
		}
		method, isMethod := strings.CutSuffix(key, ".lambda")
		switch {
		case key == "lr" && g.LearnRates == nil:
			g.LearnRates = values
		case key == "lambda" && g.Lambdas == nil:
			g.Lambdas = values
		case isMethod && slices.Contains(methods, method) && g.MethodLambdas[method] == nil:
			if g.MethodLambdas == nil {
				g.MethodLambdas = map[string][]float64{}
			}
			g.MethodLambdas[method] = values
		case isMethod && !slices.Contains(methods, method):
			return g, fmt.Errorf("--grid: %q is not among the compared methods", method)
		case key == "lr", key == "lambda", isMethod:
			return g, fmt.Errorf("--grid: %s given twice", key)
		default:
			return g, fmt.Errorf("--grid: %q is not lr, lambda or METHOD.lambda", key)
		}
	}
	for m, ls := range g.MethodLambdas {
		if n := len(g.Lambdas); n > 0 && len(ls) != n {
			return g, fmt.Errorf("--grid: %d values of %s.lambda for %d of lambda: one for each", len(ls), m, n)
		}
	}
	for m, ls := range g.MethodLambdas {
		for o, other := range g.MethodLambdas {
			if len(ls) != len(other) {
				return g, fmt.Errorf("--grid: %d values of %s.lambda, %d of %s.lambda: one for each place", len(ls), m, len(other), o)
			}
		}
	}
	return g, nil
}

// runGrid is featsel compare --grid: the comparison at every cell of
// the grid, with graph's band.
func (o *compareOptions) runGrid(ctx context.Context, args []string, s streams, st *status, ds *data.Dataset, source string, trials []regularize.Trial, fit regularize.FitConfig) error {
	train, val, _, err := data.Prepare(ds, o.valFrac, rand.New(rand.NewPCG(o.seed, 1)))
	if err != nil {
		return err
	}
	fit.Trace = false
	start := time.Now()
	cells, runErr := regularize.CompareGrid(ctx, train, val, trials, fit, *o.grid)
	st.stop()
	if cells == nil {
		return runErr
	}
	rep, err := report.NewGrid(cells, report.Describe(source, ds, train, val), ds.Units(), o.hidden, o.seed, o.informative, time.Since(start))
	if err != nil {
		return errors.Join(runErr, err)
	}
	for _, c := range cells {
		for _, oc := range c.Outcomes {
			if oc.Err != nil && runErr == nil {
				runErr = fmt.Errorf("lr %g, %s λ %g: %w", oc.LearnRate, oc.Spec.Method, oc.Spec.Lambda, oc.Err)
			}
		}
	}
	return o.output(s, args, rep, rep.Print, func() ([]report.Picture, error) { return report.GridPictures(rep) }, &rep.Plots, runErr)
}

// comparison is what a comparison's report gives the page.
type comparison interface{ Page() report.Page }

// output writes what a comparison made after the run: its text (text
// writes it, to stdout or, when stdout carries a file, stderr), the pictures draw
// makes (--plots, listed in plots), the page (--html) and the report
// (--report), and turns runErr into the command's error.
func (o *compareOptions) output(s streams, args []string, rep comparison, text func(io.Writer), draw func() ([]report.Picture, error), plots *[]string, runErr error) error {
	out := s.results(o.report, o.html)
	text(out)
	var (
		pics   []report.Picture
		picErr error
	)
	if o.plots != "" || o.html != "" {
		pics, picErr = draw()
	}
	if o.plots != "" && picErr == nil {
		*plots, picErr = writePictures(out, o.plots, pics)
	}
	if o.html != "" {
		picErr = errors.Join(picErr, writePage(o.html, s.stdout, rep.Page(), "compare", args, nil, pics))
	}
	return finish(o.report, s.stdout, rep, errors.Join(runErr, picErr))
}
