package report

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/featsel/featsel/regularize"
)

// stabilityView is what stability.png draws: each feature's selection
// probability against λ (Meinshausen and Bühlmann's stability path), the
// threshold and the region of λ the selection was made over.
type stabilityView struct {
	// Lines[j] is feature j's probability at each λ.
	Lines []plotter.XYs
	// Stable is the stable features, the most probable first.
	Stable    []int
	Threshold float64
	// RegionLow and RegionHigh bound the region (0, 0 when it is empty).
	RegionLow, RegionHigh float64
}

// newStabilityView reads st, placing λ with ax.
func newStabilityView(st *regularize.StabilityResult, ax lambdaAxis) stabilityView {
	v := stabilityView{Threshold: st.Threshold, Stable: slices.Clone(st.Stable), Lines: make([]plotter.XYs, len(st.MaxProb))}
	for j := range v.Lines {
		for l, lambda := range st.Lambdas {
			v.Lines[j] = append(v.Lines[j], plotter.XY{X: ax.x(lambda), Y: st.Prob[l][j]})
		}
	}
	slices.SortStableFunc(v.Stable, func(a, b int) int { return cmp.Compare(st.MaxProb[b], st.MaxProb[a]) })
	if len(st.Region) > 0 {
		v.RegionLow, v.RegionHigh = st.Lambdas[st.Region[0]], st.Lambdas[st.Region[len(st.Region)-1]]
	}
	return v
}

// plot draws the view: the region shaded, the threshold dashed, the
// stable features in colour (the first 7 named), the others grey.
func (v stabilityView) plot(r *Path, names []string, ax lambdaAxis) (*plot.Plot, plot.Legend, error) {
	p, legend := plot.New(), plot.NewLegend()
	p.Title.Text = fmt.Sprintf("%s path: stability selection over %d halves of the training rows\nthe fraction of halves whose path selects each feature\n%s", r.Method, r.Stability.Subsamples, caption)
	p.Title.Padding = vg.Points(8)
	p.Y.Label.Text = "selection probability"
	ax.set(p)
	p.Y.Min, p.Y.Max = 0, 1.03
	if v.RegionHigh > 0 {
		lo, hi := v.RegionLow/1.02, v.RegionHigh*1.02
		region, err := plotter.NewPolygon(plotter.XYs{{X: lo, Y: 0}, {X: hi, Y: 0}, {X: hi, Y: 1}, {X: lo, Y: 1}})
		if err != nil {
			return nil, legend, err
		}
		region.Color = color.NRGBA{R: 250, G: 200, B: 80, A: 90}
		region.LineStyle.Width = 0
		p.Add(region)
		legend.Add(fmt.Sprintf("region used: λ in [%.3g, %.3g]", v.RegionLow, v.RegionHigh), region)
	} else {
		legend.Add("region used: none (no λ sparse enough)")
	}
	named := v.Stable[:min(7, len(v.Stable))]
	var rest, others *plotter.Line
	lines := make([]*plotter.Line, len(named))
	// Grey first, so that the coloured lines are drawn over them.
	for pass := range 2 {
		for j, xy := range v.Lines {
			k := slices.Index(named, j)
			stable := slices.Contains(v.Stable, j)
			if (pass == 0) == stable {
				continue
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return nil, legend, err
			}
			switch {
			case k >= 0:
				l.Color, l.Width = plotutil.Color(k), vg.Points(1.5)
				lines[k] = l
			case stable:
				l.Color, l.Width = color.Black, vg.Points(1)
				rest = l
			default:
				l.Color = grey
				others = l
			}
			p.Add(l)
		}
	}
	for k, j := range named {
		legend.Add(names[j]+" (stable)", lines[k])
	}
	if rest != nil {
		legend.Add(fmt.Sprintf("%d other stable features", len(v.Stable)-len(named)), rest)
	}
	if others != nil {
		legend.Add("features not stable", others)
	}
	thr, err := horizontal(v.Threshold, ax.zero/1.5, p.X.Max, red)
	if err != nil {
		return nil, legend, err
	}
	p.Add(thr)
	legend.Add(fmt.Sprintf("threshold %.2g", v.Threshold), thr)
	return p, legend, nil
}
