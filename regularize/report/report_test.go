package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

var twoClasses = Dataset{Source: "t.csv", Rows: 10, Features: 4, Task: "classification", Classes: 2, Labels: []string{"a", "b"}, Target: "y", TrainRows: 8, ValRows: 2}

// TestNewTrain: the report's counts follow the method's selection rule
// (graph with lr 0.01: selected above 0.02) and its status the error.
func TestNewTrain(t *testing.T) {
	res := &model.Result{History: []model.Epoch{{Epoch: 1, ValMetric: 0.5}}, BestEpoch: 1, Steps: 4, ValLoss: 0.3, ValMetric: 0.5}
	names := []string{"p", "q", "r", "s"}
	r := NewTrain(Run{Spec: regularize.Spec{Method: "graph", Lambda: 0.1}, LearnRate: 0.01, Hidden: []int{3}}, twoClasses, names,
		[]float64{0.5, -0.01, 0, 0.03}, res, 1500*time.Millisecond, &model.DivergedError{Epoch: 2})
	if r.Status != "diverged" || r.DivergedEpoch != 2 || r.Error == "" {
		t.Errorf("status %q, epoch %d, error %q", r.Status, r.DivergedEpoch, r.Error)
	}
	if strings.Join(r.Selected, ",") != "p,s" || r.ExactZeros != 1 || r.Small != 1 || r.Hovering != 1 {
		t.Errorf("selected %v, zeros %d, small %d, hovering %d", r.Selected, r.ExactZeros, r.Small, r.Hovering)
	}
	if r.Metrics["val_accuracy"] != 0.5 || r.Seconds != 1.5 || r.Settings != nil {
		t.Errorf("metrics %v, seconds %v, settings %v", r.Metrics, r.Seconds, r.Settings)
	}
	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{"selected 2 of 4 features (|weight| > 2*lr = 0.02)", "hovering near zero", "status: diverged"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printed report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestComparePictures: the pictures of a comparison are PNG files, one
// trace and one histogram per traced method and the final weights.
func TestComparePictures(t *testing.T) {
	names := []string{"p", "q", "r", "s"}
	res := &model.Result{History: []model.Epoch{{Epoch: 1}}}
	var outcomes []regularize.Outcome
	for _, m := range []string{"graph", "hier"} {
		outcomes = append(outcomes, regularize.Outcome{
			Trial: regularize.Trial{Spec: regularize.Spec{Method: m, Lambda: 1}, LearnRate: 0.001}, Result: res,
			Weights: []float64{1, 0.001, 0, 0.2}, Trace: [][]float64{{1, 1, 1, 1}, {1, 0.001, 0, 0.2}}, TraceSteps: []int{1, 9},
		})
	}
	pics, err := ComparePictures(outcomes, names, []bool{true, false, false, true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pics {
		got = append(got, p.Name)
		b, err := p.PNG()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
	}
	if want := "trace_graph.png hist_graph.png trace_hier.png hist_hier.png final_weights.png"; strings.Join(got, " ") != want {
		t.Errorf("pictures %v, want %s", got, want)
	}
	if _, err := NewCompare([]regularize.Outcome{{Trial: outcomes[0].Trial, Err: errors.New("boom")}}, twoClasses, names, nil, 1, nil, 0); err == nil {
		t.Error("NewCompare accepted a trial without a result")
	}
}

// TestReportNonFinite: a report with numbers that are not finite is still
// valid JSON, with null in their place, and reads back as NaN.
func TestReportNonFinite(t *testing.T) {
	nan := math.NaN()
	res := &model.Result{History: []model.Epoch{{Epoch: 1, TrainLoss: math.Inf(1), ValLoss: nan, ValMetric: nan}}, ValLoss: nan, ValMetric: nan}
	r := NewTrain(Run{Spec: regularize.Spec{Method: "prox-adam"}, LearnRate: 0.01}, twoClasses, []string{"p", "q", "r", "s"},
		[]float64{nan, 1, 0, 2}, res, 0, nil)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"weight":null`) || !strings.Contains(string(b), `"train_loss":null`) {
		t.Errorf("JSON %s", b)
	}
	var back Train
	if err := json.Unmarshal(b, &back); err != nil || !math.IsNaN(float64(back.History[0].ValLoss)) || back.Features[1].Weight != 1 {
		t.Errorf("read back %+v, %v", back.History, err)
	}
}

// TestPathCVPick: with folds, the chosen point's cross-validated score
// and the estimate are those of the curve's point the rule picked, not
// of the curve read at the main path's point it was carried to (which
// lies at another λ, which the chosen line names).
func TestPathCVPick(t *testing.T) {
	mask := func(n int) []bool { return []bool{n > 0, n > 1, n > 2, n > 3} }
	pts := []regularize.PathPoint{
		{Lambda: 0, Selected: 4, Mask: mask(4), ValMetric: 0.9},
		{Lambda: 1, Selected: 2, Mask: mask(2), ValMetric: 0.8},
		{Lambda: 2, Selected: 2, Mask: mask(2), ValMetric: 0.85},
		{Lambda: 3, Selected: 1, Mask: mask(1), ValMetric: 0.6},
	}
	sel := &regularize.SelectResult{
		Config: regularize.SelectConfig{Choose: regularize.Choose1SE, Folds: 2},
		Path:   &regularize.PathResult{Points: pts, Left: []float64{math.Inf(1), 3, 1, 1}},
		CV: &regularize.CVResult{Lambdas: []float64{0, 1, 2, 3}, Metric: []float64{0.95, 0.9, 0.93, 0.5},
			SE: []float64{0.05, 0.05, 0.05, 0.05}, Selected: []float64{4, 2.5, 2, 1}, Best: 0, OneSE: 2, Folds: make([]*regularize.PathResult, 2)},
		Chosen: 1, Best: 0, // the first point with at most the curve's 2 features
	}
	r := NewPath(sel, twoClasses, []string{"p", "q", "r", "s"}, time.Second, nil)
	if *r.Chosen.CVMetric != 0.93 || *r.Best.CVMetric != 0.95 {
		t.Errorf("chosen cross-validated %v, best %v; want 0.93 and 0.95", *r.Chosen.CVMetric, *r.Best.CVMetric)
	}
	var out bytes.Buffer
	r.Print(&out)
	// The chosen line says where its cross-validated score comes from (the
	// table's row at λ=1 shows the curve there, 0.9); the best, whose
	// score is its own point's, says nothing more.
	for _, want := range []string{"estimate: accuracy 0.9300 ± 0.0500, cross-validated", "the rule's: mean 0.9300 ± 0.0500 at λ=2 (2.0 features on average)", "main path's first λ with at most that many: λ=1, 2 features", "<- best cross-validated",
		"chosen:  λ=1, 2 features, val_accuracy 0.8000, cross-validated 0.9300 at λ=2 (", "best:    λ=0, 4 features, val_accuracy 0.9000, cross-validated 0.9500\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// A best carried from the curve's best at another λ names it too.
	carried, curve := *sel, *sel.CV
	curve.Best, carried.CV, carried.Best = 2, &curve, 1
	out.Reset()
	NewPath(&carried, twoClasses, []string{"p", "q", "r", "s"}, time.Second, nil).Print(&out)
	if want := "best:    λ=1, 2 features, val_accuracy 0.8000, cross-validated 0.9300 at λ=2\n"; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
}

// TestPathStatusText: an interrupted path's status line says so without
// Go's "context canceled"; an error with more to say keeps it.
func TestPathStatusText(t *testing.T) {
	mask := []bool{true, false}
	sel := &regularize.SelectResult{
		Path: &regularize.PathResult{Points: []regularize.PathPoint{{Lambda: 0, Selected: 1, Mask: mask, ValMetric: 0.9}}, Left: []float64{math.Inf(1), 0}},
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{context.Canceled, "\nstatus: interrupted\n"},
		{fmt.Errorf("fold 2: %w", context.Canceled), "\nstatus: interrupted: fold 2: context canceled\n"},
	} {
		var out bytes.Buffer
		NewPath(sel, twoClasses, []string{"p", "q"}, time.Second, c.err).Print(&out)
		if !strings.Contains(out.String(), c.want) {
			t.Errorf("%v: output lacks %q:\n%s", c.err, c.want, out.String())
		}
	}
}

// TestDescribeColumns: a table with columns that are not numbers reports
// every column's kind, and the printed line counts them and names the
// others; an all-numeric table reports none.
func TestDescribeColumns(t *testing.T) {
	in := "n,f,d,c,y\n1,yes,2024-01-01,a,0\n2,no,2024-01-02,b,1\n3,yes,2024-01-03,,0\n4,no,2024-01-04,a,1\n"
	ds, err := data.ReadCSV(strings.NewReader(in), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := Describe("t.csv", ds, ds, ds)
	want := []Column{{Name: "n", Kind: "number"}, {Name: "f", Kind: "flag"}, {Name: "d", Kind: "date"}, {Name: "c", Kind: "category", Levels: 3}}
	if !slices.Equal(d.Columns, want) {
		t.Errorf("columns %v, want %v", d.Columns, want)
	}
	var out bytes.Buffer
	d.printColumns(&out, "> ")
	if got := out.String(); got != "> 1 number, 1 flag (f), 1 date (d), 1 category (c: 3 levels)\n" {
		t.Errorf("printed %q", got)
	}
	two, err := data.ReadCSV(strings.NewReader("a,b,c,e,y\n1,2,u,v,0\n2,3,w,v,1\n"), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	Describe("t.csv", two, two, two).printColumns(&out, "")
	if got := out.String(); got != "2 numbers, 2 categories (c: 2 levels, e: 1 level)\n" {
		t.Errorf("printed %q", got)
	}
	num, _ := data.ReadCSV(strings.NewReader("a,y\n1,0\n2,1\n"), data.CSVOptions{})
	if d := Describe("n.csv", num, num, num); d.Columns != nil {
		t.Errorf("an all-numeric table reports columns %v", d.Columns)
	}
	// Columns read as logarithms are reported, and named, though numbers.
	logs, err := data.ReadCSV(strings.NewReader("a,b,c,y\n1,2,3,0\n2,3,4,1\n"), data.CSVOptions{Log: []string{"c", "a"}})
	if err != nil {
		t.Fatal(err)
	}
	d = Describe("l.csv", logs, logs, logs)
	if want := []Column{{Name: "a", Kind: "number", Log: true}, {Name: "b", Kind: "number"}, {Name: "c", Kind: "number", Log: true}}; !slices.Equal(d.Columns, want) {
		t.Errorf("columns %v, want %v", d.Columns, want)
	}
	out.Reset()
	d.printColumns(&out, "")
	if got := out.String(); got != "3 numbers (2 read as logarithms: a, c)\n" {
		t.Errorf("printed %q", got)
	}
	// Numbers in groups: the groups are named, with their sizes, and the
	// features count the units.
	grouped, err := data.ReadCSV(strings.NewReader("a,b,c,e,y\n1,2,3,4,0\n2,3,1,0,1\n"), data.CSVOptions{Groups: map[string]string{"a": "g", "c": "g", "e": "h"}})
	if err != nil {
		t.Fatal(err)
	}
	d = Describe("g.csv", grouped, grouped, grouped)
	out.Reset()
	d.printColumns(&out, "")
	if got, want := out.String()+d.features(), "4 numbers, 2 groups (g: 2 columns, h: 1 column)\n3 features (4 inputs: a group's columns are one feature)"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestPathWithoutPoints: a path interrupted before its first λ reports no
// chosen and no best point (rather than a point 0 of score 0), and says
// why; one with points reports both.
func TestPathWithoutPoints(t *testing.T) {
	sel := &regularize.SelectResult{Path: &regularize.PathResult{}}
	r := NewPath(sel, Dataset{Task: "classification"}, nil, time.Second, context.Canceled)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(`"chosen"`)) || bytes.Contains(b, []byte(`"best"`)) || r.Status != "interrupted" {
		t.Errorf("a path without points: %s", b)
	}
	if got := printed(r.Print); !strings.Contains(got, "no λ finished") {
		t.Errorf("printed %q", got)
	}
	if (Choice{Selected: []string{}}).IsZero() {
		t.Error("a choice that selects nothing counts as no choice")
	}
}

// TestStabilityEmptyRegion: a stability selection whose region of λ is
// empty says so, rather than "over λ in [0, 0]", and one that finds no
// stable feature says none, rather than an empty list.
func TestStabilityEmptyRegion(t *testing.T) {
	r := &Path{Status: "ok", Metric: "val_accuracy", Path: []PathEntry{{}}, Chosen: Choice{Selected: []string{}}, Best: Choice{Selected: []string{}},
		Stability: &Stability{Subsamples: 4, Threshold: 0.6, Stable: []string{}}}
	got := printed(r.Print)
	if !strings.Contains(got, "over no λ") || strings.Contains(got, "[0, 0]") {
		t.Errorf("printed %q", got)
	}
	if !strings.Contains(got, "stable features: none (none reached a selection probability of 0.6 over that region)\n") {
		t.Errorf("no stable feature: printed %q", got)
	}
}
