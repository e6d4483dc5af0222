package model

import (
	"math"
	"slices"
)

// ConcordanceIndex returns the concordance of risk with the times and
// events (1 observed, 0 censored) of the same rows. Rows with a NaN are
// left out. It counts every row's pairs at once in time n·log n: the rows
// by time, each against a Fenwick tree of the risks on the right side of
// it in time.
func ConcordanceIndex(risk, time, event []float64) Concordance {
	var rows []int
	for i := range risk {
		if !math.IsNaN(risk[i]) && !math.IsNaN(time[i]) && !math.IsNaN(event[i]) {
			rows = append(rows, i)
		}
	}
	rank := riskRanks(risk, rows)
	slices.SortStableFunc(rows, func(a, b int) int {
		switch {
		case time[a] < time[b]:
			return -1
		case time[a] > time[b]:
			return 1
		}
		return 0
	})
	// Per row: its concordant, discordant and tied pairs, as the earlier
	// event and as the later row of a pair.
	type counts struct{ conc, disc, tied int }
	per := make([]counts, len(risk)) // by row
	groups := timeGroups(rows, time)
	tree := newFenwick(len(rank))
	// As the earlier event: against the later rows and the rows censored
	// at its time, latest first.
	for g := len(groups) - 1; g >= 0; g-- {
		for _, i := range groups[g] {
			if event[i] != 1 {
				tree.add(rank[i])
			}
		}
		for _, i := range groups[g] {
			if event[i] == 1 {
				less, equal, more := tree.around(rank[i])
				c := &per[i]
				c.conc, c.disc, c.tied = c.conc+less, c.disc+more, c.tied+equal
			}
		}
		for _, i := range groups[g] {
			if event[i] == 1 {
				tree.add(rank[i])
			}
		}
	}
	var res Concordance
	for _, i := range rows {
		c := &per[i]
		res.Concordant += c.conc
		res.Discordant += c.disc
		res.TiedRisk += c.tied
	}
	// As the later row: against the earlier events, and, when censored,
	// the events at its time; earliest first.
	tree = newFenwick(len(rank))
	later := func(i int) {
		less, equal, more := tree.around(rank[i])
		c := &per[i]
		c.conc, c.disc, c.tied = c.conc+more, c.disc+less, c.tied+equal
	}
	for _, g := range groups {
		for _, i := range g {
			if event[i] == 1 {
				later(i)
			}
		}
		for _, i := range g {
			if event[i] == 1 {
				tree.add(rank[i])
			}
		}
		for _, i := range g {
			if event[i] != 1 {
				later(i)
			}
		}
	}
	num, den := 2*res.Concordant+res.TiedRisk, res.Concordant+res.Discordant+res.TiedRisk
	res.Index, res.SE = math.NaN(), math.NaN()
	if den == 0 {
		return res
	}
	res.Index = float64(num) / float64(2*den)
	// The leave-one-out jackknife: without row i, its pairs are gone.
	loo := make([]float64, 0, len(rows))
	mean := 0.0
	for _, i := range rows {
		c := &per[i]
		if d := den - (c.conc + c.disc + c.tied); d > 0 {
			v := float64(num-2*c.conc-c.tied) / float64(2*d)
			loo = append(loo, v)
			mean += v
		}
	}
	if len(loo) == len(rows) {
		res.SE = jackknifeSE(loo, mean/float64(len(loo)))
	}
	return res
}

// jackknifeSE is the leave-one-out jackknife's standard error of a
// statistic whose values without each row in turn are loo, of mean mean:
// √((n−1)/n · Σ (loo − mean)²).
func jackknifeSE(loo []float64, mean float64) float64 {
	ss := 0.0
	for _, v := range loo {
		ss += (v - mean) * (v - mean)
	}
	n := float64(len(loo))
	return math.Sqrt((n - 1) / n * ss)
}

// riskRanks returns each row's rank among the distinct risks of rows,
// from 1, by row (0 for the rows left out).
func riskRanks(risk []float64, rows []int) []int {
	values := make([]float64, len(rows))
	for k, i := range rows {
		values[k] = risk[i]
	}
	slices.Sort(values)
	values = slices.Compact(values)
	rank := make([]int, len(risk))
	for _, i := range rows {
		r, _ := slices.BinarySearch(values, risk[i])
		rank[i] = r + 1
	}
	return rank
}

// timeGroups splits rows, in order of time, into runs of equal times.
func timeGroups(rows []int, time []float64) [][]int {
	var groups [][]int
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && time[rows[end]] == time[rows[start]] {
			end++
		}
		groups = append(groups, rows[start:end])
		start = end
	}
	return groups
}

// fenwick counts values at ranks 1 to n, with prefix sums in log n.
type fenwick struct {
	tree  []int
	total int
}

func newFenwick(n int) *fenwick { return &fenwick{tree: make([]int, n+1)} }

func (f *fenwick) add(r int) {
	f.total++
	for ; r < len(f.tree); r += r & -r {
		f.tree[r]++
	}
}

// upTo returns the count of ranks 1 to r.
func (f *fenwick) upTo(r int) int {
	n := 0
	for ; r > 0; r -= r & -r {
		n += f.tree[r]
	}
	return n
}

// around returns the counts below, at and above rank r.
func (f *fenwick) around(r int) (less, equal, more int) {
	below, through := f.upTo(r-1), f.upTo(r)
	return below, through - below, f.total - through
}
