package data

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReadGroups: a file of column,group lines, with or without its
// header, gives the map; a malformed line is an error naming it.
func TestReadGroups(t *testing.T) {
	want := map[string]string{"a": "g", "c": "g", "b": "h"}
	for _, text := range []string{"column,group\na,g\nc,g\nb,h\n", "a, g\n\nc,g\r\nb,h"} {
		got, err := ReadGroups(strings.NewReader(text))
		if err != nil || !maps.Equal(got, want) {
			t.Errorf("ReadGroups(%q) = %v, %v; want %v", text, got, err, want)
		}
	}
	bad := []struct {
		text  string
		line  int
		value string
	}{
		{"a,g\nb\n", 2, "b"},
		{"a,g\nb,h,x\n", 2, "b,h,x"},
		{"a,g\n,h\n", 2, ",h"},
		{"a,g\nb,h\na,k\n", 3, "a"},
	}
	for _, tc := range bad {
		_, err := ReadGroups(strings.NewReader(tc.text))
		pe, ok := errors.AsType[*ParseError](err)
		if !ok || !errors.Is(err, ErrGroups) || pe.Line != tc.line || pe.Value != tc.value {
			t.Errorf("ReadGroups(%q) = %v, want ErrGroups on line %d, value %q", tc.text, err, tc.line, tc.value)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.csv")
	if err := os.WriteFile(empty, []byte("column,group\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadGroupsFile(empty); !errors.Is(err, ErrGroups) || err.Error() != empty+": bad groups file: no column,group line" {
		t.Errorf("a file of no groups: %v, want ErrGroups naming the file and saying why", err)
	}
	path := filepath.Join(t.TempDir(), "groups.csv")
	if err := os.WriteFile(path, []byte("a,g\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadGroupsFile(path); err == nil || !strings.HasPrefix(err.Error(), path+":2:") {
		t.Errorf("ReadGroupsFile: %v, want the file and line first", err)
	}
}

// TestGroupsRead: a group's columns are read one after the other from its
// first column's place, each unit is named after its group, and the units
// map the features (a category inside a group included).
func TestGroupsRead(t *testing.T) {
	text := "a,n1,c,b,n2,y\n1,5,p,2,7,0\n2,6,q,3,8,1\n3,4,p,1,9,0\n4,3,q,2,1,1\n"
	ds, err := ReadCSV(strings.NewReader(text), CSVOptions{Groups: map[string]string{"a": "ab", "b": "ab", "n1": "n", "n2": "n", "c": "n"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "n1", "c=p", "c=q", "n2"}; !slices.Equal(ds.Features, want) {
		t.Errorf("features %v, want %v", ds.Features, want)
	}
	if want := []string{"ab", "n"}; !slices.Equal(ds.Units(), want) {
		t.Errorf("units %v, want %v", ds.Units(), want)
	}
	if want := []int{0, 0, 1, 1, 1, 1}; !slices.Equal(ds.UnitOf(), want) {
		t.Errorf("UnitOf %v, want %v", ds.UnitOf(), want)
	}
	if want := []bool{false, false, true, true, true, true}; !slices.Equal(ds.UnitFeatures([]bool{false, true}), want) {
		t.Errorf("UnitFeatures([false true]) = %v, want %v", ds.UnitFeatures([]bool{false, true}), want)
	}
	if want := []float64{1, 2, 5, 1, 0, 7}; !slices.Equal(ds.RowTo(nil, 0), want) {
		t.Errorf("row 0 %v, want %v", ds.RowTo(nil, 0), want)
	}
	// A table to predict is read by the schema, whatever its column order.
	again, err := ReadCSV(strings.NewReader("n2,b,c,n1,a\n7,2,p,5,1\n"), CSVOptions{Schema: ds.Schema, ForPrediction: true})
	if err != nil || !slices.Equal(again.RowTo(nil, 0), ds.RowTo(nil, 0)) || !slices.Equal(again.Units(), ds.Units()) {
		t.Errorf("read by the schema: %v, %v, units %v; want %v", err, again.RowTo(nil, 0), again.Units(), ds.RowTo(nil, 0))
	}
}

// TestGroupsRefused: a group of a column not read, a group named like a
// column outside every group, groups with a schema, and a schema whose
// group is not consecutive are errors.
func TestGroupsRefused(t *testing.T) {
	text := "a,b,c,y\n1,2,3,0\n2,3,4,1\n"
	for _, tc := range []struct {
		opts  CSVOptions
		value string
		want  error
	}{
		{CSVOptions{Groups: map[string]string{"a": "g", "z": "g"}}, "z", ErrUnknownColumn},
		{CSVOptions{Groups: map[string]string{"a": "g", "c": "g"}, Ignore: []string{"c"}}, "c", ErrUnknownColumn},
		{CSVOptions{Groups: map[string]string{"a": "g", "y": "g"}}, "y", ErrUnknownColumn},
		{CSVOptions{Groups: map[string]string{"a": "b", "c": "b"}}, "b", ErrColumnOption},
	} {
		_, err := ReadCSV(strings.NewReader(text), tc.opts)
		pe, ok := errors.AsType[*ParseError](err)
		if !ok || !errors.Is(err, tc.want) || pe.Value != tc.value {
			t.Errorf("groups %v: %v, want %v about %q", tc.opts.Groups, err, tc.want, tc.value)
		}
	}
	// A group named like one of its own columns is its unit's name.
	if ds, err := ReadCSV(strings.NewReader(text), CSVOptions{Groups: map[string]string{"a": "a", "c": "a"}}); err != nil || !slices.Equal(ds.Units(), []string{"a", "b"}) {
		t.Errorf("a group named like its column: %v, %v", err, ds)
	}
	schema := []Column{{Name: "a", Group: "g"}, {Name: "b"}, {Name: "c", Group: "g"}}
	if err := CheckSchema(schema); err == nil || !strings.Contains(err.Error(), "consecutive") {
		t.Errorf("CheckSchema of a group apart: %v", err)
	}
	if err := CheckSchema([]Column{{Name: "a", Group: "b"}, {Name: "b"}}); err == nil {
		t.Error("CheckSchema of a group named like a column: no error")
	}
	if _, err := ReadCSV(strings.NewReader(text), CSVOptions{Schema: schema[:2], Groups: map[string]string{"a": "g"}}); err == nil {
		t.Error("Groups with a Schema: no error")
	}
}
