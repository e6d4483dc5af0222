package model

import (
	"math"
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

// checkFiniteDifferences compares grads, the symbolic gradient of every
// parameter of net, with central finite differences of lossAt.
func checkFiniteDifferences(t *testing.T, net *Net, grads [][]float64, lossAt func() float64) {
	t.Helper()
	const h = 1e-5
	for pi, p := range net.Params() {
		w := p.Data()
		for i := range w {
			orig := w[i]
			w[i] = orig + h
			up := lossAt()
			w[i] = orig - h
			down := lossAt()
			w[i] = orig
			fd := (up - down) / (2 * h)
			if got := grads[pi][i]; math.Abs(got-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("d loss/d %s[%d] = %.10g, finite difference %.10g", p.Name, i, got, fd)
			}
		}
	}
}
