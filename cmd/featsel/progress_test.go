package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/featsel/featsel/regularize"
)

// TestDescribe: each stage's line says what runs and how far it is, then
// the time spent, the estimate when there is one, and the epochs.
func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		p    regularize.Progress
		want string
	}{
		{regularize.Progress{Stage: regularize.StagePath, Features: 30, Elapsed: 300 * time.Millisecond},
			"the dense model, 30 features · 0s · 0 epochs"},
		{regularize.Progress{Stage: regularize.StagePath, Lambdas: 42, Lambda: 0.012345, Selected: 17, Features: 30, Epochs: 812, Elapsed: 12400 * time.Millisecond},
			"λ 42 (0.0123), 17/30 features left · 12s · 812 epochs"},
		{regularize.Progress{Stage: regularize.StagePath, Lambdas: 9, Lambda: 1, Selected: 3, Features: 30, Done: 2, Parts: 6, Epochs: 99, Elapsed: time.Minute, Remaining: 2 * time.Minute},
			"path and 5 folds: 2/6 done · λ 9 (1), 3/30 features left · 1m0s · about 2m0s left · 99 epochs"},
		{regularize.Progress{Stage: regularize.StageRefit, Epochs: 5, Elapsed: time.Second},
			"refitting the chosen features · 1s · 5 epochs"},
		{regularize.Progress{Stage: regularize.StageStability, Done: 3, Parts: 20, Epochs: 7, Elapsed: 3 * time.Second, Remaining: 17 * time.Second},
			"stability selection: 3/20 subsamples · 3s · about 17s left · 7 epochs"},
		{regularize.Progress{Stage: regularize.StageTrain, Done: 45, Parts: 200, Epochs: 45, Elapsed: time.Second, Remaining: 4 * time.Second},
			"training: 45/200 epochs · 1s · about 4s left"},
	} {
		if got := describe(tc.p); got != tc.want {
			t.Errorf("describe(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestStatusLine: the line is rewritten in place, cut to the terminal's
// width, shown at most every statusInterval, and erased by stop, after
// which nothing more is shown; off a terminal there is no status line.
func TestStatusLine(t *testing.T) {
	var b bytes.Buffer
	s := &status{w: &b, width: 20}
	s.show("training: 1/200 epochs · 0s")
	s.show("training: 2/200 epochs · 0s") // too soon: not shown
	if got, want := b.String(), "\rtraining: 1/200 ep…\x1b[K"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	s.last = time.Now().Add(-statusInterval)
	s.show("short")
	s.stop()
	s.last = time.Time{}
	s.show("after the end")
	if got, want := b.String(), "\rtraining: 1/200 ep…\x1b[K\rshort\x1b[K\r\x1b[K"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if newStatus(&b, false) != nil {
		t.Error("a status line on a buffer, which is no terminal")
	}
	var none *status // what newStatus gives off a terminal: does nothing
	none.show("x")
	none.stop()
	if none.progress() != nil || none.reading("f") != nil {
		t.Error("a nil status line gives functions to call")
	}
	if strings.Contains(b.String(), "after") {
		t.Error("shown after stop")
	}
}
