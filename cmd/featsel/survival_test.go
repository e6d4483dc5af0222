package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// pbcTrain and pbcTest are R's pbc split 250 / 62 (data/testdata/README.md).
const (
	pbcTrain = "../../data/testdata/pbc_train.csv"
	pbcTest  = "../../data/testdata/pbc_test.csv"
)

// TestSurvivalFlags: the survival flags that cannot go together are
// refused before any work, with exit 2.
func TestSurvivalFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"train", "--data", pbcTrain, "--task", "survival", "--time", "time"}, "--task survival needs the column of times and the column of events"},
		{[]string{"train", "--data", pbcTrain, "--task", "regression", "--time", "time", "--event", "status"}, "--event is for --task survival, not regression"},
		{[]string{"train", "--data", pbcTrain, "--event", "status"}, "--event needs --time"},
		{[]string{"train", "--data", pbcTrain, "--time", "time"}, "--time needs --event, the column of events"},
		{[]string{"train", "--data", pbcTrain, "--time", "time", "--event", "status", "--columns", "bili,status"}, `--columns: "status" is the column of events`},
		{[]string{"train", "--data", pbcTrain, "--time", "time", "--target", "age", "--event", "status"}, `--time "time" and --target "age"`},
		{[]string{"path", "--data", pbcTrain, "--time", "status", "--event", "status"}, `--event and --time both name "status"`},
		{[]string{"train", "--data", pbcTrain, "--task", "later"}, `--task: "later" is not auto, regression, classification or survival`},
		{[]string{"train", "--data", pbcTrain, "--time", "time", "--event", "status", "--ties", "exact"}, `--ties: "exact" is not breslow or efron`},
		{[]string{"train", "--ties", "efron"}, "--ties efron is for the Cox loss of a survival task, and the task is classification"},
	} {
		code, _, stderr := runArgs(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.msg)
		}
	}
	// Too few events for the folds asked for: refused before any work; too
	// few for a validation part: refused, naming the counts.
	var few strings.Builder
	few.WriteString("a,time,status\n")
	for i := range 40 {
		fmt.Fprintf(&few, "%d,%d,%d\n", i%7, i+1, btoi(i%13 == 0)) // 4 events
	}
	fewFile := write(t, t.TempDir(), "few.csv", few.String())
	code, _, stderr := runArgs("path", "--data", fewFile, "--time", "time", "--event", "status", "--folds", "5")
	if code != 2 || !strings.Contains(stderr, "5 folds of 4 events: every fold needs an event for its C-index; use at most 4 folds") {
		t.Errorf("5 folds of 4 events: exit %d, %q", code, stderr)
	}
	one := write(t, t.TempDir(), "one.csv", strings.Replace(few.String(), ",14,1\n", ",14,0\n", 1))
	one = write(t, t.TempDir(), "one.csv", strings.NewReplacer(",27,1\n", ",27,0\n", ",40,1\n", ",40,0\n").Replace(mustReadString(t, one)))
	code, _, stderr = runArgs("path", "--data", one, "--time", "time", "--event", "status", "--folds", "0")
	if code != 1 || !strings.Contains(stderr, "the validation part holds 0 events and the training part 1 (of 1): each needs one") {
		t.Errorf("no event in the validation part: exit %d, %q", code, stderr)
	}
	// A table that is no survival data is the data's error: exit 1, with
	// the place.
	bad := write(t, t.TempDir(), "bad.csv", "a,time,status\n1,5,1\n2,3,yes\n")
	code, _, stderr = runArgs("train", "--data", bad, "--time", "time", "--event", "status")
	if code != 1 || !strings.Contains(stderr, `bad.csv:3:3: column "status": value "yes": an event is not 0 (censored) or 1 (observed)`) {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

// TestSurvivalPathPredict runs a short Cox path (Efron's ties) on pbc, saves the model
// and predicts the held-out rows: the risk scores written are the saved
// network's, and the C-index printed is the one computed here from them
// and the file's times and events.
func TestSurvivalPathPredict(t *testing.T) {
	dir := t.TempDir()
	saved, preds := filepath.Join(dir, "cox.json"), filepath.Join(dir, "risk.csv")
	code, stdout, stderr := runArgs("path", "--data", pbcTrain, "--time", "time", "--event", "status", "--missing", "mean",
		"--folds", "0", "--epochs", "30", "--multiplier", "1.5", "--ties", "efron", "--save", saved)
	if code != 0 {
		t.Fatalf("path: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "times \"time\", events \"status\"") || !strings.Contains(stdout, "val_c_index") {
		t.Errorf("the report does not name the times, the events and the C-index:\n%s", stdout)
	}
	code, stdout, stderr = runArgs("predict", "--model", saved, "--data", pbcTest, "--missing", "mean", "--out", preds)
	if code != 0 {
		t.Fatalf("predict: exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`c-index (\d\.\d{4}) ± (\d\.\d{4}) \(jackknife SE; 62 rows with a time and an event, (\d+) events\)`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no C-index line:\n%s", stdout)
	}
	risk := readColumn(t, preds, "risk")
	times, events := readColumn(t, pbcTest, "time"), readColumn(t, pbcTest, "status")
	c := model.ConcordanceIndex(risk, times, events)
	if got := strconv.FormatFloat(c.Index, 'f', 4, 64); got != m[1] {
		t.Errorf("printed C-index %s, the risks written give %s", m[1], got)
	}
	if c.Index < 0.6 {
		t.Errorf("C-index %.4f on pbc's test rows: the risks are not ranked by the model", c.Index)
	}
	if m[3] != "26" {
		t.Errorf("%s events, want the 26 of the test part", m[3])
	}
}

// readRecords reads every record of a CSV file, its header first.
func readRecords(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// readColumn reads a column of numbers of a CSV file by name.
func readColumn(t *testing.T, path, name string) []float64 {
	t.Helper()
	recs := readRecords(t, path)
	j := -1
	for k, h := range recs[0] {
		if h == name {
			j = k
		}
	}
	if j < 0 {
		t.Fatalf("%s has no column %q", path, name)
	}
	var out []float64
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[j], 64)
		if err != nil {
			v = math.NaN()
		}
		out = append(out, v)
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mustReadString(t *testing.T, path string) string { return string(mustRead(t, path)) }

// TestSurvivalPathDefaultsReported: a survival path in memory reports
// the step of one whose steps take every training row, a streamed one
// (mini-batches) the method's own.
func TestSurvivalPathDefaultsReported(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("a,b,time,status\n")
	for i := range 120 {
		fmt.Fprintf(&b, "%d,%d,%d,%d\n", i%7, (i*5)%11, 1+(i*13)%97, btoi(i%3 != 0))
	}
	table := write(t, dir, "s.csv", b.String())
	for _, c := range []struct {
		name string
		args []string
		lr   float64
	}{
		{"in memory", nil, regularize.DefaultSurvivalLearnRate},
		{"streamed", []string{"--max-memory", "4KB"}, model.DefaultLearnRate},
	} {
		file := filepath.Join(dir, "r.json")
		args := append([]string{"path", "--data", table, "--time", "time", "--event", "status", "--folds", "0", "--epochs", "5", "--max-lambdas", "3", "-q", "--report", file}, c.args...)
		if code, _, stderr := runArgs(args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.name, code, stderr)
		}
		var r struct {
			LearnRate float64 `json:"lr"`
		}
		if err := json.Unmarshal(mustRead(t, file), &r); err != nil || r.LearnRate != c.lr {
			t.Errorf("%s: the report's step %v (%v), want %v", c.name, r.LearnRate, err, c.lr)
		}
	}
}
