package main

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,b,y\n1,2,3\n4,\"5,5\",6\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"fly"}, 2, `unknown command "fly"`},
		{"help", []string{"help"}, 0, ""},
		{"train help", []string{"train", "--help"}, 0, ""},
		{"unknown flag", []string{"train", "--nope"}, 2, "unknown flag: --nope"},
		{"not an integer", []string{"compare", "--repeats", "abc"}, 2, `--repeats: "abc" is not an integer`},
		{"not a number", []string{"train", "--lr", "fast"}, 2, `--lr: "fast" is not a number`},
		{"negative lambda", []string{"train", "--lambda", "-1"}, 2, "--lambda must be >= 0"},
		{"zero epochs", []string{"train", "--epochs", "0"}, 2, "--epochs must be > 0"},
		{"val-frac 1", []string{"train", "--val-frac", "1"}, 2, "--val-frac"},
		{"zero width", []string{"train", "--hidden", "64,0"}, 2, "--hidden"},
		{"empty hidden", []string{"train", "--hidden", ""}, 2, `--hidden: "" is not an integer`},
		{"NaN lambda", []string{"train", "--lambda", "NaN"}, 2, "--lambda must be >= 0"},
		{"negative seed", []string{"train", "--seed", "-1"}, 2, "--seed"},
		{"predict without model", []string{"predict", "--data", "x.csv"}, 2, "predict needs --model and --data"},
		{"unknown method", []string{"train", "--method", "lasso"}, 2, `--method: "lasso" is not one of graph, prox-adam`},
		{"negative threshold", []string{"train", "--threshold", "-0.1"}, 2, "--threshold must be >= 0"},
		{"bad task", []string{"train", "--task", "ranking"}, 2, "--task"},
		{"stray argument", []string{"train", "file.csv"}, 2, `unexpected argument "file.csv"`},
		{"missing file", []string{"train", "--data", filepath.Join(dir, "none.csv")}, 1, "no such file"},
		{"malformed file", []string{"train", "--data", bad}, 1, bad + `:3:2: column "b": value "5,5": not a number`},
		{"unknown target", []string{"train", "--target", "nope"}, 1, "the columns are mean_radius"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runArgs(tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
			}
			if strings.Contains(stderr, "goroutine") {
				t.Errorf("stack trace on stderr: %s", stderr)
			}
		})
	}
}

func TestTrainEveryMethod(t *testing.T) {
	for _, m := range []string{"graph", "prox-adam", "decoupled", "ista", "group", "hier"} {
		t.Run(m, func(t *testing.T) {
			report := filepath.Join(t.TempDir(), "r.json")
			code, out, stderr := runArgs("train", "--method", m, "--epochs", "2", "--report", report)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var r struct {
				WeightMeaning string `json:"weight_meaning"`
				Features      []struct{ Weight float64 }
			}
			b, _ := os.ReadFile(report)
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			if r.WeightMeaning == "" || len(r.Features) != 30 || !strings.Contains(out, "selected") {
				t.Errorf("report %s", b)
			}
		})
	}
	code, _, stderr := runArgs("train", "--method", "group", "--threshold", "0.1")
	if code != 2 || !strings.Contains(stderr, "--threshold acts on θ") {
		t.Errorf("group with --threshold: exit %d, %q", code, stderr)
	}
}

func TestTrainHelpListsEveryFlag(t *testing.T) {
	_, out, _ := runArgs("train", "--help")
	for _, f := range []string{"--data", "--target", "--task", "--method", "--lambda", "--lr", "--epochs", "--batch", "--hidden", "--patience", "--seed", "--val-frac", "--report", "--threshold", "--hier-m"} {
		if !strings.Contains(out, f) {
			t.Errorf("train --help does not mention %s", f)
		}
	}
	if !strings.Contains(out, "default 200") {
		t.Error("train --help does not give the defaults")
	}
}

// writeCSV writes ds to a CSV file with its columns renamed, in the order
// given by cols (indices of features, -1 for the target).
func writeCSV(t *testing.T, ds *data.Dataset, names []string, target string, cols []int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "unseen.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	var header []string
	for _, c := range cols {
		if c < 0 {
			header = append(header, target)
		} else {
			header = append(header, names[c])
		}
	}
	w.Write(header)
	for i := range ds.Rows() {
		var rec []string
		for _, c := range cols {
			if c < 0 && ds.Task == data.Classification {
				rec = append(rec, []string{"no", "yes"}[int(ds.Y[i])])
			} else if c < 0 {
				rec = append(rec, strconv.FormatFloat(ds.Y[i], 'g', -1, 64))
			} else {
				rec = append(rec, strconv.FormatFloat(ds.Row(i)[c], 'g', -1, 64))
			}
		}
		w.Write(rec)
	}
	w.Flush()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTrainUnseenFiles runs the command on generated files whose columns
// are shuffled and renamed, with the target in the middle, and checks that
// the report ranks the informative features first.
func TestTrainUnseenFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two networks")
	}
	rng := rand.New(rand.NewPCG(99, 0))
	friedman, fInf := data.Friedman1(1000, 20, 1, rng)
	xor, xInf := data.XOR(1000, 8, rng)
	for _, tc := range []struct {
		ds          *data.Dataset
		informative []int
		task        string
	}{{friedman, fInf, "regression"}, {xor, xInf, "classification"}} {
		t.Run(tc.task, func(t *testing.T) {
			d := tc.ds.Cols()
			names := make([]string, d)
			for j := range names {
				names[j] = fmt.Sprintf("sensor_%c%d", 'a'+rng.IntN(26), j)
			}
			cols := rng.Perm(d)
			cols = slices.Insert(cols, d/2, -1)
			path := writeCSV(t, tc.ds, names, "outcome", cols)
			report := filepath.Join(t.TempDir(), "r.json")
			code, out, stderr := runArgs("train", "--data", path, "--target", "outcome", "--lambda", "0.02", "--epochs", "60", "--report", report)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var r map[string]any
			b, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"method", "lambda", "dataset", "features", "selected", "exact_zeros", "metrics", "epochs", "seconds"} {
				if _, ok := r[k]; !ok {
					t.Errorf("report has no key %q", k)
				}
			}
			if task := r["dataset"].(map[string]any)["task"]; task != tc.task {
				t.Errorf("task %v, want %s", task, tc.task)
			}
			// The features come in file order; rank them by |weight|.
			type fw struct {
				name string
				w    float64
			}
			var fs []fw
			for _, f := range r["features"].([]any) {
				m := f.(map[string]any)
				fs = append(fs, fw{m["name"].(string), math.Abs(m["weight"].(float64))})
			}
			if len(fs) != d {
				t.Fatalf("%d features in the report, want %d", len(fs), d)
			}
			slices.SortStableFunc(fs, func(a, b fw) int { return cmp.Compare(b.w, a.w) })
			var top, want []string
			for k := range tc.informative {
				top = append(top, fs[k].name)
				want = append(want, names[tc.informative[k]])
			}
			slices.Sort(top)
			slices.Sort(want)
			if !slices.Equal(top, want) {
				t.Errorf("top features %v, want %v\n%s", top, want, out)
			}
		})
	}
}

// TestLoneClassWarning: a class that a single row of the target column
// has (a typo, most often) is named on stderr; the run goes on.
func TestLoneClassWarning(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,label\n")
	for i := range 40 {
		b.WriteString(fmt.Sprintf("%d,%d,%s\n", i, i%7, []string{"cat", "dog"}[i%2]))
	}
	b.WriteString("3,4,yes\n")
	file := filepath.Join(t.TempDir(), "typo.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runArgs("train", "--data", file, "--target", "label", "--epochs", "2", "-q")
	if code != 0 || !strings.Contains(stderr, `class "yes" of "label" has a single row of 41`) {
		t.Errorf("exit %d, stderr %q: want the lone class named", code, stderr)
	}
	if strings.Contains(stderr, `"cat"`) || strings.Contains(stderr, `"dog"`) {
		t.Errorf("stderr %q names classes of many rows", stderr)
	}
}
