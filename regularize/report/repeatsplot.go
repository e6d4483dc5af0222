package report

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RepeatsPictures draws the repeated comparison: repeats.png, one strip
// plot per measure, named with its table, a column of points per method
// (one per complete repeat,
// spread sideways in the order of the seeds so that none hides another)
// with the mean as a bar across it.
func RepeatsPictures(r *Repeats) ([]Picture, error) {
	if len(r.Summary) == 0 {
		return nil, nil
	}
	var methods []string
	for _, s := range r.Summary {
		methods = append(methods, s.Method)
	}
	const perRow = 3
	var rows [][]Panel
	for k, st := range r.Summary[0].Stats {
		p := plot.New()
		p.Title.Text = st.Name
		p.NominalX(methods...)
		p.X.Min, p.X.Max = -0.5, float64(len(methods))-0.5
		for i, s := range r.Summary {
			values := s.Stats[k].Values
			var pts plotter.XYs
			for j, v := range values {
				if v := float64(v); !math.IsNaN(v) && !math.IsInf(v, 0) {
					pts = append(pts, plotter.XY{X: float64(i) + spread(j, len(values)), Y: v})
				}
			}
			if len(pts) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle.Shape = draw.CircleGlyph{}
			sc.GlyphStyle.Radius = vg.Points(2.5)
			sc.GlyphStyle.Color = grey
			mean := float64(s.Stats[k].Mean) // of the points drawn: not NaN
			bar, err := plotter.NewLine(plotter.XYs{{X: float64(i) - 0.3, Y: mean}, {X: float64(i) + 0.3, Y: mean}})
			if err != nil {
				return nil, err
			}
			bar.Color, bar.Width = red, vg.Points(1.5)
			p.Add(sc, bar)
		}
		// A margin above and below, so that no point sits on the frame,
		// and labels as short as the numbers (25, not 25.00).
		pad := (p.Y.Max - p.Y.Min) * 0.06
		if pad == 0 {
			pad = 0.5 // every value the same
		}
		p.Y.Min, p.Y.Max = p.Y.Min-pad, p.Y.Max+pad
		p.Y.Tick.Marker = shortTicks{}
		if k%perRow == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], Panel{p, 1})
	}
	for len(rows[len(rows)-1]) < perRow && len(rows) > 1 {
		rows[len(rows)-1] = append(rows[len(rows)-1], Panel{nil, 1})
	}
	legend := plot.NewLegend()
	dot, err := plotter.NewScatter(plotter.XYs{{}})
	if err != nil {
		return nil, err
	}
	dot.GlyphStyle.Shape, dot.GlyphStyle.Radius, dot.GlyphStyle.Color = draw.CircleGlyph{}, vg.Points(2.5), grey
	mean, err := plotter.NewLine(plotter.XYs{{}, {X: 1}})
	if err != nil {
		return nil, err
	}
	mean.Color, mean.Width = red, vg.Points(1.5)
	legend.Add(r.name()) // the table the picture is of
	legend.Add(fmt.Sprintf("one of %d repeats", r.Complete), dot)
	legend.Add("mean", mean)
	panel := min(4+2.2*vg.Length(len(methods)), 15) * vg.Centimeter
	width := vg.Length(min(len(r.Summary[0].Stats), perRow))*panel + 4*vg.Centimeter
	return []Picture{{Name: "repeats.png", Rows: rows, Legend: legend, Width: width, Height: vg.Length(len(rows)) * 9 * vg.Centimeter}}, nil
}

// spread places the j-th of n points of a column across its width, in
// order.
func spread(j, n int) float64 {
	if n < 2 {
		return 0
	}
	return 0.4 * (float64(j)/float64(n-1) - 0.5)
}

// shortTicks are gonum's default ticks labelled in the shortest form of
// their values.
type shortTicks struct{}

func (shortTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strconv.FormatFloat(t.Value, 'g', 6, 64)
		}
	}
	return ticks
}
