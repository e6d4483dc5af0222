package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize/report"
)

// write puts content into a file in dir and returns its path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHostileInput runs train on malformed and unusual files: each gives
// the exit code and message it should, never a stack trace, and no report
// is written for a failed read.
func TestHostileInput(t *testing.T) {
	dir := t.TempDir()
	var wide strings.Builder // more features than rows
	for j := range 40 {
		wide.WriteString("f" + string(rune('a'+j%26)) + string(rune('a'+j/26)) + ",")
	}
	wide.WriteString("y\n")
	for i := range 12 {
		for j := range 40 {
			wide.WriteString(strings.Repeat("1", 1+(i*j)%3) + ",")
		}
		wide.WriteString([]string{"a\n", "b\n"}[i%2])
	}
	var ids strings.Builder // a text column whose every value differs
	ids.WriteString("id,a,y\n")
	for i := range 20 {
		fmt.Fprintf(&ids, "c%d,%d,%s\n", i, i%3, []string{"x", "y"}[i%2])
	}
	tests := []struct {
		name, content string
		args          []string
		code          int
		msg           string
	}{
		{"empty", "", nil, 1, "no header row"},
		{"header only", "a,b,y\n", nil, 1, "no data rows"},
		{"one row", "a,b,y\n1,2,x\n", nil, 1, "target has a single class"},
		{"one row regression", "a,b,y\n1,2,3.5\n", []string{"--task", "regression"}, 1, "target is constant"},
		{"ragged", "a,b,y\n1,2,x\n1,2\n", nil, 1, ":3: wrong number of fields: 2, the header has 3"},
		{"identifier", ids.String(), nil, 1, `column "id": every one of its 20 values is distinct (an identifier?): leave it out with --ignore id`},
		{"missing", "a,b,y\n1,NA,x\n1,2,y\n3,,x\n", nil, 1, "2 rows have one in this column"},
		{"duplicate names", "a,a,y\n1,2,x\n", nil, 1, "duplicate column name"},
		{"unknown target", "a,b,y\n1,2,x\n", []string{"--target", "z"}, 1, "the columns are a, b, y"},
		{"bad missing flag", "a,y\n1,2\n", []string{"--missing", "zero"}, 2, "--missing"},
		{"bad delimiter flag", "a,y\n1,2\n", []string{"--delimiter", "|"}, 2, "--delimiter"},
		{"wide", wide.String(), []string{"--epochs", "3"}, 0, ""},
		{"bom crlf quotes semicolons", "\uFEFF\"a\";\"b\";y\r\n\"1,5\";2;x\r\n3;4;y\r\n5;6;x\r\n7;8;y\r\n\r\n", []string{"--epochs", "2"}, 1, `value "1,5": not a number`},
		{"bom crlf tabs", "\uFEFFa\tb\ty\r\n1\t2\tx\r\n3\t4\ty\r\n5\t6\tx\r\n7\t8\ty\r\n", []string{"--epochs", "2"}, 0, ""},
		{"missing mean", "a,b,y\n1,NA,x\n1,2,y\n3,,x\n4,5,y\n6,7,x\n", []string{"--missing", "mean", "--epochs", "2"}, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, dir, strings.ReplaceAll(tc.name, " ", "_")+".csv", tc.content)
			report := filepath.Join(dir, tc.name+".json")
			code, _, stderr := runArgs(append([]string{"train", "--data", path, "--report", report}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.msg)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace: %s", stderr)
			}
			if _, err := os.Stat(report); (err == nil) != (code == 0) {
				t.Errorf("report written: %v, exit %d", err == nil, code)
			}
		})
	}
}

func TestDivergedRun(t *testing.T) {
	reportPath := filepath.Join(t.TempDir(), "r.json")
	// A learning rate of 1e300 sends the weights past 1e300 in one step, and
	// the squared error overflows.
	code, out, stderr := runArgs("train", "--data", "../../data/testdata/diabetes.csv", "--lr", "1e300", "--epochs", "3", "--report", reportPath)
	if code != 1 || !strings.Contains(stderr, "lower the learning rate") || !strings.Contains(out, "status: diverged") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var r report.Train
	b, _ := os.ReadFile(reportPath)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Status != "diverged" || r.DivergedEpoch != 1 || len(r.Features) != 10 {
		t.Errorf("status %q, epoch %d, %d features", r.Status, r.DivergedEpoch, len(r.Features))
	}
}

// interrupt runs the command and sends this process SIGINT after the
// given time; it returns the exit code and stderr.
func interrupt(t *testing.T, after time.Duration, args ...string) (int, string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result)
	go func() {
		code, _, stderr := runArgs(args...)
		done <- result{code, stderr}
	}()
	time.Sleep(after)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(30 * time.Second):
		t.Fatal("the run did not stop")
	}
	return 0, ""
}

// TestInterrupted sends this process SIGINT during a long run: featsel
// stops, writes the report and the model marked interrupted, and exits 130.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	reportPath, saved := filepath.Join(dir, "r.json"), filepath.Join(dir, "m.json")
	if code, stderr := interrupt(t, 500*time.Millisecond, "train", "--epochs", "100000", "--report", reportPath, "--save", saved); code != 130 {
		t.Errorf("exit %d, want 130: %s", code, stderr)
	}
	var r report.Train
	b, _ := os.ReadFile(reportPath)
	if err := json.Unmarshal(b, &r); err != nil || r.Status != "interrupted" || r.Model != saved {
		t.Errorf("report status %q, model %q, err %v", r.Status, r.Model, err)
	}
	f, err := os.Open(saved)
	if err != nil {
		t.Fatalf("no model saved: %v", err)
	}
	mf, err := model.Load(f)
	f.Close()
	if err != nil || mf.Status != "interrupted" {
		t.Errorf("saved model: status %q, %v", mf.Status, err)
	}
	code, _, stderr := runArgs("predict", "--model", saved, "--data", "../../data/builtin/breast_cancer.csv")
	if code != 0 || !strings.Contains(stderr, "warning: "+saved+" holds the weights of a training run that did not finish (interrupted)") {
		t.Errorf("predict with an interrupted model: exit %d, stderr %q", code, stderr)
	}
}

// TestPathInterrupted: an interruption during the path's first, dense
// training, or in the middle of a cross-validated path, writes the report
// marked interrupted (with what exists) and exits 130; the model of
// --save, which only the refit after the path makes, is said not to be
// written.
func TestPathInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs paths until they are interrupted")
	}
	for _, tc := range []struct {
		name  string
		after time.Duration
		args  []string
	}{
		{"dense", 300 * time.Millisecond, []string{"--epochs", "100000", "--patience", "100000"}},
		{"folds", 1500 * time.Millisecond, []string{"--folds", "5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file, saved := filepath.Join(t.TempDir(), "p.json"), filepath.Join(t.TempDir(), "m.json")
			code, stderr := interrupt(t, tc.after, append([]string{"path", "--report", file, "--save", saved}, tc.args...)...)
			if code != 130 || strings.Contains(stderr, "goroutine") {
				t.Fatalf("exit %d, want 130: %s", code, stderr)
			}
			if _, err := os.Stat(saved); err == nil || !strings.Contains(stderr, "--save: "+saved+" not written") {
				t.Errorf("--save %s: stat err %v; stderr %q, want it said not written", saved, err, stderr)
			}
			var r report.Path
			b, _ := os.ReadFile(file)
			if err := json.Unmarshal(b, &r); err != nil || r.Status != "interrupted" {
				t.Errorf("report status %q, err %v", r.Status, err)
			}
		})
	}
}

// TestReadInterrupted: an interruption while featsel waits for data on a
// pipe stops it (exit 130).
func TestReadInterrupted(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	w, err := os.OpenFile(fifo, os.O_RDWR, 0) // a writer that never writes
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if code, stderr := interrupt(t, 300*time.Millisecond, "train", "--data", fifo); code != 130 || !strings.Contains(stderr, "interrupted") {
		t.Errorf("exit %d, %q; want 130", code, stderr)
	}
}

func TestPredictRoundTrip(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "m.json")
	if code, _, stderr := runArgs("train", "--epochs", "30", "--save", saved); code != 0 {
		t.Fatalf("train: %s", stderr)
	}
	// The embedded data with its columns reversed, an extra column, and
	// the target: predict matches by name and reports the accuracy.
	src, _ := os.ReadFile("../../data/builtin/breast_cancer.csv")
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	var b strings.Builder
	for i, line := range lines {
		f := strings.Split(line, ",")
		for l, r := 0, len(f)-1; l < r; l, r = l+1, r-1 {
			f[l], f[r] = f[r], f[l]
		}
		extra := "note"
		if i > 0 {
			extra = "x"
		}
		b.WriteString(strings.Join(append(f, extra), ",") + "\n")
	}
	data := write(t, dir, "new.csv", b.String())
	pred := filepath.Join(dir, "pred.csv")
	code, out, stderr := runArgs("predict", "--model", saved, "--data", data, "--out", pred)
	if code != 0 {
		t.Fatalf("predict: %s", stderr)
	}
	if !strings.Contains(out, "ignored columns: note") || !strings.Contains(out, "accuracy 0.9") {
		t.Errorf("output %q", out)
	}
	got, _ := os.ReadFile(pred)
	rows := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(rows) != 570 || rows[0] != "prediction,p_benign,p_malignant" {
		t.Errorf("%d lines, header %q", len(rows), rows[0])
	}
	// A file without a feature the model needs.
	bad := write(t, dir, "bad.csv", "mean_radius,diagnosis\n1,benign\n")
	code, _, stderr = runArgs("predict", "--model", saved, "--data", bad)
	if code != 1 || !strings.Contains(stderr, `value "mean_texture": a feature column is not in the file`) {
		t.Errorf("exit %d, %q", code, stderr)
	}
	// A damaged model file.
	damaged := write(t, dir, "damaged.json", strings.Replace(string(mustRead(t, saved)), "0.", "1.", 1))
	code, _, stderr = runArgs("predict", "--model", damaged, "--data", data)
	if code != 1 || !strings.Contains(stderr, "checksum mismatch") {
		t.Errorf("damaged model: exit %d, %q", code, stderr)
	}
}

func mustRead(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPredictEveryRow: the target column of a table to predict is only
// for scoring. One class, a single labelled row or empty labels are no
// error; every row is predicted in its place, and with --missing drop a
// row with a missing feature keeps its place with empty cells.
func TestPredictEveryRow(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "m.json")
	if code, _, stderr := runArgs("train", "--data", "../../data/testdata/diabetes.csv", "--target", "progression", "--epochs", "2", "--save", saved); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(string(mustRead(t, "../../data/testdata/diabetes.csv")), "\n")
	header, rows := lines[0], lines[1:6]
	blankTarget := func(row string) string { return row[:strings.LastIndex(row, ",")+1] }
	for _, tc := range []struct {
		name, table string
		missing     string
		wantRows    []bool // which rows get a prediction
		score       string
	}{
		{"one labelled row", header + "\n" + rows[0] + "\n" + blankTarget(rows[1]) + "\n" + blankTarget(rows[2]) + "\n", "error", []bool{true, true, true}, "(1 rows with the target)"},
		{"constant target", header + "\n" + rows[0] + "\n" + rows[0] + "\n", "error", []bool{true, true}, "(2 rows with the target)"},
		{"missing feature dropped", header + "\n" + rows[0] + "\n" + "NA" + rows[1][strings.Index(rows[1], ","):] + "\n" + rows[2] + "\n", "drop", []bool{true, false, true}, "(2 rows with the target)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := write(t, dir, "in.csv", tc.table)
			code, out, stderr := runArgs("predict", "--model", saved, "--data", in, "--missing", tc.missing)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := strings.Split(strings.TrimSpace(out), "\n")[1:]
			if len(got) != len(tc.wantRows) {
				t.Fatalf("%d predictions for %d rows:\n%s", len(got), len(tc.wantRows), out)
			}
			for i, want := range tc.wantRows {
				if (got[i] != "") != want {
					t.Errorf("row %d: prediction %q, want one: %v", i, got[i], want)
				}
			}
			if !strings.Contains(stderr, tc.score) {
				t.Errorf("stderr %q lacks %q", stderr, tc.score)
			}
		})
	}
}

// TestExtremeValues: features near ±1.8e308 train instead of "diverging",
// and a target near 1e200 keeps its report, which is valid JSON.
func TestExtremeValues(t *testing.T) {
	dir := t.TempDir()
	var features, target strings.Builder
	features.WriteString("a,b,y\n")
	target.WriteString("a,b,y\n")
	for i := range 40 {
		fmt.Fprintf(&features, "%g,%d,%s\n", []float64{1e308, 1.7e308, -1.7e308, 1.2e308}[i%4], i, []string{"u", "v"}[i%2])
		fmt.Fprintf(&target, "%d,%d,%g\n", i, i%7, float64(i%9+1)*1.1e200)
	}
	for name, args := range map[string][]string{
		"features": {"--data", write(t, dir, "f.csv", features.String())},
		"target":   {"--data", write(t, dir, "t.csv", target.String()), "--task", "regression"},
	} {
		rep := filepath.Join(dir, name+".json")
		code, _, stderr := runArgs(append([]string{"train", "--epochs", "5", "--report", rep}, args...)...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, stderr)
		}
		var r map[string]any
		if err := json.Unmarshal(mustRead(t, rep), &r); err != nil || r["status"] != "ok" {
			t.Errorf("%s: report %v, %v", name, r["status"], err)
		}
	}
	// Scoring those targets does not overflow either.
	saved := filepath.Join(dir, "m.json")
	table := filepath.Join(dir, "t.csv")
	if code, _, stderr := runArgs("train", "--data", table, "--task", "regression", "--epochs", "5", "--save", saved); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr := runArgs("predict", "--model", saved, "--data", table)
	if code != 0 || !strings.Contains(stderr, "r2 ") || strings.Contains(stderr, "NaN") || strings.Contains(stderr, "Inf") {
		t.Errorf("predict: exit %d, %q", code, stderr)
	}
}

// TestPredictWithoutUnusedColumns: a model whose weights are exactly zero
// for some features predicts from a table without those columns, the
// same values as from the whole table; graph-level L1, which never
// reaches zero, needs every column.
func TestPredictWithoutUnusedColumns(t *testing.T) {
	dir := t.TempDir()
	full := "../../data/builtin/breast_cancer.csv"
	saved := filepath.Join(dir, "m.json")
	rep := filepath.Join(dir, "r.json")
	if code, _, stderr := runArgs("train", "--method", "prox-adam", "--lambda", "0.05", "--epochs", "50", "--save", saved, "--report", rep); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r report.Train
	if err := json.Unmarshal(mustRead(t, rep), &r); err != nil || r.ExactZeros == 0 {
		t.Fatalf("no exact zeros to leave out: %v", err)
	}
	// The table without the zero-weight columns.
	lines := strings.Split(strings.TrimSpace(string(mustRead(t, full))), "\n")
	header := strings.Split(lines[0], ",")
	var keep []int
	for i, name := range header {
		if !slices.ContainsFunc(r.Features, func(f report.Feature) bool { return f.Name == name && f.Weight == 0 }) {
			keep = append(keep, i)
		}
	}
	var reduced strings.Builder
	for _, l := range lines {
		cells := strings.Split(l, ",")
		var out []string
		for _, i := range keep {
			out = append(out, cells[i])
		}
		reduced.WriteString(strings.Join(out, ",") + "\n")
	}
	small := write(t, dir, "small.csv", reduced.String())
	code, want, stderr := runArgs("predict", "--model", saved, "--data", full)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, got, stderr := runArgs("predict", "--model", saved, "--data", small)
	if code != 0 || got != want {
		t.Errorf("predict without the unused columns: exit %d, %s; same predictions: %v", code, stderr, got == want)
	}
	graph := filepath.Join(dir, "g.json")
	if code, _, stderr := runArgs("train", "--epochs", "5", "--save", graph); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runArgs("predict", "--model", graph, "--data", small); code != 1 || !strings.Contains(stderr, "not in the file") {
		t.Errorf("graph's model without columns: exit %d, %q", code, stderr)
	}
}
