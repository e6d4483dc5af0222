package regularize

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// shardedConfig is a short selection with folds, stability selection and
// a refit: 2 folds and 4 halves, 6 units.
func shardedConfig() SelectConfig {
	return SelectConfig{Seed: 3, Folds: 2, Refit: true, Stability: &StabilityConfig{Subsamples: 4},
		Path: PathConfig{Spec: Spec{Method: "prox-adam"}, Hidden: []int{8}, Base: model.Config{Epochs: 20},
			Multiplier: 1.5, MaxLambdas: 15}}
}

// shardParts runs the shards of cfg on ds, each part written and read
// back as a file would be.
func shardParts(t *testing.T, ds *data.Dataset, cfg SelectConfig, count int) []*Part {
	t.Helper()
	var parts []*Part
	for i := range count {
		c := cfg
		c.Shard = &Shard{i, count}
		r, err := Select(context.Background(), ds, c)
		if err != nil {
			t.Fatal(err)
		}
		if r.Refit != nil || r.Stability != nil {
			t.Errorf("shard %d refitted or read the stability selection: that is the merge's", i)
		}
		var buf bytes.Buffer
		if err := WritePart(&buf, r.Part); err != nil {
			t.Fatal(err)
		}
		p, err := ReadPart(&buf)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	return parts
}

// TestShardsMerge: the selection split into 3 shards and merged is the
// selection run whole, bit for bit: the path, the cross-validated curve,
// the choice, the refit and the stability selection's probabilities.
func TestShardsMerge(t *testing.T) {
	ds, _ := data.Friedman1(160, 8, 0.5, rand.New(rand.NewPCG(2, 0)))
	cfg := shardedConfig()
	whole, err := Select(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	parts := shardParts(t, ds, cfg, 3)
	for _, p := range parts {
		if p.Units != 6 || len(p.Results) != 2 {
			t.Errorf("shard %v: %d units of %d, want 2 of 6", p.Shard, len(p.Results), p.Units)
		}
	}
	merged, err := Merge(context.Background(), ds, cfg, parts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(merged.Stability, whole.Stability) {
		t.Errorf("stability: merged %+v, whole %+v", merged.Stability, whole.Stability)
	}
	if !reflect.DeepEqual(merged.CV.Metric, whole.CV.Metric) || !reflect.DeepEqual(merged.CV.SE, whole.CV.SE) {
		t.Errorf("the cross-validated curve differs: merged %v, whole %v", merged.CV.Metric, whole.CV.Metric)
	}
	if merged.Chosen != whole.Chosen || merged.Best != whole.Best || !samePath(merged.Path, whole.Path) {
		t.Errorf("choice: merged %d (best %d), whole %d (best %d)", merged.Chosen, merged.Best, whole.Chosen, whole.Best)
	}
	if !reflect.DeepEqual(merged.Refit.Mask, whole.Refit.Mask) || merged.Refit.Result.ValMetric != whole.Refit.Result.ValMetric {
		t.Errorf("refit: merged %v %v, whole %v %v", merged.Refit.Mask, merged.Refit.Result.ValMetric, whole.Refit.Mask, whole.Refit.Result.ValMetric)
	}
	// The same units split otherwise merge to the same.
	again, err := Merge(context.Background(), ds, cfg, shardParts(t, ds, cfg, 2), nil)
	if err != nil || !reflect.DeepEqual(again.Stability, whole.Stability) {
		t.Errorf("2 shards: %v, stability %+v", err, again.Stability)
	}
}

// TestMergeRefuses: a missing, duplicated or foreign part is refused with
// what is wrong.
func TestMergeRefuses(t *testing.T) {
	ds, _ := data.Friedman1(120, 6, 0.5, rand.New(rand.NewPCG(2, 0)))
	cfg := shardedConfig()
	cfg.Folds, cfg.Stability.Subsamples = 0, 3
	parts := shardParts(t, ds, cfg, 3)
	names := []string{"a.part", "b.part", "c.part"}
	other := cfg
	other.Seed = 4
	// Parts tampered with, as another program might have written them.
	tampered := func(change func(ps []*Part)) []*Part {
		var ps []*Part
		for _, p := range parts {
			var buf bytes.Buffer
			if err := WritePart(&buf, p); err != nil {
				t.Fatal(err)
			}
			q, err := ReadPart(&buf)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, q)
		}
		change(ps)
		return ps
	}
	for _, tc := range []struct {
		name  string
		parts []*Part
		cfg   SelectConfig
		msg   string
	}{
		{"missing", parts[:2], cfg, "the parts lack shard 2/3 of the 3"},
		{"duplicated", []*Part{parts[0], parts[1], parts[1]}, cfg, "b.part and c.part are both shard 1/3"},
		{"other settings", parts, other, "a.part: a shard of other data or settings than those read now"},
		{"parts of two runs", tampered(func(ps []*Part) { ps[1].Fingerprint = "another" }), cfg, "a.part and b.part are shards of different runs"},
		{"other units", tampered(func(ps []*Part) { ps[2].Units = 9 }), cfg, "c.part: 9 units, this run has 3"},
		{"other main path", tampered(func(ps []*Part) { ps[1].Main.Points[0].ValLoss++ }), cfg, "a.part and b.part computed different main paths"},
		{"a unit in another shard", tampered(func(ps []*Part) { ps[0].Results[1] = ps[1].Results[1] }), cfg, "a.part: unit 1 is not one of shard 0/3's"},
		{"a unit missing", tampered(func(ps []*Part) { delete(ps[2].Results, 2) }), cfg, "the parts lack unit 2 of the 3"},
	} {
		_, err := Merge(context.Background(), ds, tc.cfg, tc.parts, names)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.msg)
		}
	}
	// The same table scaled another way (--standardize=false) is other data.
	scaled := *ds
	scaled.CommonScale = true
	if _, err := Merge(context.Background(), &scaled, cfg, parts, names); err == nil || !strings.Contains(err.Error(), "a shard of other data or settings") {
		t.Errorf("parts of the table scaled by its columns' own scales, merged for one scaled by a common scale: %v", err)
	}
	if _, err := ReadPart(strings.NewReader("not a part")); !errors.Is(err, ErrPart) {
		t.Errorf("a file that is no part: %v", err)
	}
}

// TestFingerprintSettings: the steps toward K and KeepLast change the
// fingerprint; MaxMultiplier without K, which changes nothing, does not.
func TestFingerprintSettings(t *testing.T) {
	ds, _ := data.SparseLinear(30, 3, 1, 0.5, rand.New(rand.NewPCG(1, 1)))
	base := SelectConfig{Path: PathConfig{Spec: Spec{Method: "prox-adam"}, K: 2}}
	with := func(f func(*SelectConfig)) string {
		cfg := base
		f(&cfg)
		return Fingerprint(ds, cfg)
	}
	plain := Fingerprint(ds, base)
	if with(func(c *SelectConfig) { c.Path.MaxMultiplier = 1.05 }) == plain {
		t.Error("MaxMultiplier with K does not change the fingerprint")
	}
	if with(func(c *SelectConfig) { c.Path.Base.KeepLast = true }) == plain {
		t.Error("Base.KeepLast does not change the fingerprint")
	}
	base.Path.K = 0
	if with(func(c *SelectConfig) { c.Path.MaxMultiplier = 1.05 }) != Fingerprint(ds, base) {
		t.Error("MaxMultiplier without K changes the fingerprint")
	}
}
