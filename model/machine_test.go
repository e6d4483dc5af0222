package model

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"

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
				grads = append(grads, append([]float64(nil), g.Data().([]float64)...))
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
				for j, want := range g.Data().([]float64) {
					if got := grads[i][j]; got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
						t.Fatalf("d loss/d %s[%d] = %v, tape machine %v", n.Name(), j, got, want)
					}
				}
			}
		})
	}
}
