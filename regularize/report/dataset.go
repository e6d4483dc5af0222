package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/featsel/featsel/data"
)

// Dataset describes the data of a run.
type Dataset struct {
	Source string `json:"source"`
	Rows   int    `json:"rows"`
	// Features counts the columns a model selects from (a category's
	// one-hot block is one); EncodedFeatures, when it differs, the
	// columns of the network's input after one-hot encoding.
	Features        int      `json:"features"`
	EncodedFeatures int      `json:"encoded_features,omitempty"`
	Task            string   `json:"task"`
	Classes         int      `json:"classes,omitempty"`
	Labels          []string `json:"labels,omitempty"`
	Target          string   `json:"target"`
	// Targets names the targets of a regression with several (Target
	// joins them with commas); Event names the column of events of a
	// survival task, whose target is the column of times.
	Targets   []string `json:"targets,omitempty"`
	Event     string   `json:"event,omitempty"`
	TrainRows int      `json:"train_rows"`
	ValRows   int      `json:"val_rows"`
	// TestRows counts the rows held out by --test-frac.
	TestRows int `json:"test_rows,omitempty"`
	// BlockRows is the rows of a block of a table streamed from disk
	// (--max-memory), 0 for a table read whole; Cache the binary copy
	// named by --cache, and CacheReused that an earlier run made it.
	BlockRows   int    `json:"block_rows,omitempty"`
	Cache       string `json:"cache,omitempty"`
	CacheReused bool   `json:"cache_reused,omitempty"`
	// Delimiter is the field delimiter read (detected or given);
	// MissingRows the rows with a missing feature value (kept with
	// --missing mean, dropped with drop); DroppedRows the rows left out.
	Delimiter   string `json:"delimiter"`
	MissingRows int    `json:"missing_rows"`
	DroppedRows int    `json:"dropped_rows"`
	// Columns gives the kind of every feature column, when some column is
	// not a number, is in a group or is read as a logarithm.
	Columns []Column `json:"columns,omitempty"`
	// CommonScale says that the number columns were centred and divided by
	// one scale common to them all (--standardize=false), not each by its
	// own standard deviation.
	CommonScale bool `json:"common_scale,omitempty"`
}

// Column is the kind a feature column of the file was read as.
type Column struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Levels counts a category's levels, its missing level included.
	Levels int `json:"levels,omitempty"`
	// Group names the unit of columns selected together the column
	// belongs to (--groups).
	Group string `json:"group,omitempty"`
	// Log says that the column, a number, was read as the natural
	// logarithm of its values (--log).
	Log bool `json:"log,omitempty"`
}

// Describe describes the table all, read from source, split into train
// and val.
func Describe(source string, all, train, val *data.Dataset) Dataset {
	d := Dataset{
		Source: source, Rows: all.Rows(), Features: len(all.Units()), Task: all.Task.String(),
		Classes: len(all.Classes), Labels: all.Classes, Target: all.Target, Targets: all.Targets, Event: all.Event,
		TrainRows: train.Rows(), ValRows: val.Rows(),
		Delimiter: string(all.Delimiter), MissingRows: all.MissingRows, DroppedRows: all.DroppedRows,
		CommonScale: all.CommonScale,
	}
	if d.Features != all.Cols() {
		d.EncodedFeatures = all.Cols()
	}
	if slices.ContainsFunc(all.Schema, func(c data.Column) bool { return c.Kind != data.KindNumber || c.Group != "" || c.Log }) {
		for _, c := range all.Schema {
			col := Column{Name: c.Name, Kind: c.Kind.String(), Group: c.Group, Log: c.Log}
			if c.Kind == data.KindCategory {
				col.Levels = len(c.Levels)
			}
			d.Columns = append(d.Columns, col)
		}
	}
	return d
}

// kindPlural names several columns of a kind.
var kindPlural = map[string]string{"number": "numbers", "flag": "flags", "date": "dates", "category": "categories"}

// printStream writes, for a table streamed from disk, from where and in
// blocks of how many rows.
func (d Dataset) printStream(w io.Writer, prefix string) {
	switch {
	case d.CacheReused:
		fmt.Fprintf(w, "%sstreamed from %s, the binary copy an earlier run made, %d rows a block (--max-memory)\n", prefix, d.Cache, d.BlockRows)
	case d.Cache != "":
		fmt.Fprintf(w, "%sstreamed from a binary copy on disk, %s, %d rows a block (--max-memory)\n", prefix, d.Cache, d.BlockRows)
	case d.BlockRows > 0:
		fmt.Fprintf(w, "%sstreamed from a binary copy on disk, %d rows a block (--max-memory)\n", prefix, d.BlockRows)
	}
}

// printColumns writes, when some column is not a number, is in a group
// or is read as a logarithm, a line that counts the columns of each kind
// and names those that are not numbers and the logarithms (the first few
// of each), and the groups, after prefix; and when the numbers share one
// scale, that they do.
func (d Dataset) printColumns(w io.Writer, prefix string) {
	if len(d.Columns) == 0 && !d.CommonScale {
		return
	}
	const named = 6
	var parts []string
	for _, kind := range []string{data.KindNumber.String(), data.KindFlag.String(), data.KindDate.String(), data.KindCategory.String()} {
		number := kind == data.KindNumber.String()
		var names, logs []string
		for _, c := range d.Columns {
			if c.Kind != kind {
				continue
			}
			if c.Log {
				logs = append(logs, c.Name)
			}
			name := c.Name
			if c.Levels > 0 {
				name = fmt.Sprintf("%s: %d levels", c.Name, c.Levels)
				if c.Levels == 1 {
					name = c.Name + ": 1 level"
				}
			}
			names = append(names, name)
		}
		count := len(names)
		if count != 1 {
			kind = kindPlural[kind]
		}
		switch {
		case count == 0:
			continue
		case number && len(logs) > 0:
			n := len(logs)
			if n > named {
				logs = append(logs[:named], "…")
			}
			as := fmt.Sprintf("%d read as logarithms", n)
			if n == 1 {
				as = "1 read as a logarithm"
			}
			parts = append(parts, fmt.Sprintf("%d %s (%s: %s)", count, kind, as, strings.Join(logs, ", ")))
			continue
		case number:
			parts = append(parts, fmt.Sprintf("%d %s", count, kind))
			continue
		case count > named:
			names = append(names[:named], "…")
		}
		parts = append(parts, fmt.Sprintf("%d %s (%s)", count, kind, strings.Join(names, ", ")))
	}
	if groups := d.groups(); groups != "" {
		parts = append(parts, groups)
	}
	if d.CommonScale {
		parts = append(parts, "numbers, flags and dates divided by one common scale (--standardize=false)")
	}
	fmt.Fprintf(w, "%s%s\n", prefix, strings.Join(parts, ", "))
}

// groups says how many groups of columns selected together there are, and
// names the first few with their sizes: "2 groups (size: 3 columns,
// shape: 2 columns)"; "" without groups.
func (d Dataset) groups() string {
	const named = 6
	var names []string
	size := map[string]int{}
	for _, c := range d.Columns {
		if c.Group == "" {
			continue
		}
		if size[c.Group] == 0 {
			names = append(names, c.Group)
		}
		size[c.Group]++
	}
	if len(names) == 0 {
		return ""
	}
	var parts []string
	for _, g := range names[:min(len(names), named)] {
		unit := "columns"
		if size[g] == 1 {
			unit = "column"
		}
		parts = append(parts, fmt.Sprintf("%s: %d %s", g, size[g], unit))
	}
	if len(names) > named {
		parts = append(parts, "…")
	}
	word := "groups"
	if len(names) == 1 {
		word = "group"
	}
	return fmt.Sprintf("%d %s (%s)", len(names), word, strings.Join(parts, ", "))
}

// features says how many features the data has: "30 features", or, when
// a category's one-hot block makes the network's input wider, "6 features
// (11 inputs: a category's levels are one feature)".
func (d Dataset) features() string {
	if d.EncodedFeatures == 0 {
		return fmt.Sprintf("%d features", d.Features)
	}
	what := "a category's levels are one feature"
	switch categories := slices.ContainsFunc(d.Columns, func(c Column) bool { return c.Levels > 0 }); {
	case d.groups() != "" && categories:
		what = "a category's levels, and a group's columns, are one feature"
	case d.groups() != "":
		what = "a group's columns are one feature"
	}
	return fmt.Sprintf("%d features (%d inputs: %s)", d.Features, d.EncodedFeatures, what)
}

// targetMetrics returns each target's value, by name, with several
// targets (nil without).
func (d Dataset) targetMetrics(values []float64) map[string]float64 {
	if len(values) != len(d.Targets) || values == nil {
		return nil
	}
	m := map[string]float64{}
	for t, v := range values {
		setFinite(m, d.Targets[t], v)
	}
	return m
}

// targetLine says each target's value: "a 0.9512, b 0.9033"; "" with
// one target.
func (d Dataset) targetLine(m map[string]float64) string {
	var parts []string
	for _, name := range d.Targets {
		if v, ok := m[name]; ok {
			parts = append(parts, fmt.Sprintf("%s %.4f", name, v))
		}
	}
	return strings.Join(parts, ", ")
}

// metricName is the name of the validation metric of a task.
func metricName(task string) string {
	switch task {
	case data.Classification.String():
		return "val_accuracy"
	case data.Survival.String():
		return "val_c_index"
	}
	return "val_r2"
}

// target names the target in a report's data line: `target "y"`, or for
// survival `times "time", events "status"`.
func (d Dataset) target() string {
	if d.Event != "" {
		return fmt.Sprintf("times %q, events %q", d.Target, d.Event)
	}
	return fmt.Sprintf("target %q", d.Target)
}
