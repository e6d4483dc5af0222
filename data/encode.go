package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrLogDomain is a value of a CSVOptions.Log column that has no
// logarithm, wrapped by [*ParseError].
var ErrLogDomain = errors.New("not above 0, so without a logarithm")

// table is what ReadCSV keeps of the feature columns while it reads: one
// float64 per column and row, row-major (what each holds is told at
// cells), and the line of each row. Once the file is read, it settles the
// kinds, finds the missing values and encodes the categories.
type table struct {
	cols  []*cells
	slots []float64
	lines []int
}

func (t *table) rows() int { return len(t.lines) }

// settle decides the kinds of the detected columns and turns their
// values into numbers, the logarithm of them in a Log column.
func (t *table) settle() error {
	w := len(t.cols)
	for j, c := range t.cols {
		if err := c.settle(t.slots, w, j, t.rows()); err != nil {
			return err
		}
		if !c.Log || c.at < 0 {
			continue
		}
		if c.Kind != KindNumber {
			return &ParseError{Column: c.at + 1, Name: c.Name, Err: fmt.Errorf("%w: the logarithm (--log) of a column read as a %s", ErrColumnOption, c.Kind)}
		}
		for i := range t.rows() {
			v := &t.slots[i*w+j]
			switch {
			case *v != *v: // missing
			case *v <= 0:
				return &ParseError{Line: t.lines[i], Column: c.at + 1, Name: c.Name, Value: strconv.FormatFloat(*v, 'g', -1, 64),
					Err: fmt.Errorf("%w (the column is read as its logarithm: --log)", ErrLogDomain)}
			default:
				*v = math.Log(*v)
			}
		}
	}
	return nil
}

// missing returns the rows that have a missing value in a column read as
// one number (a category reads missing values as a level of their own;
// an absent column is not read), and the log of them by column.
func (t *table) missing() ([]bool, *missingLog) {
	w := len(t.cols)
	counted := make([]bool, w)
	for j, c := range t.cols {
		counted[j] = c.Kind != KindCategory && c.at >= 0
	}
	rows, n := make([]bool, t.rows()), make([]int, w)
	for i := range rows {
		for j, v := range t.slots[i*w : (i+1)*w] {
			if v != v && counted[j] { // v != v: NaN, the fast way
				rows[i] = true
				n[j]++
			}
		}
	}
	log := &missingLog{}
	for j, c := range t.cols {
		if n[j] > 0 {
			first := c.marker
			if c.Kind == KindNumber && c.infinite.line != 0 && (first.line == 0 || c.infinite.line < first.line) {
				first = c.infinite
			}
			log.add(n[j], &ParseError{Line: first.line, Column: c.at + 1, Name: c.Name, Value: first.value})
		}
	}
	return rows, log
}

// drop removes the rows marked, in place.
func (t *table) drop(rows []bool) {
	w, n := len(t.cols), 0
	for i, out := range rows {
		if !out {
			copy(t.slots[n*w:(n+1)*w], t.slots[i*w:(i+1)*w])
			t.lines[n] = t.lines[i]
			n++
		}
	}
	t.slots, t.lines = t.slots[:n*w], t.lines[:n]
}

// encode sets the features of ds: X, its names, the columns they come
// from, and the rows whose category the schema lacks. A table with a
// category is packed (see Dataset.Packed): its value becomes the index
// of its level, −1 for a level the schema lacks, NaN for an absent
// column; the other values are already what X holds.
func (t *table) encode(ds *Dataset) {
	w, categories := len(t.cols), false
	for j, c := range t.cols {
		if c.Kind == KindCategory {
			c.levels(t.slots, w, j, t.rows())
			categories = true
		}
		ds.Schema = append(ds.Schema, c.Column)
		for k := range c.Width() {
			ds.Features = append(ds.Features, c.featureName(k))
			ds.Source = append(ds.Source, j)
		}
	}
	ds.X, ds.packed = t.slots, categories
	for j, c := range t.cols {
		if c.Kind != KindCategory {
			continue
		}
		for i := range t.rows() {
			v := &t.slots[i*w+j]
			level := c.missingLevel
			switch {
			case c.at < 0:
				*v = math.NaN()
				continue
			case *v >= 0:
				level = c.level[int(*v)]
			case !math.IsNaN(*v):
				level = -1
			}
			if level < 0 {
				if ds.Unseen == nil {
					ds.Unseen = make(map[string]int)
				}
				ds.Unseen[c.Name]++
			}
			*v = float64(level)
		}
	}
}
