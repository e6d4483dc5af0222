package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/featsel/featsel/regularize/report"
)

// readCompare runs compare and returns its stdout and parsed report.
func readCompare(t *testing.T, args ...string) (string, report.Compare, []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "c.json")
	code, out, stderr := runArgs(append([]string{"compare", "--report", file}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rep report.Compare
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return out, rep, b
}

func TestCompareTableMatchesReport(t *testing.T) {
	out, rep, _ := readCompare(t, "--epochs", "5", "--informative", "worst_radius,worst_texture,worst_area")
	if len(rep.Methods) != 6 {
		t.Fatalf("%d methods in the report, want all 6", len(rep.Methods))
	}
	for _, r := range rep.Methods {
		// The row: method λ lr zeros hovering selected metric seconds precision recall F1.
		row := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(r.Method) + `\s+(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s`).FindStringSubmatch(out)
		if row == nil {
			t.Fatalf("no row for %s in\n%s", r.Method, out)
		}
		zeros, _ := strconv.Atoi(row[3])
		hovering, _ := strconv.Atoi(row[4])
		selected, _ := strconv.Atoi(row[5])
		if zeros != r.ExactZeros || hovering != r.Hovering || selected != len(r.Selected) {
			t.Errorf("%s: table says %d zeros, %d hovering, %d selected; report %d, %d, %d",
				r.Method, zeros, hovering, selected, r.ExactZeros, r.Hovering, len(r.Selected))
		}
		if r.Truth == nil {
			t.Errorf("%s: no precision/recall with --informative", r.Method)
		}
		for _, k := range []string{"method", "lambda", "dataset", "features", "selected", "exact_zeros", "metrics", "epochs", "seconds"} {
			b, _ := json.Marshal(r)
			if !strings.Contains(string(b), `"`+k+`"`) {
				t.Errorf("%s: report lacks %q", r.Method, k)
			}
		}
	}
}

// TestCompareReproducible: one seed, two runs, the same report except the
// timings.
func TestCompareReproducible(t *testing.T) {
	seconds := regexp.MustCompile(`"seconds": [0-9.e-]+`)
	_, _, a := readCompare(t, "--epochs", "3", "--methods", "graph,prox-adam,hier")
	_, _, b := readCompare(t, "--epochs", "3", "--methods", "graph,prox-adam,hier")
	a, b = seconds.ReplaceAll(a, nil), seconds.ReplaceAll(b, nil)
	if !bytes.Equal(a, b) {
		t.Error("two compare runs with one seed wrote different reports")
	}
}

func TestComparePlots(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plots")
	_, rep, _ := readCompare(t, "--epochs", "3", "--methods", "graph,group", "--plots", dir)
	want := []string{"trace_graph.png", "hist_graph.png", "trace_group.png", "hist_group.png", "final_weights.png"}
	if len(rep.Plots) != len(want) {
		t.Errorf("report lists plots %v", rep.Plots)
	}
	for _, name := range want {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 || b.Dx() > 2000 || b.Dy() > 2000 {
			t.Errorf("%s is %v pixels", name, b.Size())
		}
	}
}

func TestCompareBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--methods", "graph,lasso"}, `"lasso" is not one of`},
		{[]string{"--lambdas", "ista=x"}, `ista="x" is not a number`},
		{[]string{"--methods", "graph", "--lambdas", "hier=5"}, `"hier" is not among`},
		{[]string{"--informative", "nope"}, `no feature "nope"`},
	} {
		code, _, stderr := runArgs(append([]string{"compare"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("compare %v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.msg)
		}
	}
}
