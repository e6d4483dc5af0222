package kernel

import "runtime"

// minSplit is the fewest multiply-adds of a product that split shares
// with an idle core: below it, waking a goroutine costs more than half the
// product saves (the small layers of the reference workload lost time when
// every product was split).
const minSplit = 1 << 21

// idle holds a token for each core that no product is using beside the
// caller's: a product takes one to run half of its rows on it, and only
// when one is free, so that products already running side by side (the
// folds of a path, the trials of a comparison) are not split further.
var idle = func() chan struct{} {
	c := make(chan struct{}, max(runtime.GOMAXPROCS(0)-1, 0))
	for range cap(c) {
		c <- struct{}{}
	}
	return c
}()

// takeCore decides whether a product of the given rows and multiply-adds
// runs in two halves side by side: when it is large and a core is idle,
// which it then takes (releaseCore gives it back), and the half at which
// the rows divide. Every row is summed by one goroutine, its terms in the
// same order either way, so the results are the same, bit for bit.
func takeCore(rows, work int) (half int, ok bool) {
	if work < minSplit || rows < 2 {
		return 0, false
	}
	select {
	case <-idle:
		return rows / 2, true
	default:
		return 0, false
	}
}

// releaseCore gives back the core takeCore took.
func releaseCore() { idle <- struct{}{} }
