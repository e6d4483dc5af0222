package data

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
)

// csvText writes rows × d random numbers and a class label as CSV.
func csvText(rows, d int) []byte {
	var b bytes.Buffer
	for j := range d {
		fmt.Fprintf(&b, "x%d,", j)
	}
	b.WriteString("y\n")
	r := rng(1)
	for range rows {
		for range d {
			b.WriteString(strconv.FormatFloat(r.NormFloat64(), 'g', 8, 64))
			b.WriteByte(',')
		}
		b.WriteString([]string{"a\n", "b\n"}[r.IntN(2)])
	}
	return b.Bytes()
}

func benchmarkReadCSV(b *testing.B, rows, d int) {
	text := csvText(rows, d)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ds, err := ReadCSV(bytes.NewReader(text), CSVOptions{})
		if err != nil {
			b.Fatal(err)
		}
		Standardize(ds)
	}
}

func BenchmarkReadCSV(b *testing.B) {
	for _, rows := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("rows=%d/d=50", rows), func(b *testing.B) { benchmarkReadCSV(b, rows, 50) })
	}
}
