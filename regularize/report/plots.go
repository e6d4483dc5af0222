package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/featsel/featsel/regularize"
)

// zeroFloor is where log-scale plots draw weights that are exactly zero,
// with a labelled line, since log(0) has no place on the axis.
const zeroFloor = 1e-9

var (
	grey = color.Gray{Y: 170}
	red  = color.RGBA{R: 200, A: 255}
)

// onLog maps a weight to a log-scale plot: |w|, or zeroFloor for zero.
func onLog(w float64) float64 { return max(math.Abs(w), zeroFloor) }

// highlighted returns the features to draw in colour and name in legends:
// the informative ones when known, else the five largest final weights.
func highlighted(weights []float64, informative []bool) []int {
	var idx []int
	if informative != nil {
		for j, inf := range informative {
			if inf {
				idx = append(idx, j)
			}
		}
		return idx
	}
	idx = make([]int, len(weights))
	for j := range idx {
		idx[j] = j
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(math.Abs(weights[b]), math.Abs(weights[a])) })
	return idx[:min(5, len(idx))]
}

// horizontal returns a dashed line at y across [x0, x1].
func horizontal(y, x0, x1 float64, c color.Color) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	return l, nil
}

// logY puts the y axis on a log scale from the zero line to just above
// the largest value, with a labelled tick at every power of ten.
func logY(p *plot.Plot, largest float64) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = decades{}
	if largest == 0 {
		largest = 1
	}
	p.Y.Min, p.Y.Max = zeroFloor/2, 2*largest
}

// largest returns the largest |w| in ws.
func largest(ws ...[]float64) float64 {
	m := 0.0
	for _, w := range ws {
		for _, x := range w {
			m = max(m, math.Abs(x))
		}
	}
	return m
}

// featureLines adds one line per feature to p, xy(j) giving feature j's
// points: the features in named get a colour and an entry in legend (at
// most 7, the colours plotutil has), the others one grey entry labelled
// others.
func featureLines(p *plot.Plot, legend *plot.Legend, names []string, named []int, others string, xy func(j int) plotter.XYs) error {
	var greyLine *plotter.Line
	lines := make([]*plotter.Line, len(named))
	for j := range names {
		pts := xy(j)
		if len(pts) == 0 {
			return nil
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		if k := slices.Index(named, j); k >= 0 {
			l.Color = plotutil.Color(k)
			l.Width = vg.Points(1.5)
			lines[k] = l
		} else {
			l.Color = grey
			greyLine = l
			p.Add(l)
		}
	}
	// The named lines last, over the grey ones (on 784 features the grey
	// ones hid them).
	for k, j := range named {
		p.Add(lines[k])
		legend.Add(names[j], lines[k])
	}
	if greyLine != nil {
		legend.Add(others, greyLine)
	}
	return nil
}

// tracePlot draws each feature's selection weight over training, on a log
// scale, with the learning rate as a reference: graph's weights hover near
// it, the proximal methods' unused weights drop to the zero line.
func tracePlot(o regularize.Outcome, names []string, informative []bool) (*plot.Plot, plot.Legend, error) {
	p, legend := plot.New(), plot.NewLegend()
	p.Title.Text = fmt.Sprintf("%s (λ=%.3g, lr=%g): selection weight of each feature during training\nweight: %s", o.Spec.Method, o.Spec.Lambda, o.LearnRate, o.Spec.WeightMeaning())
	p.X.Label.Text = "optimizer step"
	p.Y.Label.Text = "|weight| (log scale)"
	logY(p, largest(o.Trace...))
	last := float64(o.TraceSteps[len(o.TraceSteps)-1])
	others := "other features"
	if informative != nil {
		others = "uninformative features"
	}
	err := featureLines(p, &legend, names, highlighted(o.Weights, informative), others, func(j int) plotter.XYs {
		xy := make(plotter.XYs, len(o.Trace))
		for k, w := range o.Trace {
			xy[k] = plotter.XY{X: float64(o.TraceSteps[k]), Y: onLog(w[j])}
		}
		return xy
	})
	if err != nil {
		return nil, legend, err
	}
	lr, err := horizontal(o.LearnRate, 0, last, red)
	if err != nil {
		return nil, legend, err
	}
	zero, err := horizontal(zeroFloor, 0, last, color.Black)
	if err != nil {
		return nil, legend, err
	}
	p.Add(lr, zero)
	legend.Add(fmt.Sprintf("learning rate %g", o.LearnRate), lr)
	legend.Add(fmt.Sprintf("exactly 0 (drawn at %g)", zeroFloor), zero)
	return p, legend, nil
}

// histogramPlot draws the distribution of log10 |weight| of one method,
// with exact zeros counted in the title (log10 0 is not a number).
func histogramPlot(o regularize.Outcome) (*plot.Plot, plot.Legend, error) {
	var logs plotter.Values
	zeros := 0
	for _, w := range o.Weights {
		if w == 0 {
			zeros++
			continue
		}
		logs = append(logs, math.Log10(math.Abs(w)))
	}
	p, legend := plot.New(), plot.NewLegend()
	p.Title.Text = fmt.Sprintf("%s: log10 |weight| of the %d features (%d exactly zero, not shown)", o.Spec.Method, len(o.Weights), zeros)
	p.Title.Text += "\nweight: " + o.Spec.WeightMeaning()
	p.X.Label.Text = "log10 |weight|"
	p.Title.Padding = vg.Points(6)
	p.Y.Label.Text = "number of features"
	if len(logs) > 0 {
		h, err := plotter.NewHist(logs, 20)
		if err != nil {
			return nil, legend, err
		}
		h.FillColor = plotutil.Color(0)
		p.Add(h)
		tallest := 0.0
		for _, b := range h.Bins {
			tallest = max(tallest, b.Weight)
		}
		p.Y.Max = 1.05 * tallest // the tallest bar clear of the title
		lr, err := plotter.NewLine(plotter.XYs{{X: math.Log10(o.LearnRate), Y: 0}, {X: math.Log10(o.LearnRate), Y: tallest}})
		if err != nil {
			return nil, legend, err
		}
		lr.Color = red
		lr.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(lr)
		legend.Add(fmt.Sprintf("log10 learning rate (%g)", o.LearnRate), lr)
	}
	return p, legend, nil
}

// ComparePictures draws a comparison: for each method that recorded a
// trace (FitConfig.Trace), trace_METHOD.png (every feature's weight
// over training, with the learning rate drawn) and hist_METHOD.png (log10
// |weight|); and final_weights.png, the final weights of every method (see
// finalPicture). informative marks the truly informative features (nil
// when unknown).
func ComparePictures(outcomes []regularize.Outcome, names []string, informative []bool) ([]Picture, error) {
	var pics []Picture
	for _, o := range outcomes {
		if len(o.Trace) == 0 {
			continue
		}
		p, legend, err := tracePlot(o, names, informative)
		if err != nil {
			return nil, err
		}
		pics = append(pics, single("trace_"+o.Spec.Method+".png", p, legend, 24*vg.Centimeter, 15*vg.Centimeter))
		if p, legend, err = histogramPlot(o); err != nil {
			return nil, err
		}
		pics = append(pics, single("hist_"+o.Spec.Method+".png", p, legend, 20*vg.Centimeter, 12*vg.Centimeter))
	}
	final, err := finalPicture(outcomes, names)
	if err != nil {
		return nil, err
	}
	return append(pics, final), nil
}
