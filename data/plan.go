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
func plan(header []string, target int, opts CSVOptions, ds *Dataset) ([]*cells, error) {
	var absent []string
	if opts.ForPrediction {
		absent = opts.Absent
	}
	index := make(map[string]int, len(header)) // the names are distinct
	for i, name := range header {
		if i != target {
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
		if err := checkColumnOptions(header, target, opts); err != nil {
			return nil, err
		}
		names := opts.Features
		if names == nil {
			for i, name := range header {
				if i != target && name != opts.ID && !slices.Contains(opts.Ignore, name) {
					names = append(names, name)
				}
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
		}
	}
	read := make([]bool, len(header))
	for _, c := range cols {
		if c.at >= 0 {
			read[c.at] = true
		}
	}
	for i, name := range header {
		if i != target && !read[i] && name != opts.ID {
			ds.Ignored = append(ds.Ignored, name)
		}
	}
	return cols, nil
}

// checkColumnOptions checks Ignore, Categorical and Numeric: each names
// columns of the header other than the target, no column is in two of
// them, and none ignores a column of Features.
func checkColumnOptions(header []string, target int, opts CSVOptions) error {
	lists := []struct {
		field, what string
		names       []string
	}{
		{"Ignore", "to ignore", opts.Ignore},
		{"Categorical", "to encode as a category", opts.Categorical},
		{"Numeric", "to read as numbers", opts.Numeric},
	}
	if opts.ForPrediction && (opts.Categorical != nil || opts.Numeric != nil) {
		return errors.New("data: CSVOptions.Categorical and Numeric do not apply to a table to predict, read as its model's Schema says")
	}
	owner := make(map[string]string)
	for _, l := range lists {
		for _, name := range l.names {
			i := slices.Index(header, name)
			switch {
			case i < 0:
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w %s (CSVOptions.%s); the columns are %s",
					ErrUnknownColumn, l.what, l.field, strings.Join(header, ", "))}
			case i == target:
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: CSVOptions.%s names the target", ErrColumnOption, l.field)}
			case owner[name] != "":
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: CSVOptions.%s and %s both name it", ErrColumnOption, owner[name], l.field)}
			case l.field == "Ignore" && slices.Contains(opts.Features, name):
				return &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: CSVOptions.Features and Ignore both name it", ErrColumnOption)}
			}
			owner[name] = l.field
		}
	}
	return nil
}

// checkSchema checks a Schema and that no option contradicts it.
func checkSchema(opts CSVOptions) error {
	if opts.Features != nil || opts.Ignore != nil || opts.Categorical != nil || opts.Numeric != nil {
		return errors.New("data: CSVOptions.Features, Ignore, Categorical and Numeric do not apply with a Schema, which says what to read and how")
	}
	names := make(map[string]bool)
	for _, c := range opts.Schema {
		bad := ""
		switch {
		case c.Name == "" || names[c.Name]:
			bad = "an empty or repeated name"
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
		case c.Kind < KindNumber || c.Kind > KindCategory:
			bad = "an unknown kind"
		}
		if bad != "" {
			return fmt.Errorf("data: CSVOptions.Schema: column %q: %s", c.Name, bad)
		}
		names[c.Name] = true
	}
	return nil
}
