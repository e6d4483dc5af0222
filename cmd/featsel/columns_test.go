package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/regularize/report"
)

// mixedTable returns a CSV table with an identifier, a text category of
// four levels that decides the target with age, a yes/no flag, a date,
// two numbers and a category of three levels that is noise; extra rows
// take the given regions.
func mixedTable(n int, seed uint64, regions ...string) string {
	rng := rand.New(rand.NewPCG(seed, 9))
	var b strings.Builder
	b.WriteString("id,region,smoker,visit,age,bmi,colour,outcome\n")
	levels := []string{"north", "south", "east", "centre"}
	for i := range n + len(regions) {
		region := levels[rng.IntN(len(levels))]
		if i >= n {
			region = regions[i-n]
		}
		age := 20 + rng.IntN(50)
		outcome := "well"
		if region == "south" || region == "east" && age > 40 || age > 60 {
			outcome = "ill"
		}
		fmt.Fprintf(&b, "p%05d,%s,%s,2023-%02d-%02d,%d,%.1f,%s,%s\n", i, region, []string{"no", "yes"}[rng.IntN(2)],
			1+rng.IntN(12), 1+rng.IntN(28), age, 18+10*rng.Float64(), []string{"red", "green", "blue"}[rng.IntN(3)], outcome)
	}
	return b.String()
}

// TestMixedTableEndToEnd: a table with an identifier (left out with
// --ignore), a text category, a flag, a date and numbers goes through
// path --save and --write-selected, whose report, importance and table
// speak of the file's columns (region, not region=south), and predict
// reads a table with a level never seen in training, counted in a notice.
func TestMixedTableEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a path")
	}
	dir := t.TempDir()
	table := write(t, dir, "mixed.csv", mixedTable(300, 1))
	saved, selected, file := filepath.Join(dir, "m.json"), filepath.Join(dir, "sel.csv"), filepath.Join(dir, "p.json")
	code, out, stderr := runArgs("path", "--data", table, "--ignore", "id", "--method", "prox-adam", "--multiplier", "1.5",
		"--epochs", "40", "--max-lambdas", "30", "--save", saved, "--write-selected", selected, "--report", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r report.Path
	if err := json.Unmarshal(mustRead(t, file), &r); err != nil {
		t.Fatal(err)
	}
	if r.Dataset.Features != 6 || r.Dataset.EncodedFeatures != 11 {
		t.Errorf("data: %d features, %d encoded; want 6 columns, 11 features (region 4, colour 3)", r.Dataset.Features, r.Dataset.EncodedFeatures)
	}
	var names []string
	for _, f := range r.Features {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	if want := []string{"age", "bmi", "colour", "region", "smoker", "visit"}; !slices.Equal(names, want) {
		t.Errorf("importance of %v, want the columns %v", names, want)
	}
	if r.Path[0].Selected != 6 || !slices.Contains(r.Chosen.Selected, "region") {
		t.Errorf("dense model selects %d, chosen %v; want 6 and region among the chosen", r.Path[0].Selected, r.Chosen.Selected)
	}
	if strings.Contains(out, "region=") {
		t.Errorf("the output names a category's level:\n%s", out)
	}
	header := strings.SplitN(string(mustRead(t, selected)), "\n", 2)[0]
	if want := strings.Join(append(slices.Clone(r.Chosen.Selected), "outcome"), ","); header != want {
		t.Errorf("selected table's header %q, want %q", header, want)
	}
	test := write(t, dir, "test.csv", mixedTable(20, 2, "west", "south"))
	predicted := filepath.Join(dir, "pred.csv")
	code, out, stderr = runArgs("predict", "--model", saved, "--data", test, "--out", predicted, "--id", "id")
	if code != 0 {
		t.Fatalf("predict: exit %d: %s", code, stderr)
	}
	// --id copies the identifiers first, in the input rows' order.
	pred := strings.Split(strings.TrimSpace(string(mustRead(t, predicted))), "\n")
	in := strings.Split(strings.TrimSpace(string(mustRead(t, test))), "\n")
	if len(pred) != len(in) || !strings.HasPrefix(pred[0], "id,prediction") {
		t.Fatalf("%d prediction lines for %d input lines; header %q", len(pred), len(in), pred[0])
	}
	for i := 1; i < len(in); i++ {
		if want := strings.SplitN(in[i], ",", 2)[0]; strings.SplitN(pred[i], ",", 2)[0] != want {
			t.Errorf("prediction %d has id %q, want %q", i, strings.SplitN(pred[i], ",", 2)[0], want)
		}
	}
	if !strings.Contains(stderr, "notice") || !strings.Contains(stderr, "region 1") {
		t.Errorf("predict's stderr lacks the notice of one unseen region:\n%s", stderr)
	}
	if !strings.Contains(out, "22 predictions") {
		t.Errorf("predict: %s", out)
	}
	code, _, stderr = runArgs("predict", "--model", saved, "--data", selected, "--out", filepath.Join(dir, "pred2.csv"))
	if code != 0 || strings.Contains(stderr, "notice") {
		t.Errorf("predict on the selected table: exit %d, %s", code, stderr)
	}
}

// TestMixedTableFlags: --columns names the file's columns (a category is
// one), --k counts them, and --categorical, --numeric and --ignore reach
// the reader.
func TestMixedTableFlags(t *testing.T) {
	dir := t.TempDir()
	table := write(t, dir, "mixed.csv", mixedTable(120, 3))
	code, out, stderr := runArgs("train", "--data", table, "--columns", "region,age", "--epochs", "2")
	if code != 0 || !strings.Contains(out, "2 features") || !strings.Contains(out, "region") || strings.Contains(out, "region=") {
		t.Errorf("train --columns region,age: exit %d, %s\n%s", code, stderr, out)
	}
	code, _, stderr = runArgs("train", "--data", table, "--epochs", "2")
	if code == 0 || !strings.Contains(stderr, "id") {
		t.Errorf("train with the identifier column: exit %d, %s", code, stderr)
	}
	code, out, stderr = runArgs("train", "--data", table, "--ignore", "id,visit", "--categorical", "age", "--numeric", "bmi", "--epochs", "2", "--report", "-")
	if code != 0 {
		t.Fatalf("train --ignore --categorical --numeric: exit %d, %s", code, stderr)
	}
	var r report.Train
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Dataset.Features != 5 || len(r.Features) != 5 {
		t.Errorf("%d columns, %d in the table; want 5 (region, smoker, age, bmi, colour)", r.Dataset.Features, len(r.Features))
	}
	code, _, stderr = runArgs("path", "--data", table, "--ignore", "id", "--k", "7")
	if code != 2 || !strings.Contains(stderr, "at most 6 (the features") {
		t.Errorf("path --k 7 on 6 columns: exit %d, %s", code, stderr)
	}
}

// TestGroupsFlag: --groups ties columns into one unit that the path, its
// report and the saved model speak of by the group's name, predict reads
// the saved groups; a malformed groups file names its line, and a group
// of a column the table lacks names the column, both exit 1.
func TestGroupsFlag(t *testing.T) {
	dir := t.TempDir()
	table := write(t, dir, "mixed.csv", mixedTable(200, 3))
	groups := write(t, dir, "groups.csv", "column,group\nage,body\nbmi,body\nsmoker,habits\ncolour,habits\n")
	saved, rep := filepath.Join(dir, "m.model"), filepath.Join(dir, "r.json")
	code, out, stderr := runArgs("path", "--data", table, "--ignore", "id", "--groups", groups, "--epochs", "20",
		"--save", saved, "--report", rep)
	if code != 0 {
		t.Fatalf("path --groups: exit %d, %s", code, stderr)
	}
	if !strings.Contains(out, "2 groups (habits: 2 columns, body: 2 columns)") {
		t.Errorf("path --groups: the columns line does not name the groups:\n%s", out)
	}
	r, _ := readPathReport(t, rep)
	var units []string
	for _, f := range r.Features {
		units = append(units, f.Name)
	}
	if want := []string{"body", "habits", "region", "visit"}; !slices.Equal(slices.Sorted(slices.Values(units)), want) {
		t.Errorf("the report's units %v, want %v", units, want)
	}
	grouped := 0
	for _, c := range r.Dataset.Columns {
		if c.Group != "" {
			grouped++
		}
	}
	if grouped != 4 {
		t.Errorf("the report's columns %+v, want 4 in groups", r.Dataset.Columns)
	}
	code, _, stderr = runArgs("predict", "--model", saved, "--data", table, "--out", filepath.Join(dir, "p.csv"))
	if code != 0 {
		t.Errorf("predict with a model of groups: exit %d, %s", code, stderr)
	}
	bad := write(t, dir, "bad.csv", "age,body\nbmi\n")
	code, _, stderr = runArgs("train", "--data", table, "--ignore", "id", "--groups", bad, "--epochs", "1")
	if code != 1 || !strings.Contains(stderr, bad+":2:") {
		t.Errorf("a groups file with a line of one field: exit %d, %q; want 1 and the line", code, stderr)
	}
	lacks := write(t, dir, "lacks.csv", "age,body\nweight,body\n")
	code, _, stderr = runArgs("train", "--data", table, "--ignore", "id", "--groups", lacks, "--epochs", "1")
	if code != 1 || !strings.Contains(stderr, `"weight"`) {
		t.Errorf("a group of a column the table lacks: exit %d, %q; want 1 and the column", code, stderr)
	}
}
