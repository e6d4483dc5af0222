package data

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// WriteCSV writes the rows of d as a comma-separated table with the
// columns of the file that mask keeps, in d's order, then the targets
// (and the events of a survival task), as they were read: numbers in 'g'
// format (a Log column's as exp of its value to 15 significant digits,
// the file's scale), flags as their words in lower case, dates as YYYY-MM-DD (with
// THH:MM:SS and milliseconds when they have them), a category as its level, class labels as read, and a
// missing value as an empty cell (as also a category's value that its
// schema lacked). mask has one entry per column of X and keeps a
// category's block whole or not at all, or WriteCSV panics; nil keeps
// every column. d holds the
// values as read (not standardised) for the table to be the input's. The
// comma, whatever the input's delimiter: encoding/csv quotes a name
// holding a comma only when the comma delimits, and the table must read
// back however its names are spelled.
func (d *Dataset) WriteCSV(w io.Writer, mask []bool) error {
	keep := d.keep(mask)
	schema, source := d.sources()
	start := make([]int, len(schema)) // the first column of X of each
	for j := len(source) - 1; j >= 0; j-- {
		start[source[j]] = j
	}
	cw := csv.NewWriter(w)
	var header []string
	for s, c := range schema {
		if keep[s] {
			header = append(header, c.Name)
		}
	}
	switch {
	case d.Y != nil && d.Targets != nil:
		header = append(header, d.Targets...)
	case d.Y != nil:
		header = append(header, d.Target)
	}
	if d.Events != nil {
		header = append(header, d.Event)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, 0, len(header))
	x := make([]float64, d.Cols())
	for i := range d.Rows() {
		rec = rec[:0]
		x = d.RowTo(x, i)
		for s, c := range schema {
			if keep[s] {
				rec = append(rec, cell(c, x[start[s]:start[s]+c.Width()]))
			}
		}
		switch {
		case d.Y == nil:
		case d.Task == Classification && !math.IsNaN(d.Y[i]):
			rec = append(rec, d.Classes[int(d.Y[i])])
		default:
			for _, y := range d.TargetRow(i) {
				rec = append(rec, formatNumber(y))
			}
		}
		if d.Events != nil {
			rec = append(rec, formatNumber(d.Events[i]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell writes the value of column c held in x, its columns of X.
func cell(c Column, x []float64) string {
	switch {
	case math.IsNaN(x[0]):
		return ""
	case c.Kind == KindFlag && x[0] != 0:
		return c.Levels[1]
	case c.Kind == KindFlag:
		return c.Levels[0]
	case c.Kind == KindDate:
		return formatDate(x[0])
	case c.Kind == KindCategory:
		for k, v := range x {
			if v != 0 {
				return c.Levels[k]
			}
		}
		return ""
	case c.Log:
		// The file's scale: exp of the logarithm, to 15 significant
		// digits (which give back a value the file spelled with at most
		// as many, where 17 would show exp's rounding: 54.00000000000001).
		return strconv.FormatFloat(math.Exp(x[0]), 'g', 15, 64)
	}
	return formatNumber(x[0])
}

func formatNumber(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
