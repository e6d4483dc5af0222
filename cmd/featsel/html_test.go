package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHTMLPages: --html on train, compare and path writes one page that
// holds the command line, the settings and data, the printed report, the
// features ranked (one row each), the warnings and the pictures inline,
// with no script and no address outside it.
func TestHTMLPages(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		// pictures is the least number of pictures; ranked the rows of
		// the ranking (0: none).
		pictures, ranked int
		text             string
	}{
		{[]string{"train", "--epochs", "5"}, 3, 30, "selected"},
		{[]string{"compare", "--epochs", "5", "--methods", "graph,prox-adam"}, 5, 0, "exact zeros"},
		{[]string{"path", "--epochs", "10", "--multiplier", "1.5", "--folds", "0", "--refit", "--dtype", "float32"}, 2, 30, "seed 1, float32 products"},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			file := filepath.Join(dir, tc.args[0]+".html")
			code, _, stderr := runArgs(append(tc.args, "--html", file)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			page := string(mustRead(t, file))
			for _, want := range []string{"<!DOCTYPE html>", "<title>featsel " + tc.args[0] + ": breast_cancer.csv",
				"<code>featsel " + strings.Join(tc.args, " ") + " --html " + file + "</code>", "<th>data</th>", tc.text} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if n := strings.Count(page, `<img src="data:image/png;base64,`); n < tc.pictures {
				t.Errorf("%d inline pictures, want at least %d", n, tc.pictures)
			}
			if n := len(regexp.MustCompile(`<tr( class="dropped")?><td>\d+</td>`).FindAllString(page, -1)); n != tc.ranked {
				t.Errorf("%d ranked features, want %d", n, tc.ranked)
			}
			if strings.Contains(page, "<script") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
				t.Error("a script or an outside address in the page")
			}
			if strings.Contains(stderr, "warning") != strings.Contains(page, `class="warning"`) {
				t.Errorf("the warnings on stderr (%q) and in the page differ", stderr)
			}
		})
	}
}
