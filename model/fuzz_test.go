package model

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// FuzzLoad: a model file of any content loads or is refused with
// ErrModelFile, never a panic; a loaded one rebuilds its network or says
// why not.
func FuzzLoad(f *testing.F) {
	if b, err := os.ReadFile("testdata/diabetes_v1.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format": "featsel-model", "version": 3, "sha256": "", "model": {}}`))
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, in []byte) {
		file, err := Load(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrModelFile) {
				t.Fatalf("error %v does not wrap ErrModelFile", err)
			}
			return
		}
		if _, err := file.Net(); err != nil && !errors.Is(err, ErrModelFile) {
			t.Fatalf("Net: %v does not wrap ErrModelFile", err)
		}
	})
}

// FuzzPredictRows: any table read for a model (its columns matched by
// name) is predicted row for row, or refused with an error; never a panic.
func FuzzPredictRows(f *testing.F) {
	ds, _ := data.XOR(60, 3, seededRand(1))
	ds.Classes = []string{"no", "yes"}
	train, val, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		f.Fatal(err)
	}
	net, err := New(train, MLP{Hidden: []int{4}}, seededRand(3))
	if err != nil {
		f.Fatal(err)
	}
	if _, err := Train(context.Background(), net, train, val, Config{Epochs: 2}); err != nil {
		f.Fatal(err)
	}
	file, err := NewFile(net, ds, st, "graph", 0)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"x0,x1,x2,y\n1,2,3,yes\n",
		"x2,id,x0,x1\n3,a,1,2\n4,b,,5\n",
		"x0,x1\n1,2\n",
		"y,x1,x0,x2,x1\n1,2,3,4,5\n",
		"x0,x1,x2,y\n1,2,3,\n4,5,6,maybe\n",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, table string, policy uint8) {
		missing := data.Missing(policy % 3)
		rows, err := data.ReadCSV(strings.NewReader(table), file.CSVOptions(data.CSVOptions{Missing: missing}))
		if err != nil {
			return
		}
		pred, err := file.Predict(rows, missing)
		if err != nil {
			t.Fatalf("Predict refused a table it was given to read: %v", err)
		}
		if len(pred.Labels) != rows.Rows() || len(pred.Records()) != rows.Rows()+1 {
			t.Fatalf("%d labels and %d records for %d rows", len(pred.Labels), len(pred.Records()), rows.Rows())
		}
	})
}
