package data

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestReadSurvival reads a survival table: the times are the target, the
// events their own column, neither is a feature, a row missing either is
// dropped, and a text column is a category as in any task.
func TestReadSurvival(t *testing.T) {
	in := "age,sex,time,status\n50,f,400,1\n61,m,4500,0\n45,f,,1\n70,m,1012,\n38,f,1925,1\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Target: "time", Event: "status"})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Task != Survival || ds.Target != "time" || ds.Event != "status" {
		t.Errorf("task %v, target %q, event %q; want survival, time, status", ds.Task, ds.Target, ds.Event)
	}
	if !slices.Equal(ds.Units(), []string{"age", "sex"}) {
		t.Errorf("units %v, want age and sex", ds.Units())
	}
	if !slices.Equal(ds.Y, []float64{400, 4500, 1925}) || !slices.Equal(ds.Events, []float64{1, 0, 1}) || ds.DroppedRows != 2 {
		t.Errorf("times %v, events %v, %d dropped; want the 3 complete rows and 2 dropped", ds.Y, ds.Events, ds.DroppedRows)
	}
	sub := ds.Subset([]int{2, 0})
	if !slices.Equal(sub.Y, []float64{1925, 400}) || !slices.Equal(sub.Events, []float64{1, 1}) {
		t.Errorf("subset times %v, events %v", sub.Y, sub.Events)
	}
	var b strings.Builder
	if err := ds.WriteCSV(&b, []bool{true, true, true}); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(strings.NewReader(b.String()), CSVOptions{Target: "time", Event: "status"})
	if err != nil || !slices.Equal(back.Y, ds.Y) || !slices.Equal(back.Events, ds.Events) {
		t.Errorf("written and read back: %v, %v, %v\n%s", err, back.Y, back.Events, b.String())
	}
}

// TestSurvivalRefused: what cannot be a survival table is refused with
// the cell or the column that makes it so.
func TestSurvivalRefused(t *testing.T) {
	opts := CSVOptions{Target: "time", Event: "status"}
	tests := []struct {
		name, in  string
		opts      CSVOptions
		want      error
		line, col int
		msg       string
	}{
		{"negative time", "a,time,status\n1,5,1\n2,-3,0\n", opts, ErrNegativeTime, 3, 2, `column "time": value "-3": a survival time is negative`},
		{"event 2", "a,time,status\n1,5,1\n2,3,2\n", opts, ErrNotEvent, 3, 3, `column "status": value "2": an event is not 0 (censored) or 1 (observed)`},
		{"event as text", "a,time,status\n1,5,dead\n", opts, ErrNotEvent, 2, 3, `value "dead"`},
		{"time as text", "a,time,status\n1,soon,1\n", opts, ErrNotNumber, 2, 2, `column "time": value "soon"`},
		{"no event", "a,time,status\n1,5,0\n2,3,0\n", opts, ErrNoEvents, 0, 0, `column "status": no event is observed: every row is censored`},
		{"unknown event column", "a,time,status\n1,5,1\n", CSVOptions{Target: "time", Event: "died"}, ErrUnknownTarget, 1, 0, `value "died": no such target column (the events)`},
		{"event is the target", "a,time,status\n1,5,1\n", CSVOptions{Target: "time", Event: "time"}, nil, 1, 0, "the column of events is the target"},
		{"survival without events", "a,time,status\n1,5,1\n", CSVOptions{Target: "time", Task: Survival}, nil, 1, 0, "a survival task needs the column of events"},
		{"events for a regression", "a,time,status\n1,5,1\n", CSVOptions{Target: "time", Event: "status", Task: Regression}, nil, 1, 0, "is for a survival task, not regression"},
		{"event column ignored", "a,time,status\n1,5,1\n", CSVOptions{Target: "time", Event: "status", Ignore: []string{"status"}}, ErrColumnOption, 1, 0, "names the target"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), tc.opts)
			pe, ok := errors.AsType[*ParseError](err)
			if !ok {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if pe.Line != tc.line || pe.Column != tc.col {
				t.Errorf("position line %d, column %d; want %d, %d", pe.Line, pe.Column, tc.line, tc.col)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not contain %q", err, tc.msg)
			}
		})
	}
}

// TestSurvivalForPrediction: a table to predict may lack the events (then
// nothing is scored) or miss some (NaN, the row kept); all censored is no
// error there.
func TestSurvivalForPrediction(t *testing.T) {
	opts := CSVOptions{Target: "time", Event: "status", Task: Survival, ForPrediction: true, Features: []string{"a"}}
	ds, err := ReadCSV(strings.NewReader("a,time\n1,5\n2,3\n"), opts)
	if err != nil || ds.Y != nil || ds.Events != nil {
		t.Errorf("without events: %v, times %v, events %v; want no target", err, ds.Y, ds.Events)
	}
	ds, err = ReadCSV(strings.NewReader("a,time,status\n1,5,0\n2,,0\n3,4,\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Rows() != 3 || !math.IsNaN(ds.Y[1]) || !math.IsNaN(ds.Events[2]) || ds.Events[0] != 0 {
		t.Errorf("times %v, events %v; want 3 rows, NaN where missing", ds.Y, ds.Events)
	}
}

// TestSplitsKeepEvents: the validation split and the folds are stratified
// by event, so that every part has events to score.
func TestSplitsKeepEvents(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,time,status\n")
	for i := range 40 {
		e := 0
		if i%10 == 0 { // 4 events in 40 rows
			e = 1
		}
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i+1, e)
	}
	ds, err := ReadCSV(strings.NewReader(b.String()), CSVOptions{Target: "time", Event: "status"})
	if err != nil {
		t.Fatal(err)
	}
	folds, err := Folds(ds, 4, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for k, f := range folds {
		events := 0
		for _, i := range f {
			events += int(ds.Events[i])
		}
		if events != 1 {
			t.Errorf("fold %d holds %d events, want 1", k, events)
		}
	}
	_, va, err := SplitRows(ds, 0.25, rand.New(rand.NewPCG(2, 0)))
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	for _, i := range va {
		events += int(ds.Events[i])
	}
	if events != 1 {
		t.Errorf("the validation part holds %d events, want round(0.25·4) = 1", events)
	}
}
