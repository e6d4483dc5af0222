package model

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"

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
	f, err := NewFile(net, ds, st, "graph", 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, f); err != nil {
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
		"future":    bytes.Replace(file, []byte(`"version": 2`), []byte(`"version": 9`), 1),
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

// TestLoadVersionMessage: a file from a newer featsel is refused with both
// versions named.
func TestLoadVersionMessage(t *testing.T) {
	_, _, file := savedModel(t)
	newer := fmt.Sprintf(`"version": %d`, FileVersion+1)
	_, err := Load(bytes.NewReader(bytes.Replace(file, []byte(`"version": 2`), []byte(newer), 1)))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("version %d", FileVersion+1)) || !strings.Contains(err.Error(), fmt.Sprintf("versions 1 to %d", FileVersion)) {
		t.Errorf("err = %v, want both versions named", err)
	}
}

// TestLoadVersion1: a file written by the first featsel (version 1, in
// testdata with the predictions it made, from data/testdata/diabetes.csv)
// loads and predicts the same values (to 1e-12: a processor without the
// AVX2 kernel rounds the products differently).
func TestLoadVersion1(t *testing.T) {
	b, err := os.ReadFile("testdata/diabetes_v1.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if f.Arch.Name != "mlp" {
		t.Errorf("architecture %q, want mlp", f.Arch.Name)
	}
	ds, err := data.ReadFile("../data/testdata/diabetes.csv", f.CSVOptions(data.CSVOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	pred, err := f.Predict(ds, data.MissingError)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/diabetes_v1_predictions.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(want)), "\n")[1:]
	if len(lines) != len(pred.Values) {
		t.Fatalf("%d predictions, want %d", len(pred.Values), len(lines))
	}
	for i, l := range lines {
		w, _ := strconv.ParseFloat(l, 64)
		if math.Abs(pred.Values[i]-w) > 1e-12*math.Abs(w) {
			t.Errorf("row %d: %v, want %v", i, pred.Values[i], w)
		}
	}
	if pred.Score == nil || pred.Score.Rows != ds.Rows() {
		t.Errorf("score %+v for a table with the target", pred.Score)
	}
}

// twoBranch is a custom architecture for the save test: a deep and a
// linear branch, each an MLP, whose outputs add up.
type twoBranch struct {
	Width int `json:"width"`
}

func (a twoBranch) Build(s *Scope, x *G.Node, outputs int) (*G.Node, error) {
	deep, err := MLP{Hidden: []int{a.Width}, Prefix: "deep_"}.Build(s, x, outputs)
	if err != nil {
		return nil, err
	}
	wide, err := MLP{Prefix: "wide_"}.Build(s, x, outputs)
	if err != nil {
		return nil, err
	}
	return G.Add(deep, wide)
}

// unregistered is an architecture nobody registered.
type unregistered struct{ MLP }

// TestSaveCustomArchitecture: a registered architecture is saved by name
// with its settings and loads into a network that predicts the same; an
// unregistered one, or a network that does not match the data, is refused
// by NewFile.
func TestSaveCustomArchitecture(t *testing.T) {
	if err := RegisterArchitecture("test-two-branch", twoBranch{}); err != nil {
		t.Fatal(err)
	}
	if err := RegisterArchitecture("mlp", twoBranch{}); err == nil {
		t.Error("a second architecture took the name mlp")
	}
	ds, _ := data.Friedman1(200, 6, 0.5, seededRand(1))
	train, val, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		t.Fatal(err)
	}
	net := newTestNet(t, ds, twoBranch{Width: 5})
	if _, err := Train(context.Background(), net, train, val, Config{Epochs: 3}); err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(net, ds, st, "custom", 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, f); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var settings twoBranch
	if err := json.Unmarshal(loaded.Arch.Settings, &settings); err != nil || loaded.Arch.Name != "test-two-branch" || settings.Width != 5 {
		t.Errorf("saved architecture %q %s", loaded.Arch.Name, loaded.Arch.Settings)
	}
	again, err := loaded.Net()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := net.Predict(val)
	got, _ := again.Predict(val)
	if !slices.Equal(got, want) {
		t.Error("the loaded custom network predicts differently")
	}

	if _, err := NewFile(newTestNet(t, ds, unregistered{MLP{Hidden: []int{3}}}), ds, st, "graph", 0); err == nil || !strings.Contains(err.Error(), "RegisterArchitecture") {
		t.Errorf("unregistered architecture: err = %v", err)
	}
	other, _ := data.Friedman1(50, 7, 0.5, seededRand(3))
	if _, err := NewFile(net, other, st, "graph", 0); err == nil {
		t.Error("NewFile accepted data with other features")
	}
	if _, err := NewFile(net, ds, &data.Standardization{X: st.X}, "graph", 0); err == nil {
		t.Error("NewFile accepted a regression without its target scaler")
	}
}

// hiddenWidth keeps its setting in an unexported field, which
// encoding/json cannot save.
type hiddenWidth struct{ width int }

func (a hiddenWidth) Build(s *Scope, x *G.Node, outputs int) (*G.Node, error) {
	return MLP{Hidden: []int{a.width}}.Build(s, x, outputs)
}

// TestNewFileRefusesLostSettings: an architecture whose settings do not
// survive saving is refused when the file is made, not when it is loaded.
func TestNewFileRefusesLostSettings(t *testing.T) {
	if err := RegisterArchitecture("test-hidden-width", hiddenWidth{}); err != nil {
		t.Fatal(err)
	}
	ds, _ := data.Friedman1(50, 6, 0.5, seededRand(1))
	st := data.Standardize(ds)
	_, err := NewFile(newTestNet(t, ds, hiddenWidth{width: 3}), ds, st, "graph", 0)
	if err == nil || !strings.Contains(err.Error(), "exported") {
		t.Errorf("err = %v, want one about exported settings", err)
	}
}

// TestPredictMatchesLabelsByNumber: a table labelled 1.0/2.0 scores
// against a model of classes 1/2, label by label; an unknown label counts
// as an error without spoiling the others.
func TestPredictMatchesLabelsByNumber(t *testing.T) {
	ds, _ := data.XOR(200, 3, seededRand(1))
	ds.Classes = []string{"1", "2"}
	train, val, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		t.Fatal(err)
	}
	net := newTestNet(t, train, MLP{Hidden: []int{8}})
	if _, err := Train(context.Background(), net, train, val, Config{Epochs: 3}); err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(net, ds, st, "graph", 0)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	table.WriteString("x0,x1,x2,y\n")
	for i := range 20 {
		row := ds.Row(i)
		fmt.Fprintf(&table, "%v,%v,%v,%s\n", row[0], row[1], row[2], []string{"1.0", "2.0"}[int(ds.Y[i])])
	}
	table.WriteString("0,0,0,other\n")
	rows, err := data.ReadCSV(strings.NewReader(table.String()), f.CSVOptions(data.CSVOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	pred, err := f.Predict(rows, data.MissingError)
	if err != nil {
		t.Fatal(err)
	}
	correct := 0
	for i := range 20 {
		if pred.Labels[i] == ds.Classes[int(ds.Y[i])] {
			correct++
		}
	}
	if pred.Score.Correct != correct || pred.Score.Rows != 21 || !slices.Equal(pred.Score.Unknown, []string{"other"}) {
		t.Errorf("score %+v, want %d correct of 21 and other unknown", pred.Score, correct)
	}
}
