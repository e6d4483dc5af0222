package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// runTargets is the targets mode: one network for three regression
// targets that depend on overlapping subsets of 6 of 30 features
// (data.ThreeTargets), over several seeds: featsel path with λ chosen by
// folds, refitted and scored once on a test part held out before the
// selection. It reports per seed the features kept, the informative
// among them, and the test R² of each target.
func runTargets(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("featsel-bench targets", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "rows")
	d := fs.Int("d", 30, "features (the first 6 informative)")
	seeds := fs.Int("seeds", 5, "tables, seeds 1 to this")
	folds := fs.Int("folds", 5, "folds that choose λ (featsel path --folds)")
	testFrac := fs.Float64("test-frac", 0.2, "the test part (featsel path --test-frac)")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return 0
		}
		return 2
	}
	if *n < 50 || *d < 6 || *seeds < 1 || *folds < 2 || !(*testFrac > 0 && *testFrac < 1) {
		fmt.Fprintln(stderr, "featsel-bench targets: want --n >= 50, --d >= 6, --seeds >= 1, --folds >= 2, 0 < --test-frac < 1")
		return 2
	}
	fmt.Fprintf(stdout, "%4s  %4s  %11s  %6s  %7s  %7s  %7s  %7s  %7s\n", "seed", "kept", "informative", "others", "test R²", "a", "b", "c", "seconds")
	for seed := uint64(1); seed <= uint64(*seeds); seed++ {
		ds, informative := data.ThreeTargets(*n, *d, 0.3, rand.New(rand.NewPCG(seed, 3)))
		cfg := regularize.SelectConfig{
			Path: regularize.PathConfig{
				Spec: regularize.Spec{Method: regularize.DefaultMethod}, Hidden: []int{regularize.DefaultHidden},
				Base: model.Config{Epochs: regularize.DefaultPathEpochs, Patience: regularize.DefaultPatience},
			},
			Seed: seed, Folds: *folds, Refit: true, TestFrac: *testFrac,
		}
		start := time.Now()
		r, err := regularize.Select(context.Background(), ds, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "featsel-bench targets:", err)
			return 1
		}
		kept, found := 0, 0
		for j, k := range r.Refit.Mask {
			if k {
				kept++
				if j < len(informative) {
					found++
				}
			}
		}
		var perTarget []string
		for _, t := range r.Test.Targets {
			perTarget = append(perTarget, fmt.Sprintf("%7.4f", t.R2))
		}
		fmt.Fprintf(stdout, "%4d  %4d  %7d of %d  %6d  %7.4f  %s  %7.1f\n", seed, kept, found, len(informative), kept-found,
			r.Test.R2, strings.Join(perTarget, "  "), time.Since(start).Seconds())
	}
	fmt.Fprintf(stdout, "data.ThreeTargets: %d rows × %d features, noise 0.3; featsel path --target a,b,c --folds %d --test-frac %g (refitted, scored once on the test part)\n",
		*n, *d, *folds, *testFrac)
	return 0
}
