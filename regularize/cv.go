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
	// Metric is the mean validation metric over folds at each λ, SE its
	// standard error (the standard deviation over folds / √K), Selected
	// the mean number of selected features.
	Metric, SE, Selected []float64
	// Best and OneSE index Lambdas as in PathResult, on the mean curve.
	Best, OneSE int
	Folds       []*PathResult
}

// CheckFolds reports whether ds can be cross-validated on k folds (k = 0:
// none): every fold must hold at least two rows, so that its validation
// metric is defined (R² needs two).
func CheckFolds(ds *data.Dataset, k int) error {
	if k != 0 && (k < 2 || 2*k > ds.Rows()) {
		return fmt.Errorf("%d folds of %d rows: want 2 <= folds <= %d, so that every fold holds two rows", k, ds.Rows(), ds.Rows()/2)
	}
	return nil
}

// CrossValidate runs the path of cfg on K folds of ds (shuffled with rng,
// stratified for classes; each fold standardised on its own training
// rows), folds in parallel, and reads the mean curve on cfg.Lambdas. When
// cfg.Lambdas is empty each fold chooses its own sequence, and the caller
// reads the curve with [CVResult.Curve] on the sequence it wants (that of
// a path on all the data, which can then run at the same time).
func CrossValidate(ctx context.Context, ds *data.Dataset, k int, rng *rand.Rand, cfg PathConfig) (*CVResult, error) {
	folds, err := data.Folds(ds, k, rng)
	if err != nil {
		return nil, err
	}
	res := &CVResult{Folds: make([]*PathResult, k)}
	errs := make([]error, k)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, rows := range folds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			train, val, _ := data.PrepareRows(ds, rows)
			res.Folds[i], errs[i] = Path(ctx, train, val, cfg)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	if len(cfg.Lambdas) > 0 {
		res.Curve(cfg.Lambdas)
	}
	return res, nil
}

// Curve reads the folds' mean validation curve at the dense model and at
// each of lambdas (increasing), and chooses λ on it. A fold contributes the
// point of its own path with the largest λ not above the one read (its
// last point beyond its end), which is exact when the folds followed
// lambdas themselves. Folds without a point (an interrupted run) are left
// out; Curve reports whether any fold had one.
func (r *CVResult) Curve(lambdas []float64) bool {
	var folds []*PathResult
	for _, f := range r.Folds {
		if f != nil && len(f.Points) > 0 {
			folds = append(folds, f)
		}
	}
	if len(folds) == 0 {
		return false
	}
	r.Lambdas = append([]float64{0}, lambdas...)
	n, k := len(r.Lambdas), float64(len(folds))
	r.Metric, r.SE, r.Selected = make([]float64, n), make([]float64, n), make([]float64, n)
	c := make([]curvePoint, n)
	for l, lambda := range r.Lambdas {
		var sum, sq, sel float64
		for _, f := range folds {
			pt := f.at(lambda)
			sum += pt.ValMetric
			sq += pt.ValMetric * pt.ValMetric
			sel += float64(pt.Selected)
		}
		mean := sum / k
		sd := math.Sqrt(max(sq/k-mean*mean, 0) * k / max(k-1, 1))
		r.Metric[l], r.SE[l], r.Selected[l] = mean, sd/math.Sqrt(k), sel/k
		c[l] = curvePoint{metric: mean, se: r.SE[l], loss: -mean}
	}
	r.Best, r.OneSE = choose(c)
	return true
}

// at returns the path's point with the largest λ not above lambda.
func (r *PathResult) at(lambda float64) PathPoint {
	k := 0
	for i, pt := range r.Points {
		if pt.Lambda <= lambda {
			k = i
		}
	}
	return r.Points[k]
}
