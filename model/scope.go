package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
)

// Init fills a new parameter with its initial values, drawing any
// randomness from rng.
type Init func(w []float64, rng *rand.Rand)

// Constant initialises every value to c.
func Constant(c float64) Init {
	return func(w []float64, _ *rand.Rand) {
		for i := range w {
			w[i] = c
		}
	}
}

// HeUniform draws from U(−a, a) with a = √(6/fanIn) (He et al. 2015), the
// usual initialisation for a layer followed by ReLU.
func HeUniform(fanIn int) Init {
	a := math.Sqrt(6 / float64(fanIn))
	return func(w []float64, rng *rand.Rand) {
		for i := range w {
			w[i] = a * (2*rng.Float64() - 1)
		}
	}
}

// Scope is what an [Architecture] builds with: the graph and the network's
// parameters. featsel builds a network's graph more than once (one graph
// for training batches, one for evaluating a whole dataset); Param returns
// nodes bound to the same values each time, so the graphs share weights.
type Scope struct {
	g     *G.ExprGraph
	net   *Net
	nodes map[string]*G.Node

	// backend is where the matrix products of MLP's layers run.
	backend kernel.Backend
	// bytes is what the network's parameters and this graph's tensors
	// will take, for the check that they fit in memory (memory.go).
	bytes uint64
}

// Graph returns the graph being built.
func (s *Scope) Graph() *G.ExprGraph { return s.g }

// Param returns a learnable node of the given shape. The first build of a
// network creates the value and fills it with init; later builds reuse it.
// Names must be unique within a network (gorgonia silently merges nodes
// that hash equal). The solver sees parameters in the order of their first
// creation, the selection weights first.
func (s *Scope) Param(name string, init Init, shape ...int) *G.Node {
	if s.nodes[name] != nil {
		panic(fmt.Sprintf("model: parameter %q declared twice", name))
	}
	p := s.net.Param(name)
	s.reserve(fmt.Sprintf("the network, at its parameter %q of shape %v,", name, shape), perParam*elements(shape))
	if p == nil {
		p = &Param{Name: name, Value: tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))}
		init(p.Data(), s.net.rng)
		s.net.params = append(s.net.params, p)
	} else if !slices.Equal(p.Value.Shape(), tensor.Shape(shape)) {
		panic(fmt.Sprintf("model: parameter %q has shape %v, declared again as %v", name, p.Value.Shape(), shape))
	}
	node := G.NewTensor(s.g, tensor.Float64, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(p.Value))
	s.nodes[name] = node
	return node
}
