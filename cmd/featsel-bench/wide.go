package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// runWide is the wide mode: featsel path with the command's defaults
// (cross-validated, refitted) on a synthetic table shaped like gene
// expression, few rows and very many features of which a few decide the
// class, and reports the time, the peak memory and the informative
// features recovered.
func runWide(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("featsel-bench wide", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 200, "rows")
	d := fs.Int("d", 20000, "features")
	k := fs.Int("informative", 5, "informative features (the first k)")
	seed := fs.Uint64("seed", 1, "seed of the table and of the path")
	dtype := fs.String("dtype", "float64", "the products' precision, float64 or float32 (featsel path --dtype)")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return 0
		}
		return 2
	}
	if *n < 20 || *d < 1 || *k < 1 || *k > *d || *dtype != "float64" && *dtype != "float32" {
		fmt.Fprintln(stderr, "featsel-bench wide: want --n >= 20, 1 <= --informative <= --d, --dtype float64 or float32")
		return 2
	}
	ds := wideTable(*n, *d, *k, *seed)
	cfg := regularize.SelectConfig{
		Path: regularize.PathConfig{
			Spec: regularize.Spec{Method: regularize.DefaultMethod}, Hidden: []int{regularize.DefaultHidden},
			Base: model.Config{Epochs: regularize.DefaultPathEpochs, Patience: regularize.DefaultPatience, BatchSize: 64,
				Seed: *seed, Float32: *dtype == "float32"},
		},
		Seed: *seed, Folds: regularize.FoldsAuto, Refit: true,
	}
	defer setGC(400)()
	start := time.Now()
	r, err := regularize.Select(context.Background(), ds, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "featsel-bench wide:", err)
		return 1
	}
	elapsed := time.Since(start)
	chosen := r.Mask
	found, noise := 0, 0
	for j, kept := range chosen {
		switch {
		case kept && j < *k:
			found++
		case kept:
			noise++
		}
	}
	epochs := r.Path.Epochs
	if r.CV != nil {
		for _, f := range r.CV.Folds {
			epochs += f.Epochs
		}
	}
	fmt.Fprintf(stdout, "wide: %d rows × %d features (%d informative), %s products, %d folds\n", *n, *d, *k, *dtype, r.Config.Folds)
	fmt.Fprintf(stdout, "path: %d λ, %d epochs with the folds', %.1f s, peak RSS %s\n", len(r.Path.Points), epochs, elapsed.Seconds(), peakRSS())
	fmt.Fprintf(stdout, "chosen: %d features, %d of the %d informative, %d others; val accuracy %.4f, refitted %.4f\n",
		found+noise, found, *k, noise, r.Path.Points[r.Chosen].ValMetric, r.Refit.Result.ValMetric)
	return 0
}

// wideTable is a classification shaped like gene expression: n rows of d
// standard normal features, the class the sign of a sparse linear score
// of the first k (SparseLinear's) above its median.
func wideTable(n, d, k int, seed uint64) *data.Dataset {
	ds, _ := data.SparseLinear(n, d, k, 0.5, rand.New(rand.NewPCG(seed, 20000)))
	median := slices.Clone(ds.Y)
	slices.Sort(median)
	cut := median[n/2]
	for i, y := range ds.Y {
		ds.Y[i] = 0
		if y > cut {
			ds.Y[i] = 1
		}
	}
	ds.Task, ds.Classes = data.Classification, []string{"low", "high"}
	return ds
}
