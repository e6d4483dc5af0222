package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// TestTrainStreamed: with --max-memory below what the table needs, train
// streams it from a binary copy (its report says so), saves a model that
// predicts the table, and refuses what a streamed table cannot hold; the
// flags are checked before any work.
func TestTrainStreamed(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "m.json")
	code, stdout, stderr := runArgs("train", "--data", "../../data/testdata/diabetes.csv", "--max-memory", "10KB", "--epochs", "20", "--save", model, "--cache", filepath.Join(dir, "cache"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "streamed from a binary copy on disk, "+filepath.Join(dir, "cache")+", 1024 rows a block (--max-memory)") || !strings.Contains(stdout, "val_r2") {
		t.Errorf("the report does not say the table was streamed:\n%s", stdout)
	}
	again, _ := filepath.Abs(model)
	code, stdout, stderr = runArgs("train", "--data", "../../data/testdata/diabetes.csv", "--max-memory", "10KB", "--epochs", "20", "--save", again, "--cache", filepath.Join(dir, "cache"))
	if code != 0 || !strings.Contains(stdout, "the binary copy an earlier run made") {
		t.Errorf("the cache again: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = runArgs("predict", "--model", model, "--data", "../../data/testdata/diabetes.csv", "--out", filepath.Join(dir, "p.csv"))
	if code != 0 || !strings.Contains(stdout, "r2 ") {
		t.Errorf("predict with the streamed model: exit %d, %q %q", code, stdout, stderr)
	}
	// A table that fits is read whole, as without the flag.
	if code, stdout, _ = runArgs("train", "--data", "../../data/testdata/diabetes.csv", "--max-memory", "1GB", "--epochs", "2"); code != 0 || strings.Contains(stdout, "streamed") {
		t.Errorf("a table that fits: exit %d, %q", code, stdout)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"train", "--max-memory", "lots"}, 2, `--max-memory: "lots" is not a size such as 256MiB or 2GB`},
		{[]string{"train", "--cache", filepath.Join(dir, "c")}, 2, "--cache goes with --max-memory"},
		{[]string{"train", "--data", "../../data/testdata/aids2.csv", "--max-memory", "1KB"}, 1, `column "state": value "NSW": not a number`},
	} {
		code, _, stderr := runArgs(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}

// TestPredictParts: predict reads, predicts and writes a table a part at
// a time: parts of 1 024 rows (--max-memory) give the file and the
// summary that one part gives; a bad value in a later part fails with
// its line, leaving the output as it was.
func TestPredictParts(t *testing.T) {
	dir := t.TempDir()
	ds, _ := data.Friedman1(3000, 6, 1, rand.New(rand.NewPCG(1, 0)))
	content := tableCSV(t, ds)
	table := write(t, dir, "t.csv", content)
	model := filepath.Join(dir, "m.json")
	if code, _, stderr := runArgs("train", "--data", table, "--epochs", "3", "--save", model); code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	outputs := map[string]string{}
	for _, memory := range []string{"", "1KB"} {
		out := filepath.Join(dir, "p"+memory+".csv")
		args := []string{"predict", "--model", model, "--data", table, "--out", out, "--id", "x1"}
		if memory != "" {
			args = append(args, "--max-memory", memory)
		}
		code, stdout, stderr := runArgs(args...)
		if code != 0 || !strings.Contains(stdout, "3000 predictions") || !strings.Contains(stdout, "r2 ") {
			t.Fatalf("%v: exit %d, %q %q", args, code, stdout, stderr)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outputs[memory] = strings.ReplaceAll(stdout, out, "OUT") + string(got)
	}
	if outputs[""] != outputs["1KB"] || strings.Count(outputs[""], "\n") != 3003 {
		t.Errorf("in parts of 1 024 rows:\n%.300s\nin one part:\n%.300s", outputs["1KB"], outputs[""])
	}
	lines := strings.Split(content, "\n")
	lines[2500] = "oops" + lines[2500][strings.Index(lines[2500], ","):] // the file's line 2501
	bad := write(t, dir, "bad.csv", strings.Join(lines, "\n"))
	out := filepath.Join(dir, "p.csv")
	before, _ := os.ReadFile(out)
	code, _, stderr := runArgs("predict", "--model", model, "--data", bad, "--out", out, "--max-memory", "1KB")
	if code != 1 || !strings.Contains(stderr, bad+":2501:1") {
		t.Errorf("a bad value on line 2501: exit %d, %q", code, stderr)
	}
	if got, _ := os.ReadFile(out); len(before) == 0 || string(got) != string(before) {
		t.Errorf("the failed run changed %s", out)
	}
}

// TestPathStreamed: with --max-memory below what the table needs, path
// follows its path on the streamed table, chooses on the validation rows,
// refits and saves a model that predicts the table; what needs the rows
// in memory is refused before any work.
func TestPathStreamed(t *testing.T) {
	dir := t.TempDir()
	diabetes := "../../data/testdata/diabetes.csv"
	model, rep := filepath.Join(dir, "m.json"), filepath.Join(dir, "r.json")
	code, stdout, stderr := runArgs("path", "--data", diabetes, "--max-memory", "10KB", "--epochs", "10", "--max-lambdas", "12", "--save", model, "--report", rep)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"streamed from a binary copy on disk", "<- chosen (1se)", "refit on the", "model saved to " + model} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, stdout)
		}
	}
	var r struct {
		Dataset struct {
			BlockRows int `json:"block_rows"`
			TrainRows int `json:"train_rows"`
		} `json:"dataset"`
		Path  []struct{ Lambda float64 } `json:"path"`
		Refit *struct{}                  `json:"refit"`
	}
	if b, err := os.ReadFile(rep); err != nil || json.Unmarshal(b, &r) != nil {
		t.Fatalf("the report: %v", err)
	}
	if r.Dataset.BlockRows != 1024 || r.Dataset.TrainRows < 300 || len(r.Path) < 3 || r.Refit == nil {
		t.Errorf("report: %+v", r)
	}
	code, stdout, stderr = runArgs("predict", "--model", model, "--data", diabetes, "--out", filepath.Join(dir, "p.csv"))
	if code != 0 || !strings.Contains(stdout, "442 predictions") {
		t.Errorf("predict with the streamed path's model: exit %d, %q %q", code, stdout, stderr)
	}
	for _, flag := range [][]string{{"--folds", "3"}, {"--stability", "4"}, {"--test-frac", "0.2"}, {"--shard", "1/2", "--part", filepath.Join(dir, "part")}, {"--write-selected", filepath.Join(dir, "s.csv")}, {"--refit-all"}} {
		code, _, stderr := runArgs(append([]string{"path", "--data", diabetes, "--max-memory", "10KB"}, flag...)...)
		if code != 2 || !strings.Contains(stderr, "need the table read whole") {
			t.Errorf("%v: exit %d, %q", flag, code, stderr)
		}
	}
}

// TestStreamedTasks: survival and several targets stream too: train and
// path with --max-memory report the C-index and each target's R², and
// the saved models predict the table.
func TestStreamedTasks(t *testing.T) {
	dir := t.TempDir()
	cox, _ := data.CoxExponential(1500, 6, 0.3, rand.New(rand.NewPCG(4, 4)))
	survival := write(t, dir, "cox.csv", tableCSV(t, cox))
	three := write(t, dir, "three.csv", threeTargetsCSV(t, 1500))
	for _, tc := range []struct {
		name   string
		args   []string
		report []string
	}{
		{"survival train", []string{"train", "--data", survival, "--time", "time", "--event", "event", "--ties", "efron", "--epochs", "5"}, []string{"streamed from a binary copy", "val_c_index"}},
		{"survival path", []string{"path", "--data", survival, "--time", "time", "--event", "event", "--epochs", "5", "--max-lambdas", "6"}, []string{"streamed from a binary copy", "val_c_index", "refit on the"}},
		{"targets path", []string{"path", "--data", three, "--target", "a,b,c", "--epochs", "5", "--max-lambdas", "6"}, []string{"streamed from a binary copy", "val_r2 of each target", "refit on the"}},
	} {
		model := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
		code, stdout, stderr := runArgs(append(tc.args, "--max-memory", "20KB", "--save", model)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, stderr)
		}
		for _, want := range tc.report {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: the report lacks %q:\n%s", tc.name, want, stdout)
			}
		}
		data := tc.args[2]
		code, stdout, stderr = runArgs("predict", "--model", model, "--data", data, "--out", filepath.Join(dir, "p.csv"))
		if code != 0 || !strings.Contains(stdout, "1500 predictions") || !strings.Contains(stdout, "c-index") && !strings.Contains(stdout, "r2 ") {
			t.Errorf("%s: predict: exit %d, %q %q", tc.name, code, stdout, stderr)
		}
	}
}
