package data

import (
	"fmt"
	"math"
	"slices"
)

// Dataset is a table of numeric features and one target per row.
type Dataset struct {
	// Features names the columns of X, in the order read: the name of
	// a column of the file, or name=level for the column of a category's
	// level.
	Features []string
	// Schema describes the feature columns of the file as read, in the
	// same order, and Source gives for each column of X (each of
	// Features) the index in Schema of the column it comes from: a
	// category's levels are consecutive columns of X. A dataset built
	// without them, by hand or by a generator, has one number column of
	// the file per feature.
	Schema []Column
	Source []int
	// Target names the target column; with several targets (Targets),
	// their names joined by commas.
	Target string
	// Targets names the target columns of a regression with several,
	// one network output each (nil with one target); Y then holds
	// Rows()×len(Targets) values, row-major (see YStride).
	Targets []string
	Task    Task
	// Classes holds the class labels of a classification task; Y stores
	// indices into it. It is nil for the other tasks.
	Classes []string
	// X holds Rows()×Stride() values, row-major: one per feature, or, in
	// a packed dataset (see Packed), one per column of the schema.
	X []float64
	// Y holds YStride() targets per row; it is nil when the file had no target
	// column, and NaN where a table to predict has no label (see
	// CSVOptions.ForPrediction). For survival it holds the times.
	Y []float64
	// Event names the column of events of a survival task, and Events
	// holds one per row: 1 where the event was observed at the row's
	// time, 0 where the row was censored then (NaN where a table to
	// predict has none). Both are empty for the other tasks.
	Event  string
	Events []float64
	// CommonScale says how [FitScaler] scales the features that are not
	// a category's (numbers, flags, dates, logarithms): each centred and
	// those that vary divided by one scale common to them, the root mean
	// square of their standard deviations, so that they keep their
	// relative scales, rather than each divided by its own (glmnet's
	// standardize = FALSE). The L1 penalty then weighs a feature by its
	// spread: on pixels or counts in one unit, a pixel that hardly varies
	// costs more to use than one that varies much. The scale depends on
	// the columns read: fewer columns, another scale.
	CommonScale bool

	// What ReadCSV met: the delimiter, the rows with a missing feature
	// value, the rows dropped (for a missing target, or by MissingDrop),
	// the columns left out (by CSVOptions.Features, Ignore or Schema),
	// and, by column name, the rows whose category is not among the
	// levels of CSVOptions.Schema (nil when there are none).
	Delimiter   rune
	MissingRows int
	DroppedRows int
	Ignored     []string
	Unseen      map[string]int
	// IDs holds the cells of the column CSVOptions.ID named, one per row.
	IDs []string

	rows int
	// packed: X holds one value per column of Schema (see Packed).
	packed bool
}

// Packed reports whether X holds one value per column of the schema
// rather than one per feature: a category's value is then the index of
// its level among Levels (−1 for none of them, NaN when the column is
// absent), where its features are a one-hot block. ReadCSV packs a table
// with a category, which then takes 8 bytes a row instead of 8 per level;
// RowTo gives a row's features either way.
func (d *Dataset) Packed() bool { return d.packed }

// Stride returns the number of values of X per row: len(Schema) when
// packed, the number of features otherwise.
func (d *Dataset) Stride() int {
	if d.packed {
		return len(d.Schema)
	}
	return d.Cols()
}

// Rows returns the number of rows.
func (d *Dataset) Rows() int {
	if d.Y != nil || d.rows == 0 {
		return len(d.Y) / d.YStride()
	}
	return d.rows
}

// Outputs returns the number of outputs of a network for d: one per
// class for classification, one per target otherwise (a survival
// network's one output is a risk score).
func (d *Dataset) Outputs() int {
	if d.Task == Classification {
		return len(d.Classes)
	}
	return d.YStride()
}

// YStride returns the number of values of Y per row: the number of
// targets.
func (d *Dataset) YStride() int { return max(1, len(d.Targets)) }

// TargetRow returns the targets of row i, YStride() values; the slice
// aliases the dataset.
func (d *Dataset) TargetRow(i int) []float64 {
	k := d.YStride()
	return d.Y[i*k : (i+1)*k : (i+1)*k]
}

// Cols returns the number of features.
func (d *Dataset) Cols() int { return len(d.Features) }

// Row returns row i of X, Stride() values; the slice aliases the
// dataset.
func (d *Dataset) Row(i int) []float64 {
	c := d.Stride()
	return d.X[i*c : (i+1)*c : (i+1)*c]
}

// RowTo writes the features of row i, Cols() values, into dst (or a new
// slice when dst is too short), which it returns: the row of X, or,
// packed, with each category's one-hot block (all zero for none of its
// levels, NaN for an absent column).
func (d *Dataset) RowTo(dst []float64, i int) []float64 {
	if cap(dst) < d.Cols() {
		dst = make([]float64, d.Cols())
	}
	dst = dst[:d.Cols()]
	if !d.packed {
		copy(dst, d.Row(i))
		return dst
	}
	out := dst
	for s, v := range d.Row(i) {
		c := d.Schema[s]
		if c.Kind != KindCategory {
			out[0], out = v, out[1:]
			continue
		}
		block := out[:len(c.Levels)]
		out = out[len(c.Levels):]
		switch {
		case math.IsNaN(v):
			for k := range block {
				block[k] = math.NaN()
			}
		default:
			clear(block)
			if v >= 0 {
				block[int(v)] = 1
			}
		}
	}
	return dst
}

// Subset returns a new dataset holding copies of the given rows, in that order.
func (d *Dataset) Subset(rows []int) *Dataset {
	s := &Dataset{
		Features: d.Features,
		Schema:   d.Schema,
		Source:   d.Source,
		Target:   d.Target,
		Targets:  d.Targets,
		Event:    d.Event,
		Task:     d.Task,
		Classes:  d.Classes,
		X:        make([]float64, 0, len(rows)*d.Stride()),
		rows:     len(rows),
		packed:   d.packed,
		// A part of the data is scaled as the whole is.
		CommonScale: d.CommonScale,
	}
	for _, i := range rows {
		s.X = append(s.X, d.Row(i)...)
	}
	if d.Y != nil {
		s.Y = make([]float64, 0, len(rows)*d.YStride())
		for _, i := range rows {
			s.Y = append(s.Y, d.TargetRow(i)...)
		}
	}
	if d.Events != nil {
		s.Events = make([]float64, len(rows))
		for k, i := range rows {
			s.Events[k] = d.Events[i]
		}
	}
	return s
}

// sources returns the schema of d and the source of each feature:
// Schema and Source, or, for a dataset built without them, one number
// column per feature.
func (d *Dataset) sources() ([]Column, []int) {
	if d.Schema != nil {
		return d.Schema, d.Source
	}
	schema := make([]Column, d.Cols())
	for j, name := range d.Features {
		schema[j] = Column{Name: name}
	}
	return schema, seq(d.Cols())
}

// Units returns the names of the units a model selects, in order: the
// columns of the file the features come from, a category's one-hot block
// being one unit, and the columns of a group (CSVOptions.Groups) one unit
// named after the group (for a dataset built without a schema, the
// features).
func (d *Dataset) Units() []string {
	schema, _ := d.sources()
	var names []string
	for s, c := range schema {
		if s == 0 || !c.sameUnit(schema[s-1]) {
			names = append(names, c.unit())
		}
	}
	return names
}

// UnitOf returns the unit (see Units) of each feature: the units are
// numbered from 0 in order and a unit's features are consecutive.
func (d *Dataset) UnitOf() []int {
	schema, source := d.sources()
	unit := make([]int, len(schema)) // of each column of the schema
	for s := 1; s < len(schema); s++ {
		unit[s] = unit[s-1]
		if !schema[s].sameUnit(schema[s-1]) {
			unit[s]++
		}
	}
	of := make([]int, len(source))
	for j, s := range source {
		of[j] = unit[s]
	}
	return of
}

// UnitFeatures turns a mask over the units (see Units) into one over the
// features: a unit's features take its entry.
func (d *Dataset) UnitFeatures(units []bool) []bool {
	of := d.UnitOf()
	if len(of) > 0 && len(units) != of[len(of)-1]+1 {
		panic("data: unit mask length mismatch")
	}
	mask := make([]bool, len(of))
	for j, u := range of {
		mask[j] = units[u]
	}
	return mask
}

// keep returns, for each column of the schema (see sources), whether mask
// keeps its columns of X. A mask must keep a category's block whole or
// not at all: a model's input is the block, whose columns mean nothing
// alone.
func (d *Dataset) keep(mask []bool) []bool {
	if mask == nil {
		mask = slices.Repeat([]bool{true}, d.Cols())
	}
	if len(mask) != d.Cols() {
		panic("data: column mask length mismatch")
	}
	schema, source := d.sources()
	keep := make([]bool, len(schema))
	for j, s := range source {
		if j > 0 && source[j-1] == s && mask[j-1] != mask[j] {
			panic("data: column mask keeps part of a category's block")
		}
		keep[s] = mask[j]
	}
	return keep
}

// validate checks the invariants every constructor must establish.
func (d *Dataset) validate() error {
	if d.Y != nil && d.rows != 0 && len(d.Y) != d.rows*d.YStride() {
		return fmt.Errorf("data: %d targets for %d rows of %d", len(d.Y), d.rows, d.YStride())
	}
	if len(d.Targets) > 0 && d.Task != Regression {
		return fmt.Errorf("data: several targets for a %v task", d.Task)
	}
	if (d.Task == Survival) != (d.Events != nil) && d.Y != nil || d.Events != nil && len(d.Events) != len(d.Y) {
		return fmt.Errorf("data: %d events for %d times of a %v task", len(d.Events), len(d.Y), d.Task)
	}
	if d.Schema != nil {
		width := 0
		for _, c := range d.Schema {
			width += c.Width()
		}
		if len(d.Source) != d.Cols() || width != d.Cols() {
			return fmt.Errorf("data: a schema of %d columns of X for %d features", width, d.Cols())
		}
	}
	if len(d.X) != d.Rows()*d.Stride() {
		return fmt.Errorf("data: %d values for %d rows of %d values", len(d.X), d.Rows(), d.Stride())
	}
	return nil
}
