package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// selectionRef holds scikit-learn's L1 references, written by
// selection_ref.py: per dataset the file's hash and, per split, the test
// rows, L1's test score and the features it kept.
//
//go:embed selection_ref.json
var selectionRef []byte

type reference struct {
	Sklearn  string       `json:"sklearn"`
	Datasets []refDataset `json:"datasets"`
}

type refDataset struct {
	File     string     `json:"file"`
	SHA256   string     `json:"sha256"`
	Task     string     `json:"task"`
	Rows     int        `json:"rows"`
	Features int        `json:"features"`
	Splits   []refSplit `json:"splits"`
}

type refSplit struct {
	Test       []int   `json:"test"`
	L1Score    float64 `json:"l1_score"`
	L1Selected []int   `json:"l1_selected"`
}

// synthetic are the benchmark's generated tables, whose informative
// features are known; writeSynthetic writes them for selection_ref.py.
var synthetic = []struct {
	file string
	make func() (*data.Dataset, []int)
}{
	{"friedman1.csv", func() (*data.Dataset, []int) {
		return data.Friedman1(500, 50, 1, rand.New(rand.NewPCG(13, 1)))
	}},
	{"sparse_linear.csv", func() (*data.Dataset, []int) {
		return data.SparseLinear(200, 100, 5, 1, rand.New(rand.NewPCG(13, 2)))
	}},
}

type selectionOptions struct {
	dir, writeDir string
	only          []string
	splits        int
	skip          bool
	cfg           regularize.SelectConfig
}

// runSelection is the selection benchmark: featsel path with the
// command's defaults and the chosen features refitted, on every split of
// every reference dataset, scored on the split's test rows beside
// scikit-learn's L1 model on the same rows.
func runSelection(args []string, stdout, stderr io.Writer) int {
	o := selectionOptions{cfg: defaultSelect()}
	fs := pflag.NewFlagSet("featsel-bench selection", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.dir, "data-dir", "../shared/data/real", "directory of the real datasets named in selection_ref.json")
	fs.StringSliceVar(&o.only, "datasets", nil, "run only these files (default: all)")
	fs.IntVar(&o.splits, "splits", 5, "splits of each dataset to run (at most 5)")
	fs.StringVar(&o.writeDir, "write-synthetic", "", "instead: write the synthetic tables into this directory, for selection_ref.py")
	fs.IntVar(&o.cfg.Folds, "folds", o.cfg.Folds, "as featsel path --folds (-1: auto)")
	fs.StringVar(&o.cfg.Choose, "choose", o.cfg.Choose, "as featsel path --choose")
	fs.StringVar(&o.cfg.Path.Spec.Method, "method", o.cfg.Path.Spec.Method, "as featsel path --method")
	fs.IntSliceVar(&o.cfg.Path.Hidden, "hidden", o.cfg.Path.Hidden, "as featsel path --hidden")
	fs.Float64Var(&o.cfg.ValFrac, "val-frac", regularize.DefaultValFrac, "as featsel path --val-frac")
	fs.BoolVar(&o.skip, "skip", false, "the MLP with a linear skip path (an experiment)")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return 0
		}
		return 2
	}
	if err := o.check(fs.Args()); err != nil {
		fmt.Fprintln(stderr, "featsel-bench selection:", err)
		return 2
	}
	if o.skip {
		o.cfg.Path.Architecture = model.MLP{Hidden: o.cfg.Path.Hidden, Skip: true}
	}
	if o.writeDir != "" {
		if err := writeSynthetic(o.writeDir); err != nil {
			fmt.Fprintln(stderr, "featsel-bench:", err)
			return 1
		}
		return 0
	}
	ref, err := references()
	if err != nil {
		fmt.Fprintln(stderr, "featsel-bench:", err)
		return 1
	}
	var rows []benchRow
	for _, rd := range ref.Datasets {
		if len(o.only) > 0 && !slices.Contains(o.only, rd.File) {
			continue
		}
		row, err := o.dataset(rd, stderr)
		if err != nil {
			fmt.Fprintln(stderr, "featsel-bench:", err)
			return 1
		}
		rows = append(rows, row)
	}
	printTable(stdout, ref.Sklearn, o.splits, rows)
	return 0
}

// check refuses, before any work, arguments and flags the benchmark
// cannot run.
func (o selectionOptions) check(args []string) error {
	ref, err := references()
	if err != nil {
		return err
	}
	switch {
	case len(args) > 0:
		return fmt.Errorf("unexpected arguments %q", args)
	case o.splits < 1 || o.splits > 5:
		return fmt.Errorf("--splits must be 1 to 5, got %d", o.splits)
	case o.cfg.Folds == 1 || o.cfg.Folds < regularize.FoldsAuto:
		return fmt.Errorf("--folds must be -1 (auto), 0 or >= 2, got %d", o.cfg.Folds)
	}
	for _, name := range o.only {
		if !slices.ContainsFunc(ref.Datasets, func(rd refDataset) bool { return rd.File == name }) {
			return fmt.Errorf("--datasets: %q is not in selection_ref.json", name)
		}
	}
	return nil
}

// references reads the embedded references.
func references() (reference, error) {
	var ref reference
	if err := json.Unmarshal(selectionRef, &ref); err != nil {
		return ref, fmt.Errorf("selection_ref.json: %w", err)
	}
	return ref, nil
}

// defaultSelect is featsel path's configuration with its defaults and
// --refit.
func defaultSelect() regularize.SelectConfig {
	return regularize.SelectConfig{
		Path:  regularize.PathConfig{Spec: regularize.Spec{Method: regularize.DefaultMethod}, Hidden: []int{regularize.DefaultHidden}},
		Folds: regularize.FoldsAuto,
		Refit: true,
	}
}

// benchRow sums up one dataset over its splits.
type benchRow struct {
	file, metric              string
	ours, l1                  []float64 // test scores per split
	oursKept, l1Kept          []float64 // features kept per split
	oursNoise, l1Noise        []float64 // noise features kept (synthetic)
	oursMissed, l1Missed      []float64 // informative features missed
	seconds                   float64
	synthetic                 bool
	rowsN, features, informed int
}

// dataset runs every split of one reference dataset.
func (o selectionOptions) dataset(rd refDataset, stderr io.Writer) (benchRow, error) {
	ds, informative, err := o.load(rd)
	if err != nil {
		return benchRow{}, err
	}
	row := benchRow{file: rd.File, metric: "accuracy", synthetic: informative != nil,
		rowsN: ds.Rows(), features: ds.Cols(), informed: len(informative)}
	if ds.Task == data.Regression {
		row.metric = "R²"
	}
	for s, split := range rd.Splits[:min(o.splits, len(rd.Splits))] {
		test := split.Test
		train := slices.DeleteFunc(seq(ds.Rows()), func(i int) bool { _, in := slices.BinarySearch(test, i); return in })
		cfg := o.cfg
		cfg.Seed = uint64(s + 1)
		start := time.Now()
		trainRows := ds.Subset(train)
		sel, err := regularize.Select(context.Background(), trainRows, cfg)
		if err != nil {
			return row, fmt.Errorf("%s split %d: %w", rd.File, s, err)
		}
		secs := time.Since(start).Seconds()
		f, err := sel.File(trainRows)
		if err != nil {
			return row, fmt.Errorf("%s split %d: %w", rd.File, s, err)
		}
		mask := sel.Refit.Mask
		testRows := ds.Subset(test)
		pred, err := f.Predict(testRows.Columns(testRows.UnitFeatures(mask)), data.MissingError)
		if err != nil {
			return row, fmt.Errorf("%s split %d: %w", rd.File, s, err)
		}
		score := pred.Score.Accuracy
		if ds.Task == data.Regression {
			score = pred.Score.R2
		}
		kept := trues(mask)
		row.ours = append(row.ours, score)
		row.oursKept = append(row.oursKept, float64(len(kept)))
		row.l1 = append(row.l1, split.L1Score)
		row.l1Kept = append(row.l1Kept, float64(len(split.L1Selected)))
		if informative != nil {
			n, m := noise(kept, informative)
			row.oursNoise, row.oursMissed = append(row.oursNoise, n), append(row.oursMissed, m)
			n, m = noise(split.L1Selected, informative)
			row.l1Noise, row.l1Missed = append(row.l1Noise, n), append(row.l1Missed, m)
		}
		row.seconds += secs
		fmt.Fprintf(stderr, "%s split %d: %s %.4f with %d features (L1 %.4f with %d), %.1fs\n",
			rd.File, s, row.metric, score, len(kept), split.L1Score, len(split.L1Selected), secs)
	}
	return row, nil
}

// load reads a reference dataset (or generates a synthetic one) and
// checks that it is the table the references were computed on.
func (o selectionOptions) load(rd refDataset) (*data.Dataset, []int, error) {
	var (
		raw         []byte
		informative []int
	)
	for _, s := range synthetic {
		if s.file == rd.File {
			ds, inf := s.make()
			var buf bytes.Buffer
			if err := writeTable(&buf, ds); err != nil {
				return nil, nil, err
			}
			raw, informative = buf.Bytes(), inf
		}
	}
	if raw == nil {
		var err error
		if raw, err = os.ReadFile(filepath.Join(o.dir, rd.File)); err != nil {
			return nil, nil, fmt.Errorf("%w (the real datasets are in the featsel workspace's shared/data/real; --data-dir)", err)
		}
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != rd.SHA256 {
		return nil, nil, fmt.Errorf("%s is not the file of selection_ref.json (SHA-256 differs)", rd.File)
	}
	task := data.Classification
	if rd.Task == "regression" {
		task = data.Regression
	}
	ds, err := data.ReadCSV(bytes.NewReader(raw), data.CSVOptions{Target: "target", Task: task})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", rd.File, err)
	}
	return ds, informative, nil
}

// writeSynthetic writes the synthetic tables into dir.
func writeSynthetic(dir string) error {
	for _, s := range synthetic {
		ds, _ := s.make()
		var buf bytes.Buffer
		if err := writeTable(&buf, ds); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, s.file), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeTable writes ds as the reference datasets are written: the
// features, then the target as "target".
func writeTable(w io.Writer, ds *data.Dataset) error {
	ds.Target = "target"
	return ds.WriteCSV(w, nil)
}

// trues returns the indices where mask is true.
func trues(mask []bool) []int {
	var idx []int
	for j, m := range mask {
		if m {
			idx = append(idx, j)
		}
	}
	return idx
}

// noise counts the kept features that are not informative, and the
// informative ones not kept.
func noise(kept, informative []int) (noise, missed float64) {
	for _, j := range kept {
		if !slices.Contains(informative, j) {
			noise++
		}
	}
	for _, j := range informative {
		if !slices.Contains(kept, j) {
			missed++
		}
	}
	return noise, missed
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// printTable prints the benchmark's table: per dataset the mean test
// score and features kept by featsel and by L1, their difference, and a
// mark where featsel is within 0.02 of L1 or better.
func printTable(w io.Writer, sklearn string, splits int, rows []benchRow) {
	fmt.Fprintf(w, "%-18s %11s %-8s %8s %6s %8s %6s %7s %s\n", "dataset", "rows×feat", "metric", "featsel", "kept", "L1", "kept", "diff", "seconds")
	within := 0
	for _, r := range rows {
		diff := mean(r.ours) - mean(r.l1)
		mark := " "
		if diff >= -0.02 {
			mark, within = "✓", within+1
		}
		fmt.Fprintf(w, "%-18s %11s %-8s %8.4f %6.1f %8.4f %6.1f %+7.4f %s %.0f\n", r.file, fmt.Sprintf("%d×%d", r.rowsN, r.features), r.metric,
			mean(r.ours), mean(r.oursKept), mean(r.l1), mean(r.l1Kept), diff, mark, r.seconds)
	}
	fmt.Fprintf(w, "within 0.02 of L1 or better: %d of %d (mean test score over %d splits; L1 is scikit-learn %s's cross-validated L1 model)\n",
		within, len(rows), splits, sklearn)
	var syn []string
	for _, r := range rows {
		if r.synthetic {
			syn = append(syn, fmt.Sprintf("%s: %d informative; featsel keeps %.1f noise, misses %.1f; L1 keeps %.1f noise, misses %.1f",
				r.file, r.informed, mean(r.oursNoise), mean(r.oursMissed), mean(r.l1Noise), mean(r.l1Missed)))
		}
	}
	if len(syn) > 0 {
		fmt.Fprintln(w, strings.Join(syn, "\n"))
	}
}
