package model

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/featsel/featsel/data"
)

// TestBalancedClassWeights: 4 rows of class 0 and 2 of class 1 give
// n/(K·n_c) = 6/(2·4) = 0.75 and 6/(2·2) = 1.5, what scikit-learn's
// compute_class_weight("balanced", classes=[0, 1], y=[0,0,0,0,1,1])
// returns; a class without rows is refused.
func TestBalancedClassWeights(t *testing.T) {
	w, err := BalancedClassWeights([]float64{0, 0, 1, 0, 1, 0}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{0.75, 1.5}; w[0] != want[0] || w[1] != want[1] {
		t.Errorf("BalancedClassWeights = %v, want %v", w, want)
	}
	if _, err := BalancedClassWeights([]float64{0, 0, 2}, 3); err == nil || !strings.Contains(err.Error(), "class 1 has no training rows") {
		t.Errorf("BalancedClassWeights with an empty class: error %v, want one naming class 1", err)
	}
}

// TestBalancedAccuracy: classes [0,0,0,0,1,1] predicted [0,0,0,1,1,0]
// recall 3/4 of class 0 and 1/2 of class 1, so the balanced accuracy is
// (0.75 + 0.5)/2 = 0.625 (scikit-learn's balanced_accuracy_score on these
// lists), while the accuracy is 4/6.
func TestBalancedAccuracy(t *testing.T) {
	y := []float64{0, 0, 0, 0, 1, 1}
	pred := []int{0, 0, 0, 1, 1, 0}
	out := make([]float64, 2*len(pred))
	for i, c := range pred {
		out[2*i+c] = 1
	}
	if got := BalancedAccuracy(out, 2, y); got != 0.625 {
		t.Errorf("BalancedAccuracy = %v, want 0.625", got)
	}
	if got := Recalls(out, 2, y); got[0] != 0.75 || got[1] != 0.5 {
		t.Errorf("Recalls = %v, want [0.75 0.5]", got)
	}
	if got := accuracy(out, 2, y); got != 4.0/6 {
		t.Errorf("accuracy = %v, want 4/6", got)
	}
	// A class absent from y is left out of the mean, as scikit-learn does.
	if got := BalancedAccuracy(out[:8], 2, y[:4]); got != 0.75 {
		t.Errorf("BalancedAccuracy with one class present = %v, want 0.75", got)
	}
}

// TestWeightedCrossEntropy checks the loss with class weights against its
// closed form −(1/n)Σ_i w_{c_i}·log softmax(z_i)_{c_i} on logits the test
// sets (the identity architecture outputs the input).
func TestWeightedCrossEntropy(t *testing.T) {
	ds := &data.Dataset{Features: []string{"a", "b", "c"}, Task: data.Classification, Classes: []string{"0", "1", "2"},
		X: []float64{1, 0, -1, 0.5, 2, 0, 0, 0, 3, -2, 1, 1}, Y: []float64{0, 1, 2, 1}}
	weights := []float64{0.5, 2, 1.25}
	net := newTestNet(t, ds, identity{})
	gr, err := net.build(4, buildOptions{loss: CrossEntropy{}})
	if err != nil {
		t.Fatal(err)
	}
	gr.weights = weights
	gr.load(ds, []int{0, 1, 2, 3})
	if err := gr.run(); err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for i, c := range ds.Y {
		z := ds.X[3*i : 3*i+3]
		lse := math.Log(math.Exp(z[0]) + math.Exp(z[1]) + math.Exp(z[2]))
		want -= weights[int(c)] * (z[int(c)] - lse) / 4
	}
	if got := gr.scalar(gr.data); math.Abs(got-want) > 1e-12 {
		t.Errorf("weighted cross-entropy = %v, want %v", got, want)
	}
}

// TestBalanceClassesTrain: Train reports the weights it used and the
// balanced accuracy, and refuses BalanceClasses on a regression.
func TestBalanceClassesTrain(t *testing.T) {
	cls, _ := data.XOR(200, 4, seededRand(2))
	train, val := prepared(t, cls)
	net := newTestNet(t, train, MLP{Hidden: []int{8}})
	res, err := Train(context.Background(), net, train, val, Config{Epochs: 2, BalanceClasses: true})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := BalancedClassWeights(train.Y, 2)
	if len(res.ClassWeights) != 2 || res.ClassWeights[0] != want[0] || res.ClassWeights[1] != want[1] {
		t.Errorf("Result.ClassWeights = %v, want %v", res.ClassWeights, want)
	}
	if !(res.ValBalancedAccuracy > 0 && res.ValBalancedAccuracy <= 1) {
		t.Errorf("Result.ValBalancedAccuracy = %v, want in (0, 1]", res.ValBalancedAccuracy)
	}
	reg, _ := data.SparseLinear(50, 5, 2, 0.1, seededRand(1))
	rtrain, rval := prepared(t, reg)
	rnet := newTestNet(t, rtrain, MLP{})
	if _, err := Train(context.Background(), rnet, rtrain, rval, Config{Epochs: 1, BalanceClasses: true}); err == nil || !strings.Contains(err.Error(), "Config.BalanceClasses") {
		t.Errorf("Train(regression, BalanceClasses) error = %v, want one naming Config.BalanceClasses", err)
	}
}
