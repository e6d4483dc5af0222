package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/featsel/featsel/regularize"
)

// statusInterval is the least time between two updates of the status
// line: a few a second are enough to read, and more would cost the
// terminal more than the run.
const statusInterval = 250 * time.Millisecond

// status is the line on a terminal that shows where a long run stands,
// rewritten in place ("\r", the text, then erase to the end of the line).
// It is only shown on a terminal: off one, a run without warnings writes
// nothing to stderr.
type status struct {
	mu      sync.Mutex
	w       io.Writer
	width   int
	last    time.Time
	shown   bool
	stopped bool
}

// newStatus returns the status line for w, or nil (which shows nothing)
// when w is not a terminal or quiet is set.
func newStatus(w io.Writer, quiet bool) *status {
	width, ok := terminalWidth(w)
	if quiet || !ok {
		return nil
	}
	return &status{w: w, width: width}
}

// show writes line, unless the line was written less than statusInterval
// ago or the status is stopped.
func (s *status) show(line string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.stopped || now.Sub(s.last) < statusInterval {
		return
	}
	s.last, s.shown = now, true
	if n := utf8.RuneCountInString(line); n >= s.width {
		line = string([]rune(line)[:max(s.width-2, 0)]) + "…"
	}
	fmt.Fprintf(s.w, "\r%s\x1b[K", line)
}

// stop erases the line and shows no more: the results and any warning
// come after it.
func (s *status) stop() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown {
		fmt.Fprint(s.w, "\r\x1b[K")
	}
	s.stopped = true
}

// progress returns the function that shows a run's progress on the
// status line, nil without one (the library then does not track it).
func (s *status) progress() func(regularize.Progress) {
	if s == nil {
		return nil
	}
	return func(p regularize.Progress) { s.show(describe(p)) }
}

// reading returns the function that shows how much of a file has been
// read, nil without a status line.
func (s *status) reading(name string) func(read, size int64) {
	if s == nil {
		return nil
	}
	return func(read, size int64) {
		line := fmt.Sprintf("reading %s: %s", name, megabytes(read))
		if size > 0 {
			line += fmt.Sprintf(" of %s", megabytes(size))
		}
		s.show(line)
	}
}

// megabytes writes a size in MB.
func megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }

// describe writes a run's progress as one short line, the most telling
// first (a narrow terminal cuts the end): what runs and how far it is,
// the time spent and, when there is an estimate, the time left, then the
// epochs.
func describe(p regularize.Progress) string {
	var parts []string
	switch p.Stage {
	case regularize.StagePath:
		if p.Parts > 0 {
			parts = append(parts, fmt.Sprintf("path and %d folds: %d/%d done", p.Parts-1, p.Done, p.Parts))
		}
		if p.Lambdas == 0 {
			parts = append(parts, fmt.Sprintf("the dense model, %d features", p.Features))
		} else {
			parts = append(parts, fmt.Sprintf("λ %d (%.3g), %d/%d features left", p.Lambdas, p.Lambda, p.Selected, p.Features))
		}
	case regularize.StageRefit:
		parts = append(parts, "refitting the chosen features")
	case regularize.StageStability:
		parts = append(parts, fmt.Sprintf("stability selection: %d/%d subsamples", p.Done, p.Parts))
	case regularize.StageTrain:
		parts = append(parts, fmt.Sprintf("training: %d/%d epochs", p.Done, p.Parts))
	}
	parts = append(parts, p.Elapsed.Round(time.Second).String())
	if p.Remaining > 0 {
		parts = append(parts, "about "+p.Remaining.Round(time.Second).String()+" left")
	}
	if p.Stage != regularize.StageTrain {
		parts = append(parts, fmt.Sprintf("%d epochs", p.Epochs))
	}
	return strings.Join(parts, " · ")
}
