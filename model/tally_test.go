package model_test

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestPredictorParts: a table predicted a part at a time (data.ReadParts
// and a Predictor) gives the predictions and the score of the table
// predicted whole, for each task: classes with a label the model never
// saw, survival with rows skipped for a missing value, and three targets.
func TestPredictorParts(t *testing.T) {
	dir := t.TempDir()
	targets, _ := data.ThreeTargets(300, 8, 0.3, rand.New(rand.NewPCG(1, 1)))
	var b strings.Builder
	if err := targets.WriteCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	threePath := filepath.Join(dir, "three.csv")
	if err := os.WriteFile(threePath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		opts       data.CSVOptions
		missing    data.Missing
	}{
		{"classification", "../data/testdata/aids2.csv", data.CSVOptions{Target: "T_categ"}, data.MissingError},
		{"survival", "../data/testdata/pbc_train.csv", data.CSVOptions{Target: "time", Event: "status", Missing: data.MissingDrop}, data.MissingDrop},
		{"three targets", threePath, data.CSVOptions{Targets: targets.Targets}, data.MissingError},
	} {
		ds, err := data.ReadFile(c.path, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		train, val, st, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			t.Fatal(err)
		}
		net, err := model.New(train, model.MLP{Hidden: []int{8}}, rand.New(rand.NewPCG(3, 3)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := model.Train(context.Background(), net, train, val, model.Config{Epochs: 5, Seed: 4}); err != nil {
			t.Fatal(err)
		}
		f, err := model.NewFile(net, ds, st, "graph", 0)
		if err != nil {
			t.Fatal(err)
		}
		opts := f.CSVOptions(data.CSVOptions{Missing: c.missing})
		whole, err := data.ReadFile(c.path, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, err := f.Predict(whole, c.missing)
		if err != nil {
			t.Fatal(err)
		}
		pr, err := f.Predictor(c.missing)
		if err != nil {
			t.Fatal(err)
		}
		var records [][]string
		err = data.ReadParts(context.Background(), c.path, opts, 7, func(part *data.Dataset) error {
			p, err := pr.Predict(part)
			if err == nil {
				records = append(records, p.Records()[1:]...)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got := pr.Score()
		if !slices.EqualFunc(records, want.Records()[1:], slices.Equal) {
			t.Errorf("%s: the parts' predictions differ from the whole table's", c.name)
		}
		close := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y)) }
		w := want.Score
		if got.Rows != w.Rows || got.Correct != w.Correct || !close(got.Accuracy, w.Accuracy) || !slices.Equal(got.Unknown, w.Unknown) ||
			!close(got.BalancedAccuracy, w.BalancedAccuracy) || !close(got.R2, w.R2) || len(got.Targets) != len(w.Targets) ||
			got.Concordance != w.Concordance || got.Events != w.Events {
			t.Errorf("%s: score of the parts %+v, of the whole %+v", c.name, got, w)
		}
		for k := range got.Targets {
			if g, w := got.Targets[k], w.Targets[k]; g.Name != w.Name || !close(g.R2, w.R2) || !close(g.RMSE, w.RMSE) {
				t.Errorf("%s: target %d: %+v, want %+v", c.name, k, g, w)
			}
		}
		// The case tests what it says.
		skipped := slices.Contains(want.Skipped, true)
		if c.name == "survival" && (!skipped || w.Events == 0) || c.name == "three targets" && len(w.Targets) != 3 || w.Rows < 100 {
			t.Errorf("%s: a weak case: %d rows scored, skipped rows %v, %d targets", c.name, w.Rows, skipped, len(w.Targets))
		}
	}
}
