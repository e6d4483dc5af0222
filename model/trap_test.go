package model

import (
	"context"
	"math"
	"testing"

	"github.com/featsel/featsel/data"
)

// output evaluates the network on ds and returns its outputs.
func output(t *testing.T, net *Net, ds *data.Dataset) []float64 {
	t.Helper()
	ev, err := newEvaluator(net, ds, defaultLoss(ds.Task), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ev.evaluate(); err != nil {
		t.Fatal(err)
	}
	return append([]float64(nil), ev.out...)
}

func maxDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// scale multiplies a parameter's values by c.
func scale(p *Param, c float64) {
	for i := range p.Data() {
		p.Data()[i] *= c
	}
}

// TestRescalingTrapExact shows the symmetry exactly: in a free ReLU network
// θ → θ/c, b₁ → b₁/c, W₂ → c·W₂ leaves the output unchanged (so λ‖θ‖₁ can
// drop for free); in the default, normalised MLP the same move changes the
// output, and rescaling the free weights V changes nothing at all.
func TestRescalingTrapExact(t *testing.T) {
	ds, _ := data.SparseLinear(20, 4, 2, 0.1, seededRand(1))
	const c = 3.0
	move := func(net *Net) { // params: theta, w1, b1, w2, b2
		scale(net.Params()[0], 1/c)
		scale(net.Params()[2], 1/c)
		scale(net.Params()[3], c)
	}

	free := newTestNet(t, ds, MLP{Hidden: []int{5}, Free: true})
	before := output(t, free, ds)
	move(free)
	if d := maxDiff(before, output(t, free, ds)); d > 1e-12 {
		t.Errorf("free network: output changed by %v under the ReLU rescaling, want unchanged", d)
	}

	norm := newTestNet(t, ds, MLP{Hidden: []int{5}})
	before = output(t, norm, ds)
	scale(norm.Params()[1], 7) // V₁ and V₂ are direction only
	scale(norm.Params()[3], 0.2)
	if d := maxDiff(before, output(t, norm, ds)); d > 1e-12 {
		t.Errorf("normalised network: output changed by %v when V was rescaled, want unchanged", d)
	}
	move(norm)
	if d := maxDiff(before, output(t, norm, ds)); d < 1e-3 {
		t.Errorf("normalised network: output changed by only %v under the ReLU rescaling; θ's scale is not pinned", d)
	}
}

// TestRescalingTrapTraining shows the consequence in training with
// graph-level L1: in the free network the informative θ keep shrinking as
// the later weights grow (measured: mean |θ| 0.115 at step 3 600, 0.053 at
// 7 200), while in the normalised one they settle (0.319, then 0.314).
func TestRescalingTrapTraining(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two networks for 7 200 steps each")
	}
	ds, _ := data.SparseLinear(1000, 20, 4, 0.5, seededRand(5))
	train, val := prepared(t, ds)
	for _, free := range []bool{false, true} {
		net := newTestNet(t, ds, MLP{Hidden: []int{16}, Free: free})
		mean := map[int]float64{}
		hook := HookFunc(func(s *Step) error {
			if s.Iter == 3600 || s.Iter == 7200 {
				for _, w := range s.Net.Theta()[:4] {
					mean[s.Iter] += math.Abs(w) / 4
				}
			}
			return nil
		})
		if _, err := Train(context.Background(), net, train, val, Config{Lambda: 0.05, Epochs: 600, Hooks: []Hook{hook}}); err != nil {
			t.Fatal(err)
		}
		t.Logf("free %v: mean informative |θ| %.3f at step 3600, %.3f at 7200", free, mean[3600], mean[7200])
		ratio := mean[7200] / mean[3600]
		if free && ratio > 0.7 {
			t.Errorf("free network: informative mean |θ| went %v → %v; expected the drift to zero", mean[3600], mean[7200])
		}
		if !free && ratio < 0.95 {
			t.Errorf("normalised network: informative mean |θ| went %v → %v; expected it to settle", mean[3600], mean[7200])
		}
	}
}
