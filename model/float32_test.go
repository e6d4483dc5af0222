package model

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model/internal/kernel"
)

// TestFloat32 trains the same network on Friedman #1 (600 rows, 100
// features, the five informative first) with its products summed in
// float64 and in float32 (Config.Float32): the rounding of single
// precision moves every trained θ by less than one Adam step (lr = 1e-3)
// and the validation loss by less than 0.1 %, and it does move them (the
// products did run in single precision).
func TestFloat32(t *testing.T) {
	if kernel.Best() != kernel.AVX2 {
		t.Skip("no AVX2 kernel: Float32 changes nothing here")
	}
	ds, _ := data.Friedman1(600, 100, 0.5, seededRand(3))
	train, val := prepared(t, ds)
	var loss [2]float64
	var theta [2][]float64
	for i, single := range []bool{false, true} {
		net := newTestNet(t, ds, MLP{Hidden: []int{64}})
		res, err := Train(context.Background(), net, train, val, Config{Epochs: 30, Lambda: 0.01, Float32: single})
		if err != nil {
			t.Fatal(err)
		}
		loss[i], theta[i] = res.ValLoss, slices.Clone(net.Theta())
	}
	worst := 0.0
	for j := range theta[0] {
		worst = max(worst, math.Abs(theta[0][j]-theta[1][j]))
	}
	t.Logf("val loss %.6f (float64) and %.6f (float32); largest θ difference %.2e", loss[0], loss[1], worst)
	if worst == 0 {
		t.Error("Float32 changed no weight: the products did not run in single precision")
	}
	if math.Abs(loss[0]-loss[1]) > 1e-3*loss[0] || worst > 1e-3 {
		t.Errorf("float32 moved the val loss by %.2e (relative) and θ by up to %.2e; want both under 1e-3",
			math.Abs(loss[0]-loss[1])/loss[0], worst)
	}
}
