package regularize

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/featsel/featsel/model"
)

// The methods a run uses when it names none: prox-adam, the default choice
// for selection, and graph, the plain framework's way, for single runs
// that show the hover band and as the baseline of comparisons.
const (
	DefaultMethod  = "prox-adam"
	BaselineMethod = "graph"
)

// Method is a selection method: everything featsel knows about it is in
// this one value, so that a method is one file (graph.go, proxadam.go, …)
// and the command's help, the comparison's list and the validation of a
// [Spec] all come from the registry.
type Method struct {
	// Name is what --method and Spec.Method call it.
	Name string
	// Help describes the method in a line or two for flag help.
	Help string
	// DefaultLearnRate is the learning rate that suits the method's
	// solver, for runs that set none.
	DefaultLearnRate float64
	// DefaultLambda returns a λ of the right scale for a standardised
	// dataset, for runs that set none, given the width of the first layer
	// after the input. The methods measure λ in different units (see the
	// package documentation).
	DefaultLambda func(width int, s Spec) float64
	// Theta says that the method selects through θ, so that a threshold
	// (Spec.Threshold) can act on it.
	Theta bool
	// Hovers says that the method leaves unused weights hovering in a
	// band about one learning rate wide instead of at zero: a feature
	// then counts as selected when its weight exceeds 2·lr.
	Hovers bool
	// WeightMeaning says what Weights returns.
	WeightMeaning string
	// Settings are the method's own numeric settings beside λ.
	Settings []Setting
	// Architecture returns the method's standard network for the given
	// hidden widths; nil means model.MLP{Hidden: hidden}.
	Architecture func(hidden []int) model.Architecture
	// Configure sets cfg up to train net with s: the graph's penalty, the
	// solver, and the post-step operators, which it appends to cfg.Hooks
	// (after the caller's own, which are there already).
	Configure func(s Spec, net *model.Net, cfg *model.Config) error
	// Weights returns, for each feature (a unit of net: a category's
	// block is one), the weight whose being non-zero
	// (or above 2·lr, for a method that Hovers) selects it, or nil when
	// net lacks what the method acts on; nil Weights means θ.
	Weights func(net *model.Net) []float64
	// PathKeepsLast says that each λ of a path ends on the weights of its
	// last epoch rather than its best epoch's (model.Config.KeepLast), as
	// LassoNet's path does: a warm start then carries on from where the
	// operator left the weights.
	PathKeepsLast bool
	// PathEvenSteps says that the method's path needs every step of λ at
	// PathConfig.Multiplier on the way to K too: its default
	// PathConfig.MaxMultiplier is the Multiplier.
	PathEvenSteps bool

	rank int // the built-in methods' place in the documented order
}

// Setting is a method's own numeric setting, such as hier's M. Its value
// must be > 0; in a Spec, 0 means Default.
type Setting struct {
	// Flag names the command-line flag; Key the report's JSON key.
	Flag, Key, Help string
	Default         float64
	// Get returns the value in s (0 when unset) and Set stores it; nil
	// means Spec.Extra[Key] (a setting without a field of its own in
	// Spec, as a registered method's are).
	Get func(s Spec) float64
	Set func(s *Spec, v float64)
}

// get reads the setting in a Spec.
func (st Setting) get(s Spec) float64 {
	if st.Get == nil {
		return s.Extra[st.Key]
	}
	return st.Get(s)
}

// Store stores v as the setting's value in s.
func (st Setting) Store(s *Spec, v float64) {
	if st.Set != nil {
		st.Set(s, v)
		return
	}
	if s.Extra == nil {
		s.Extra = map[string]float64{}
	}
	s.Extra[st.Key] = v
}

// Value returns the setting's value in s, its default when unset.
func (st Setting) Value(s Spec) float64 { return cmp.Or(st.get(s), st.Default) }

var (
	registryMu sync.RWMutex
	registry   []*Method
)

// Register adds a method; its Name must be new, Configure,
// DefaultLambda and WeightMeaning set, DefaultLearnRate > 0, and its
// settings' flags and keys new. Built-in methods register themselves; a
// program registers its own before using it by name.
func Register(m Method) error {
	switch {
	case m.Name == "":
		return errors.New("regularize: Register: Method.Name is empty")
	case m.Configure == nil || m.WeightMeaning == "":
		return fmt.Errorf("regularize: Register: method %q needs Configure and WeightMeaning", m.Name)
	case m.DefaultLambda == nil || !(m.DefaultLearnRate > 0):
		return fmt.Errorf("regularize: Register: method %q needs DefaultLambda and a DefaultLearnRate > 0", m.Name)
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if slices.ContainsFunc(registry, func(o *Method) bool { return o.Name == m.Name }) {
		return fmt.Errorf("regularize: Register: method %q exists", m.Name)
	}
	for _, st := range m.Settings {
		if st.Flag == "" || st.Key == "" || !(st.Default > 0) {
			return fmt.Errorf("regularize: Register: method %q: a setting needs a Flag, a Key and a Default > 0", m.Name)
		}
		for _, o := range registry {
			for _, ot := range o.Settings {
				if ot.Flag == st.Flag || ot.Key == st.Key {
					return fmt.Errorf("regularize: Register: method %q: setting %s/%s is %q's", m.Name, st.Flag, st.Key, o.Name)
				}
			}
		}
	}
	if m.rank == 0 {
		m.rank = len(registry) + 1000
	}
	registry = append(registry, &m)
	slices.SortStableFunc(registry, func(a, b *Method) int { return cmp.Compare(a.rank, b.rank) })
	return nil
}

// register adds a built-in method at its place in the documented order.
func register(rank int, m Method) {
	m.rank = rank
	if err := Register(m); err != nil {
		panic(err)
	}
}

// Methods returns the names of the registered methods, the built-in ones
// in the order of the package documentation.
func Methods() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return namesLocked()
}

// Lookup returns a copy of the method of that name.
func Lookup(name string) (Method, error) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	for _, m := range registry {
		if m.Name == name {
			return *m, nil
		}
	}
	return Method{}, fmt.Errorf("regularize: unknown method %q (want one of %s)", name, strings.Join(namesLocked(), ", "))
}

func namesLocked() []string {
	names := make([]string, len(registry))
	for i, m := range registry {
		names[i] = m.Name
	}
	return names
}

// Help describes every registered method, one entry per method, for a
// flag's help text.
func Help() string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	var b strings.Builder
	for _, m := range registry {
		lines := strings.Split(m.Help, "\n")
		fmt.Fprintf(&b, "  %-10s %s\n", m.Name, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "  %-10s %s\n", "", l)
		}
	}
	return b.String()
}

// AllSettings returns the settings of every registered method.
func AllSettings() []Setting {
	registryMu.RLock()
	defer registryMu.RUnlock()
	var all []Setting
	for _, m := range registry {
		all = append(all, m.Settings...)
	}
	return all
}
