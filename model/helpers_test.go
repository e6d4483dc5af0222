package model

import (
	"math/rand/v2"
	"testing"

	"github.com/featsel/featsel/data"
)

// newTestNet builds a network for ds with weights drawn from a fixed seed.
func newTestNet(t testing.TB, ds *data.Dataset, arch Architecture) *Net {
	t.Helper()
	net, err := New(ds, arch, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// prepared splits ds 80/20 and standardises features (and a regression
// target) on the training part, as the command does.
func prepared(t testing.TB, ds *data.Dataset) (train, val *data.Dataset) {
	t.Helper()
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return train, val
}

func seededRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }
