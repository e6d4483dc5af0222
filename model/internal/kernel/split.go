package kernel

import (
	"runtime"
	"sync/atomic"
	"time"
)

// minSplit is the fewest multiply-adds of a product that split shares
// with an idle core: below it, handing half to another core costs more
// than it saves (the small layers of the reference workload lost time
// when every product was split).
const minSplit = 1 << 21

// minPass is the fewest values a pass over rows (see [Rows]) touches
// for it to be shared with an idle core: a pass does one or two
// operations per value where a product does one multiply-add, and the
// hand-over to a watching helper costs a few µs.
const minPass = 1 << 16

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
// which it then takes (inTwo gives it back), and the half at which the
// rows divide. Every row is summed by one goroutine, its terms in the
// same order either way, so the results are the same, bit for bit.
func takeCore(rows, work int) (half int, ok bool) {
	return take(rows, work, minSplit)
}

// take is takeCore for work of at least least.
func take(rows, work, least int) (half int, ok bool) {
	if work < least || rows < 2 {
		return 0, false
	}
	select {
	case <-idle:
		return rows / 2, true
	default:
		return 0, false
	}
}

// The states of a half handed to a helper.
const (
	pending int32 = iota
	taken
	finished
)

// half is the second half of a product, handed to a helper; whichever of
// the helper and the caller moves it out of pending runs it.
type half struct {
	run   func()
	state atomic.Int32
}

// helpers receive the halves. A helper goroutine parks on the channel
// between bursts of work, and after each half it watches the channel for
// a while (helperWatch) before parking again: waking a parked goroutine
// on another core took about 100 µs on the virtual machines featsel is
// measured on, as long as half a large product, while the products of a
// training step come a few hundred µs apart.
var helpers = func() chan *half {
	c := make(chan *half, cap(idle))
	for range cap(idle) {
		go help(c)
	}
	return c
}()

// helperWatch is how long a helper keeps watching for the next half
// before it parks: longer than the gaps between a step's large products,
// short enough that a helper left watching at the end of a run costs
// little. It yields the core to any other goroutine while it watches.
const helperWatch = time.Millisecond

func help(c chan *half) {
	for {
		h := <-c
		for h != nil {
			if h.state.CompareAndSwap(pending, taken) {
				h.run()
				h.state.Store(finished)
			}
			h = watch(c)
		}
	}
}

// watch returns the next half to reach c within helperWatch, or nil. It
// looks at c many times between two looks at the clock and the yields to
// other goroutines, which each cost more than a look at an empty channel.
func watch(c chan *half) *half {
	start := time.Now()
	for time.Since(start) < helperWatch {
		for range 64 {
			select {
			case h := <-c:
				return h
			default:
			}
		}
		runtime.Gosched()
	}
	return nil
}

// inTwo runs first, and second on the core takeCore took, and gives the
// core back. When the helper has not begun second by the time first is
// done (it was parked, or its core busy), the caller runs second itself,
// so a split is never slower than the two halves one after the other by
// more than the hand-over.
func inTwo(first, second func()) {
	defer func() { idle <- struct{}{} }()
	h := &half{run: second}
	select {
	case helpers <- h:
	default: // no room: cannot happen while the token is held, but stay safe
	}
	first()
	if h.state.CompareAndSwap(pending, taken) {
		second()
		return
	}
	for h.state.Load() != finished {
		runtime.Gosched()
	}
}

// A Pass is a pass over rows in which every row is computed apart from
// the others: Rows computes the rows [lo, hi).
type Pass interface{ Rows(lo, hi int) }

// Rows runs p on the rows [0, n): on [0, n/2) and [n/2, n) side by side
// when the pass touches at least minPass values (work) and a core is idle
// (see takeCore), else at once. Each row is computed by one goroutine
// either way, so the results are the same, bit for bit. P is a value type
// so that only a split pass allocates: its copy for the helper.
func Rows[P Pass](n, work int, p P) {
	half, ok := take(n, work, minPass)
	if !ok {
		p.Rows(0, n)
		return
	}
	q := new(P)
	*q = p
	inTwo(func() { (*q).Rows(0, half) }, func() { (*q).Rows(half, n) })
}
