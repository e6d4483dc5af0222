package data

import (
	"errors"
	"maps"
	"slices"
	"testing"
)

// TestAIDS2Kinds reads the shipped real table testdata/aids2.csv (MASS's
// Aids2, see testdata/README.md) and checks the kind and levels of each of
// its columns, so that the table, its README and the reader stay in step.
// The counts are R's: nrow(Aids2) and table(Aids2$status) in MASS 7.3-58.2;
// the first row's diag is MASS's 10905 days since 1960-01-01 less the 3653
// days from 1960-01-01 to 1970-01-01.
func TestAIDS2Kinds(t *testing.T) {
	ds, err := ReadFile("testdata/aids2.csv", CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Column{
		{Name: "state", Kind: KindCategory, Levels: []string{"NSW", "Other", "QLD", "VIC"}},
		{Name: "sex", Kind: KindCategory, Levels: []string{"F", "M"}},
		{Name: "diag", Kind: KindDate},
		{Name: "T_categ", Kind: KindCategory, Levels: []string{"blood", "haem", "het", "hs", "hsid", "id", "mother", "other"}},
		{Name: "age", Kind: KindNumber},
	}
	if len(ds.Schema) != len(want) {
		t.Fatalf("aids2.csv: %d feature columns %v, want %d", len(ds.Schema), ds.Schema, len(want))
	}
	for i, w := range want {
		t.Run(w.Name, func(t *testing.T) {
			got := ds.Schema[i]
			if got.Name != w.Name || got.Kind != w.Kind || !slices.Equal(got.Levels, w.Levels) {
				t.Errorf("aids2.csv column %d = %s %v %q, want %s %v %q", i+1, got.Name, got.Kind, got.Levels, w.Name, w.Kind, w.Levels)
			}
		})
	}
	if ds.Target != "status" || ds.Task != Classification || !slices.Equal(ds.Classes, []string{"A", "D"}) {
		t.Errorf("aids2.csv: target %q, task %v, classes %q; want status, classification, [A D]", ds.Target, ds.Task, ds.Classes)
	}
	var dead int
	for _, y := range ds.Y {
		dead += int(y)
	}
	if ds.Rows() != 2843 || dead != 1761 || ds.MissingRows != 0 || ds.Cols() != 16 {
		t.Errorf("aids2.csv: %d rows, %d D, %d with a missing value, %d inputs; want 2843, 1761, 0, 16", ds.Rows(), dead, ds.MissingRows, ds.Cols())
	}
	// NSW,M,1989-11-09,hs,35,D: state NSW, sex M, the date, T_categ hs, age.
	first := []float64{1, 0, 0, 0, 0, 1, 10905 - 3653, 0, 0, 0, 1, 0, 0, 0, 0, 35}
	if got := ds.RowTo(nil, 0); !slices.Equal(got, first) {
		t.Errorf("aids2.csv row 1 = %v, want %v", got, first)
	}
}

// TestMplsKinds reads the shipped real table testdata/mpls_train.csv
// (carData's MplsStops, see testdata/README.md): its identifier is refused
// until ignored, every other column takes its kind, and the test part,
// read with the training part's schema, holds one neighbourhood the
// training part lacks. The counts are R's: nrow and table(problem) of the
// exported rows, split by scikit-learn.
func TestMplsKinds(t *testing.T) {
	_, err := ReadFile("testdata/mpls_train.csv", CSVOptions{})
	if pe, ok := errors.AsType[*ParseError](err); !ok || pe.Name != "idNum" {
		t.Errorf("mpls_train.csv with its identifier: %v, want an error about idNum", err)
	}
	ds, err := ReadFile("testdata/mpls_train.csv", CSVOptions{Ignore: []string{"idNum"}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]Kind{"date": KindDate, "hour": KindNumber, "citationIssued": KindFlag, "personSearch": KindFlag,
		"vehicleSearch": KindFlag, "preRace": KindCategory, "race": KindCategory, "gender": KindCategory, "lat": KindNumber,
		"long": KindNumber, "policePrecinct": KindNumber, "neighborhood": KindCategory}
	levels := map[string]int{"preRace": 8, "race": 8, "gender": 4, "neighborhood": 85} // gender: 3 and missing
	if len(ds.Schema) != len(kinds) {
		t.Fatalf("mpls_train.csv: %d feature columns, want %d", len(ds.Schema), len(kinds))
	}
	for _, c := range ds.Schema {
		if c.Kind != kinds[c.Name] || c.Kind == KindCategory && len(c.Levels) != levels[c.Name] {
			t.Errorf("column %s: %v with %d levels, want %v (%d levels)", c.Name, c.Kind, len(c.Levels), kinds[c.Name], levels[c.Name])
		}
	}
	suspicious := 0
	for _, y := range ds.Y {
		if ds.Classes[int(y)] == "suspicious" {
			suspicious++
		}
	}
	if ds.Rows() != 2083 || suspicious != 944 || !ds.Packed() {
		t.Errorf("mpls_train.csv: %d rows, %d suspicious, packed %v; want 2083, 944, packed", ds.Rows(), suspicious, ds.Packed())
	}
	test, err := ReadFile("testdata/mpls_test.csv", CSVOptions{Schema: ds.Schema, ForPrediction: true, ID: "idNum"})
	if err != nil {
		t.Fatal(err)
	}
	if test.Rows() != 695 || !maps.Equal(test.Unseen, map[string]int{"neighborhood": 1}) {
		t.Errorf("mpls_test.csv: %d rows, unseen %v; want 695 and one neighborhood", test.Rows(), test.Unseen)
	}
}
