package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// report is the JSON report of featsel train (the contract in DESIGN.md).
type report struct {
	Status        string             `json:"status"`
	Method        string             `json:"method"`
	Lambda        float64            `json:"lambda"`
	Threshold     float64            `json:"threshold,omitempty"`
	HierM         float64            `json:"hier_m,omitempty"`
	LearnRate     float64            `json:"lr"`
	Hidden        []int              `json:"hidden"`
	Seed          uint64             `json:"seed"`
	Dataset       datasetInfo        `json:"dataset"`
	Features      []featureInfo      `json:"features"`
	Selected      []string           `json:"selected"`
	SelectionRule string             `json:"selection_rule"`
	WeightMeaning string             `json:"weight_meaning"`
	ExactZeros    int                `json:"exact_zeros"`
	Small         int                `json:"small"`
	Hovering      int                `json:"hovering"`
	Truth         *truthInfo         `json:"truth,omitempty"`
	Metrics       map[string]float64 `json:"metrics"`
	Epochs        int                `json:"epochs"`
	BestEpoch     int                `json:"best_epoch"`
	Steps         int                `json:"steps"`
	Seconds       float64            `json:"seconds"`
	History       []epochInfo        `json:"history"`
	Error         string             `json:"error,omitempty"`
	// DivergedEpoch is the epoch in which the loss stopped being finite.
	DivergedEpoch int `json:"diverged_epoch,omitempty"`
	// Model is the file the trained model was saved to.
	Model string `json:"model,omitempty"`
}

type datasetInfo struct {
	Source    string   `json:"source"`
	Rows      int      `json:"rows"`
	Features  int      `json:"features"`
	Task      string   `json:"task"`
	Classes   int      `json:"classes,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	Target    string   `json:"target"`
	TrainRows int      `json:"train_rows"`
	ValRows   int      `json:"val_rows"`
	// Delimiter is the field delimiter read (detected or given);
	// MissingRows the rows with a missing feature value (kept with
	// --missing mean, dropped with drop); DroppedRows the rows left out.
	Delimiter   string `json:"delimiter"`
	MissingRows int    `json:"missing_rows"`
	DroppedRows int    `json:"dropped_rows"`
}

// describe returns the report's description of the data of a run.
func describe(p *prepared) datasetInfo {
	ds := p.all
	return datasetInfo{
		Source: p.source, Rows: ds.Rows(), Features: ds.Cols(), Task: ds.Task.String(),
		Classes: len(ds.Classes), Labels: ds.Classes, Target: ds.Target,
		TrainRows: p.train.Rows(), ValRows: p.val.Rows(),
		Delimiter: string(ds.Delimiter), MissingRows: ds.MissingRows, DroppedRows: ds.DroppedRows,
	}
}

type featureInfo struct {
	Name     string  `json:"name"`
	Weight   float64 `json:"weight"`
	Selected bool    `json:"selected"`
}

// truthInfo scores the selection against known informative features.
type truthInfo struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

type epochInfo struct {
	Epoch     int     `json:"epoch"`
	TrainLoss float64 `json:"train_loss"`
	ValLoss   float64 `json:"val_loss"`
	ValMetric float64 `json:"val_metric"`
}

// runInfo is what distinguishes one training run in a report.
type runInfo struct {
	spec   regularize.Spec
	lr     float64
	hidden []int
	seed   uint64
}

func newReport(r runInfo, p *prepared, weights []float64, res *model.Result, elapsed time.Duration) *report {
	ds := p.all
	tol := r.spec.SelectionTolerance(r.lr)
	rep := &report{
		Status: "ok", Method: r.spec.Method, Lambda: r.spec.Lambda, Threshold: r.spec.Threshold,
		LearnRate: r.lr, Hidden: r.hidden, Seed: r.seed,
		Dataset:       describe(p),
		Selected:      []string{},
		SelectionRule: "weight != 0",
		WeightMeaning: r.spec.WeightMeaning(),
		Metrics:       map[string]float64{},
		Epochs:        len(res.History),
		BestEpoch:     res.BestEpoch,
		Steps:         res.Steps,
		Seconds:       math.Round(elapsed.Seconds()*1000) / 1000,
	}
	if r.spec.Method == "hier" {
		rep.HierM = r.spec.HierM
	}
	if tol > 0 {
		rep.SelectionRule = fmt.Sprintf("|weight| > 2*lr = %g", tol)
	}
	mask := r.spec.Selected(weights, r.lr)
	for j, w := range weights {
		sel := mask[j]
		rep.Features = append(rep.Features, featureInfo{Name: ds.Features[j], Weight: w, Selected: sel})
		switch {
		case sel:
			rep.Selected = append(rep.Selected, ds.Features[j])
		case w == 0:
			rep.ExactZeros++
		default:
			rep.Small++
		}
		if w != 0 && math.Abs(w) <= 2*r.lr {
			rep.Hovering++
		}
	}
	setFinite(rep.Metrics, "val_loss", res.ValLoss)
	if ds.Task == data.Classification {
		setFinite(rep.Metrics, "val_accuracy", res.ValMetric)
	} else {
		setFinite(rep.Metrics, "val_r2", res.ValMetric)
	}
	for _, e := range res.History {
		rep.History = append(rep.History, epochInfo{e.Epoch, e.TrainLoss, e.ValLoss, e.ValMetric})
	}
	return rep
}

// setFinite stores v under key unless it is NaN or infinite, which JSON
// cannot hold.
func setFinite(m map[string]float64, key string, v float64) {
	if !math.IsNaN(v) && !math.IsInf(v, 0) {
		m[key] = v
	}
}

// setTruth scores the selection against the informative features, if known.
func (r *report) setTruth(informative []bool) {
	if informative == nil {
		return
	}
	selected := make([]bool, len(r.Features))
	for j, f := range r.Features {
		selected[j] = f.Selected
	}
	p, rc, f1 := regularize.Score(selected, informative)
	r.Truth = &truthInfo{Precision: p, Recall: rc, F1: f1}
}

// setStatus records how training ended.
func (r *report) setStatus(err error) {
	switch {
	case err == nil:
		return
	case errors.Is(err, context.Canceled):
		r.Status = "interrupted"
	case errors.As(err, new(*model.DivergedError)):
		r.Status = "diverged"
		de, _ := errors.AsType[*model.DivergedError](err)
		r.DivergedEpoch = de.Epoch
	default:
		r.Status = "failed"
	}
	r.Error = err.Error()
}

// writeJSON writes v as indented JSON, through a temporary file renamed
// into place so that a crash never leaves half a report.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(b, '\n'))
}

// writeFile replaces the file at path with b atomically.
func writeFile(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// printSummary writes the report for people.
func printSummary(w io.Writer, r *report) {
	d := r.Dataset
	fmt.Fprintf(w, "data:     %s: %d rows, %d features, target %q\n", d.Source, d.Rows, d.Features, d.Target)
	task := d.Task
	if d.Classes > 0 {
		task += fmt.Sprintf(" (%d classes: %s)", d.Classes, strings.Join(d.Labels, ", "))
	}
	fmt.Fprintf(w, "task:     %s\n", task)
	fmt.Fprintf(w, "split:    %d training rows, %d validation rows (seed %d)\n", d.TrainRows, d.ValRows, r.Seed)
	if d.MissingRows > 0 || d.DroppedRows > 0 {
		fmt.Fprintf(w, "missing:  %d rows with a missing feature value, %d rows dropped\n", d.MissingRows, d.DroppedRows)
	}
	fmt.Fprintf(w, "method:   %s, lambda %g, lr %g, hidden %v", r.Method, r.Lambda, r.LearnRate, r.Hidden)
	if r.Threshold > 0 {
		fmt.Fprintf(w, ", threshold %g", r.Threshold)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "training: %d epochs, %d steps, %.2fs (best validation loss at epoch %d)\n", r.Epochs, r.Steps, r.Seconds, r.BestEpoch)
	fmt.Fprintf(w, "result:   %s\n\n", metricsLine(r.Metrics))

	ranked := slices.Clone(r.Features)
	slices.SortStableFunc(ranked, func(a, b featureInfo) int { return cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight)) })
	width := len("feature")
	for _, f := range ranked {
		width = max(width, len(f.Name))
	}
	fmt.Fprintf(w, "%4s  %-*s  %10s  %s\n", "rank", width, "feature", "|weight|", "selected")
	for i, f := range ranked {
		mark := ""
		if f.Selected {
			mark = "*"
		}
		fmt.Fprintf(w, "%4d  %-*s  %10.4g  %s\n", i+1, width, f.Name, math.Abs(f.Weight), mark)
	}
	fmt.Fprintf(w, "\nweight: %s\n", r.WeightMeaning)
	fmt.Fprintf(w, "selected %d of %d features (%s)\n", len(r.Selected), d.Features, r.SelectionRule)
	fmt.Fprintf(w, "exact zeros: %d; small but not zero: %d", r.ExactZeros, r.Small)
	if r.Method == "graph" && r.Threshold == 0 {
		fmt.Fprint(w, " (graph-level L1 with Adam leaves unused weights hovering near zero, never at zero)")
	}
	fmt.Fprintln(w)
	if r.Model != "" {
		fmt.Fprintf(w, "model saved to %s\n", r.Model)
	}
	if r.Status != "ok" {
		fmt.Fprintf(w, "status: %s\n", r.Status)
	}
}

func metricsLine(m map[string]float64) string {
	var parts []string
	for _, k := range []string{"val_loss", "val_accuracy", "val_r2"} {
		if v, ok := m[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %.4f", k, v))
		}
	}
	return strings.Join(parts, ", ")
}

// finish writes the report when asked and turns the run's error into the
// command's: an interrupted run exits 130 after writing what it has.
func finish(reportPath string, rep any, runErr error) error {
	if reportPath != "" {
		if err := writeJSON(reportPath, rep); err != nil {
			return err
		}
	}
	if errors.Is(runErr, context.Canceled) {
		return errInterrupted
	}
	return runErr
}

// writePlots creates dir, lets draw write the pictures into it, and lists
// them on stdout.
func writePlots(stdout io.Writer, dir string, draw func(dir string) ([]string, error)) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files, err := draw(dir)
	if err == nil {
		fmt.Fprintf(stdout, "\npictures: %s\n", strings.Join(files, ", "))
	}
	return files, err
}

// checkMethod reports a method name that is not one of regularize's.
func checkMethod(flag, m string) error {
	if !slices.Contains(regularize.Methods(), m) {
		return fmt.Errorf("%s: %q is not one of %s", flag, m, strings.Join(regularize.Methods(), ", "))
	}
	return nil
}
