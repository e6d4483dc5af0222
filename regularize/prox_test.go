package regularize

import (
	"math"
	"slices"
	"testing"

	"github.com/featsel/featsel/model"
)

// lr is the scalar geometry of a step of size step.
func lr(step float64) model.Scaling[float64] { return model.Scaling[float64]{LR: step} }

func TestL1Prox(t *testing.T) {
	// Soft threshold S_1 (t = step·λ = 1): values from its definition
	// sign(x)·max(|x|−1, 0).
	tests := []struct{ in, want float64 }{{3, 2}, {-3, -2}, {0.5, 0}, {1, 0}, {-1, 0}, {0, 0}}
	for _, tc := range tests {
		w := []float64{tc.in}
		L1{Lambda: 1}.Prox(w, lr(1))
		if w[0] != tc.want {
			t.Errorf("L1{1}.Prox(%v, 1) = %v, want %v", tc.in, w[0], tc.want)
		}
	}
	w := []float64{3, -0.2, 0}
	L1{Lambda: 5}.Prox(w, lr(0))
	if !slices.Equal(w, []float64{3, -0.2, 0}) {
		t.Errorf("step 0 changed the weights: %v", w)
	}
}

func TestGroupProx(t *testing.T) {
	// Block soft threshold: w = (3,4), ‖w‖ = 5, t = 1 scales by 1 − 1/5.
	w := []float64{3, 4, 3, 4}
	Group{Lambda: 1, Size: 2}.Prox(w, lr(1))
	for i, want := range []float64{2.4, 3.2, 2.4, 3.2} {
		if math.Abs(w[i]-want) > 1e-15 {
			t.Fatalf("Group{1,2}.Prox((3,4,3,4), 1) = %v, want (2.4, 3.2, 2.4, 3.2)", w)
		}
	}
	for _, step := range []float64{5, 7} {
		w := []float64{3, 4}
		Group{Lambda: 1, Size: 2}.Prox(w, lr(step))
		if !slices.Equal(w, []float64{0, 0}) {
			t.Errorf("Group{1,2}.Prox((3,4), %v) = %v, want (0, 0)", step, w)
		}
	}
}

func TestHardAndChain(t *testing.T) {
	w := []float64{0.5, -0.05, 0.09, -2}
	Chain{L1{Lambda: 0.1}, Hard{Tau: 0.3}}.Prox(w, lr(1))
	// L1 gives (0.4, 0, 0, −1.9); Hard then zeroes |w| < 0.3: nothing more.
	if !slices.Equal(w, []float64{0.4, 0, 0, -1.9}) {
		t.Errorf("chain gave %v", w)
	}
	w = []float64{0.5, -0.05, 0.29, -2}
	Hard{Tau: 0.3}.Prox(w, lr(123))
	if !slices.Equal(w, []float64{0.5, 0, 0, -2}) {
		t.Errorf("Hard{0.3} gave %v", w)
	}
}

func TestScaledL1Prox(t *testing.T) {
	// Per-coordinate thresholds t_j = Scale_j·λ with λ = 2: 3 − 2·0.5 = 2,
	// |−3| ≤ 2·2 gives 0, 0.5 − 2·0.1 = 0.3 (each from S_t's definition).
	w := []float64{3, -3, 0.5}
	ScaledL1{Lambda: 2}.Prox(w, model.Scaling[float64]{LR: 1, Scale: []float64{0.5, 2, 0.1}})
	if want := []float64{2, 0, 0.5 - 0.2}; !slices.Equal(w, want) {
		t.Errorf("ScaledL1{2}.Prox = %v, want %v", w, want)
	}
	// Without a per-coordinate scale it is L1 with t = LR·λ.
	w, v := []float64{3, -0.5, 1.5}, []float64{3, -0.5, 1.5}
	ScaledL1{Lambda: 2}.Prox(w, lr(0.5))
	L1{Lambda: 2}.Prox(v, lr(0.5))
	if !slices.Equal(w, v) {
		t.Errorf("ScaledL1 without scale = %v, L1 = %v", w, v)
	}
}
