package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestCompareRepeats: repeat r is the comparison of seed Seed + r (its
// split, initial weights and batches); the repeats differ; three shards
// merged give the repeats of one run bit for bit, and two of them are
// refused.
func TestCompareRepeats(t *testing.T) {
	ds, _ := data.SparseLinear(200, 6, 2, 0.5, rand.New(rand.NewPCG(2, 2)))
	var trials []Trial
	for _, m := range []string{"graph", "prox-adam"} {
		s := Spec{Method: m}
		s.Lambda = s.DefaultLambda([]int{8}, 1)
		trials = append(trials, Trial{Spec: s})
	}
	cfg := FitConfig{Hidden: []int{8}, Base: model.Config{Epochs: 3, BatchSize: 16}}
	rc := RepeatConfig{Repeats: 3, Seed: 7}
	ctx := context.Background()
	all, _, err := CompareRepeats(ctx, ds, trials, cfg, rc, nil)
	if err != nil {
		t.Fatal(err)
	}
	for r, seed := range rc.Seeds() {
		train, val, _, err := data.Prepare(ds, DefaultValFrac, rand.New(rand.NewPCG(seed, 1)))
		if err != nil {
			t.Fatal(err)
		}
		c := cfg
		c.Base.Seed, c.InitSeed = seed, seed
		for i, o := range Compare(ctx, train, val, trials, c) {
			if got := all[r][i]; got.Err != nil || !slices.Equal(got.Weights, o.Weights) || got.Result.ValMetric != o.Result.ValMetric {
				t.Errorf("repeat %d, %s: not the comparison of seed %d", r, o.Spec.Method, seed)
			}
		}
	}
	if slices.Equal(all[0][0].Weights, all[1][0].Weights) {
		t.Error("two repeats gave the same weights")
	}
	var parts []*Part
	for i := range 3 {
		_, p, err := CompareRepeats(ctx, ds, trials, cfg, rc, &Shard{i, 3})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	merged, err := MergeRepeats(ds, trials, cfg, rc, parts, nil)
	if err != nil {
		t.Fatal(err)
	}
	for r := range all {
		for i := range all[r] {
			if !slices.Equal(merged[r][i].Weights, all[r][i].Weights) || merged[r][i].Result.ValLoss != all[r][i].Result.ValLoss {
				t.Errorf("repeat %d, trial %d: the merged shards differ from one run", r, i)
			}
		}
	}
	if _, err := MergeRepeats(ds, trials, cfg, rc, parts[:2], nil); err == nil || !strings.Contains(err.Error(), "lack shard 2/3") {
		t.Errorf("two of three shards: %v", err)
	}
}
