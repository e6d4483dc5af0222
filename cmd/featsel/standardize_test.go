package main

import (
	"encoding/csv"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/featsel/featsel/model"
)

// TestStandardizeFalse: with --standardize=false the columns share one
// scale. Multiplying every column by 4 (exact in binary) then gives the
// same predictions, bit for bit, but multiplying one column changes them,
// where with the default (each column by its own standard deviation) it
// does not. The saved model holds the one scale, and the run says so.
func TestStandardizeFalse(t *testing.T) {
	dir := t.TempDir()
	src := "../../data/builtin/breast_cancer.csv"
	times4 := func(name string, cols func(j int) bool) string { // src with the columns cols picks multiplied by 4
		recs := readRecords(t, src)
		for _, r := range recs[1:] {
			for j := range r[:len(r)-1] { // the last column is the target
				if cols(j) {
					v, err := strconv.ParseFloat(r[j], 64)
					if err != nil {
						t.Fatal(err)
					}
					r[j] = strconv.FormatFloat(4*v, 'g', -1, 64)
				}
			}
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.WriteAll(recs)
		return write(t, dir, name, b.String())
	}
	every := times4("every.csv", func(int) bool { return true })
	first := times4("first.csv", func(j int) bool { return j == 0 })
	saved, rep := filepath.Join(dir, "m.json"), filepath.Join(dir, "r.json")
	predict := func(table string, flags ...string) []float64 {
		preds := filepath.Join(dir, "p.csv")
		args := append([]string{"predict", "--model", saved, "--data", table, "--out", preds}, flags...)
		if code, _, stderr := runArgs(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return readColumn(t, preds, "p_malignant")
	}
	predictions := func(table string, flags ...string) ([]float64, string, *model.File) {
		args := append([]string{"train", "--data", table, "--epochs", "15", "--save", saved, "--report", rep}, flags...)
		code, stdout, stderr := runArgs(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		f, err := model.Load(strings.NewReader(mustReadString(t, saved)))
		if err != nil {
			t.Fatal(err)
		}
		return predict(table), stdout, f
	}
	base, out, f := predictions(src, "--standardize=false")
	if !strings.Contains(out, "numbers, flags and dates divided by one common scale (--standardize=false)") ||
		!strings.Contains(mustReadString(t, rep), `"common_scale": true`) {
		t.Errorf("the run or its report does not say that the columns share a scale:\n%s", out)
	}
	if got := predict(src, "--standardize=false"); !slices.Equal(got, base) {
		t.Error("predict with training's --standardize=false given again predicts otherwise")
	}
	if s := f.Scale; slices.Min(s) != slices.Max(s) || slices.Equal(f.Mean, make([]float64, len(f.Mean))) {
		t.Errorf("saved scales %v, want one common scale (and the columns' means)", s)
	}
	if got, _, _ := predictions(every, "--standardize=false"); !slices.Equal(got, base) {
		t.Error("--standardize=false: every column times 4 changed the predictions")
	}
	if got, _, _ := predictions(first, "--standardize=false"); slices.Equal(got, base) {
		t.Error("--standardize=false: the first column times 4 did not change the predictions")
	}
	own, out, _ := predictions(src)
	if strings.Contains(out, "common scale") {
		t.Errorf("the default run says the columns share a scale:\n%s", out)
	}
	if got, _, _ := predictions(first); !slices.Equal(got, own) {
		t.Error("by default, the first column times 4 changed the predictions")
	}
}
