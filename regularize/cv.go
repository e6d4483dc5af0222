package regularize

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/featsel/featsel/data"
)

// CVResult is a cross-validated regularisation path.
type CVResult struct {
	// Lambdas is the sequence the curve is read on, 0 (the dense model)
	// first.
	Lambdas []float64
	// Metric is the mean over folds, at each λ, of the validation metric
	// of the fold's model at that λ refitted without the penalty on the
	// features it selects (see [Refit]; the penalised model when the
	// refits did not run), SE its standard error (the standard deviation
	// over folds / √K), Selected the mean number of selected features.
	Metric, SE, Selected []float64
	// PathMetric is the mean validation metric of the folds' penalised
	// models as they stand on their paths.
	PathMetric []float64
	// Best and OneSE index Lambdas as in PathResult, on the mean curve.
	Best, OneSE int
	Folds       []*PathResult
	// Refits holds, for each fold, its points' selections refitted
	// without the penalty and scored on the fold's validation rows (nil
	// for a fold whose path or refits did not finish).
	Refits [][]RefitScore
}

// RefitScore is the validation metric of a path point's selection
// refitted without the penalty, and its standard error over validation
// rows.
type RefitScore struct{ Metric, SE float64 }

// CheckFolds reports whether ds can be cross-validated on k folds (k = 0:
// none; FoldsAuto: decided by Select, always possible): every fold must hold
// at least two rows, so that its validation metric is defined (R² needs
// two).
func CheckFolds(ds *data.Dataset, k int) error {
	if k != 0 && k != FoldsAuto && (k < 2 || 2*k > ds.Rows()) {
		return fmt.Errorf("%d folds of %d rows: want 2 <= folds <= %d, so that every fold holds two rows", k, ds.Rows(), ds.Rows()/2)
	}
	if e := events(ds); ds.Task == data.Survival && k >= 2 && e < k {
		return fmt.Errorf("%d folds of %d events: every fold needs an event for its C-index; use at most %d folds", k, e, e)
	}
	return nil
}

// events counts the observed events of a survival table.
func events(ds *data.Dataset) int {
	n := 0
	for _, e := range ds.Events {
		if e == 1 {
			n++
		}
	}
	return n
}

// CrossValidate runs the path of cfg on K folds of ds (shuffled with rng,
// stratified for classes and events; each fold standardised on its own training
// rows), folds in parallel, refits the selections of a fold's path
// without the penalty (one per band of counts, see refitPoints) and
// scores them on the fold's validation rows
// (the curve then scores the model a refit would keep, not the shrunken
// one of the path), and reads the mean curve on cfg.Lambdas. When
// cfg.Lambdas is empty each fold chooses its own sequence, and the caller
// reads the curve with [CVResult.Curve] on the sequence it wants (that of
// a path on all the data, which can then run at the same time).
func CrossValidate(ctx context.Context, ds *data.Dataset, k int, rng *rand.Rand, cfg PathConfig) (*CVResult, error) {
	return crossValidate(ctx, ds, k, rng, cfg, nil)
}

// crossValidate is CrossValidate on the folds us gives (fold i is unit
// i): those it computes, and those it has from a merge's parts.
func crossValidate(ctx context.Context, ds *data.Dataset, k int, rng *rand.Rand, cfg PathConfig, us *units) (*CVResult, error) {
	folds, err := data.Folds(ds, k, rng)
	if err != nil {
		return nil, err
	}
	res := &CVResult{Folds: make([]*PathResult, k), Refits: make([][]RefitScore, k)}
	errs := make([]error, k)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, rows := range folds {
		if u := us.get(i); u != nil {
			res.Folds[i], res.Refits[i] = u.Path, u.Refits
			continue
		}
		if !us.mine(i) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			train, val, _ := data.PrepareRows(ds, rows)
			res.Folds[i], errs[i] = Path(ctx, train, val, cfg)
			if errs[i] == nil {
				res.Refits[i], errs[i] = refitPoints(ctx, train, val, res.Folds[i], cfg)
			}
			cfg.track.done(1)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	for i := range folds {
		if us.mine(i) && us != nil {
			us.keep(i, &UnitResult{Path: res.Folds[i], Refits: res.Refits[i]})
		}
	}
	if us != nil && us.shard != nil {
		return res, nil // the mean curve needs every fold: the merge reads it
	}
	if len(cfg.Lambdas) > 0 {
		res.Curve(cfg.Lambdas)
	}
	return res, nil
}

// refitBand is the relative width of the bands of feature counts that
// share one refit in a fold (see refitPoints).
const refitBand = 0.1

// refitPoints refits the selections of a fold's path without the penalty
// on the fold's training rows (see [Refit]) and scores them on its
// validation rows; a point without features keeps its own score. One
// refit serves each band of feature counts, the counts whose logarithms
// round to the same multiple of log(1 + refitBand): every count up to 10
// has its own, and above that counts within about 10 % share the refit
// of the band's first point (its smallest λ). Refitting every distinct
// selection cost a refit per λ on wide tables; the bands bound the refits
// by the logarithm of the width, and the curve they score is the one the
// choice needs, the score against the number of features.
func refitPoints(ctx context.Context, train, val *data.Dataset, path *PathResult, cfg PathConfig) ([]RefitScore, error) {
	out := make([]RefitScore, len(path.Points))
	done := map[int]RefitScore{}
	for i, pt := range path.Points {
		if pt.Selected == 0 {
			out[i] = RefitScore{pt.ValMetric, pt.ValMetricSE}
			continue
		}
		key := int(math.Round(math.Log(float64(pt.Selected)) / math.Log1p(refitBand)))
		s, ok := done[key]
		if !ok {
			rf, err := Refit(ctx, train, val, pt.Mask, cfg)
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			s = RefitScore{math.NaN(), math.NaN()} // a refit that failed is passed over
			if rf != nil && rf.Result != nil && err == nil {
				s = RefitScore{rf.Result.ValMetric, rf.Result.ValMetricSE}
			}
			done[key] = s
		}
		out[i] = s
	}
	return out, nil
}

// Curve reads the folds' mean validation curve at the dense model and at
// each of lambdas (increasing), and chooses λ on it. A fold contributes the
// point of its own path with the largest λ not above the one read (its
// last point beyond its end), which is exact when the folds followed
// lambdas themselves: its refitted score when every fold read has its
// refits, else its path's. Folds without a point (an interrupted run) are
// left out; Curve reports whether any fold had one.
func (r *CVResult) Curve(lambdas []float64) bool {
	folds, refitted := r.read()
	if len(folds) == 0 {
		return false
	}
	r.Lambdas = append([]float64{0}, lambdas...)
	n, k := len(r.Lambdas), float64(len(folds))
	r.Metric, r.SE, r.Selected, r.PathMetric = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	c := make([]curvePoint, n)
	for l, lambda := range r.Lambdas {
		var sum, sq, sel, path float64
		for _, i := range folds {
			j := r.Folds[i].at(lambda)
			pt := r.Folds[i].Points[j]
			m := r.score(i, j, refitted)
			sum += m
			sq += m * m
			sel += float64(pt.Selected)
			path += pt.ValMetric
		}
		mean, se := foldMean(sum, sq, k)
		r.Metric[l], r.SE[l], r.Selected[l], r.PathMetric[l] = mean, se, sel/k, path/k
		c[l] = curvePoint{metric: mean, se: r.SE[l], loss: -mean}
	}
	r.Best, r.OneSE = choose(c)
	return true
}

// read returns the folds that have points, and whether the refits count:
// only when every one of them has its refits (an interrupted run may
// leave some without).
func (r *CVResult) read() (folds []int, refitted bool) {
	refitted = true
	for i, f := range r.Folds {
		if f != nil && len(f.Points) > 0 {
			folds = append(folds, i)
			refitted = refitted && i < len(r.Refits) && len(r.Refits[i]) == len(f.Points)
		}
	}
	return folds, refitted
}

// score is the validation metric of point j of fold i: its refit's when
// refitted, else the path's.
func (r *CVResult) score(i, j int, refitted bool) float64 {
	if refitted {
		return r.Refits[i][j].Metric
	}
	return r.Folds[i].Points[j].ValMetric
}

// foldMean returns the mean of k folds' values from their sum and sum of
// squares, and its standard error: the sample standard deviation over √k.
func foldMean(sum, sq, k float64) (mean, se float64) {
	mean = sum / k
	sd := math.Sqrt(max(sq/k-mean*mean, 0) * k / max(k-1, 1))
	return mean, sd / math.Sqrt(k)
}

// KScore is the cross-validated score of a selection of K features:
// each fold's own best point with exactly K (see [CVResult.AtK]).
type KScore struct {
	// Metric is the mean over the folds of their best validation metric
	// among their points that keep exactly K features, or, in a fold
	// without one, the fewest above K: refitted, as the curve's, when
	// every fold's refits ran (a refit serves a band of counts, see
	// refitPoints); SE its standard error (sd over folds/√folds),
	// Selected the mean number of features of the points taken, Folds
	// the folds that had one.
	Metric, SE, Selected float64
	Folds                int
}

// AtK scores a selection of k features by cross-validation: at the
// points of each fold's own path that keep k features, not at the main
// path's λ, where the folds keep other numbers. A fold without a point
// of k features or more, or whose scores there are all NaN (a failed
// refit), is left out; ok is false when every fold is.
func (r *CVResult) AtK(k int) (s KScore, ok bool) {
	folds, refitted := r.read()
	var sum, sq, sel float64
	for _, i := range folds {
		f := r.Folds[i]
		fewest := -1 // the fewest features at or above k among the fold's points
		for _, pt := range f.Points {
			if pt.Selected >= k && (fewest < 0 || pt.Selected < fewest) {
				fewest = pt.Selected
			}
		}
		best := math.Inf(-1)
		for j, pt := range f.Points {
			if m := r.score(i, j, refitted); pt.Selected == fewest && m > best {
				best = m
			}
		}
		if math.IsInf(best, -1) {
			continue
		}
		sum, sq, sel = sum+best, sq+best*best, sel+float64(fewest)
		s.Folds++
	}
	if s.Folds == 0 {
		return s, false
	}
	s.Metric, s.SE = foldMean(sum, sq, float64(s.Folds))
	s.Selected = sel / float64(s.Folds)
	return s, true
}

// at returns the index of the path's point with the largest λ not above
// lambda.
func (r *PathResult) at(lambda float64) int {
	k := 0
	for i, pt := range r.Points {
		if pt.Lambda <= lambda {
			k = i
		}
	}
	return k
}

// atMost returns the index of the path's first point with at most the
// given mean number of features (rounded), its last point when none has.
func (r *PathResult) atMost(selected float64) int {
	s := int(math.Round(selected))
	for i, pt := range r.Points {
		if pt.Selected <= s {
			return i
		}
	}
	return len(r.Points) - 1
}
