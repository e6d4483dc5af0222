package model

import (
	"math"
	"math/rand/v2"
	"slices"
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

// checkGradients compares the symbolic gradient of the training loss of
// net on every row of ds (with L1 weight lambda and, when not nil, the
// class weights) with central finite differences, for every parameter.
// θ is first set away from 1 and from 0, so that |θ| is differentiable and
// the selection layer's gradient is not trivially that of x.
func checkGradients(t *testing.T, net *Net, ds *data.Dataset, lambda float64, classWeights []float64) {
	t.Helper()
	rng := seededRand(3)
	for j := range net.Theta() {
		net.Theta()[j] = (0.5 + rng.Float64()) * float64(1-2*(j%2))
	}
	gr, err := net.build(ds.Rows(), buildOptions{loss: defaultLoss(ds.Task), lambda: lambda, train: true})
	if err != nil {
		t.Fatal(err)
	}
	gr.weights = classWeights
	gr.load(ds, seqRows(0, ds.Rows()))
	lossAt := func() float64 {
		if err := gr.run(); err != nil {
			t.Fatal(err)
		}
		return gr.scalar(gr.loss)
	}
	lossAt()
	var grads [][]float64
	for _, n := range gr.learn {
		g, err := n.Grad()
		if err != nil {
			t.Fatal(err)
		}
		grads = append(grads, slices.Clone(g.Data().([]float64)))
	}
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
