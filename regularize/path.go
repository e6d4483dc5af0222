package regularize

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// PathConfig sets up a regularisation path.
type PathConfig struct {
	// Spec names the method (its Lambda is ignored) and its settings.
	Spec   Spec
	Hidden []int
	// Architecture, when set, replaces Spec.Architecture(Hidden).
	Architecture model.Architecture
	// Base is the training configuration of every λ: learning rate
	// (0 means Spec.DefaultLearnRate), batch size, batch-order seed,
	// Epochs as the most epochs per λ (0 means 1000), Patience, the
	// epochs without a better validation objective (loss + λ·Σ|weights|)
	// after which a λ is done (0 means 10), and MinImprovement, the
	// relative decrease that counts as better (0 means 0.01, LassoNet's).
	// Each λ goes on from its best epoch's weights, or with KeepLast (or
	// a method whose PathKeepsLast) from its last epoch's.
	// A survival path in memory with BatchSize 0 (every training row in
	// a step) defaults instead to DefaultSurvivalLearnRate and
	// DefaultSurvivalPatience.
	Base model.Config
	// InitSeed seeds the initial weights.
	InitSeed uint64
	// Lambdas, when not empty, is the λ sequence to follow (cross-
	// validation and stability selection reuse one path's sequence);
	// otherwise it is chosen as below.
	Lambdas []float64
	// Start is the first λ; 0 means Spec.DefaultLambda/100, lowered
	// tenfold while features already leave at the first λ.
	Start float64
	// Multiplier is the ratio of successive λ once the first feature has
	// left; 0 means 1.05. Before that, λ doubles. With K, it is the
	// smallest ratio (see MaxMultiplier).
	Multiplier float64
	// MaxMultiplier, with K, bounds the ratio of successive λ while many
	// more than K features remain: each step aims to remove a tenth
	// (KStepShare) of the features above K, at the rate at which they left
	// over the last five steps, growing λ by between Multiplier and
	// MaxMultiplier. 0 means 2, or Multiplier for a method whose
	// PathEvenSteps (hier); Multiplier or less keeps every step at
	// Multiplier. Without K every step is Multiplier: the whole path then
	// counts, for the choice of λ and the order in which features leave.
	MaxMultiplier float64
	// MaxLambdas bounds the number of λ values; 0 means 1000.
	MaxLambdas int
	// K, when > 0, makes sure the path has a point with exactly K
	// selected features where it can: where a step goes from more than K
	// to fewer, λ is refined between the two (bisection on log λ, each
	// try warm-started from the point before) until K remain, at most
	// MaxRefinements times. The refined points join the path, and the
	// path stops at its first point with fewer than K: no point past it
	// is one a choice of K features takes.
	K int

	// track receives the path's points (Select's progress); part marks
	// the path of a fold or a subsample, whose points are not the main
	// path's.
	track *tracker
	part  bool
}

// MaxRefinements bounds the tries of PathConfig.K between two points.
const MaxRefinements = 20

// KStepShare is the share of the features above PathConfig.K that a step
// of λ aims to remove (see PathConfig.MaxMultiplier).
const KStepShare = 0.1

// The defaults of a path, which PathConfig's zero values mean.
const (
	DefaultMultiplier     = 1.05
	DefaultMaxMultiplier  = 2.0
	DefaultMaxLambdas     = 1000
	DefaultPathEpochs     = 1000 // the most epochs per λ
	DefaultPatience       = 10
	DefaultMinImprovement = 0.01 // LassoNet's
)

// The defaults of a survival path whose steps take every training row
// (the default batch of a Cox loss, which needs the data's risk sets):
// there an epoch is a single step, so that Adam's usual step
// (model.DefaultLearnRate) and ten epochs of patience stop a λ after ten
// small steps. A larger step and a longer patience fit each λ further,
// and the chosen models scored better on held-out rows of pbc and lung
// (README, Time to an event).
const (
	DefaultSurvivalLearnRate = 0.01 // for a method whose own default is model.DefaultLearnRate
	DefaultSurvivalPatience  = 30
)

func (c PathConfig) withDefaults(shape *data.Dataset) (PathConfig, error) {
	outputs := shape.Outputs()
	fullBatch := shape.Task == data.Survival && c.Base.BatchSize == 0
	if err := c.Spec.Validate(); err != nil {
		return c, err
	}
	switch {
	case !(c.Start >= 0) || math.IsInf(c.Start, 0):
		return c, fmt.Errorf("regularize: PathConfig.Start must be >= 0, got %v", c.Start)
	case c.Multiplier != 0 && (!(c.Multiplier > 1) || math.IsInf(c.Multiplier, 0)):
		return c, fmt.Errorf("regularize: PathConfig.Multiplier must be > 1, got %v", c.Multiplier)
	case c.MaxMultiplier != 0 && (!(c.MaxMultiplier > 1) || math.IsInf(c.MaxMultiplier, 0)):
		return c, fmt.Errorf("regularize: PathConfig.MaxMultiplier must be > 1, got %v", c.MaxMultiplier)
	case c.MaxLambdas < 0:
		return c, fmt.Errorf("regularize: PathConfig.MaxLambdas must be >= 0, got %d", c.MaxLambdas)
	case c.K < 0:
		return c, fmt.Errorf("regularize: PathConfig.K must be >= 0, got %d", c.K)
	}
	if c.Base.LearnRate == 0 {
		c.Base.LearnRate = c.Spec.DefaultLearnRate()
		if fullBatch && c.Base.LearnRate == model.DefaultLearnRate {
			c.Base.LearnRate = DefaultSurvivalLearnRate
		}
	}
	if c.Base.Epochs == 0 {
		c.Base.Epochs = DefaultPathEpochs
	}
	if c.Base.Patience == 0 {
		c.Base.Patience = DefaultPatience
		if fullBatch {
			c.Base.Patience = DefaultSurvivalPatience
		}
	}
	if c.Base.MinImprovement == 0 {
		c.Base.MinImprovement = DefaultMinImprovement
	}
	if c.Start == 0 {
		c.Start = c.Spec.DefaultLambda(c.Hidden, outputs) / 100
	}
	if c.Multiplier == 0 {
		c.Multiplier = DefaultMultiplier
	}
	if c.MaxMultiplier == 0 {
		c.MaxMultiplier = DefaultMaxMultiplier
		if c.Spec.mustMethod().PathEvenSteps {
			c.MaxMultiplier = c.Multiplier
		}
	}
	if c.MaxLambdas == 0 {
		c.MaxLambdas = DefaultMaxLambdas
	}
	return c, nil
}

// architecture returns the network of the path.
func (c PathConfig) architecture() model.Architecture {
	if c.Architecture != nil {
		return c.Architecture
	}
	return c.Spec.Architecture(c.Hidden)
}

// PathPoint is the model at one λ of a path.
type PathPoint struct {
	Lambda float64
	// Weights are the per-feature selection weights (Spec.Weights), and
	// Mask says which features they select; Selected counts them.
	Weights  []float64
	Mask     []bool
	Selected int
	// ValLoss, ValMetric and ValMetricSE evaluate the model on the
	// validation rows (see model.Result).
	ValLoss, ValMetric, ValMetricSE float64
	// ValBalancedAccuracy is the balanced accuracy on the validation rows
	// when the loss weighed the classes (model.Config.BalanceClasses),
	// and Balanced says that it did.
	ValBalancedAccuracy float64
	Balanced            bool
	Epochs              int
}

// PathResult is a regularisation path, dense model first.
type PathResult struct {
	// Points holds the dense model (λ = 0) and then one point per λ.
	Points []PathPoint
	// Left is, for each feature, the λ at which it left the model for
	// good (LassoNet's feature importance); +Inf when it never left.
	Left []float64
	// Best is the index of the point with the best validation metric
	// (glmnet's lambda.min); OneSE that of the largest λ whose metric is
	// within one standard error of the best (glmnet's lambda.1se; the
	// standard error of the best point's metric over validation rows: see
	// model.Result).
	Best, OneSE int
	// SearchSteps counts the λ values tried before the first feature left,
	// including restarts from a lower start; Refinements the points added
	// between two others to reach PathConfig.K.
	SearchSteps, Refinements int
	// Epochs is the total number of epochs trained.
	Epochs int
}

// Path computes the regularisation path of a method: the dense model
// (λ = 0), then a geometric sequence of λ (with PathConfig.K, of steps
// between Multiplier and MaxMultiplier), each warm-started from the
// previous solution and trained until the validation objective stops
// improving, until no feature is left (with PathConfig.K, fewer than K)
// or MaxLambdas is reached. On
// cancellation or divergence it returns the points so far with the error.
func Path(ctx context.Context, train, val *data.Dataset, cfg PathConfig) (*PathResult, error) {
	return path(ctx, train, cfg, func(ctx context.Context, net *model.Net, mc model.Config) (*model.Result, error) {
		return model.Train(ctx, net, train, val, mc)
	})
}

// trainer trains a network with a configuration on the data of a run.
type trainer func(ctx context.Context, net *model.Net, mc model.Config) (*model.Result, error)

// path is Path on the data that train trains on, shaped like shape.
func path(ctx context.Context, shape *data.Dataset, cfg PathConfig, train trainer) (*PathResult, error) {
	cfg, err := cfg.withDefaults(shape)
	if err != nil {
		return nil, err
	}
	net, err := model.New(shape, cfg.architecture(), rand.New(rand.NewPCG(cfg.InitSeed, 2)))
	if err != nil {
		return nil, err
	}
	p := &pather{cfg: cfg, net: net, train: train, res: &PathResult{}}
	err = p.run(ctx)
	p.res.finish()
	return p.res, err
}

// pather holds the state of one Path call.
type pather struct {
	cfg   PathConfig
	net   *model.Net
	train trainer
	res   *PathResult
}

// fit trains the network at λ, warm-started, and records the point.
func (p *pather) fit(ctx context.Context, lambda float64) (PathPoint, error) {
	spec := p.cfg.Spec
	spec.Lambda = lambda
	base := p.cfg.Base
	base.KeepLast = base.KeepLast || spec.mustMethod().PathKeepsLast
	base.ValPenalty = func(n *model.Net) float64 {
		return lambda * penalty(spec.Weights(n), n.PenaltyWeights())
	}
	mc, err := spec.Configure(p.net, base)
	if err != nil {
		return PathPoint{}, err
	}
	res, err := p.train(ctx, p.net, mc)
	if res == nil {
		return PathPoint{}, err
	}
	pt := PathPoint{
		Lambda: lambda, Weights: spec.Weights(p.net),
		ValLoss: res.ValLoss, ValMetric: res.ValMetric, ValMetricSE: res.ValMetricSE,
		ValBalancedAccuracy: res.ValBalancedAccuracy, Balanced: res.ClassWeights != nil,
		Epochs: len(res.History),
	}
	pt.Mask = spec.Selected(pt.Weights, base.LearnRate)
	for _, sel := range pt.Mask {
		if sel {
			pt.Selected++
		}
	}
	p.res.Epochs += pt.Epochs
	p.cfg.track.point(!p.cfg.part, pt)
	return pt, err
}

func (p *pather) run(ctx context.Context) error {
	dense, err := p.fit(ctx, 0)
	if err != nil {
		return err
	}
	p.res.Points = append(p.res.Points, dense)
	if len(p.cfg.Lambdas) > 0 {
		for _, l := range p.cfg.Lambdas {
			if err := p.add(ctx, l); err != nil {
				return err
			}
		}
		return nil
	}
	lambda, err := p.start(ctx, dense)
	if err != nil {
		return err
	}
	for len(p.res.Points) <= p.cfg.MaxLambdas && p.res.Points[len(p.res.Points)-1].Selected > 0 &&
		!(p.cfg.K > 0 && p.res.Points[len(p.res.Points)-1].Selected < p.cfg.K) {
		lambda *= p.ratio()
		if err := p.add(ctx, lambda); err != nil {
			return err
		}
	}
	return nil
}

// ratio returns the ratio of the next λ to the last (see
// PathConfig.MaxMultiplier).
func (p *pather) ratio() float64 {
	lo, hi := p.cfg.Multiplier, max(p.cfg.MaxMultiplier, p.cfg.Multiplier)
	n := len(p.res.Points)
	b, a := p.res.Points[n-1], p.res.Points[max(n-6, 1)]
	if p.cfg.K == 0 || !(a.Lambda > 0 && b.Lambda > a.Lambda) || b.Selected <= p.cfg.K {
		return lo
	}
	// The features leave as λ^-rate; the next step removes the share
	// of those above K at that rate.
	rate := math.Log(float64(a.Selected)/float64(b.Selected)) / math.Log(b.Lambda/a.Lambda)
	if !(rate > 0) { // none left on balance (counts rise as well as fall): the longest step
		return hi
	}
	next := float64(b.Selected) - KStepShare*float64(b.Selected-p.cfg.K)
	return min(max(math.Pow(float64(b.Selected)/next, 1/rate), lo), hi)
}

// add fits λ and appends the point.
func (p *pather) add(ctx context.Context, lambda float64) error {
	var before [][]float64
	if p.cfg.K > 0 {
		before = p.net.Snapshot(nil)
	}
	pt, err := p.fit(ctx, lambda)
	if pt.Weights == nil {
		return err
	}
	if err != nil {
		p.res.Points = append(p.res.Points, pt)
		return err
	}
	return p.push(ctx, pt, before)
}

// push appends a point fitted from the network state before; where the
// step from the previous point went over PathConfig.K, it refines λ
// between the two and then restores the state of the point appended.
func (p *pather) push(ctx context.Context, pt PathPoint, before [][]float64) error {
	p.res.Points = append(p.res.Points, pt)
	n := len(p.res.Points)
	if p.cfg.K == 0 || n < 2 || !(p.res.Points[n-2].Selected > p.cfg.K && pt.Selected < p.cfg.K) {
		return nil
	}
	after := p.net.Snapshot(nil)
	defer p.net.Restore(after)
	lo, hi := p.res.Points[n-2].Lambda, pt.Lambda
	if lo == 0 { // from the dense model: the doubling's previous λ
		lo = hi / 2
	}
	// Every try starts from the settled state of the point before, not
	// from a try's: a try at λ just above another, from its unsettled
	// state, drops more features than the path would.
	for range MaxRefinements {
		if hi/lo < 1+1e-3 {
			return nil
		}
		mid := math.Sqrt(lo * hi)
		p.net.Restore(before)
		q, err := p.fit(ctx, mid)
		if q.Weights == nil {
			return err
		}
		// Into its place, before the point that went over K.
		at := len(p.res.Points) - 1
		for at > 0 && p.res.Points[at-1].Lambda > mid {
			at--
		}
		p.res.Points = slices.Insert(p.res.Points, at, q)
		p.res.Refinements++
		switch {
		case err != nil:
			return err
		case q.Selected == p.cfg.K:
			return nil
		case q.Selected > p.cfg.K:
			lo = mid
		default:
			hi = mid
		}
	}
	return nil
}

// start finds where features begin to leave: from Start, lowered tenfold
// (from the dense weights again) while a feature leaves at once, then
// doubled until the first one leaves. It returns the λ of the last point
// added, which is the first with fewer features than the dense model.
func (p *pather) start(ctx context.Context, dense PathPoint) (float64, error) {
	// At most this many tenfold restarts: a start 10⁻⁷ times the method's
	// scale that still removes features means the dense model holds
	// useless ones, and the path may as well begin there.
	const maxRestarts = 7
	snapshot := p.net.Snapshot(nil)
	lambda := p.cfg.Start
	for {
		pt, err := p.fit(ctx, lambda)
		p.res.SearchSteps++
		if err != nil {
			return 0, err
		}
		if pt.Selected < dense.Selected && p.res.SearchSteps <= maxRestarts {
			p.net.Restore(snapshot)
			lambda /= 10
			continue
		}
		if err := p.push(ctx, pt, snapshot); err != nil {
			return 0, err
		}
		break
	}
	for p.res.Points[len(p.res.Points)-1].Selected >= dense.Selected && len(p.res.Points) <= p.cfg.MaxLambdas {
		lambda *= 2
		p.res.SearchSteps++
		if err := p.add(ctx, lambda); err != nil {
			return 0, err
		}
	}
	return lambda, nil
}

// Lambdas returns the path's λ values after the dense model.
func (r *PathResult) Lambdas() []float64 {
	var lambdas []float64
	for _, pt := range r.Points[1:] {
		lambdas = append(lambdas, pt.Lambda)
	}
	return lambdas
}

// finish derives the importances and the chosen points.
func (r *PathResult) finish() {
	if len(r.Points) == 0 {
		return
	}
	d := len(r.Points[0].Weights)
	r.Left = make([]float64, d)
	for j := range d {
		r.Left[j] = math.Inf(1)
		for k := len(r.Points) - 1; k >= 0; k-- {
			if r.Points[k].Mask[j] {
				if k+1 < len(r.Points) {
					r.Left[j] = r.Points[k+1].Lambda
				}
				break
			}
			if k == 0 {
				r.Left[j] = 0
			}
		}
	}
	r.Best, r.OneSE = chooseLambda(r.Points)
}

// chooseLambda returns the index of the best validation metric and of the
// largest λ within one standard error of it (see choose).
func chooseLambda(points []PathPoint) (best, oneSE int) {
	c := make([]curvePoint, len(points))
	for k, pt := range points {
		c[k] = curvePoint{pt.ValMetric, pt.ValMetricSE, pt.ValLoss}
	}
	return choose(c)
}

// curvePoint is a validation curve at one λ: the metric, its standard
// error and the loss.
type curvePoint struct{ metric, se, loss float64 }

// choose returns the point with the best metric (ties go to the lower
// loss, then, as in glmnet, to the larger λ), glmnet's lambda.min, and the point of the largest λ (the points
// are in increasing λ) whose metric is within one standard error (that of
// the best point) of the best, glmnet's lambda.1se. Points whose metric is
// not a number (an R² on rows with a constant target) are passed over.
func choose(c []curvePoint) (best, oneSE int) {
	for best < len(c)-1 && math.IsNaN(c[best].metric) {
		best++
	}
	for k, p := range c {
		if p.metric > c[best].metric || p.metric == c[best].metric && p.loss <= c[best].loss {
			best = k
		}
	}
	floor := c[best].metric
	if se := c[best].se; !math.IsNaN(se) {
		floor -= se
	}
	oneSE = best
	for k, p := range c {
		if k > oneSE && p.metric >= floor {
			oneSE = k
		}
	}
	return best, oneSE
}
