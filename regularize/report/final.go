package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/featsel/featsel/regularize"
)

// finalTop is the most features final_weights.png names: one tick per
// feature made the picture 10 341 px wide on 342 features, so a wider
// table shows the finalTop ranked highest and summarises all of them by
// each method's sorted weights.
const finalTop = 40

// weightGroup is the methods whose weights mean the same thing (θ, or
// hier's skip-layer norms, or group's first-layer norms), drawn on a scale
// of their own: on θ's axis hier's kept features looked like noise.
type weightGroup struct {
	Meaning string
	// Methods index the outcomes.
	Methods []int
	// Top is the features named, in the order drawn: every feature, in
	// the table's order, when there are at most finalTop; else the
	// finalTop with the best rank by |weight| in any of the methods.
	Top []int
}

// weightGroups groups the outcomes that have weights by what their
// weights mean, in the order the methods came.
func weightGroups(outcomes []regularize.Outcome, features int) []weightGroup {
	var groups []weightGroup
	for i, o := range outcomes {
		if o.Weights == nil {
			continue
		}
		m := o.Spec.WeightMeaning()
		k := slices.IndexFunc(groups, func(g weightGroup) bool { return g.Meaning == m })
		if k < 0 {
			groups = append(groups, weightGroup{Meaning: m})
			k = len(groups) - 1
		}
		groups[k].Methods = append(groups[k].Methods, i)
	}
	for k := range groups {
		var ws [][]float64
		for _, i := range groups[k].Methods {
			ws = append(ws, outcomes[i].Weights)
		}
		groups[k].Top = topFeatures(ws, features, finalTop)
	}
	return groups
}

// topFeatures returns every feature when there are at most k, else the k
// whose best rank by |weight| over the methods of ws is highest (ties by
// the sum of their ranks), best first, leaving out those whose weight is
// zero in every method.
func topFeatures(ws [][]float64, features, k int) []int {
	idx := make([]int, features)
	for j := range idx {
		idx[j] = j
	}
	if features <= k {
		return idx
	}
	// On a wide table, a feature no method keeps is not worth a name.
	idx = slices.DeleteFunc(idx, func(j int) bool {
		return !slices.ContainsFunc(ws, func(w []float64) bool { return w[j] != 0 })
	})
	best, sum := make([]int, features), make([]int, features)
	for j := range best {
		best[j] = features
	}
	for _, w := range ws {
		order := make([]int, features)
		for j := range order {
			order[j] = j
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(math.Abs(w[b]), math.Abs(w[a])) })
		for rank, j := range order {
			best[j], sum[j] = min(best[j], rank), sum[j]+rank
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(best[a], best[b]), cmp.Compare(sum[a], sum[b]))
	})
	return idx[:min(k, len(idx))]
}

// finalPicture draws final_weights.png: for each group of methods whose
// weights mean the same thing, a row with the named features' weights
// (log scale) and, on a table wider than finalTop, beside it every
// feature's weight sorted, one line per method. It stays under about
// 1 700 px wide whatever the number of features.
func finalPicture(outcomes []regularize.Outcome, names []string) (Picture, error) {
	legend := plot.NewLegend()
	groups := weightGroups(outcomes, len(names))
	wide := len(names) > finalTop
	var rows [][]Panel
	for _, g := range groups {
		named, err := namedWeights(outcomes, g, names)
		if err != nil {
			return Picture{}, err
		}
		row := []Panel{{named, 0.7}}
		if wide {
			sorted, err := sortedWeights(outcomes, g, len(names))
			if err != nil {
				return Picture{}, err
			}
			row = append(row, Panel{sorted, 0.3})
		}
		rows = append(rows, row)
	}
	for i, o := range outcomes {
		if o.Weights == nil {
			continue
		}
		s, err := plotter.NewScatter(plotter.XYs{{}})
		if err != nil {
			return Picture{}, err
		}
		s.Color, s.Shape = plotutil.Color(i), plotutil.Shape(i)
		legend.Add(o.Spec.Method, s)
	}
	w := vg.Length(max(24, len(names))) * 0.8 * vg.Centimeter
	if wide {
		w = 44 * vg.Centimeter
	}
	h := vg.Length(max(1, len(rows))) * 14 * vg.Centimeter
	return Picture{Name: "final_weights.png", Rows: rows, Legend: legend, Width: w, Height: max(h, 16*vg.Centimeter)}, nil
}

// namedWeights draws the final weight of each of the group's named
// features for each of its methods, on a log scale.
func namedWeights(outcomes []regularize.Outcome, g weightGroup, names []string) (*plot.Plot, error) {
	p := plot.New()
	what := fmt.Sprintf("the %d features ranked highest by any of these methods (of %d)", len(g.Top), len(names))
	if len(g.Top) == len(names) {
		what = "each feature"
	}
	p.Title.Text = fmt.Sprintf("Final weight of %s\nweight: %s (exact zeros drawn at %g)", what, g.Meaning, zeroFloor)
	p.Y.Label.Text = "|weight| (log scale)"
	var ws [][]float64
	for _, i := range g.Methods {
		ws = append(ws, outcomes[i].Weights)
	}
	logY(p, largest(ws...))
	ticks := make([]plot.Tick, len(g.Top))
	for x, j := range g.Top {
		ticks[x] = plot.Tick{Value: float64(x), Label: names[j]}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Label.Rotation = math.Pi / 2
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	p.X.Min, p.X.Max = -0.5, float64(len(g.Top))-0.5
	for k, i := range g.Methods {
		xy := make(plotter.XYs, len(g.Top))
		for x, j := range g.Top {
			xy[x] = plotter.XY{X: float64(x) + 0.15*float64(k) - 0.075*float64(len(g.Methods)-1), Y: onLog(outcomes[i].Weights[j])}
		}
		s, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		s.Color, s.Shape = plotutil.Color(i), plotutil.Shape(i)
		p.Add(s)
	}
	return p, nil
}

// sortedWeights draws every feature's final weight, sorted from the
// largest, one line per method of the group: how many features each keeps
// and how fast its weights fall.
func sortedWeights(outcomes []regularize.Outcome, g weightGroup, features int) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("All %d features, by rank\nin each method", features)
	p.X.Label.Text = "rank by |weight|"
	p.X.Tick.Marker = plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		ticks := plot.DefaultTicks{}.Ticks(lo, hi)
		for i, t := range ticks {
			if t.Label != "" {
				ticks[i].Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
			}
		}
		return ticks
	})
	p.Y.Label.Text = "|weight| (log scale)"
	var ws [][]float64
	for _, i := range g.Methods {
		ws = append(ws, outcomes[i].Weights)
	}
	logY(p, largest(ws...))
	for _, i := range g.Methods {
		w := make([]float64, features)
		for j, x := range outcomes[i].Weights {
			w[j] = onLog(x)
		}
		slices.SortFunc(w, func(a, b float64) int { return cmp.Compare(b, a) })
		xy := make(plotter.XYs, features)
		for r, x := range w {
			xy[r] = plotter.XY{X: float64(r + 1), Y: x}
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = plotutil.Color(i), vg.Points(1.5)
		p.Add(l)
	}
	return p, nil
}
