package regularize

import (
	"cmp"
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// Trial is one method's settings in a comparison.
type Trial struct {
	Spec Spec
	// LearnRate is the method's learning rate; 0 means Spec.DefaultLearnRate.
	LearnRate float64
}

// FitConfig holds what the trials of Fit and Compare share: every trial
// of a comparison runs on the same network, data and batches.
type FitConfig struct {
	// Hidden lists the hidden widths of the method's standard network.
	Hidden []int
	// Architecture, when set, replaces each method's standard network
	// (Spec.Architecture(Hidden)).
	Architecture model.Architecture
	// Base is the training configuration every trial starts from (epochs,
	// batch size, patience, the batch-order seed); its Lambda, Solver and
	// LearnRate are set per trial.
	Base model.Config
	// InitSeed seeds the initial weights: every trial draws the same ones.
	InitSeed uint64
	// Trace records each trial's selection weights after the first step
	// of every epoch.
	Trace bool
	// Progress, when not nil, receives where the run stands, after each
	// epoch of each trial (see [Progress]).
	Progress func(Progress)

	track *tracker // one for all the trials of a comparison
}

// Outcome is the result of one trial.
type Outcome struct {
	Trial
	Net    *model.Net
	Result *model.Result
	// Weights are the final per-feature selection weights (Spec.Weights).
	Weights []float64
	// Trace holds the selection weights at the steps in TraceSteps.
	Trace      [][]float64
	TraceSteps []int
	Seconds    float64
	// Float32 says that the products were summed in single precision
	// (model.Config.Float32).
	Float32 bool
	// Err is the trial's training error; Result and Weights are still
	// set when a run ends early (see model.Train).
	Err error
}

// Compare trains one network per trial on the same split, standardisation,
// initial weights and batch order, so that the method is the only
// difference. Trials run in parallel, as many at a time as GOMAXPROCS,
// each on its own graphs. The outcomes are in the order of trials.
func Compare(ctx context.Context, train, val *data.Dataset, trials []Trial, cfg FitConfig) []Outcome {
	out := make([]Outcome, len(trials))
	cfg.track = newTracker(cfg.Progress, len(train.Units()))
	cfg.track.stage(StageTrain, len(trials)*cmp.Or(cfg.Base.Epochs, model.DefaultEpochs), 1)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, tr := range trials {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = Fit(ctx, train, val, tr, cfg)
		})
	}
	wg.Wait()
	return out
}

// Fit trains one trial: the method's network, with initial weights drawn
// from cfg.InitSeed, trained on train and validated on val. The outcome's
// Err says how training ended.
func Fit(ctx context.Context, train, val *data.Dataset, t Trial, cfg FitConfig) Outcome {
	o := Outcome{Trial: t}
	if o.Err = t.Spec.Validate(); o.Err != nil {
		return o
	}
	if o.LearnRate == 0 {
		o.LearnRate = t.Spec.DefaultLearnRate()
	}
	if cfg.track == nil && cfg.Progress != nil {
		cfg.track = newTracker(cfg.Progress, len(train.Units()))
		cfg.track.stage(StageTrain, cmp.Or(cfg.Base.Epochs, model.DefaultEpochs), 1)
	}
	o.run(ctx, train, cfg, func(net *model.Net, mc model.Config) (*model.Result, error) {
		return model.Train(ctx, net, train, val, mc)
	})
	return o
}

// newNet builds the trial's network with initial weights drawn from
// cfg.InitSeed: every trial of a comparison draws the same values for the
// parameters their architectures share, which are created in the same
// order.
func (t Trial) newNet(ds *data.Dataset, cfg FitConfig) (*model.Net, error) {
	arch := cfg.Architecture
	if arch == nil {
		arch = t.Spec.Architecture(cfg.Hidden)
	}
	return model.New(ds, arch, rand.New(rand.NewPCG(cfg.InitSeed, 2)))
}

// run builds the trial's network for tables shaped like shape and
// trains it with train.
func (o *Outcome) run(ctx context.Context, shape *data.Dataset, cfg FitConfig, train func(*model.Net, model.Config) (*model.Result, error)) {
	o.Float32 = cfg.Base.Float32
	o.Net, o.Err = o.newNet(shape, cfg)
	if o.Err != nil {
		return
	}
	base := cfg.Base
	base.LearnRate = o.LearnRate
	mc, err := o.Spec.Configure(o.Net, base)
	if err != nil {
		o.Err = err
		return
	}
	if cfg.Trace {
		mc.Hooks = append(mc.Hooks, o.tracer())
	}
	if cfg.track != nil {
		hook, end := cfg.track.epochs(cmp.Or(mc.Epochs, model.DefaultEpochs))
		mc.Hooks = append(mc.Hooks, hook)
		defer end()
	}
	start := time.Now()
	o.Result, o.Err = train(o.Net, mc)
	o.Seconds = time.Since(start).Seconds()
	if o.Result != nil {
		o.Weights = o.Spec.Weights(o.Net)
	}
}

// tracer returns a hook that records the selection weights after the
// first step of every epoch (after the method's own post-step operators).
func (o *Outcome) tracer() model.Hook {
	epoch := 0
	return model.HookFunc(func(s *model.Step) error {
		if s.Epoch != epoch {
			epoch = s.Epoch
			o.Trace = append(o.Trace, o.Spec.Weights(s.Net))
			o.TraceSteps = append(o.TraceSteps, s.Iter)
		}
		return nil
	})
}
