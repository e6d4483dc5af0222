// Package machine runs gorgonia expression graphs in place of gorgonia's
// TapeMachine, for the many small runs of a training: no goroutine and no
// allocation per node and run, with results bit-identical to the
// TapeMachine's. It runs any graph, of featsel's fused ops or of
// gorgonia's own.
package machine

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"
)

// Machine runs a gorgonia expression graph: it calls each operation's Do
// on its children's values, in topological order, and keeps every node's
// value until the next run.
//
// It replaces gorgonia's TapeMachine for featsel's graphs, whose
// bookkeeping cost more than the arithmetic on small layers: the tape
// machine hands every run to a new goroutine (two trainings in one process
// then kept migrating between the cores, and each ran slower), and
// allocates registers, argument slices and type checks per node and run.
// Here a run allocates only what the operations themselves allocate;
// featsel's fused operations reuse their outputs, gorgonia's own
// operations return new values. Graphs are type- and shape-checked when
// they are built, so a run does not check again. Statement nodes
// (gorgonia.Read) are not supported: read a node's value from the machine.
type Machine struct {
	instrs []instr
	args   []arg
	vals   []G.Value
	index  map[*G.Node]int
}

// instr runs one operation node.
type instr struct {
	node *G.Node
	op   G.Op
	from []int     // the children's positions in vals
	in   []G.Value // their values, gathered for Do
	to   int       // the node's position in vals
}

// arg is an input or learnable node, whose value is bound, not computed.
type arg struct {
	node *G.Node
	to   int
}

// New prepares the evaluation of the given nodes of g and of everything
// they depend on; other nodes are never run.
func New(g *G.ExprGraph, targets ...*G.Node) (*Machine, error) {
	sorted, err := G.Sort(g)
	if err != nil {
		return nil, err
	}
	// Sort puts every node before its children, so one pass marks what
	// the targets need.
	needed := make(map[*G.Node]bool, len(sorted))
	for _, n := range targets {
		needed[n] = true
	}
	var order []*G.Node
	for _, n := range sorted {
		if !needed[n] {
			continue
		}
		order = append(order, n)
		for _, c := range children(n) {
			needed[c] = true
		}
	}
	slices.Reverse(order)
	m := &Machine{vals: make([]G.Value, len(order)), index: make(map[*G.Node]int, len(order))}
	for i, n := range order {
		m.index[n] = i
		if n.Op() == nil {
			m.args = append(m.args, arg{node: n, to: i})
			continue
		}
		in := instr{node: n, op: n.Op(), to: i}
		for _, c := range children(n) {
			in.from = append(in.from, m.index[c])
		}
		in.in = make([]G.Value, len(in.from))
		m.instrs = append(m.instrs, in)
	}
	return m, nil
}

// children returns n's arguments, in the order of its op's arguments.
func children(n *G.Node) []*G.Node {
	var cs []*G.Node
	for it := n.Graph().From(n.ID()); it.Next(); {
		cs = append(cs, it.Node().(*G.Node))
	}
	return cs
}

// Run evaluates the graph on the current values of its inputs and
// learnables. An operation that panics (one of a user's architecture,
// say) makes it return an error that names the node.
func (m *Machine) Run() (err error) {
	for _, a := range m.args {
		m.vals[a.to] = a.node.Value()
	}
	var current *instr
	// Operations from a user's architecture may panic; report the node.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("running %v: %v", current.node, r)
		}
	}()
	for i := range m.instrs {
		current = &m.instrs[i]
		for k, f := range current.from {
			current.in[k] = m.vals[f]
		}
		v, err := current.op.Do(current.in...)
		if err != nil {
			return fmt.Errorf("running %v: %w", current.node, err)
		}
		m.vals[current.to] = v
	}
	return nil
}

// Value returns the value n, one of the machine's targets or a node they
// depend on, took in the last run.
func (m *Machine) Value(n *G.Node) G.Value { return m.vals[m.index[n]] }

// Learnable returns the parameter node as a solver sees it, with grad,
// one of the machine's targets, as its gradient.
func (m *Machine) Learnable(node, grad *G.Node) Learnable {
	return Learnable{node: node, m: m, grad: m.index[grad]}
}

// Learnable is a parameter as a solver sees it: the node's value, which
// the solver updates in place, and its gradient from the machine's last
// run. It implements gorgonia.ValueGrad and gorgonia.Namer.
type Learnable struct {
	node *G.Node
	m    *Machine
	grad int
}

func (l Learnable) Name() string           { return l.node.Name() }
func (l Learnable) Value() G.Value         { return l.node.Value() }
func (l Learnable) Grad() (G.Value, error) { return l.m.vals[l.grad], nil }
