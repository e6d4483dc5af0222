package data

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzReadCSV: the reader never panics, rejects input only with a
// *ParseError or as binary, and every table it accepts round-trips:
// written back with WriteCSV and read again, it gives the same dataset,
// whether the kinds of its columns are detected afresh or given by its
// schema (after MissingDrop, only by its schema: the rows dropped may
// have made a column what it is); and so do its columns without the
// first of the file (a whole category's block).
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,y\n1,2,x\n3,4,z\n",
		"\uFEFFa;y\r\n1;2\r\n3;4\r\n",
		"a,y\n\"1\",2.5\n3,1e3\n",
		"a,b,y\n1,2\n",
		"y\n1\n",
		"a,y\n1,NaN\n",
		"",
		"n,c,f,d,y\n1,a,yes,2023-01-01,x\n2,,NO,2023-02-28T10:00,z\n,b,no,,x\n",
		"c;d;y\nyes;1999-12-31 23:59:59.5;1\nTrue;2000-02-30;2\n;2000-01-01Z;3\n",
		"c,y\n1,0\nx,1\n\"1,5\",0\nInf,1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, missing := range []Missing{MissingError, MissingMean, MissingDrop} {
			ds, err := ReadCSV(bytes.NewReader(in), CSVOptions{Missing: missing})
			if err != nil {
				if pe := new(ParseError); !errors.As(err, &pe) && !errors.Is(err, ErrBinary) {
					t.Fatalf("error %v is not a *ParseError nor ErrBinary", err)
				}
				return
			}
			all := make([]bool, ds.Cols())
			for j := range all {
				all[j] = true
			}
			roundTrip(t, in, ds, all, missing)
			if ds.Cols() > 0 {
				mask := slices.Clone(all)
				for j, s := range ds.Source {
					mask[j] = s != 0
				}
				roundTrip(t, in, ds, mask, missing)
			}
		}
	})
}

// roundTrip writes the columns of ds that mask keeps and reads them back.
func roundTrip(t *testing.T, in []byte, ds *Dataset, mask []bool, missing Missing) {
	t.Helper()
	var buf bytes.Buffer
	if err := ds.WriteCSV(&buf, mask); err != nil {
		t.Fatal(err)
	}
	want := ds.Columns(mask)
	if want.Cols() == 0 {
		return // a table of the target alone is no table
	}
	// The comma given: a name holding more semicolons than commas would
	// mislead the detection of the delimiter.
	opts := []CSVOptions{{Task: ds.Task, Missing: missing, Comma: ',', Schema: want.Schema}}
	if missing != MissingDrop {
		opts = append(opts, CSVOptions{Task: ds.Task, Missing: missing, Comma: ','})
	}
	for _, o := range opts {
		again, err := ReadCSV(bytes.NewReader(buf.Bytes()), o)
		if err != nil {
			t.Fatalf("re-reading %q (from %q, schema given: %v): %v", buf.String(), in, o.Schema != nil, err)
		}
		if !slices.Equal(again.Features, want.Features) || !sameValues(again.X, want.X) ||
			!slices.EqualFunc(again.Schema, want.Schema, sameColumn) || !slices.Equal(again.Source, want.Source) ||
			!slices.Equal(again.Y, want.Y) || !slices.Equal(again.Classes, want.Classes) {
			t.Fatalf("round trip changed the dataset (missing %v, schema given: %v):\n%q\n%q\n%+v %v\n%+v %v",
				missing, o.Schema != nil, in, buf.String(), want.Schema, want.X, again.Schema, again.X)
		}
	}
}

// FuzzReadFile: reading a file (counting its lines first, detecting its
// encoding and compression) gives what reading the same bytes from memory
// gives, a gzip-compressed copy too, and never panics.
func FuzzReadFile(f *testing.F) {
	for _, s := range []string{
		"a,b,y\n1,2,x\n3,4,z\n",
		"a,y\r1,2\r3,4\r",
		"\xff\xfea\x00,\x00y\x00\n\x001\x00,\x002\x00\n\x003\x00,\x004\x00\n\x00",
		"a,y\n1,2\n\x003,4\n",
		"\x1f\x8b\x08",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, in []byte) {
		want, wantErr := ReadCSV(bytes.NewReader(in), CSVOptions{})
		path := filepath.Join(dir, "in.csv")
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(in)
		zw.Close()
		for _, content := range [][]byte{in, gz.Bytes()} {
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := ReadFile(path, CSVOptions{})
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("file: %v; memory: %v", err, wantErr)
			}
			if err == nil && (!slices.Equal(got.Features, want.Features) || !slices.Equal(got.X, want.X) ||
				!slices.EqualFunc(got.Schema, want.Schema, sameColumn) ||
				!slices.Equal(got.Y, want.Y) || !slices.Equal(got.Classes, want.Classes)) {
				t.Fatalf("the file and the memory read differ for %q", in)
			}
		}
	})
}
