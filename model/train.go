package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model/internal/kernel"
)

// DefaultBatchSize is the rows of a step when Config.BatchSize is 0 (but
// for survival in memory, every training row).
const DefaultBatchSize = 64

// DefaultLearnRate is Adam's usual step size (Kingma and Ba 2015), the
// default of Config.LearnRate.
const DefaultLearnRate = 1e-3

// DefaultEpochs is the default of Config.Epochs.
const DefaultEpochs = 100

// Config holds the settings of [Train]. The zero value of each field means
// the documented default.
type Config struct {
	// Lambda is λ of the graph-level penalty λ‖θ‖₁, a node in the graph
	// that the solver differentiates through (subgradient sign(θ), with
	// sign(0) = 0). Zero trains without it.
	Lambda float64
	// LearnRate is the solver's step size; 0 means DefaultLearnRate.
	LearnRate float64
	// Epochs is the number of passes over the training rows; 0 means
	// DefaultEpochs.
	Epochs int
	// BatchSize is the number of rows per step; 0 means 64, or, for
	// survival, every training row, so that the Cox loss sees the data's
	// risk sets. It is clamped to the number of training rows; rows left
	// over by the last full batch of an epoch are skipped (see
	// [data.Batcher]).
	BatchSize int
	// Patience enables early stopping: training stops when the validation
	// loss has not improved for Patience epochs and the weights of the best
	// epoch are restored. Zero trains for all Epochs and keeps the last
	// weights: with an L1 penalty the best validation loss tends to come
	// before the penalty has done its work.
	Patience int
	// KeepLast, with Patience, stops early as Patience says but keeps the
	// weights of the last epoch instead of restoring the best epoch's, as
	// LassoNet's path does (its backtrack=False). The result's validation
	// numbers are then the last epoch's. A training that ends with an
	// error (a divergence, a cancellation, a hook's error) still restores
	// the best epoch's weights: its last are not an epoch's.
	KeepLast bool
	// MinImprovement is the relative decrease of the validation objective
	// that counts as an improvement for early stopping: an epoch is better
	// when its objective is below (1 − MinImprovement) times the best so
	// far. Zero counts any decrease. (LassoNet uses 0.01.)
	MinImprovement float64
	// ValPenalty, when set, is added to the validation loss to decide the
	// best epoch and early stopping: with a penalty that the solver does
	// not see (a proximal method), the validation objective is the loss
	// plus that penalty, as in LassoNet.
	ValPenalty func(*Net) float64
	// Seed seeds the order of the mini-batches.
	Seed uint64
	// BalanceClasses weighs each row of a classification's loss by
	// n/(K·n_c), n the training rows, K the classes and n_c the training
	// rows of the row's class (scikit-learn's class_weight="balanced"), in
	// training and in the validation loss that early stopping and
	// Config.ValPenalty see; every class then weighs as much in the loss
	// as any other. The loss receives the weights in its targets: the
	// one-hot 1 of a row becomes its class's weight. False weighs every
	// row 1.
	BalanceClasses bool
	// Float32 sums the large matrix products of training and validation
	// (those of the standard layers on the kernel's backend, with sums of
	// at least 64 terms) in single precision: the products of wide layers
	// about 1.6× as fast, with the rounding of float32 arithmetic (about 1e-7 of a
	// sum); the parameters, the solver and every other operation stay in
	// float64. Without the AVX2 kernel it changes nothing.
	Float32 bool
	// Loss is the data loss; nil means cross-entropy for classification and
	// mean squared error for regression.
	Loss Loss
	// Hooks run, in order, after every optimizer step.
	Hooks []Hook
	// FreezeTheta holds the selection weights at their values (1 for a new
	// network) instead of training them, for methods that select features
	// through other weights. The solver then does not receive θ.
	FreezeTheta bool
	// Solver makes the solver of a run from the learning rate; nil means
	// [Adam] (β₁=0.9, β₂=0.999, ε=1e-8), which computes what gorgonia's
	// AdamSolver computes, bit for bit, several times faster. It is called once per
	// Train call, so solver state never leaks between runs. The solver
	// receives the parameters in the order of [Net.Params] (θ, named
	// [ThetaName], first, unless frozen), as gorgonia.ValueGrads that are
	// also gorgonia.Namers; it updates the values in place. Each step's
	// gradients are computed afresh: they do not accumulate across steps.
	Solver func(learnRate float64) G.Solver
}

// withDefaults validates c and fills in the defaults.
func (c Config) withDefaults() (Config, error) {
	switch {
	case c.Lambda < 0 || math.IsNaN(c.Lambda):
		return c, fmt.Errorf("model: Config.Lambda must be >= 0, got %v", c.Lambda)
	case c.LearnRate < 0 || math.IsNaN(c.LearnRate):
		return c, fmt.Errorf("model: Config.LearnRate must be > 0, got %v", c.LearnRate)
	case c.Epochs < 0:
		return c, fmt.Errorf("model: Config.Epochs must be > 0, got %d", c.Epochs)
	case c.BatchSize < 0:
		return c, fmt.Errorf("model: Config.BatchSize must be > 0, got %d", c.BatchSize)
	case c.Patience < 0:
		return c, fmt.Errorf("model: Config.Patience must be >= 0, got %d", c.Patience)
	case c.FreezeTheta && c.Lambda > 0:
		return c, fmt.Errorf("model: Config.Lambda penalises θ, which Config.FreezeTheta holds fixed")
	case !(c.MinImprovement >= 0 && c.MinImprovement < 1):
		return c, fmt.Errorf("model: Config.MinImprovement must be in [0, 1), got %v", c.MinImprovement)
	}
	if c.LearnRate == 0 {
		c.LearnRate = DefaultLearnRate
	}
	if c.Epochs == 0 {
		c.Epochs = DefaultEpochs
	}
	if c.Solver == nil {
		c.Solver = func(lr float64) G.Solver { return &Adam{LearnRate: lr} }
	}
	return c, nil
}

// Epoch records one epoch of training.
type Epoch struct {
	Epoch int
	// TrainLoss is the mean batch loss over the epoch, penalty included.
	TrainLoss float64
	// ValLoss is the data loss on the validation rows (no penalty).
	ValLoss float64
	// ValMetric is the validation accuracy (classification) or R²
	// (regression).
	ValMetric float64
}

// Result is what [Train] returns, also when it stops early with an error.
type Result struct {
	History []Epoch
	// BestEpoch is the epoch with the lowest validation loss, plus
	// Config.ValPenalty (0 before the first epoch ends).
	BestEpoch int
	// Steps is the number of optimizer steps taken.
	Steps int
	// ValLoss and ValMetric evaluate the weights the network holds on
	// return; ValMetricSE is the metric's standard error over validation
	// rows (see metricSE): √(p(1−p)/n) for an accuracy p, the standard
	// error of the mean squared error divided by Var(y) for R² (of the
	// mean of the targets' for several), the jackknife's for the C-index.
	ValLoss, ValMetric, ValMetricSE float64
	// ClassWeights are the weights of the classes in the loss with
	// Config.BalanceClasses (nil without); ValRecalls the recall of each
	// class on the validation rows and ValBalancedAccuracy their mean (see
	// [Recalls] and [BalancedAccuracy]), only with them (nil and 0
	// without).
	ClassWeights        []float64
	ValRecalls          []float64
	ValBalancedAccuracy float64
	// ValTargetR2 is each target's R² on the validation rows, with
	// several regression targets (ValMetric is their mean); nil
	// otherwise.
	ValTargetR2 []float64
}

// DivergedError reports a loss that became NaN or infinite. Train restores
// the weights of the best epoch (or the initial weights) before returning it.
type DivergedError struct {
	Epoch, Iter int
	Loss        float64
	// Penalty says that the data loss stayed finite and the penalty
	// λ‖θ‖₁ did not: λ is too large, not the learning rate.
	Penalty bool
}

func (e *DivergedError) Error() string {
	if e.Penalty {
		return fmt.Sprintf("model: training diverged: the penalty λ‖θ‖₁ became %v at epoch %d, step %d, while the data loss stayed finite; lower λ", e.Loss, e.Epoch, e.Iter)
	}
	return fmt.Sprintf("model: training diverged: the loss became %v at epoch %d, step %d; lower the learning rate or check the inputs for extreme values", e.Loss, e.Epoch, e.Iter)
}

// Train fits net to train with cfg.Solver (by default [Adam], which
// computes what gorgonia's AdamSolver computes), evaluating on val
// after every epoch. It returns a Result even when it fails: when ctx is
// cancelled it stops after the current step and returns ctx.Err(); when
// the loss stops being finite it returns a [*DivergedError]; a hook's error
// is returned as is. The same Config.Seed and initial weights give the same
// numbers bit for bit.
func Train(ctx context.Context, net *Net, train, val *data.Dataset, cfg Config) (*Result, error) {
	defer kernel.Busy()() // see kernel.Busy: trainings side by side split nothing
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if train.Cols() != net.features || val.Cols() != net.features {
		return nil, fmt.Errorf("model: network has %d features, datasets have %d and %d", net.features, train.Cols(), val.Cols())
	}
	loss := cfg.Loss
	if loss == nil {
		loss = defaultLoss(net.task)
	}
	var weights []float64
	if cfg.BalanceClasses {
		if net.task != data.Classification {
			return nil, fmt.Errorf("model: Config.BalanceClasses weighs classes, and the task is %v", net.task)
		}
		if weights, err = BalancedClassWeights(train.Y, net.outputs); err != nil {
			return nil, err
		}
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = DefaultBatchSize
		if net.task == data.Survival {
			cfg.BatchSize = train.Rows()
		}
	}
	batches := data.NewBatcher(train.Rows(), cfg.BatchSize, rand.New(rand.NewPCG(cfg.Seed, 0xba7c4)))
	tg, err := net.build(batches.Size(), buildOptions{loss: loss, lambda: cfg.Lambda, train: true, freezeTheta: cfg.FreezeTheta, single: cfg.Float32})
	if err != nil {
		return nil, err
	}
	tg.weights = weights
	ev, err := newEvaluator(net, val, loss, weights, cfg.Float32)
	if err != nil {
		return nil, err
	}
	t := newTrainer(net, cfg, tg, ev, weights)
	// An epoch: the training rows in a new random order, a batch at a time.
	t.epoch = func(batch func(ds *data.Dataset, rows []int) error) error {
		return eachBatch(batches, train, batch)
	}
	return t.res, t.finish(t.run(ctx))
}

// finish ends a training that ended with err: on the best weights (with
// early stopping, unless Config.KeepLast keeps those of a training that
// ended without an error, or after a divergence, the initial weights if
// no epoch finished), evaluated once more for the result's validation
// numbers.
func (t *trainer) finish(err error) error {
	if _, diverged := errors.AsType[*DivergedError](err); diverged || (t.cfg.Patience > 0 && (!t.cfg.KeepLast || err != nil) && t.res.BestEpoch > 0) {
		t.net.Restore(t.best)
	}
	var evalErr error
	if t.res.ValLoss, t.res.ValMetric, evalErr = t.eval.evaluate(); evalErr == nil {
		out, val := t.eval.outputs()
		t.res.ValMetricSE = metricSE(t.net.task, out, t.net.outputs, val)
		if t.res.ClassWeights != nil {
			t.res.ValRecalls = Recalls(out, t.net.outputs, val.Y)
			t.res.ValBalancedAccuracy = meanRecall(t.res.ValRecalls)
		}
		if k := t.net.outputs; t.net.task == data.Regression && k > 1 {
			for j := range k {
				t.res.ValTargetR2 = append(t.res.ValTargetR2, r2(column(out, k, j), column(val.Y, k, j)))
			}
		}
	} else if err == nil {
		err = evalErr
	}
	return err
}

// trainer holds the state of one Train call.
type trainer struct {
	net   *Net
	cfg   Config
	graph *graph
	eval  validator
	// epoch calls batch with each batch of an epoch: the dataset that
	// holds its rows and their indices there.
	epoch  func(batch func(ds *data.Dataset, rows []int) error) error
	solver G.Solver
	best   [][]float64
	res    *Result
	// learned lists the parameters in the order the solver receives
	// them; scales holds the buffers of Step.Scaling.
	learned []*Param
	scales  [][]float64
}

// scaling returns the step the solver took on each coordinate of p, or
// nil when it took LearnRate everywhere or did not update p.
func (t *trainer) scaling(p *Param) []float64 {
	sc, ok := t.solver.(Scaler)
	if !ok {
		return nil
	}
	for i, q := range t.learned {
		if q == p {
			if t.scales == nil {
				t.scales = make([][]float64, len(t.learned))
			}
			t.scales[i] = sc.Scale(i, t.scales[i])
			return t.scales[i]
		}
	}
	return nil
}

// eachBatch shuffles b and calls batch with each of its batches of the
// rows of ds.
func eachBatch(b *data.Batcher, ds *data.Dataset, batch func(ds *data.Dataset, rows []int) error) error {
	b.Shuffle()
	for k := range b.Batches() {
		if err := batch(ds, b.Batch(k)); err != nil {
			return err
		}
	}
	return nil
}

// newTrainer sets up the training of net with the compiled graph tg,
// validated by ev; weights are the class weights, if any.
func newTrainer(net *Net, cfg Config, tg *graph, ev validator, weights []float64) *trainer {
	t := &trainer{
		net: net, cfg: cfg, graph: tg, eval: ev,
		solver: cfg.Solver(cfg.LearnRate),
		best:   net.Snapshot(nil),
		res:    &Result{ClassWeights: weights},
	}
	t.learned = net.params
	if cfg.FreezeTheta {
		t.learned = net.params[1:]
	}
	return t
}

func (t *trainer) run(ctx context.Context) error {
	step := &Step{Net: t.net, LearnRate: t.cfg.LearnRate, scaling: t.scaling}
	bestLoss := math.Inf(1)
	for epoch := 1; epoch <= t.cfg.Epochs; epoch++ {
		step.Epoch = epoch
		sum, batches := 0.0, 0
		err := t.epoch(func(ds *data.Dataset, rows []int) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			t.graph.load(ds, rows)
			if err := t.graph.run(); err != nil {
				return fmt.Errorf("model: %w", err)
			}
			step.Iter++
			step.Loss = t.graph.scalar(t.graph.loss)
			if math.IsNaN(step.Loss) || math.IsInf(step.Loss, 0) {
				data := t.graph.scalar(t.graph.data)
				return &DivergedError{Epoch: epoch, Iter: step.Iter, Loss: step.Loss, Penalty: !math.IsNaN(data) && !math.IsInf(data, 0)}
			}
			sum, batches = sum+step.Loss, batches+1
			if err := t.solver.Step(t.graph.learn); err != nil {
				return fmt.Errorf("model: solver: %w", err)
			}
			t.res.Steps++
			for _, h := range t.cfg.Hooks {
				if err := h.AfterStep(step); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		valLoss, valMetric, err := t.eval.evaluate()
		if err != nil {
			return err
		}
		if math.IsNaN(valLoss) || math.IsInf(valLoss, 0) {
			return &DivergedError{Epoch: epoch, Iter: step.Iter, Loss: valLoss}
		}
		t.res.History = append(t.res.History, Epoch{
			Epoch: epoch, TrainLoss: sum / float64(batches),
			ValLoss: valLoss, ValMetric: valMetric,
		})
		objective := valLoss
		if t.cfg.ValPenalty != nil {
			objective += t.cfg.ValPenalty(t.net)
		}
		if objective < bestLoss*(1-t.cfg.MinImprovement) {
			bestLoss, t.res.BestEpoch = objective, epoch
			t.best = t.net.Snapshot(t.best)
		} else if t.cfg.Patience > 0 && epoch-t.res.BestEpoch >= t.cfg.Patience {
			return nil
		}
	}
	return nil
}
