package data

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeTemp writes content to a file in a test's directory.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadStream: one pass gives the rows, their parts, the classes and
// the standardisation of the training rows as the table in memory has
// them, and the blocks give every row once, standardised.
func TestReadStream(t *testing.T) {
	ds, _ := Friedman1(500, 5, 1, rand.New(rand.NewPCG(1, 0)))
	var b strings.Builder
	if err := ds.WriteCSV(&b, []bool{true, true, true, true, true}); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(t.TempDir(), "cache")
	s, err := ReadStream(context.Background(), writeTemp(t, "f.csv", b.String()), CSVOptions{}, 0.25, 7, cache)
	if err != nil {
		t.Fatal(err)
	}
	// The validation rows are Binomial(500, 0.25): 125 ± 9.7; 90 to 160
	// is ±3.6 standard deviations.
	if s.Rows != 500 || s.Task != Regression || !slices.Equal(s.Features, ds.Features) || s.ValRows < 90 || s.ValRows > 160 {
		t.Fatalf("%d rows (%d validation), task %v, features %v", s.Rows, s.ValRows, s.Task, s.Features)
	}
	// The training rows, in the file's order, fitted in memory.
	var trainRows, seen []int
	rng := rand.New(rand.NewPCG(7, 1))
	for i := range 500 {
		if rng.Float64() >= 0.25 {
			trainRows = append(trainRows, i)
		}
	}
	want := FitScaler(ds.Subset(trainRows))
	for j := range want.Mean {
		if math.Abs(s.Standardization.X.Mean[j]-want.Mean[j]) > 1e-12 || math.Abs(s.Standardization.X.Scale[j]-want.Scale[j]) > 1e-12 {
			t.Errorf("feature %d: mean %v scale %v, in memory %v %v", j, s.Standardization.X.Mean[j], s.Standardization.X.Scale[j], want.Mean[j], want.Scale[j])
		}
	}
	total := 0
	err = s.Blocks(false, 64, []int{7, 0, 3, 1, 2, 4, 5, 6}, func(block *Dataset) error {
		total += block.Rows()
		seen = append(seen, block.Rows())
		return nil
	})
	if err != nil || total != s.TrainRows || len(seen) != 8 {
		t.Errorf("blocks: %v, %d training rows in %d blocks, want %d in 8", err, total, len(seen), s.TrainRows)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Errorf("the cache named was removed: %v", err)
	}
}

// TestReadStreamRefuses: what a streamed table cannot hold is refused with
// its place; the classes are those of the table in memory.
func TestReadStreamRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		opts     CSVOptions
		msg      string
	}{
		{"text feature", "a,b,y\n1,2,3\n4,x,6\n", CSVOptions{}, `3:2: column "b": value "x": not a number`},
		{"missing", "a,b,y\n1,,3\n4,5,6\n", CSVOptions{}, "a streamed table takes none"},
		{"ragged", "a,b,y\n1,2,3\n4,5\n", CSVOptions{}, "3: wrong number of fields: 2, the header has 3"},
		{"categories", "a,y\n1,2\n", CSVOptions{Categorical: []string{"a"}}, "--categorical, --numeric, --groups, --columns and --log need it read whole"},
		{"negative time", "a,t,e\n1,2,1\n3,-1,0\n", CSVOptions{Target: "t", Event: "e"}, `3:2: column "t": value "-1": a survival time is negative`},
		{"event", "a,t,e\n1,2,1\n3,1,2\n", CSVOptions{Target: "t", Event: "e"}, `3:3: column "e": value "2": an event is not 0`},
		{"no events", "a,t,e\n1,2,0\n3,1,0\n5,1,0\n", CSVOptions{Target: "t", Event: "e"}, "no event is observed"},
		{"target text", "a,b,c\n1,2,3\n3,x,0\n", CSVOptions{Targets: []string{"b", "c"}}, `3:2: column "b": value "x": not a number`},
	} {
		_, err := ReadStream(context.Background(), writeTemp(t, "f.csv", tc.in), tc.opts, 0.5, 1, "")
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.msg)
		}
	}
	var b strings.Builder
	b.WriteString("a,label\n")
	for i := range 40 {
		b.WriteString([]string{"1,dog\n", "2,cat\n", "3,10\n"}[i%3])
	}
	s, err := ReadStream(context.Background(), writeTemp(t, "c.csv", b.String()), CSVOptions{}, 0.5, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Task != Classification || !slices.Equal(s.Classes, []string{"10", "cat", "dog"}) {
		t.Errorf("task %v, classes %v; want the sorted labels", s.Task, s.Classes)
	}
	_, err = ReadStream(context.Background(), writeTemp(t, "e.csv", "a,y\n"), CSVOptions{}, 0.5, 1, "")
	if !errors.Is(err, ErrNoRows) {
		t.Errorf("no rows: %v", err)
	}
}

// TestStreamCacheReused: a named cache serves the next read of the same
// file with the same options, with the same rows and standardisation; a
// changed file or other options make a new pass.
func TestStreamCacheReused(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("a,b,y\n")
	for i := range 30 {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i*i%7, i%5)
	}
	path, cache := writeTemp(t, "f.csv", b.String()), filepath.Join(dir, "cache")
	first, err := ReadStream(context.Background(), path, CSVOptions{}, 0.4, 3, cache)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	again, err := ReadStream(context.Background(), path, CSVOptions{}, 0.4, 3, cache)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Reused || again.Rows != first.Rows || again.ValRows != first.ValRows ||
		!slices.Equal(again.Standardization.X.Mean, first.Standardization.X.Mean) || !slices.Equal(again.Features, first.Features) {
		t.Errorf("reused %v: %+v, first %+v", again.Reused, again, first)
	}
	var rows [2][]float64
	for k, s := range []*Stream{first, again} {
		if k == 0 {
			s, _ = ReadStream(context.Background(), path, CSVOptions{}, 0.4, 3, "")
		}
		s.Blocks(false, 2, nil, func(b *Dataset) error { rows[k] = append(rows[k], b.X...); return nil })
		s.Close()
	}
	if !slices.Equal(rows[0], rows[1]) || len(rows[0]) == 0 {
		t.Errorf("the cache's rows %v, a new pass's %v", rows[1], rows[0])
	}
	other, err := ReadStream(context.Background(), path, CSVOptions{}, 0.4, 4, cache)
	if err != nil {
		t.Fatal(err)
	}
	if other.Reused {
		t.Error("another seed reused the cache")
	}
	other.Close()
}

// TestReadStreamTasks: a streamed survival table gives each row's time as
// read and its event, and one of several targets each target
// standardised on the training rows, every row once, in the file's order
// within its part.
func TestReadStreamTasks(t *testing.T) {
	var b strings.Builder
	b.WriteString("x,t,e,u\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%d,%d,%d,%d\n", i%7, 100-i, i%3%2, i*i%11)
	}
	path := writeTemp(t, "s.csv", b.String())
	s, err := ReadStream(context.Background(), path, CSVOptions{Target: "t", Event: "e"}, 0.3, 2, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Task != Survival || s.Event != "e" || !slices.Equal(s.Features, []string{"x", "u"}) {
		t.Fatalf("task %v, event %q, features %v", s.Task, s.Event, s.Features)
	}
	times := map[float64]float64{} // time → event: each row's time is distinct
	for _, val := range []bool{false, true} {
		s.Blocks(val, 16, nil, func(d *Dataset) error {
			for i, v := range d.Y {
				times[v] = d.Events[i]
			}
			return nil
		})
	}
	for i := range 60 {
		if e, ok := times[float64(100-i)]; !ok || e != float64(i%3%2) {
			t.Fatalf("row %d: time %d, event %v (found %v)", i, 100-i, e, ok)
		}
	}
	m, err := ReadStream(context.Background(), path, CSVOptions{Targets: []string{"t", "u"}}, 0.3, 2, "")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Task != Regression || m.Target != "t,u" || len(m.Standardization.Y) != 2 || !slices.Equal(m.Features, []string{"x", "e"}) {
		t.Fatalf("task %v, target %q, %d scalers, features %v", m.Task, m.Target, len(m.Standardization.Y), m.Features)
	}
	var sum [2]float64
	rows := 0
	m.Blocks(false, 16, nil, func(d *Dataset) error {
		for i := range d.Rows() {
			for k, v := range d.TargetRow(i) {
				sum[k] += v
			}
		}
		rows += d.Rows()
		return nil
	})
	// Standardised on the training rows: each target's mean there is 0.
	if rows != m.TrainRows || math.Abs(sum[0]) > 1e-9 || math.Abs(sum[1]) > 1e-9 {
		t.Errorf("%d training rows of %d, target sums %v", rows, m.TrainRows, sum)
	}
}
