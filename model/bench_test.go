package model

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/featsel/featsel/data"
)

// benchmarkStep measures one training step (forward, backward, Adam, and
// its share of the per-epoch validation) on the reference workload of the
// speed comparison: Friedman #1 with n=2000 (1 600 training rows), graph-
// level L1, d features, one hidden layer.
func benchmarkStep(b *testing.B, d, batch int, arch MLP) {
	benchmarkUnitStep(b, d, 1, batch, arch, false)
}

// benchmarkUnitStep is benchmarkStep with the features in units of the
// given width (a category's one-hot block of that many levels; the values
// stay Friedman's): the selection layer's mapping of columns to units.
func benchmarkUnitStep(b *testing.B, d, width, batch int, arch MLP, single bool) {
	ds, _ := data.Friedman1(2000, d, 1, seededRand(1))
	if width > 1 {
		for j := range d {
			if j%width == 0 {
				ds.Schema = append(ds.Schema, data.Column{Name: ds.Features[j], Kind: data.KindCategory, Levels: make([]string, min(width, d-j))})
			}
			ds.Source = append(ds.Source, len(ds.Schema)-1)
		}
	}
	benchmarkTrain(b, ds, batch, arch, single)
}

// benchmarkTrain measures one training step on ds, split and standardised,
// its products summed in single precision when single is set.
func benchmarkTrain(b *testing.B, ds *data.Dataset, batch int, arch MLP, single bool) {
	train, val := prepared(b, ds)
	net := newTestNet(b, ds, arch)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := HookFunc(func(s *Step) error {
		if s.Iter == b.N {
			cancel()
		}
		return nil
	})
	cfg := Config{Lambda: 0.05, Epochs: 1 << 30, BatchSize: batch, Hooks: []Hook{stop}, Float32: single}
	b.ReportAllocs()
	b.ResetTimer()
	res, err := Train(ctx, net, train, val, cfg)
	b.StopTimer()
	if !errors.Is(err, context.Canceled) || res.Steps != b.N {
		b.Fatalf("err %v after %d steps, want cancellation after %d", err, res.Steps, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

func BenchmarkStep(b *testing.B) {
	for _, c := range []struct {
		d, batch int
		arch     MLP
	}{
		{50, 64, MLP{Hidden: []int{64}}},
		{50, 64, MLP{Hidden: []int{64}, Free: true}},
		{50, 64, MLP{Hidden: []int{64, 64}}},
		{50, 1600, MLP{Hidden: []int{64}}},
		{784, 64, MLP{Hidden: []int{256}}}, // LassoNet's image width
	} {
		name := fmt.Sprintf("d=%d/hidden=%v/batch=%d", c.d, c.arch.Hidden, c.batch)
		if c.arch.Free {
			name += "/free"
		}
		b.Run(name, func(b *testing.B) { benchmarkStep(b, c.d, c.batch, c.arch) })
	}
	// The wide case with its products summed in single precision.
	b.Run("d=784/hidden=[256]/batch=64/float32", func(b *testing.B) {
		benchmarkUnitStep(b, 784, 1, 64, MLP{Hidden: []int{256}}, true)
	})
}

// BenchmarkStepUnits is BenchmarkStep's first case with its 50 features
// in 10 units of 5 (ten categories of five levels).
func BenchmarkStepUnits(b *testing.B) {
	benchmarkUnitStep(b, 50, 5, 64, MLP{Hidden: []int{64}}, false)
}

// BenchmarkStepOneHot measures a step on 20 000 rows of two numbers and
// a category of 1 000 levels (1 002 inputs, one 1 among the category's),
// hidden 64, batch 64, and on as many dense inputs: the products of the
// first layer skip the one-hot block's zeros (kernel.Products.Sparse).
func BenchmarkStepOneHot(b *testing.B) {
	const rows, levels = 20000, 1000
	for _, oneHot := range []bool{true, false} {
		ds := &data.Dataset{Task: data.Regression, Target: "y"}
		ds.Features = []string{"a", "b"}
		ds.Schema = []data.Column{{Name: "a"}, {Name: "b"}, {Name: "c", Kind: data.KindCategory, Levels: make([]string, levels)}}
		ds.Source = []int{0, 1}
		for l := range levels {
			ds.Features = append(ds.Features, fmt.Sprintf("c=%d", l))
			ds.Source = append(ds.Source, 2)
		}
		if !oneHot {
			ds.Schema, ds.Source = nil, nil
		}
		rng := seededRand(2)
		for range rows {
			row := make([]float64, 2+levels)
			row[0], row[1] = rng.NormFloat64(), rng.NormFloat64()
			level := rng.IntN(levels)
			if oneHot {
				row[2+level] = 1
			} else {
				for l := range levels {
					row[2+l] = rng.NormFloat64()
				}
			}
			ds.X = append(ds.X, row...)
			ds.Y = append(ds.Y, row[0]+float64(level%7)+rng.NormFloat64())
		}
		name := map[bool]string{true: "one-hot", false: "dense"}[oneHot]
		b.Run(name, func(b *testing.B) { benchmarkTrain(b, ds, 64, MLP{Hidden: []int{64}}, false) })
	}
}

// BenchmarkEpoch measures one epoch of the reference workload (1 600
// training rows, batch 64: 25 steps and one validation pass).
func BenchmarkEpoch(b *testing.B) {
	ds, _ := data.Friedman1(2000, 50, 1, seededRand(1))
	train, val := prepared(b, ds)
	net := newTestNet(b, ds, MLP{Hidden: []int{64}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Train(context.Background(), net, train, val, Config{Lambda: 0.05, Epochs: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
