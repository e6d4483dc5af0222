package regularize

import (
	"fmt"
	"math"
	"slices"
	"strings"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/model"
)

// Methods names the selection methods, in the order of the package
// documentation.
var Methods = []string{"graph", "prox-adam", "decoupled", "ista"}

// Spec chooses a selection method and its settings.
type Spec struct {
	// Method is one of [Methods].
	Method string
	// Lambda is the L1 penalty strength λ.
	Lambda float64
	// Threshold, when > 0, zeroes |θ_j| < Threshold after every step,
	// after the method's own update.
	Threshold float64
}

// Validate reports an unknown method or a bad setting.
func (s Spec) Validate() error {
	switch {
	case !slices.Contains(Methods, s.Method):
		return fmt.Errorf("regularize: unknown method %q (want one of %s)", s.Method, strings.Join(Methods, ", "))
	case !(s.Lambda >= 0) || math.IsInf(s.Lambda, 0):
		return fmt.Errorf("regularize: Spec.Lambda must be >= 0, got %v", s.Lambda)
	case !(s.Threshold >= 0) || math.IsInf(s.Threshold, 0):
		return fmt.Errorf("regularize: Spec.Threshold must be >= 0, got %v", s.Threshold)
	}
	return nil
}

// Configure returns cfg set up to train with the method: the penalty node,
// the solver and the post-step hooks (appended after cfg's own hooks).
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
		cfg.Solver = func(lr float64) G.Solver { return &ProxAdam{LearnRate: lr, Lambda: s.Lambda} }
	case "decoupled":
		cfg.Hooks = append(cfg.Hooks, OnTheta(L1{s.Lambda}))
	case "ista":
		cfg.Solver = func(lr float64) G.Solver { return G.NewVanillaSolver(G.WithLearnRate(lr)) }
		cfg.Hooks = append(cfg.Hooks, OnTheta(L1{s.Lambda}))
	}
	if s.Threshold > 0 {
		cfg.Hooks = append(cfg.Hooks, OnTheta(Hard{s.Threshold}))
	}
	return cfg, nil
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
