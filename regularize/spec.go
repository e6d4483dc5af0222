package regularize

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/featsel/featsel/model"
)

// Spec chooses a selection method and its settings.
type Spec struct {
	// Method names a registered [Method] (see [Methods]); "" means
	// DefaultMethod.
	Method string
	// Lambda is the L1 penalty strength λ.
	Lambda float64
	// Threshold, when > 0, zeroes |θ_j| < Threshold after every step,
	// after the method's own update (methods that select through θ).
	Threshold float64
	// HierM is LassoNet's hierarchy constant M for "hier"; 0 means 10,
	// LassoNet's default.
	HierM float64
	// Extra holds the settings of registered methods that have no field
	// here, by Setting.Key; a missing one means its default.
	Extra map[string]float64
}

// method returns the registered method, or an error naming the known ones.
func (s Spec) method() (Method, error) { return Lookup(cmp.Or(s.Method, DefaultMethod)) }

// mustMethod returns the method of a Spec whose method is registered; the
// methods of Spec that do not return an error call it, and so need a valid
// Spec (see Validate).
func (s Spec) mustMethod() Method {
	m, err := s.method()
	if err != nil {
		panic("regularize: Spec.Method is not a registered method (check Spec.Validate)")
	}
	return m
}

// Validate reports an unknown method or a bad setting.
func (s Spec) Validate() error {
	m, err := s.method()
	if err != nil {
		return err
	}
	switch {
	case !(s.Lambda >= 0) || math.IsInf(s.Lambda, 0):
		return fmt.Errorf("regularize: Spec.Lambda must be >= 0, got %v", s.Lambda)
	case !(s.Threshold >= 0) || math.IsInf(s.Threshold, 0):
		return fmt.Errorf("regularize: Spec.Threshold must be >= 0, got %v", s.Threshold)
	case s.Threshold > 0 && !m.Theta:
		return fmt.Errorf("regularize: Spec.Threshold acts on θ, which %s does not train", s.Method)
	}
	for _, st := range AllSettings() {
		if v := st.get(s); !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("regularize: the setting %s must be >= 0 (0: %g), got %v", st.Key, st.Default, v)
		}
	}
	return nil
}

// DefaultLambda returns a λ of the right scale for the method on a
// standardised dataset, for a network with the given hidden widths and
// number of outputs (see [Method].Lambda): the first layer after the input
// sets the scale.
func (s Spec) DefaultLambda(hidden []int, outputs int) float64 {
	width := outputs
	if len(hidden) > 0 {
		width = hidden[0]
	}
	return s.mustMethod().DefaultLambda(width, s)
}

// DefaultLearnRate returns the learning rate that suits the method.
func (s Spec) DefaultLearnRate() float64 { return s.mustMethod().DefaultLearnRate }

// Architecture returns the method's standard network with the given
// hidden widths.
func (s Spec) Architecture(hidden []int) model.Architecture {
	if m := s.mustMethod(); m.Architecture != nil {
		return m.Architecture(hidden)
	}
	return model.MLP{Hidden: hidden}
}

// Configure returns cfg set up to train net (or a network of the same
// architecture) with the method: the penalty node, the solver and the
// post-step operators, which run after cfg's own hooks, the threshold
// last. The operators keep scratch space: the result serves one Train call
// at a time.
func (s Spec) Configure(net *model.Net, cfg model.Config) (model.Config, error) {
	if err := s.Validate(); err != nil {
		return cfg, err
	}
	cfg.Hooks, cfg.Lambda = slices.Clone(cfg.Hooks), 0
	if err := s.mustMethod().Configure(s, net, &cfg); err != nil {
		return cfg, err
	}
	if s.Threshold > 0 {
		cfg.Hooks = append(cfg.Hooks, OnTheta(Hard{s.Threshold}))
	}
	return cfg, nil
}

// Weights returns, for each unit (a column of the file: a category's
// one-hot block is one unit), the quantity whose being non-zero (or, for a
// method that hovers, above the tolerance) selects it: |θ_u| for the
// θ-based methods, the norm of the unit's rows of W₁ for group, and of the
// skip layer for hier. [Spec.WeightMeaning] names it.
func (s Spec) Weights(net *model.Net) []float64 {
	if m := s.mustMethod(); m.Weights != nil {
		return m.Weights(net)
	}
	return slices.Clone(net.Theta())
}

// WeightMeaning says what [Spec.Weights] returns.
func (s Spec) WeightMeaning() string { return s.mustMethod().WeightMeaning }

// Hovers reports whether unused weights hover near zero instead of
// reaching it: a method that Hovers, without a threshold.
func (s Spec) Hovers() bool { return s.mustMethod().Hovers && s.Threshold == 0 }

// SelectionTolerance returns the |weight| a feature must exceed to count
// as selected. The proximal methods set unused weights to exactly zero, so
// any non-zero weight counts (tolerance 0). Graph-level L1 with Adam leaves
// them hovering in a band about one learning rate wide (see the package
// documentation), so for a method that hovers the tolerance is
// 2·learnRate.
func (s Spec) SelectionTolerance(learnRate float64) float64 {
	if s.Hovers() {
		return HoverBand(learnRate)
	}
	return 0
}

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

// SettingValues returns the values of the method's own settings, by key,
// with their defaults applied; nil when it has none.
func (s Spec) SettingValues() map[string]float64 {
	m := s.mustMethod()
	if len(m.Settings) == 0 {
		return nil
	}
	out := make(map[string]float64, len(m.Settings))
	for _, st := range m.Settings {
		out[st.Key] = st.Value(s)
	}
	return out
}

// mlpLayer returns a layer of net's architecture, which must be a
// model.MLP: the first layer or the skip layer, which group and hier act
// on.
func mlpLayer(net *model.Net, method string, layer func(model.MLP, *model.Net) *model.Param) (*model.Param, error) {
	mlp, ok := net.Architecture().(model.MLP)
	if !ok {
		return nil, fmt.Errorf("regularize: %s acts on the layers of a model.MLP; the network's architecture is %T", method, net.Architecture())
	}
	p := layer(mlp, net)
	if p == nil {
		return nil, fmt.Errorf("regularize: %s needs the network built by Spec.Architecture (a model.MLP with the layer it acts on)", method)
	}
	return p, nil
}

// netLayers finds the layers a post-step operator acts on in the network
// it is trained with, and keeps them while that network stays the same.
type netLayers struct {
	net    *model.Net
	params []*model.Param
}

// of returns the layers of net, looking them up when net is new.
func (l *netLayers) of(net *model.Net, method string, layers ...func(model.MLP, *model.Net) *model.Param) ([]*model.Param, error) {
	if net == l.net {
		return l.params, nil
	}
	ps := make([]*model.Param, len(layers))
	for i, layer := range layers {
		p, err := mlpLayer(net, method, layer)
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	l.net, l.params = net, ps
	return ps, nil
}

// unitNorms returns the Euclidean norm of each unit's rows of a [rows ×
// cols] parameter with one row per feature (widths: the features of each
// unit, consecutive; see model.Net.UnitWidths).
func unitNorms(p *model.Param, widths []int) []float64 {
	cols := p.Value.Shape()[1]
	w := p.Data()
	norms := make([]float64, len(widths))
	from := 0
	for u, width := range widths {
		for _, x := range w[from*cols : (from+width)*cols] {
			norms[u] += x * x
		}
		norms[u] = math.Sqrt(norms[u])
		from += width
	}
	return norms
}

// penalty returns Σ_u weights_u·|w_u|, the penalty of the unit weights w
// (Spec.Weights) divided by λ; weights nil means every weight 1.
func penalty(w, weights []float64) float64 {
	s := 0.0
	for u, x := range w {
		if weights != nil {
			x *= weights[u]
		}
		s += math.Abs(x)
	}
	return s
}
