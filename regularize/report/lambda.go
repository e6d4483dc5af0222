package report

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"

	"github.com/featsel/featsel/regularize"
)

// lambdaAxis puts λ on a log scale with the dense model (λ = 0, which a
// log axis has no place for) a little left of the smallest λ > 0, at a
// tick labelled 0; each tick also says how many features the path keeps
// there, as glmnet's plots do along their top axis.
type lambdaAxis struct {
	zero float64
	path *regularize.PathResult
}

// newLambdaAxis returns the axis of a path with at least two points.
func newLambdaAxis(path *regularize.PathResult) lambdaAxis {
	return lambdaAxis{zero: path.Points[1].Lambda / 4, path: path}
}

// x returns where λ is drawn.
func (a lambdaAxis) x(lambda float64) float64 {
	if lambda == 0 {
		return a.zero
	}
	return lambda
}

// caption says what the axis shows. It goes in the title: gonum places
// an axis label's box at the data midpoint, which on a log scale lies far
// right, and pads the plot by the label's width there.
const caption = "x: λ on a log scale (0: the dense model), and in brackets the features the path keeps there"

// set makes a's scale and ticks p's x axis.
func (a lambdaAxis) set(p *plot.Plot) {
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = a
	p.X.Min = a.zero / 1.5
	p.X.Max = a.path.Points[len(a.path.Points)-1].Lambda * 1.5
}

// Ticks marks the dense model and every power of ten clear of its label.
func (a lambdaAxis) Ticks(lo, hi float64) []plot.Tick {
	ticks := []plot.Tick{{Value: a.zero, Label: a.label(a.zero, "0")}}
	for _, t := range (decades{}).Ticks(lo, hi) {
		if t.Value > 2.5*a.zero {
			ticks = append(ticks, plot.Tick{Value: t.Value, Label: a.label(t.Value, t.Label)})
		}
	}
	return ticks
}

// label is a tick's label: the λ, and below it the number of features
// at the path's point with the largest λ not above it.
func (a lambdaAxis) label(x float64, text string) string {
	k := 0
	for i, pt := range a.path.Points {
		if a.x(pt.Lambda) <= x*(1+1e-9) {
			k = i
		}
	}
	return fmt.Sprintf("%s\n(%d)", text, a.path.Points[k].Selected)
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
