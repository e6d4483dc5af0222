package model

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model/internal/kernel"
	"github.com/featsel/featsel/model/internal/ops"
)

// TrainStream is Train on a table read from disk a block of blockRows
// rows at a time (data.Stream), so that the data in memory is two blocks
// whatever the table: each epoch visits the blocks in a new random order
// and each block's training rows in batches in a new random order (a
// block's rows left over by its last full batch are skipped); the
// validation rows are evaluated block by block. The default losses only
// (for survival, Cox with either handling of ties, its risk sets those of
// each batch: the mini-batch approximation), without class weights. It
// gives other numbers than Train on the same rows in memory (the batches
// differ), the same for the same seed and blockRows.
func TrainStream(ctx context.Context, net *Net, s *data.Stream, blockRows int, cfg Config) (*Result, error) {
	defer kernel.Busy()() // see kernel.Busy: trainings side by side split nothing
	cfg, err := cfg.withDefaults()
	switch {
	case err != nil:
		return nil, err
	case cfg.Loss != nil && !isCox(cfg.Loss) || cfg.BalanceClasses:
		return nil, errors.New("model: TrainStream takes the default losses (Cox's ties aside), without class weights")
	case net.features != len(s.Features):
		return nil, fmt.Errorf("model: network has %d features, the stream %d", net.features, len(s.Features))
	case blockRows < 1:
		return nil, fmt.Errorf("model: blocks of %d rows", blockRows)
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	cfg.BatchSize = min(cfg.BatchSize, blockRows, s.TrainRows)
	loss := cmp.Or(cfg.Loss, defaultLoss(net.task))
	tg, err := net.build(cfg.BatchSize, buildOptions{loss: loss, lambda: cfg.Lambda, train: true, freezeTheta: cfg.FreezeTheta, single: cfg.Float32})
	if err != nil {
		return nil, err
	}
	ev, err := newStreamEvaluator(net, s, blockRows, cfg.Float32, loss)
	if err != nil {
		return nil, err
	}
	t := newTrainer(net, cfg, tg, ev, nil)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0xba7c4))
	t.epoch = func(batch func(ds *data.Dataset, rows []int) error) error {
		return s.Blocks(false, blockRows, rng.Perm(s.BlockCount(blockRows)), func(block *data.Dataset) error {
			if block.Rows() < cfg.BatchSize {
				return nil
			}
			return eachBatch(data.NewBatcher(block.Rows(), cfg.BatchSize, rng), block, batch)
		})
	}
	return t.res, t.finish(t.run(ctx))
}

// streamEvaluator evaluates a network on a stream's validation rows,
// gathered from the blocks evalChunk rows at a time, computing the loss
// from the outputs.
type streamEvaluator struct {
	net       *Net
	s         *data.Stream
	blockRows int
	graph     *graph
	out       []float64
	// val holds the validation rows' targets, in the order evaluated;
	// stage the rows gathered for the graph's next run.
	val, stage *data.Dataset
	// ties is the Cox loss's (survival).
	ties ops.Ties
	// rows are the graph's rows to load from the stage, and coxY the
	// validation rows' times and events (survival), kept from call to
	// call: a streamed table is evaluated every epoch.
	rows []int
	coxY []float64
}

func newStreamEvaluator(net *Net, s *data.Stream, blockRows int, single bool, loss Loss) (*streamEvaluator, error) {
	g, err := net.build(min(evalChunk, s.ValRows), buildOptions{single: single})
	if err != nil {
		return nil, err
	}
	k := max(1, len(s.Targets))
	val, stage := s.Shape(), s.Shape()
	val.Y = make([]float64, 0, k*s.ValRows)
	stage.X, stage.Y = make([]float64, 0, g.rows*len(s.Features)), make([]float64, 0, k*g.rows)
	if s.Task == data.Survival {
		val.Events, stage.Events = make([]float64, 0, s.ValRows), make([]float64, 0, g.rows)
	}
	e := &streamEvaluator{net: net, s: s, blockRows: blockRows, graph: g, val: val, stage: stage, out: make([]float64, 0, s.ValRows*net.outputs), rows: make([]int, g.rows)}
	if c, ok := loss.(Cox); ok {
		e.ties = ops.Ties(c.Ties)
	}
	return e, nil
}

// flush runs the graph on the rows gathered, a short stage repeating its
// last row, and keeps their outputs.
func (e *streamEvaluator) flush() error {
	n := e.stage.Rows()
	if n == 0 {
		return nil
	}
	for i := range e.rows {
		e.rows[i] = min(i, n-1)
	}
	e.graph.load(e.stage, e.rows)
	if err := e.graph.run(); err != nil {
		return fmt.Errorf("model: %w", err)
	}
	e.out = append(e.out, e.graph.output()[:n*e.net.outputs]...)
	e.val.Y, e.val.Events = append(e.val.Y, e.stage.Y...), append(e.val.Events, e.stage.Events...)
	e.stage.X, e.stage.Y, e.stage.Events = e.stage.X[:0], e.stage.Y[:0], e.stage.Events[:0]
	return nil
}

func (e *streamEvaluator) evaluate() (loss, metricValue float64, err error) {
	e.out, e.val.Y, e.val.Events = e.out[:0], e.val.Y[:0], e.val.Events[:0]
	k, size, d, t := e.net.outputs, e.graph.rows, len(e.s.Features), e.val.YStride()
	err = e.s.Blocks(true, e.blockRows, nil, func(block *data.Dataset) error {
		for start := 0; start < block.Rows(); {
			n := min(size-e.stage.Rows(), block.Rows()-start)
			e.stage.X = append(e.stage.X, block.X[start*d:(start+n)*d]...)
			e.stage.Y = append(e.stage.Y, block.Y[start*t:(start+n)*t]...)
			if block.Events != nil {
				e.stage.Events = append(e.stage.Events, block.Events[start:start+n]...)
			}
			start += n
			if e.stage.Rows() == size {
				if err := e.flush(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		err = e.flush()
	}
	if err != nil {
		return 0, 0, err
	}
	switch e.net.task {
	case data.Classification:
		for i, y := range e.val.Y {
			o := e.out[i*k : (i+1)*k]
			loss -= o[int(y)] - ops.LogSumExp(o)
		}
		loss /= math.Max(float64(len(e.val.Y)), 1)
	case data.Survival:
		e.coxY = e.coxY[:0]
		for i, time := range e.val.Y {
			e.coxY = append(e.coxY, time, e.val.Events[i])
		}
		loss = ops.CoxLossValue(e.out, e.coxY, e.ties)
	default: // the mean over the rows and the targets of the squared errors
		for i, y := range e.val.Y {
			loss += (e.out[i] - y) * (e.out[i] - y)
		}
		loss /= math.Max(float64(len(e.val.Y)), 1)
	}
	return loss, metric(e.net.task, e.out, k, e.val), nil
}

func (e *streamEvaluator) outputs() ([]float64, *data.Dataset) { return e.out, e.val }

// isCox reports whether l is the Cox loss, with either handling of ties.
func isCox(l Loss) bool {
	_, ok := l.(Cox)
	return ok
}
