package regularize

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestRefitAll: the retraining on all the rows takes the refit's best
// number of epochs over the training and validation rows together (three
// batches of 64 an epoch from 200 rows, where the training part's 160
// give two) and keeps the last; Select with RefitAll trains it on the
// chosen columns of every row standardised as the training part was (the
// target of a regression too), and saves that network, not the refit's.
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
	all, err := RefitAll(context.Background(), standardRows(ds, st, mask), val.Columns(mask), rf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := all.Result.History
	if len(h) != epochs {
		t.Errorf("%d epochs on all the rows, want the refit's best, %d", len(h), epochs)
	}
	if want := 3 * epochs; all.Result.Steps != want {
		t.Errorf("%d steps, want %d (3 batches of 64 from 200 rows, %d epochs)", all.Result.Steps, want, epochs)
	}
	if all.Result.ValLoss != h[len(h)-1].ValLoss {
		t.Errorf("kept a validation loss of %v, the last epoch's is %v", all.Result.ValLoss, h[len(h)-1].ValLoss)
	}

	// Every row of the standardised parts, target included, is a row of
	// the standardised whole.
	rows := standardRows(ds, st, mask)
	key := func(d *data.Dataset, i int) string { return fmt.Sprint(d.Row(i), d.TargetRow(i)) }
	whole := map[string]bool{}
	for i := range rows.Rows() {
		whole[key(rows, i)] = true
	}
	for _, part := range []*data.Dataset{train.Columns(mask), val.Columns(mask)} {
		for i := range part.Rows() {
			if !whole[key(part, i)] {
				t.Fatalf("row %v of a standardised part is not one of the standardised rows", key(part, i))
			}
		}
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

// TestRefitMethod: SelectConfig.RefitMethod refits an ista path's choice
// with prox-adam's solver and learning rate: the same weights, bit for
// bit, as Refit with prox-adam on those features, and the saved model
// names prox-adam; an unknown method is refused.
func TestRefitMethod(t *testing.T) {
	ds, _ := data.SparseLinear(200, 6, 2, 0.3, rand.New(rand.NewPCG(1, 1)))
	path := PathConfig{Spec: Spec{Method: "ista"}, Hidden: []int{8}, Base: model.Config{Epochs: 30}, Multiplier: 2, MaxLambdas: 6}
	sel, err := Select(context.Background(), ds, SelectConfig{Seed: 1, RefitMethod: "prox-adam", Path: path})
	if err != nil {
		t.Fatal(err)
	}
	adam := path
	adam.Spec, adam.Base.Seed, adam.InitSeed = Spec{Method: "prox-adam"}, 1, 1
	rf, err := Refit(context.Background(), sel.Train, sel.Val, sel.Mask, adam)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range sel.Refit.Net.Params() {
		if !slices.Equal(p.Data(), rf.Net.Params()[i].Data()) {
			t.Errorf("the refit's %s is not prox-adam's", p.Name)
		}
	}
	f, err := sel.File(ds)
	if err != nil || f.Method != "prox-adam" {
		t.Errorf("the saved model's method %q (%v), want prox-adam", f.Method, err)
	}
	if _, err := Select(context.Background(), ds, SelectConfig{Seed: 1, RefitMethod: "adam", Path: path}); err == nil {
		t.Error("RefitMethod adam: no error")
	}
}
