package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
	"github.com/featsel/featsel/regularize/report"
)

// trainOptions are the flags of featsel train.
type trainOptions struct {
	dataFlags
	trainingFlags
	method, report, save string
	html                 string
	lambda, threshold    float64
	streamFlags
}

func trainFlags(o *trainOptions) *pflag.FlagSet {
	fs := flagSet("train", "train [flags]", "Train a selection-layer network and rank the features by their selection weight.")
	o.dataFlags.add(fs)
	fs.StringVar(&o.method, "method", regularize.BaselineMethod, "selection method:\n"+regularize.Help())
	fs.Float64Var(&o.lambda, "lambda", 0.01, "penalty strength λ (>= 0)")
	fs.Float64Var(&o.threshold, "threshold", 0, "after every step, set |θ_j| < THRESHOLD to exactly 0 (0: off); with\nthe methods that select through θ")
	o.trainingFlags.add(fs, model.DefaultLearnRate, 200, 0)
	fs.StringVar(&o.report, "report", "", "write the JSON report to this file")
	fs.StringVar(&o.save, "save", "", "save the trained model (with its standardisation) to this file, for featsel predict")
	fs.StringVar(&o.html, "html", "", htmlUsage)
	o.streamFlags.add(fs)
	return fs
}

func (o *trainOptions) check() error {
	if err := o.streamFlags.check(); err != nil {
		return err
	}
	if err := checkMethod("--method", o.method); err != nil {
		return err
	}
	switch m, _ := regularize.Lookup(o.method); {
	case !(o.threshold >= 0) || math.IsInf(o.threshold, 0):
		return fmt.Errorf("--threshold must be >= 0, got %v", o.threshold)
	case o.threshold > 0 && !m.Theta:
		return fmt.Errorf("--threshold acts on θ, which --method %s does not train", o.method)
	case !(o.lambda >= 0) || math.IsInf(o.lambda, 0):
		return fmt.Errorf("--lambda must be >= 0, got %v", o.lambda)
	}
	if err := o.dataFlags.check(); err != nil {
		return err
	}
	return o.trainingFlags.check()
}

// config is the training configuration the flags describe, before a
// method sets it up.
func (t *trainingFlags) config(seed uint64) model.Config {
	c := model.Config{LearnRate: t.lr, Epochs: t.epochs, BatchSize: t.batch, Patience: t.patience, Seed: seed,
		BalanceClasses: t.classWeight == "balanced", Float32: t.dtype == "float32"}
	if t.cox != model.Breslow { // checkTask allows it for survival only
		c.Loss = model.Cox{Ties: t.cox}
	}
	return c
}

func runTrain(ctx context.Context, args []string, s streams) error {
	var o trainOptions
	if err := parse(trainFlags(&o), args, s.stdout, o.check); err != nil {
		return err
	}
	o.report = s.stdoutAlias(o.report)
	o.save = s.stdoutAlias(o.save)
	if err := checkPaths([]named{{"--data", o.path}, {"--groups", o.groups}}, []named{{"--report", o.report}, {"--save", o.save}, {"--html", o.html}}, named{}); err != nil {
		return usageError{err}
	}
	line := newStatus(s.stderr, o.quiet)
	defer line.stop()
	opts, _ := o.csvOptions() // checked
	if stream, err := o.streams(ctx, o.path, opts.Comma); err != nil || stream {
		if err != nil {
			return err
		}
		return o.runStream(ctx, args, s, line)
	}
	ds, source, err := o.read(ctx, line, s.stderr)
	if err != nil {
		return err
	}
	if err := o.checkTask(ds.Task); err != nil {
		return err
	}
	train, val, st, err := data.Prepare(ds, o.valFrac, rand.New(rand.NewPCG(o.seed, 1)))
	if err != nil {
		return err
	}
	defer setGC(trainingGC)()
	spec := o.spec(o.method)
	spec.Lambda, spec.Threshold = o.lambda, o.threshold
	trial := regularize.Trial{Spec: spec, LearnRate: o.lr}
	oc := regularize.Fit(ctx, train, val, trial, regularize.FitConfig{Hidden: o.hidden, Base: o.config(o.seed), InitSeed: o.seed, Trace: o.html != "", Progress: line.progress()})
	line.stop()
	if oc.Result == nil {
		return oc.Err
	}
	run := report.Run{Spec: spec, LearnRate: o.lr, Hidden: o.hidden, Seed: o.seed, Float32: oc.Float32}
	rep := report.NewTrain(run, report.Describe(source, ds, train, val), ds.Units(), oc.Weights, oc.Result, time.Duration(oc.Seconds*float64(time.Second)), oc.Err)
	return o.output(s, args, rep, oc, ds, st, spec)
}

// output writes what a training made, on a table shaped like ds
// standardised by st: the model (--save), the report's text, the page
// (--html) and the JSON report.
func (o *trainOptions) output(s streams, args []string, rep *report.Train, oc regularize.Outcome, ds *data.Dataset, st *data.Standardization, spec regularize.Spec) error {
	var saveErr error
	if o.save != "" {
		if saveErr = save(o.save, s.stdout, oc.Net, ds, st, spec, rep.Status, rep.ClassWeight); saveErr == nil {
			rep.Model = o.save
		}
	}
	rep.Print(s.results(o.report, o.save, o.html))
	if o.html != "" {
		// The pictures of a comparison of one: the weights' trace, their
		// histogram and the final weights.
		pics, err := report.ComparePictures([]regularize.Outcome{oc}, ds.Units(), nil)
		saveErr = errors.Join(saveErr, err, writePage(o.html, s.stdout, rep.Page(), "train", args, nil, pics))
	}
	return finish(o.report, s.stdout, rep, errors.Join(oc.Err, saveErr))
}

// save writes the trained network to path as a model file.
// status and classWeight are the report's: a run that did not finish
// marks its model, and one whose loss weighed the classes says so.
func save(path string, stdout io.Writer, net *model.Net, ds *data.Dataset, st *data.Standardization, spec regularize.Spec, status, classWeight string) error {
	f, err := model.NewFile(net, ds, st, spec.Method, spec.Lambda)
	if err != nil {
		return err
	}
	if status != "ok" {
		f.Status = status
	}
	f.ClassWeight = classWeight
	var buf bytes.Buffer
	if err := model.Save(&buf, f); err != nil {
		return err
	}
	return writeOut(path, stdout, buf.Bytes())
}
