package model

import (
	"fmt"

	"github.com/featsel/featsel/data"
)

// evalChunk is the most rows a network runs on in one graph when it
// evaluates or predicts a table: a larger table runs a chunk at a time, so
// that the graph's memory, the rows times the widest layer, stays bounded
// whatever the rows. A table of at most evalChunk rows runs whole, its
// inputs loaded once.
const evalChunk = 8192

// chunks runs a network over the rows of a table a chunk at a time: a
// graph for the full chunks and one for the remainder, both loaded once
// when the table fits in one.
type chunks struct {
	ds         *data.Dataset
	full, last *graph
	size       int
	// out holds the outputs of every row after a run, row-major.
	out []float64
	// whole is set when one graph holds every row, loaded once.
	whole bool
}

// newChunks builds the graphs for ds with the given options; a loss that
// needs every row at once (the Cox loss's risk sets) takes one graph of
// them all.
func (n *Net) newChunks(ds *data.Dataset, o buildOptions, whole bool) (*chunks, error) {
	c := &chunks{ds: ds, size: min(ds.Rows(), evalChunk)}
	if whole {
		c.size = ds.Rows()
	}
	var err error
	if c.full, err = n.build(c.size, o); err != nil {
		return nil, err
	}
	if rest := ds.Rows() % c.size; rest > 0 {
		if c.last, err = n.build(rest, o); err != nil {
			return nil, err
		}
	}
	c.whole = c.size == ds.Rows()
	if c.whole {
		c.full.load(ds, seqRows(0, ds.Rows()))
	}
	c.out = make([]float64, 0, ds.Rows()*n.outputs)
	return c, nil
}

// run runs the network over every row, leaving the outputs in c.out, and
// returns the data loss, the mean over rows (each chunk's mean weighed by
// its rows), when the graphs compute one.
func (c *chunks) run() (float64, error) {
	c.out = c.out[:0]
	n := c.ds.Rows()
	loss := 0.0
	for start := 0; start < n; start += c.size {
		g := c.full
		if n-start < c.size {
			g = c.last
		}
		if !c.whole {
			g.load(c.ds, seqRows(start, min(start+c.size, n)))
		}
		if err := g.run(); err != nil {
			return 0, fmt.Errorf("model: %w", err)
		}
		c.out = append(c.out, g.output()...)
		if g.data != nil {
			if c.whole {
				return g.scalar(g.data), nil
			}
			loss += g.scalar(g.data) * float64(g.rows) / float64(n)
		}
	}
	return loss, nil
}

// seqRows returns the row indices lo to hi−1.
func seqRows(lo, hi int) []int {
	rows := make([]int, hi-lo)
	for i := range rows {
		rows[i] = lo + i
	}
	return rows
}

// validator evaluates a network on the validation rows after each epoch.
type validator interface {
	// evaluate returns the data loss and the metric.
	evaluate() (loss, metric float64, err error)
	// outputs returns the outputs of the last evaluation and the rows
	// with their targets.
	outputs() ([]float64, *data.Dataset)
}

// evaluator computes the data loss and the metric of a network on a whole
// dataset (see chunks).
type evaluator struct {
	net *Net
	*chunks
}

// newEvaluator builds the evaluation of net on ds; classWeights, when not
// nil, weigh the rows of each class in the loss; single sums its products
// in single precision (Config.Float32).
func newEvaluator(net *Net, ds *data.Dataset, loss Loss, classWeights []float64, single bool) (*evaluator, error) {
	// A survival loss's risk sets span the rows: one graph holds them all.
	c, err := net.newChunks(ds, buildOptions{loss: loss, single: single}, net.task == data.Survival)
	if err != nil {
		return nil, err
	}
	c.full.weights = classWeights
	if c.last != nil {
		c.last.weights = classWeights
	}
	return &evaluator{net: net, chunks: c}, nil
}

func (e *evaluator) evaluate() (loss, metricValue float64, err error) {
	if loss, err = e.run(); err != nil {
		return 0, 0, err
	}
	return loss, metric(e.net.task, e.out, e.net.outputs, e.ds), nil
}

func (e *evaluator) outputs() ([]float64, *data.Dataset) { return e.out, e.ds }
