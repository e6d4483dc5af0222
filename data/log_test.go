package data

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestLog: a CSVOptions.Log column holds the natural logarithm of the
// file's numbers (a missing value stays missing, a Numeric column may be
// one), its schema says so, and a table read with that schema (to
// predict) takes the logarithm again; WriteCSV writes the file's scale
// back.
func TestLog(t *testing.T) {
	if _, err := ReadCSV(strings.NewReader("a,y\nu,0\nv,1\nu,0\n"), CSVOptions{Log: []string{"a"}}); !errors.Is(err, ErrColumnOption) ||
		!strings.Contains(err.Error(), `column "a": conflicting column options: the logarithm (--log) of a column read as a category`) {
		t.Errorf("the logarithm of a column of text: %v", err)
	}
	in := "a,b,c,y\n1,2.5,10,0\n4,,20,1\n9,8,30,0\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Log: []string{"b", "a"}, Numeric: []string{"b"}, Ignore: []string{"c"}, Missing: MissingMean})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0, math.Log(2.5)}, {math.Log(4), math.NaN()}, {math.Log(9), math.Log(8)}}
	for i, row := range want {
		for j, v := range row {
			if got := ds.X[i*2+j]; got != v && !(math.IsNaN(v) && math.IsNaN(got)) {
				t.Errorf("row %d column %d: %v, want %v", i, j, got, v)
			}
		}
	}
	if !ds.Schema[0].Log || !ds.Schema[1].Log {
		t.Errorf("schema %+v: the columns of logarithms not marked", ds.Schema)
	}
	again, err := ReadCSV(strings.NewReader(in), CSVOptions{Schema: ds.Schema, ForPrediction: true, Missing: MissingMean})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range ds.X {
		if w := again.X[i]; w != v && !(math.IsNaN(v) && math.IsNaN(w)) {
			t.Errorf("read with the schema: X[%d] = %v, want %v", i, w, v)
		}
	}
	var out bytes.Buffer
	if err := ds.WriteCSV(&out, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "a,b,y\n1,2.5,0\n4,,1\n9,8,0\n"; got != want {
		t.Errorf("written back:\n%s\nwant\n%s", got, want)
	}
}

// TestLogErrors: a value not above 0 is refused with its place; Log
// naming an unknown column, the target, a column left out or read as a
// category, or given with a schema, is refused.
func TestLogErrors(t *testing.T) {
	in := "a,b,y\n1,2,0\n3,-0.5,1\n"
	for _, c := range []struct {
		opts CSVOptions
		is   error
		want string
	}{
		{CSVOptions{Log: []string{"b"}}, ErrLogDomain, `3:2: column "b": value "-0.5": not above 0, so without a logarithm (the column is read as its logarithm: --log)`},
		{CSVOptions{Log: []string{"z"}}, ErrUnknownColumn, `value "z": no such column to take the logarithm of (CSVOptions.Log)`},
		{CSVOptions{Log: []string{"y"}}, ErrColumnOption, "CSVOptions.Log names the target"},
		{CSVOptions{Log: []string{"a"}, Ignore: []string{"a"}}, ErrColumnOption, "CSVOptions.Ignore and Log both name it"},
		{CSVOptions{Log: []string{"a"}, Categorical: []string{"a"}}, ErrColumnOption, "CSVOptions.Categorical and Log both name it"},
		{CSVOptions{Log: []string{"a"}, Features: []string{"b"}}, ErrColumnOption, "CSVOptions.Log names a column that Features leaves out"},
		{CSVOptions{Log: []string{"a"}, Schema: []Column{{Name: "a"}, {Name: "b"}}}, nil, "Groups and Log do not apply with a Schema"},
		{CSVOptions{Schema: []Column{{Name: "a", Kind: KindFlag, Levels: []string{"no", "yes"}, Log: true}, {Name: "b"}}}, nil, `column "a": the logarithm of a flag`},
	} {
		_, err := ReadCSV(strings.NewReader(in), c.opts)
		if err == nil || c.is != nil && !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.opts, err, c.want)
		}
	}
}

// TestLogOutgrown: a Log column detected with more distinct values than
// MaxLevels (read as codes, then as numbers once it outgrows them) holds
// the logarithm of every row's value, before the outgrowth and after.
func TestLogOutgrown(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,y\n")
	n := MaxLevels + 50
	for i := range n {
		fmt.Fprintf(&b, "%d.5,%d\n", i+1, i%2)
	}
	ds, err := ReadCSV(strings.NewReader(b.String()), CSVOptions{Log: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if want := math.Log(float64(i+1) + 0.5); ds.X[i] != want {
			t.Fatalf("row %d: %v, want %v", i, ds.X[i], want)
		}
	}
}
