package data

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("\uFEFFa,b,label\r\n1,2,yes\r\n3, 4 ,no\r\n\r\n5,6,yes\r\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Features, []string{"a", "b"}) || ds.Target != "label" {
		t.Errorf("features %q, target %q", ds.Features, ds.Target)
	}
	if ds.Task != Classification || !slices.Equal(ds.Classes, []string{"no", "yes"}) {
		t.Errorf("task %v, classes %q; want classification, [no yes]", ds.Task, ds.Classes)
	}
	if !slices.Equal(ds.X, []float64{1, 2, 3, 4, 5, 6}) || !slices.Equal(ds.Y, []float64{1, 0, 1}) {
		t.Errorf("X = %v, Y = %v", ds.X, ds.Y)
	}
}

func TestReadCSVTargetByName(t *testing.T) {
	in := "y,a,b\n1.5,1,2\n2.5,3,4\n3.25,5,6\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Features, []string{"a", "b"}) || ds.Task != Regression || !slices.Equal(ds.Y, []float64{1.5, 2.5, 3.25}) {
		t.Errorf("features %q, task %v, Y %v", ds.Features, ds.Task, ds.Y)
	}
	// Numeric class labels are ordered as numbers, not as text.
	ds, err = ReadCSV(strings.NewReader("a,c\n1,10\n2,9\n3,10\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Classes, []string{"9", "10"}) || !slices.Equal(ds.Y, []float64{1, 0, 1}) {
		t.Errorf("classes %q, Y %v; want [9 10], [1 0 1]", ds.Classes, ds.Y)
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     CSVOptions
		want     error
		line     int
		col      int
		msg      string // substring of the message
	}{
		{"empty", "", CSVOptions{}, ErrEmpty, 0, 0, "no header row"},
		{"header only", "a,b,y\n", CSVOptions{}, ErrNoRows, 0, 0, "no data rows"},
		{"ragged short", "a,b,y\n1,2,3\n4,5\n", CSVOptions{}, ErrFieldCount, 3, 0, "3:"},
		{"ragged long", "a,b,y\n1,2,3\n4,5,6,7\n", CSVOptions{}, ErrFieldCount, 3, 0, "4, the header has 3"},
		{"text in a feature", "a,b,y\n1,2,3\n4,abc,6\n", CSVOptions{}, ErrNotNumber, 3, 2, `column "b": value "abc"`},
		{"empty cell", "a,b,y\n1,,3\n", CSVOptions{}, ErrNotNumber, 2, 2, `value ""`},
		{"NaN", "a,b,y\n1,NaN,3\n", CSVOptions{}, ErrNotFinite, 2, 2, "NaN"},
		{"Inf", "a,b,y\n1,2,3\n-inf,2,3\n", CSVOptions{}, ErrNotFinite, 3, 1, "-inf"},
		{"unknown target", "a,b,y\n1,2,3\n", CSVOptions{Target: "z"}, ErrUnknownTarget, 1, 0, "the columns are a, b, y"},
		{"duplicate name", "a,b,a\n1,2,3\n", CSVOptions{}, ErrDuplicateName, 1, 3, "also column 1"},
		{"one class", "a,y\n1,x\n2,x\n", CSVOptions{}, ErrOneClass, 0, 0, "single class"},
		{"text target forced regression", "a,y\n1,2\n2,x\n", CSVOptions{Task: Regression}, ErrNotNumber, 3, 2, `column "y": value "x"`},
		{"bare quote", "a,y\n1,\"2\n", CSVOptions{}, nil, 2, 0, "quote"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), tc.opts)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if pe.Line != tc.line || (tc.col != 0 && pe.Column != tc.col) {
				t.Errorf("position line %d, column %d; want %d, %d", pe.Line, pe.Column, tc.line, tc.col)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not contain %q", err, tc.msg)
			}
		})
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte("a,y\n1,2\nx,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path, CSVOptions{})
	if want := path + `:3:1: column "a": value "x": not a number`; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestDetectTask(t *testing.T) {
	tests := []struct {
		values []string
		want   Task
	}{
		{[]string{"a", "b"}, Classification},
		{[]string{"1", "2", "1"}, Classification},
		{[]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, Classification},
		{[]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, Regression},
		{[]string{"1.5", "2"}, Regression},
		{[]string{"1", "2", "x"}, Classification},
	}
	for _, tc := range tests {
		if got := DetectTask(tc.values); got != tc.want {
			t.Errorf("DetectTask(%q) = %v, want %v", tc.values, got, tc.want)
		}
	}
}

func TestBreastCancerEmbedded(t *testing.T) {
	ds, err := ReadCSV(BreastCancer(), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Sizes from the dataset's documentation (UCI WDBC: 569 cases, 30
	// features, 212 malignant and 357 benign).
	counts := make([]int, 2)
	for _, y := range ds.Y {
		counts[int(y)]++
	}
	if ds.Rows() != 569 || ds.Cols() != 30 || ds.Target != "diagnosis" || !slices.Equal(ds.Classes, []string{"benign", "malignant"}) || counts[0] != 357 || counts[1] != 212 {
		t.Errorf("got %d rows, %d features, target %q, classes %q, counts %v", ds.Rows(), ds.Cols(), ds.Target, ds.Classes, counts)
	}
}
