package main

import (
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/regularize"
)

// reportSchemaFile is the JSON Schema of the reports; a change to a report
// changes it in the same commit.
const reportSchemaFile = "../../regularize/report/schema/report.schema.json"

// readReportSchema reads the report schema into a checker.
func readReportSchema(t *testing.T) *schemaCheck {
	t.Helper()
	c, err := newSchemaCheck(mustRead(t, reportSchemaFile))
	if err != nil {
		t.Fatalf("%s: %v", reportSchemaFile, err)
	}
	return c
}

// checkReport validates the report in file against the schema's
// definition of its kind (train, compare or path), and against the whole
// schema, whose oneOf must pick that kind alone.
func checkReport(t *testing.T, c *schemaCheck, kind, file string) {
	t.Helper()
	b := mustRead(t, file)
	if errs := c.validate(b, "#/$defs/"+kind); len(errs) > 0 {
		t.Fatalf("the %s report does not match %s:\n%s", kind, reportSchemaFile, strings.Join(errs, "\n"))
	}
	if errs := c.validate(b, "#"); len(errs) > 0 {
		t.Errorf("the %s report does not match the whole schema:\n%s", kind, strings.Join(errs, "\n"))
	}
}

// TestReportsMatchSchema runs train, compare and path over the cases that
// give their reports different shapes (regression, classification and survival,
// categories and groups, class weights, folds, stability, a held-out test
// part, refit and save, --k, divergence and interruption) and validates
// every report written against the schema, which allows no property it
// does not describe: a report that gains a field fails here until the
// schema has it. The cases between them hold every property the schema
// describes.
func TestReportsMatchSchema(t *testing.T) {
	c := readReportSchema(t)
	dir := t.TempDir()
	diabetes, aids := "../../data/testdata/diabetes.csv", "../../data/testdata/aids2.csv"
	pbc := []string{"--data", "../../data/testdata/pbc_train.csv", "--time", "time", "--event", "status", "--missing", "mean"}
	three := []string{"--data", write(t, dir, "three.csv", threeTargetsCSV(t, 200)), "--target", "a,b,c"}
	skewed := write(t, dir, "skewed.csv", skewedTable(300, 1))
	mixed := write(t, dir, "mixed.csv", mixedTable(200, 3))
	absDiabetes, err := filepath.Abs(diabetes)
	if err != nil {
		t.Fatal(err)
	}
	groups := write(t, dir, "groups.csv", "column,group\nage,body\nbmi,body\nsmoker,habits\ncolour,habits\n")
	missing := write(t, dir, "missing.csv", "a\tb\ty\n1\tNA\tx\n1\t2\ty\n3\t\tx\n4\t5\ty\n6\t7\tx\n8\t9\ty\n")
	// Quick paths, on which no feature leaves (most cases), and paths long
	// enough that features leave (on the embedded data: 30 features, then
	// 26, 22, 15, 8, 7, 6).
	fastPath := []string{"--multiplier", "2", "--epochs", "5", "--max-lambdas", "8"}
	leavingPath := []string{"--multiplier", "2", "--epochs", "20", "--max-lambdas", "12"}
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"train classification", []string{"train", "--epochs", "2"}, 0},
		{"train common scale", []string{"train", "--standardize=false", "--epochs", "2"}, 0},
		{"train regression threshold", []string{"train", "--data", diabetes, "--threshold", "0.01", "--epochs", "2"}, 0},
		{"train hier save", []string{"train", "--method", "hier", "--epochs", "2", "--save", filepath.Join(dir, "hier.model")}, 0},
		{"train class weight", []string{"train", "--data", skewed, "--class-weight", "balanced", "--epochs", "2"}, 0},
		{"train categories", []string{"train", "--data", aids, "--epochs", "2"}, 0},
		{"train groups", []string{"train", "--data", mixed, "--ignore", "id", "--groups", groups, "--epochs", "2"}, 0},
		{"train missing tabs", []string{"train", "--data", missing, "--missing", "mean", "--epochs", "2"}, 0},
		{"train diverged", []string{"train", "--data", diabetes, "--lr", "1e300", "--epochs", "3"}, 1},
		{"train float32", []string{"train", "--dtype", "float32", "--epochs", "2"}, 0},
		{"train survival logs", append([]string{"train", "--epochs", "2", "--log", "bili,copper"}, pbc...), 0},
		{"train streamed", []string{"train", "--data", diabetes, "--max-memory", "10KB", "--epochs", "2", "--cache", filepath.Join(dir, "cache")}, 0},
		{"path streamed", []string{"path", "--data", diabetes, "--max-memory", "10KB", "--epochs", "3", "--max-lambdas", "4", "--refit"}, 0},
		{"train streamed again", []string{"train", "--data", diabetes, "--max-memory", "10KB", "--epochs", "2", "--cache", filepath.Join(dir, "cache")}, 0},
		{"compare informative plots", []string{"compare", "--epochs", "2", "--informative", "worst_radius,worst_texture", "--plots", filepath.Join(dir, "cplots")}, 0},
		{"compare repeats informative plots", []string{"compare", "--repeats", "3", "--methods", "graph,prox-adam", "--epochs", "2", "--informative", "worst_radius,worst_texture", "--plots", filepath.Join(dir, "rplots")}, 0},
		{"compare datasets plots", []string{"compare", "--datasets", write(t, dir, "manifest.csv", "path,target,informative\n"+absDiabetes+",,bmi;bp\n"), "--methods", "graph,hier", "--epochs", "2", "--plots", filepath.Join(dir, "dplots")}, 0},
		{"compare grid informative plots", []string{"compare", "--methods", "graph,prox-adam", "--epochs", "2", "--grid", "lr=0.001,0.01", "--grid", "lambda=0.01,0.1", "--informative", "worst_radius", "--plots", filepath.Join(dir, "gplots")}, 0},
		{"compare regression", []string{"compare", "--data", diabetes, "--methods", "graph,hier", "--epochs", "2"}, 0},
		{"compare class weight", []string{"compare", "--data", skewed, "--class-weight", "balanced", "--methods", "graph,prox-adam", "--epochs", "2"}, 0},
		{"compare groups", []string{"compare", "--data", mixed, "--ignore", "id", "--groups", groups, "--methods", "group,hier", "--epochs", "2"}, 0},
		{"compare survival", append([]string{"compare", "--epochs", "2"}, pbc...), 0},
		{"path validation rows", append([]string{"path", "--folds", "0"}, leavingPath...), 0},
		{"path folds refit stability plots", append([]string{"path", "--folds", "2", "--refit", "--stability", "2", "--plots", filepath.Join(dir, "pplots")}, fastPath...), 0},
		{"path min", append([]string{"path", "--folds", "2", "--choose", "min"}, fastPath...), 0},
		{"path k refined", append([]string{"path", "--folds", "0", "--k", "10"}, leavingPath...), 0},
		{"path k missed folds", append([]string{"path", "--folds", "2", "--k", "3"}, fastPath...), 0},
		{"path refit all by another method", append([]string{"path", "--folds", "0", "--refit-all", "--method", "ista", "--refit-method", "prox-adam"}, fastPath...), 0},
		{"path test regression", append([]string{"path", "--data", diabetes, "--folds", "0", "--test-frac", "0.2"}, fastPath...), 0},
		{"path test classification", append([]string{"path", "--folds", "0", "--test-frac", "0.2"}, fastPath...), 0},
		{"path save selected", append([]string{"path", "--folds", "0", "--save", filepath.Join(dir, "path.model"), "--write-selected", filepath.Join(dir, "sel.csv")}, fastPath...), 0},
		{"path class weight", append([]string{"path", "--data", skewed, "--class-weight", "balanced", "--folds", "0", "--refit"}, fastPath...), 0},
		{"path categories", append([]string{"path", "--data", aids, "--folds", "0"}, fastPath...), 0},
		{"path groups", append([]string{"path", "--data", mixed, "--ignore", "id", "--groups", groups, "--folds", "0"}, fastPath...), 0},
		{"path float32", append([]string{"path", "--dtype", "float32", "--folds", "0"}, fastPath...), 0},
		{"path survival test", append(append([]string{"path", "--folds", "0", "--test-frac", "0.2"}, fastPath...), pbc...), 0},
		{"path targets test", append(append([]string{"path", "--folds", "0", "--test-frac", "0.2", "--refit"}, fastPath...), three...), 0},
		{"train targets", append([]string{"train", "--epochs", "2"}, three...), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "r.json")
			code, _, stderr := runArgs(append(slices.Clone(tc.args), "--report", file)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, stderr)
			}
			kind := tc.args[0]
			switch {
			case slices.Contains(tc.args, "--datasets"):
				kind = "datasets"
			case slices.Contains(tc.args, "--repeats"):
				kind = "repeats"
			case slices.Contains(tc.args, "--grid"):
				kind = "grid"
			}
			checkReport(t, c, kind, file)
		})
	}
	// Interrupted during the first λ or epoch: the path's report has no
	// point yet.
	for _, kind := range []string{"train", "path"} {
		t.Run(kind+" interrupted", func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "r.json")
			code, stderr := interrupt(t, 300*time.Millisecond, kind, "--epochs", "100000", "--patience", "100000", "--report", file)
			if code != 130 {
				t.Fatalf("exit %d, want 130: %s", code, stderr)
			}
			checkReport(t, c, kind, file)
		})
	}
	// Every property the schema describes came up in some report: a
	// property no case produces is checked nowhere (add a case for it).
	t.Run("every property", func(t *testing.T) {
		if unseen := c.unseen(); len(unseen) > 0 {
			t.Errorf("no report held %s", strings.Join(unseen, ", "))
		}
	})
}

// TestReportSchemaEnums: the schema's fixed lists are the program's: the
// methods are regularize.Methods(), the tasks data's, and every method's
// own setting is a property of the train report.
func TestReportSchemaEnums(t *testing.T) {
	var s struct {
		Defs map[string]struct {
			Enum       []string                   `json:"enum"`
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(mustRead(t, reportSchemaFile), &s); err != nil {
		t.Fatal(err)
	}
	if got := s.Defs["method"].Enum; !slices.Equal(got, regularize.Methods()) {
		t.Errorf("$defs/method's enum %v, want regularize.Methods() %v", got, regularize.Methods())
	}
	var task struct {
		Enum []string `json:"enum"`
	}
	if err := json.Unmarshal(s.Defs["dataset"].Properties["task"], &task); err != nil {
		t.Fatal(err)
	}
	if want := []string{data.Regression.String(), data.Classification.String(), data.Survival.String()}; !slices.Equal(task.Enum, want) {
		t.Errorf("the dataset's task enum %v, want %v", task.Enum, want)
	}
	train := slices.Collect(maps.Keys(s.Defs["train"].Properties))
	for _, st := range regularize.AllSettings() {
		if !slices.Contains(train, st.Key) {
			t.Errorf("the train report has no property %q, the setting of --%s", st.Key, st.Flag)
		}
	}
}
