package main

import (
	"bytes"
	"regexp"
	"testing"
)

// TestWide runs the wide mode end to end on a small table and checks its
// report; bad sizes are flag errors.
func TestWide(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a cross-validated path")
	}
	var out, errb bytes.Buffer
	if code := runWide([]string{"--n", "60", "--d", "40", "--informative", "3", "--dtype", "float32"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, re := range []string{`wide: 60 rows × 40 features \(3 informative\), float32 products, 5 folds`,
		`path: \d+ λ, \d+ epochs with the folds', [\d.]+ s, peak RSS \d+ MiB`, `chosen: \d+ features, [0-3] of the 3 informative, \d+ others`} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("the report lacks %q:\n%s", re, out.String())
		}
	}
	if code := runWide([]string{"--informative", "0"}, &out, &errb); code != 2 {
		t.Errorf("--informative 0: exit %d, want 2", code)
	}
}
