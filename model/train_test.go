package model

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

func TestTrainReproducible(t *testing.T) {
	ds, _ := data.XOR(300, 6, seededRand(1))
	train, val := prepared(t, ds)
	runOnce := func(seed uint64) ([]float64, *Result) {
		net := newTestNet(t, ds, MLP{Hidden: []int{8, 4}})
		res, err := Train(context.Background(), net, train, val, Config{Lambda: 0.01, Epochs: 5, BatchSize: 32, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		var all []float64
		for _, p := range net.Params() {
			all = append(all, p.Data()...)
		}
		return all, res
	}
	a, ra := runOnce(3)
	b, rb := runOnce(3)
	if !slices.Equal(a, b) || !slices.Equal(ra.History, rb.History) {
		t.Error("two runs with the same seed differ")
	}
	if c, _ := runOnce(4); slices.Equal(a, c) {
		t.Error("runs with seeds 3 and 4 gave the same weights; the seed does not reach the batch order")
	}
}

func TestTrainEarlyStoppingRestoresBest(t *testing.T) {
	// 40 rows, 30 noise features: the network overfits quickly and the
	// validation loss turns up.
	ds, _ := data.SparseLinear(40, 30, 1, 2, seededRand(2))
	train, val := prepared(t, ds)
	net := newTestNet(t, ds, MLP{Hidden: []int{32}})
	res, err := Train(context.Background(), net, train, val, Config{LearnRate: 0.01, Epochs: 300, BatchSize: 8, Patience: 5})
	if err != nil {
		t.Fatal(err)
	}
	last := res.History[len(res.History)-1]
	if len(res.History) == 300 || last.Epoch != res.BestEpoch+5 {
		t.Fatalf("stopped at epoch %d with best %d, want best+5 before 300", last.Epoch, res.BestEpoch)
	}
	best := res.History[res.BestEpoch-1]
	if res.ValLoss != best.ValLoss {
		t.Errorf("returned weights have validation loss %v, the best epoch had %v", res.ValLoss, best.ValLoss)
	}
}

func TestTrainKeepLast(t *testing.T) {
	// The run of TestTrainEarlyStoppingRestoresBest, keeping the last
	// epoch's weights: the same epochs, ending where they stopped.
	ds, _ := data.SparseLinear(40, 30, 1, 2, seededRand(2))
	train, val := prepared(t, ds)
	run := func(keepLast bool) *Result {
		net := newTestNet(t, ds, MLP{Hidden: []int{32}})
		res, err := Train(context.Background(), net, train, val, Config{LearnRate: 0.01, Epochs: 300, BatchSize: 8, Patience: 5, KeepLast: keepLast})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	restored, kept := run(false), run(true)
	if !slices.Equal(restored.History, kept.History) {
		t.Fatal("KeepLast changed the epochs trained")
	}
	last, best := kept.History[len(kept.History)-1], kept.History[kept.BestEpoch-1]
	if kept.ValLoss != last.ValLoss || kept.ValLoss == best.ValLoss {
		t.Errorf("kept weights have validation loss %v; the last epoch had %v, the best %v", kept.ValLoss, last.ValLoss, best.ValLoss)
	}
	// A training stopped by an error in the middle of its last epoch ends
	// on the best epoch's weights: the last are not an epoch's.
	stop, perEpoch := errors.New("stop"), kept.Steps/len(kept.History)
	net := newTestNet(t, ds, MLP{Hidden: []int{32}})
	res, err := Train(context.Background(), net, train, val, Config{LearnRate: 0.01, Epochs: 300, BatchSize: 8, Patience: 5, KeepLast: true,
		Hooks: []Hook{HookFunc(func(s *Step) error {
			if s.Iter == perEpoch*len(kept.History)-perEpoch/2 {
				return stop
			}
			return nil
		})}})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the hook's", err)
	}
	if best := res.History[res.BestEpoch-1]; res.ValLoss != best.ValLoss {
		t.Errorf("interrupted: validation loss %v, want the best epoch's %v", res.ValLoss, best.ValLoss)
	}
}

func TestTrainCancel(t *testing.T) {
	ds, _ := data.XOR(200, 4, seededRand(1))
	train, val := prepared(t, ds)
	net := newTestNet(t, ds, MLP{Hidden: []int{8}})
	ctx, cancel := context.WithCancel(context.Background())
	stopAt := HookFunc(func(s *Step) error {
		if s.Iter == 7 {
			cancel()
		}
		return nil
	})
	res, err := Train(ctx, net, train, val, Config{Epochs: 100, BatchSize: 16, Hooks: []Hook{stopAt}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if res == nil || res.Steps != 7 {
		t.Fatalf("result %+v, want 7 steps", res)
	}
	if math.IsNaN(res.ValLoss) {
		t.Error("interrupted run has no validation loss")
	}
}

func TestTrainHookError(t *testing.T) {
	ds, _ := data.XOR(100, 3, seededRand(1))
	train, val := prepared(t, ds)
	net := newTestNet(t, ds, MLP{})
	stop := errors.New("stop")
	_, err := Train(context.Background(), net, train, val, Config{Hooks: []Hook{HookFunc(func(*Step) error { return stop })}})
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want the hook's error", err)
	}
}

func TestTrainDiverged(t *testing.T) {
	ds, _ := data.SparseLinear(64, 3, 2, 0.1, seededRand(1))
	// Unscaled inputs of 1e160: the squared error overflows to +Inf.
	for i := range ds.X {
		ds.X[i] *= 1e160
	}
	net := newTestNet(t, ds, MLP{})
	initial := slices.Clone(net.Theta())
	res, err := Train(context.Background(), net, ds, ds, Config{Epochs: 3})
	var div *DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("err = %v, want *DivergedError", err)
	}
	if div.Epoch != 1 || div.Iter != 1 || !math.IsInf(div.Loss, 1) {
		t.Errorf("diverged at epoch %d, step %d, loss %v; want epoch 1, step 1, +Inf", div.Epoch, div.Iter, div.Loss)
	}
	if res == nil || !slices.Equal(net.Theta(), initial) {
		t.Error("the initial weights were not restored")
	}
}

func TestConfigValidation(t *testing.T) {
	ds, _ := data.XOR(50, 2, seededRand(1))
	net := newTestNet(t, ds, MLP{})
	for _, cfg := range []Config{{Lambda: -1}, {LearnRate: -0.1}, {Epochs: -1}, {BatchSize: -2}, {Patience: -1}, {Lambda: math.NaN()}} {
		if _, err := Train(context.Background(), net, ds, ds, cfg); err == nil {
			t.Errorf("Train with %+v: no error", cfg)
		}
	}
	if _, err := New(ds, MLP{Hidden: []int{0}}, seededRand(1)); err == nil {
		t.Error("New with a hidden layer of width 0: no error")
	}
}

// TestNetworkTooLarge: a network that cannot fit in memory is refused,
// with the sizes, instead of ending the process with the runtime's
// out-of-memory crash.
func TestNetworkTooLarge(t *testing.T) {
	if availableMemory() == 0 {
		t.Skip("the available memory cannot be read here")
	}
	ds, _ := data.Friedman1(50, 6, 0.5, seededRand(1))
	for _, hidden := range [][]int{{1 << 40}, {1 << 20, 1 << 20}} {
		_, err := New(ds, MLP{Hidden: hidden}, seededRand(2))
		if _, ok := errors.AsType[sizeError](err); !ok || !strings.Contains(err.Error(), "would take") {
			t.Errorf("hidden %v: err = %v", hidden, err)
		}
	}
}

// TestDivergedByPenalty: when λ‖θ‖₁ overflows while the data loss stays
// finite, the error blames λ, not the learning rate.
func TestDivergedByPenalty(t *testing.T) {
	ds, _ := data.XOR(100, 4, seededRand(1))
	train, val := prepared(t, ds)
	net := newTestNet(t, train, MLP{Hidden: []int{4}})
	_, err := Train(context.Background(), net, train, val, Config{Lambda: 1e308, Epochs: 2})
	de, ok := errors.AsType[*DivergedError](err)
	if !ok || !de.Penalty || !strings.Contains(err.Error(), "lower λ") {
		t.Errorf("err = %v", err)
	}
}
