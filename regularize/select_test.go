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

// quickSelect is a small, fast selection configuration for tests of the
// workflow's plumbing.
func quickSelect(folds int, testFrac float64) SelectConfig {
	return SelectConfig{
		Path:     PathConfig{Spec: Spec{Method: "prox-adam"}, Hidden: []int{4}, Multiplier: 2, Base: model.Config{Epochs: 20}},
		Seed:     3,
		Folds:    folds,
		TestFrac: testFrac,
	}
}

// TestFoldsAuto: FoldsAuto cross-validates when the validation part would
// hold fewer than AutoFoldsValRows rows (with fewer folds where two rows
// each do not fill AutoFolds), not otherwise, and counts the rows left
// after the test part.
func TestFoldsAuto(t *testing.T) {
	if testing.Short() {
		t.Skip("trains whole paths")
	}
	for _, tc := range []struct {
		rows     int
		valFrac  float64
		testFrac float64
		want     int
	}{
		{297, 0.2, 0, AutoFolds}, // 59 validation rows
		{298, 0.2, 0, 0},         // 60
		{340, 0.2, 0.2, AutoFolds},
		{500, 0.1, 0, AutoFolds},
		{250, 0.5, 0, 0},
		{6, 0.2, 0, 3},
	} {
		ds, _ := data.SparseLinear(tc.rows, 3, 1, 0.3, rand.New(rand.NewPCG(1, 2)))
		cfg := quickSelect(FoldsAuto, tc.testFrac)
		cfg.ValFrac = tc.valFrac
		sel, err := Select(context.Background(), ds, cfg)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if sel.CV != nil {
			got = len(sel.CV.Folds)
		}
		if sel.Config.Folds != tc.want || got != tc.want {
			t.Errorf("%d rows, validation fraction %v, test fraction %v: Config.Folds %d, %d folds run; want %d", tc.rows, tc.valFrac, tc.testFrac, sel.Config.Folds, got, tc.want)
		}
	}
}

// TestTestFrac: the test part is held out from everything else, and its
// score is what the saved model scores on those rows.
func TestTestFrac(t *testing.T) {
	ds, _ := data.SparseLinear(200, 6, 2, 0.3, rand.New(rand.NewPCG(4, 1)))
	cfg := quickSelect(0, 0.25)
	cfg.Path.Base.Epochs = 500
	sel, err := Select(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sel.Refit == nil || sel.Test == nil {
		t.Fatal("TestFrac must refit and score the test part")
	}
	if n := len(sel.TestRows); n != 50 || sel.Test.Rows != 50 || sel.Train.Rows()+sel.Val.Rows() != 150 {
		t.Fatalf("%d test rows scored %d, %d training + %d validation; want 50, 50 and 150", n, sel.Test.Rows, sel.Train.Rows(), sel.Val.Rows())
	}
	if !slices.IsSorted(sel.TestRows) {
		t.Error("the test rows are not in order")
	}
	f, err := sel.File(ds)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Predict(ds.Subset(sel.TestRows).Columns(sel.Refit.Mask), data.MissingError)
	if err != nil {
		t.Fatal(err)
	}
	if p.Score.R2 != sel.Test.R2 || !(sel.Test.R2 > 0.5) {
		t.Errorf("test R² %v, the saved model's on the test rows %v (want equal, and > 0.5)", sel.Test.R2, p.Score.R2)
	}
	if _, err := Select(context.Background(), ds, quickSelect(0, 1)); err == nil {
		t.Error("TestFrac 1 accepted")
	}
	if _, err := Select(context.Background(), ds, quickSelect(0, 0.001)); err == nil || !strings.Contains(err.Error(), "holds out 1 of 200 rows") {
		t.Errorf("a test part of one row: %v", err)
	}
}

// TestTestRowsHeldOut: the test rows take no part in the selection:
// changing them changes the test score and nothing else.
func TestTestRowsHeldOut(t *testing.T) {
	ds, _ := data.SparseLinear(120, 5, 2, 0.3, rand.New(rand.NewPCG(6, 1)))
	cfg := quickSelect(2, 0.25)
	cfg.Path.Base.Epochs = 300
	a, err := Select(context.Background(), ds, cfg)
	if err != nil {
		t.Fatal(err)
	}
	changed := ds.Subset(seqRows(ds.Rows()))
	for _, i := range a.TestRows {
		changed.Y[i] = -changed.Y[i] * 3
		for j := range changed.Cols() {
			changed.X[i*changed.Cols()+j] *= 7
		}
	}
	b, err := Select(context.Background(), changed, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Path.Points) != len(b.Path.Points) || a.Chosen != b.Chosen || a.Refit.Result.ValMetric != b.Refit.Result.ValMetric {
		t.Fatalf("the selection changed with the test rows: %d/%d points, chosen %d/%d", len(a.Path.Points), len(b.Path.Points), a.Chosen, b.Chosen)
	}
	for k := range a.Path.Points {
		if a.Path.Points[k].ValMetric != b.Path.Points[k].ValMetric || a.CV.Metric[k] != b.CV.Metric[k] {
			t.Fatalf("point %d differs", k)
		}
	}
	if a.Test.R2 == b.Test.R2 {
		t.Error("the test score did not change with the test rows")
	}
}
