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

// minPass is the fewest values a pass over rows (see [Rows]) reads and
// writes for it to be shared with an idle core: a pass does one or two
// operations per value where a product does one multiply-add, and the
// hand-over to a watching helper costs a few µs.
const minPass = 1 << 16

// idle holds a token for each core beside the caller's, taken by a split
// while it runs: it bounds the splits in flight by the cores. It does not
// know what else keeps the cores busy; running does.
var idle = func() chan struct{} {
	c := make(chan struct{}, max(runtime.GOMAXPROCS(0)-1, 0))
	for range cap(c) {
		c <- struct{}{}
	}
	return c
}()

// running counts the trainings under way (see Busy).
var running atomic.Int32

// Busy notes work that keeps a core busy, a training, until the function
// it returns is called. While there are as many as cores (the folds of a
// path side by side, the trials of a comparison) nothing is split: the
// helper would find no core to run on, and the caller would do both
// halves after the hand-over anyway.
func Busy() (done func()) {
	running.Add(1)
	return func() { running.Add(-1) }
}

// takeCore decides whether a product of the given rows and multiply-adds
// runs in two halves side by side: when it is large and a core is idle,
// which it then takes (inTwo gives it back). Every row is summed by one
// goroutine, its terms in the same order either way, so the results are
// the same, bit for bit.
func takeCore(rows, work int) bool { return take(rows, work, minSplit) }

// take is takeCore for work of at least least.
func take(rows, work, least int) bool {
	if work < least || rows < 2 {
		return false
	}
	if procs := runtime.GOMAXPROCS(0); procs < 2 || int(running.Load()) >= procs {
		return false
	}
	select {
	case <-idle:
		return true
	default:
		return false
	}
}

// The states of a half handed to a helper.
const (
	pending int32 = iota
	taken
	finished
)

// half is the second half of a split, handed to a helper; whichever of
// the helper and the caller moves it out of pending runs it. A panic in
// the helper's run is kept in panicked, for the caller to raise again.
type half struct {
	run      func()
	state    atomic.Int32
	panicked any
}

// helpers receive the halves. A helper goroutine parks on the channel
// between bursts of work, and after each half it watches the channel for
// a while (helperWatch) before parking again: waking a parked goroutine
// on another core took about 100 µs on the virtual machines featsel is
// measured on, as long as half a large product, while the products of a
// training step come a few hundred µs apart. The buffer holds a half per
// helper and some: a half the caller took back while the helper had no
// core stays there until a helper reads and drops it.
var helpers = func() chan *half {
	c := make(chan *half, 4*cap(idle))
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
				h.runHere()
			}
			h = watch(c)
		}
	}
}

// runHere runs h in the helper and marks it finished, keeping a panic
// for the caller.
func (h *half) runHere() {
	defer func() {
		h.panicked = recover()
		h.state.Store(finished)
	}()
	h.run()
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

// inTwo runs first, and second on a helper, with the core take took, and
// gives the core back. When the helper has not begun second by the time
// first is done (it was parked, or had no core), the caller runs second
// itself, so a split costs at most the hand-over more than the two halves
// one after the other. Whatever happens (a panic in either half
// included), second is not running when inTwo returns, and a panic in the
// helper's half is raised again here.
func inTwo(first, second func()) {
	h := &half{run: second}
	select {
	case helpers <- h:
	default: // full of halves taken back: the caller runs both
	}
	mine := false
	defer func() {
		if !mine && !h.state.CompareAndSwap(pending, taken) {
			for h.state.Load() != finished {
				runtime.Gosched()
			}
		}
		idle <- struct{}{}
		if h.panicked != nil {
			panic(h.panicked)
		}
	}()
	first()
	if h.state.CompareAndSwap(pending, taken) {
		mine = true
		second()
	}
}

// A Pass is a pass over rows in which every row is computed apart from
// the others: Rows computes the rows [lo, hi).
type Pass interface{ Rows(lo, hi int) }

// Rows runs p on the rows [0, n): on [0, n/2) and [n/2, n) side by side
// when the pass reads and writes at least minPass values (work) and a core
// is idle (see takeCore), else at once. Each row is computed by one
// goroutine either way, so the results are the same, bit for bit. Only a
// split allocates: the helper's copy of p (capturing p itself would move
// every call's p to the heap), the closures and the half.
func Rows[P Pass](n, work int, p P) {
	if !take(n, work, minPass) {
		p.Rows(0, n)
		return
	}
	q, half := new(P), n/2
	*q = p
	inTwo(func() { (*q).Rows(0, half) }, func() { (*q).Rows(half, n) })
}
