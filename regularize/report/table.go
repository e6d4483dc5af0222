package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

// Datasets is the report of comparisons on several tables (featsel
// compare --datasets): one repeated comparison per table.
type Datasets struct {
	Datasets []*Repeats `json:"datasets"`
	Seconds  float64    `json:"seconds"`
	Plots    []string   `json:"plots,omitempty"`
}

// The formats of WriteTable.
var TableFormats = []string{"md", "tex", "csv"}

// tableColumn is a measure in the table of comparisons: the name of its
// Stat (score stands for the validation metric, whatever its name), its
// heading and its format.
type tableColumn struct{ stat, heading, format string }

var tableColumns = []tableColumn{
	{"score", "score", "%.4f"},
	{"selected", "selected", "%.1f"},
	{"exact_zeros", "exact zeros", "%.1f"},
	{"hovering", "hovering", "%.1f"},
	{"precision", "precision", "%.2f"},
	{"recall", "recall", "%.2f"},
	{"f1", "F1", "%.2f"},
	{"seconds", "seconds", "%.2f"},
}

// WriteTable writes the comparisons, one per dataset, as one table with
// a row per dataset and method, for a paper: format md (Markdown), tex
// (LaTeX, booktabs) or csv. n is the repeats summarised (those in which
// every method finished); a cell is the mean ± standard error over them
// (the mean alone for one; csv has a column for each);
// p is the paired test of the score against the baseline (Wilcoxon's,
// see Repeats). The columns of precision, recall and F1 are empty for a
// dataset without its informative features.
func WriteTable(w io.Writer, reps []*Repeats, format string) error {
	switch format {
	case "csv":
		return writeCSVTable(w, reps)
	case "md", "tex":
	default:
		return fmt.Errorf("report: table format %q: want md, tex or csv", format)
	}
	head := []string{"dataset", "method", "metric", "n"}
	for _, c := range tableColumns {
		head = append(head, c.heading)
	}
	head = append(head, "p (score)")
	var rows [][]string
	for _, r := range reps {
		for _, s := range r.Summary {
			row := []string{r.name(), s.Method, r.metric(), strconv.Itoa(r.Complete)}
			for _, c := range tableColumns {
				cell := ""
				if st, ok := s.stat(c.stat); ok {
					cell = fmt.Sprintf(c.format, float64(st.Mean))
					if se := float64(st.SE); !math.IsNaN(se) {
						cell += " ± " + fmt.Sprintf(c.format, se)
					}
				}
				row = append(row, cell)
			}
			p := ""
			if st, ok := s.stat("score"); ok && st.Paired != nil {
				p = pValue(float64(st.Paired.P))
			}
			rows = append(rows, append(row, p))
		}
	}
	if format == "md" {
		line := func(cells []string) {
			escaped := make([]string, len(cells))
			for i, c := range cells {
				escaped[i] = strings.ReplaceAll(c, "|", `\|`)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(escaped, " | "))
		}
		line(head)
		rule := make([]string, len(head))
		for i := range rule {
			rule[i] = "---:"
			if i < 3 { // the names left, the numbers right
				rule[i] = "---"
			}
		}
		line(rule)
		for _, row := range rows {
			line(row)
		}
		return nil
	}
	fmt.Fprintf(w, "\\begin{tabular}{lll%s}\n\\toprule\n", strings.Repeat("r", len(head)-3))
	tex := func(cells []string) {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = texEscape(c)
		}
		fmt.Fprintf(w, "%s \\\\\n", strings.Join(out, " & "))
	}
	tex(head)
	fmt.Fprintln(w, "\\midrule")
	for i, row := range rows {
		if i > 0 && row[0] != rows[i-1][0] {
			fmt.Fprintln(w, "\\addlinespace")
		}
		tex(row)
	}
	fmt.Fprintln(w, "\\bottomrule\n\\end{tabular}")
	return nil
}

// writeCSVTable writes the table as CSV, the mean and the standard error
// of each measure in columns of their own, full precision.
func writeCSVTable(w io.Writer, reps []*Repeats) error {
	cw := csv.NewWriter(w)
	head := []string{"dataset", "method", "metric", "n"}
	for _, c := range tableColumns {
		head = append(head, c.stat+"_mean", c.stat+"_se")
	}
	cw.Write(append(head, "score_diff_mean", "score_diff_se", "score_p"))
	num := func(v Number) string {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return ""
		}
		return strconv.FormatFloat(float64(v), 'g', -1, 64)
	}
	for _, r := range reps {
		for _, s := range r.Summary {
			row := []string{r.name(), s.Method, r.metric(), strconv.Itoa(r.Complete)}
			for _, c := range tableColumns {
				st, ok := s.stat(c.stat)
				if !ok {
					row = append(row, "", "")
					continue
				}
				row = append(row, num(st.Mean), num(st.SE))
			}
			if st, ok := s.stat("score"); ok && st.Paired != nil {
				row = append(row, num(st.Paired.Mean), num(st.Paired.SE), num(st.Paired.P))
			} else {
				row = append(row, "", "", "")
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}

// name is the comparison's dataset as a table names it: its name in the
// manifest, or its file's name.
func (r *Repeats) name() string {
	if r.Name != "" || len(r.Repeats) == 0 || len(r.Repeats[0].Methods) == 0 {
		return r.Name
	}
	return filepath.Base(strings.TrimSuffix(r.Repeats[0].Methods[0].Dataset.Source, " (embedded)"))
}

// metric is the name of the comparison's validation metric.
func (r *Repeats) metric() string {
	if len(r.Repeats) == 0 || len(r.Repeats[0].Methods) == 0 {
		return ""
	}
	return metricName(r.Repeats[0].Methods[0].Dataset.Task)
}

// stat returns the method's Stat of the name given; "score" is the
// validation metric's.
func (s Summary) stat(name string) (Stat, bool) {
	for _, st := range s.Stats {
		if st.Name == name || name == "score" && strings.HasPrefix(st.Name, "val_") && st.Name != balancedName {
			return st, true
		}
	}
	return Stat{}, false
}

// texEscape escapes LaTeX's special characters and sets ± in math mode.
func texEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`, "_", `\_`, "{", `\{`, "}", `\}`,
		"~", `\textasciitilde{}`, "^", `\textasciicircum{}`, "|", `\textbar{}`, `"`, `\textquotedbl{}`, "<", `\textless{}`, ">", `\textgreater{}`,
		"±", `$\pm$`, "–", "--")
	return r.Replace(s)
}
