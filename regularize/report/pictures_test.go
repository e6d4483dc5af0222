package report

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/plotter"

	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// maxWidth is the widest a picture may be, in pixels: wider ones do not
// read on a screen (final_weights.png was 10 341 px on 342 features).
const maxWidth = 2000

// checkPNG renders pic and fails unless it is a PNG at most maxWidth
// pixels wide.
func checkPNG(t *testing.T, pic Picture) {
	t.Helper()
	b, err := pic.PNG()
	if err != nil {
		t.Fatalf("%s: %v", pic.Name, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", pic.Name, err)
	}
	if cfg.Width > maxWidth || cfg.Height > maxWidth {
		t.Errorf("%s is %d×%d px, want at most %d wide and high", pic.Name, cfg.Width, cfg.Height, maxWidth)
	}
}

// cvSelection is a path of four points on four features chosen on two
// folds with the 1se rule (the curve's best at λ = 0, its 1se point at
// λ = 2, carried to the path's λ = 1), refitted, with stability
// selection over λ in [2, 3].
func cvSelection() *regularize.SelectResult {
	mask := func(n int) []bool { return []bool{n > 0, n > 1, n > 2, n > 3} }
	weights := func(n int) []float64 {
		return []float64{0.9 * float64(min(n, 1)), 0.5 * float64(min(n/2, 1)), 0.1 * float64(n/3), 0.05 * float64(n/4)}
	}
	var pts []regularize.PathPoint
	for k, n := range []int{4, 2, 2, 1} {
		pts = append(pts, regularize.PathPoint{Lambda: float64(k), Selected: n, Mask: mask(n), Weights: weights(n),
			ValMetric: []float64{0.9, 0.8, 0.85, 0.6}[k], ValMetricSE: 0.04})
	}
	return &regularize.SelectResult{
		Config: regularize.SelectConfig{Choose: regularize.Choose1SE, Folds: 2, Stability: &regularize.StabilityConfig{Subsamples: 4}},
		Path:   &regularize.PathResult{Points: pts, Left: []float64{math.Inf(1), 3, 1, 1}},
		CV: &regularize.CVResult{Lambdas: []float64{0, 1, 2, 3}, Metric: []float64{0.95, 0.9, 0.93, 0.5},
			SE: []float64{0.05, 0.05, 0.05, 0.05}, Selected: []float64{4, 2.5, 2, 1}, Best: 0, OneSE: 2, Folds: make([]*regularize.PathResult, 2)},
		Chosen: 1, Best: 0,
		Refit: &regularize.RefitResult{Mask: mask(2), Result: &model.Result{ValMetric: 0.87, ValLoss: 0.3}},
		Stability: &regularize.StabilityResult{
			Lambdas: []float64{1, 2, 3}, Prob: [][]float64{{1, 1, 0.5, 0}, {1, 0.75, 0.25, 0}, {1, 0.25, 0, 0}},
			MaxProb: []float64{1, 0.75, 0.25, 0}, Region: []int{1, 2}, Threshold: 0.6, Stable: []int{1, 0},
		},
	}
}

// TestChoiceView: with folds, path_metric.png draws the mean curve with
// its band of one standard error, the 1se line (best mean − its SE),
// the curve's best and 1se points, the path's point the choice was
// carried to and the refit beside it; the printed table adds the mean ±
// SE column and marks the same rows with the rule's name.
func TestChoiceView(t *testing.T) {
	sel := cvSelection()
	r := NewPath(sel, twoClasses, []string{"p", "q", "r", "s"}, time.Second, nil)
	ax := newLambdaAxis(sel.Path)
	v := newChoiceView(r, sel.Path, ax)
	if len(v.Curve) != 4 || v.Curve[0].X != 0.25 || v.Curve[2] != (plotter.XY{X: 2, Y: 0.93}) {
		t.Errorf("curve %v, want the 4 means, λ = 0 drawn at a quarter of the smallest λ", v.Curve)
	}
	for k := range v.Curve {
		if math.Abs(v.High[k]-v.Curve[k].Y-0.05) > 1e-12 || math.Abs(v.Curve[k].Y-v.Low[k]-0.05) > 1e-12 {
			t.Errorf("band at %d: [%v, %v] around %v, want ± 0.05", k, v.Low[k], v.High[k], v.Curve[k].Y)
		}
	}
	if math.Abs(v.Threshold-0.9) > 1e-12 {
		t.Errorf("threshold %v, want 0.95 − 0.05", v.Threshold)
	}
	for _, c := range []struct {
		name string
		got  mark
		x, y float64
	}{{"best", v.Best, 0.25, 0.95}, {"rule", v.Rule, 2, 0.93}, {"chosen", v.Chosen, 1, 0.8}} {
		if c.got.X != c.x || c.got.Y != c.y || c.got.Label == "" {
			t.Errorf("%s mark %+v, want at (%v, %v), labelled", c.name, c.got, c.x, c.y)
		}
	}
	if v.Refit == nil || v.Refit.X != 1 || v.Refit.Y != 0.87 || len(v.Path) != 4 || v.Carried == "" {
		t.Errorf("refit %+v, path %v, carried %q", v.Refit, v.Path, v.Carried)
	}
	if !strings.HasPrefix(v.Chosen.Label, "chosen (1se)") || !strings.HasPrefix(v.Rule.Label, "1se") {
		t.Errorf("marks %q and %q do not name the rule", v.Chosen.Label, v.Rule.Label)
	}

	var out bytes.Buffer
	r.Print(&out)
	for _, want := range []string{
		"2-fold mean ± SE",
		"0.8000    0.9000 ± 0.0500  <- chosen (1se), refit 0.8700\n",
		"0.9000    0.9500 ± 0.0500  <- best cross-validated val_accuracy\n",
		"0.8500    0.9300 ± 0.0500  <- 1se on the mean\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}

	pics, err := PathPictures(r, sel.Path, []string{"p", "q", "r", "s"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pics {
		names = append(names, p.Name)
		checkPNG(t, p)
	}
	if want := "path_metric.png path_weights.png stability.png"; strings.Join(names, " ") != want {
		t.Errorf("pictures %v, want %s", names, want)
	}
}

// TestChoiceViewValidation: without folds the curve is the path's score
// on the validation rows with its own standard error, and the min rule
// draws no 1se line.
func TestChoiceViewValidation(t *testing.T) {
	sel := cvSelection()
	sel.CV, sel.Refit, sel.Config.Folds, sel.Config.Choose = nil, nil, 0, regularize.ChooseMin
	sel.Best, sel.Chosen = 0, 0
	r := NewPath(sel, twoClasses, []string{"p", "q", "r", "s"}, time.Second, nil)
	v := newChoiceView(r, sel.Path, newLambdaAxis(sel.Path))
	if v.Path != nil || v.Refit != nil || !math.IsNaN(v.Threshold) {
		t.Errorf("path %v, refit %v, threshold %v: want none", v.Path, v.Refit, v.Threshold)
	}
	if v.Curve[1].Y != 0.8 || math.Abs(v.High[1]-0.84) > 1e-12 || v.Rule != (mark{0.25, 0.9, "min: the best"}) {
		t.Errorf("curve %v, high %v, rule %+v", v.Curve, v.High, v.Rule)
	}
	var out bytes.Buffer
	r.Print(&out)
	if want := "0.9000  <- chosen (min); best val_accuracy\n"; !strings.Contains(out.String(), want) || strings.Contains(out.String(), "±") {
		t.Errorf("table lacks %q or has a ± column:\n%s", want, out.String())
	}
}

// TestStabilityView: stability.png draws every feature's probability at
// every λ, the stable ones first by probability, the threshold and the
// region's bounds.
func TestStabilityView(t *testing.T) {
	sel := cvSelection()
	v := newStabilityView(sel.Stability, newLambdaAxis(sel.Path))
	if len(v.Lines) != 4 || len(v.Lines[1]) != 3 || v.Lines[1][1].Y != 0.75 || v.Lines[1][1].X != 2 {
		t.Errorf("lines %v", v.Lines)
	}
	if !slices.Equal(v.Stable, []int{0, 1}) || v.Threshold != 0.6 || v.RegionLow != 2 || v.RegionHigh != 3 {
		t.Errorf("stable %v, threshold %v, region [%v, %v]; want [0 1], 0.6, [2, 3]", v.Stable, v.Threshold, v.RegionLow, v.RegionHigh)
	}
}

// TestFinalPictureWide: on 800 features the final weights stay under
// maxWidth, name at most finalTop features per scale (none that every
// method zeroed), and draw hier's skip-layer norms on a scale of their
// own; on 30 every feature is named in the table's order.
func TestFinalPictureWide(t *testing.T) {
	for _, p := range []int{30, 800} {
		t.Run(fmt.Sprint(p), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			names := make([]string, p)
			for j := range names {
				names[j] = fmt.Sprintf("feature_%d", j)
			}
			var outcomes []regularize.Outcome
			for _, m := range []string{"graph", "prox-adam", "hier"} {
				w := make([]float64, p)
				for j := range w {
					if rng.Float64() < 0.3 {
						w[j] = rng.Float64()
					}
				}
				outcomes = append(outcomes, regularize.Outcome{Trial: regularize.Trial{Spec: regularize.Spec{Method: m, Lambda: 1}, LearnRate: 0.001}, Weights: w})
			}
			all := make([]int, p)
			for j := range all {
				all[j] = j
			}
			groups := weightGroups(outcomes, p)
			if len(groups) != 2 || !slices.Equal(groups[0].Methods, []int{0, 1}) || !slices.Equal(groups[1].Methods, []int{2}) {
				t.Fatalf("groups %+v, want graph and prox-adam, then hier alone", groups)
			}
			for _, g := range groups {
				if p <= finalTop && !slices.Equal(g.Top, all) {
					t.Errorf("%s: named %v, want every feature in order", g.Meaning, g.Top)
				}
				if p > finalTop && len(g.Top) != finalTop {
					t.Errorf("%s: %d named, want %d", g.Meaning, len(g.Top), finalTop)
				}
				for _, j := range g.Top {
					if p > finalTop && !slices.ContainsFunc(g.Methods, func(i int) bool { return outcomes[i].Weights[j] != 0 }) {
						t.Errorf("%s: named %s, zero in every method", g.Meaning, names[j])
					}
				}
			}
			pics, err := ComparePictures(outcomes, names, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(pics) != 1 || len(pics[0].Rows) != 2 {
				t.Fatalf("pictures %v, want final_weights.png of two rows", pics)
			}
			checkPNG(t, pics[0])
		})
	}
}
