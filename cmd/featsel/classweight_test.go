package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize/report"
)

// skewedTable is a CSV table of n rows with a rare class: "rare" with
// probability 0.1, its two informative features shifted by +1 from the
// common class's N(0, 1), plus a noise feature. The classes overlap, so an
// unweighted loss, which counts the common class nine times as often, puts
// most rare rows in the common class.
func skewedTable(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 3))
	var b strings.Builder
	b.WriteString("a,b,noise,y\n")
	for range n {
		label, shift := "common", 0.0
		if rng.Float64() < 0.1 {
			label, shift = "rare", 1
		}
		fmt.Fprintf(&b, "%.4f,%.4f,%.4f,%s\n", rng.NormFloat64()+shift, rng.NormFloat64()+shift, rng.NormFloat64(), label)
	}
	return b.String()
}

// TestClassWeightBalanced trains on a skewed table with and without
// --class-weight balanced and scores both saved models on a fresh table
// from the same distribution: the rare class's recall rises (from the few
// rows an unweighted loss gives it to most of them), and the report gives
// the weights n/(K·n_c), the recall of each class and the balanced
// accuracy.
func TestClassWeightBalanced(t *testing.T) {
	dir := t.TempDir()
	train := write(t, dir, "train.csv", skewedTable(1000, 1))
	test := write(t, dir, "test.csv", skewedTable(2000, 2))
	recall := map[string]float64{}
	for _, cw := range []string{"none", "balanced"} {
		saved, rep := filepath.Join(dir, cw+".model"), filepath.Join(dir, cw+".json")
		code, out, stderr := runArgs("train", "--data", train, "--class-weight", cw, "--epochs", "60", "--lambda", "0",
			"--save", saved, "--report", rep)
		if code != 0 {
			t.Fatalf("train --class-weight %s: exit %d: %s", cw, code, stderr)
		}
		if got := strings.Contains(out, "val_balanced_accuracy"); got != (cw == "balanced") {
			t.Errorf("train --class-weight %s: balanced accuracy printed %v, want %v:\n%s", cw, got, cw == "balanced", out)
		}
		mf, err := os.Open(saved)
		if err != nil {
			t.Fatal(err)
		}
		f, err := model.Load(mf)
		mf.Close()
		if err != nil {
			t.Fatal(err)
		}
		ds, err := data.ReadFile(test, f.CSVOptions(data.CSVOptions{}))
		if err != nil {
			t.Fatal(err)
		}
		pred, err := f.Predict(ds, data.MissingError)
		if err != nil {
			t.Fatal(err)
		}
		rows, right := map[string]int{}, map[string]int{}
		for i, y := range ds.Y {
			c := ds.Classes[int(y)]
			rows[c]++
			if pred.Labels[i] == c {
				right[c]++
			}
		}
		recall[cw] = float64(right["rare"]) / float64(rows["rare"])
		balanced := (recall[cw] + float64(right["common"])/float64(rows["common"])) / 2
		if got := pred.Score.BalancedAccuracy; math.Abs(got-balanced) > 1e-12 {
			t.Errorf("--class-weight %s: Score.BalancedAccuracy %v, want the mean recall %v", cw, got, balanced)
		}
		// The model file says how the loss weighed the classes, and predict
		// gives the balanced accuracy of a model trained for it.
		if want := map[string]string{"none": "", "balanced": "balanced"}[cw]; f.ClassWeight != want {
			t.Errorf("--class-weight %s: the model file's class_weight %q, want %q", cw, f.ClassWeight, want)
		}
		code, out, stderr = runArgs("predict", "--model", saved, "--data", test, "--out", filepath.Join(dir, cw+".csv"))
		line := fmt.Sprintf(", balanced accuracy %.4f", balanced)
		if code != 0 || strings.Contains(out, line) != (cw == "balanced") {
			t.Errorf("predict, a model trained with --class-weight %s: exit %d, %q (stderr %q); want %q only when balanced", cw, code, out, stderr, line)
		}
	}
	t.Logf("recall of the rare class on 2000 new rows: none %.3f, balanced %.3f", recall["none"], recall["balanced"])
	if !(recall["balanced"] > recall["none"]+0.2) {
		t.Errorf("recall of the rare class: balanced %.3f, none %.3f; want balanced higher by more than 0.2", recall["balanced"], recall["none"])
	}
}

// TestClassWeightBadFlags: an unknown value and a regression are flag
// errors, exit 2, before any training.
func TestClassWeightBadFlags(t *testing.T) {
	dir := t.TempDir()
	reg := write(t, dir, "reg.csv", "a,b,y\n1,2,0.5\n2,1,1.5\n3,3,2.25\n4,2,0.75\n5,1,3.5\n6,2,1.25\n")
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"unknown value", []string{"train", "--class-weight", "auto"}, `--class-weight: "auto" is not none or balanced`},
		{"train regression", []string{"train", "--data", reg, "--class-weight", "balanced"}, "--class-weight balanced weighs classes, and the task is regression"},
		{"compare regression", []string{"compare", "--data", reg, "--class-weight", "balanced"}, "--class-weight balanced weighs classes"},
		{"path regression", []string{"path", "--data", reg, "--class-weight", "balanced"}, "--class-weight balanced weighs classes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runArgs(tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("run(%q) = %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.stderr)
			}
			if out != "" {
				t.Errorf("run(%q) wrote %q to stdout, want nothing", tc.args, out)
			}
		})
	}
}

// TestClassWeightReports: with --class-weight balanced, compare's table
// and path's table, chosen, best and refit lines give the balanced
// accuracy beside the accuracy, and their JSON reports hold it.
func TestClassWeightReports(t *testing.T) {
	dir := t.TempDir()
	train := write(t, dir, "train.csv", skewedTable(400, 1))
	cmpFile := filepath.Join(dir, "c.json")
	code, out, stderr := runArgs("compare", "--data", train, "--class-weight", "balanced", "--methods", "graph,prox-adam",
		"--epochs", "5", "--report", cmpFile)
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	var c report.Compare
	if err := json.Unmarshal(mustRead(t, cmpFile), &c); err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Methods {
		if _, ok := m.Metrics["val_balanced_accuracy"]; !ok || m.ClassWeight != "balanced" || len(m.Recalls) != 2 {
			t.Errorf("compare report of %s: metrics %v, class_weight %q, val_recall %v", m.Method, m.Metrics, m.ClassWeight, m.Recalls)
		}
	}
	if !strings.Contains(out, "val_balanced_accuracy") {
		t.Errorf("compare table lacks val_balanced_accuracy:\n%s", out)
	}
	pathFile := filepath.Join(dir, "p.json")
	code, out, stderr = runArgs("path", "--data", train, "--class-weight", "balanced", "--multiplier", "2", "--epochs", "5",
		"--max-lambdas", "8", "--folds", "0", "--refit", "--report", pathFile)
	if code != 0 {
		t.Fatalf("path: exit %d: %s", code, stderr)
	}
	var p report.Path
	if err := json.Unmarshal(mustRead(t, pathFile), &p); err != nil {
		t.Fatal(err)
	}
	if p.ClassWeight != "balanced" || p.Chosen.Balanced == nil || p.Best.Balanced == nil || p.Refit == nil || p.Refit.Balanced == nil {
		t.Errorf("path report: class_weight %q, chosen %v, best %v, refit %+v", p.ClassWeight, p.Chosen.Balanced, p.Best.Balanced, p.Refit)
	}
	for k, e := range p.Path {
		if e.Balanced == nil {
			t.Errorf("path entry %d has no val_balanced_accuracy", k)
		}
	}
	for _, want := range []string{"val_balanced_accuracy", "chosen:  λ=", "balanced accuracy"} {
		if !strings.Contains(out, want) {
			t.Errorf("path output lacks %q:\n%s", want, out)
		}
	}
}
