package data

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Errors of the options that name columns, wrapped by [*ParseError].
var (
	ErrUnknownColumn = errors.New("no such column")
	ErrColumnOption  = errors.New("conflicting column options")
)

// plan returns the readers of the feature columns to read, in the order
// they are read, and records in ds the columns left out (Ignored). It
// checks the options that name columns against the header and each other.
func plan(header []string, targets []int, opts CSVOptions, ds *Dataset) ([]*cells, error) {
	var absent []string
	if opts.ForPrediction {
		absent = opts.Absent
	}
	index := make(map[string]int, len(header)) // the names are distinct
	for i, name := range header {
		if !slices.Contains(targets, i) {
			index[name] = i
		}
	}
	at := func(name string) (int, error) {
		if slices.Contains(absent, name) {
			return -1, nil // not read, whether the file has it or not
		}
		if i, ok := index[name]; ok {
			return i, nil
		}
		return 0, &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w; its columns are %s", ErrNoFeature, strings.Join(header, ", "))}
	}
	var cols []*cells
	if opts.Schema != nil {
		if err := checkSchema(opts); err != nil {
			return nil, err
		}
		for _, col := range opts.Schema {
			i, err := at(col.Name)
			if err != nil {
				return nil, err
			}
			cols = append(cols, fixedCells(col, i))
		}
	} else {
		if err := checkColumnOptions(header, targets, opts); err != nil {
			return nil, err
		}
		names := opts.Features
		if names == nil {
			for i, name := range header {
				if !slices.Contains(targets, i) && name != opts.ID && !slices.Contains(opts.Ignore, name) {
					names = append(names, name)
				}
			}
		}
		if opts.Groups != nil {
			var err error
			if names, err = groupOrder(names, opts.Groups); err != nil {
				return nil, err
			}
		}
		for _, name := range names {
			i, err := at(name)
			if err != nil {
				return nil, err
			}
			switch {
			case opts.ForPrediction:
				// What models saved before schemas read: numbers.
				cols = append(cols, fixedCells(Column{Name: name}, i))
			case slices.Contains(opts.Categorical, name):
				cols = append(cols, newCells(name, i, categorical))
			case slices.Contains(opts.Numeric, name):
				cols = append(cols, newCells(name, i, numeric))
			default:
				cols = append(cols, newCells(name, i, detect))
			}
			cols[len(cols)-1].Group = opts.Groups[name]
			cols[len(cols)-1].Log = slices.Contains(opts.Log, name)
		}
	}
	read := make([]bool, len(header))
	for _, c := range cols {
		if c.at >= 0 {
			read[c.at] = true
		}
	}
	for i, name := range header {
		if !slices.Contains(targets, i) && !read[i] && name != opts.ID {
			ds.Ignored = append(ds.Ignored, name)
		}
	}
	return cols, nil
}

// checkColumnOptions checks Ignore, Categorical, Numeric and Log: each
// names columns of the header other than the targets, no column is in two
// of them (but Numeric and Log: numbers, then their logarithm), none
// ignores a column of Features, and Log names none that Features leaves
// out.
func checkColumnOptions(header []string, targets []int, opts CSVOptions) error {
	lists := []struct {
		field, what string
		names       []string
	}{
		{"Ignore", "to ignore", opts.Ignore},
		{"Categorical", "to encode as a category", opts.Categorical},
		{"Numeric", "to read as numbers", opts.Numeric},
		{"Log", "to take the logarithm of", opts.Log},
	}
	if opts.ForPrediction && (opts.Categorical != nil || opts.Numeric != nil || opts.Groups != nil || opts.Log != nil) {
		return errors.New("data: CSVOptions.Categorical, Numeric, Groups and Log do not apply to a table to predict, read as its model's Schema says")
	}
	owner := make(map[string]string)
	for _, l := range lists {
		for _, name := range l.names {
			i := slices.Index(header, name)
			switch {
			case i < 0:
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w %s (CSVOptions.%s); the columns are %s",
					ErrUnknownColumn, l.what, l.field, strings.Join(header, ", "))}
			case slices.Contains(targets, i):
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: CSVOptions.%s names the target", ErrColumnOption, l.field)}
			case owner[name] != "" && !(owner[name] == "Numeric" && l.field == "Log"):
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: CSVOptions.%s and %s both name it", ErrColumnOption, owner[name], l.field)}
			case l.field == "Ignore" && slices.Contains(opts.Features, name):
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: CSVOptions.Features and Ignore both name it", ErrColumnOption)}
			case l.field == "Log" && opts.Features != nil && !slices.Contains(opts.Features, name):
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: CSVOptions.Log names a column that Features leaves out", ErrColumnOption)}
			}
			owner[name] = l.field
		}
	}
	return nil
}

// checkSchema checks a Schema and that no option contradicts it.
func checkSchema(opts CSVOptions) error {
	if opts.Features != nil || opts.Ignore != nil || opts.Categorical != nil || opts.Numeric != nil || opts.Groups != nil || opts.Log != nil {
		return errors.New("data: CSVOptions.Features, Ignore, Categorical, Numeric, Groups and Log do not apply with a Schema, which says what to read and how")
	}
	if err := CheckSchema(opts.Schema); err != nil {
		return fmt.Errorf("data: CSVOptions.Schema: %w", err)
	}
	return nil
}

// CheckSchema checks that schema is one ReadCSV could give
// (Dataset.Schema): names distinct and not empty, a flag's two words, a
// category's distinct levels with the empty one (missing values) last,
// and a group's columns consecutive, its name no other unit's.
func CheckSchema(schema []Column) error {
	names := make(map[string]bool)
	units := make(map[string]bool) // the units of the columns before
	for s, c := range schema {
		bad := ""
		unit, continues := c.unit(), s > 0 && c.sameUnit(schema[s-1])
		switch {
		case c.Name == "" || names[c.Name]:
			bad = "an empty or repeated name"
		case units[unit] && !continues:
			bad = fmt.Sprintf("unit %q after another unit (a group's columns must be consecutive, and units named apart)", unit)
		case c.Kind == KindFlag && len(c.Levels) != 2:
			bad = "a flag without its two words"
		case c.Kind == KindCategory && len(c.Levels) == 0:
			bad = "a category without levels"
		case c.Kind == KindCategory && slices.Contains(c.Levels[:len(c.Levels)-1], ""):
			bad = "the empty level (missing values) before the last"
		case c.Kind == KindCategory && len(slices.Compact(slices.Sorted(slices.Values(c.Levels)))) != len(c.Levels):
			bad = "a repeated level"
		case (c.Kind == KindNumber || c.Kind == KindDate) && c.Levels != nil:
			bad = "levels for a " + c.Kind.String()
		case c.Log && c.Kind != KindNumber:
			bad = "the logarithm of a " + c.Kind.String()
		case c.Kind < KindNumber || c.Kind > KindCategory:
			bad = "an unknown kind"
		}
		if bad != "" {
			return fmt.Errorf("column %q: %s", c.Name, bad)
		}
		names[c.Name], units[unit] = true, true
	}
	return nil
}
