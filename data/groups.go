package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
)

// ErrGroups wraps the errors of a file of groups (see [ReadGroups]).
var ErrGroups = errors.New("bad groups file")

// ReadGroups reads the groups of CSVOptions.Groups from a CSV file of
// column,group lines, LassoNet's feature groups: the columns a line names
// with the same group are selected together, as one unit. A first line
// "column,group" (case aside) is a header and skipped. An error is a
// *ParseError naming the line where there is one, or the reader's.
func ReadGroups(r io.Reader) (map[string]string, error) {
	rd := csv.NewReader(r)
	rd.FieldsPerRecord = -1
	rd.TrimLeadingSpace = true
	groups := map[string]string{}
	line := map[string]int{}
	for first := true; ; first = false {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		at, _ := rd.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{Line: pe.Line, Column: pe.Column, Err: fmt.Errorf("%w: %v", ErrGroups, pe.Err)}
			}
			return nil, err
		}
		if first && len(rec) == 2 && strings.EqualFold(rec[0], "column") && strings.EqualFold(rec[1], "group") {
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		switch {
		case len(rec) != 2:
			return nil, &ParseError{Line: at, Value: strings.Join(rec, ","), Err: fmt.Errorf("%w: %d fields, want 2: column,group", ErrGroups, len(rec))}
		case rec[0] == "" || rec[1] == "":
			return nil, &ParseError{Line: at, Value: strings.Join(rec, ","), Err: fmt.Errorf("%w: an empty column or group name", ErrGroups)}
		case line[rec[0]] > 0:
			return nil, &ParseError{Line: at, Value: rec[0], Err: fmt.Errorf("%w: the column is in a group already, on line %d", ErrGroups, line[rec[0]])}
		}
		groups[rec[0]], line[rec[0]] = rec[1], at
	}
	if len(groups) == 0 {
		return nil, &ParseError{Err: fmt.Errorf("%w: no column,group line", ErrGroups)}
	}
	return groups, nil
}

// ReadGroupsFile reads the file at path with [ReadGroups]; errors name
// the file.
func ReadGroupsFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	groups, err := ReadGroups(f)
	if pe, ok := errors.AsType[*ParseError](err); ok {
		pe.File = path
	} else if err != nil {
		err = fmt.Errorf("data: %s: %w", path, err)
	}
	return groups, err
}

// groupOrder returns names, the feature columns to read, with the columns
// of each group of groups (column → group) moved to follow the group's
// first column, so that a unit's columns are consecutive. It refuses a
// column of groups that is not among names, and a group named like a
// column outside every group, whose unit would have that column's name.
func groupOrder(names []string, groups map[string]string) ([]string, error) {
	cols := slices.Sorted(maps.Keys(groups))
	for _, col := range cols {
		if !slices.Contains(names, col) {
			return nil, &ParseError{Line: 1, Value: col, Err: fmt.Errorf("%w to group (CSVOptions.Groups) among the feature columns read; they are %s",
				ErrUnknownColumn, strings.Join(names, ", "))}
		}
	}
	for _, name := range names {
		if _, grouped := groups[name]; grouped {
			continue
		}
		for _, col := range cols {
			if groups[col] == name {
				return nil, &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w: group of %q (CSVOptions.Groups) named like a column outside every group", ErrColumnOption, col)}
			}
		}
	}
	ordered := make([]string, 0, len(names))
	placed := map[string]bool{}
	for _, name := range names {
		g, grouped := groups[name]
		switch {
		case !grouped:
			ordered = append(ordered, name)
		case !placed[g]:
			placed[g] = true
			for _, other := range names {
				if o, ok := groups[other]; ok && o == g {
					ordered = append(ordered, other)
				}
			}
		}
	}
	return ordered, nil
}
