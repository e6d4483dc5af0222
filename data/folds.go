package data

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Folds deals the rows of d into k folds of near-equal size, in a random
// order, stratified (see strata): fold i holds every k-th row of each
// class, or of the events and of the censored rows for survival (of all
// rows for regression), after a shuffle.
func Folds(d *Dataset, k int, rng *rand.Rand) ([][]int, error) {
	if k < 2 || k > d.Rows() {
		return nil, fmt.Errorf("data: %d folds of %d rows; want 2 <= k <= rows", k, d.Rows())
	}
	folds := make([][]int, k)
	next := 0
	for _, g := range strata(d) {
		rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		for _, i := range g {
			folds[next%k] = append(folds[next%k], i)
			next++
		}
	}
	for _, f := range folds {
		slices.Sort(f)
	}
	return folds, nil
}

// complement returns the rows 0..n-1 that are not in rows (sorted).
func complement(n int, rows []int) []int {
	in := make([]bool, n)
	for _, i := range rows {
		in[i] = true
	}
	var out []int
	for i := range n {
		if !in[i] {
			out = append(out, i)
		}
	}
	return out
}

// Columns returns a new dataset with only the features whose mask is set,
// in order, and the columns of the file they come from. The mask keeps
// a category's block whole or not at all, or Columns panics.
func (d *Dataset) Columns(mask []bool) *Dataset {
	keep := d.keep(mask)
	out := &Dataset{Target: d.Target, Targets: d.Targets, Task: d.Task, Classes: d.Classes, Y: slices.Clone(d.Y),
		Event: d.Event, Events: slices.Clone(d.Events), rows: d.Rows(), packed: d.packed, CommonScale: d.CommonScale}
	for j, kept := range mask {
		if kept {
			out.Features = append(out.Features, d.Features[j])
		}
	}
	if d.Schema != nil {
		out.Schema, out.Source = []Column{}, []int{}
		index := make([]int, len(d.Schema)) // in out.Schema
		for s, kept := range keep {
			if kept {
				index[s] = len(out.Schema)
				out.Schema = append(out.Schema, d.Schema[s])
			}
		}
		for j, s := range d.Source {
			if mask[j] {
				out.Source = append(out.Source, index[s])
			}
		}
	}
	stored := mask // which values of a row of X to keep
	if d.packed {
		stored = keep
	}
	for i := range d.Rows() {
		for j, v := range d.Row(i) {
			if stored[j] {
				out.X = append(out.X, v)
			}
		}
	}
	return out
}
