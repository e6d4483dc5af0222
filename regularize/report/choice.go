package report

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/featsel/featsel/regularize"
)

// choiceView is what path_metric.png draws: the curve λ was chosen on
// with its standard-error band, and the marks of the choice.
type choiceView struct {
	// Curve is the curve that chose (the cross-validated mean with folds,
	// else the path's score on the validation rows), Low and High its
	// value ∓ one standard error, CurveName what it is.
	Curve     plotter.XYs
	Low, High []float64
	CurveName string
	// Path is the main path's validation score, when the folds' curve
	// chose (nil otherwise: it is the curve).
	Path plotter.XYs
	// Best is the curve's best point; Rule the point the rule picked on
	// it; Chosen the main path's point the choice ended on (the rule's
	// point carried to the path by the number of features, with folds).
	Best, Rule, Chosen mark
	// Threshold is the best score less its standard error, the line the
	// 1se rule reads (NaN for the other rules).
	Threshold float64
	// Carried says how the rule's point was carried to the path's, with
	// folds.
	Carried string
	// Refit is the chosen features' score refitted without the penalty
	// (nil without --refit).
	Refit *mark
}

// mark is a labelled point.
type mark struct {
	X, Y  float64
	Label string
}

// newChoiceView reads the choice of r on the path, placing λ with ax.
func newChoiceView(r *Path, path *regularize.PathResult, ax lambdaAxis) choiceView {
	v := choiceView{Threshold: math.NaN()}
	chosen := path.Points[r.Chosen.Index]
	v.Chosen = mark{ax.x(chosen.Lambda), chosen.ValMetric,
		fmt.Sprintf("chosen (%s): λ=%.3g, %s, %.4f", r.Choose, chosen.Lambda, features(chosen.Selected), chosen.ValMetric)}
	var metric, se, lambdas []float64
	best, pick := r.Best.Index, r.Chosen.Index
	if cv := r.CV; cv != nil {
		metric, se, lambdas = fl(cv.Metric), fl(cv.SE), cv.Lambdas
		best, pick = cv.Best, cv.pick(r.Choose)
		if r.K > 0 { // the curve is read at the main path's points: nothing is carried
			pick = r.Chosen.Index
		} else {
			v.Carried = fmt.Sprintf("(the path's first λ with ≤ %.1f features)", cv.Selected[pick])
		}
		v.CurveName = fmt.Sprintf("%d-fold mean (refitted) ± SE", cv.Folds)
		for _, pt := range path.Points {
			v.Path = append(v.Path, plotter.XY{X: ax.x(pt.Lambda), Y: pt.ValMetric})
		}
	} else {
		for _, pt := range path.Points {
			metric, se, lambdas = append(metric, pt.ValMetric), append(se, pt.ValMetricSE), append(lambdas, pt.Lambda)
		}
		v.CurveName = "validation rows ± SE"
	}
	for k := range metric {
		v.Curve = append(v.Curve, plotter.XY{X: ax.x(lambdas[k]), Y: metric[k]})
		v.Low, v.High = append(v.Low, metric[k]-se[k]), append(v.High, metric[k]+se[k])
	}
	v.Best = mark{ax.x(lambdas[best]), metric[best], fmt.Sprintf("best: %.4f, λ=%.3g", metric[best], lambdas[best])}
	switch r.Choose {
	case regularize.Choose1SE:
		v.Threshold = metric[best] - se[best]
		v.Rule = mark{ax.x(lambdas[pick]), metric[pick], fmt.Sprintf("1se: largest λ at or above %.4f", v.Threshold)}
	case regularize.ChooseMin:
		v.Rule = mark{ax.x(lambdas[pick]), metric[pick], "min: the best"}
	default:
		label := fmt.Sprintf("k: the best with %s", features(r.K))
		switch {
		case r.KMissed && r.Status == "interrupted":
			label = fmt.Sprintf("k: interrupted before %d; the best with the fewest above, %d, cut to %d", r.K, r.KFrom, r.K)
		case r.KMissed:
			label = fmt.Sprintf("k: none with %d; the best with the fewest above, %d, cut to %d", r.K, r.KFrom, r.K)
		}
		v.Rule = mark{ax.x(lambdas[pick]), metric[pick], label}
	}
	if rf := r.Refit; rf != nil {
		v.Refit = &mark{v.Chosen.X, float64(rf.ValMetric),
			fmt.Sprintf("refit, no penalty: %.4f", rf.ValMetric)}
	}
	return v
}

// fl returns ns as floats.
func fl(ns []Number) []float64 {
	out := make([]float64, len(ns))
	for i, n := range ns {
		out[i] = float64(n)
	}
	return out
}

// plot draws the view.
func (v choiceView) plot(r *Path, ax lambdaAxis) (*plot.Plot, plot.Legend, error) {
	p, legend := plot.New(), plot.NewLegend()
	p.Title.Text = fmt.Sprintf("%s path: %s against λ, and how λ was chosen\n%s", r.Method, strings.Replace(r.Metric, "val_", "validation ", 1), caption)
	p.Title.Padding = vg.Points(8)
	p.Y.Label.Text = r.Metric
	ax.set(p)
	band := make(plotter.XYs, 0, 2*len(v.Curve))
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, pt := range v.Curve {
		band = append(band, plotter.XY{X: pt.X, Y: v.High[k]})
	}
	for k := len(v.Curve) - 1; k >= 0; k-- {
		band = append(band, plotter.XY{X: v.Curve[k].X, Y: v.Low[k]})
	}
	for _, b := range band {
		if !math.IsNaN(b.Y) {
			lo, hi = min(lo, b.Y), max(hi, b.Y)
		}
	}
	for _, pt := range v.Path {
		lo, hi = min(lo, pt.Y), max(hi, pt.Y)
	}
	if v.Refit != nil {
		lo, hi = min(lo, v.Refit.Y), max(hi, v.Refit.Y)
	}
	// Room above the highest point, so that no point touches the title.
	pad := 0.05 * max(hi-lo, 1e-3)
	p.Y.Min, p.Y.Max = lo-pad, hi+pad
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return nil, legend, err
	}
	poly.Color = color.NRGBA{R: 100, G: 140, B: 220, A: 90}
	poly.LineStyle.Width = 0
	curve, err := plotter.NewLine(v.Curve)
	if err != nil {
		return nil, legend, err
	}
	curve.Color, curve.Width = color.RGBA{R: 40, G: 80, B: 180, A: 255}, vg.Points(1.5)
	p.Add(poly, curve)
	legend.Add(v.CurveName, poly, curve)
	if v.Path != nil {
		s, err := plotter.NewScatter(v.Path)
		if err != nil {
			return nil, legend, err
		}
		s.Color, s.Radius = color.Gray{Y: 110}, vg.Points(2)
		p.Add(s)
		legend.Add("the path, validation rows", s)
	}
	if !math.IsNaN(v.Threshold) {
		l, err := horizontal(v.Threshold, ax.zero/1.5, p.X.Max, color.Gray{Y: 90})
		if err != nil {
			return nil, legend, err
		}
		p.Add(l)
		legend.Add("best − SE", l)
	}
	vert, err := plotter.NewLine(plotter.XYs{{X: v.Chosen.X, Y: p.Y.Min}, {X: v.Chosen.X, Y: p.Y.Max}})
	if err != nil {
		return nil, legend, err
	}
	vert.Color, vert.Dashes = red, []vg.Length{vg.Points(2), vg.Points(2)}
	p.Add(vert)
	// The rule's square is drawn larger than the others: the chosen
	// point is often the rule's, and its cross then sits inside the
	// square instead of hiding it.
	marks := []struct {
		m      *mark
		shape  draw.GlyphDrawer
		c      color.Color
		radius vg.Length
	}{
		{&v.Best, draw.CircleGlyph{}, color.RGBA{G: 140, A: 255}, vg.Points(5)},
		{&v.Rule, draw.SquareGlyph{}, color.RGBA{R: 40, G: 80, B: 180, A: 255}, vg.Points(8)},
		{&v.Chosen, draw.CrossGlyph{}, red, vg.Points(5)},
		{v.Refit, draw.PyramidGlyph{}, color.RGBA{R: 200, G: 120, A: 255}, vg.Points(5)},
	}
	for _, m := range marks {
		if m.m == nil {
			continue
		}
		s, err := plotter.NewScatter(plotter.XYs{{X: m.m.X, Y: m.m.Y}})
		if err != nil {
			return nil, legend, err
		}
		s.Shape, s.Color, s.Radius = m.shape, m.c, m.radius
		p.Add(s)
		if m.m == &v.Chosen {
			legend.Add(m.m.Label, s, vert)
			if v.Carried != "" {
				legend.Add("    " + v.Carried)
			}
			continue
		}
		legend.Add(m.m.Label, s)
	}
	return p, legend, nil
}
