package report

import (
	"bytes"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	_ "gonum.org/v1/plot/vg/vgimg" // registers the png format
)

// Picture is a figure to be saved under Name: rows of panels of equal
// height, and a legend in a column of its own on the right, where it
// covers none of the data (a legend inside a panel hid histogram bars and
// trace lines).
type Picture struct {
	Name          string
	Rows          [][]Panel
	Legend        plot.Legend
	Width, Height vg.Length
}

// Panel is one plot of a picture and its share of its row's width; a nil
// Plot leaves its share empty.
type Panel struct {
	Plot  *plot.Plot
	Share float64
}

// single is a picture of one plot and its legend.
func single(name string, p *plot.Plot, legend plot.Legend, w, h vg.Length) Picture {
	return Picture{Name: name, Rows: [][]Panel{{{p, 1}}}, Legend: legend, Width: w, Height: h}
}

// legendPad is the space around the legend's column, rowGap the space
// between rows of panels.
const (
	legendPad = 6 * vg.Millimeter
	rowGap    = 5 * vg.Millimeter
)

// PNG renders the picture.
func (p Picture) PNG() ([]byte, error) {
	c, err := draw.NewFormattedCanvas(p.Width, p.Height, "png")
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	panels := dc
	if r := p.Legend.Rectangle(dc); r.Max.X > r.Min.X {
		w := r.Max.X - r.Min.X
		panels = draw.Crop(dc, 0, -(w + 2*legendPad), 0, 0)
		// Level with the top of the first panel's data, below its title.
		top := legendPad
		if len(p.Rows) > 0 && len(p.Rows[0]) > 0 {
			t := p.Rows[0][0].Plot.Title
			top = t.TextStyle.Rectangle(t.Text).Size().Y + t.Padding + legendPad
		}
		p.Legend.Top, p.Legend.Left = true, true
		p.Legend.Draw(draw.Crop(dc, p.Width-w-legendPad, -legendPad, 0, -top))
	}
	rowH := (panels.Max.Y - panels.Min.Y) / vg.Length(len(p.Rows))
	for i, row := range p.Rows {
		total := 0.0
		for _, pn := range row {
			total += pn.Share
		}
		top, bottom := panels.Max.Y-vg.Length(i)*rowH, panels.Max.Y-vg.Length(i+1)*rowH
		if i > 0 {
			top -= rowGap // clear of the tick labels of the row above
		}
		x := panels.Min.X
		for _, pn := range row {
			w := (panels.Max.X - panels.Min.X) * vg.Length(pn.Share/total)
			if pn.Plot != nil {
				pn.Plot.Draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: x, Y: bottom}, Max: vg.Point{X: x + w, Y: top}}})
			}
			x += w
		}
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
