package model

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// streamed writes ds as CSV and reads it back as a stream.
func streamed(t *testing.T, ds *data.Dataset) *data.Stream {
	t.Helper()
	var b strings.Builder
	if err := ds.WriteCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/t.csv"
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := data.ReadStream(context.Background(), path, data.CSVOptions{Target: ds.Target}, 0.2, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestTrainStream: a network trained a block at a time learns what it
// learns in memory (Friedman #1, 40 epochs: the validation R² of the same
// network trained on the table read whole, within 0.05; both were 0.85
// when this was written), and the same seed and blocks give the same
// weights.
func TestTrainStream(t *testing.T) {
	ds, _ := data.Friedman1(1500, 6, 0.5, rand.New(rand.NewPCG(3, 0)))
	s := streamed(t, ds)
	if s.Task != data.Regression || s.Rows != 1500 || s.TrainRows+s.ValRows != 1500 {
		t.Fatalf("stream of %d rows (%d, %d), task %v", s.Rows, s.TrainRows, s.ValRows, s.Task)
	}
	train := func() (*Net, *Result) {
		net, err := New(s.Shape(), MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(2, 0)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := TrainStream(context.Background(), net, s, 400, Config{Epochs: 40, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		return net, res
	}
	net, res := train()
	tr, va, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	whole, err := New(tr, MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(2, 0)))
	if err != nil {
		t.Fatal(err)
	}
	inMemory, err := Train(context.Background(), whole, tr, va, Config{Epochs: 40, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.ValMetric-inMemory.ValMetric) > 0.05 || len(res.History) != 40 {
		t.Errorf("validation R² %.3f after %d epochs; read whole, %.3f after 40", res.ValMetric, len(res.History), inMemory.ValMetric)
	}
	again, _ := train()
	if !slices.Equal(net.Theta(), again.Theta()) {
		t.Error("the same seed and blocks gave other weights")
	}
}
