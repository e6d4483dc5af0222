package model

import (
	"context"
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/chewxy/hm"
	"github.com/featsel/featsel/data"
)

// TestMachineMatchesTapeMachine runs the same training graphs with the
// machine and with gorgonia's TapeMachine, the reference: the loss and
// every gradient must agree bit for bit, for featsel's fused operations
// and for gorgonia's elementary ones (the free first layer, the
// elementary cross-entropy), whose gradient graphs sum several paths.
func TestMachineMatchesTapeMachine(t *testing.T) {
	cls, _ := data.XOR(40, 6, seededRand(2))
	tests := []struct {
		name   string
		arch   Architecture
		loss   Loss
		lambda float64
	}{
		{"fused", MLP{Hidden: []int{5, 3}}, CrossEntropy{}, 0.1},
		{"elementary", MLP{Hidden: []int{5}, FreeFirstLayer: true, Skip: true}, elementaryCE{}, 0.1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net := newTestNet(t, cls, tc.arch)
			gr, err := net.build(cls.Rows(), buildOptions{loss: tc.loss, lambda: tc.lambda, train: true})
			if err != nil {
				t.Fatal(err)
			}
			rows := make([]int, cls.Rows())
			for i := range rows {
				rows[i] = i
			}
			gr.load(cls, rows)
			if err := gr.run(); err != nil {
				t.Fatal(err)
			}
			loss := gr.scalar(gr.loss)
			var grads [][]float64
			for _, p := range gr.learn {
				g, _ := p.Grad()
				grads = append(grads, append([]float64(nil), values(g)...))
			}

			// The reference run: the tape machine on the same graph, with
			// the gradients bound to the learnables.
			var nodes G.Nodes
			for _, p := range gr.learn {
				nodes = append(nodes, p.(learnable).node)
			}
			var tapeLoss G.Value
			G.Read(gr.loss, &tapeLoss)
			vm := G.NewTapeMachine(gr.loss.Graph(), G.BindDualValues(nodes...))
			defer vm.Close()
			if err := vm.RunAll(); err != nil {
				t.Fatal(err)
			}
			if want := tapeLoss.Data().(float64); loss != want {
				t.Errorf("loss %v, tape machine %v", loss, want)
			}
			for i, n := range nodes {
				g, err := n.Grad()
				if err != nil {
					t.Fatal(err)
				}
				for j, want := range values(g) {
					if got := grads[i][j]; got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
						t.Fatalf("d loss/d %s[%d] = %v, tape machine %v", n.Name(), j, got, want)
					}
				}
			}
		})
	}
}

// TestMachineRecoversPanics: an op of a user's architecture that panics
// while running makes Train return an error naming the node, not crash.
func TestMachineRecoversPanics(t *testing.T) {
	ds, _ := data.XOR(20, 3, seededRand(2))
	net := newTestNet(t, ds, panicking{})
	_, err := Train(context.Background(), net, ds, ds, Config{Epochs: 1})
	if err == nil || !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "panicky") {
		t.Fatalf("error %v, want the panic's message and the node", err)
	}
	t.Log(err)
}

// panicking is an architecture whose one op panics when it runs.
type panicking struct{}

func (panicking) Build(_ *Scope, x *G.Node, outputs int) (*G.Node, error) {
	return G.ApplyOp(panicOp{opBase{name: "panicky"}, outputs}, x)
}

type panicOp struct {
	opBase
	outputs int
}

func (op panicOp) Arity() int { return 1 }
func (op panicOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(matrixOf(a), matrixOf(a))
}
func (op panicOp) Hashcode() uint32 { return op.hashOf(op) }
func (op panicOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{in[0].(tensor.Shape)[0], op.outputs}, nil
}
func (op panicOp) Do(...G.Value) (G.Value, error) { panic("boom") }
func (op panicOp) DiffWRT(int) []bool             { return []bool{true} }
func (op panicOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return G.Nodes{grad}, nil
}
