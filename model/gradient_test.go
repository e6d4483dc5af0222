package model

import (
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
)

// TestGradients compares the symbolic gradient of every parameter with a
// central finite difference (f(w+h) − f(w−h))/2h, whose error is O(h²)
// (≈1e-10 at h=1e-5) plus rounding (≈1e-11/h·|f|): agreement to 1e-6
// relative says the graph's derivative is right.
func TestGradients(t *testing.T) {
	reg, _ := data.SparseLinear(12, 5, 2, 0.1, seededRand(1))
	cls, _ := data.XOR(12, 4, seededRand(2))
	cls.Classes = []string{"a", "b", "c"} // three classes: exercise the softmax over more than two
	for i := range cls.Y {
		cls.Y[i] = float64(i % 3)
	}
	tests := []struct {
		name   string
		ds     *data.Dataset
		arch   Architecture
		lambda float64
		// weights are the class weights of Config.BalanceClasses.
		weights []float64
	}{
		{"selection+MSE (linear)", reg, MLP{}, 0, nil},
		{"selection+L1 node", reg, MLP{}, 0.3, nil},
		{"MLP+MSE", reg, MLP{Hidden: []int{6, 4}}, 0, nil},
		{"MLP free first layer", reg, MLP{Hidden: []int{6}, Free: true}, 0.1, nil},
		{"MLP+cross-entropy+L1", cls, MLP{Hidden: []int{5}}, 0.2, nil},
		{"MLP+cross-entropy, class weights", cls, MLP{Hidden: []int{5}}, 0.2, []float64{0.5, 2, 1.25}},
		{"MLP free first layer, skip", cls, MLP{Hidden: []int{5, 3}, FreeFirstLayer: true, Skip: true}, 0, nil},
		// tanh between the selection and the MLP: the first layer is the
		// unfolded normalised layer, not the folded one.
		{"tanh, then MLP (first layer not folded)", cls, transformed{G.Tanh, MLP{Hidden: []int{5}}}, 0.2, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkGradients(t, newTestNet(t, tc.ds, tc.arch), tc.ds, tc.lambda, tc.weights)
		})
	}
}

// transformed is a custom architecture that applies f to the selected
// input before an MLP. The MLP then does not receive the selection layer's
// output, so its first layer is the unfolded one: ops.NormLinear with
// ops.RowNorm on f(x ⊙ θ) instead of ops.FoldedLinear on x and θ.
type transformed struct {
	f   func(*G.Node) (*G.Node, error)
	mlp MLP
}

func (a transformed) Build(s *Scope, x *G.Node, outputs int) (*G.Node, error) {
	h, err := a.f(x)
	if err != nil {
		return nil, err
	}
	return a.mlp.Build(s, h, outputs)
}

// timesOne is 1·x: the identity, exactly, as a node that is not the
// selection layer's. (gorgonia folds −(−x) back into x.)
func timesOne(x *G.Node) (*G.Node, error) { return G.Mul(G.NewConstant(1.0), x) }

// TestUnfoldedFirstLayer: MLP after an identity transform computes, with
// the unfolded first layer, the loss and gradients it computes with the
// folded one. Both are the same function of the same weights (the
// formulas in package ops), so they differ only by rounding: the folded
// layer multiplies x by θ_j·V_j/‖V_j‖ and gets dL/dθ from xᵀg, the unfolded
// one multiplies x⊙θ by V_j/‖V_j‖ and gets dL/dθ from x and g·Wᵀ, the same
// terms summed in another order. Rounding is ≈1e-16 of the terms summed,
// so 1e-12 (relative to the largest value) is rounding, and a wrong
// gradient would differ in the leading digits.
func TestUnfoldedFirstLayer(t *testing.T) {
	ds, _ := data.XOR(30, 5, seededRand(4))
	rows := seqRows(0, ds.Rows())
	mlp := MLP{Hidden: []int{6, 4}}
	run := func(arch Architecture, firstLayer string) (loss float64, grads [][]float64) {
		net := newTestNet(t, ds, arch) // the same seed: the same weights
		rng := seededRand(3)
		for j := range net.Theta() {
			net.Theta()[j] = (0.5 + rng.Float64()) * float64(1-2*(j%2))
		}
		gr, err := net.build(ds.Rows(), buildOptions{loss: CrossEntropy{}, lambda: 0.1, train: true})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range gr.loss.Graph().AllNodes() {
			found = found || (n.Op() != nil && strings.HasPrefix(n.Op().String(), firstLayer))
		}
		if !found {
			t.Fatalf("%T: no %s node in the graph", arch, firstLayer)
		}
		gr.load(ds, rows)
		if err := gr.run(); err != nil {
			t.Fatal(err)
		}
		for _, p := range gr.learn {
			g, _ := p.Grad()
			grads = append(grads, append([]float64(nil), g.Data().([]float64)...))
		}
		return gr.scalar(gr.loss), grads
	}
	// Op names from package ops: the folded layer, and the normalised
	// layer of kind RowNorm (0).
	foldedLoss, folded := run(mlp, "foldedLinear")
	unfoldedLoss, unfolded := run(transformed{timesOne, mlp}, "normLinear{0,")
	if d := math.Abs(foldedLoss - unfoldedLoss); d > 1e-12*foldedLoss {
		t.Errorf("loss %v unfolded, %v folded", unfoldedLoss, foldedLoss)
	}
	scale := 0.0
	for _, g := range folded {
		for _, v := range g {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	for i, g := range folded {
		for j := range g {
			if d := math.Abs(unfolded[i][j] - g[j]); d > 1e-12*scale {
				t.Errorf("gradient %d[%d] = %v unfolded, %v folded", i, j, unfolded[i][j], g[j])
			}
		}
	}
}

// TestLogSoftmaxStable checks the hand-built log-softmax on rows whose
// logits differ by 1000, where exp overflows: the exact answers are
// log softmax([1000,0,0]) = [0, −1000, −1000] (to 1e-300) and, for a row of
// equal logits, −log 3.
func TestLogSoftmaxStable(t *testing.T) {
	ds := &data.Dataset{Features: []string{"a", "b", "c"}, Task: data.Classification, Classes: []string{"0", "1", "2"},
		X: []float64{1000, 0, 0, 5, 5, 5}, Y: []float64{0, 1}}
	net := newTestNet(t, ds, identity{})
	gr, err := net.build(2, buildOptions{loss: CrossEntropy{}})
	if err != nil {
		t.Fatal(err)
	}
	gr.load(ds, []int{0, 1})
	if err := gr.run(); err != nil {
		t.Fatal(err)
	}
	// Cross-entropy of row 0 (true class 0) is 0; of row 1, log 3.
	if got, want := gr.scalar(gr.loss), math.Log(3)/2; math.Abs(got-want) > 1e-12 {
		t.Errorf("mean cross-entropy = %v, want %v", got, want)
	}
}

// identity is an architecture with no weights: the output is the selected
// input, so tests control the logits exactly.
type identity struct{}

func (identity) Build(_ *Scope, x *G.Node, _ int) (*G.Node, error) { return x, nil }

// elementaryCE is the cross-entropy built from elementary nodes.
type elementaryCE struct{}

func (elementaryCE) Build(out, y *G.Node) (*G.Node, error) { return crossEntropyElementary(out, y) }

// crossEntropyElementary builds the cross-entropy from LogSoftmax and
// elementary nodes, to check the fused op against.
func crossEntropyElementary(out, target *G.Node) (*G.Node, error) {
	logp, err := LogSoftmax(out)
	if err != nil {
		return nil, err
	}
	prod, err := G.HadamardProd(target, logp)
	if err != nil {
		return nil, err
	}
	rows, err := G.Sum(prod, 1)
	if err != nil {
		return nil, err
	}
	mean, err := G.Mean(rows)
	if err != nil {
		return nil, err
	}
	return G.Neg(mean)
}

// TestFusedCrossEntropy: the fused cross-entropy node and the one built
// from elementary nodes give the same loss and the same gradients.
func TestFusedCrossEntropy(t *testing.T) {
	ds, _ := data.XOR(20, 4, seededRand(2))
	ds.Classes = []string{"a", "b", "c"}
	for i := range ds.Y {
		ds.Y[i] = float64(i % 3)
	}
	rows := seqRows(0, ds.Rows())
	var losses []float64
	var grads [][]float64
	for _, loss := range []Loss{CrossEntropy{}, elementaryCE{}} {
		net := newTestNet(t, ds, MLP{Hidden: []int{5}})
		gr, err := net.build(ds.Rows(), buildOptions{loss: loss, train: true})
		if err != nil {
			t.Fatal(err)
		}
		gr.load(ds, rows)
		if err := gr.run(); err != nil {
			t.Fatal(err)
		}
		losses = append(losses, gr.scalar(gr.loss))
		var all []float64
		for _, n := range gr.learn {
			g, _ := n.Grad()
			all = append(all, g.Data().([]float64)...)
		}
		grads = append(grads, all)
	}
	if math.Abs(losses[0]-losses[1]) > 1e-12 {
		t.Errorf("fused loss %v, elementary %v", losses[0], losses[1])
	}
	for i := range grads[0] {
		if math.Abs(grads[0][i]-grads[1][i]) > 1e-12 {
			t.Fatalf("gradient %d: fused %v, elementary %v", i, grads[0][i], grads[1][i])
		}
	}
}
