package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
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

// TestFoldsAuto: FoldsAuto cross-validates below AutoFoldsRows rows (with
// fewer folds where two rows each do not fill AutoFolds), not above, and
// counts the rows left after the test part.
func TestFoldsAuto(t *testing.T) {
	if testing.Short() {
		t.Skip("trains whole paths")
	}
	for _, tc := range []struct {
		rows     int
		testFrac float64
		want     int
	}{
		{AutoFoldsRows - 1, 0, AutoFolds},
		{AutoFoldsRows, 0, 0},
		{AutoFoldsRows + 40, 0.2, AutoFolds}, // 272 rows left
		{6, 0, 3},
	} {
		ds, _ := data.SparseLinear(tc.rows, 3, 1, 0.3, rand.New(rand.NewPCG(1, 2)))
		sel, err := Select(context.Background(), ds, quickSelect(FoldsAuto, tc.testFrac))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if sel.CV != nil {
			got = len(sel.CV.Folds)
		}
		if sel.Config.Folds != tc.want || got != tc.want {
			t.Errorf("%d rows, test fraction %v: Config.Folds %d, %d folds run; want %d", tc.rows, tc.testFrac, sel.Config.Folds, got, tc.want)
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
}
