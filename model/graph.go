package model

import (
	"fmt"
	"sync"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model/internal/kernel"
	"github.com/featsel/featsel/model/internal/machine"
	"github.com/featsel/featsel/model/internal/ops"
)

// graph is one compiled computation of a network for a fixed number of rows:
// inputs bound to tensors that are overwritten in place for every batch, the
// output, the data loss and, when penalised, the loss with λ‖θ‖₁.
type graph struct {
	x, y            *tensor.Dense
	out, data, loss *G.Node
	learn           []G.ValueGrad
	m               *machine.Machine
	rows            int
	task            data.Task
	// weights, when not nil, replace the one-hot 1 of class c by
	// weights[c] (Config.BalanceClasses).
	weights []float64
}

// buildOptions say what a graph computes besides the network's output.
type buildOptions struct {
	// loss, when not nil, adds the data loss; lambda > 0 adds λ‖θ‖₁.
	loss   Loss
	lambda float64
	// train adds the symbolic gradient of the loss with respect to every
	// parameter, except θ when freezeTheta is set.
	train, freezeTheta bool
	// single sums the products in single precision (Config.Float32).
	single bool
}

// buildMu serialises graph construction: gorgonia's Grad adds package-level
// constant nodes (the gradient seed) to every graph and memoises their hash
// in place, so two graphs built at once race on them (go test -race). A
// build is short next to the training that follows it, so serialising
// builds costs little; running the compiled graphs in parallel is safe.
var buildMu sync.Mutex

// build compiles the network for batches of rows.
func (n *Net) build(rows int, o buildOptions) (gr *graph, err error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	// gorgonia reports shape errors in the graph by panicking; the
	// architecture may be the user's, so turn those into errors.
	defer func() {
		if r := recover(); r != nil {
			gr, err = nil, fmt.Errorf("model: building the graph: %v", r)
			if se, ok := r.(sizeError); ok {
				err = se
			}
		}
	}()
	g := G.NewGraph()
	s := &Scope{g: g, net: n, nodes: make(map[string]*G.Node), backend: kernel.Best()}
	if o.single && s.backend == kernel.AVX2 {
		s.backend = kernel.AVX2F32
	}
	// The inputs, the selected input and the targets.
	s.reserve(fmt.Sprintf("the network's inputs (%d rows × %d)", rows, n.features), 2*elements([]int{rows, n.features})+elements([]int{rows, n.targetWidth()}))
	gr = &graph{rows: rows, task: n.task}
	gr.x = tensor.New(tensor.WithShape(rows, n.features), tensor.Of(tensor.Float64))
	x := G.NewMatrix(g, tensor.Float64, G.WithShape(rows, n.features), G.WithName("x"), G.WithValue(gr.x))
	theta := s.Param(ThetaName, Constant(1), n.Units())
	selected, err := ops.Select(x, theta, n.units)
	if err != nil {
		return nil, err
	}
	out, err := n.arch.Build(s, selected, n.outputs)
	if err != nil {
		return nil, err
	}
	if want := (tensor.Shape{rows, n.outputs}); !out.Shape().Eq(want) {
		return nil, fmt.Errorf("model: architecture returned shape %v, want %v", out.Shape(), want)
	}
	var total *G.Node
	if o.loss != nil {
		gr.y = tensor.New(tensor.WithShape(rows, n.targetWidth()), tensor.Of(tensor.Float64))
		y := G.NewMatrix(g, tensor.Float64, G.WithShape(rows, n.targetWidth()), G.WithName("y"), G.WithValue(gr.y))
		dataLoss, err := o.loss.Build(out, y)
		if err != nil {
			return nil, err
		}
		total = dataLoss
		if o.lambda > 0 {
			pen, err := ops.L1(theta, o.lambda, n.penalty)
			if err != nil {
				return nil, err
			}
			if total, err = G.Add(dataLoss, pen); err != nil {
				return nil, err
			}
		}
		gr.data, gr.loss = dataLoss, total
	}
	gr.out = out
	targets := G.Nodes{out}
	if total != nil {
		targets = append(targets, gr.data, gr.loss)
	}
	if !o.train {
		gr.m, err = machine.New(g, targets...)
		return gr, err
	}
	var learn G.Nodes
	for i, p := range n.params {
		if o.freezeTheta && i == 0 { // θ is the first parameter
			continue
		}
		node := s.nodes[p.Name]
		if node == nil {
			return nil, fmt.Errorf("model: architecture did not declare parameter %q in a later build", p.Name)
		}
		learn = append(learn, node)
	}
	grads, err := G.Grad(total, learn...)
	if err != nil {
		return nil, err
	}
	if gr.m, err = machine.New(g, append(targets, grads...)...); err != nil {
		return nil, err
	}
	for i, node := range learn {
		gr.learn = append(gr.learn, gr.m.Learnable(node, grads[i]))
	}
	return gr, nil
}

// load copies the given rows of ds into the graph's inputs; rows must have
// the graph's length.
func (gr *graph) load(ds *data.Dataset, rows []int) {
	x := gr.x.Data().([]float64)
	d := ds.Cols()
	kernel.Rows(len(rows), 2*len(rows)*d, rowsPass{x, ds, rows})
	if gr.y == nil {
		return
	}
	y := gr.y.Data().([]float64)
	switch gr.task {
	case data.Regression:
		t := ds.YStride()
		for k, i := range rows {
			copy(y[k*t:(k+1)*t], ds.TargetRow(i))
		}
		return
	case data.Survival:
		for k, i := range rows {
			y[2*k], y[2*k+1] = ds.Y[i], ds.Events[i]
		}
		return
	}
	clear(y)
	width := len(y) / gr.rows
	for k, i := range rows {
		c, w := int(ds.Y[i]), 1.0
		if gr.weights != nil {
			w = gr.weights[c]
		}
		y[k*width+c] = w
	}
}

// rowsPass copies rows of ds into x: row k of x is row rows[k] of ds.
type rowsPass struct {
	x    []float64
	ds   *data.Dataset
	rows []int
}

func (p rowsPass) Rows(lo, hi int) {
	d := p.ds.Cols()
	for k := lo; k < hi; k++ {
		p.ds.RowTo(p.x[k*d:(k+1)*d], p.rows[k])
	}
}

// run evaluates the graph on its current inputs (and the gradients, for a
// training graph).
func (gr *graph) run() error { return gr.m.Run() }

// scalar returns the value of a scalar node after a run.
func (gr *graph) scalar(n *G.Node) float64 { return gr.m.Value(n).Data().(float64) }

// output returns the network's output after a run.
func (gr *graph) output() []float64 { return gr.m.Value(gr.out).(float64s).Float64s() }
