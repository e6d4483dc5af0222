package data

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestReadParts: a table to predict read a part at a time gives, part
// after part, the rows the table read whole has, for every part size,
// with categories, dates, missing values, levels the schema lacks, an
// identifier and survival times; an error names the file's line.
func TestReadParts(t *testing.T) {
	for _, c := range []struct {
		file string
		opts CSVOptions
	}{
		{"testdata/aids2.csv", CSVOptions{Target: "status"}},
		{"testdata/pbc_train.csv", CSVOptions{Target: "time", Event: "status", Missing: MissingMean}},
	} {
		train, err := ReadFile(c.file, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		opts := c.opts
		opts.ForPrediction, opts.Schema, opts.ID = true, train.Schema, "age"
		if train.Task == Classification {
			opts.Schema = slices.Clone(opts.Schema)
			opts.Schema[0].Levels = opts.Schema[0].Levels[1:] // a level the model never saw
		}
		whole, err := ReadFile(c.file, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, rows := range []int{1, 7, whole.Rows(), whole.Rows() + 5} {
			var x, y, events []float64
			var ids, labels []string
			unseen, missing, parts := map[string]int{}, 0, 0
			err := ReadParts(context.Background(), c.file, opts, rows, func(ds *Dataset) error {
				parts++
				if !slices.Equal(ds.Features, whole.Features) || ds.Target != whole.Target || ds.Task != whole.Task {
					t.Fatalf("%s: part %d: features %v, target %s, task %v", c.file, parts, ds.Features, ds.Target, ds.Task)
				}
				x, ids, events = append(x, ds.X...), append(ids, ds.IDs...), append(events, ds.Events...)
				for i := range ds.Rows() {
					if ds.Task == Classification {
						labels = append(labels, ds.Classes[int(ds.Y[i])])
					} else {
						y = append(y, ds.Y[i])
					}
				}
				for k, n := range ds.Unseen {
					unseen[k] += n
				}
				missing += ds.MissingRows
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var wantLabels []string
			for _, v := range whole.Y {
				if whole.Task == Classification {
					wantLabels = append(wantLabels, whole.Classes[int(v)])
				}
			}
			if want := (whole.Rows() + rows - 1) / rows; parts != want {
				t.Errorf("%s, %d rows a part: %d parts, want %d", c.file, rows, parts, want)
			}
			if !sameFloats(x, whole.X) || !slices.Equal(ids, whole.IDs) || !slices.Equal(labels, wantLabels) ||
				whole.Task != Classification && !sameFloats(y, whole.Y) || !sameFloats(events, whole.Events) ||
				!maps.Equal(unseen, whole.Unseen) || missing != whole.MissingRows {
				t.Errorf("%s, %d rows a part: the parts differ from the table read whole", c.file, rows)
			}
		}
		if len(whole.Unseen) == 0 && train.Task == Classification || whole.MissingRows == 0 && train.Task == Survival {
			t.Errorf("%s: the case tests nothing: unseen %v, missing rows %d", c.file, whole.Unseen, whole.MissingRows)
		}
	}
}

// sameFloats compares values with NaN equal to NaN.
func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || x != x && y != y })
}

// TestReadPartsErrors: an error in a later part names the file's line and
// column; f's error comes back as it is; a table read for training is
// refused.
func TestReadPartsErrors(t *testing.T) {
	path := writeTemp(t, "p.csv", "a,b,y\n1,2,3\n4,5,6\n7,x,9\n")
	opts := CSVOptions{ForPrediction: true, Features: []string{"a", "b"}, Target: "y"}
	err := ReadParts(context.Background(), path, opts, 2, func(*Dataset) error { return nil })
	if pe, ok := errors.AsType[*ParseError](err); !ok || pe.Line != 4 || pe.Column != 2 || pe.File != path || pe.Value != "x" {
		t.Errorf("a bad value in the second part: %v", err)
	}
	stop := errors.New("stop")
	if err := ReadParts(context.Background(), path, opts, 1, func(*Dataset) error { return stop }); err != stop {
		t.Errorf("f's error: %v", err)
	}
	opts.ForPrediction = false
	if err := ReadParts(context.Background(), path, opts, 1, func(*Dataset) error { return nil }); err == nil || !strings.Contains(err.Error(), "ForPrediction") {
		t.Errorf("a table for training: %v", err)
	}
}
