package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReportToStdout: --report - puts the JSON on stdout, alone, and the
// table on stderr.
func TestReportToStdout(t *testing.T) {
	code, out, stderr := runArgs("train", "--epochs", "2", "--report", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil || r["method"] != "graph" {
		t.Errorf("stdout is not the report: %v\n%.300s", err, out)
	}
	if !strings.Contains(stderr, "rank  feature") {
		t.Errorf("the table is not on stderr:\n%.300s", stderr)
	}
}

// TestReportToPipe: a report written to a named pipe (as /dev/stdout is,
// in a pipeline) goes into the pipe, which stays a pipe.
func TestReportToPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- b
	}()
	code, _, stderr := runArgs("train", "--epochs", "2", "--report", fifo)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r map[string]any
	if b := <-got; json.Unmarshal(b, &r) != nil {
		t.Errorf("the pipe received %.200q", b)
	}
	if fi, err := os.Stat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", fi.Mode(), err)
	}
}

// TestReportToFullDevice: a full disk is an error naming the path.
func TestReportToFullDevice(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	code, _, stderr := runArgs("train", "--epochs", "2", "--report", "/dev/full")
	if code != 1 || !strings.Contains(stderr, "/dev/full") || !strings.Contains(stderr, "no space left") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if fi, err := os.Stat("/dev/full"); err != nil || fi.Mode().IsRegular() {
		t.Errorf("/dev/full was replaced")
	}
}

// TestOutputModes: a new file follows the umask; a replaced one keeps its
// mode.
func TestOutputModes(t *testing.T) {
	umask := syscall.Umask(0o022)
	defer syscall.Umask(umask)
	dir := t.TempDir()
	rep, model := filepath.Join(dir, "r.json"), filepath.Join(dir, "m.json")
	if err := os.WriteFile(model, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runArgs("train", "--epochs", "2", "--report", rep, "--save", model); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for path, want := range map[string]os.FileMode{rep: 0o644, model: 0o640} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", filepath.Base(path), fi.Mode().Perm(), want, err)
		}
	}
}

// TestOutputsCheckedFirst: outputs that cannot be written, or that would
// overwrite an input or each other, are refused before any work (exit 2).
func TestOutputsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	data := write(t, dir, "d.csv", "a,b,y\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n")
	model := write(t, dir, "m.json", "{}")
	file := write(t, dir, "file", "")
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"train", "--report", filepath.Join(dir, "none", "r.json")}, "does not exist"},
		{[]string{"train", "--report", dir}, "is a directory"},
		{[]string{"compare", "--plots", file}, "is not a directory"},
		{[]string{"path", "--plots", file}, "is not a directory"},
		{[]string{"compare", "--plots", filepath.Join(file, "sub")}, file + " exists and is not a directory"},
		{[]string{"train", "--save", filepath.Join(dir, "x"), "--report", filepath.Join(dir, "x")}, "--report and --save name the same file"},
		{[]string{"train", "--data", data, "--report", data}, "name the same file"},
		{[]string{"train", "--report", "-", "--save", "-"}, "both write to standard output"},
		{[]string{"predict", "--model", model, "--data", data, "--out", data}, "--out and --data name the same file"},
		{[]string{"predict", "--model", model, "--data", data, "--out", model}, "--out and --model name the same file"},
		{[]string{"predict", "--model", model, "--data", data, "--out", filepath.Join(dir, ".", "m.json")}, "name the same file"},
	} {
		code, out, stderr := runArgs(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.msg) || out != "" {
			t.Errorf("%v: exit %d, %q (stdout %.80q); want 2 and %q", tc.args, code, stderr, out, tc.msg)
		}
	}
	if b, _ := os.ReadFile(data); !strings.HasPrefix(string(b), "a,b,y") {
		t.Error("the input was overwritten")
	}
}

// TestFoldsCheckedFirst: more folds than the rows allow are refused before
// the path trains (exit 2), naming the limit.
func TestFoldsCheckedFirst(t *testing.T) {
	code, out, stderr := runArgs("path", "--folds", "100000")
	if code != 2 || !strings.Contains(stderr, "--folds: 100000 folds of 569 rows: want 2 <= folds <= 284") || out != "" {
		t.Errorf("exit %d, %q, stdout %.80q", code, stderr, out)
	}
}

// TestCleanRunsQuiet: a clean successful run writes nothing to stderr.
func TestCleanRunsQuiet(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"train", "--epochs", "2", "--report", filepath.Join(dir, "t.json")},
		{"compare", "--epochs", "2", "--methods", "graph,prox-adam", "--plots", filepath.Join(dir, "p")},
		{"path", "--epochs", "5", "--max-lambdas", "3", "--multiplier", "2"},
	} {
		if code, _, stderr := runArgs(args...); code != 0 || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// TestOutputAliases: a path that is standard output under another name
// (here, the file stdout goes to) is written as "-" is, the table going
// to stderr; a link to a regular file replaces the file and keeps the
// link; /dev/null may take several outputs; outputs that meet through a
// linked directory are refused.
func TestOutputAliases(t *testing.T) {
	dir := t.TempDir()
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	if code := run([]string{"train", "--epochs", "2", "--report", stdout.Name()}, stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	stdout.Close()
	var r map[string]any
	if err := json.Unmarshal(mustRead(t, stdout.Name()), &r); err != nil || !strings.Contains(stderr.String(), "rank  feature") {
		t.Errorf("stdout by another name: %v; stderr %.100q", err, stderr.String())
	}

	real := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "link.json")
	os.WriteFile(real, nil, 0o644)
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if code, _, stderr := runArgs("train", "--epochs", "2", "--report", link); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 || json.Unmarshal(mustRead(t, real), &r) != nil {
		t.Errorf("the link was replaced, or its file not written")
	}

	if _, err := os.Stat("/dev/null"); err == nil {
		if code, _, stderr := runArgs("train", "--epochs", "2", "--report", "/dev/null", "--save", "/dev/null"); code != 0 {
			t.Errorf("two outputs to /dev/null: exit %d: %s", code, stderr)
		}
	}

	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	os.Symlink(filepath.Join(dir, "d"), filepath.Join(dir, "alias"))
	code, _, msg := runArgs("train", "--report", filepath.Join(dir, "d", "x.json"), "--save", filepath.Join(dir, "alias", "x.json"))
	if code != 2 || !strings.Contains(msg, "name the same file") {
		t.Errorf("outputs meeting through a linked directory: exit %d, %q", code, msg)
	}
}

// TestOneLinePerError: every error is a line of its own on stderr, with
// the command's name, also when a run ends with two (a diverged run whose
// model cannot be written).
func TestOneLinePerError(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	code, _, stderr := runArgs("train", "--lambda", "1e308", "--epochs", "2", "--save", "/dev/full")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 1 || len(lines) != 2 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "featsel: ") {
			t.Errorf("line %q", l)
		}
	}
	if !strings.Contains(stderr, "featsel: writing /dev/full: no space left on device") {
		t.Errorf("stderr %q", stderr)
	}
}
