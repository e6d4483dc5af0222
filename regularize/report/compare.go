package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/featsel/featsel/regularize"
)

// Compare is the report of a comparison: one train report per method.
type Compare struct {
	Methods     []*Train `json:"methods"`
	Informative []string `json:"informative,omitempty"`
	Seconds     float64  `json:"seconds"`
	Plots       []string `json:"plots,omitempty"`
}

// NewCompare reports the outcomes of regularize.Compare on data d (feature
// names), with the network's hidden widths and the seed of the run, the
// names of the truly informative features when known (nil otherwise) and
// the wall time of the whole comparison.
func NewCompare(outcomes []regularize.Outcome, d Dataset, names []string, hidden []int, seed uint64, informative []string, elapsed time.Duration) (*Compare, error) {
	truth, err := Informative(names, informative)
	if err != nil {
		return nil, err
	}
	r := &Compare{Informative: informative, Seconds: seconds(elapsed)}
	for _, o := range outcomes {
		if o.Result == nil {
			return nil, fmt.Errorf("%s: %w", o.Spec.Method, o.Err)
		}
		t := NewTrain(Run{Spec: o.Spec, LearnRate: o.LearnRate, Hidden: hidden, Seed: seed, Float32: o.Float32}, d, names, o.Weights, o.Result,
			time.Duration(o.Seconds*float64(time.Second)), o.Err)
		t.SetTruth(truth)
		r.Methods = append(r.Methods, t)
	}
	return r, nil
}

// Informative turns the names of the informative features into a mask
// over names; nil when none are given.
func Informative(names, informative []string) ([]bool, error) {
	if len(informative) == 0 {
		return nil, nil
	}
	mask := make([]bool, len(names))
	for _, n := range informative {
		j := slices.Index(names, n)
		if j < 0 {
			return nil, fmt.Errorf("no feature %q", n)
		}
		mask[j] = true
	}
	return mask, nil
}

// Print writes the comparison table for people.
func (r *Compare) Print(w io.Writer) {
	if len(r.Methods) == 0 {
		fmt.Fprintln(w, "no methods compared")
		return
	}
	d := r.Methods[0].Dataset
	fmt.Fprintf(w, "data:  %s: %d rows, %s, %s, %s; %d training, %d validation rows\n",
		d.Source, d.Rows, d.features(), d.Task, d.target(), d.TrainRows, d.ValRows)
	d.printColumns(w, "       ")
	fmt.Fprintf(w, "every method starts from the same weights and sees the same batches; %.1fs in all\n", r.Seconds)
	if m := r.Methods[0]; m.ClassWeight != "" {
		fmt.Fprintf(w, "class weight %s: each row of the loss weighs n/(K·n_c) of the training rows\n", m.ClassWeight)
	}
	fmt.Fprintln(w)
	metric := metricName(d.Task)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	balanced := r.Methods[0].ClassWeight != ""
	header := "method\tλ\tlr\texact zeros\thovering\tselected\t" + metric + "\t"
	if balanced {
		header += balancedName + "\t"
	}
	header += "seconds\t"
	if r.Informative != nil {
		header += "precision\trecall\tF1\t"
	}
	fmt.Fprintln(tw, header)
	for _, m := range r.Methods {
		line := fmt.Sprintf("%s\t%.3g\t%g\t%d\t%d\t%d\t%.4f\t", m.Method, m.Lambda, m.LearnRate,
			m.ExactZeros, m.Hovering, len(m.Selected), m.Metrics[metric])
		if balanced {
			line += fmt.Sprintf("%.4f\t", m.Metrics[balancedName])
		}
		line += fmt.Sprintf("%.2f\t", m.Seconds)
		if m.Truth != nil {
			line += fmt.Sprintf("%.2f\t%.2f\t%.2f\t", m.Truth.Precision, m.Truth.Recall, m.Truth.F1)
		}
		if m.Status != "ok" {
			line += m.Status + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	var hover []string
	for _, m := range r.Methods {
		if m.hovers() {
			hover = append(hover, m.Method)
		}
	}
	rule := "weight != 0"
	if len(hover) > 0 {
		rule += fmt.Sprintf(" (%s: |weight| > 2·lr)", strings.Join(hover, ", "))
	}
	fmt.Fprintf(w, "\nhovering: weights not exactly zero but within 2·lr of it, where graph-level L1 with Adam leaves\nunused features; selected: %s\n", rule)
}
