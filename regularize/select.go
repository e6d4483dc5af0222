package regularize

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// The rules that choose λ (SelectConfig.Choose).
const (
	Choose1SE = "1se"
	ChooseMin = "min"
)

// DefaultValFrac is the fraction of rows held out for validation when a
// workflow sets none.
const DefaultValFrac = 0.2

// FoldsAuto, as SelectConfig.Folds, cross-validates with AutoFolds folds
// (fewer where the rows do not fill them with two each) when the
// validation part of the rows left after TestFrac would hold fewer than
// AutoFoldsValRows rows, and chooses on the validation rows otherwise: the
// default of featsel path. A smaller validation part chooses on noise; on
// larger tables the folds' cost grows and the measured gain did not
// follow (the measurements are in the README's selection benchmark).
const (
	FoldsAuto        = -1
	AutoFolds        = 5
	AutoFoldsValRows = 60
)

// DefaultHidden is the width of featsel's default network's hidden layer.
const DefaultHidden = 64

// SelectConfig sets up the whole selection workflow of [Select].
type SelectConfig struct {
	// Path is the path of every run: the method, the network and the
	// training at each λ (see PathConfig's defaults). Its seeds are set
	// from Seed.
	Path PathConfig
	// ValFrac is the fraction of rows held out for validation (stratified
	// by class); 0 means 0.2.
	ValFrac float64
	// Seed seeds everything: the split, the initial weights, the batch
	// order, the folds and the subsamples, each from its own stream.
	Seed uint64
	// Folds, when >= 2, cross-validates the path on that many folds of
	// the rows (those left after TestFrac), each fold's selections refitted without the
	// penalty, and chooses λ on the mean curve (then the main path's first
	// point with no more features than the folds' mean at that λ); 0
	// chooses on the validation rows; FoldsAuto decides by the number of
	// rows (SelectResult.Config says what it decided).
	Folds int
	// Choose is the rule that chooses λ on the curve that chooses (the
	// cross-validated mean with Folds, else the validation rows), with
	// glmnet's definitions: "1se" (the default, for "") the largest λ whose
	// metric is within one standard error of the best; "min" the best.
	Choose string
	// Refit retrains the chosen features without the penalty (see
	// [Refit]).
	Refit bool
	// RefitMethod, when not "" nor the path's method, names the method
	// whose network, solver and default learning rate retrain the chosen
	// features at λ = 0 (Refit, RefitAll): prox-adam, say, for Adam's
	// steps after an ista path's plain ones. It implies Refit. The folds'
	// refits, which score the cross-validated curve, keep the path's.
	RefitMethod string
	// RefitAll (it implies Refit) then retrains them once more on the
	// training and validation rows together, for the epochs at which the
	// refit's validation loss was best (see [RefitAll]): the final model,
	// which SelectResult.File saves and the test part scores.
	RefitAll bool
	// TestFrac, when > 0, holds out that fraction of the rows (stratified
	// by class) before anything else runs, and scores the refitted model
	// on them once at the end (it implies Refit): a score that took no
	// part in choosing λ. 0 holds out nothing.
	TestFrac float64
	// Shard, when not nil, runs only that shard's share of the folds and
	// the stability halves, beside the main path, and returns them in
	// SelectResult.Part for [Merge], with no choice, refit or test.
	Shard *Shard
	// Stability, when not nil, adds stability selection over the path's
	// λ values.
	Stability *StabilityConfig
	// Progress, when not nil, receives where the run stands (see
	// [Progress]).
	Progress func(Progress)
}

// withDefaults validates c and fills in the defaults, those of the path
// included, for a network of data shaped like shape.
func (c SelectConfig) withDefaults(shape *data.Dataset) (SelectConfig, error) {
	switch {
	case c.ValFrac == 0:
		c.ValFrac = DefaultValFrac
	case !(c.ValFrac > 0 && c.ValFrac < 1):
		return c, fmt.Errorf("regularize: SelectConfig.ValFrac must be in (0, 1), got %v", c.ValFrac)
	}
	if !(c.TestFrac >= 0 && c.TestFrac < 1) {
		return c, fmt.Errorf("regularize: SelectConfig.TestFrac must be in [0, 1), got %v", c.TestFrac)
	}
	c.Refit = c.Refit || c.TestFrac > 0 || c.RefitAll || c.RefitMethod != ""
	if c.RefitMethod != "" {
		if err := (Spec{Method: c.RefitMethod}).Validate(); err != nil {
			return c, fmt.Errorf("regularize: SelectConfig.RefitMethod: %w", err)
		}
	}
	switch c.Choose {
	case "":
		c.Choose = Choose1SE
	case Choose1SE, ChooseMin:
	default:
		return c, fmt.Errorf("regularize: SelectConfig.Choose must be %q or %q, got %q", Choose1SE, ChooseMin, c.Choose)
	}
	if c.Folds == 1 || c.Folds < 0 && c.Folds != FoldsAuto {
		return c, fmt.Errorf("regularize: SelectConfig.Folds must be 0, >= 2 or FoldsAuto, got %d", c.Folds)
	}
	if c.Stability != nil {
		st, err := c.Stability.withDefaults()
		if err != nil {
			return c, err
		}
		c.Stability = &st
	}
	c.Path.Base.Seed, c.Path.InitSeed = c.Seed, c.Seed
	var err error
	c.Path, err = c.Path.withDefaults(shape)
	return c, err
}

// refitPath is the configuration of the refits of the chosen features:
// the path's, or with RefitMethod another method's, at its own learning
// rate.
func (c SelectConfig) refitPath() PathConfig {
	p := c.Path
	if c.RefitMethod == "" || c.RefitMethod == cmp.Or(p.Spec.Method, DefaultMethod) {
		return p
	}
	p.Spec = Spec{Method: c.RefitMethod, HierM: p.Spec.HierM}
	p.Base.LearnRate = 0
	return p
}

// SelectResult is what [Select] found.
type SelectResult struct {
	// Config is the configuration that ran, its defaults filled in.
	Config SelectConfig
	// Train and Val are the standardised parts of the data, and
	// Standardization the transformation fitted on Train.
	Train, Val      *data.Dataset
	Standardization *data.Standardization
	// Path is the path on Train, validated on Val.
	Path *PathResult
	// CV is the cross-validated path, when SelectConfig.Folds asked for it.
	CV *CVResult
	// Chosen and Best index Path.Points: the λ the rule chose, and the
	// best (glmnet's lambda.min), on the cross-validated curve when there
	// is one, else on the validation rows. With PathConfig.K, Chosen is
	// the best of the points with exactly K features, or, when the path
	// has none (KMissed), of those with the fewest features above K.
	Chosen, Best int
	KMissed      bool
	// Mask says which features the choice keeps, those the refit
	// retrains: the chosen point's, or where KMissed, the K of them that
	// the path ranks first (see [PathResult.Ranked]).
	Mask []bool
	// Refit is the chosen features retrained without the penalty, and
	// Final, with SelectConfig.RefitAll, their retraining on the training
	// and validation rows together (nil without).
	Refit, Final *RefitResult
	// Test is the refitted model's score on the rows SelectConfig.TestFrac
	// held out, TestRows their indices in the data.
	Test     *model.Score
	TestRows []int
	// Stability is stability selection along the path.
	Stability *StabilityResult
	// Part is what a shard computed (SelectConfig.Shard), for Merge.
	Part *Part
}

// Select runs the selection workflow of featsel path on ds: split and
// standardise, follow the regularisation path (with its cross-validation
// beside it when asked), choose λ, refit the chosen features and run
// stability selection, as cfg asks. Like [Path], it returns what it has
// with the error when a step fails or ctx is cancelled: after an
// interruption, the path and the cross-validated curve so far, and the
// choice made on them (a path interrupted before its first point has
// none). The result is nil when the configuration or the data are
// refused, or when the path failed before its first point.
func Select(ctx context.Context, ds *data.Dataset, cfg SelectConfig) (*SelectResult, error) {
	return selectWith(ctx, ds, cfg, nil, nil)
}

// Merge combines the parts of a sharded selection (SelectConfig.Shard)
// into the result that Select with cfg, without the shard, gives on ds,
// bit for bit: it takes the main path and every unit from the parts,
// then chooses λ, refits, scores the test part and reads the stability
// selection. It refuses parts of other data or settings, a missing or
// duplicated shard or unit, and parts whose main paths differ (another
// build or processor), naming them as names does (the parts' files).
func Merge(ctx context.Context, ds *data.Dataset, cfg SelectConfig, parts []*Part, names []string) (*SelectResult, error) {
	if len(parts) == 0 {
		return nil, errors.New("regularize: no parts to merge")
	}
	cfg.Shard = nil
	return selectWith(ctx, ds, cfg, parts, names)
}

// selectWith is Select, or with parts, Merge.
func selectWith(ctx context.Context, ds *data.Dataset, cfg SelectConfig, parts []*Part, names []string) (*SelectResult, error) {
	cfg, err := cfg.withDefaults(ds)
	if err != nil {
		return nil, err
	}
	if cfg.Shard != nil {
		if err := cfg.Shard.check(); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	unsharded := cfg
	unsharded.Shard = nil
	if units := len(ds.Units()); cfg.Path.K > units {
		return nil, fmt.Errorf("regularize: PathConfig.K must be at most %d (the units of the data), got %d", units, cfg.Path.K)
	}
	r := &SelectResult{Config: cfg}
	all := ds
	if cfg.TestFrac > 0 {
		var rest []int
		if rest, r.TestRows, err = TestRows(ds, cfg); err != nil {
			return nil, err
		}
		ds = ds.Subset(rest)
	}
	if cfg.Folds == FoldsAuto {
		cfg.Folds = 0
		k := min(AutoFolds, ds.Rows()/2)
		if ds.Task == data.Survival {
			k = min(k, events(ds)) // every fold needs an event
		}
		if math.Round(cfg.ValFrac*float64(ds.Rows())) < AutoFoldsValRows && k >= 2 {
			cfg.Folds = k
		}
		r.Config.Folds = cfg.Folds
	}
	if err := CheckFolds(ds, cfg.Folds); err != nil {
		return nil, err
	}
	count := cfg.Folds
	if cfg.Stability != nil {
		count += cfg.Stability.Subsamples
	}
	var (
		us          *units
		main        *PathResult
		fingerprint = Fingerprint(all, unsharded)
	)
	switch {
	case parts != nil:
		var done map[int]*UnitResult
		if main, done, err = checkParts(parts, fingerprint, count, names); err != nil {
			return nil, err
		}
		us = &units{done: done}
	case cfg.Shard != nil:
		us = &units{shard: cfg.Shard, results: map[int]*UnitResult{}}
	}
	track := newTracker(cfg.Progress, len(ds.Units()))
	cfg.Path.track = track
	if r.Train, r.Val, r.Standardization, err = data.Prepare(ds, cfg.ValFrac, rand.New(rand.NewPCG(cfg.Seed, 1))); err != nil {
		return nil, err
	}
	if ds.Task == data.Survival && (events(r.Val) == 0 || events(r.Train) == 0) {
		return nil, fmt.Errorf("regularize: the validation part holds %d events and the training part %d (of %d): each needs one; more events, or another ValFrac", events(r.Val), events(r.Train), events(ds))
	}
	// The folds follow their own λ sequences, so that they run beside the
	// main path; their mean curve is read on its sequence afterwards.
	var (
		cvErr error
		wg    sync.WaitGroup
	)
	// Only the main path refines λ to reach K: the folds and the halves
	// are read on its λ values.
	others := cfg.Path
	others.K, others.part = 0, true
	running := 0 // the folds and the main path, run side by side
	if cfg.Folds > 0 {
		running = cfg.Folds + 1
	}
	track.stage(StagePath, running, runtime.GOMAXPROCS(0))
	if cfg.Folds > 0 {
		wg.Go(func() {
			r.CV, cvErr = crossValidate(ctx, ds, cfg.Folds, rand.New(rand.NewPCG(cfg.Seed, 3)), others, us)
		})
	}
	if main != nil {
		r.Path = main
	} else {
		r.Path, err = Path(ctx, r.Train, r.Val, cfg.Path)
	}
	if running > 0 {
		track.done(1)
	}
	wg.Wait()
	if cvErr != nil && (err == nil || cvErr.Error() != err.Error()) {
		err = errors.Join(err, cvErr) // an interruption stops both: say it once
	}
	if r.Path == nil || len(r.Path.Points) == 0 {
		if err == nil {
			err = errors.New("regularize: the path has no points")
		}
		if r.Path == nil || ctx.Err() == nil {
			return nil, err
		}
		return r, err // interrupted before the first λ: nothing to choose from
	}
	r.Best, r.Chosen = r.Path.Best, r.Path.OneSE
	grid := others
	grid.Lambdas = r.Path.Lambdas()
	if cfg.Shard != nil {
		if err == nil && cfg.Stability != nil {
			track.stage(StageStability, cfg.Stability.Subsamples, runtime.GOMAXPROCS(0))
			_, err = stability(ctx, r.Train, r.Val, *cfg.Stability, rand.New(rand.NewPCG(cfg.Seed, 4)), grid, us, cfg.Folds)
		}
		r.Part = &Part{Shard: *cfg.Shard, Fingerprint: fingerprint, Units: count, Main: r.Path, Results: us.results, Seconds: time.Since(start).Seconds()}
		return r, err
	}
	r.choose(cfg)
	if err != nil {
		return r, err
	}
	if cfg.Refit {
		track.stage(StageRefit, 0, 1)
		if r.Refit, err = Refit(ctx, r.Train, r.Val, r.Mask, cfg.refitPath()); err != nil {
			return r, err
		}
	}
	if cfg.RefitAll {
		// The chosen columns of every row, standardised as the training
		// part was. The refit's model stays the result until this one
		// has trained its epochs.
		features := ds.UnitFeatures(r.Mask)
		final, err := RefitAll(ctx, standardRows(ds, r.Standardization, features), r.Val.Columns(features), r.Refit, cfg.refitPath())
		if err != nil {
			return r, err
		}
		r.Final = final
	}
	if r.TestRows != nil {
		if r.Test, err = r.score(all.Subset(r.TestRows)); err != nil {
			return r, err
		}
	}
	if cfg.Stability != nil {
		track.stage(StageStability, cfg.Stability.Subsamples, runtime.GOMAXPROCS(0))
		r.Stability, err = stability(ctx, r.Train, r.Val, *cfg.Stability, rand.New(rand.NewPCG(cfg.Seed, 4)), grid, us, cfg.Folds)
	}
	return r, err
}

// choose sets Best and Chosen by cfg's rule, on the cross-validated
// curve when there is one, else on the path's validation curve.
func (r *SelectResult) choose(cfg SelectConfig) {
	r.Best, r.Chosen = r.Path.Best, r.Path.OneSE
	// The cross-validated curve is read on what the folds have, also when
	// the run was interrupted: the choice then rests on that.
	if r.CV != nil && r.CV.Curve(r.Path.Lambdas()) {
		// The folds' paths drop features at other λ than the main path
		// (which at the λ chosen on their curve can have lost one they
		// keep): the main path's point is the first with no more features
		// than the folds kept on average at that λ.
		r.Best, r.Chosen = r.Path.atMost(r.CV.Selected[r.CV.Best]), r.Path.atMost(r.CV.Selected[r.CV.OneSE])
	}
	if cfg.Choose == ChooseMin {
		r.Chosen = r.Best
	}
	if cfg.Path.K > 0 {
		r.Chosen, r.KMissed = r.exactly(cfg.Path.K)
	}
	r.Mask = r.Path.Points[r.Chosen].Mask
	if r.KMissed {
		r.Mask = r.Path.top(r.Chosen, cfg.Path.K)
	}
}

// File returns the chosen model for saving: the chosen features refitted
// without the penalty (SelectConfig.Refit must be set; Final when there is
// one), with the standardisation of those columns, so that it predicts
// from a table that holds only them. ds is the table Select read.
func (r *SelectResult) File(ds *data.Dataset) (*model.File, error) {
	if r.Refit == nil || r.Refit.Result == nil {
		return nil, errors.New("regularize: SelectResult.File needs the refitted model (SelectConfig.Refit)")
	}
	net := r.Refit.Net
	if r.Final != nil {
		net = r.Final.Net
	}
	mask := ds.UnitFeatures(r.Refit.Mask)
	// λ = 0: the refit trains without the penalty.
	f, err := model.NewFile(net, ds.Columns(mask), r.Standardization.Columns(mask), r.Config.refitPath().Spec.Method, 0)
	if err == nil && r.Config.Path.Base.BalanceClasses {
		f.ClassWeight = "balanced"
	}
	return f, err
}

// TestRows returns the rows of ds that Select keeps for the selection
// and those it holds out for the test part under cfg (none without
// TestFrac), each increasing: a caller can check the rows left before
// the work starts.
func TestRows(ds *data.Dataset, cfg SelectConfig) (rest, test []int, err error) {
	if cfg.TestFrac == 0 {
		return seqRows(ds.Rows()), nil, nil
	}
	if rest, test, err = data.SplitRows(ds, cfg.TestFrac, rand.New(rand.NewPCG(cfg.Seed, 5))); err != nil {
		return nil, nil, fmt.Errorf("regularize: the test part: %w", err)
	}
	if len(test) < 2 { // R² needs two rows
		return nil, nil, fmt.Errorf("regularize: TestFrac %v holds out %d of %d rows: a test part needs at least 2", cfg.TestFrac, len(test), ds.Rows())
	}
	return rest, test, nil
}

// standardRows returns the columns features keeps of every row of ds,
// standardised by st (fitted on the training part).
func standardRows(ds *data.Dataset, st *data.Standardization, features []bool) *data.Dataset {
	rows := ds.Columns(features)
	st.Columns(features).Apply(rows)
	return rows
}

// seqRows returns the rows 0 to n-1.
func seqRows(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// score scores the refitted model on test, raw rows of the data, as
// model.File.Predict does for a saved model.
func (r *SelectResult) score(test *data.Dataset) (*model.Score, error) {
	f, err := r.File(test)
	if err != nil {
		return nil, err
	}
	p, err := f.Predict(test.Columns(test.UnitFeatures(r.Refit.Mask)), data.MissingError)
	if err != nil {
		return nil, err
	}
	return p.Score, nil
}

// exactly returns the point with the best metric (the cross-validated
// mean, when there is one) among those with k selected features, or, when
// there are none, among those with the fewest features above k (missed).
func (r *SelectResult) exactly(k int) (chosen int, missed bool) {
	metric := func(i int) float64 {
		if r.CV != nil && len(r.CV.Metric) == len(r.Path.Points) {
			return r.CV.Metric[i]
		}
		return r.Path.Points[i].ValMetric
	}
	count := -1 // the count to choose among: k, or the fewest above it
	for _, pt := range r.Path.Points {
		if pt.Selected >= k && (count < 0 || pt.Selected < count) {
			count = pt.Selected
		}
	}
	chosen = -1
	for i, pt := range r.Path.Points {
		if pt.Selected == count && (chosen < 0 || metric(i) > metric(chosen)) {
			chosen = i
		}
	}
	return max(chosen, 0), count != k
}
