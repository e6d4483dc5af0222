package main

import (
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/regularize/report"
)

func TestPathCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a path with cross-validation, refit and stability selection")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "p.json")
	code, out, stderr := runArgs("path", "--multiplier", "1.5", "--epochs", "30", "--max-lambdas", "30",
		"--folds", "2", "--refit", "--stability", "2", "--report", file, "--plots", filepath.Join(dir, "plots"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, b := readPathReport(t, file)
	if len(r.Path) < 3 || r.Path[0].Lambda != 0 || len(r.Features) != 30 {
		t.Fatalf("path of %d points, first λ %v, %d features", len(r.Path), r.Path[0].Lambda, len(r.Features))
	}
	for k := 1; k < len(r.Path); k++ {
		if r.Path[k].Lambda <= r.Path[k-1].Lambda {
			t.Errorf("λ does not increase at %d: %v then %v", k, r.Path[k-1].Lambda, r.Path[k].Lambda)
		}
	}
	if r.CV == nil || r.Refit == nil || r.Stability == nil || len(r.Plots) != 3 {
		t.Errorf("report lacks cv, refit, stability or plots: %s", b)
	}
	// The stability selection has a picture of its own, and every
	// picture reads on a screen.
	for _, name := range []string{"path_metric.png", "path_weights.png", "stability.png"} {
		f, err := os.Open(filepath.Join(dir, "plots", name))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width > 2000 || cfg.Height > 2000 {
			t.Errorf("%s: %d×%d px (%v), want at most 2000 each way", name, cfg.Width, cfg.Height, err)
		}
	}
	if len(r.Chosen.Selected) != r.Path[r.Chosen.Index].Selected {
		t.Errorf("chosen lists %d features, its path entry %d", len(r.Chosen.Selected), r.Path[r.Chosen.Index].Selected)
	}
	for _, want := range []string{"chosen:", "importance", "cross-validation", "refit", "stability selection"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestPathBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--multiplier", "1"}, "--multiplier must be > 1"},
		{[]string{"--max-multiplier", "0.5"}, "--max-multiplier must be > 1, got 0.5"},
		{[]string{"--max-multiplier", "3"}, "--max-multiplier bounds the steps toward --k, which is not given"},
		{[]string{"--folds", "1"}, `--folds must be auto, 0 or >= 2, got "1"`},
		{[]string{"--folds", "many"}, `--folds must be auto, 0 or >= 2, got "many"`},
		{[]string{"--test-frac", "1"}, "--test-frac must be in [0, 1)"},
		{[]string{"--test-frac", "-0.1"}, "--test-frac must be in [0, 1)"},
		{[]string{"--test-frac", "0.999"}, "--test-frac 0.999 leaves 2 of 569 rows for the selection: too few to split with --val-frac 0.2"},
		{[]string{"--test-frac", "0.5", "--folds", "200"}, "--folds: 200 folds of 284 rows"},
		{[]string{"--stability-threshold", "0.4"}, "--stability-threshold"},
		{[]string{"--patience", "-1"}, "--patience must be >= 0"},
		{[]string{"--k", "-1"}, "--k must be >= 0"},
		{[]string{"--refit-method", "adam"}, `--refit-method: "adam" is not one of`},
		{[]string{"--k", "31"}, "--k must be at most 30"},
		{[]string{"--choose", "max"}, `--choose: "max" is not 1se or min`},
		{[]string{"--columns", "mean_radius,mean_radius"}, `"mean_radius" named twice`},
		{[]string{"--columns", "diagnosis", "--target", "diagnosis"}, "is the target"},
	} {
		code, _, stderr := runArgs(append([]string{"path"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("path %v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.msg)
		}
	}
}

// TestPathSaveAndSelected: path --save writes the chosen model refitted,
// which predicts from the reduced table --write-selected writes (the
// chosen columns and the target only); train --columns trains on those
// columns.
func TestPathSaveAndSelected(t *testing.T) {
	dir := t.TempDir()
	saved, table, file := filepath.Join(dir, "m.json"), filepath.Join(dir, "sel.csv"), filepath.Join(dir, "p.json")
	code, out, stderr := runArgs("path", "--multiplier", "1.5", "--epochs", "30", "--max-lambdas", "30",
		"--save", saved, "--write-selected", table, "--report", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r report.Path
	if err := json.Unmarshal(mustRead(t, file), &r); err != nil || r.Model != saved || r.SelectedTable != table {
		t.Fatalf("report: model %q, table %q, %v", r.Model, r.SelectedTable, err)
	}
	header := strings.SplitN(string(mustRead(t, table)), "\n", 2)[0]
	if want := strings.Join(append(r.Chosen.Selected, "diagnosis"), ","); header != want {
		t.Errorf("reduced table's header %q, want %q", header, want)
	}
	if !strings.Contains(out, "model saved to "+saved) {
		t.Errorf("output lacks the saved model:\n%s", out)
	}
	code, _, stderr = runArgs("predict", "--model", saved, "--data", table)
	if code != 0 || !strings.Contains(stderr, "accuracy") {
		t.Errorf("predict on the reduced table: exit %d, %q", code, stderr)
	}
	columns := strings.Join(r.Chosen.Selected, ",")
	code, out, stderr = runArgs("train", "--epochs", "2", "--columns", columns)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d features", len(r.Chosen.Selected))) {
		t.Errorf("train --columns: exit %d, %s %s", code, stderr, out)
	}
}

// TestPathTestFrac: --test-frac holds out rows before the selection and
// the report gives the refitted model's score on them; without it the
// printed estimate says on which rows it rests.
func TestPathTestFrac(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a path")
	}
	file := filepath.Join(t.TempDir(), "p.json")
	fast := []string{"path", "--multiplier", "1.5", "--epochs", "30", "--max-lambdas", "30"}
	code, out, stderr := runArgs(append(fast, "--test-frac", "0.2", "--report", file)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, _ := readPathReport(t, file)
	// 569 rows: round(0.2·212) + round(0.2·357) held out, by class.
	if r.Test == nil || r.Test.Rows != 113 || r.Dataset.TestRows != 113 || r.Dataset.TrainRows+r.Dataset.ValRows != 456 || r.Refit == nil {
		t.Fatalf("test part %+v, dataset %+v, refit %v", r.Test, r.Dataset, r.Refit != nil)
	}
	if want := fmt.Sprintf("test:    accuracy %.4f on the 113 rows held out", r.Test.Metric); !strings.Contains(out, want) || !strings.Contains(out, "113 test rows") {
		t.Errorf("output lacks %q or the test rows:\n%s", want, out)
	}
	code, out, stderr = runArgs(append(fast, "--folds", "0")...)
	if code != 0 || !strings.Contains(out, "estimate: accuracy") || !strings.Contains(out, "on the validation rows that chose λ") {
		t.Errorf("exit %d, %s; output lacks the estimate:\n%s", code, stderr, out)
	}
}

// readPathReport reads the JSON report of a path, and its bytes.
func readPathReport(t *testing.T, file string) (report.Path, []byte) {
	t.Helper()
	var r report.Path
	b := mustRead(t, file)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r, b
}

// TestPathMaxMultiplier: --max-multiplier reaches the path: with even
// steps toward --k it takes more λ values.
func TestPathMaxMultiplier(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two paths")
	}
	dir := t.TempDir()
	points := map[string]int{}
	for _, mm := range []string{"0", "1.05"} {
		file := filepath.Join(dir, mm+".json")
		if code, _, stderr := runArgs("path", "--k", "5", "--epochs", "30", "--folds", "0", "--max-multiplier", mm, "--report", file); code != 0 {
			t.Fatalf("--max-multiplier %s: exit %d: %s", mm, code, stderr)
		}
		r, _ := readPathReport(t, file)
		points[mm] = len(r.Path)
	}
	if !(points["0"] < points["1.05"]) {
		t.Errorf("λ values with --max-multiplier 0 (the default) and 1.05: %v; want fewer with the default", points)
	}
}

// TestPathKMissedCut: where no λ keeps exactly --k features (a path of 8
// λ on the embedded data ends above 3), the choice is cut to the 3 the
// importance ranking puts first: the report names 3 with the count they
// were cut from, the text says so, and the model and the written table
// hold those 3.
func TestPathKMissedCut(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a path")
	}
	dir := t.TempDir()
	file, model, table := filepath.Join(dir, "r.json"), filepath.Join(dir, "m.model"), filepath.Join(dir, "sel.csv")
	code, stdout, stderr := runArgs("path", "--k", "3", "--folds", "0", "--multiplier", "2", "--epochs", "5", "--max-lambdas", "8",
		"--save", model, "--write-selected", table, "--report", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, _ := readPathReport(t, file)
	if !r.KMissed || !(r.KFrom > 3) || len(r.Chosen.Selected) != 3 || r.Path[r.Chosen.Index].Selected != r.KFrom {
		t.Fatalf("k_missed %v, k_from %d, chosen %v at a point of %d", r.KMissed, r.KFrom, r.Chosen.Selected, r.Path[r.Chosen.Index].Selected)
	}
	for _, name := range r.Chosen.Selected {
		if !slices.Contains(r.Path[r.Chosen.Index].Names, name) {
			t.Errorf("%s kept but not selected at the chosen λ %v", name, r.Path[r.Chosen.Index].Names)
		}
	}
	if want := fmt.Sprintf("with more than 3 features (--max-lambdas): of the λ with the best val_accuracy among those that keep the fewest, %d, the 3 ranked first; its val_accuracy is that of the %d", r.KFrom, r.KFrom); !strings.Contains(stdout, want) {
		t.Errorf("the text does not say %q:\n%s", want, stdout)
	}
	header, _, _ := strings.Cut(string(mustRead(t, table)), "\n")
	if want := strings.Join(append(slices.Clone(r.Chosen.Selected), "diagnosis"), ","); header != want {
		t.Errorf("--write-selected header %q, want %q", header, want)
	}
	if !slices.Equal(r.Refit.Features, r.Chosen.Selected) {
		t.Errorf("refitted %v, chosen %v", r.Refit.Features, r.Chosen.Selected)
	}
}

// TestPathRefitAll: --refit-all retrains the chosen features on the
// training and validation rows together for the refit's best epochs (here
// by --refit-method prox-adam after an ista path); the report and the
// text say so, and that model is the one saved and tested.
func TestPathRefitAll(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a path")
	}
	dir := t.TempDir()
	file, model := filepath.Join(dir, "r.json"), filepath.Join(dir, "m.model")
	args := []string{"path", "--folds", "0", "--multiplier", "2", "--epochs", "30", "--max-lambdas", "6", "--test-frac", "0.2", "--save", model, "--report", file}
	code, stdout, stderr := runArgs(append(args, "--refit-all", "--method", "ista", "--refit-method", "prox-adam")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r, _ := readPathReport(t, file)
	if r.Refit.Method != "prox-adam" || !strings.Contains(stdout, "without the penalty (by prox-adam, --refit-method)") {
		t.Errorf("the refit's method %q in the report; the text:\n%s", r.Refit.Method, stdout)
	}
	a := r.Refit.AllRows
	if a == nil || a.Rows != r.Dataset.TrainRows+r.Dataset.ValRows || !(a.Epochs > 0) {
		t.Fatalf("all_rows %+v with %d training and %d validation rows", a, r.Dataset.TrainRows, r.Dataset.ValRows)
	}
	for _, want := range []string{
		fmt.Sprintf("then on the training and validation rows together (%d rows) for its best %d epochs (--refit-all)", a.Rows, a.Epochs),
		"by the model refitted on all the other rows (--refit-all)",
		fmt.Sprintf("refitted on all %d rows)", a.Rows),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the text does not say %q:\n%s", want, stdout)
		}
	}
	// The same run without the flag: the same refit, another saved model.
	saved := mustRead(t, model)
	if code, _, stderr := runArgs(append(args, "--method", "ista", "--refit-method", "prox-adam")...); code != 0 {
		t.Fatalf("without --refit-all: exit %d: %s", code, stderr)
	}
	split, _ := readPathReport(t, file)
	if split.Refit.AllRows != nil || split.Refit.ValMetric != r.Refit.ValMetric {
		t.Errorf("without --refit-all: all_rows %+v, refit %v against %v", split.Refit.AllRows, split.Refit.ValMetric, r.Refit.ValMetric)
	}
	if slices.Equal(saved, mustRead(t, model)) {
		t.Error("--refit-all saved the model the refit on the training rows saves")
	}
}
