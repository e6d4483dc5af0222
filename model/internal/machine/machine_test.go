package machine

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
	"github.com/featsel/featsel/model/internal/ops"
)

// TestMachineMatchesTapeMachine runs the same training graphs with the
// machine and with gorgonia's TapeMachine, the reference: the loss and
// every gradient must agree bit for bit, for featsel's fused operations
// and for gorgonia's elementary ones (a product and a broadcast sum, the
// cross-entropy from log-softmax), whose gradient graphs sum several
// paths (the selected input feeds both the first layer and the skip
// layer).
func TestMachineMatchesTapeMachine(t *testing.T) {
	tests := []struct {
		name  string
		build func(x, y *G.Node, param func(name string, shape ...int) *G.Node) *G.Node
	}{
		{"fused", fusedNet},
		{"elementary", elementaryNet},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const rows, features, classes = 40, 6, 2
			rng := rand.New(rand.NewPCG(2, 0))
			g := G.NewGraph()
			x := G.NewMatrix(g, tensor.Float64, G.WithShape(rows, features), G.WithName("x"), G.WithValue(random(rng, rows, features)))
			onehot := tensor.New(tensor.WithShape(rows, classes), tensor.Of(tensor.Float64))
			for i := range rows {
				onehot.Float64s()[i*classes+rng.IntN(classes)] = 1
			}
			y := G.NewMatrix(g, tensor.Float64, G.WithShape(rows, classes), G.WithName("y"), G.WithValue(onehot))
			var params G.Nodes
			param := func(name string, shape ...int) *G.Node {
				p := G.NewTensor(g, tensor.Float64, len(shape), G.WithShape(shape...), G.WithName(name), G.WithValue(random(rng, shape...)))
				params = append(params, p)
				return p
			}
			loss := tc.build(x, y, param)
			grads, err := G.Grad(loss, params...)
			if err != nil {
				t.Fatal(err)
			}
			m, err := New(g, append(G.Nodes{loss}, grads...)...)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Run(); err != nil {
				t.Fatal(err)
			}
			got := m.Value(loss).Data().(float64)
			var gotGrads [][]float64
			for i, p := range params {
				l := m.Learnable(p, grads[i])
				if l.Name() != p.Name() || l.Value() != p.Value() {
					t.Fatalf("learnable %d is %q, want the node %q", i, l.Name(), p.Name())
				}
				gv, _ := l.Grad()
				gotGrads = append(gotGrads, append([]float64(nil), gv.Data().([]float64)...))
			}

			// The reference run: the tape machine on the same graph, with
			// the gradients bound to the parameters.
			var tapeLoss G.Value
			G.Read(loss, &tapeLoss)
			vm := G.NewTapeMachine(g, G.BindDualValues(params...))
			defer vm.Close()
			if err := vm.RunAll(); err != nil {
				t.Fatal(err)
			}
			if want := tapeLoss.Data().(float64); got != want {
				t.Errorf("loss %v, tape machine %v", got, want)
			}
			for i, p := range params {
				gv, err := p.Grad()
				if err != nil {
					t.Fatal(err)
				}
				for j, want := range gv.Data().([]float64) {
					if got := gotGrads[i][j]; got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
						t.Fatalf("d loss/d %s[%d] = %v, tape machine %v", p.Name(), j, got, want)
					}
				}
			}
		})
	}
}

// fusedNet is MLP's network with two hidden layers, in featsel's fused
// ops only: the folded first layer, normalised layers, ReLU, the
// cross-entropy and the L1 penalty.
func fusedNet(x, y *G.Node, param func(name string, shape ...int) *G.Node) *G.Node {
	b := kernel.Best()
	d := x.Shape()[1]
	theta := param("theta", d)
	data, th, units, _ := ops.Selected(G.Must(ops.Select(x, theta, nil)))
	h := G.Must(ops.FoldedLinear(data, th, units, param("w1", d, 5), param("b1", 5), b))
	h = G.Must(ops.ReLU(h))
	h = G.Must(ops.NormLinear(h, param("w2", 5, 3), param("b2", 3), ops.Frobenius, math.Sqrt(6), b))
	h = G.Must(ops.ReLU(h))
	out := G.Must(ops.NormLinear(h, param("w3", 3, 2), param("b3", 2), ops.Frobenius, 2, b))
	return G.Must(G.Add(G.Must(ops.SoftmaxCrossEntropy(out, y)), G.Must(ops.L1(theta, 0.1, nil))))
}

// elementaryNet mixes fused ops with gorgonia's own: a free first layer,
// an output layer from gorgonia's product and broadcast sum, the skip
// layer from the selected input, and the cross-entropy built from
// elementary nodes.
func elementaryNet(x, y *G.Node, param func(name string, shape ...int) *G.Node) *G.Node {
	b := kernel.Best()
	d := x.Shape()[1]
	theta := param("theta", d)
	selected := G.Must(ops.Select(x, theta, nil))
	h := G.Must(ops.NormLinear(selected, param("w1", d, 5), param("b1", 5), ops.Free, 0, b))
	h = G.Must(ops.ReLU(h))
	out := G.Must(G.BroadcastAdd(G.Must(G.Mul(h, param("w2", 5, 2))), param("b2", 2), nil, []byte{0}))
	out = G.Must(ops.AddLinear(out, selected, param("skip", d, 2), b))
	// Cross-entropy: −mean_i Σ_k y_ik·(z − max z − log Σ exp(z − max z))_ik.
	shifted := G.Must(G.BroadcastSub(out, G.Must(G.Max(out, 1)), nil, []byte{1}))
	lse := G.Must(G.Log(G.Must(G.Sum(G.Must(G.Exp(shifted)), 1))))
	logp := G.Must(G.BroadcastSub(shifted, lse, nil, []byte{1}))
	ce := G.Must(G.Neg(G.Must(G.Mean(G.Must(G.Sum(G.Must(G.HadamardProd(y, logp)), 1))))))
	return G.Must(G.Add(ce, G.Must(ops.L1(theta, 0.1, nil))))
}

// random returns a tensor of the given shape with values from U(−1, 1).
func random(rng *rand.Rand, shape ...int) *tensor.Dense {
	t := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))
	for i := range t.Float64s() {
		t.Float64s()[i] = 2*rng.Float64() - 1
	}
	return t
}
