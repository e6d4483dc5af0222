package ops

import (
	"math"
	"testing"

	"gorgonia.org/tensor"
)

// TestReluGradSigns: the branch-free mask passes the gradient exactly
// where x > 0, including at the edges of the float64 encoding.
func TestReluGradSigns(t *testing.T) {
	x := []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, 1, -1, math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64}
	g := make([]float64, len(x))
	for i := range g {
		g[i] = float64(i + 1)
	}
	xv, gv := newMatrix(1, len(x)), newMatrix(1, len(x))
	copy(values(xv), x)
	copy(values(gv), g)
	op := &reluGrad{opBase{name: "drelu"}}
	out, err := op.Do(xv, gv)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range values(out) {
		want := 0.0
		if x[i] > 0 {
			want = g[i]
		}
		if v != want {
			t.Errorf("relu'(%v)·%v = %v, want %v", x[i], g[i], v, want)
		}
	}
}

func newMatrix(r, c int) *tensor.Dense {
	return tensor.New(tensor.WithShape(r, c), tensor.Of(tensor.Float64))
}
