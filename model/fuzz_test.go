package model

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// FuzzLoad: a model file of any content loads or is refused with
// ErrModelFile, never a panic; a loaded one rebuilds its network or says
// why not. The fuzzer mutates the model inside the envelope, which is then
// given its version and a valid checksum, so that the decoding and the
// checks behind the checksum are reached; a raw mutation of the whole file
// is tried too.
func FuzzLoad(f *testing.F) {
	if b, err := os.ReadFile("testdata/diabetes_v1.json"); err == nil {
		var env envelope
		if json.Unmarshal(b, &env) == nil {
			f.Add([]byte(env.Model), uint8(1))
		}
	}
	f.Add([]byte(`{"features":["a"],"task":"regression","mean":[0],"scale":[1],"architecture":{"name":"mlp","settings":{"hidden":[2]}},"params":[]}`), uint8(2))
	f.Add([]byte(`{"features":["a"],"task":"regression","status":"interrupted"}`), uint8(3))
	f.Add([]byte(`{"features":["c=a","c=b","x"],"schema":[{"name":"c","kind":"category","levels":["a","b"]},{"name":"x","kind":"number"}],"task":"regression","mean":[0,0,0],"scale":[1,1,1],"architecture":{"name":"mlp","settings":{"hidden":[2]}},"params":[]}`), uint8(4))
	f.Add([]byte(`{"features":["a","b"],"target":"time","event":"status","task":"survival","mean":[0,0],"scale":[1,1],"architecture":{"name":"mlp","settings":{"hidden":[2]}},"params":[]}`), uint8(6))
	f.Add([]byte(`{"features":["a"],"target":"y,z","targets":["y","z"],"target_means":[0,1],"target_scales":[1,2],"task":"regression","mean":[0],"scale":[1],"architecture":{"name":"mlp","settings":{"hidden":[2]}},"params":[]}`), uint8(6))
	f.Add([]byte("{}"), uint8(0))
	f.Fuzz(func(t *testing.T, model []byte, version uint8) {
		sum := sha256.Sum256(model)
		var compact bytes.Buffer
		if json.Compact(&compact, model) == nil {
			sum = sha256.Sum256(compact.Bytes())
		}
		env, _ := json.Marshal(envelope{Format: FileFormat, Version: int(version % (FileVersion + 1)), SHA256: hex.EncodeToString(sum[:]), Model: json.RawMessage(model)})
		for _, in := range [][]byte{env, model} {
			file, err := Load(bytes.NewReader(in))
			if err != nil {
				if !errors.Is(err, ErrModelFile) {
					t.Fatalf("error %v does not wrap ErrModelFile", err)
				}
				continue
			}
			var mlp MLP
			json.Unmarshal(file.Arch.Settings, &mlp)
			weights, in := 0, len(file.Features)
			for _, h := range append(mlp.Hidden, len(file.Classes)+len(file.Targets)+1) {
				weights, in = weights+in*max(h, 0), max(h, 0)
			}
			if weights > 1<<16 || weights < 0 {
				continue // a large network loads correctly, but slowly
			}
			if _, err := file.Net(); err != nil && !errors.Is(err, ErrModelFile) {
				t.Fatalf("Net: %v does not wrap ErrModelFile", err)
			}
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
