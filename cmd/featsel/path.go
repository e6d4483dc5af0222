package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
	"github.com/featsel/featsel/regularize/report"
)

// pathOptions are the flags of featsel path.
type pathOptions struct {
	dataFlags
	trainingFlags
	method, report, plots   string
	html                    string
	choose, save, selected  string
	refitMethod             string
	start, multiplier       float64
	maxMultiplier           float64
	maxLambdas, folds, stab int
	k                       int
	foldsFlag               string
	stabThreshold, testFrac float64
	refit, refitAll         bool
	shardFlags
	streamFlags
}

func pathFlags(o *pathOptions) *pflag.FlagSet {
	fs := flagSet("path", "path [flags]", "Train from the dense model along increasing λ, warm-started, until no feature is\nleft; choose λ and rank the features by the λ at which they leave.")
	o.dataFlags.add(fs)
	fs.StringVar(&o.method, "method", regularize.DefaultMethod, "selection method (every method with a λ):\n"+regularize.Help())
	fs.Float64Var(&o.start, "start", 0, "first λ (0: automatic, the method's scale/100, lowered while features leave at once;\nλ then doubles until the first feature leaves)")
	fs.Float64Var(&o.multiplier, "multiplier", regularize.DefaultMultiplier, "ratio of successive λ after the first feature has left (> 1; with --k the\nsmallest, see --max-multiplier)")
	fs.Float64Var(&o.maxMultiplier, "max-multiplier", 0, fmt.Sprintf("with --k, the largest ratio of successive λ: while many more than K features\nremain, each step aims to remove a tenth of those above K, at the rate they left\nover the last five steps (at most --multiplier: every step --multiplier; 0: %g,\nor for hier, whose path needs even steps, the --multiplier)", regularize.DefaultMaxMultiplier))
	fs.IntVar(&o.maxLambdas, "max-lambdas", regularize.DefaultMaxLambdas, "most λ values on the path (> 0)")
	o.trainingFlags.add(fs, 0, regularize.DefaultPathEpochs, 0)
	fs.Lookup("epochs").Usage = "most epochs per λ (> 0)"
	fs.Lookup("lr").Usage = fmt.Sprintf("learning rate (default: the method's own; for survival in memory with the default\n--batch, whose steps take every training row, %g where the method's own is %g)", regularize.DefaultSurvivalLearnRate, model.DefaultLearnRate)
	fs.Lookup("patience").Usage = fmt.Sprintf("a λ is done after this many epochs without a better validation objective\n(loss + λ·Σ|weight|), and goes on from its best epoch's weights (hier: from its\nlast epoch's, as LassoNet's path) (0: the default, %d; %d for survival in memory\nwith the default --batch, whose steps take every training row)", regularize.DefaultPatience, regularize.DefaultSurvivalPatience)
	fs.StringVar(&o.foldsFlag, "folds", "auto", fmt.Sprintf("K-fold cross-validation of the path (K >= 2; folds in parallel): choose λ\nfrom the mean curve; 0: choose on the validation rows; auto: %d folds when the validation\npart would hold fewer than %d rows (after --test-frac), else 0", regularize.AutoFolds, regularize.AutoFoldsValRows))
	fs.IntVar(&o.k, "k", 0, "end with exactly K features (overrides --choose): where the path jumps over K, λ is\nrefined between the neighbours until K remain (where none does, the K ranked first of\nthe λ with the fewest above), and the path stops below K (0: off)")
	fs.StringVar(&o.choose, "choose", regularize.Choose1SE, "how λ is chosen on the curve that chooses (the cross-validated mean with --folds),\nwith glmnet's definitions: 1se, the largest λ within one standard error of the best;\nmin, the best")
	fs.Float64Var(&o.testFrac, "test-frac", 0, "hold out this fraction of the rows (stratified by class) before the selection and\nscore the refitted model on it once at the end (implies --refit; 0: off)")
	fs.BoolVar(&o.refit, "refit", false, "retrain the chosen features without the penalty (the method's network, solver and\nlearning rate) and report both scores")
	fs.StringVar(&o.refitMethod, "refit-method", "", "the method whose network, solver and default learning rate the refit takes\n(implies --refit; default: --method's): prox-adam, say, for Adam's steps after\nan ista path's plain ones")
	fs.BoolVar(&o.refitAll, "refit-all", false, "after the refit, retrain the chosen features on the training and validation\nrows together for the refit's best number of epochs: the model --save writes\nand --test-frac scores, while the validation scores stay the refit's (implies\n--refit; needs the table in memory, not --max-memory)")
	fs.IntVar(&o.stab, "stability", 0, "stability selection over N paths on random halves of the training rows (0: off)")
	fs.Float64Var(&o.stabThreshold, "stability-threshold", regularize.DefaultStabilityThreshold, "selection probability a stable feature reaches (0.5 < p <= 1)")
	fs.StringVar(&o.save, "save", "", "save the chosen model, its features refitted without the penalty (implies --refit),\nfor featsel predict, which then needs only the chosen columns")
	fs.StringVar(&o.selected, "write-selected", "", "write the input rows with the chosen columns and the target to this CSV file")
	fs.StringVar(&o.report, "report", "", "write the JSON report to this file")
	fs.StringVar(&o.plots, "plots", "", "write PNG pictures into this directory (created if needed)")
	fs.StringVar(&o.html, "html", "", htmlUsage)
	o.shardFlags.add(fs, "the main path and the folds and stability halves (numbered folds first) whose\nnumber is I mod N")
	o.streamFlags.add(fs)
	return fs
}

func (o *pathOptions) check() error {
	if err := checkMethod("--method", o.method); err != nil {
		return err
	}
	if o.refitMethod != "" {
		if err := checkMethod("--refit-method", o.refitMethod); err != nil {
			return err
		}
	}
	switch {
	case !(o.start >= 0) || math.IsInf(o.start, 0):
		return fmt.Errorf("--start must be >= 0, got %v", o.start)
	case !(o.multiplier > 1) || math.IsInf(o.multiplier, 0):
		return fmt.Errorf("--multiplier must be > 1, got %v", o.multiplier)
	case o.maxMultiplier != 0 && (!(o.maxMultiplier > 1) || math.IsInf(o.maxMultiplier, 0)):
		return fmt.Errorf("--max-multiplier must be > 1, got %v", o.maxMultiplier)
	case o.maxMultiplier != 0 && o.k == 0:
		return errors.New("--max-multiplier bounds the steps toward --k, which is not given")
	case o.maxLambdas <= 0:
		return fmt.Errorf("--max-lambdas must be > 0, got %d", o.maxLambdas)
	case !o.parseFolds():
		return fmt.Errorf("--folds must be auto, 0 or >= 2, got %q", o.foldsFlag)
	case !(o.testFrac >= 0 && o.testFrac < 1):
		return fmt.Errorf("--test-frac must be in [0, 1), got %v", o.testFrac)
	case o.k < 0:
		return fmt.Errorf("--k must be >= 0, got %d", o.k)
	case o.stab < 0:
		return fmt.Errorf("--stability must be >= 0, got %d", o.stab)
	case !(o.stabThreshold > 0.5 && o.stabThreshold <= 1):
		return fmt.Errorf("--stability-threshold must be in (0.5, 1], got %v", o.stabThreshold)
	case o.choose != regularize.Choose1SE && o.choose != regularize.ChooseMin:
		return fmt.Errorf("--choose: %q is not %s or %s", o.choose, regularize.Choose1SE, regularize.ChooseMin)
	}
	if err := o.streamFlags.check(); err != nil {
		return err
	}
	if err := o.shardFlags.check([]named{{"--report", o.report}, {"--save", o.save}, {"--write-selected", o.selected}, {"--plots", o.plots}, {"--html", o.html}}); err != nil {
		return err
	}
	if err := o.dataFlags.check(); err != nil {
		return err
	}
	return o.trainingFlags.check()
}

// parseFolds sets folds from --folds and reports whether it is valid.
func (o *pathOptions) parseFolds() bool {
	if o.foldsFlag == "auto" {
		o.folds = regularize.FoldsAuto
		return true
	}
	n, err := strconv.Atoi(o.foldsFlag)
	o.folds = n
	return err == nil && (n == 0 || n >= 2)
}

func runPath(ctx context.Context, args []string, s streams) error {
	var o pathOptions
	if err := parse(pathFlags(&o), args, s.stdout, o.check); err != nil {
		return err
	}
	return o.run(ctx, args, s, nil, nil)
}

// run is featsel path with the options parsed from args: the selection
// whole, a shard's share (--shard), or, with parts, the merge of the
// shards (named by names).
func (o *pathOptions) run(ctx context.Context, args []string, s streams, parts []*regularize.Part, names []string) error {
	o.report = s.stdoutAlias(o.report)
	o.save = s.stdoutAlias(o.save)
	o.selected = s.stdoutAlias(o.selected)
	if err := checkPaths([]named{{"--data", o.path}, {"--groups", o.groups}}, []named{{"--report", o.report}, {"--save", o.save}, {"--write-selected", o.selected}, {"--html", o.html}, {"--part", o.part}}, named{"--plots", o.plots}); err != nil {
		return usageError{err}
	}
	st := newStatus(s.stderr, o.quiet)
	defer st.stop()
	opts, _ := o.csvOptions() // checked
	if stream, err := o.streams(ctx, o.path, opts.Comma); err != nil || stream {
		if err != nil {
			return err
		}
		return o.runStream(ctx, args, s, st)
	}
	ds, source, err := o.read(ctx, st, s.stderr)
	if err != nil {
		return err
	}
	if err := o.checkTask(ds.Task); err != nil {
		return err
	}
	if units := len(ds.Units()); o.k > units {
		return usageError{fmt.Errorf("--k must be at most %d (the features, a category or a group of columns counting as one), got %d", units, o.k)}
	}
	cfg := o.selectConfig(st)
	if err := checkRows(ds, cfg); err != nil {
		return usageError{err}
	}
	defer setGC(trainingGC)()
	start := time.Now()
	var (
		sel    *regularize.SelectResult
		runErr error
	)
	if parts != nil {
		sel, runErr = regularize.Merge(ctx, ds, cfg, parts, names)
	} else {
		sel, runErr = regularize.Select(ctx, ds, cfg)
	}
	st.stop()
	if sel == nil {
		return runErr
	}
	if sel.Part != nil {
		return o.writePart(s, sel.Part, append([]string{"path"}, args...), source, runErr)
	}
	rep := report.NewPath(sel, report.Describe(source, ds, sel.Train, sel.Val), ds.Units(), sinceWithShards(start, parts), runErr)
	return o.output(s, args, rep, sel, ds, runErr)
}

// selectConfig is the selection the flags describe.
func (o *pathOptions) selectConfig(st *status) regularize.SelectConfig {
	cfg := regularize.SelectConfig{
		Path: regularize.PathConfig{
			Spec: o.spec(o.method), Hidden: o.hidden, Base: o.config(o.seed),
			Start: o.start, Multiplier: o.multiplier, MaxMultiplier: o.maxMultiplier, MaxLambdas: o.maxLambdas, K: o.k,
		},
		ValFrac: o.valFrac, Seed: o.seed, Folds: o.folds, Refit: o.refit || o.save != "", RefitAll: o.refitAll, RefitMethod: o.refitMethod, Choose: o.choose, TestFrac: o.testFrac,
		Progress: st.progress(), Shard: o.shard,
	}
	if o.stab > 0 {
		cfg.Stability = &regularize.StabilityConfig{Subsamples: o.stab, Threshold: o.stabThreshold}
	}
	return cfg
}

// output writes what a selection on a table shaped like ds made: the
// model (--save), the chosen columns (--write-selected, which needs ds's
// rows), the report's text, the pictures, the page and the JSON report.
func (o *pathOptions) output(s streams, args []string, rep *report.Path, sel *regularize.SelectResult, ds *data.Dataset, runErr error) error {
	var warnings []string
	// After a cut to --k the path's score is that of more features.
	if rf := sel.Refit; rf != nil && !sel.KMissed && rf.Result.ValMetric < sel.Path.Points[sel.Chosen].ValMetric {
		warnings = append(warnings, fmt.Sprintf("the refitted model scores %s %.4f on the validation rows, below the path's %.4f at the chosen λ",
			rep.Metric, rf.Result.ValMetric, sel.Path.Points[sel.Chosen].ValMetric))
	}
	for _, w := range warnings {
		fmt.Fprintf(s.stderr, "featsel: warning: %s\n", w)
	}
	var outErr error
	switch {
	case o.save != "" && sel.Refit != nil:
		if outErr = savePath(o.save, s.stdout, sel, ds, runErr); outErr == nil {
			rep.Model = o.save
		}
	case o.save != "":
		outErr = fmt.Errorf("--save: %s not written: the run ended before the refit", o.save)
	}
	if o.selected != "" && len(sel.Path.Points) > 0 {
		var buf bytes.Buffer
		err := ds.WriteCSV(&buf, ds.UnitFeatures(sel.Mask))
		if err == nil {
			err = writeOut(o.selected, s.stdout, buf.Bytes())
		}
		if outErr = errors.Join(outErr, err); err == nil {
			rep.SelectedTable = o.selected
		}
	}
	out := s.results(o.report, o.save, o.selected, o.html)
	rep.Print(out)
	var (
		pics   []report.Picture
		picErr error
	)
	if o.plots != "" || o.html != "" {
		pics, picErr = report.PathPictures(rep, sel.Path, ds.Units())
	}
	if o.plots != "" && picErr == nil {
		rep.Plots, picErr = writePictures(out, o.plots, pics)
	}
	if o.html != "" {
		picErr = errors.Join(picErr, writePage(o.html, s.stdout, rep.Page(), "path", args, warnings, pics))
	}
	return finish(o.report, s.stdout, rep, errors.Join(runErr, outErr, picErr))
}

// checkRows refuses, before any work, a test part that leaves too few
// rows for the validation split or the folds.
func checkRows(ds *data.Dataset, cfg regularize.SelectConfig) error {
	rest, _, err := regularize.TestRows(ds, cfg)
	if err != nil {
		return fmt.Errorf("--test-frac: %w", err)
	}
	left := ds.Subset(rest)
	if _, _, err := data.SplitRows(left, cfg.ValFrac, rand.New(rand.NewPCG(0, 0))); err != nil {
		return fmt.Errorf("--test-frac %v leaves %d of %d rows for the selection: too few to split with --val-frac %v", cfg.TestFrac, left.Rows(), ds.Rows(), cfg.ValFrac)
	}
	if err := regularize.CheckFolds(left, cfg.Folds); err != nil {
		return fmt.Errorf("--folds: %w", err)
	}
	return nil
}

// savePath writes the chosen, refitted model of a path to path; a run that
// did not finish (runErr) marks it.
func savePath(path string, stdout io.Writer, sel *regularize.SelectResult, ds *data.Dataset, runErr error) error {
	f, err := sel.File(ds)
	if err != nil {
		return err
	}
	if _, diverged := errors.AsType[*model.DivergedError](runErr); diverged {
		f.Status = "diverged"
	} else if runErr != nil {
		f.Status = "interrupted"
	}
	var buf bytes.Buffer
	if err := model.Save(&buf, f); err != nil {
		return err
	}
	return writeOut(path, stdout, buf.Bytes())
}
