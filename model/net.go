package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model/internal/ops"
)

// Architecture builds the layers that follow the selection layer. Build
// receives the selected input x, a [rows × features] node (the input times
// the selection weights), and returns a [rows × outputs] node. It creates
// its learnable weights with [Scope.Param]. It is called once per graph
// featsel builds for a network, so it must not keep state between calls.
// featsel runs only the nodes the output needs: statement nodes such as
// gorgonia.Read are not run.
type Architecture interface {
	Build(s *Scope, x *G.Node, outputs int) (*G.Node, error)
}

// Param is a named learnable tensor of a network.
type Param struct {
	Name  string
	Value *tensor.Dense
}

// Data returns the parameter's values; writing to the slice changes the
// network (this is how post-step operators work). It allocates nothing
// (tensor's Data boxes the slice in an interface), so that operators can
// call it after every step.
func (p *Param) Data() []float64 { return p.Value.Float64s() }

// ThetaName is the name of the selection-layer parameter.
const ThetaName = "theta"

// Net is a selection-layer network: x ↦ arch(x ⊙ θ), with θ one weight per
// unit, initialised to 1. A unit is a column of the file the data was read
// from (data.Dataset.Schema): a number, flag or date column is one feature
// (one column of x), a category's one-hot block is several, all multiplied
// by the unit's one θ, so that the category is kept or dropped as a whole.
type Net struct {
	features int
	task     data.Task
	outputs  int
	arch     Architecture
	params   []*Param
	rng      *rand.Rand
	// units maps each feature to its unit; nil when every unit is one
	// feature. widths holds each unit's number of features, and
	// penalty √width, nil when every unit is one feature.
	units   ops.Units
	widths  []int
	penalty []float64
}

// New returns a network for datasets shaped like ds (its features, units,
// task and classes), with weights initialised from rng. Classification
// networks have one output per class (logits); regression networks one
// per target, and survival networks one, the risk score of a Cox model.
func New(ds *data.Dataset, arch Architecture, rng *rand.Rand) (*Net, error) {
	return newNet(ds, ds.UnitOf(), arch, rng)
}

// newNet returns a network for datasets shaped like ds whose features
// belong to the given units (see setUnits).
func newNet(ds *data.Dataset, units []int, arch Architecture, rng *rand.Rand) (*Net, error) {
	n := &Net{features: ds.Cols(), task: ds.Task, outputs: ds.Outputs(), arch: arch, rng: rng}
	if n.features == 0 {
		return nil, fmt.Errorf("model: dataset has no features")
	}
	if err := n.setUnits(units); err != nil {
		return nil, err
	}
	// The first build creates and initialises the parameters.
	if _, err := n.build(1, buildOptions{}); err != nil {
		return nil, err
	}
	return n, nil
}

// setUnits records the units of the features (data.Dataset.UnitOf; nil:
// one unit per feature), which must number the units from 0 in order,
// each unit's features consecutive.
func (n *Net) setUnits(source []int) error {
	n.widths = make([]int, 0, n.features)
	if source == nil {
		for range n.features {
			n.widths = append(n.widths, 1)
		}
		return nil
	}
	if len(source) != n.features {
		return fmt.Errorf("model: %d units of features for %d features", len(source), n.features)
	}
	for j, u := range source {
		switch {
		case u == len(n.widths):
			n.widths = append(n.widths, 1)
		case u == len(n.widths)-1 && j > 0:
			n.widths[u]++
		default:
			return fmt.Errorf("model: feature %d belongs to unit %d, after unit %d: a unit's features must be consecutive and the units in order", j, u, len(n.widths)-1)
		}
	}
	if len(n.widths) == n.features {
		return nil
	}
	n.units = ops.Units(slices.Clone(source))
	n.penalty = make([]float64, len(n.widths))
	for u, w := range n.widths {
		n.penalty[u] = math.Sqrt(float64(w))
	}
	return nil
}

// Features returns the number of input features (the columns of x).
func (n *Net) Features() int { return n.features }

// Units returns the number of selection units, the length of θ.
func (n *Net) Units() int { return len(n.widths) }

// UnitWidths returns the number of features of each unit; a unit's
// features are consecutive and the units in order. The slice aliases the
// network.
func (n *Net) UnitWidths() []int { return n.widths }

// PenaltyWeights returns the weight of each unit in the penalty,
// λ·Σ_u √(width_u)·|θ_u| (the group lasso's choice: a unit of w features
// pays as a group of w, not w times, nor as much as one): nil when every
// unit is one feature, where the penalty is λ‖θ‖₁. The slice aliases the
// network.
func (n *Net) PenaltyWeights() []float64 { return n.penalty }

// targetWidth is the number of columns of the targets its loss receives:
// a class's one-hot row, a value, or a time and an event.
func (n *Net) targetWidth() int {
	if n.task == data.Survival {
		return 2
	}
	return n.outputs
}

// Outputs returns the width of the network's output.
func (n *Net) Outputs() int { return n.outputs }

// Task returns the task the network was built for.
func (n *Net) Task() data.Task { return n.task }

// Theta returns the selection weights, one per unit. The slice aliases
// the network.
func (n *Net) Theta() []float64 { return n.params[0].Data() }

// ThetaParam returns the selection layer's parameter, the handle by which
// hooks and proximal operators act on θ.
func (n *Net) ThetaParam() *Param { return n.params[0] }

// Architecture returns the layers after the selection layer.
func (n *Net) Architecture() Architecture { return n.arch }

// Params returns the learnable parameters in the order the solver sees
// them, θ first. The values alias the network.
func (n *Net) Params() []*Param { return n.params }

// Param returns the parameter of the given name, or nil.
func (n *Net) Param(name string) *Param {
	for _, p := range n.params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Snapshot copies every parameter's values into dst, reusing its memory,
// and returns it; dst may be nil. Restore puts them back: together they
// let a caller try something and undo it.
func (n *Net) Snapshot(dst [][]float64) [][]float64 {
	if len(dst) != len(n.params) {
		dst = make([][]float64, len(n.params))
	}
	for i, p := range n.params {
		dst[i] = append(dst[i][:0], p.Data()...)
	}
	return dst
}

// Restore writes back values taken by Snapshot.
func (n *Net) Restore(s [][]float64) {
	for i, p := range n.params {
		copy(p.Data(), s[i])
	}
}
