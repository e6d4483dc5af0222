package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// pathOptions are the flags of featsel path.
type pathOptions struct {
	dataFlags
	trainingFlags
	method, report, plots   string
	start, multiplier       float64
	maxLambdas, folds, stab int
	stabThreshold           float64
	refit                   bool
}

func pathFlags(o *pathOptions) *pflag.FlagSet {
	fs := flagSet("path", "path [flags]", "Train from the dense model along increasing λ, warm-started, until no feature is\nleft; choose λ and rank the features by the λ at which they leave.")
	o.dataFlags.add(fs)
	fs.StringVar(&o.method, "method", "prox-adam", "selection method (every method with a λ):\n"+methodHelp)
	fs.Float64Var(&o.start, "start", 0, "first λ (0: automatic, the method's scale/100, lowered while features leave at once;\nλ then doubles until the first feature leaves)")
	fs.Float64Var(&o.multiplier, "multiplier", 1.05, "ratio of successive λ after the first feature has left (> 1)")
	fs.IntVar(&o.maxLambdas, "max-lambdas", 1000, "most λ values on the path (> 0)")
	o.trainingFlags.add(fs, 1000, 10)
	fs.Lookup("epochs").Usage = "most epochs per λ (> 0)"
	fs.Lookup("patience").Usage = "a λ is done after this many epochs without a better validation objective\n(loss + λ·Σ|weight|) (> 0)"
	fs.Lookup("lr").Usage = "learning rate (default: 1e-3, and 0.1 for ista)"
	fs.IntVar(&o.folds, "folds", 0, "K-fold cross-validation of the path (K >= 2; folds in parallel): choose λ\nfrom the mean curve (0: off)")
	fs.BoolVar(&o.refit, "refit", false, "retrain on the chosen features without the penalty and report both scores")
	fs.IntVar(&o.stab, "stability", 0, "stability selection over N paths on random halves of the training rows (0: off)")
	fs.Float64Var(&o.stabThreshold, "stability-threshold", 0.6, "selection probability a stable feature reaches (0.5 < p <= 1)")
	fs.StringVar(&o.report, "report", "", "write the JSON report to this file")
	fs.StringVar(&o.plots, "plots", "", "write PNG pictures into this directory (created if needed)")
	return fs
}

func (o *pathOptions) check() error {
	if err := checkMethod("--method", o.method); err != nil {
		return err
	}
	switch {
	case !(o.start >= 0) || math.IsInf(o.start, 0):
		return fmt.Errorf("--start must be >= 0, got %v", o.start)
	case !(o.multiplier > 1) || math.IsInf(o.multiplier, 0):
		return fmt.Errorf("--multiplier must be > 1, got %v", o.multiplier)
	case o.maxLambdas <= 0:
		return fmt.Errorf("--max-lambdas must be > 0, got %d", o.maxLambdas)
	case o.folds == 1 || o.folds < 0:
		return fmt.Errorf("--folds must be 0 or >= 2, got %d", o.folds)
	case o.stab < 0:
		return fmt.Errorf("--stability must be >= 0, got %d", o.stab)
	case !(o.stabThreshold > 0.5 && o.stabThreshold <= 1):
		return fmt.Errorf("--stability-threshold must be in (0.5, 1], got %v", o.stabThreshold)
	case o.patience == 0:
		return errors.New("--patience must be > 0 for a path")
	}
	if err := o.dataFlags.check(); err != nil {
		return err
	}
	return o.trainingFlags.check()
}

// pathReport is the JSON report of featsel path.
type pathReport struct {
	Status      string         `json:"status"`
	Method      string         `json:"method"`
	LearnRate   float64        `json:"lr"`
	Hidden      []int          `json:"hidden"`
	Seed        uint64         `json:"seed"`
	Dataset     datasetInfo    `json:"dataset"`
	Path        []pathEntry    `json:"path"`
	Chosen      choice         `json:"chosen"`
	Best        choice         `json:"best"`
	Features    []importance   `json:"features"`
	SearchSteps int            `json:"search_steps"`
	Epochs      int            `json:"epochs"`
	Seconds     float64        `json:"seconds"`
	CV          *cvInfo        `json:"cv,omitempty"`
	Refit       *refitInfo     `json:"refit,omitempty"`
	Stability   *stabilityInfo `json:"stability,omitempty"`
	Plots       []string       `json:"plots,omitempty"`
	Error       string         `json:"error,omitempty"`
	// Metric names val_metric; Rule says how Chosen was picked.
	Metric string `json:"metric"`
	Rule   string `json:"rule"`
}

type pathEntry struct {
	Lambda    float64  `json:"lambda"`
	Selected  int      `json:"selected"`
	ValLoss   float64  `json:"val_loss"`
	ValMetric float64  `json:"val_metric"`
	Epochs    int      `json:"epochs"`
	Names     []string `json:"selected_names"`
}

type choice struct {
	Index     int      `json:"index"`
	Lambda    float64  `json:"lambda"`
	Selected  []string `json:"selected"`
	ValMetric float64  `json:"val_metric"`
}

type importance struct {
	Name string `json:"name"`
	// LeftAt is the λ at which the feature left the model for good; null
	// when it never left.
	LeftAt *float64 `json:"left_at"`
}

type cvInfo struct {
	Folds    int       `json:"folds"`
	Lambdas  []float64 `json:"lambdas"`
	Metric   []float64 `json:"mean_val_metric"`
	SE       []float64 `json:"se"`
	Selected []float64 `json:"mean_selected"`
	Best     int       `json:"best"`
	OneSE    int       `json:"one_se"`
}

type refitInfo struct {
	Features    []string `json:"features"`
	ValMetric   float64  `json:"val_metric"`
	PathMetric  float64  `json:"path_val_metric"`
	ValLoss     float64  `json:"val_loss"`
	PathValLoss float64  `json:"path_val_loss"`
}

type stabilityInfo struct {
	Subsamples int                `json:"subsamples"`
	Threshold  float64            `json:"threshold"`
	Stable     []string           `json:"stable"`
	MaxProb    map[string]float64 `json:"max_probability"`
	RegionLow  float64            `json:"region_lambda_min"`
	RegionHigh float64            `json:"region_lambda_max"`
	Q          float64            `json:"q"`
	Bound      float64            `json:"expected_false_selections_bound"`
}

func runPath(ctx context.Context, args []string, stdout io.Writer) error {
	var o pathOptions
	fs := pathFlags(&o)
	if err := parse(fs, args, stdout, o.check); err != nil {
		return err
	}
	p, err := o.load()
	if err != nil {
		return err
	}
	defer setGC(trainingGC)()
	spec := regularize.Spec{Method: o.method, HierM: o.hierM}
	base := o.config(o.seed)
	if !fs.Changed("lr") {
		base.LearnRate = spec.DefaultLearnRate()
	}
	cfg := regularize.PathConfig{
		Spec: spec, Hidden: o.hidden, Base: base, InitSeed: o.seed,
		Start: o.start, Multiplier: o.multiplier, MaxLambdas: o.maxLambdas,
	}
	start := time.Now()
	// The folds follow their own λ sequences, so that they run beside the
	// main path; their mean curve is read on its sequence afterwards.
	var (
		cv    *regularize.CVResult
		cvErr error
		wg    sync.WaitGroup
	)
	if o.folds > 0 {
		wg.Go(func() {
			cv, cvErr = regularize.CrossValidate(ctx, p.all, o.folds, rand.New(rand.NewPCG(o.seed, 3)), cfg)
		})
	}
	path, pathErr := regularize.Path(ctx, p.train, p.val, cfg)
	wg.Wait()
	if pathErr == nil {
		pathErr = cvErr
	}
	if path == nil || len(path.Points) == 0 {
		if pathErr == nil {
			pathErr = errors.New("the path has no points")
		}
		return pathErr
	}
	rep := newPathReport(&o, base.LearnRate, p, path)
	err = o.extras(ctx, rep, p, path, cv, cfg)
	rep.Seconds = math.Round(time.Since(start).Seconds()*1000) / 1000
	if err == nil {
		err = pathErr
	}
	if err != nil {
		rep.Status, rep.Error = "failed", err.Error()
		if errors.Is(err, context.Canceled) {
			rep.Status = "interrupted"
		}
	}
	printPath(stdout, rep)
	if o.plots != "" {
		var perr error
		if rep.Plots, perr = writePlots(stdout, o.plots, func(dir string) ([]string, error) {
			return writePathPlots(dir, rep, path, p.all.Features)
		}); perr != nil {
			return perr
		}
	}
	return finish(o.report, rep, err)
}

// extras adds what the flags ask for to the path: the cross-validated
// curve (which changes the chosen λ), the refit and stability selection.
func (o *pathOptions) extras(ctx context.Context, rep *pathReport, p *prepared, path *regularize.PathResult, cv *regularize.CVResult, cfg regularize.PathConfig) error {
	var lambdas []float64
	for _, pt := range path.Points[1:] {
		lambdas = append(lambdas, pt.Lambda)
	}
	grid := cfg
	grid.Lambdas = lambdas
	if cv != nil {
		cv.Curve(lambdas)
		rep.CV = &cvInfo{Folds: o.folds, Lambdas: cv.Lambdas, Metric: cv.Metric, SE: cv.SE, Selected: cv.Selected, Best: cv.Best, OneSE: cv.OneSE}
		rep.Chosen = pointChoice(path, cv.OneSE, p.all.Features)
		rep.Best = pointChoice(path, cv.Best, p.all.Features)
		rep.Rule = fmt.Sprintf("sparsest λ whose mean %d-fold %s is within one standard error (sd over folds/√K) of the best", o.folds, rep.Metric)
	}
	if o.refit {
		mask := path.Points[rep.Chosen.Index].Mask
		base := cfg.Base
		_, res, err := regularize.Refit(ctx, p.train, p.val, mask, o.hidden, o.seed, model.Config{
			LearnRate: 1e-3, Epochs: base.Epochs, BatchSize: base.BatchSize, Patience: base.Patience, Seed: base.Seed,
		})
		if err != nil {
			return err
		}
		pt := path.Points[rep.Chosen.Index]
		rep.Refit = &refitInfo{Features: rep.Chosen.Selected, ValMetric: res.ValMetric, PathMetric: pt.ValMetric, ValLoss: res.ValLoss, PathValLoss: pt.ValLoss}
	}
	if o.stab > 0 {
		st, err := regularize.Stability(ctx, p.train, p.val, regularize.StabilityConfig{Subsamples: o.stab, Threshold: o.stabThreshold},
			rand.New(rand.NewPCG(o.seed, 4)), grid)
		if err != nil {
			return err
		}
		info := &stabilityInfo{Subsamples: o.stab, Threshold: o.stabThreshold, Stable: []string{}, MaxProb: map[string]float64{}, Q: st.Q, Bound: st.Bound}
		for j, pr := range st.MaxProb {
			info.MaxProb[p.all.Features[j]] = pr
		}
		for _, j := range st.Stable {
			info.Stable = append(info.Stable, p.all.Features[j])
		}
		if len(st.Region) > 0 {
			info.RegionLow, info.RegionHigh = st.Lambdas[st.Region[0]], st.Lambdas[st.Region[len(st.Region)-1]]
		}
		rep.Stability = info
	}
	return nil
}

func newPathReport(o *pathOptions, lr float64, p *prepared, path *regularize.PathResult) *pathReport {
	ds := p.all
	rep := &pathReport{
		Status: "ok", Method: o.method, LearnRate: lr, Hidden: o.hidden, Seed: o.seed,
		Dataset:     describe(p),
		SearchSteps: path.SearchSteps, Epochs: path.Epochs,
		Metric: "val_accuracy",
	}
	if ds.Task == data.Regression {
		rep.Metric = "val_r2"
	}
	rep.Rule = fmt.Sprintf("sparsest λ whose %s is within one standard error (over validation rows) of the best", rep.Metric)
	for _, pt := range path.Points {
		rep.Path = append(rep.Path, pathEntry{Lambda: pt.Lambda, Selected: pt.Selected, ValLoss: pt.ValLoss,
			ValMetric: pt.ValMetric, Epochs: pt.Epochs, Names: names(pt.Mask, ds.Features)})
	}
	rep.Chosen = pointChoice(path, path.OneSE, ds.Features)
	rep.Best = pointChoice(path, path.Best, ds.Features)
	for j, l := range path.Left {
		imp := importance{Name: ds.Features[j]}
		if !math.IsInf(l, 1) {
			imp.LeftAt = &path.Left[j]
		}
		rep.Features = append(rep.Features, imp)
	}
	return rep
}

func pointChoice(path *regularize.PathResult, k int, features []string) choice {
	pt := path.Points[k]
	return choice{Index: k, Lambda: pt.Lambda, Selected: names(pt.Mask, features), ValMetric: pt.ValMetric}
}

// names returns the features whose mask is set.
func names(mask []bool, features []string) []string {
	out := []string{}
	for j, m := range mask {
		if m {
			out = append(out, features[j])
		}
	}
	return out
}

// printPath writes the path summary for people.
func printPath(w io.Writer, r *pathReport) {
	d := r.Dataset
	fmt.Fprintf(w, "data:    %s: %d rows, %d features, %s, target %q; %d training, %d validation rows\n",
		d.Source, d.Rows, d.Features, d.Task, d.Target, d.TrainRows, d.ValRows)
	fmt.Fprintf(w, "path:    %s, %d λ values after the dense model (%d spent finding where features start to leave),\n         %d epochs, %.1fs\n\n",
		r.Method, len(r.Path)-1, r.SearchSteps, r.Epochs, r.Seconds)
	fmt.Fprintf(w, "%10s  %8s  %10s\n", "λ", "selected", r.Metric)
	for k, e := range r.Path {
		if k > 0 && k < len(r.Path)-1 && e.Selected == r.Path[k-1].Selected && k != r.Chosen.Index && k != r.Best.Index {
			continue // one row per change in the count
		}
		mark := ""
		switch k {
		case r.Chosen.Index:
			mark = "  <- chosen"
		case r.Best.Index:
			mark = "  <- best " + r.Metric
		}
		fmt.Fprintf(w, "%10.4g  %8d  %10.4f%s\n", e.Lambda, e.Selected, e.ValMetric, mark)
	}
	fmt.Fprintf(w, "\nchosen:  λ=%.4g, %d features, %s %.4f (%s)\n         %s\n",
		r.Chosen.Lambda, len(r.Chosen.Selected), r.Metric, r.Chosen.ValMetric, r.Rule, strings.Join(r.Chosen.Selected, ", "))
	fmt.Fprintf(w, "best:    λ=%.4g, %d features, %s %.4f\n", r.Best.Lambda, len(r.Best.Selected), r.Metric, r.Best.ValMetric)

	ranked := slices.Clone(r.Features)
	slices.SortStableFunc(ranked, func(a, b importance) int { return cmp.Compare(leftAt(b), leftAt(a)) })
	fmt.Fprintf(w, "\nimportance (λ at which each feature left the model; last to leave first):\n")
	for i, f := range ranked {
		at := "never left"
		if f.LeftAt != nil {
			at = fmt.Sprintf("%.4g", *f.LeftAt)
		}
		fmt.Fprintf(w, "%4d  %-28s %s\n", i+1, f.Name, at)
	}
	if r.CV != nil {
		fmt.Fprintf(w, "\ncross-validation: %d folds; best mean %s %.4f at λ=%.4g; chosen λ=%.4g (mean %.4f ± %.4f)\n",
			r.CV.Folds, r.Metric, r.CV.Metric[r.CV.Best], r.CV.Lambdas[r.CV.Best], r.CV.Lambdas[r.CV.OneSE], r.CV.Metric[r.CV.OneSE], r.CV.SE[r.CV.OneSE])
	}
	if r.Refit != nil {
		fmt.Fprintf(w, "\nrefit on the %d chosen features without the penalty: %s %.4f (on the path: %.4f); val_loss %.4f (%.4f)\n",
			len(r.Refit.Features), r.Metric, r.Refit.ValMetric, r.Refit.PathMetric, r.Refit.ValLoss, r.Refit.PathValLoss)
	}
	if s := r.Stability; s != nil {
		fmt.Fprintf(w, "\nstability selection: %d halves, threshold %.2g, over λ in [%.4g, %.4g]\n", s.Subsamples, s.Threshold, s.RegionLow, s.RegionHigh)
		fmt.Fprintf(w, "stable features: %s\n", strings.Join(s.Stable, ", "))
		fmt.Fprintf(w, "expected number of false selections <= %.2f (Meinshausen & Bühlmann 2010, q=%.2f)\n", s.Bound, s.Q)
	}
	if r.Status != "ok" {
		fmt.Fprintf(w, "\nstatus: %s: %s\n", r.Status, r.Error)
	}
}

// leftAt orders importances: features that never left come first.
func leftAt(f importance) float64 {
	if f.LeftAt == nil {
		return math.Inf(1)
	}
	return *f.LeftAt
}
