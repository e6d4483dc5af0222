package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/featsel/featsel/regularize"
)

// Grid is the report of a comparison on a grid of learning rates and λ
// values (featsel compare --grid): every cell's train reports and, for
// graph-level L1, its band.
type Grid struct {
	Cells       []GridCell `json:"cells"`
	Informative []string   `json:"informative,omitempty"`
	Seconds     float64    `json:"seconds"`
	Plots       []string   `json:"plots,omitempty"`
}

// GridCell is one cell: its learning rate, one train report per method
// (each with its λ) and graph's band there.
type GridCell struct {
	LearnRate float64  `json:"lr"`
	Methods   []*Train `json:"methods"`
	Band      *Band    `json:"band,omitempty"`
}

// Band measures where graph-level L1 leaves the weights it does not use
// under Adam, on the unused features: those prox-adam sets to exactly
// zero in the same cell (From "prox-adam"), or, without prox-adam, those
// graph's own rule leaves unselected (From "graph"). Width is the
// largest |θ| among them and Q90 the 90th percentile (nearest rank): the
// largest is often a feature the two methods disagree on, which graph
// still uses (Kept counts those). OverLR and Q90OverLR are their ratios
// to the learning rate. The widths are null when there are no unused
// features.
type Band struct {
	Width     Number `json:"width"`
	Q90       Number `json:"q90"`
	OverLR    Number `json:"over_lr"`
	Q90OverLR Number `json:"q90_over_lr"`
	Features  int    `json:"features"`
	Kept      int    `json:"kept"`
	From      string `json:"from"`
}

// unsettled is the 90th percentile of the band, in learning rates, above
// which graph's unused weights are still on their way down, not
// hovering: Adam's steps of about lr keep a settled weight within a few.
const unsettled = 10

// NewGrid reports the cells of regularize.CompareGrid on data d, whose
// features are names.
func NewGrid(cells []regularize.GridCell, d Dataset, names []string, hidden []int, seed uint64, informative []string, elapsed time.Duration) (*Grid, error) {
	r := &Grid{Informative: informative, Seconds: seconds(elapsed)}
	for _, c := range cells {
		cmp, err := NewCompare(c.Outcomes, d, names, hidden, seed, informative, 0)
		if err != nil {
			return nil, fmt.Errorf("lr %g, λ place %d: %w", c.LearnRate, c.Step+1, err)
		}
		gc := GridCell{LearnRate: c.LearnRate, Methods: cmp.Methods, Band: band(cmp.Methods)}
		if gc.LearnRate == 0 && len(gc.Methods) > 0 {
			gc.LearnRate = gc.Methods[0].LearnRate
		}
		r.Cells = append(r.Cells, gc)
	}
	return r, nil
}

// band measures graph's band among the methods of a cell; nil without
// graph.
func band(methods []*Train) *Band {
	var graph, prox *Train
	for _, m := range methods {
		switch m.Method {
		case regularize.BaselineMethod:
			graph = m
		case "prox-adam":
			prox = m
		}
	}
	if graph == nil {
		return nil
	}
	nan := Number(math.NaN())
	b := &Band{From: graph.Method, Width: nan, Q90: nan, OverLR: nan, Q90OverLR: nan}
	if prox != nil {
		b.From = prox.Method
	}
	var widths []float64
	for j, f := range graph.Features {
		unused := !f.Selected
		if prox != nil {
			unused = prox.Features[j].Weight == 0
		}
		if unused {
			widths = append(widths, math.Abs(float64(f.Weight)))
			if f.Selected {
				b.Kept++
			}
		}
	}
	b.Features = len(widths)
	if b.Features == 0 {
		return b
	}
	slices.Sort(widths)
	b.Width = Number(widths[len(widths)-1])
	b.Q90 = Number(widths[int(math.Ceil(0.9*float64(len(widths))))-1])
	b.OverLR, b.Q90OverLR = Number(float64(b.Width)/graph.LearnRate), Number(float64(b.Q90)/graph.LearnRate)
	return b
}

// Print writes the grid for people: a line per cell with each method's
// selected features (its exact zeros), graph's band and its ratio to the
// learning rate.
func (r *Grid) Print(w io.Writer) {
	if len(r.Cells) == 0 || len(r.Cells[0].Methods) == 0 {
		fmt.Fprintln(w, "no cells compared")
		return
	}
	first := r.Cells[0].Methods[0]
	d := first.Dataset
	fmt.Fprintf(w, "data:  %s: %d rows, %s, %s, %s; %d training, %d validation rows\n",
		d.Source, d.Rows, d.features(), d.Task, d.target(), d.TrainRows, d.ValRows)
	d.printColumns(w, "       ")
	fmt.Fprintf(w, "grid:  %s; every method of every cell starts from the same weights and sees the same\n       batches; %.1fs in all\n\n", cells(len(r.Cells)), r.Seconds)
	metric := metricName(d.Task)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := "lr\t"
	for _, m := range r.Cells[0].Methods {
		header += m.Method + " λ\tselected\tzeros\t"
	}
	banded := r.Cells[0].Band != nil
	if banded {
		header += "graph " + metric + "\tunused\tgraph keeps\tband/lr\t90% band/lr\t"
	}
	fmt.Fprintln(tw, header)
	for _, c := range r.Cells {
		line := fmt.Sprintf("%g\t", c.LearnRate)
		graphMetric := math.NaN()
		for _, m := range c.Methods {
			line += fmt.Sprintf("%.3g\t%d\t%d\t", m.Lambda, len(m.Selected), m.ExactZeros)
			if m.Method == regularize.BaselineMethod {
				graphMetric = value(m.Metrics, metric)
			}
		}
		if banded {
			line += fmt.Sprintf("%.4f\t", graphMetric)
		}
		switch b := c.Band; {
		case b != nil && b.Features > 0:
			line += fmt.Sprintf("%d\t%d\t%.2f\t%.2f\t", b.Features, b.Kept, float64(b.OverLR), float64(b.Q90OverLR))
		case b != nil:
			line += "0\t–\t–\t–\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nselected: the features each method selects; zeros: its weights exactly 0")
	if b := r.Cells[0].Band; b != nil {
		unused := "the features prox-adam sets to exactly zero in the cell"
		if b.From != "prox-adam" {
			unused = "the features graph's rule (|θ| > 2·lr) leaves unselected"
		}
		fmt.Fprintf(w, "unused: %s; graph keeps: those of them graph\nselects; band/lr: the largest |θ| graph leaves on them over lr, 90%% band/lr their 90th percentile\n", unused)
		for _, c := range r.Cells {
			if c.Band != nil && float64(c.Band.Q90OverLR) > unsettled {
				fmt.Fprintf(w, "a 90%% band above %g learning rates (lr %g) is no band: graph's weights there have not\nsettled yet (more --epochs)\n", float64(unsettled), c.LearnRate)
				break
			}
		}
	}
}

// Page returns the grid as an HTML page (see [Train.Page]).
func (r *Grid) Page() Page {
	p := Page{Title: "featsel compare --grid", Text: printed(r.Print)}
	if len(r.Cells) == 0 || len(r.Cells[0].Methods) == 0 {
		return p
	}
	first := r.Cells[0].Methods[0]
	p.Title += ": " + first.Dataset.Source
	var methods []string
	for _, m := range r.Cells[0].Methods {
		methods = append(methods, m.Method)
	}
	p.Facts = append(first.Dataset.facts(),
		Fact{"methods", strings.Join(methods, ", ")},
		Fact{"grid", fmt.Sprintf("%d cells", len(r.Cells))},
		Fact{"network", fmt.Sprintf("hidden %v, seed %d", first.Hidden, first.Seed)},
		Fact{"time", fmt.Sprintf("%.1f s", r.Seconds)})
	return p
}

// cells is "1 cell" or "n cells".
func cells(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return fmt.Sprintf("%d cells", n)
}
