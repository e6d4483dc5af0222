package regularize

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/featsel/featsel/data"
)

// CVResult is a cross-validated regularisation path.
type CVResult struct {
	// Lambdas is the common sequence, 0 (the dense model) first.
	Lambdas []float64
	// Metric is the mean validation metric over folds at each λ, SE its
	// standard error (the standard deviation over folds / √K), Selected
	// the mean number of selected features.
	Metric, SE, Selected []float64
	// Best and OneSE index Lambdas as in PathResult, on the mean curve.
	Best, OneSE int
	Folds       []*PathResult
}

// CrossValidate runs the path on K folds of ds (shuffled with rng,
// stratified for classes; each fold standardised on its own training
// rows), all on the λ sequence of cfg.Lambdas, folds in parallel, and
// chooses λ from the mean curve.
func CrossValidate(ctx context.Context, ds *data.Dataset, k int, rng *rand.Rand, cfg PathConfig) (*CVResult, error) {
	folds, err := data.Folds(ds, k, rng)
	if err != nil {
		return nil, err
	}
	res := &CVResult{Lambdas: append([]float64{0}, cfg.Lambdas...), Folds: make([]*PathResult, k)}
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
	n := len(res.Lambdas)
	res.Metric, res.SE, res.Selected = make([]float64, n), make([]float64, n), make([]float64, n)
	c := make([]curvePoint, n)
	for l := range n {
		var sum, sq, sel float64
		for _, f := range res.Folds {
			m := f.Points[l].ValMetric
			sum += m
			sq += m * m
			sel += float64(f.Points[l].Selected)
		}
		kf := float64(k)
		mean := sum / kf
		sd := math.Sqrt(max(sq/kf-mean*mean, 0) * kf / (kf - 1))
		res.Metric[l], res.SE[l], res.Selected[l] = mean, sd/math.Sqrt(kf), sel/kf
		c[l] = curvePoint{metric: mean, se: res.SE[l], loss: -mean, selected: int(math.Round(sel / kf))}
	}
	res.Best, res.OneSE = choose(c)
	return res, nil
}
