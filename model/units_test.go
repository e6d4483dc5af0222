package model

import (
	"context"
	"slices"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
)

// withCategory returns a copy of ds whose features after the first are
// read as the one-hot block of one category of width levels (its columns
// keep their values: the selection layer does not look at them), the
// other features numbers: units of 1, width and 1 columns.
func withCategory(ds *data.Dataset, width int) *data.Dataset {
	out := *ds
	out.Schema, out.Source = nil, nil
	levels := make([]string, width)
	for k := range levels {
		levels[k] = string(rune('a' + k))
	}
	out.Schema = []data.Column{{Name: ds.Features[0]}, {Name: "cat", Kind: data.KindCategory, Levels: levels}}
	out.Source = []int{0}
	for range width {
		out.Source = append(out.Source, 1)
	}
	for j := 1 + width; j < ds.Cols(); j++ {
		out.Schema = append(out.Schema, data.Column{Name: ds.Features[j]})
		out.Source = append(out.Source, len(out.Schema)-1)
	}
	return &out
}

// TestUnitGradients checks the gradients of networks whose θ has one
// weight per unit, a category's block sharing one (dL/dθ_u sums over the
// block's columns; the penalty is λ·Σ √width_u·|θ_u|), against finite
// differences, as TestGradients does for one unit per feature.
func TestUnitGradients(t *testing.T) {
	reg, _ := data.SparseLinear(12, 6, 2, 0.1, seededRand(1))
	cls, _ := data.XOR(12, 5, seededRand(2))
	reg, cls = withCategory(reg, 3), withCategory(cls, 2)
	tests := []struct {
		name   string
		ds     *data.Dataset
		arch   Architecture
		lambda float64
	}{
		{"selection+L1 node (linear)", reg, MLP{}, 0.3},
		{"MLP+MSE+L1", reg, MLP{Hidden: []int{6, 4}}, 0.2},
		{"MLP+cross-entropy+L1", cls, MLP{Hidden: []int{5}}, 0.2},
		{"MLP free, skip", cls, MLP{Hidden: []int{5, 3}, Free: true, Skip: true}, 0.1},
		{"tanh, then MLP (first layer not folded)", cls, transformed{G.Tanh, MLP{Hidden: []int{5}}}, 0.2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net := newTestNet(t, tc.ds, tc.arch)
			if got, want := len(net.Theta()), len(tc.ds.Schema); got != want {
				t.Fatalf("len(θ) = %d, want %d (one per unit)", got, want)
			}
			checkGradients(t, net, tc.ds, tc.lambda, nil)
		})
	}
}

// TestUnits: the units of a network, their widths and penalty weights
// √width, and the sources New refuses.
func TestUnits(t *testing.T) {
	ds, _ := data.SparseLinear(10, 6, 2, 0.1, seededRand(1))
	cat := withCategory(ds, 4)
	net := newTestNet(t, cat, MLP{Hidden: []int{3}})
	if got, want := net.UnitWidths(), []int{1, 4, 1}; !slices.Equal(got, want) {
		t.Errorf("UnitWidths() = %v, want %v", got, want)
	}
	if got, want := net.PenaltyWeights(), []float64{1, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("PenaltyWeights() = %v, want %v (√width)", got, want)
	}
	if net.Units() != 3 || net.Features() != 6 {
		t.Errorf("Units(), Features() = %d, %d, want 3, 6", net.Units(), net.Features())
	}
	// A schema of single columns is the network of one unit per feature.
	single := *ds
	single.Source = []int{0, 1, 2, 3, 4, 5}
	if n := newTestNet(t, &single, MLP{}); n.units != nil || n.PenaltyWeights() != nil || n.Units() != 6 {
		t.Errorf("single-column units: units %v, penalty %v, %d units; want nil, nil, 6", n.units, n.PenaltyWeights(), n.Units())
	}
	for _, source := range [][]int{{1, 1, 2, 3, 4, 5}, {0, 1, 0, 2, 3, 4}, {0, 2, 2, 3, 4, 5}, {0, 1}} {
		if _, err := newNet(ds, source, MLP{}, seededRand(1)); err == nil {
			t.Errorf("newNet with units %v: no error", source)
		}
	}
}

// TestBlockSelectedWhole: θ_u = 0 removes the whole block from the
// network (the predictions do not depend on its values), and a non-zero θ
// does not.
func TestBlockSelectedWhole(t *testing.T) {
	ds, _ := data.SparseLinear(20, 5, 2, 0.1, seededRand(1))
	cat := withCategory(ds, 3)
	net := newTestNet(t, cat, MLP{Hidden: []int{4}})
	changed := cat.Subset(seqRows(0, cat.Rows()))
	for i := range changed.Rows() {
		for j := 1; j <= 3; j++ {
			changed.Row(i)[j] += float64(j)
		}
	}
	same := func() bool {
		a, err := net.Predict(cat)
		if err != nil {
			t.Fatal(err)
		}
		b, err := net.Predict(changed)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Equal(a, b)
	}
	if same() {
		t.Errorf("θ = 1: the block's values do not change the predictions")
	}
	net.Theta()[1] = 0
	if !same() {
		t.Errorf("θ_cat = 0: the block's values still change the predictions")
	}
}

// TestSingleColumnUnitsUnchanged: a schema whose units are all single
// columns trains bit for bit as a dataset without one.
func TestSingleColumnUnitsUnchanged(t *testing.T) {
	ds, _ := data.Friedman1(200, 6, 1, seededRand(1))
	with := *ds
	with.Schema = make([]data.Column, ds.Cols())
	with.Source = make([]int, ds.Cols())
	for j := range with.Schema {
		with.Schema[j], with.Source[j] = data.Column{Name: ds.Features[j]}, j
	}
	train := func(ds *data.Dataset) [][]float64 {
		tr, val := prepared(t, ds)
		net := newTestNet(t, ds, MLP{Hidden: []int{8}})
		if _, err := Train(context.Background(), net, tr, val, Config{Lambda: 0.05, Epochs: 5}); err != nil {
			t.Fatal(err)
		}
		return net.Snapshot(nil)
	}
	a, b := train(ds), train(&with)
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Errorf("parameter %d differs with a schema of single columns", i)
		}
	}
}
