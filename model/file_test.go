package model

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// savedModel trains a small classifier and returns it with its file.
func savedModel(t *testing.T) (*Net, *data.Dataset, []byte) {
	t.Helper()
	ds, _ := data.XOR(200, 4, seededRand(1))
	ds.Classes = []string{"no", "yes"}
	train, val, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		t.Fatal(err)
	}
	arch := MLP{Hidden: []int{8}}
	net := newTestNet(t, ds, arch)
	if _, err := Train(context.Background(), net, train, val, Config{Epochs: 5}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, NewFile(net, arch, ds, st, "graph", 0)); err != nil {
		t.Fatal(err)
	}
	return net, val, buf.Bytes()
}

// TestSaveLoadPredicts: a loaded model predicts what the trained one
// predicts, bit for bit.
func TestSaveLoadPredicts(t *testing.T) {
	net, val, file := savedModel(t)
	f, err := Load(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := f.Net()
	if err != nil {
		t.Fatal(err)
	}
	want, err := net.Predict(val)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.Predict(val)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Error("the loaded model predicts differently")
	}
	if !slices.Equal(f.Classes, []string{"no", "yes"}) || len(f.Mean) != 4 {
		t.Errorf("classes %v, %d means", f.Classes, len(f.Mean))
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	_, _, file := savedModel(t)
	changed := bytes.Replace(file, []byte(`"task": "classification"`), []byte(`"task": "regression"`), 1)
	if bytes.Equal(changed, file) {
		t.Fatal("the test's edit did not apply")
	}
	tests := map[string][]byte{
		"empty":     nil,
		"truncated": file[:len(file)/2],
		"changed":   changed,
		"foreign":   []byte(`{"format": "onnx", "version": 1}`),
		"future":    bytes.Replace(file, []byte(`"version": 1`), []byte(`"version": 9`), 1),
		"binary":    {0x89, 'P', 'N', 'G', 0, 1, 2},
		"not json":  []byte("mean_radius,diagnosis\n1,2\n"),
	}
	for name, b := range tests {
		_, err := Load(bytes.NewReader(b))
		if !errors.Is(err, ErrModelFile) {
			t.Errorf("%s: err = %v, want ErrModelFile", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "goroutine") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSoftmax(t *testing.T) {
	// softmax(0, ln 3) = (1/4, 3/4); a row of 1000s stays finite.
	p := []float64{0, 1.0986122886681098, 1000, 1000}
	Softmax(p, 2)
	want := []float64{0.25, 0.75, 0.5, 0.5}
	for i := range p {
		if math.Abs(p[i]-want[i]) > 1e-12 {
			t.Fatalf("Softmax = %v, want %v", p, want)
		}
	}
}
