package report

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/featsel/featsel/regularize"
)

// PathPictures draws a path: path_metric.png, the validation metric
// against λ with the curve that chose (the cross-validated mean with its
// standard-error band, with folds) and the marks of the best, the rule's
// and the chosen λ and of the refit; path_weights.png, each feature's
// weight against λ; and, with stability selection, stability.png, each
// feature's selection probability against λ with the threshold and the
// region used.
func PathPictures(r *Path, path *regularize.PathResult, names []string) ([]Picture, error) {
	if len(path.Points) < 2 {
		return nil, nil // the dense model alone: nothing to draw against λ
	}
	ax := newLambdaAxis(path)
	p, legend, err := newChoiceView(r, path, ax).plot(r, ax)
	if err != nil {
		return nil, err
	}
	pics := []Picture{single("path_metric.png", p, legend, 34*vg.Centimeter, 16*vg.Centimeter)}
	if p, legend, err = weightsPlot(r, path, names); err != nil {
		return nil, err
	}
	pics = append(pics, single("path_weights.png", p, legend, 28*vg.Centimeter, 15*vg.Centimeter))
	if r.stability != nil {
		if p, legend, err = newStabilityView(r.stability, ax).plot(r, names, ax); err != nil {
			return nil, err
		}
		pics = append(pics, single("stability.png", p, legend, 28*vg.Centimeter, 15*vg.Centimeter))
	}
	return pics, nil
}

// weightsPlot draws each feature's weight against λ, the first seven of
// the importance ranking named.
func weightsPlot(r *Path, path *regularize.PathResult, names []string) (*plot.Plot, plot.Legend, error) {
	q, legend := plot.New(), plot.NewLegend()
	q.Title.Text = fmt.Sprintf("%s path: selection weight of each feature against λ\nweight: %s", r.Method, r.WeightMeaning)
	q.X.Label.Text = "λ (log scale)"
	q.Y.Label.Text = "|weight|"
	q.X.Scale = plot.LogScale{}
	q.X.Tick.Marker = decades{}
	column := make(map[string]int, len(names))
	for j, name := range names {
		column[name] = j
	}
	var order []int
	for _, f := range r.ranked() {
		order = append(order, column[f.Name])
	}
	err := featureLines(q, &legend, names, order[:min(7, len(order))], "other features", func(j int) plotter.XYs {
		var xy plotter.XYs
		for _, pt := range path.Points[1:] { // λ = 0 has no place on a log axis
			xy = append(xy, plotter.XY{X: pt.Lambda, Y: math.Abs(pt.Weights[j])})
		}
		return xy
	})
	return q, legend, err
}
