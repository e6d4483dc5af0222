package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/regularize/report"
)

// TestCompareRepeats: compare --repeats prints each method's mean ±
// standard error and its differences from the baseline with p-values,
// and its report holds every repeat's train reports and the summaries,
// which agree with them; the first repeat is the comparison of --seed;
// shards merged give the same repeats; bad flags exit 2.
func TestCompareRepeats(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "r.json")
	args := []string{"compare", "--repeats", "4", "--methods", "graph,prox-adam,hier", "--baseline", "prox-adam", "--epochs", "3", "--informative", "worst_radius,worst_texture", "--seed", "3"}
	code, out, stderr := runArgs(append(args, "--report", file)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report.Repeats
	if b, err := os.ReadFile(file); err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("the report: %v", err)
	}
	if len(rep.Repeats) != 4 || rep.Repeats[3].Seed != 6 || len(rep.Summary) != 3 || rep.Baseline != "prox-adam" {
		t.Fatalf("report: %d repeats, %d methods, baseline %s", len(rep.Repeats), len(rep.Summary), rep.Baseline)
	}
	for i, s := range rep.Summary {
		for _, st := range s.Stats {
			if (st.Paired == nil) != (s.Method == "prox-adam") || len(st.Values) != 4 {
				t.Errorf("%s %s: %d values, paired %v", s.Method, st.Name, len(st.Values), st.Paired)
			}
			if st.Name != "selected" {
				continue
			}
			var sum float64
			for r, v := range st.Values {
				if got := len(rep.Repeats[r].Methods[i].Selected); float64(v) != float64(got) {
					t.Errorf("%s, repeat %d: %v selected in the summary, %d in the repeat", s.Method, r, v, got)
				}
				sum += float64(v)
			}
			if float64(st.Mean) != sum/4 {
				t.Errorf("%s: mean %v of %v", s.Method, st.Mean, st.Values)
			}
		}
		if len(s.Stats) != 8 { // zeros, hovering, selected, accuracy, seconds, precision, recall, f1
			t.Errorf("%s: %d measures", s.Method, len(s.Stats))
		}
	}
	for _, want := range []string{"4 repeats, seeds 3 to 6", "mean ± standard error over the repeats", "minus prox-adam, paired by repeat", "an exact p is at least 0.125 with 4 repeats"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^\s+graph\s+0\.01\s+0\.001\s+\d+\.\d ± \d+\.\d`).MatchString(out) || !strings.Contains(out, "(p ") {
		t.Errorf("no mean ± SE row for graph or no p-value:\n%s", out)
	}
	// The first repeat is the plain comparison of its seed.
	_, one, _ := readCompare(t, "--methods", "graph,prox-adam,hier", "--epochs", "3", "--seed", "3")
	for i, m := range one.Methods {
		if got := rep.Repeats[0].Methods[i]; got.Metrics["val_accuracy"] != m.Metrics["val_accuracy"] || !slices.Equal(got.Selected, m.Selected) {
			t.Errorf("%s: repeat 1 differs from the comparison of seed 3", m.Method)
		}
	}
	// Shards, merged.
	var parts []string
	for _, sh := range []string{"0/2", "1/2"} {
		part := filepath.Join(dir, "part"+sh[:1])
		if code, _, stderr := runArgs(append(slices.Clone(args), "--shard", sh, "--part", part)...); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", sh, code, stderr)
		}
		parts = append(parts, part)
	}
	merged := filepath.Join(dir, "m.json")
	if code, _, stderr := runArgs(append([]string{"merge", "--report", merged}, parts...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	var m report.Repeats
	if b, err := os.ReadFile(merged); err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatalf("the merged report: %v", err)
	}
	for r := range rep.Repeats {
		for i, want := range rep.Repeats[r].Methods {
			got := m.Repeats[r].Methods[i]
			if !slices.Equal(got.Selected, want.Selected) || got.Metrics["val_accuracy"] != want.Metrics["val_accuracy"] || len(got.Features) != len(want.Features) || got.Features[0].Weight != want.Features[0].Weight {
				t.Errorf("repeat %d, %s: the merged shards differ from one run", r, want.Method)
			}
		}
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"compare", "--repeats", "0"}, "--repeats must be >= 1"},
		{[]string{"compare", "--repeats", "3", "--methods", "prox-adam,hier"}, `--baseline: "graph" is not among the compared methods`},
	} {
		if code, _, stderr := runArgs(tc.args...); code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, %q", tc.args, code, stderr)
		}
	}
}

// TestCompareDatasets: --datasets compares on every table of a manifest
// and prints one table of datasets × methods, in Markdown by default,
// LaTeX or CSV (--table), whose numbers are the report's; --table alone
// prints one table's; a manifest's error names its line; flags that the
// manifest replaces exit 2.
func TestCompareDatasets(t *testing.T) {
	dir := t.TempDir()
	diabetes, err := filepath.Abs("../../data/testdata/diabetes.csv")
	if err != nil {
		t.Fatal(err)
	}
	wine, _ := filepath.Abs("../../data/testdata/wine.csv")
	manifest := write(t, dir, "m.csv", "path,target,informative\n"+diabetes+",progression,bmi;s5\n"+wine+",,\n")
	file := filepath.Join(dir, "r.json")
	base := []string{"compare", "--datasets", manifest, "--repeats", "2", "--methods", "graph,prox-adam", "--epochs", "3"}
	code, out, stderr := runArgs(append(slices.Clone(base), "--report", file)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report.Datasets
	if b, err := os.ReadFile(file); err != nil || json.Unmarshal(b, &rep) != nil || len(rep.Datasets) != 2 {
		t.Fatalf("the report: %v, %d datasets", err, len(rep.Datasets))
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "| dataset | method | metric | n | score |") {
		t.Fatalf("the Markdown table:\n%s", out)
	}
	score := rep.Datasets[1].Summary[1].Stats[3] // wine, prox-adam, val_accuracy
	if score.Name != "val_accuracy" || !strings.Contains(lines[5], fmt.Sprintf("| %s | prox-adam | val_accuracy | 2 | %.4f ± %.4f |", wine, float64(score.Mean), float64(score.SE))) {
		t.Errorf("wine's prox-adam row %q, the report's %s %v ± %v", lines[5], score.Name, score.Mean, score.SE)
	}
	if !strings.Contains(lines[2], "| "+diabetes+" | graph | val_r2 | 2 |") || strings.Count(lines[2], "±") != 8 || strings.Count(lines[4], "±") != 5 {
		t.Errorf("diabetes's row has precision, recall and F1, wine's not:\n%s", out)
	}
	_, tex, _ := runArgs(append(slices.Clone(base), "--table", "tex")...)
	if !strings.HasPrefix(tex, "\\begin{tabular}{lllrrrrrrrrrr}") || !strings.Contains(tex, "val\\_accuracy") || !strings.Contains(tex, "$\\pm$") || !strings.Contains(tex, "\\addlinespace") {
		t.Errorf("the LaTeX table:\n%s", tex)
	}
	_, csvOut, _ := runArgs(append(slices.Clone(base), "--table", "csv")...)
	records, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil || len(records) != 5 || records[0][4] != "score_mean" || records[4][0] != wine {
		t.Errorf("the CSV table (%v):\n%s", err, csvOut)
	}
	// --table on one table.
	if code, out, _ := runArgs("compare", "--data", diabetes, "--methods", "graph,hier", "--epochs", "2", "--table", "md"); code != 0 || strings.Count(out, "\n") != 4 || !strings.Contains(out, "| diabetes.csv | hier |") {
		t.Errorf("--table md on one table: exit %d\n%s", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"compare", "--datasets", manifest, "--data", diabetes}, 2, "--datasets gives each table's --data"},
		{[]string{"compare", "--table", "html"}, 2, `--table: "html" is not md, tex or csv`},
		{[]string{"compare", "--datasets", write(t, dir, "bad.csv", "path,target,informative\n"+diabetes+",nope,\n")}, 1, "bad.csv:2:2: target \"nope\": " + diabetes + " has no such column"},
		{[]string{"compare", "--datasets", write(t, dir, "inf.csv", "path,target,informative\n"+diabetes+",,zzz\n")}, 1, "inf.csv:2:3: informative \"zzz\""},
		{[]string{"compare", "--datasets", manifest, "--shard", "0/2", "--part", filepath.Join(dir, "p")}, 2, "--datasets with --shard"},
		{[]string{"compare", "--baseline", "hier"}, 2, "--baseline goes with --repeats"},
	} {
		if code, _, stderr := runArgs(tc.args...); code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, %q", tc.args, code, stderr)
		}
	}
}

// TestCompareGrid: --grid compares at every cell of lr × λ, with graph's
// band per cell in the printout and the report; bad grids exit 2.
func TestCompareGrid(t *testing.T) {
	file := filepath.Join(t.TempDir(), "g.json")
	code, out, stderr := runArgs("compare", "--methods", "graph,prox-adam,hier", "--epochs", "3", "--grid", "lr=0.001,0.1", "--grid", "lambda=0.01,0.1", "--grid", "hier.lambda=64,640", "--report", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report.Grid
	if b, err := os.ReadFile(file); err != nil || json.Unmarshal(b, &rep) != nil || len(rep.Cells) != 4 {
		t.Fatalf("the report: %v, %d cells", err, len(rep.Cells))
	}
	for k, c := range rep.Cells {
		wantLR, wantLambda, wantHier := []float64{0.001, 0.001, 0.1, 0.1}[k], []float64{0.01, 0.1, 0.01, 0.1}[k], []float64{64, 640, 64, 640}[k]
		if c.LearnRate != wantLR || c.Methods[0].Lambda != wantLambda || c.Methods[1].LearnRate != wantLR || c.Methods[2].Lambda != wantHier || c.Band == nil || c.Band.From != "prox-adam" {
			t.Errorf("cell %d: lr %g, graph λ %g, hier λ %g, band %+v", k, c.LearnRate, c.Methods[0].Lambda, c.Methods[2].Lambda, c.Band)
		}
	}
	if !strings.Contains(out, "90% band/lr") || !regexp.MustCompile(`(?m)^\s+0\.1\s+0\.1\s`).MatchString(out) {
		t.Errorf("the printout:\n%s", out)
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"compare", "--grid", "lr=0"}, "--grid lr: \"0\" is not a number >= 0 (> 0 for lr)"},
		{[]string{"compare", "--grid", "speed=1"}, `--grid: "speed" is not lr, lambda or METHOD.lambda`},
		{[]string{"compare", "--grid", "lr=0.1", "--grid", "lr=0.2"}, "--grid: lr given twice"},
		{[]string{"compare", "--methods", "graph", "--grid", "hier.lambda=1"}, `--grid: "hier" is not among the compared methods`},
		{[]string{"compare", "--grid", "lr=0.1", "--repeats", "3"}, "--grid with --repeats"},
		{[]string{"compare", "--grid", "lambda=0.1,1", "--grid", "hier.lambda=5"}, "--grid: 1 values of hier.lambda for 2 of lambda: one for each"},
	} {
		if code, _, stderr := runArgs(tc.args...); code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, %q", tc.args, code, stderr)
		}
	}
}
