package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
		{"text", "a,b,y\n1,2,x\n1,zz,y\n", nil, 1, `:3:2: column "b": value "zz": not a number`},
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

// TestInterrupted sends this process SIGINT during a long run: featsel
// stops, writes the report and the model marked interrupted, and exits 130.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	reportPath, saved := filepath.Join(dir, "r.json"), filepath.Join(dir, "m.json")
	done := make(chan int)
	go func() {
		code, _, _ := runArgs("train", "--epochs", "100000", "--report", reportPath, "--save", saved)
		done <- code
	}()
	time.Sleep(500 * time.Millisecond)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 130 {
			t.Errorf("exit %d, want 130", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the run did not stop")
	}
	var r report.Train
	b, _ := os.ReadFile(reportPath)
	if err := json.Unmarshal(b, &r); err != nil || r.Status != "interrupted" || r.Model != saved {
		t.Errorf("report status %q, model %q, err %v", r.Status, r.Model, err)
	}
	if _, err := os.Stat(saved); err != nil {
		t.Errorf("no model saved: %v", err)
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
	if code != 1 || !strings.Contains(stderr, `value "mean_texture": no such feature column`) {
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
