package regularize

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// RepeatConfig sets up a comparison repeated over seeds ([CompareRepeats]).
type RepeatConfig struct {
	// Repeats counts the repeats (>= 1); repeat r draws everything from
	// the seed Seed + r, so that repeat 0 is the comparison of Seed.
	Repeats int
	Seed    uint64
	// ValFrac is the fraction of rows held out for validation; 0 means
	// DefaultValFrac.
	ValFrac float64
}

// Seeds returns the seed of each repeat.
func (c RepeatConfig) Seeds() []uint64 {
	seeds := make([]uint64, c.Repeats)
	for r := range seeds {
		seeds[r] = c.Seed + uint64(r)
	}
	return seeds
}

func (c RepeatConfig) check() (RepeatConfig, error) {
	c.ValFrac = cmp.Or(c.ValFrac, DefaultValFrac)
	switch {
	case c.Repeats < 1:
		return c, fmt.Errorf("regularize: RepeatConfig.Repeats must be >= 1, got %d", c.Repeats)
	case !(c.ValFrac > 0 && c.ValFrac < 1):
		return c, fmt.Errorf("regularize: RepeatConfig.ValFrac must be in (0, 1), got %v", c.ValFrac)
	}
	return c, nil
}

// CompareRepeats compares the trials on ds rc.Repeats times: repeat r
// splits ds (stratified by class), draws the initial weights and orders
// the batches from its seed (RepeatConfig.Seeds), every trial of a repeat
// on the same ones, as [Compare] does with cfg (whose seeds it sets).
// The units, trial i of repeat r being unit r·len(trials) + i, run in
// parallel, as many at a time as GOMAXPROCS. It returns the outcomes by
// repeat, then trial. With shard, it runs only the shard's units
// (numbers ≡ Index mod Count) and returns them in a part for
// [MergeRepeats] instead.
func CompareRepeats(ctx context.Context, ds *data.Dataset, trials []Trial, cfg FitConfig, rc RepeatConfig, shard *Shard) ([][]Outcome, *Part, error) {
	rc, err := rc.check()
	if err != nil {
		return nil, nil, err
	}
	if shard != nil {
		if err := shard.check(); err != nil {
			return nil, nil, err
		}
	}
	splits := repeatSplits(ds, rc)
	if _, err := splits[0](); err != nil {
		return nil, nil, err // a table too small to split: before any work
	}
	n := rc.Repeats * len(trials)
	mine := func(u int) bool { return shard == nil || u%shard.Count == shard.Index }
	units := 0
	for u := range n {
		if mine(u) {
			units++
		}
	}
	cfg.track = newTracker(cfg.Progress, len(ds.Units()))
	cfg.track.stage(StageTrain, units*cmp.Or(cfg.Base.Epochs, model.DefaultEpochs), 1)
	out := make([][]Outcome, rc.Repeats)
	for r := range out {
		out[r] = make([]Outcome, len(trials))
	}
	start := time.Now()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for u := range n {
		if !mine(u) {
			continue
		}
		r, i := u/len(trials), u%len(trials)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			sp, err := splits[r]()
			if err != nil {
				out[r][i] = Outcome{Trial: trials[i], Err: err}
				return
			}
			c := cfg
			c.Base.Seed, c.InitSeed = sp.seed, sp.seed
			out[r][i] = Fit(ctx, sp.train, sp.val, trials[i], c)
		})
	}
	wg.Wait()
	if shard == nil {
		return out, nil, ctx.Err()
	}
	p := &Part{Shard: *shard, Fingerprint: repeatsFingerprint(ds, trials, cfg, rc), Units: n, Outcomes: map[int]*SavedOutcome{}, Seconds: time.Since(start).Seconds()}
	for u := range n {
		if mine(u) {
			p.Outcomes[u] = out[u/len(trials)][u%len(trials)].save()
		}
	}
	return nil, p, ctx.Err()
}

// MergeRepeats returns the outcomes of the whole repeated comparison,
// by repeat then trial, from the parts of its shards (see
// [CompareRepeats]), without their networks; it refuses parts as [Merge]
// does.
func MergeRepeats(ds *data.Dataset, trials []Trial, cfg FitConfig, rc RepeatConfig, parts []*Part, names []string) ([][]Outcome, error) {
	rc, err := rc.check()
	if err != nil {
		return nil, err
	}
	n := rc.Repeats * len(trials)
	if err := checkLayout(parts, repeatsFingerprint(ds, trials, cfg, rc), n, names); err != nil {
		return nil, err
	}
	done, err := gather(parts, n, names, func(p *Part) map[int]*SavedOutcome { return p.Outcomes })
	if err != nil {
		return nil, err
	}
	out := make([][]Outcome, rc.Repeats)
	for u := range n {
		r := u / len(trials)
		out[r] = append(out[r], done[u].outcome())
	}
	return out, nil
}

// split is a repeat's training and validation parts, standardised, and
// its seed.
type split struct {
	train, val *data.Dataset
	seed       uint64
}

// repeatSplits returns, for every repeat, the function that splits ds
// for it, as featsel compare splits it for one seed, on its first call:
// a repeat's parts are made when its first unit runs, and only for the
// repeats a shard runs.
func repeatSplits(ds *data.Dataset, rc RepeatConfig) []func() (split, error) {
	var splits []func() (split, error)
	for _, seed := range rc.Seeds() {
		splits = append(splits, sync.OnceValues(func() (split, error) {
			train, val, _, err := data.Prepare(ds, rc.ValFrac, rand.New(rand.NewPCG(seed, 1)))
			return split{train, val, seed}, err
		}))
	}
	return splits
}

// repeatsFingerprint is Fingerprint for a repeated comparison: its data,
// trials, settings and repeats.
func repeatsFingerprint(ds *data.Dataset, trials []Trial, cfg FitConfig, rc RepeatConfig) string {
	h := sha256.New()
	writeData(h, ds)
	writeTrials(h, trials, cfg)
	fmt.Fprintf(h, "repeats %d %d %v\n", rc.Repeats, rc.Seed, rc.ValFrac)
	return fmt.Sprintf("%x", h.Sum(nil))
}
