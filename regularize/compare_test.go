package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// TestCompareSameInitialWeights: every method's network starts from the
// same draw, so parameters the architectures share are bit-identical.
func TestCompareSameInitialWeights(t *testing.T) {
	ds, _ := data.XOR(100, 5, rand.New(rand.NewPCG(1, 1)))
	var nets []*model.Net
	for _, m := range Methods() {
		net, err := Trial{Spec: Spec{Method: m}}.newNet(ds, FitConfig{Hidden: []int{8, 4}, InitSeed: 42})
		if err != nil {
			t.Fatal(err)
		}
		nets = append(nets, net)
	}
	shared := 0
	for i, a := range nets {
		for _, b := range nets[i+1:] {
			for _, p := range a.Params() {
				if q := b.Param(p.Name); q != nil {
					shared++
					if !slices.Equal(p.Data(), q.Data()) {
						t.Errorf("parameter %s differs between methods", p.Name)
					}
				}
			}
		}
	}
	// Every pair of architectures shares at least θ and the three layers'
	// weights and biases of MLP{Hidden: {8, 4}}: 7 parameters.
	if shared < len(Methods())*(len(Methods())-1)/2*7 {
		t.Errorf("only %d shared parameters compared", shared)
	}
}

// TestCompareDeterministic: trials run in parallel, yet two comparisons
// with one seed give the same weights bit for bit.
func TestCompareDeterministic(t *testing.T) {
	ds, _ := data.SparseLinear(200, 6, 2, 0.5, rand.New(rand.NewPCG(2, 2)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	var trials []Trial
	for _, m := range Methods() {
		s := Spec{Method: m}
		s.Lambda = s.DefaultLambda([]int{8}, 1)
		trials = append(trials, Trial{Spec: s})
	}
	cfg := FitConfig{Hidden: []int{8}, Base: model.Config{Epochs: 3, BatchSize: 16, Seed: 5}, InitSeed: 5, Trace: true}
	a := Compare(context.Background(), train, val, trials, cfg)
	b := Compare(context.Background(), train, val, trials, cfg)
	for i := range a {
		if a[i].Err != nil || b[i].Err != nil {
			t.Fatalf("%s: %v, %v", a[i].Spec.Method, a[i].Err, b[i].Err)
		}
		if !slices.Equal(a[i].Weights, b[i].Weights) || a[i].Result.ValLoss != b[i].Result.ValLoss {
			t.Errorf("%s: two comparisons with one seed differ", a[i].Spec.Method)
		}
		if len(a[i].Trace) != 3 {
			t.Errorf("%s: %d trace points for 3 epochs", a[i].Spec.Method, len(a[i].Trace))
		}
	}
}

func TestScore(t *testing.T) {
	sel := []bool{true, true, false, false, true}
	inf := []bool{true, false, true, false, true}
	// 2 of 3 selected are informative, 2 of 3 informative selected.
	p, r, f1 := Score(sel, inf)
	if p != 2.0/3 || r != 2.0/3 || f1 != 2.0/3 {
		t.Errorf("Score = %v, %v, %v; want 2/3 each", p, r, f1)
	}
}
