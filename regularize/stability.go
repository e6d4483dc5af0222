package regularize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/featsel/featsel/data"
)

// StabilityResult is stability selection (Meinshausen and Bühlmann,
// "Stability selection", JRSS B 2010) along a path.
type StabilityResult struct {
	// Lambdas is the common sequence (without the dense model).
	Lambdas []float64
	// Prob[l][j] is the fraction of subsamples whose path selects
	// feature j at Lambdas[l].
	Prob [][]float64
	// MaxProb is each feature's largest probability over Region.
	MaxProb []float64
	// Region is the range of λ indices the selection is made over: those
	// where the mean number selected is at most √(EV·(2·Threshold−1)·p),
	// so that the bound below stays near the EV asked for.
	Region []int
	// Threshold is π_thr; Stable lists the features with MaxProb ≥ it.
	Threshold float64
	Stable    []int
	// Q is q_Λ, the mean over subsamples of the number of features selected
	// anywhere in Region, and Bound the theorem's bound on the expected
	// number of falsely selected features, q_Λ²/((2π_thr − 1)·p).
	Q, Bound float64
}

// The defaults of stability selection, which StabilityConfig's zero
// values mean.
const (
	DefaultSubsamples         = 20
	DefaultStabilityThreshold = 0.6
)

// StabilityConfig sets up stability selection.
type StabilityConfig struct {
	// Subsamples is the number of random halves; 0 means 20.
	Subsamples int
	// Threshold is π_thr, in (0.5, 1]; 0 means 0.6.
	Threshold float64
	// EV is the expected number of false selections the region of λ is
	// chosen for; 0 means 1.
	EV float64
}

// withDefaults validates c and fills in the defaults.
func (c StabilityConfig) withDefaults() (StabilityConfig, error) {
	switch {
	case c.Subsamples < 0:
		return c, fmt.Errorf("regularize: StabilityConfig.Subsamples must be >= 1, got %d", c.Subsamples)
	case c.Threshold != 0 && !(c.Threshold > 0.5 && c.Threshold <= 1):
		return c, fmt.Errorf("regularize: StabilityConfig.Threshold must be in (0.5, 1], got %v", c.Threshold)
	case c.EV < 0 || math.IsNaN(c.EV) || math.IsInf(c.EV, 0):
		return c, fmt.Errorf("regularize: StabilityConfig.EV must be > 0, got %v", c.EV)
	}
	if c.Subsamples == 0 {
		c.Subsamples = DefaultSubsamples
	}
	if c.Threshold == 0 {
		c.Threshold = DefaultStabilityThreshold
	}
	if c.EV == 0 {
		c.EV = 1
	}
	return c, nil
}

// half returns the first half of the rows in the order perm draws them,
// or, for survival, the first half of the events and of the censored rows
// in that order, so that every half has its share of the events.
func half(train *data.Dataset, perm []int) []int {
	if train.Task != data.Survival {
		return perm[:train.Rows()/2]
	}
	var events, censored []int
	for _, i := range perm {
		if train.Events[i] == 1 {
			events = append(events, i)
		} else {
			censored = append(censored, i)
		}
	}
	return append(events[:len(events)/2], censored[:len(censored)/2]...)
}

// Stability runs the path of cfg on random halves of the training rows,
// seeded from rng and in parallel, validating on val, and selects the
// features whose selection probability reaches the threshold somewhere
// in the region of sparse λ. Every half follows cfg.Lambdas, which must be
// set (to the λ values of a path on all the training rows: see
// [PathResult.Lambdas]), so that the probabilities are read at the same λ.
func Stability(ctx context.Context, train, val *data.Dataset, sc StabilityConfig, rng *rand.Rand, cfg PathConfig) (*StabilityResult, error) {
	return stability(ctx, train, val, sc, rng, cfg, nil, 0)
}

// stability is Stability on the halves us gives, half s being unit
// first+s: those it computes, and those it has from a merge's parts. A
// shard's run computes its halves only and returns no result.
func stability(ctx context.Context, train, val *data.Dataset, sc StabilityConfig, rng *rand.Rand, cfg PathConfig, us *units, first int) (*StabilityResult, error) {
	sc, err := sc.withDefaults()
	if err != nil {
		return nil, err
	}
	if len(cfg.Lambdas) == 0 {
		return nil, errors.New("regularize: Stability needs PathConfig.Lambdas, the λ values to read the probabilities at (see PathResult.Lambdas)")
	}
	n, threshold := sc.Subsamples, sc.Threshold
	halves := make([][]int, n)
	seeds := make([]uint64, n)
	for s := range halves {
		perm := rng.Perm(train.Rows())
		halves[s] = half(train, perm)
		seeds[s] = rng.Uint64()
	}
	paths := make([]*PathResult, n)
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for s := range halves {
		if u := us.get(first + s); u != nil {
			paths[s] = u.Path
			continue
		}
		if !us.mine(first + s) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c := cfg
			c.Base.Seed, c.InitSeed = seeds[s], seeds[s]
			paths[s], errs[s] = Path(ctx, train.Subset(halves[s]), val, c)
			c.track.done(1)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if us != nil && us.shard != nil {
		for s, path := range paths {
			if us.mine(first + s) {
				us.keep(first+s, &UnitResult{Path: path})
			}
		}
		return nil, nil // the probabilities need every half: the merge reads them
	}
	p := len(train.Units())
	res := &StabilityResult{Lambdas: cfg.Lambdas, Threshold: threshold, MaxProb: make([]float64, p)}
	qMax := math.Sqrt(sc.EV * (2*threshold - 1) * float64(p))
	for l := range cfg.Lambdas {
		prob := make([]float64, p)
		mean := 0.0
		for _, path := range paths {
			pt := path.Points[l+1] // Points[0] is the dense model
			for j, sel := range pt.Mask {
				if sel {
					prob[j] += 1 / float64(n)
				}
			}
			mean += float64(pt.Selected) / float64(n)
		}
		res.Prob = append(res.Prob, prob)
		if mean <= qMax {
			res.Region = append(res.Region, l)
		}
	}
	for _, path := range paths {
		union := make([]bool, p)
		for _, l := range res.Region {
			for j, sel := range path.Points[l+1].Mask {
				union[j] = union[j] || sel
			}
		}
		for _, u := range union {
			if u {
				res.Q += 1 / float64(n)
			}
		}
	}
	for _, l := range res.Region {
		for j, pr := range res.Prob[l] {
			res.MaxProb[j] = max(res.MaxProb[j], pr)
		}
	}
	for j, pr := range res.MaxProb {
		if pr >= threshold {
			res.Stable = append(res.Stable, j)
		}
	}
	res.Bound = res.Q * res.Q / ((2*threshold - 1) * float64(p))
	return res, nil
}
