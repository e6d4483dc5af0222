package main

import (
	"path/filepath"
	"strings"
	"testing"
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
