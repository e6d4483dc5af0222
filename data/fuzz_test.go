package data

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// FuzzReadCSV: the reader never panics, rejects input only with a
// *ParseError or as binary, and every table it accepts round-trips: written back as CSV
// with the delimiter it was read with, and read again, it gives the same
// dataset.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,y\n1,2,x\n3,4,z\n",
		"\uFEFFa;y\r\n1;2\r\n3;4\r\n",
		"a,y\n\"1\",2.5\n3,1e3\n",
		"a,b,y\n1,2\n",
		"y\n1\n",
		"a,y\n1,NaN\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		ds, err := ReadCSV(bytes.NewReader(in), CSVOptions{})
		if err != nil {
			if pe := new(ParseError); !errors.As(err, &pe) && !errors.Is(err, ErrBinary) {
				t.Fatalf("error %v is not a *ParseError nor ErrBinary", err)
			}
			return
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = ds.Delimiter
		w.Write(append(slices.Clone(ds.Features), ds.Target))
		for i := range ds.Rows() {
			var rec []string
			for _, v := range ds.Row(i) {
				rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
			}
			if ds.Task == Classification {
				rec = append(rec, ds.Classes[int(ds.Y[i])])
			} else {
				rec = append(rec, strconv.FormatFloat(ds.Y[i], 'g', -1, 64))
			}
			w.Write(rec)
		}
		w.Flush()
		again, err := ReadCSV(&buf, CSVOptions{Task: ds.Task, Comma: ds.Delimiter})
		if err != nil {
			t.Fatalf("re-reading %q: %v", buf.String(), err)
		}
		if !slices.Equal(again.Features, ds.Features) || !slices.Equal(again.X, ds.X) ||
			!slices.Equal(again.Y, ds.Y) || !slices.Equal(again.Classes, ds.Classes) {
			t.Fatalf("round trip changed the dataset:\n%q\n%q", in, buf.String())
		}
	})
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
				!slices.Equal(got.Y, want.Y) || !slices.Equal(got.Classes, want.Classes)) {
				t.Fatalf("the file and the memory read differ for %q", in)
			}
		}
	})
}
