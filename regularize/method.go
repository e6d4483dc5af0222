package regularize

import (
	"fmt"
	"math"
	"slices"
	"strings"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/model"
)

// Methods returns the names of the selection methods, in the order of the
// package documentation.
func Methods() []string {
	return []string{"graph", "prox-adam", "decoupled", "ista", "group", "hier"}
}

// Spec chooses a selection method and its settings.
type Spec struct {
	// Method is one of [Methods].
	Method string
	// Lambda is the L1 penalty strength λ.
	Lambda float64
	// Threshold, when > 0, zeroes |θ_j| < Threshold after every step,
	// after the method's own update (θ-based methods only).
	Threshold float64
	// HierM is LassoNet's hierarchy constant M for "hier"; 0 means 10,
	// LassoNet's default.
	HierM float64
}

// hierM returns M with its default.
func (s Spec) hierM() float64 {
	if s.HierM == 0 {
		return 10
	}
	return s.HierM
}

// selectsWithTheta reports whether the method selects through θ (the
// others freeze θ and select through first-layer or skip weights).
func (s Spec) selectsWithTheta() bool { return s.Method != "group" && s.Method != "hier" }

// Validate reports an unknown method or a bad setting.
func (s Spec) Validate() error {
	switch {
	case !slices.Contains(Methods(), s.Method):
		return fmt.Errorf("regularize: unknown method %q (want one of %s)", s.Method, strings.Join(Methods(), ", "))
	case !(s.Lambda >= 0) || math.IsInf(s.Lambda, 0):
		return fmt.Errorf("regularize: Spec.Lambda must be >= 0, got %v", s.Lambda)
	case !(s.Threshold >= 0) || math.IsInf(s.Threshold, 0):
		return fmt.Errorf("regularize: Spec.Threshold must be >= 0, got %v", s.Threshold)
	case s.Threshold > 0 && !s.selectsWithTheta():
		return fmt.Errorf("regularize: Spec.Threshold acts on θ, which %s does not train", s.Method)
	case !(s.HierM >= 0) || math.IsInf(s.HierM, 0):
		return fmt.Errorf("regularize: Spec.HierM must be >= 0, got %v", s.HierM)
	}
	return nil
}

// Architecture returns the standard network for the method with the given
// hidden widths: model.MLP, with W₁ left free for group (its rows are the
// penalised weights), and for hier LassoNet's own network: a skip layer
// and no normalisation (the penalty is on the skip layer, which no
// rescaling of the other layers can shrink).
func (s Spec) Architecture(hidden []int) model.Architecture {
	switch s.Method {
	case "group":
		return model.MLP{Hidden: hidden, FreeFirstLayer: true}
	case "hier":
		return model.MLP{Hidden: hidden, Free: true, Skip: true}
	}
	return model.MLP{Hidden: hidden}
}

// Configure returns cfg set up to train with the method: the penalty node,
// the solver and the post-step hooks (appended after cfg's own hooks).
// The hooks keep scratch space: the result serves one Train call at a time.
func (s Spec) Configure(cfg model.Config) (model.Config, error) {
	if err := s.Validate(); err != nil {
		return cfg, err
	}
	cfg.Hooks = slices.Clone(cfg.Hooks)
	cfg.Lambda = 0
	switch s.Method {
	case "graph":
		cfg.Lambda = s.Lambda
	case "prox-adam":
		cfg.Solver = func(lr float64) G.Solver { return NewProxAdam(lr, s.Lambda) }
	case "decoupled":
		cfg.Hooks = append(cfg.Hooks, OnTheta(L1{s.Lambda}))
	case "ista":
		cfg.Solver = func(lr float64) G.Solver { return G.NewVanillaSolver(G.WithLearnRate(lr)) }
		cfg.Hooks = append(cfg.Hooks, OnTheta(L1{s.Lambda}))
	case "group":
		cfg.FreezeTheta = true
		cfg.Hooks = append(cfg.Hooks, groupRows{s.Lambda})
	case "hier":
		cfg.FreezeTheta = true
		cfg.Hooks = append(cfg.Hooks, &hierarchy{lambda: s.Lambda, m: s.hierM()})
	}
	if s.Threshold > 0 {
		cfg.Hooks = append(cfg.Hooks, OnTheta(Hard{s.Threshold}))
	}
	return cfg, nil
}

// Weights returns, for each feature, the quantity whose being non-zero (or,
// for graph, above the tolerance) selects it: |θ_j| for the θ-based
// methods, the norm of feature j's row of W₁ for group, and of the skip
// layer for hier. [Spec.WeightMeaning] names it.
func (s Spec) Weights(net *model.Net) []float64 {
	switch s.Method {
	case "group":
		return rowNorms(net.Param(FirstLayer))
	case "hier":
		return rowNorms(net.Param(SkipLayer))
	}
	return slices.Clone(net.Theta())
}

// WeightMeaning says what [Spec.Weights] returns.
func (s Spec) WeightMeaning() string {
	switch s.Method {
	case "group":
		return "norm of the feature's first-layer weights (row of w1)"
	case "hier":
		return "norm of the feature's skip-layer weights (LassoNet's residual layer)"
	}
	return "theta, the selection-layer weight"
}

// rowNorms returns the Euclidean norm of each row of a [rows × cols]
// parameter.
func rowNorms(p *model.Param) []float64 {
	cols := p.Value.Shape()[1]
	w := p.Data()
	norms := make([]float64, len(w)/cols)
	for j := range norms {
		for _, x := range w[j*cols : (j+1)*cols] {
			norms[j] += x * x
		}
		norms[j] = math.Sqrt(norms[j])
	}
	return norms
}

// groupRows is the hook of the "group" method: after every step, the block
// soft threshold with lr·λ on each feature's row of W₁.
type groupRows struct{ lambda float64 }

func (g groupRows) AfterStep(s *model.Step) error {
	w1 := s.Net.Param(FirstLayer)
	if w1 == nil {
		return fmt.Errorf("regularize: group needs a parameter %q with one row per feature (model.MLP)", FirstLayer)
	}
	Group{Lambda: g.lambda, Size: w1.Value.Shape()[1]}.Prox(w1.Data(), s.LearnRate)
	return nil
}

// SelectionTolerance returns the |θ_j| a feature must exceed to count as
// selected. The proximal methods set unused weights to exactly zero, so
// any non-zero weight counts (tolerance 0). Graph-level L1 with Adam leaves
// them hovering in a band about one learning rate wide (see the package
// documentation), so for "graph" without a threshold the tolerance is
// 2·learnRate.
func (s Spec) SelectionTolerance(learnRate float64) float64 {
	if s.Method == "graph" && s.Threshold == 0 {
		return 2 * learnRate
	}
	return 0
}

// The parameter names of model.MLP that group and hier act on.
const (
	FirstLayer = "w1"
	SkipLayer  = "skip"
)

// Selected says, for each weight of Spec.Weights, whether it selects its
// feature: |w| above SelectionTolerance(learnRate).
func (s Spec) Selected(weights []float64, learnRate float64) []bool {
	tol := s.SelectionTolerance(learnRate)
	mask := make([]bool, len(weights))
	for j, w := range weights {
		mask[j] = math.Abs(w) > tol
	}
	return mask
}
