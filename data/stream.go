package data

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
)

// Stream is a table too large for memory, read once from its CSV file
// into a binary copy on disk (a cache), from which training reads it a
// block of rows at a time: the rows in the file's order, each row's
// features as read, its targets (for survival its time and event), and
// whether it is a validation row. It holds numeric feature columns only
// (flags, dates and categories need the whole column before a value can
// be read) and rejects missing values; a row without a target is
// dropped.
type Stream struct {
	Features []string
	// Target names the target (for several, their names joined by
	// commas, each in Targets; for survival, the times, and Event the
	// events), as Dataset does.
	Target  string
	Targets []string
	Event   string
	Task    Task
	Classes []string
	// Rows counts the rows kept, TrainRows and ValRows its parts;
	// DroppedRows the rows without a target; Ignored the columns left out.
	Rows, TrainRows, ValRows, DroppedRows int
	Ignored                               []string
	Delimiter                             rune
	// Standardization is fitted on the training rows.
	Standardization *Standardization
	// Reused says that the cache named came from an earlier pass over the
	// same file (its size and time) with the same options.
	Reused bool

	file *os.File
	temp bool // the cache is removed by Close
	view bool // made by Columns: Close leaves the cache to its stream
	// cols are the features of a cached row that the stream holds (nil:
	// all of them).
	cols []int
	// width is the values of a cached row: the features, each target's
	// number (NaN for a label that is not one), the label's number among
	// the labels in order of appearance, the event (survival), and 1 for
	// a validation row.
	width int
	// class maps a label's number to its class (classification).
	class []float64
	// raw and block are Blocks' buffers, kept from call to call: every
	// epoch reads the table twice (training and validation rows).
	raw   []byte
	block *Dataset
}

// streamLabels is the most distinct labels a streamed target keeps
// before it can only be a regression's.
const streamLabels = MaxLevels

// ReadStream reads the CSV file at path into a Stream cached in the file
// cache (a temporary file when cache is ""; a cache an earlier call made
// from the same file, unchanged, with the same options serves again
// without reading the file): one pass that parses the rows, draws each row's part (validation
// with probability valFrac, from seed: the parts do not depend on how the
// table is later read), and fits the standardisation on the training
// rows. opts gives the target (Target), the task, Ignore, ID and the
// delimiter; the other options do not apply. Close removes a temporary
// cache.
func ReadStream(ctx context.Context, path string, opts CSVOptions, valFrac float64, seed uint64, cache string) (*Stream, error) {
	src := source(path, opts, valFrac, seed)
	if cache != "" {
		if s := openCache(cache, src); s != nil {
			s.Reused = true
			return s, nil
		}
	}
	in, err := open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer in.Close()
	defer context.AfterFunc(ctx, func() { in.Close() })()
	s, err := readStream(ctxReader{ctx, in}, opts, valFrac, seed, cache)
	if err == nil && cache != "" {
		if err = s.writeTrailer(src); err != nil {
			s.Close()
			s, err = nil, fmt.Errorf("writing the cache %s: %w", cache, err)
		}
	}
	if err = fileError(ctx, path, err); err != nil {
		return nil, err
	}
	return s, nil
}

func readStream(r io.Reader, opts CSVOptions, valFrac float64, seed uint64, cache string) (s *Stream, err error) {
	switch {
	case opts.Categorical != nil || opts.Numeric != nil || opts.Groups != nil || opts.Schema != nil || opts.Features != nil || opts.Log != nil:
		return nil, errors.New("a streamed table takes its numeric columns as they are: --categorical, --numeric, --groups, --columns and --log need it read whole")
	case opts.CommonScale:
		return nil, errors.New("a streamed table standardises each column: --standardize=false needs it read whole")
	}
	if opts.Missing != MissingError {
		return nil, errors.New("a streamed table takes no missing values: --missing needs it in memory")
	}
	cr, header, comma, err := readHeader(r, opts.Comma)
	if err != nil {
		return nil, err
	}
	s = &Stream{Delimiter: comma}
	tcols, err := targetColumns(header, opts)
	if err != nil {
		return nil, err
	}
	target := tcols[0]
	event, err := eventColumn(header, target, opts)
	if err != nil {
		return nil, err
	}
	s.Target = header[target]
	if len(tcols) > 1 {
		for _, c := range tcols {
			s.Targets = append(s.Targets, header[c])
		}
		s.Target = strings.Join(s.Targets, ",")
	}
	if event >= 0 {
		s.Event = header[event]
	}
	var cols []int
	for i, name := range header {
		switch {
		case slices.Contains(tcols, i) || i == event || name == opts.ID:
		case slices.Contains(opts.Ignore, name):
			s.Ignored = append(s.Ignored, name)
		default:
			cols = append(cols, i)
			s.Features = append(s.Features, name)
		}
	}
	if len(cols) == 0 {
		return nil, &ParseError{Line: 1, Err: errors.New("no feature column")}
	}
	if cache == "" {
		// Unlinked at once where the system allows it (the file lives on
		// while open): a run killed before Close leaves nothing behind.
		if s.file, err = os.CreateTemp("", "featsel-cache-*"); err == nil {
			s.temp = os.Remove(s.file.Name()) != nil
		}
	} else {
		s.file, err = os.Create(cache)
	}
	if err != nil {
		return nil, err
	}
	defer func(made *Stream) { // a failed pass leaves no cache behind
		if err != nil {
			made.Close()
		}
	}(s)
	d, k := len(cols), len(tcols)
	s.width = d + k + 3
	w := bufio.NewWriterSize(s.file, 1<<20)
	rng := rand.New(rand.NewPCG(seed, 1))
	labels := map[string]int{}
	var order []string // labels in order of appearance
	numeric, integers := true, true
	var events [2]int // the events of the training and validation rows
	// Welford's running moments of the training rows' features and targets.
	mean, m2 := make([]float64, d+k), make([]float64, d+k)
	row := make([]float64, s.width)
	buf := make([]byte, 8*s.width)
	// The records are split on a core of their own while this one
	// parses their numbers (see readRecords).
	records := readRecords(cr, len(header))
	defer records.stop()
	for {
		rec, line, err := records.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		label := text(rec[target])
		missing := isMissing(label)
		for _, c := range tcols[1:] {
			missing = missing || isMissing(text(rec[c]))
		}
		if event >= 0 {
			missing = missing || isMissing(text(rec[event]))
		}
		if missing {
			s.DroppedRows++
			continue
		}
		for k, c := range cols {
			v, err := parseNumber(rec[c])
			switch {
			case errors.Is(err, ErrMissing):
				err = fmt.Errorf("%w; a streamed table takes none (give --max-memory enough to read it whole, and --missing)", ErrMissing)
			case errors.Is(err, ErrNotNumber):
				err = fmt.Errorf("%w; a streamed table holds numbers only (--ignore the column, or give --max-memory enough to read the table whole)", ErrNotNumber)
			}
			if err != nil {
				return nil, &ParseError{Line: line, Column: c + 1, Name: header[c], Value: rec[c], Err: err}
			}
			row[k] = v
		}
		for t, c := range tcols {
			y, err := parseNumber(text(rec[c]))
			switch {
			case err != nil && (k > 1 || event >= 0):
				return nil, &ParseError{Line: line, Column: c + 1, Name: header[c], Value: rec[c], Err: err}
			case err != nil:
				y, numeric = math.NaN(), false
			case event >= 0 && y < 0:
				return nil, &ParseError{Line: line, Column: c + 1, Name: header[c], Value: rec[c], Err: ErrNegativeTime}
			case y != math.Trunc(y):
				integers = false
			}
			row[d+t] = y
		}
		ev := 0.0
		if event >= 0 {
			v, err := parseNumber(text(rec[event]))
			if err != nil || v != 0 && v != 1 {
				return nil, &ParseError{Line: line, Column: event + 1, Name: header[event], Value: rec[event], Err: ErrNotEvent}
			}
			ev = v
		}
		id, seen := labels[label]
		if !seen && len(labels) <= streamLabels {
			id = len(labels)
			labels[label] = id
			order = append(order, label)
		} else if !seen {
			id = -1
		}
		val := rng.Float64() < valFrac
		row[d+k], row[d+k+1], row[d+k+2] = float64(id), ev, 0
		if val {
			row[d+k+2] = 1
			s.ValRows++
			events[1] += int(ev)
		} else {
			s.TrainRows++
			events[0] += int(ev)
			n := float64(s.TrainRows)
			for j, v := range row[:d+k] {
				e := v - mean[j]
				mean[j] += e / n
				m2[j] += e * (v - mean[j])
			}
		}
		s.Rows++
		for k, v := range row {
			binary.LittleEndian.PutUint64(buf[8*k:], math.Float64bits(v))
		}
		if _, err := w.Write(buf); err != nil {
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if s.Rows == 0 {
		return nil, &ParseError{Err: ErrNoRows}
	}
	if s.TrainRows == 0 || s.ValRows == 0 {
		return nil, fmt.Errorf("%d rows are too few to split with validation fraction %v", s.Rows, valFrac)
	}
	s.Task = opts.Task
	switch {
	case event >= 0:
		s.Task = Survival
	case k > 1:
		s.Task = Regression
	case s.Task == Auto:
		s.Task = Regression
		if !numeric || integers && len(labels) <= MaxIntegerClasses {
			s.Task = Classification
		}
	}
	st := &Standardization{X: &Scaler{}}
	scale := func(k int) float64 {
		return ownScale(spread(math.Sqrt(m2[k]/float64(s.TrainRows)), mean[k]))
	}
	for k := range d {
		st.X.Mean, st.X.Scale = append(st.X.Mean, mean[k]), append(st.X.Scale, scale(k))
	}
	switch s.Task {
	case Regression:
		if !numeric {
			return nil, &ParseError{Name: s.Target, Err: fmt.Errorf("%w: a label is not a number", ErrNotNumber)}
		}
		for t := range k {
			st.Y = append(st.Y, TargetScaler{Mean: mean[d+t], Scale: scale(d + t)})
		}
	case Survival:
		if events[0] == 0 || events[1] == 0 {
			return nil, &ParseError{Name: s.Event, Err: fmt.Errorf("%w in the training rows or the validation rows (%d and %d events)", ErrNoEvents, events[0], events[1])}
		}
	case Classification:
		if len(labels) > streamLabels {
			return nil, &ParseError{Name: s.Target, Err: fmt.Errorf("more than %d classes", streamLabels)}
		}
		s.Classes = ClassLabels(sameNumbers(order))
		if len(s.Classes) < 2 {
			return nil, &ParseError{Name: s.Target, Value: order[0], Err: ErrOneClass}
		}
		s.class = make([]float64, len(order))
		for id, l := range sameNumbers(order) {
			s.class[id] = float64(slices.Index(s.Classes, l))
		}
	}
	s.Standardization = st
	return s, nil
}

// Columns returns the stream of the features that keep marks, one
// entry per feature, over the same cache: Blocks then gives only them,
// standardised as before. Its Close does nothing; the stream's closes
// the cache of both.
func (s *Stream) Columns(keep []bool) *Stream {
	c := *s
	c.view, c.raw, c.block, c.cols, c.Features = true, nil, nil, nil, nil
	for j, k := range keep {
		if k {
			c.cols = append(c.cols, s.col(j))
			c.Features = append(c.Features, s.Features[j])
		}
	}
	c.Standardization = s.Standardization.Columns(keep)
	return &c
}

// col returns the index in a cached row of the stream's feature j.
func (s *Stream) col(j int) int {
	if s.cols == nil {
		return j
	}
	return s.cols[j]
}

// Close closes the cache and removes it when it is temporary.
func (s *Stream) Close() error {
	if s.file == nil || s.view {
		return nil
	}
	err := s.file.Close()
	if s.temp {
		err = errors.Join(err, os.Remove(s.file.Name()))
	}
	return err
}

// Shape returns a dataset without rows shaped like the stream's: its
// features, target, task and classes, to build a network for it.
func (s *Stream) Shape() *Dataset {
	return &Dataset{Features: s.Features, Target: s.Target, Targets: s.Targets, Event: s.Event, Task: s.Task, Classes: s.Classes,
		Delimiter: s.Delimiter, DroppedRows: s.DroppedRows, Ignored: s.Ignored}
}

// Blocks calls f with the rows of one part (val) of each block of
// blockRows rows of the file, in the order of blocks given (nil: the
// file's), standardised, as a dataset that f must not keep: the next
// block, and the next call, reuse its memory (so f must not call Blocks).
func (s *Stream) Blocks(val bool, blockRows int, order []int, f func(*Dataset) error) error {
	blocks := (s.Rows + blockRows - 1) / blockRows
	if order == nil {
		order = seq(blocks)
	}
	k := max(1, len(s.Targets))
	d := s.width - k - 3 // the cached row's features
	if len(s.raw) != 8*s.width*blockRows {
		s.raw, s.block = make([]byte, 8*s.width*blockRows), s.Shape()
		s.block.X, s.block.Y = make([]float64, 0, len(s.Features)*blockRows), make([]float64, 0, k*blockRows)
		if s.Task == Survival {
			s.block.Events = make([]float64, 0, blockRows)
		}
	}
	raw, ds, st := s.raw, s.block, s.Standardization
	for _, b := range order {
		n := min(blockRows, s.Rows-b*blockRows)
		chunk := raw[:8*s.width*n]
		if _, err := s.file.ReadAt(chunk, int64(8*s.width*b*blockRows)); err != nil {
			return fmt.Errorf("data: reading the cache %s: %w", s.file.Name(), err)
		}
		ds.X, ds.Y, ds.Events = ds.X[:0], ds.Y[:0], ds.Events[:0]
		for i := range n {
			at := func(j int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(chunk[8*(i*s.width+j):])) }
			if (at(d+k+2) == 1) != val {
				continue
			}
			for j := range s.Features {
				ds.X = append(ds.X, standardize(at(s.col(j)), st.X.Mean[j], st.X.Scale[j]))
			}
			switch s.Task {
			case Classification:
				ds.Y = append(ds.Y, s.class[int(at(d+k))])
			case Survival:
				ds.Y, ds.Events = append(ds.Y, at(d)), append(ds.Events, at(d+k+1))
			default:
				for t := range k {
					ds.Y = append(ds.Y, st.Y[t].Standardize(at(d+t)))
				}
			}
		}
		ds.rows = len(ds.Y) / k
		if ds.rows == 0 {
			continue
		}
		if err := f(ds); err != nil {
			return err
		}
	}
	return nil
}

// BlockCount returns the number of blocks of blockRows rows.
func (s *Stream) BlockCount(blockRows int) int { return (s.Rows + blockRows - 1) / blockRows }

// Measure returns the rows (its lines after the header) and the columns
// of the CSV file at path, reading it once without parsing its values:
// what a table would take in memory, before reading it.
func Measure(ctx context.Context, path string, comma rune) (rows, cols int, err error) {
	f, err := open(ctx, path)
	if err != nil {
		return 0, 0, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	r, err := decode(ctxReader{ctx, f})
	if err != nil {
		return 0, 0, fmt.Errorf("data: %s: %w", path, err)
	}
	br := bufio.NewReaderSize(r, 1<<16)
	if comma == 0 {
		comma = DetectDelimiter(br)
	}
	head, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return 0, 0, fmt.Errorf("data: %s: %w", path, err)
	}
	cols = strings.Count(head, string(comma)) + 1
	rows, err = countLines(br)
	if err != nil {
		return 0, 0, fmt.Errorf("data: %s: %w", path, err)
	}
	return rows, cols, nil
}
