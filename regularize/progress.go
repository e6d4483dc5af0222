package regularize

import (
	"sync"
	"time"

	"github.com/featsel/featsel/model"
)

// The stages of a run (Progress.Stage).
const (
	StagePath      = "path"      // the main path, with the folds beside it
	StageRefit     = "refit"     // the chosen features retrained
	StageStability = "stability" // the subsamples' paths
	StageTrain     = "train"     // Fit's or Compare's trials
)

// Progress says where a run of [Select], [Fit] or [Compare] stands: their
// Progress function receives it after each λ of a path, each part
// finished, each epoch of a trial, and at each new stage. The calls come
// one at a time (from the run's goroutines, under a lock): a function
// that takes long holds the run up.
type Progress struct {
	// Stage is what runs: StagePath, StageRefit, StageStability or
	// StageTrain.
	Stage string
	// Lambdas counts the points the main path has fitted (its dense
	// model first), Lambda is the last one's λ, and Selected the units
	// it keeps, of Features.
	Lambdas            int
	Lambda             float64
	Selected, Features int
	// Parts counts the stage's parts and Done those finished: the folds
	// and the main path for StagePath with folds (none without), the
	// subsamples for StageStability, the epochs of all trials for
	// StageTrain (a trial stopped early by its patience counts its
	// epochs left as done).
	Done, Parts int
	// Epochs counts the epochs trained so far by every path and trial of
	// the run.
	Epochs int
	// Elapsed is the time since the run began. Remaining estimates what
	// the stage has left from the pace of its finished parts; 0 when
	// there is no estimate (a path alone, whose number of λ values is not
	// known in advance, or before the first part is done).
	Elapsed, Remaining time.Duration
}

// tracker keeps a run's Progress and hands it to the run's function. A
// nil tracker does nothing, so that the workflows call it unconditionally.
type tracker struct {
	mu          sync.Mutex
	fn          func(Progress)
	start, from time.Time // of the run and of the stage
	// parallel is how many of the stage's parts run at a time.
	parallel int
	p        Progress
}

// newTracker returns a tracker calling fn, or nil when fn is nil.
func newTracker(fn func(Progress), features int) *tracker {
	if fn == nil {
		return nil
	}
	now := time.Now()
	return &tracker{fn: fn, start: now, from: now, p: Progress{Features: features}}
}

// update changes the progress, estimates what remains and reports it.
func (t *tracker) update(change func(p *Progress)) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	change(&t.p)
	now := time.Now()
	t.p.Elapsed, t.p.Remaining = now.Sub(t.start), 0
	if done, left := t.p.Done, t.p.Parts-t.p.Done; done > 0 && left > 0 {
		spent := now.Sub(t.from)
		if done < t.parallel {
			// The first parts to finish began with the stage, as did the
			// others running beside them: each takes about the time
			// spent, and the rest go parallel at a time.
			t.p.Remaining = spent * time.Duration(left) / time.Duration(t.parallel)
		} else {
			t.p.Remaining = spent / time.Duration(done) * time.Duration(left)
		}
	}
	t.fn(t.p)
}

// stage begins a stage of the given number of parts, run parallel at a
// time (1: one after the other, or parts as fine as epochs, whose pace
// shows from the first).
func (t *tracker) stage(name string, parts, parallel int) {
	if t == nil {
		return
	}
	t.update(func(p *Progress) {
		t.from, t.parallel = time.Now(), max(min(parallel, parts), 1)
		p.Stage, p.Parts, p.Done = name, parts, 0
	})
}

// done counts n parts of the stage finished.
func (t *tracker) done(n int) { t.update(func(p *Progress) { p.Done += n }) }

// point counts a path's point; the main path's is the one shown.
func (t *tracker) point(main bool, pt PathPoint) {
	t.update(func(p *Progress) {
		p.Epochs += pt.Epochs
		if main {
			p.Lambdas++
			p.Lambda, p.Selected = pt.Lambda, pt.Selected
		}
	})
}

// epochs returns a hook that counts each epoch of a trial, and the
// function to call when the trial ends, which counts its epochs left of
// the given most as done.
func (t *tracker) epochs(most int) (model.Hook, func()) {
	epoch := 0
	hook := model.HookFunc(func(s *model.Step) error {
		if s.Epoch != epoch {
			if epoch > 0 { // the epoch before is over
				t.update(func(p *Progress) { p.Epochs++; p.Done++ })
			}
			epoch = s.Epoch
		}
		return nil
	})
	return hook, func() {
		t.update(func(p *Progress) {
			if epoch > 0 {
				p.Epochs++
			}
			p.Done += most - max(epoch-1, 0)
		})
	}
}
