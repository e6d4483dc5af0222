package model

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// mixedCSV returns a table with a category of four levels, a yes/no flag,
// a date and two numbers, and a target that depends on the category and
// a number; extra adds rows after the first n with the given region.
func mixedCSV(n int, extra ...string) string {
	var b strings.Builder
	b.WriteString("region,smoker,visit,age,bmi,y\n")
	regions := []string{"north", "south", "east", "centre"}
	rng := seededRand(5)
	row := func(i int, region string) {
		age := 20 + rng.IntN(50)
		y := "low"
		if region == "south" || age > 50 {
			y = "high"
		}
		fmt.Fprintf(&b, "%s,%s,2024-%02d-%02d,%d,%.1f,%s\n", region, []string{"no", "yes"}[rng.IntN(2)], 1+rng.IntN(12), 1+rng.IntN(28), age, 18+10*rng.Float64(), y)
	}
	for i := range n {
		row(i, regions[rng.IntN(len(regions))])
	}
	for i, r := range extra {
		row(n+i, r)
	}
	return b.String()
}

// TestSaveLoadUnits: a model trained on a table with a category, a flag
// and a date saves its schema (file version 4), loads with one θ per
// column, reads a table to predict with that schema, predicts the
// training table as the trained network does, bit for bit, and predicts a
// level it never saw as an all-zero block, counted in Dataset.Unseen.
func TestSaveLoadUnits(t *testing.T) {
	ds, err := data.ReadCSV(strings.NewReader(mixedCSV(150)), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Schema) != 5 || ds.Cols() != 8 {
		t.Fatalf("read %d columns, %d features; want 5 and 8 (region's 4 levels)", len(ds.Schema), ds.Cols())
	}
	train, val, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		t.Fatal(err)
	}
	net := newTestNet(t, ds, MLP{Hidden: []int{6}})
	if _, err := Train(context.Background(), net, train, val, Config{Epochs: 5, Lambda: 0.01}); err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(net, ds, st, "graph", 0.01)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, f); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"version": 4`)) {
		t.Errorf("a model with a schema is not saved as version 4")
	}
	loaded, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := loaded.Schema; len(got) != 5 || got[0].Kind != "category" || got[1].Kind != "flag" || got[2].Kind != "date" || got[3].Kind != "number" {
		t.Errorf("saved schema %+v", got)
	}
	lnet, err := loaded.Net()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lnet.Theta(), net.Theta()) || len(lnet.Theta()) != 5 {
		t.Errorf("loaded θ %v, want %v (one per column)", lnet.Theta(), net.Theta())
	}
	again, err := data.ReadCSV(strings.NewReader(mixedCSV(150)), loaded.CSVOptions(data.CSVOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := loaded.Predict(again, data.MissingError)
	if err != nil {
		t.Fatal(err)
	}
	out := rawOutputs(t, net, ds, st)
	prob := slices.Clone(out)
	Softmax(prob, 2)
	if !slices.Equal(p.Prob, prob) {
		t.Errorf("the loaded model's probabilities differ from the trained network's")
	}
	unseen, err := data.ReadCSV(strings.NewReader(mixedCSV(3, "west", "north")), loaded.CSVOptions(data.CSVOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if unseen.Unseen["region"] != 1 {
		t.Errorf("Unseen = %v, want region: 1", unseen.Unseen)
	}
	if _, err := loaded.Predict(unseen, data.MissingError); err != nil {
		t.Errorf("predicting an unseen level: %v", err)
	}
}

// TestUnusedColumnAbsent: a column whose θ is zero need not be in the
// table to predict, a category's whole block included.
func TestUnusedColumnAbsent(t *testing.T) {
	ds, err := data.ReadCSV(strings.NewReader(mixedCSV(60)), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		t.Fatal(err)
	}
	net := newTestNet(t, ds, MLP{Hidden: []int{4}})
	net.Theta()[0] = 0 // region
	f, err := NewFile(net, ds, st, "prox-adam", 0.1)
	if err != nil {
		t.Fatal(err)
	}
	opts := f.CSVOptions(data.CSVOptions{})
	if !slices.Equal(opts.Absent, []string{"region"}) {
		t.Errorf("Absent = %v, want [region]", opts.Absent)
	}
	var b strings.Builder
	for _, line := range strings.Split(mixedCSV(10), "\n") {
		if _, rest, ok := strings.Cut(line, ","); ok {
			b.WriteString(rest + "\n")
		}
	}
	table, err := data.ReadCSV(strings.NewReader(b.String()), opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Predict(table, data.MissingError); err != nil {
		t.Errorf("predicting without the unused category: %v", err)
	}
}

// TestSaveLoadGroups: a model of numbers tied in groups saves its schema
// with the groups (file version 5), loads with one θ per unit and the
// same unit widths, and predicts as the trained network does; a file
// whose group is split is refused.
func TestSaveLoadGroups(t *testing.T) {
	ds, _ := data.SparseLinear(80, 5, 2, 0.1, seededRand(3))
	var b strings.Builder
	if err := ds.WriteCSV(&b, nil); err != nil {
		t.Fatal(err)
	}
	groups := map[string]string{ds.Features[0]: "g", ds.Features[3]: "g"}
	ds, err := data.ReadCSV(strings.NewReader(b.String()), data.CSVOptions{Groups: groups})
	if err != nil {
		t.Fatal(err)
	}
	train, val, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		t.Fatal(err)
	}
	net := newTestNet(t, ds, MLP{Hidden: []int{4}})
	if got, want := net.UnitWidths(), []int{2, 1, 1, 1}; !slices.Equal(got, want) {
		t.Fatalf("unit widths %v, want %v", got, want)
	}
	if _, err := Train(context.Background(), net, train, val, Config{Epochs: 3, Lambda: 0.01}); err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(net, ds, st, "graph", 0.01)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, f); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"version": 5`)) || !bytes.Contains(buf.Bytes(), []byte(`"group": "g"`)) {
		t.Errorf("a model with groups is not saved as version 5 with its groups:\n%s", buf.Bytes()[:min(buf.Len(), 400)])
	}
	loaded, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	lnet, err := loaded.Net()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lnet.UnitWidths(), net.UnitWidths()) || !slices.Equal(lnet.Theta(), net.Theta()) {
		t.Errorf("loaded units %v θ %v, want %v %v", lnet.UnitWidths(), lnet.Theta(), net.UnitWidths(), net.Theta())
	}
	again, err := data.ReadCSV(strings.NewReader(b.String()), loaded.CSVOptions(data.CSVOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	pred, err := loaded.Predict(again, data.MissingError)
	if err != nil {
		t.Fatal(err)
	}
	out := rawOutputs(t, net, ds, st)
	for i, v := range out {
		if got := pred.Values[i]; got != st.Y[0].Invert(v) {
			t.Fatalf("row %d: predicted %v, the trained network %v", i, got, st.Y[0].Invert(v))
		}
	}
	// The group's columns apart: refused with the unit named.
	f.Schema[1], f.Schema[2] = f.Schema[2], f.Schema[1]
	buf.Reset()
	if err := Save(&buf, f); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bytes.NewReader(buf.Bytes())); err == nil || !strings.Contains(err.Error(), `unit "g"`) {
		t.Errorf("a file whose group is split: %v", err)
	}
}

// rawOutputs returns what net outputs on the raw rows of ds standardised
// with st: what a saved model of net must predict from them.
func rawOutputs(t *testing.T, net *Net, ds *data.Dataset, st *data.Standardization) []float64 {
	t.Helper()
	std := *ds
	std.X = slices.Clone(ds.X)
	st.X.Apply(&std)
	out, err := net.Predict(&std)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPredictLogColumns: a model that reads a column as its logarithm
// refuses a table read without it (the names alone match), and predicts
// one read with its CSVOptions.
func TestPredictLogColumns(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,y\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%d,%d,%d\n", 1+i%9, i%5, i%2)
	}
	ds, err := data.ReadCSV(strings.NewReader(b.String()), data.CSVOptions{Log: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	_, _, st, err := data.Prepare(ds, 0.2, seededRand(2))
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(newTestNet(t, ds, MLP{Hidden: []int{4}}), ds, st, "graph", 0.01)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := data.ReadCSV(strings.NewReader(b.String()), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Predict(plain, data.MissingError); err == nil || !strings.Contains(err.Error(), `column "a" as its logarithm`) {
		t.Errorf("a table read without the logarithm: %v", err)
	}
	again, err := data.ReadCSV(strings.NewReader(b.String()), f.CSVOptions(data.CSVOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Predict(again, data.MissingError); err != nil {
		t.Errorf("the table read with the model's options: %v", err)
	}
}
