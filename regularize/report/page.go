package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Page returns the report as an HTML page (see [Page]), without the
// command line, warnings and pictures, which the caller adds.
func (r *Train) Page() Page {
	p := Page{Title: "featsel train: " + r.Dataset.Source, Text: printed(r.Print)}
	p.Facts = append(r.Dataset.facts(),
		Fact{"method", fmt.Sprintf("%s, λ %g, learning rate %g, hidden %v, seed %d%s", r.Method, r.Lambda, r.LearnRate, r.Hidden, r.Seed, productsFact(r.DType))},
		Fact{"training", fmt.Sprintf("%d epochs (best validation loss at epoch %d), %.1f s", r.Epochs, r.BestEpoch, r.Seconds)},
		Fact{"status", r.Status})
	features := r.ranked()
	largest := 0.0
	for _, f := range features {
		largest = max(largest, math.Abs(float64(f.Weight)))
	}
	p.Ranking = &Ranking{Caption: fmt.Sprintf("Features by |weight|, %d selected (%s)", len(r.Selected), r.SelectionRule), Value: "weight"}
	for _, f := range features {
		bar := 0.0
		if largest > 0 {
			bar = math.Abs(float64(f.Weight)) / largest
		}
		p.Ranking.Rows = append(p.Ranking.Rows, Rank{Name: f.Name, Value: fmt.Sprintf("%.4g", float64(f.Weight)), Bar: bar, Kept: f.Selected})
	}
	return p
}

// Page returns the comparison as an HTML page (see [Train.Page]).
func (r *Compare) Page() Page {
	p := Page{Title: "featsel compare", Text: printed(r.Print)}
	if len(r.Methods) == 0 {
		return p
	}
	first := r.Methods[0]
	p.Title += ": " + first.Dataset.Source
	var methods []string
	for _, m := range r.Methods {
		methods = append(methods, m.Method)
	}
	p.Facts = append(first.Dataset.facts(),
		Fact{"methods", strings.Join(methods, ", ")},
		Fact{"network", fmt.Sprintf("hidden %v, seed %d", first.Hidden, first.Seed)},
		Fact{"time", fmt.Sprintf("%.1f s", r.Seconds)})
	if len(r.Informative) > 0 {
		p.Facts = append(p.Facts, Fact{"informative features", strings.Join(r.Informative, ", ")})
	}
	return p
}

// Page returns the path as an HTML page (see [Train.Page]): the features
// ranked by the λ at which they left the model, on a logarithmic bar.
func (r *Path) Page() Page {
	p := Page{Title: "featsel path: " + r.Dataset.Source, Text: printed(r.Print)}
	p.Facts = append(r.Dataset.facts(),
		Fact{"method", fmt.Sprintf("%s, learning rate %g, hidden %v, seed %d%s", r.Method, r.LearnRate, r.Hidden, r.Seed, productsFact(r.DType))},
		Fact{"path", fmt.Sprintf("%d λ values, %d epochs, %.1f s", len(r.Path), r.Epochs, r.Seconds)},
		Fact{"choice", r.Rule},
		Fact{"status", r.Status})
	if len(r.Path) == 0 {
		return p
	}
	p.Facts = append(p.Facts, Fact{"chosen", fmt.Sprintf("λ %.4g, %s: %s", r.Chosen.Lambda, features(len(r.Chosen.Selected)), strings.Join(r.Chosen.Selected, ", "))})
	ranked := r.ranked()
	lo, hi := math.Inf(1), 0.0 // the smallest and largest λ a feature left at
	for _, f := range ranked {
		if f.LeftAt != nil && *f.LeftAt > 0 {
			lo, hi = min(lo, *f.LeftAt), max(hi, *f.LeftAt)
		}
	}
	p.Ranking = &Ranking{Caption: fmt.Sprintf("Importance: the λ at which each feature left the model (%s chosen)", features(len(r.Chosen.Selected))), Value: "left at λ"}
	for _, f := range ranked {
		row := Rank{Name: f.Name, Value: "never left", Bar: 1, Kept: slices.Contains(r.Chosen.Selected, f.Name)}
		if f.LeftAt != nil {
			row.Value, row.Bar = fmt.Sprintf("%.4g", *f.LeftAt), logShare(*f.LeftAt, lo, hi)
		}
		p.Ranking.Rows = append(p.Ranking.Rows, row)
	}
	return p
}

// logShare places v on a logarithmic scale from lo to hi, from a short
// bar (not none: the feature did stay a while) to a full one.
func logShare(v, lo, hi float64) float64 {
	const least = 0.05
	if !(v > 0) || !(hi > lo) {
		return least
	}
	return least + (1-least)*math.Log(v/lo)/math.Log(hi/lo)
}

// facts describes the data of a run.
func (d Dataset) facts() []Fact {
	split := fmt.Sprintf("%d training, %d validation rows", d.TrainRows, d.ValRows)
	if d.TestRows > 0 {
		split += fmt.Sprintf(", %d test rows", d.TestRows)
	}
	facts := []Fact{
		{"data", fmt.Sprintf("%s: %d rows, %s, %s, %s", d.Source, d.Rows, d.features(), d.Task, d.target())},
		{"split", split},
	}
	if columns := strings.TrimSpace(printed(func(w io.Writer) { d.printColumns(w, "") })); columns != "" {
		facts = append(facts, Fact{"columns", columns})
	}
	return facts
}

// productsFact names the products' precision on a page when it is not
// the default float64.
func productsFact(dtype string) string {
	if dtype == "" {
		return ""
	}
	return ", " + dtype + " products"
}
