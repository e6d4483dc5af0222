package report

import (
	"bytes"
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/featsel/featsel/regularize"
)

// zeroFloor is where log-scale plots draw weights that are exactly zero,
// with a labelled line, since log(0) has no place on the axis.
const zeroFloor = 1e-9

var grey = color.Gray{Y: 170}

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
	p.Y.Min, p.Y.Max = zeroFloor/2, 2*max(largest, 1)
}

// decades marks every power of ten, labelled as 1e-05 rather than as
// 9.999999999999999e-06 (plot.LogTicks rounds badly).
type decades struct{}

func (decades) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for k := int(math.Floor(math.Log10(lo))); k <= int(math.Ceil(math.Log10(hi))); k++ {
		v := math.Pow10(k)
		if v >= lo && v <= hi {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
		}
	}
	return ticks
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

// featureLines adds one line per feature, xy(j) giving feature j's
// points: the features in named get a colour and a legend entry (at most
// 7, the colours plotutil has), the others one grey entry labelled others.
func featureLines(p *plot.Plot, names []string, named []int, others string, xy func(j int) plotter.XYs) error {
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
		}
		p.Add(l)
	}
	for k, j := range named {
		p.Legend.Add(names[j], lines[k])
	}
	if greyLine != nil {
		p.Legend.Add(others, greyLine)
	}
	return nil
}

// tracePlot draws each feature's selection weight over training, on a log
// scale, with the learning rate as a reference: graph's weights hover near
// it, the proximal methods' unused weights drop to the zero line.
func tracePlot(o regularize.Outcome, names []string, informative []bool) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s (λ=%.3g, lr=%g): selection weight of each feature during training\nweight: %s", o.Spec.Method, o.Spec.Lambda, o.LearnRate, o.Spec.WeightMeaning())
	p.X.Label.Text = "optimizer step"
	p.Y.Label.Text = "|weight| (log scale)"
	logY(p, largest(o.Trace...))
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.YOffs = vg.Points(20) // clear of the zero line
	last := float64(o.TraceSteps[len(o.TraceSteps)-1])
	others := "other features"
	if informative != nil {
		others = "uninformative features"
	}
	err := featureLines(p, names, highlighted(o.Weights, informative), others, func(j int) plotter.XYs {
		xy := make(plotter.XYs, len(o.Trace))
		for k, w := range o.Trace {
			xy[k] = plotter.XY{X: float64(o.TraceSteps[k]), Y: onLog(w[j])}
		}
		return xy
	})
	if err != nil {
		return nil, err
	}
	lr, err := horizontal(o.LearnRate, 0, last, color.RGBA{R: 200, A: 255})
	if err != nil {
		return nil, err
	}
	zero, err := horizontal(zeroFloor, 0, last, color.Black)
	if err != nil {
		return nil, err
	}
	p.Add(lr, zero)
	p.Legend.Add(fmt.Sprintf("learning rate %g", o.LearnRate), lr)
	p.Legend.Add(fmt.Sprintf("exactly 0 (drawn at %g)", zeroFloor), zero)
	return p, nil
}

// finalPlot draws the final selection weight of every feature for every
// method, on a log scale.
func finalPlot(outcomes []regularize.Outcome, names []string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "Final selection weight of each feature, by method"
	p.X.Label.Text = "feature"
	p.Y.Label.Text = "|weight| (log scale)"
	p.Title.Text += "\n(exact zeros drawn at 1e-9)"
	var all [][]float64
	for _, o := range outcomes {
		all = append(all, o.Weights)
	}
	logY(p, largest(all...))
	p.Legend.Top = true
	ticks := make([]plot.Tick, len(names))
	for j, n := range names {
		ticks[j] = plot.Tick{Value: float64(j), Label: n}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Label.Rotation = math.Pi / 2
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	for i, o := range outcomes {
		if o.Weights == nil {
			continue
		}
		xy := make(plotter.XYs, len(o.Weights))
		for j, w := range o.Weights {
			xy[j] = plotter.XY{X: float64(j) + 0.1*float64(i) - 0.05*float64(len(outcomes)-1), Y: onLog(w)}
		}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		s.Color = plotutil.Color(i)
		s.Shape = plotutil.Shape(i)
		p.Add(s)
		p.Legend.Add(o.Spec.Method, s)
	}
	return p, nil
}

// histogramPlot draws the distribution of log10 |weight| of one method,
// with exact zeros counted in the title (log10 0 is not a number).
func histogramPlot(o regularize.Outcome) (*plot.Plot, error) {
	var logs plotter.Values
	zeros := 0
	for _, w := range o.Weights {
		if w == 0 {
			zeros++
			continue
		}
		logs = append(logs, math.Log10(math.Abs(w)))
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: log10 |weight| of the %d features (%d exactly zero, not shown)", o.Spec.Method, len(o.Weights), zeros)
	p.Title.Text += "\nweight: " + o.Spec.WeightMeaning()
	p.X.Label.Text = "log10 |weight|"
	p.Y.Label.Text = "number of features"
	p.Legend.Top = true
	if len(logs) > 0 {
		h, err := plotter.NewHist(logs, 20)
		if err != nil {
			return nil, err
		}
		h.FillColor = plotutil.Color(0)
		p.Add(h)
		tallest := 0.0
		for _, b := range h.Bins {
			tallest = max(tallest, b.Weight)
		}
		lr, err := plotter.NewLine(plotter.XYs{{X: math.Log10(o.LearnRate), Y: 0}, {X: math.Log10(o.LearnRate), Y: tallest}})
		if err != nil {
			return nil, err
		}
		lr.Color = color.RGBA{R: 200, A: 255}
		lr.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(lr)
		p.Legend.Add(fmt.Sprintf("log10 learning rate (%g)", o.LearnRate), lr)
	}
	return p, nil
}

// Picture is a plot to be saved under Name.
type Picture struct {
	Name          string
	Plot          *plot.Plot
	Width, Height vg.Length
}

// PNG renders the picture.
func (p Picture) PNG() ([]byte, error) {
	wt, err := p.Plot.WriterTo(p.Width, p.Height, "png")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ComparePictures draws a comparison: for each method that recorded a
// trace (FitConfig.Trace), trace_METHOD.png (every feature's weight
// over training, with the learning rate drawn) and hist_METHOD.png (log10
// |weight|); and final_weights.png, every feature's final weight for every
// method. informative marks the truly informative features (nil when
// unknown).
func ComparePictures(outcomes []regularize.Outcome, names []string, informative []bool) ([]Picture, error) {
	var pics []Picture
	for _, o := range outcomes {
		if len(o.Trace) == 0 {
			continue
		}
		p, err := tracePlot(o, names, informative)
		if err != nil {
			return nil, err
		}
		pics = append(pics, Picture{"trace_" + o.Spec.Method + ".png", p, 24 * vg.Centimeter, 15 * vg.Centimeter})
		if p, err = histogramPlot(o); err != nil {
			return nil, err
		}
		pics = append(pics, Picture{"hist_" + o.Spec.Method + ".png", p, 18 * vg.Centimeter, 12 * vg.Centimeter})
	}
	p, err := finalPlot(outcomes, names)
	if err != nil {
		return nil, err
	}
	return append(pics, Picture{"final_weights.png", p, vg.Length(max(24, len(names))) * vg.Centimeter * 0.8, 16 * vg.Centimeter}), nil
}

// PathPictures draws a path: path_metric.png, the validation metric
// against the number of selected features with the chosen model marked,
// and path_weights.png, each feature's weight against λ.
func PathPictures(r *Path, path *regularize.PathResult, names []string) ([]Picture, error) {
	if len(path.Points) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s path: %s against the number of selected features", r.Method, strings.Replace(r.Metric, "val_", "validation ", 1))
	p.X.Label.Text = "selected features"
	p.Y.Label.Text = r.Metric
	xy := make(plotter.XYs, len(path.Points))
	for k, pt := range path.Points {
		xy[k] = plotter.XY{X: float64(pt.Selected), Y: pt.ValMetric}
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, err
	}
	p.Add(s)
	chosen, err := plotter.NewScatter(plotter.XYs{{X: float64(len(r.Chosen.Selected)), Y: float64(r.Chosen.ValMetric)}})
	if err != nil {
		return nil, err
	}
	chosen.Color = color.RGBA{R: 200, A: 255}
	chosen.Shape = draw.CrossGlyph{}
	chosen.Radius = vg.Points(6)
	p.Add(chosen)
	p.Legend.Add("one λ of the path", s)
	p.Legend.Add(fmt.Sprintf("chosen (λ=%.3g)", r.Chosen.Lambda), chosen)
	p.Legend.Top = false
	pics := []Picture{{"path_metric.png", p, 20 * vg.Centimeter, 14 * vg.Centimeter}}

	q := plot.New()
	q.Title.Text = fmt.Sprintf("%s path: selection weight of each feature against λ\nweight: %s", r.Method, r.WeightMeaning)
	q.X.Label.Text = "λ (log scale)"
	q.Y.Label.Text = "|weight|"
	q.X.Scale = plot.LogScale{}
	q.X.Tick.Marker = decades{}
	q.Legend.Top = true
	// Name the features that leave last; the others are grey.
	order := make([]int, len(names))
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(path.Left[b], path.Left[a]) })
	err = featureLines(q, names, order[:min(7, len(order))], "other features", func(j int) plotter.XYs {
		var xy plotter.XYs
		for _, pt := range path.Points[1:] { // λ = 0 has no place on a log axis
			xy = append(xy, plotter.XY{X: pt.Lambda, Y: math.Abs(pt.Weights[j])})
		}
		return xy
	})
	if err != nil {
		return nil, err
	}
	return append(pics, Picture{"path_weights.png", q, 24 * vg.Centimeter, 15 * vg.Centimeter}), nil
}
