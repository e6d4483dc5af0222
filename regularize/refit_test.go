package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestRefitAll: the retraining on all the rows takes the refit's best
// number of epochs over the training and validation rows together (three
// batches of 64 an epoch from 200 rows, where the training part's 160
// give two), and Select with RefitAll saves that network, not the refit's.
func TestRefitAll(t *testing.T) {
	ds, _ := data.SparseLinear(200, 6, 2, 0.3, rand.New(rand.NewPCG(1, 1)))
	train, val, st, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	mask := []bool{true, true, false, true, false, false}
	cfg := PathConfig{Spec: Spec{Method: "prox-adam"}, Hidden: []int{8}, Base: model.Config{Epochs: 300, Seed: 4, LearnRate: 0.01}, InitSeed: 5}
	rf, err := Refit(context.Background(), train, val, mask, cfg)
	if err != nil {
		t.Fatal(err)
	}
	epochs := rf.Result.BestEpoch
	if !(epochs > 0 && epochs < len(rf.Result.History)) {
		t.Fatalf("the refit's best epoch %d of %d: the test needs one before the last", epochs, len(rf.Result.History))
	}
	rows := ds.Subset(seqRows(ds.Rows()))
	st.Apply(rows)
	all, err := RefitAll(context.Background(), rows, val, rf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(all.Result.History); got != epochs {
		t.Errorf("%d epochs on all the rows, want the refit's best, %d", got, epochs)
	}
	if want := 3 * epochs; all.Result.Steps != want {
		t.Errorf("%d steps, want %d (3 batches of 64 from 200 rows, %d epochs)", all.Result.Steps, want, epochs)
	}

	sel, err := Select(context.Background(), ds, SelectConfig{Seed: 1, RefitAll: true, Path: PathConfig{
		Spec: Spec{Method: "prox-adam"}, Hidden: []int{8}, Base: model.Config{Epochs: 30}, Multiplier: 2, MaxLambdas: 6}})
	if err != nil {
		t.Fatal(err)
	}
	if sel.Refit == nil || sel.Final == nil || len(sel.Final.Result.History) != sel.Refit.Result.BestEpoch {
		t.Fatalf("RefitAll gave the refit %v and the final model %v", sel.Refit, sel.Final)
	}
	f, err := sel.File(ds)
	if err != nil {
		t.Fatal(err)
	}
	net, err := f.Net()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range net.Params() {
		if !slices.Equal(p.Data(), sel.Final.Net.Params()[i].Data()) {
			t.Errorf("the saved model's %s is not the final model's", p.Name)
		}
	}
}
