package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strconv"
	"testing"
)

// FuzzReadCSV: the reader never panics, rejects input only with a
// *ParseError, and every table it accepts round-trips: written back as CSV
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
			if pe := new(ParseError); !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
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
