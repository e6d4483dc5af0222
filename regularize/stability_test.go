package regularize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// smallFriedman is Friedman #1 with 500 rows and 10 features, standardised.
func smallFriedman(t *testing.T) (train, val *data.Dataset) {
	ds, _ := data.Friedman1(500, 10, 1, rand.New(rand.NewPCG(21, 0)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return train, val
}

// grid returns the λ sequence of one path, for the methods that reuse it.
func grid(t *testing.T, train, val *data.Dataset, cfg PathConfig) []float64 {
	res, err := Path(context.Background(), train, val, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var l []float64
	for _, pt := range res.Points[1:] {
		l = append(l, pt.Lambda)
	}
	return l
}

// TestStabilityFriedman: the informative features are selected in nearly
// every half; the others rarely.
func TestStabilityFriedman(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 9 paths")
	}
	train, val := smallFriedman(t)
	cfg := PathConfig{Spec: Spec{Method: "prox-adam"}, Hidden: []int{16}, Multiplier: 1.3, Base: model.Config{Epochs: 100}}
	cfg.Lambdas = grid(t, train, val, cfg)
	st, err := Stability(context.Background(), train, val, StabilityConfig{Subsamples: 8, EV: 2}, rand.New(rand.NewPCG(3, 3)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("max probabilities %.2f, region %v, q %.2f, bound %.2f", st.MaxProb, st.Region, st.Q, st.Bound)
	// In the sparse region no noise feature may reach the threshold, and
	// x3 (10·x3, the strongest term) must.
	for j, p := range st.MaxProb {
		if j >= 5 && p >= st.Threshold {
			t.Errorf("noise feature x%d reached probability %v", j, p)
		}
	}
	if !slices.Contains(st.Stable, 3) || st.Bound <= 0 {
		t.Errorf("stable %v, bound %v", st.Stable, st.Bound)
	}
	// Where the halves keep five features on average, those are the five
	// informative ones: probability near 1 for them, low for the others.
	l := 0
	for k, prob := range st.Prob {
		sum := 0.0
		for _, p := range prob {
			sum += p
		}
		if sum >= 5 {
			l = k
		}
	}
	for j, p := range st.Prob[l] {
		if j < 5 && p < 0.75 || j >= 5 && p > 0.25 {
			t.Errorf("at λ=%.3g feature x%d has selection probability %v", st.Lambdas[l], j, p)
		}
	}
	t.Logf("at λ=%.3g: %.2f", st.Lambdas[l], st.Prob[l])
}

func TestCrossValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 3 paths")
	}
	train, val := smallFriedman(t)
	cfg := PathConfig{Spec: Spec{Method: "prox-adam"}, Hidden: []int{16}, Multiplier: 1.5, Base: model.Config{Epochs: 100}}
	cfg.Lambdas = grid(t, train, val, cfg)
	ds, _ := data.Friedman1(500, 10, 1, rand.New(rand.NewPCG(21, 0)))
	cv, err := CrossValidate(context.Background(), ds, 3, rand.New(rand.NewPCG(4, 4)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(cv.Metric) != len(cfg.Lambdas)+1 || len(cv.Folds) != 3 {
		t.Fatalf("%d mean points for %d λ, %d folds", len(cv.Metric), len(cfg.Lambdas), len(cv.Folds))
	}
	// The dense model fits Friedman well; the mean curve must say so, and
	// the 1-SE choice is at least as sparse as the best.
	if cv.Metric[0] < 0.7 || cv.Selected[cv.OneSE] > cv.Selected[cv.Best] {
		t.Errorf("dense mean R² %v; selected at 1-SE %v, at best %v", cv.Metric[0], cv.Selected[cv.OneSE], cv.Selected[cv.Best])
	}
}
