package model

import (
	"context"
	"fmt"
	"hash"
	"hash/fnv"
	"strings"
	"testing"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/data"
)

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
	return G.ApplyOp(panicOp{outputs}, x)
}

// panicOp is a gorgonia op, as a user would write one, that panics when
// it runs.
type panicOp struct{ outputs int }

func (op panicOp) Arity() int { return 1 }
func (op panicOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	m := G.TensorType{Dims: 2, Of: a}
	return hm.NewFnType(m, m)
}
func (op panicOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return tensor.Shape{in[0].(tensor.Shape)[0], op.outputs}, nil
}
func (op panicOp) Do(...G.Value) (G.Value, error) { panic("boom") }
func (op panicOp) ReturnsPtr() bool               { return false }
func (op panicOp) CallsExtern() bool              { return false }
func (op panicOp) OverwritesInput() int           { return -1 }
func (op panicOp) WriteHash(h hash.Hash)          { fmt.Fprint(h, op) }
func (op panicOp) Hashcode() uint32               { h := fnv.New32a(); op.WriteHash(h); return h.Sum32() }
func (op panicOp) String() string                 { return "panicky" }
func (op panicOp) DiffWRT(int) []bool             { return []bool{true} }
func (op panicOp) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return G.Nodes{grad}, nil
}
