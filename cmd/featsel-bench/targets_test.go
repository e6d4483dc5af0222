package main

import (
	"bytes"
	"regexp"
	"testing"
)

// TestTargets runs the targets mode end to end on a small table and checks
// its table; bad sizes are flag errors.
func TestTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a cross-validated path")
	}
	var out, errb bytes.Buffer
	if code := runTargets([]string{"--n", "200", "--d", "8", "--seeds", "1", "--folds", "2"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, re := range []string{`(?m)^   1  +\d+  +[0-6] of 6  +\d+  +-?\d\.\d{4}  +-?\d\.\d{4}  +-?\d\.\d{4}  +-?\d\.\d{4}  +[\d.]+$`,
		`data.ThreeTargets: 200 rows × 8 features, noise 0.3; featsel path --target a,b,c --folds 2 --test-frac 0.2`} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("the table lacks %q:\n%s", re, out.String())
		}
	}
	if code := runTargets([]string{"--d", "5"}, &out, &errb); code != 2 {
		t.Errorf("--d 5: exit %d, want 2", code)
	}
}
