package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestSelectProgress: Select with folds, a refit and stability selection
// reports its stages in order, the main path's every point (and only
// its), each stage's parts all done by its end, and at the end every
// epoch of every path; the estimate of what remains appears once a part
// is done. The progress does not change the result.
func TestSelectProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("trains whole paths")
	}
	ds, _ := data.SparseLinear(120, 5, 2, 0.3, rand.New(rand.NewPCG(1, 2)))
	cfg := quickSelect(3, 0)
	cfg.Refit = true
	cfg.Stability = &StabilityConfig{Subsamples: 4}
	var got []Progress
	cfg.Progress = func(p Progress) { got = append(got, p) }
	r, err := Select(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var stages []string
	for i, p := range got {
		if i == 0 || p.Stage != got[i-1].Stage {
			stages = append(stages, p.Stage)
			if i > 0 && got[i-1].Parts > 0 && got[i-1].Done != got[i-1].Parts {
				t.Errorf("stage %s ended with %d of %d parts done", got[i-1].Stage, got[i-1].Done, got[i-1].Parts)
			}
		}
		if p.Features != 5 || p.Elapsed < 0 || i > 0 && p.Elapsed < got[i-1].Elapsed {
			t.Errorf("progress %d: %+v", i, p)
		}
	}
	if want := []string{StagePath, StageRefit, StageStability}; !slices.Equal(stages, want) {
		t.Errorf("stages %v, want %v", stages, want)
	}
	last := got[len(got)-1]
	if last.Done != 4 || last.Parts != 4 {
		t.Errorf("stability ended with %d of %d parts done, want 4 of 4", last.Done, last.Parts)
	}
	main := r.Path.Points[len(r.Path.Points)-1]
	if last.Lambdas != len(r.Path.Points) || last.Lambda != main.Lambda || last.Selected != main.Selected {
		t.Errorf("the main path: %d points, last λ %v with %d selected; progress says %d, %v, %d",
			len(r.Path.Points), main.Lambda, main.Selected, last.Lambdas, last.Lambda, last.Selected)
	}
	epochs := r.Path.Epochs
	for _, f := range r.CV.Folds {
		epochs += f.Epochs
	}
	if last.Epochs < epochs {
		t.Errorf("progress counted %d epochs, fewer than the main path's and the folds' %d", last.Epochs, epochs)
	}
	if !slices.ContainsFunc(got, func(p Progress) bool { return p.Remaining > 0 }) {
		t.Error("no estimate of what remains, though stages of several parts ran")
	}
	cfg.Progress = nil
	again, err := Select(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.Path.Points[again.Chosen].Weights, r.Path.Points[r.Chosen].Weights) {
		t.Error("the chosen weights differ with and without progress")
	}
}

// TestCompareProgress: Compare counts every epoch of every trial, a
// trial stopped early by its patience its epochs left as done, so that
// the parts are all done at the end.
func TestCompareProgress(t *testing.T) {
	ds, _ := data.SparseLinear(100, 4, 2, 0.3, rand.New(rand.NewPCG(1, 3)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 4)))
	if err != nil {
		t.Fatal(err)
	}
	var got []Progress
	cfg := FitConfig{Hidden: []int{4}, Base: model.Config{Epochs: 12, Patience: 2}, InitSeed: 1,
		Progress: func(p Progress) { got = append(got, p) }}
	trials := []Trial{{Spec: Spec{Method: "graph", Lambda: 0.01}}, {Spec: Spec{Method: "prox-adam", Lambda: 0.01}}}
	out := Compare(context.Background(), train, val, trials, cfg)
	last := got[len(got)-1]
	epochs := 0
	for _, o := range out {
		epochs += len(o.Result.History)
	}
	if last.Stage != StageTrain || last.Parts != 24 || last.Done != 24 || last.Epochs != epochs {
		t.Errorf("last progress %+v; want stage train, 24 of 24 parts done, %d epochs", last, epochs)
	}
}
