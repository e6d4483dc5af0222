package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// GridPictures draws the grid: grid.png, heat maps over the learning
// rates (rows) and the λ places (columns), each cell labelled with its
// value: graph's band over the learning rate, then each other method's
// exact zeros, where it sets weights to zero and where not. The band
// drawn is the 90th percentile's (see Band).
func GridPictures(r *Grid) ([]Picture, error) {
	if len(r.Cells) == 0 || len(r.Cells[0].Methods) == 0 {
		return nil, nil
	}
	steps := 0 // λ places: the cells of the first learning rate
	for _, c := range r.Cells {
		if c.LearnRate == r.Cells[0].LearnRate {
			steps++
		}
	}
	rates := len(r.Cells) / steps
	var panels []Panel
	if r.Cells[0].Band != nil {
		graph := slices.IndexFunc(r.Cells[0].Methods, func(t *Train) bool { return t.Method == "graph" })
		// Coloured on a log scale: an unsettled cell far above the band
		// would leave every other one the same colour.
		p, err := heatMap(r, steps, rates, graph, "graph: 90% band / lr (– : no unused feature)", func(c GridCell) (float64, string) {
			v := float64(c.Band.Q90OverLR)
			if math.IsNaN(v) {
				return v, "–"
			}
			return math.Log10(v), fmt.Sprintf("%.2f", v)
		})
		if err != nil {
			return nil, err
		}
		panels = append(panels, Panel{p, 1})
	}
	for i, m := range r.Cells[0].Methods {
		if m.Method == "graph" {
			continue
		}
		p, err := heatMap(r, steps, rates, i, m.Method+": exact zeros of "+fmt.Sprint(m.Dataset.Features), func(c GridCell) (float64, string) {
			z := c.Methods[i].ExactZeros
			return float64(z), fmt.Sprint(z)
		})
		if err != nil {
			return nil, err
		}
		panels = append(panels, Panel{p, 1})
	}
	const perRow = 3
	var rows [][]Panel
	for k, p := range panels {
		if k%perRow == 0 {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], p)
	}
	for len(rows) > 1 && len(rows[len(rows)-1]) < perRow {
		rows[len(rows)-1] = append(rows[len(rows)-1], Panel{nil, 1})
	}
	cols := min(len(panels), perRow)
	side := min(5.5+2*vg.Length(steps), 15.5) * vg.Centimeter // room for the y axis's label beside the next panel
	return []Picture{{Name: "grid.png", Rows: rows, Width: vg.Length(cols) * side, Height: vg.Length(len(rows)) * min(4+2*vg.Length(rates), 12) * vg.Centimeter}}, nil
}

// lightColours colour a heat map from light yellow to orange, light
// enough that the black labels stay legible on every cell.
var lightColours = func() palette.Palette {
	p, err := brewer.GetPalette(brewer.TypeSequential, "YlOrRd", 9)
	if err != nil {
		panic(err) // a palette of the package
	}
	return lightPalette(p.Colors()[:6])
}()

// lightPalette is a palette of the colours given.
type lightPalette []color.Color

func (p lightPalette) Colors() []color.Color { return p }

// gridValues is the heat map's grid: column c the λ place, row r the
// learning rate.
type gridValues struct {
	steps, rates int
	z            []float64
}

func (g gridValues) Dims() (c, r int)   { return g.steps, g.rates }
func (g gridValues) Z(c, r int) float64 { return g.z[r*g.steps+c] }
func (g gridValues) X(c int) float64    { return float64(c) }
func (g gridValues) Y(r int) float64    { return float64(r) }

// heatMap draws one value of every cell, its colour and its label, the
// λ places across (labelled with method's λ, the method of that index)
// and the learning rates up.
func heatMap(r *Grid, steps, rates, method int, title string, value func(GridCell) (float64, string)) (*plot.Plot, error) {
	g := gridValues{steps: steps, rates: rates}
	var labels plotter.XYLabels
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, c := range r.Cells {
		v, label := value(c)
		g.z = append(g.z, v)
		labels.XYs = append(labels.XYs, plotter.XY{X: float64(k % steps), Y: float64(k / steps)})
		labels.Labels = append(labels.Labels, label)
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1
	}
	if hi == lo {
		hi = lo + 1
	}
	hm := plotter.NewHeatMap(g, lightColours)
	hm.Min, hm.Max, hm.NaN = lo, hi, grey
	ls, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, err
	}
	for i := range ls.TextStyle {
		ls.TextStyle[i].XAlign, ls.TextStyle[i].YAlign = -0.5, -0.5
	}
	p := plot.New()
	p.Title.Text = title
	p.Add(hm, ls)
	var xs, ys []string
	for k := range steps {
		xs = append(xs, fmt.Sprintf("%.3g", r.Cells[k].Methods[method].Lambda))
	}
	for i := range rates {
		ys = append(ys, fmt.Sprintf("%g", r.Cells[i*steps].LearnRate))
	}
	p.NominalX(xs...)
	p.NominalY(ys...)
	p.X.Label.Text = "λ (" + r.Cells[0].Methods[method].Method + ")"
	p.Y.Label.Text = "learning rate"
	return p, nil
}
