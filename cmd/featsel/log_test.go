package main

import (
	"encoding/csv"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/featsel/featsel/model"
)

// TestLogColumns: a path with --log bili,copper on pbc saves a model that
// predict reads the table for as training did: its risks are those of a
// path run on a copy of the table whose two columns hold the logarithms
// already (the same numbers, so the same run), and the model file says
// which of its columns it takes the logarithm of. A column with a value not above
// 0 is refused, naming the cell.
func TestLogColumns(t *testing.T) {
	dir := t.TempDir()
	logged := func(src, name string) string { // src with bili and copper replaced by their logarithms
		recs := readRecords(t, src)
		for _, col := range []string{"bili", "copper"} {
			j := slices.Index(recs[0], col)
			for _, r := range recs[1:] {
				if v, err := strconv.ParseFloat(r[j], 64); err == nil {
					r[j] = strconv.FormatFloat(math.Log(v), 'g', -1, 64)
				}
			}
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.WriteAll(recs)
		return write(t, dir, name, b.String())
	}
	common := []string{"--time", "time", "--event", "status", "--missing", "mean", "--folds", "0", "--epochs", "30", "--multiplier", "1.5"}
	risks := func(train, test string, extra ...string) ([]float64, string) {
		saved, preds := filepath.Join(dir, filepath.Base(train)+".model"), filepath.Join(dir, filepath.Base(train)+".risk.csv")
		args := append(append([]string{"path", "--data", train, "--save", saved}, common...), extra...)
		if code, _, stderr := runArgs(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if code, _, stderr := runArgs("predict", "--model", saved, "--data", test, "--missing", "mean", "--out", preds); code != 0 {
			t.Fatalf("predict: exit %d: %s", code, stderr)
		}
		return readColumn(t, preds, "risk"), mustReadString(t, saved)
	}
	withFlag, file := risks(pbcTrain, pbcTest, "--log", "bili,copper")
	already, plain := risks(logged(pbcTrain, "train_logged.csv"), logged(pbcTest, "test_logged.csv"))
	if !strings.Contains(plain, `"version": 6,`) || strings.Contains(plain, `"log"`) {
		t.Errorf("a survival model without logarithms is not written as version 6")
	}
	if !slices.Equal(withFlag, already) {
		t.Errorf("the risks with --log differ from those of the table of logarithms")
	}
	f, err := model.Load(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Schema { // the chosen columns: bili always, copper when chosen
		if want := c.Name == "bili" || c.Name == "copper"; c.Log != want || !strings.Contains(file, `"version": 7,`) {
			t.Errorf("the model file marks %s as a logarithm: %v, at version 7: %v", c.Name, c.Log, strings.Contains(file, `"version": 7,`))
		}
	}
	if !slices.ContainsFunc(f.Schema, func(c model.Column) bool { return c.Name == "bili" }) {
		t.Errorf("the model does not keep bili: %v", f.Schema)
	}
	zero := write(t, dir, "zero.csv", "a,b,y\n1,2,0\n0,3,1\n2,4,0\n")
	code, _, stderr := runArgs("train", "--data", zero, "--log", "a", "--epochs", "1")
	if code != 1 || !strings.Contains(stderr, `zero.csv:3:1: column "a": value "0": not above 0, so without a logarithm (the column is read as its logarithm: --log)`) {
		t.Errorf("a zero under --log: exit %d, %q", code, stderr)
	}
	code, _, stderr = runArgs("train", "--data", zero, "--target", "y", "--log", "y")
	if code != 2 || !strings.Contains(stderr, `--log: "y" is the target`) {
		t.Errorf("--log on the target: exit %d, %q", code, stderr)
	}
}
