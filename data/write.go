package data

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// WriteCSV writes the rows of d as a comma-separated table with the
// features mask keeps, in d's order, then the target: the values as
// numbers ('g' format, a missing value as an empty cell), class labels as
// read. d holds the values as read (not standardised) for the table to be
// the input's. The comma, whatever the input's delimiter: encoding/csv
// quotes a name holding a comma only when the comma delimits, and the
// table must read back however its names are spelled.
func (d *Dataset) WriteCSV(w io.Writer, mask []bool) error {
	if len(mask) != d.Cols() {
		panic("data: column mask length mismatch")
	}
	cw := csv.NewWriter(w)
	var header []string
	for j, keep := range mask {
		if keep {
			header = append(header, d.Features[j])
		}
	}
	if d.Y != nil {
		header = append(header, d.Target)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	format := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	rec := make([]string, 0, len(header))
	for i := range d.Rows() {
		rec = rec[:0]
		for j, v := range d.Row(i) {
			if mask[j] {
				rec = append(rec, format(v))
			}
		}
		switch {
		case d.Y == nil:
		case d.Task == Classification && !math.IsNaN(d.Y[i]):
			rec = append(rec, d.Classes[int(d.Y[i])])
		default:
			rec = append(rec, format(d.Y[i]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
