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

// Repeats is the report of a comparison repeated over seeds (featsel
// compare --repeats): every repeat's train reports, and per method the
// mean and standard error of each measure over the repeats, with the
// differences from the baseline method paired by repeat.
type Repeats struct {
	// Name is the table's in a manifest (featsel compare --datasets: its
	// path as the manifest writes it).
	Name     string `json:"name,omitempty"`
	Baseline string `json:"baseline"`
	// Complete counts the repeats in which every method finished (status
	// ok): the summary is over them alone.
	Complete    int       `json:"complete"`
	Informative []string  `json:"informative,omitempty"`
	Repeats     []Repeat  `json:"repeats"`
	Summary     []Summary `json:"summary"`
	Seconds     float64   `json:"seconds"`
	Plots       []string  `json:"plots,omitempty"`
}

// Repeat is one repeat: its seed and one train report per method.
type Repeat struct {
	Seed    uint64   `json:"seed"`
	Methods []*Train `json:"methods"`
}

// Summary is one method over the repeats.
type Summary struct {
	Method    string  `json:"method"`
	Lambda    float64 `json:"lambda"`
	LearnRate float64 `json:"lr"`
	Stats     []Stat  `json:"stats"`
}

// Stat is one measure of a method over the repeats: its values, their
// mean and standard error (the sample standard deviation over √n), and,
// for a method other than the baseline, its differences from the
// baseline's in the same repeats.
type Stat struct {
	Name   string   `json:"name"`
	Values []Number `json:"values"`
	Mean   Number   `json:"mean"`
	SE     Number   `json:"se"`
	Paired *Paired  `json:"paired,omitempty"`
}

// Paired is the differences of a measure from the baseline's, repeat by
// repeat: their mean and standard error, and Wilcoxon's signed-rank test
// of them (regularize.WilcoxonTest): the differences that are not zero,
// the statistic V, the two-sided p-value (null when every difference is
// zero) and whether it is exact.
type Paired struct {
	Mean  Number  `json:"mean"`
	SE    Number  `json:"se"`
	N     int     `json:"n"`
	V     float64 `json:"v"`
	P     Number  `json:"p"`
	Exact bool    `json:"exact"`
}

// measure is a number a train report gives, with how it prints.
type measure struct {
	name, format string
	get          func(*Train) float64
}

// measures returns the measures of a comparison's train reports: the
// weights' counts, the validation metric(s), the time and, with the
// informative features known, the selection's precision, recall and F1.
func measures(first *Train, informative bool) []measure {
	metric := metricName(first.Dataset.Task)
	ms := []measure{
		{"exact_zeros", "%.1f", func(t *Train) float64 { return float64(t.ExactZeros) }},
		{"hovering", "%.1f", func(t *Train) float64 { return float64(t.Hovering) }},
		{"selected", "%.1f", func(t *Train) float64 { return float64(len(t.Selected)) }},
		{metric, "%.4f", func(t *Train) float64 { return value(t.Metrics, metric) }},
	}
	if first.ClassWeight != "" {
		ms = append(ms, measure{balancedName, "%.4f", func(t *Train) float64 { return value(t.Metrics, balancedName) }})
	}
	ms = append(ms, measure{"seconds", "%.2f", func(t *Train) float64 { return t.Seconds }})
	if informative {
		ms = append(ms,
			measure{"precision", "%.2f", func(t *Train) float64 { return t.Truth.Precision }},
			measure{"recall", "%.2f", func(t *Train) float64 { return t.Truth.Recall }},
			measure{"f1", "%.2f", func(t *Train) float64 { return t.Truth.F1 }})
	}
	return ms
}

// value is m[key], NaN when absent (a metric that was not finite).
func value(m map[string]float64, key string) float64 {
	if v, ok := m[key]; ok {
		return v
	}
	return math.NaN()
}

// NewRepeats reports the outcomes of regularize.CompareRepeats (by repeat,
// then method) with the seed of each repeat, on data d whose features are
// names; baseline names the method the others are paired against.
func NewRepeats(outcomes [][]regularize.Outcome, seeds []uint64, d Dataset, names []string, hidden []int, informative []string, baseline string, elapsed time.Duration) (*Repeats, error) {
	r := &Repeats{Baseline: baseline, Informative: informative, Seconds: seconds(elapsed)}
	for k, ocs := range outcomes {
		c, err := NewCompare(ocs, d, names, hidden, seeds[k], informative, 0)
		if err != nil {
			return nil, fmt.Errorf("repeat %d (seed %d): %w", k+1, seeds[k], err)
		}
		r.Repeats = append(r.Repeats, Repeat{Seed: seeds[k], Methods: c.Methods})
	}
	if len(r.Repeats) == 0 {
		return r, nil
	}
	base := -1
	for i, t := range r.Repeats[0].Methods {
		if t.Method == baseline {
			base = i
		}
	}
	if base < 0 {
		return nil, fmt.Errorf("the baseline %s is not among the methods compared", baseline)
	}
	var complete []Repeat // an interrupted or diverged unit's numbers mean nothing
	for _, rep := range r.Repeats {
		if !slices.ContainsFunc(rep.Methods, func(t *Train) bool { return t.Status != "ok" }) {
			complete = append(complete, rep)
		}
	}
	r.Complete = len(complete)
	if r.Complete == 0 {
		return r, nil
	}
	ms := measures(r.Repeats[0].Methods[0], informative != nil)
	for i, t := range r.Repeats[0].Methods {
		s := Summary{Method: t.Method, Lambda: t.Lambda, LearnRate: t.LearnRate}
		for _, m := range ms {
			var values, diffs []float64
			for _, rep := range complete {
				v := m.get(rep.Methods[i])
				values, diffs = append(values, v), append(diffs, v-m.get(rep.Methods[base]))
			}
			mean, se := meanSE(values)
			st := Stat{Name: m.name, Values: numbers(values), Mean: Number(mean), SE: Number(se)}
			if i != base {
				dm, dse := meanSE(diffs)
				w := regularize.WilcoxonTest(diffs)
				st.Paired = &Paired{Mean: Number(dm), SE: Number(dse), N: w.N, V: w.V, P: Number(w.P), Exact: w.Exact}
			}
			s.Stats = append(s.Stats, st)
		}
		r.Summary = append(r.Summary, s)
	}
	return r, nil
}

// meanSE returns the mean of the finite values of xs and its
// standard error, the sample standard deviation over √n (NaN for one
// value).
func meanSE(xs []float64) (mean, se float64) {
	var values []float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			values = append(values, x)
		}
	}
	n := float64(len(values))
	for _, x := range values {
		mean += x / n
	}
	var ss float64
	for _, x := range values {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

// Print writes the repeated comparison for people: per method the mean ±
// standard error of each measure, then the differences from the
// baseline with their p-values.
func (r *Repeats) Print(w io.Writer) {
	if len(r.Repeats) == 0 || len(r.Repeats[0].Methods) == 0 {
		fmt.Fprintln(w, "no methods compared")
		return
	}
	first := r.Repeats[0].Methods[0]
	d := first.Dataset
	n := len(r.Repeats)
	fmt.Fprintf(w, "data:  %s: %d rows, %s, %s, %s; %d training, %d validation rows\n",
		d.Source, d.Rows, d.features(), d.Task, d.target(), d.TrainRows, d.ValRows)
	d.printColumns(w, "       ")
	fmt.Fprintf(w, "%d repeats, seeds %d to %d: each its own split, initial weights and batch order, the same\nfor every method of the repeat; %.1fs in all\n", n, r.Repeats[0].Seed, r.Repeats[n-1].Seed, r.Seconds)
	if first.ClassWeight != "" {
		fmt.Fprintf(w, "class weight %s: each row of the loss weighs n/(K·n_c) of the training rows\n", first.ClassWeight)
	}
	if r.Complete < n {
		fmt.Fprintf(w, "%d of the %d repeats had every method finish: the summary is over them alone\n", r.Complete, n)
	}
	if r.Complete == 0 {
		return
	}
	n = r.Complete
	ms := measures(first, r.Informative != nil)
	fmt.Fprintf(w, "\nmean ± standard error over the repeats:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := "method\tλ\tlr\t"
	for _, m := range ms {
		header += m.name + "\t"
	}
	fmt.Fprintln(tw, header)
	for _, s := range r.Summary {
		line := fmt.Sprintf("%s\t%.3g\t%g\t", s.Method, s.Lambda, s.LearnRate)
		for k, m := range ms {
			line += fmt.Sprintf(m.format+" ± "+m.format+"\t", float64(s.Stats[k].Mean), float64(s.Stats[k].SE))
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	if len(r.Summary) < 2 {
		return
	}
	fmt.Fprintf(w, "\nminus %s, paired by repeat: mean ± standard error (Wilcoxon signed-rank p, two-sided", r.Baseline)
	if n <= regularize.ExactWilcoxon {
		// 2/2ⁿ: every difference of one sign, none zero, no ties.
		fmt.Fprintf(w, ";\nan exact p is at least %.3g with %d repeats; ties or zeros take the normal approximation", math.Min(1, math.Pow(2, 1-float64(n))), n)
	}
	fmt.Fprintln(w, "):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header = "\t"
	for _, s := range r.Summary {
		if s.Method != r.Baseline {
			header += s.Method + "\t"
		}
	}
	fmt.Fprintln(tw, header)
	for k, m := range ms {
		line := m.name + "\t"
		for _, s := range r.Summary {
			if p := s.Stats[k].Paired; p != nil {
				line += fmt.Sprintf("%+"+m.format[1:]+" ± "+m.format+" (p %s)\t", float64(p.Mean), float64(p.SE), pValue(float64(p.P)))
			}
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
}

// pValue prints a p-value: "–" when every difference was zero.
func pValue(p float64) string {
	if math.IsNaN(p) {
		return "–"
	}
	return fmt.Sprintf("%.2g", p)
}

// Page returns the repeated comparison as an HTML page (see
// [Train.Page]).
func (r *Repeats) Page() Page {
	p := Page{Title: "featsel compare --repeats", Text: printed(r.Print)}
	if len(r.Repeats) == 0 || len(r.Repeats[0].Methods) == 0 {
		return p
	}
	first := r.Repeats[0].Methods[0]
	p.Title += ": " + first.Dataset.Source
	var methods []string
	for _, s := range r.Summary {
		methods = append(methods, s.Method)
	}
	p.Facts = append(first.Dataset.facts(),
		Fact{"methods", strings.Join(methods, ", ") + "; paired against " + r.Baseline},
		Fact{"repeats", fmt.Sprintf("%d, seeds %d to %d", len(r.Repeats), r.Repeats[0].Seed, r.Repeats[len(r.Repeats)-1].Seed)},
		Fact{"network", fmt.Sprintf("hidden %v", first.Hidden)},
		Fact{"time", fmt.Sprintf("%.1f s", r.Seconds)})
	if len(r.Informative) > 0 {
		p.Facts = append(p.Facts, Fact{"informative features", strings.Join(r.Informative, ", ")})
	}
	return p
}
