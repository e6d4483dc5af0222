package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/featsel/featsel/data"
)

// TestChunkedEvaluation: a table of more rows than evalChunk is evaluated
// a chunk at a time, with the outputs, the loss and the metric of one
// graph over all the rows (to rounding: the loss sums the chunks' means).
func TestChunkedEvaluation(t *testing.T) {
	if testing.Short() {
		t.Skip("a graph of 20 000 rows")
	}
	ds, _ := data.Friedman1(2*evalChunk+100, 6, 1, rand.New(rand.NewPCG(1, 0)))
	data.Standardize(ds)
	net, err := New(ds, MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(2, 0)))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := newEvaluator(net, ds, MSE{}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if ev.whole || ev.last == nil || ev.full.rows != evalChunk {
		t.Fatalf("chunks of %d rows, whole %v: want %d-row chunks and a remainder", ev.full.rows, ev.whole, evalChunk)
	}
	loss, metric, err := ev.evaluate()
	if err != nil {
		t.Fatal(err)
	}
	one, err := net.build(ds.Rows(), buildOptions{loss: MSE{}})
	if err != nil {
		t.Fatal(err)
	}
	one.load(ds, seqRows(0, ds.Rows()))
	if err := one.run(); err != nil {
		t.Fatal(err)
	}
	if d := maxDiff(ev.out, one.output()); d > 1e-12 || len(ev.out) != ds.Rows() {
		t.Errorf("%d outputs differ from one graph's by %g", len(ev.out), d)
	}
	if want := one.scalar(one.data); math.Abs(loss-want) > 1e-12*want {
		t.Errorf("loss %.17g, one graph %.17g", loss, want)
	}
	if want := r2(one.output(), ds.Y); math.Abs(metric-want) > 1e-12 {
		t.Errorf("R² %.17g, one graph %.17g", metric, want)
	}
	pred, err := net.Predict(ds)
	if err != nil || maxDiff(pred, one.output()) > 1e-12 {
		t.Errorf("Predict in chunks: %v, differs by %g", err, maxDiff(pred, one.output()))
	}
}
