package main

import (
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// threeTargetsCSV returns n rows of data.ThreeTargets (30 features, three
// targets a, b and c) as CSV.
func threeTargetsCSV(t *testing.T, n int) string {
	t.Helper()
	ds, _ := data.ThreeTargets(n, 30, 0.3, rand.New(rand.NewPCG(1, 0)))
	return tableCSV(t, ds)
}

// tableCSV returns ds as CSV: every column, then the targets.
func tableCSV(t *testing.T, ds *data.Dataset) string {
	t.Helper()
	var b strings.Builder
	if err := ds.WriteCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTargetsFlags: --target with several names is a regression, checked
// before any work.
func TestTargetsFlags(t *testing.T) {
	file := write(t, t.TempDir(), "three.csv", threeTargetsCSV(t, 50))
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"train", "--data", file, "--target", "a,b", "--task", "classification"}, "several targets are for a regression, not classification"},
		{[]string{"train", "--data", file, "--target", "a,,b"}, "--target: an empty column name"},
		{[]string{"train", "--data", file, "--target", "a,b,a"}, `--target: "a" named twice`},
		{[]string{"train", "--data", file, "--target", "a,b", "--ignore", "b"}, `--ignore: "b" is the target`},
	} {
		code, _, stderr := runArgs(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.msg)
		}
	}
	code, _, stderr := runArgs("train", "--data", file, "--target", "a,zz")
	if code != 1 || !strings.Contains(stderr, `value "zz": no such target column`) {
		t.Errorf("an unknown target: exit %d, %q", code, stderr)
	}
}

// TestTargetsPathPredict: one network for three targets that depend on
// overlapping subsets of 6 of 30 features. The path, choosing λ by 5
// folds, keeps the 6 and at most 2 others, the test part's mean R² is at
// least 0.85, and predict writes one column per target and prints each
// target's R², whose mean is the one printed.
func TestTargetsPathPredict(t *testing.T) {
	if testing.Short() {
		t.Skip("a path of one network for three targets")
	}
	dir := t.TempDir()
	file := write(t, dir, "three.csv", threeTargetsCSV(t, 1000))
	saved, preds := filepath.Join(dir, "m.json"), filepath.Join(dir, "p.csv")
	code, stdout, stderr := runArgs("path", "--data", file, "--target", "a,b,c", "--folds", "5", "--test-frac", "0.2", "--save", saved)
	if code != 0 {
		t.Fatalf("path: exit %d: %s", code, stderr)
	}
	chosen := regexp.MustCompile(`(?m)^chosen: .*\n +(.*)$`).FindStringSubmatch(stdout)
	if chosen == nil {
		t.Fatalf("no chosen features:\n%s", stdout)
	}
	names := strings.Split(chosen[1], ", ")
	for _, x := range []string{"x0", "x1", "x2", "x3", "x4", "x5"} {
		if !slices.Contains(names, x) {
			t.Errorf("chosen %v lacks the informative %s", names, x)
		}
	}
	if len(names) > 8 {
		t.Errorf("chosen %v: %d others than the 6 informative, want at most 2", names, len(names)-6)
	}
	test := regexp.MustCompile(`test: +r2 (\d\.\d{4}) \(the mean of a (\d\.\d{4}), b (\d\.\d{4}), c (\d\.\d{4})\)`).FindStringSubmatch(stdout)
	if test == nil {
		t.Fatalf("no test line with each target's R²:\n%s", stdout)
	}
	if r2, _ := strconv.ParseFloat(test[1], 64); r2 < 0.85 {
		t.Errorf("test R² %v, want >= 0.85", r2)
	}
	code, stdout, stderr = runArgs("predict", "--model", saved, "--data", file, "--out", preds)
	if code != 0 {
		t.Fatalf("predict: exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`r2 (\d\.\d{4}), the mean of the targets' \(1000 rows with every target\):\n  a: r2 (\d\.\d{4}), rmse \S+\n  b: r2 (\d\.\d{4}), rmse \S+\n  c: r2 (\d\.\d{4}), rmse \S+\n`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("predict's scores:\n%s", stdout)
	}
	mean := 0.0
	for _, v := range m[2:] {
		r, _ := strconv.ParseFloat(v, 64)
		mean += r / 3
	}
	if got := strconv.FormatFloat(mean, 'f', 4, 64); absDiff(mean, m[1]) > 2e-4 {
		t.Errorf("the mean of the targets' R² %s, printed %s", got, m[1])
	}
	header := strings.SplitN(string(mustRead(t, preds)), "\n", 2)[0]
	if header != "a,b,c" {
		t.Errorf("the predictions' header %q, want a,b,c", header)
	}
}

func absDiff(v float64, s string) float64 {
	w, _ := strconv.ParseFloat(s, 64)
	if v > w {
		return v - w
	}
	return w - v
}
