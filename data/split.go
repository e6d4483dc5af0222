package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Split divides d into a training and a validation part, holding out the
// fraction valFrac of the rows. The split is stratified (see strata): each
// class of a classification, and the events and the censored rows of a
// survival task, contribute round(valFrac·count) rows, at least one when
// they have two or more. Rows keep no particular order. The same rng
// state gives the same split.
func Split(d *Dataset, valFrac float64, rng *rand.Rand) (train, val *Dataset, err error) {
	tr, va, err := SplitRows(d, valFrac, rng)
	if err != nil {
		return nil, nil, err
	}
	return d.Subset(tr), d.Subset(va), nil
}

// SplitRows is Split's choice of rows: the indices of the two parts, each
// increasing.
func SplitRows(d *Dataset, valFrac float64, rng *rand.Rand) (train, val []int, err error) {
	if !(valFrac > 0 && valFrac < 1) {
		return nil, nil, fmt.Errorf("data: validation fraction must be in (0, 1), got %v", valFrac)
	}
	var tr, va []int
	for _, g := range strata(d) {
		rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		k := int(math.Round(valFrac * float64(len(g))))
		if k == 0 && len(g) >= 2 {
			k = 1
		}
		if k == len(g) && len(g) >= 2 {
			k--
		}
		va = append(va, g[:k]...)
		tr = append(tr, g[k:]...)
	}
	if len(tr) == 0 || len(va) == 0 {
		return nil, nil, fmt.Errorf("data: %d rows are too few to split with validation fraction %v", d.Rows(), valFrac)
	}
	slices.Sort(tr)
	slices.Sort(va)
	return tr, va, nil
}

// strata returns the rows of d in the groups a split or the folds keep
// in proportion: the rows of each class for classification, the censored
// rows and the events for survival (the C-index and the Cox loss of a
// part without events mean nothing), all rows otherwise.
func strata(d *Dataset) [][]int {
	switch d.Task {
	case Classification:
		groups := make([][]int, len(d.Classes))
		for i, y := range d.Y {
			groups[int(y)] = append(groups[int(y)], i)
		}
		return groups
	case Survival:
		groups := make([][]int, 2)
		for i, e := range d.Events {
			groups[int(e)] = append(groups[int(e)], i)
		}
		return groups
	}
	return [][]int{seq(d.Rows())}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
