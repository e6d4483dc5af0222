package data

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Errors wrapped by [*ParseError] and returned by [ReadCSV]; test with errors.Is.
var (
	ErrEmpty         = errors.New("no header row")
	ErrNoRows        = errors.New("no data rows")
	ErrFieldCount    = errors.New("wrong number of fields")
	ErrNotNumber     = errors.New("not a number")
	ErrMissing       = errors.New("missing or non-finite value")
	ErrNoFeature     = errors.New("a feature column is not in the file")
	ErrConstant      = errors.New("target is constant")
	ErrDuplicateName = errors.New("duplicate column name")
	ErrUnknownTarget = errors.New("no such target column")
	ErrOneClass      = errors.New("target has a single class")
	ErrNegativeTime  = errors.New("a survival time is negative")
	ErrNotEvent      = errors.New("an event is not 0 (censored) or 1 (observed)")
	ErrNoEvents      = errors.New("no event is observed: every row is censored")
)

// ParseError is a malformed CSV input, with its position. Line and Column
// count from 1. Column is the field's position in the row and Name the
// header of that column, except for CSV syntax errors (a stray quote), where
// Column is the byte position that encoding/csv reports. An error of a
// whole column (an identifier) has no Line. Fields that do not apply are
// zero.
type ParseError struct {
	File   string
	Line   int
	Column int
	Name   string
	Value  string
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, "%d:", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Name != "" {
		fmt.Fprintf(&b, "column %q: ", e.Name)
	}
	if e.Value != "" || e.Name != "" && e.Line > 0 { // a cell, even empty; not a whole column
		fmt.Fprintf(&b, "value %q: ", e.Value)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// CSVOptions says how to read a CSV file. The zero value reads a file
// whose delimiter is detected, whose last column is the target, detecting
// the task, and rejecting missing values.
type CSVOptions struct {
	// Target names the target column; empty means the last column. For
	// survival it holds the times, numbers >= 0.
	Target string
	// Targets names several regression targets, read in this order, one
	// network output each (Target then stays empty): Dataset.Targets.
	Targets []string
	// Event names the column of events of a survival task: 1 where the
	// event was observed at the row's time, 0 where the row was censored.
	// Setting it makes the task Survival, which needs it.
	Event string
	// Task forces the task; Auto applies [DetectTask]'s rule, or is
	// Survival when Event is set.
	Task Task
	// Comma is the field delimiter; 0 detects ',', ';' or tab from the
	// header line (see [DetectDelimiter]).
	Comma rune
	// Missing says what to do with missing values (see [Missing]).
	Missing Missing
	// Features, when set, reads only these feature columns (of the file,
	// not of X: a category is named once), by name and in this order,
	// whatever their order in the file; the other columns are listed in
	// Dataset.Ignored. A missing one is an error, unless it is one of
	// Absent.
	Features []string
	// Absent names feature columns of Features or Schema that a table to
	// predict (ForPrediction) need not hold: a model's columns whose
	// weight is zero. They are not read, whether the file has them or not
	// (their values, every column of a category's block, are NaN, not
	// counted as missing).
	Absent []string
	// ForPrediction reads a table to predict, whose every row must keep
	// its place: the target column may be absent (the dataset then has no
	// Y) and, when present, is only for scoring, so a missing label is NaN
	// in Y instead of dropping its row, and one class or a constant is
	// accepted; with MissingDrop or MissingMean a row with a missing
	// feature is kept, NaN in X, for the caller to decide. Its feature
	// columns are read as Schema says, or, without one, as numbers (what
	// a model saved before schemas expects).
	ForPrediction bool
	// ID names a column whose cells are copied, as read, into
	// Dataset.IDs, one per row kept, to label the rows of predictions;
	// it is not read as a feature unless Features or a Schema names it.
	ID string

	// Ignore names columns to leave out entirely (they are listed in
	// Dataset.Ignored).
	Ignore []string
	// Categorical names columns to read as categories whatever their
	// values, numbers included, without the refusal of identifiers.
	Categorical []string
	// Numeric names columns to read as one number per value, never as a
	// category: numbers, or a flag, or dates, as the first value says;
	// a value of another kind is a *ParseError.
	Numeric []string
	// Groups ties feature columns into units selected together
	// (LassoNet's feature groups; see [ReadGroups]): it maps a column to
	// the name of its group, the unit's name. The columns of a group are
	// read one after the other, from the place of its first column in the
	// file, and each takes the group in Column.Group. A group must not be
	// named like a column outside every group.
	Groups map[string]string
	// Log names number columns read as the natural logarithm of their
	// values (Column.Log): skewed measurements such as laboratory values,
	// on the scale a linear layer and a standardisation suit. Every value
	// must be above 0; a missing value stays missing.
	Log []string
	// CommonScale keeps the features' relative scales: Dataset.CommonScale.
	CommonScale bool

	// Progress, when not nil, is called as ReadFileContext reads the
	// file, about every megabyte, with the bytes read so far and the
	// file's size (0 when it has none: a pipe); for a compressed file,
	// its compressed bytes.
	Progress func(read, size int64)

	// Schema, when set, says which feature columns to read and how,
	// instead of detecting it: the Dataset.Schema of the training table,
	// for a table to predict (or to read a written table back as it
	// was). Features, Ignore, Categorical, Numeric, Groups and Log do not
	// apply with it, and Absent names columns of it. A category's value that is not
	// among its levels reads as a block of zeros and is counted in
	// Dataset.Unseen; a number, flag or date column holding something
	// else is a *ParseError.
	Schema []Column
}

// ReadFile reads the CSV file at path with [ReadCSV]; errors name the file.
func ReadFile(path string, opts CSVOptions) (*Dataset, error) {
	return ReadFileContext(context.Background(), path, opts)
}

// ReadFileContext is ReadFile that stops, with ctx's error, when ctx is
// done. The file may be a pipe or a device (it is read once, without
// seeking), gzip-compressed, or UTF-16 with a byte-order mark.
func ReadFileContext(ctx context.Context, path string, opts CSVOptions) (*Dataset, error) {
	f, err := open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	// Closing the file ends a read that waits on a pipe.
	defer context.AfterFunc(ctx, func() { f.Close() })()
	// Count the lines of a plain file first: with the rows known, the
	// values go straight into one slice of the right size, and a large
	// file costs its data once in memory, not twice. A pipe cannot be
	// read twice, nor an encoded file counted cheaply. Every value takes
	// at least a byte, which bounds what blank lines could claim.
	lines, size := 0, 0
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && plain(f) {
		if lines, err = countLines(ctxReader{ctx, f}); err != nil {
			return nil, fmt.Errorf("data: %s: %w", path, err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("data: %s: %w", path, err)
		}
		size = int(min(fi.Size(), math.MaxInt32))
	}
	ds, err := readCSV(reader(ctx, f, opts.Progress), opts, lines, size)
	if err = fileError(ctx, path, err); err != nil {
		return nil, err
	}
	return ds, nil
}

// fileError names the file in an error of reading it: a *ParseError
// takes the file's name, another error is wrapped with it, and an
// interruption says so.
func fileError(ctx context.Context, path string, err error) error {
	switch pe, ok := errors.AsType[*ParseError](err); {
	case ctx.Err() != nil:
		return fmt.Errorf("data: reading %s: %w", path, ctx.Err())
	case ok:
		pe.File = path
	case err != nil:
		err = fmt.Errorf("data: %s: %w", path, err)
	}
	return err
}

// open opens path for reading, stopping with ctx's error when ctx is done
// first (opening a named pipe waits for a writer).
func open(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		return o.f, o.err
	case <-ctx.Done():
		go func() { // close the file if it opens after all
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, fmt.Errorf("opening %s: %w", path, ctx.Err())
	}
}

// plain reports whether the file starts as plain text (neither a gzip
// stream nor UTF-16 with a byte-order mark), and rewinds it.
func plain(f *os.File) bool {
	var head [2]byte
	n, _ := io.ReadFull(f, head[:])
	f.Seek(0, io.SeekStart)
	return n < 2 || head != [2]byte{0x1f, 0x8b} && head != [2]byte{0xff, 0xfe} && head != [2]byte{0xfe, 0xff}
}

// ReadCSV reads a CSV table with one header row. Each feature column is
// read as what its values, missing ones apart, are (see [Kind]):
//   - a number when every value is one (a column of 0 and 1 included);
//   - a flag when they are, case aside, the words of one of the pairs
//     yes/no, true/false or y/n: one column of 0 and 1;
//   - a date when every value is an ISO 8601 date, YYYY-MM-DD, with
//     perhaps a time THH:MM[:SS[.fff]] (or a space for the T) and a Z,
//     no other zone: the days since 1970-01-01, fractional with a time;
//     an impossible day (2023-02-30) is no date;
//   - a category otherwise: a one-hot block of X, one column per level,
//     the levels in sorted order and named column=level, then, when the
//     column has missing values, their own level, column=(missing).
//
// A category whose every value differs (20 values or more) or that has
// more than [MaxLevels] levels is refused as an identifier
// ([ErrIdentifier]), and a column of numbers with decimal commas as not a
// number. CSVOptions.Ignore, Categorical, Numeric and Schema change what
// is read and how; Dataset.Schema records it. Missing values in the other
// kinds follow CSVOptions.Missing (see [Missing]). The target keeps its
// rules: it holds numbers or, for classification, any labels. Classes are
// numbered in sorted order (numeric order when every label is a number).
// A UTF-8 byte-order mark, CRLF or CR line ends, quoted fields, blank
// lines, ',', ';' or tab delimiters, gzip compression and UTF-16 with a
// byte-order mark are accepted. Malformed input gives a [*ParseError];
// binary content [ErrBinary].
func ReadCSV(r io.Reader, opts CSVOptions) (*Dataset, error) { return readCSV(r, opts, 0, 0) }

// countLines returns the number of newlines in r.
func countLines(r io.Reader) (int, error) {
	buf := make([]byte, 1<<20)
	n := 0
	for {
		k, err := r.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// readCSV is ReadCSV with a hint of the number of lines and a bound on
// the number of values (0: unknown).
func readCSV(r io.Reader, opts CSVOptions, lineHint, maxValues int) (*Dataset, error) {
	t, err := newTableReader(r, opts)
	if err != nil {
		return nil, err
	}
	defer t.records.stop()
	ds, _, err := t.read(0, min(lineHint*len(t.cols), max(maxValues, 0)))
	return ds, err
}

// tableReader reads the rows of a table after its header.
type tableReader struct {
	opts    CSVOptions
	header  []string
	records *records
	cols    []*cells
	// The columns of the targets, of the first target (-1: none), of the
	// events (-1: none) and of the identifier (-1: none).
	tcols             []int
	target, event, id int
	// shape holds what every dataset read takes from the header.
	shape Dataset
	parts int // the reads made
}

// newTableReader reads the header of the table in r and plans the
// reading of its columns.
func newTableReader(r io.Reader, opts CSVOptions) (*tableReader, error) {
	cr, header, comma, err := readHeader(r, opts.Comma)
	if err != nil {
		return nil, err
	}
	t := &tableReader{opts: opts, header: header, target: -1, id: -1, shape: Dataset{Delimiter: comma}}
	if t.tcols, err = targetColumns(header, opts); err != nil {
		return nil, err
	}
	if len(t.tcols) > 0 {
		t.target = t.tcols[0]
	}
	if t.event, err = eventColumn(header, t.target, opts); err != nil {
		return nil, err
	}
	if opts.ForPrediction && opts.Task == Survival && t.event < 0 {
		t.target, t.tcols = -1, nil // times without events score nothing
	}
	ds := &t.shape
	targets := slices.Clone(t.tcols)
	if t.target >= 0 {
		ds.Target = header[t.target]
	}
	if len(t.tcols) > 1 {
		for _, c := range t.tcols {
			ds.Targets = append(ds.Targets, header[c])
		}
		ds.Target = strings.Join(ds.Targets, ",")
	}
	if t.event >= 0 {
		ds.Event = header[t.event]
		targets = append(targets, t.event)
	}
	if opts.ID != "" {
		t.id = slices.Index(header, opts.ID)
		switch {
		case t.id < 0:
			return nil, &ParseError{Line: 1, Value: opts.ID, Err: fmt.Errorf("%w to copy as the identifier (CSVOptions.ID); the columns are %s",
				ErrUnknownColumn, strings.Join(header, ", "))}
		case slices.Contains(targets, t.id):
			role := "the target"
			switch {
			case t.id == t.event:
				role = "the events"
			case t.event >= 0:
				role = "the times"
			case len(t.tcols) > 1:
				role = "a target"
			}
			return nil, &ParseError{Line: 1, Value: opts.ID, Err: fmt.Errorf("%w: it holds %s, not identifiers to copy (CSVOptions.ID): name another column", ErrColumnOption, role)}
		}
	}
	if t.cols, err = plan(header, targets, opts, ds); err != nil {
		return nil, err
	}
	t.records = readRecords(cr, len(header))
	return t, nil
}

// read reads the next limit rows (0: every row left) into a dataset,
// with room for hint values from the start; done says that the table
// has no more rows. A table without rows is an error, a last part
// without rows is none: it comes back nil.
func (t *tableReader) read(limit, hint int) (ds *Dataset, done bool, err error) {
	opts, header, tcols, target, event, id := t.opts, t.header, t.tcols, t.target, t.event, t.id
	ds = &Dataset{Delimiter: t.shape.Delimiter, Target: t.shape.Target, Targets: t.shape.Targets, Event: t.shape.Event, Ignored: t.shape.Ignored,
		CommonScale: opts.CommonScale}
	if id >= 0 {
		ds.IDs = []string{}
	}
	cols := t.cols
	var (
		labels []string
		events []string // of a survival task
		lines  []int    // line of each row
		values = chunks{hint: hint}
		read   int // rows read, dropped ones included
	)
	for limit == 0 || read < limit {
		rec, line, err := t.records.next()
		if err == io.EOF {
			done = true
			break
		}
		if err != nil {
			return nil, false, err
		}
		read++
		if target >= 0 {
			missing, ev := false, ""
			for _, c := range tcols {
				missing = missing || isMissing(text(rec[c]))
			}
			if event >= 0 {
				ev = text(rec[event])
				missing = missing || isMissing(ev)
			}
			if missing && !opts.ForPrediction {
				ds.DroppedRows++ // a missing target cannot be filled in
				continue
			}
			// Clone: a label points into the whole record's line.
			for _, c := range tcols {
				labels = append(labels, strings.Clone(text(rec[c])))
			}
			if event >= 0 {
				events = append(events, strings.Clone(ev))
			}
		}
		if id >= 0 {
			ds.IDs = append(ds.IDs, strings.Clone(rec[id]))
		}
		for _, c := range cols {
			v := math.NaN() // an absent column
			if c.at >= 0 {
				if v, err = c.read(rec[c.at], len(lines), line); err != nil {
					return nil, false, err
				}
			}
			values.add(v)
		}
		lines = append(lines, line)
	}
	t.parts++
	if read == 0 && t.parts > 1 {
		return nil, true, nil
	}
	tab := &table{cols: cols, slots: values.join(), lines: lines}
	if err := tab.settle(); err != nil {
		return nil, false, err
	}
	missing, log := tab.missing()
	if log.any() && opts.Missing == MissingError {
		return nil, false, log.err()
	}
	for _, m := range missing {
		if m {
			ds.MissingRows++
		}
	}
	if ds.MissingRows > 0 && opts.Missing == MissingDrop && !opts.ForPrediction {
		ds.DroppedRows += ds.MissingRows
		tab.drop(missing)
		labels = dropped(labels, missing, len(tcols))
		events = dropped(events, missing, 1)
		if id >= 0 {
			ds.IDs = dropped(ds.IDs, missing, 1)
		}
	}
	lines = tab.lines
	tab.encode(ds)
	ds.rows = len(lines)
	if ds.rows == 0 {
		return nil, false, &ParseError{Err: ErrNoRows}
	}
	if target < 0 {
		return ds, done, ds.validate()
	}
	ds.Task = opts.Task
	switch {
	case event >= 0:
		ds.Task = Survival
	case ds.Targets != nil:
		ds.Task = Regression
	case ds.Task == Auto:
		ds.Task = DetectTask(labels)
	}
	set := ds.setTargets
	if opts.ForPrediction {
		set = ds.setScoringTargets
	}
	err = set(labels)
	if err == nil && event >= 0 {
		err = ds.setSurvival(labels, events, opts.ForPrediction)
	}
	if err != nil {
		if pe, ok := errors.AsType[*ParseError](err); ok && pe.Line > 0 {
			pe.Line = lines[pe.Line-1]
			if pe.Name == "" {
				pe.Name = header[target]
			}
			pe.Column = slices.Index(header, pe.Name) + 1
		}
		return nil, false, err
	}
	return ds, done, ds.validate()
}

// ReadHeader returns the column names of the CSV table in the file at
// path, cleaned as ReadCSV cleans them, reading little more than its
// first line: to check names against a table before reading it.
func ReadHeader(ctx context.Context, path string, comma rune) ([]string, error) {
	f, err := open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	_, header, _, err := readHeader(ctxReader{ctx, f}, comma)
	if err != nil {
		return nil, fileError(ctx, path, err)
	}
	return header, nil
}

// readHeader opens a CSV table: it decodes r (gzip, UTF-16), skips a
// byte-order mark, detects the delimiter unless comma gives it, and reads
// and checks the header, whose names it returns cleaned (see text), with
// the reader of the records that follow.
func readHeader(r io.Reader, comma rune) (*csv.Reader, []string, rune, error) {
	r, err := decode(r)
	if err != nil {
		return nil, nil, 0, err
	}
	br := bufio.NewReaderSize(r, 1<<16)
	if bom, _ := br.Peek(3); string(bom) == "\uFEFF" {
		br.Discard(3) // before csv sees it: a BOM before a quoted name is a syntax error
	}
	if comma == 0 {
		comma = DetectDelimiter(br)
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // checked with the records, with a clearer message
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, 0, &ParseError{Err: ErrEmpty}
	}
	if err != nil {
		return nil, nil, 0, fromCSV(err)
	}
	header = slices.Clone(header)
	for i := range header {
		header[i] = text(header[i])
	}
	if err := checkNames(header); err != nil {
		return nil, nil, 0, err
	}
	return cr, header, comma, nil
}

// dropped returns the labels of the rows not marked, stride labels a
// row.
func dropped(labels []string, rows []bool, stride int) []string {
	if labels == nil {
		return nil
	}
	n := 0
	for i, out := range rows {
		if !out {
			n += copy(labels[n:], labels[i*stride:(i+1)*stride])
		}
	}
	return labels[:n]
}

// setTargets converts the target labels. A *ParseError it returns has Line
// set to the row number, counted from 1.
func (d *Dataset) setTargets(labels []string) error {
	d.Y = make([]float64, len(labels))
	if d.Task == Survival {
		return nil // setSurvival reads the times with the events
	}
	if d.Task == Regression {
		k := d.YStride()
		for i, s := range labels {
			v, err := parseNumber(s)
			if err != nil {
				return &ParseError{Line: i/k + 1, Name: d.targetName(i % k), Value: s, Err: err}
			}
			d.Y[i] = v
		}
		for t := range k {
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := t; i < len(d.Y); i += k {
				lo, hi = min(lo, d.Y[i]), max(hi, d.Y[i])
			}
			if lo == hi {
				return &ParseError{Name: d.targetName(t), Value: labels[t], Err: ErrConstant}
			}
		}
		return nil
	}
	labels = sameNumbers(labels)
	d.Classes = ClassLabels(labels)
	if len(d.Classes) < 2 {
		return &ParseError{Name: d.Target, Value: labels[0], Err: ErrOneClass}
	}
	index := make(map[string]int, len(d.Classes))
	for k, c := range d.Classes {
		index[c] = k
	}
	for i, s := range labels {
		d.Y[i] = float64(index[s])
	}
	return nil
}

// sameNumbers makes labels that are the same number ("1", "1.0", "1e0";
// "0" and "-0") one class, spelled as the first of them: when every label
// is a number, each takes the spelling of the first label of its exact
// decimal value (distinct long numbers, such as 20-digit ids, stay
// distinct); otherwise labels stay as they are.
func sameNumbers(labels []string) []string {
	out := make([]string, len(labels))
	first := make(map[string]string)
	for i, s := range labels {
		key, ok := NumberKey(s)
		if !ok {
			return labels
		}
		if _, seen := first[key]; !seen {
			first[key] = s
		}
		out[i] = first[key]
	}
	return out
}

// NumberKey returns the exact value of a decimal label as a canonical
// string (a fraction in lowest terms), so that two labels that are the
// same number have the same key; ok is false for a label that is not a
// decimal number.
func NumberKey(label string) (key string, ok bool) {
	r, ok := new(big.Rat).SetString(label)
	if !ok || strings.ContainsAny(label, "/xXpP_") {
		return "", false // fractions, hex and digit separators are text here
	}
	return r.RatString(), true
}

// setScoringTargets converts the labels of a table to predict: missing
// ones become NaN, and one class or a constant is no error (see
// CSVOptions.ForPrediction).
func (d *Dataset) setScoringTargets(labels []string) error {
	d.Y = make([]float64, len(labels))
	var present []string
	for i, s := range labels {
		if isMissing(s) {
			d.Y[i] = math.NaN()
			continue
		}
		if d.Task == Regression {
			v, err := parseNumber(s)
			if err != nil {
				k := d.YStride()
				return &ParseError{Line: i/k + 1, Name: d.targetName(i % k), Value: s, Err: err}
			}
			d.Y[i] = v
			continue
		}
		present = append(present, s)
	}
	if d.Task != Classification {
		return nil
	}
	d.Classes = ClassLabels(present)
	index := make(map[string]int, len(d.Classes))
	for k, c := range d.Classes {
		index[c] = k
	}
	k := 0
	for i, s := range labels {
		if !isMissing(s) {
			d.Y[i] = float64(index[present[k]])
			k++
		}
	}
	return nil
}

// setSurvival reads the times and the events of a survival task: a
// time is a number >= 0, an event 0 or 1, and some row must have an
// event. For a table to predict (scoring), a missing one is NaN and
// rows without events are no error. A *ParseError it returns has Line
// set to the row number, counted from 1, and Name to its column.
func (d *Dataset) setSurvival(times, events []string, scoring bool) error {
	d.Events = make([]float64, len(events))
	observed := false
	for i, s := range times {
		if scoring && isMissing(s) {
			d.Y[i] = math.NaN()
		} else {
			v, err := parseNumber(s)
			if err == nil && v < 0 {
				err = ErrNegativeTime
			}
			if err != nil {
				return &ParseError{Line: i + 1, Name: d.Target, Value: s, Err: err}
			}
			d.Y[i] = v
		}
		if e := events[i]; scoring && isMissing(e) {
			d.Events[i] = math.NaN()
			continue
		}
		switch v, err := parseNumber(events[i]); {
		case err != nil || v != 0 && v != 1:
			return &ParseError{Line: i + 1, Name: d.Event, Value: events[i], Err: ErrNotEvent}
		default:
			d.Events[i] = v
			observed = observed || v == 1
		}
	}
	if !observed && !scoring {
		return &ParseError{Name: d.Event, Err: ErrNoEvents}
	}
	return nil
}

// ClassLabels returns the distinct labels, in numeric order when all are
// numbers and in lexical order otherwise.
func ClassLabels(labels []string) []string {
	seen := make(map[string]bool)
	var out []string
	numeric := true
	for _, s := range labels {
		if seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			numeric = false
		}
	}
	if numeric {
		slices.SortFunc(out, func(a, b string) int {
			x, okX := new(big.Rat).SetString(a)
			y, okY := new(big.Rat).SetString(b)
			if !okX || !okY {
				fx, _ := strconv.ParseFloat(a, 64)
				fy, _ := strconv.ParseFloat(b, 64)
				return cmpFloat(fx, fy)
			}
			return x.Cmp(y)
		})
	} else {
		slices.Sort(out)
	}
	return out
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// text cleans a name or a label: surrounding space (and stray byte-order
// marks, which are invisible) trimmed, and line
// breaks inside a quoted field made "\n" (encoding/csv turns "\r\n" into
// "\n" but keeps a lone "\r", so a field holding one would read back
// differently after being written).
func text(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// parseNumber reads a finite number; a missing-value marker or a
// non-finite number gives ErrMissing, other text ErrNotNumber.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err == nil && !math.IsNaN(v) && !math.IsInf(v, 0):
		return v, nil
	case err == nil || isMissing(s):
		return 0, ErrMissing
	}
	return 0, ErrNotNumber
}

func checkNames(header []string) error {
	seen := make(map[string]int, len(header))
	for i, name := range header {
		if name == "" {
			return &ParseError{Line: 1, Column: i + 1, Err: errors.New("empty column name")}
		}
		if j, dup := seen[name]; dup {
			return &ParseError{Line: 1, Column: i + 1, Value: name, Err: fmt.Errorf("%w (also column %d)", ErrDuplicateName, j+1)}
		}
		seen[name] = i
	}
	if len(header) < 2 {
		return &ParseError{Line: 1, Err: errors.New("need at least one feature column and a target column")}
	}
	return nil
}

// targetName returns the name of target t (see Dataset.Targets).
func (d *Dataset) targetName(t int) string {
	if d.Targets == nil {
		return d.Target
	}
	return d.Targets[t]
}

// targetColumns returns the indices of the target columns: the one of
// targetColumn, or those of CSVOptions.Targets (none for a table to
// predict that lacks one of them).
func targetColumns(header []string, opts CSVOptions) ([]int, error) {
	if opts.Targets == nil {
		i, err := targetColumn(header, opts)
		if i < 0 || err != nil {
			return nil, err
		}
		return []int{i}, nil
	}
	switch {
	case opts.Target != "":
		return nil, &ParseError{Line: 1, Value: opts.Target, Err: errors.New("CSVOptions.Target and Targets both name targets: give one of them")}
	case opts.Task != Auto && opts.Task != Regression || opts.Event != "":
		return nil, &ParseError{Line: 1, Value: strings.Join(opts.Targets, ","), Err: errors.New("several targets are for a regression")}
	}
	var cols []int
	for _, name := range opts.Targets {
		i := slices.Index(header, name)
		switch {
		case i < 0 && opts.ForPrediction:
			return nil, nil
		case i < 0:
			return nil, &ParseError{Line: 1, Value: name, Err: fmt.Errorf("%w; the columns are %s", ErrUnknownTarget, strings.Join(header, ", "))}
		case slices.Contains(cols, i):
			return nil, &ParseError{Line: 1, Value: name, Err: errors.New("a target named twice")}
		}
		cols = append(cols, i)
	}
	return cols, nil
}

// targetColumn returns the index of the target column, or -1 when the
// options allow it to be absent and it is.
func targetColumn(header []string, opts CSVOptions) (int, error) {
	if opts.Target == "" {
		if opts.ForPrediction {
			return -1, nil
		}
		return len(header) - 1, nil
	}
	if i := slices.Index(header, opts.Target); i >= 0 {
		return i, nil
	}
	if opts.ForPrediction {
		return -1, nil
	}
	return 0, &ParseError{Line: 1, Value: opts.Target, Err: fmt.Errorf("%w; the columns are %s", ErrUnknownTarget, strings.Join(header, ", "))}
}

// eventColumn returns the index of the column of events, or -1 when the
// task has none or, for a table to predict, the file lacks it (or the
// target). The event goes with a survival task and a target other than
// itself.
func eventColumn(header []string, target int, opts CSVOptions) (int, error) {
	switch {
	case opts.Event == "" && opts.Task == Survival:
		return 0, &ParseError{Line: 1, Err: errors.New("a survival task needs the column of events (CSVOptions.Event)")}
	case opts.Event == "":
		return -1, nil
	case opts.Task != Auto && opts.Task != Survival:
		return 0, &ParseError{Line: 1, Value: opts.Event, Err: fmt.Errorf("a column of events (CSVOptions.Event) is for a survival task, not %v", opts.Task)}
	}
	i := slices.Index(header, opts.Event)
	switch {
	case i >= 0 && i == target:
		return 0, &ParseError{Line: 1, Value: opts.Event, Err: errors.New("the column of events is the target, the column of times")}
	case i >= 0 && target >= 0:
		return i, nil
	case opts.ForPrediction:
		return -1, nil
	case i < 0:
		return 0, &ParseError{Line: 1, Value: opts.Event, Err: fmt.Errorf("%w (the events); the columns are %s", ErrUnknownTarget, strings.Join(header, ", "))}
	}
	return i, nil
}

// records reads CSV records in a goroutine of its own and hands them over
// in batches, so that splitting the lines and parsing the numbers run on
// two cores (cmd/featsel-bench --csv measures it).
// Records and errors arrive in the order of the file.
type records struct {
	full, free chan *batch
	done       chan struct{}
	width      int
	cur        *batch
	i          int
}

// batch is a run of records: width fields each, with their lines, and
// the error (io.EOF at the end) that came after them.
type batch struct {
	fields []string
	lines  []int
	err    error
}

const batchRows = 1024

func readRecords(cr *csv.Reader, width int) *records {
	r := &records{full: make(chan *batch, 1), free: make(chan *batch, 2), done: make(chan struct{}), width: width}
	for range 2 {
		r.free <- &batch{fields: make([]string, 0, batchRows*width), lines: make([]int, 0, batchRows)}
	}
	go func() {
		b := <-r.free
		for {
			rec, err := cr.Read()
			if err == nil {
				line, _ := cr.FieldPos(0)
				if len(rec) != width {
					err = &ParseError{Line: line, Err: fmt.Errorf("%w: %d, the header has %d", ErrFieldCount, len(rec), width)}
				} else {
					b.fields = append(b.fields, rec...)
					b.lines = append(b.lines, line)
					if len(b.lines) < batchRows {
						continue
					}
				}
			} else if err != io.EOF {
				err = fromCSV(err)
			}
			b.err = err
			select {
			case r.full <- b:
			case <-r.done:
				return
			}
			if err != nil {
				return
			}
			select {
			case b = <-r.free:
			case <-r.done:
				return
			}
		}
	}()
	return r
}

// next returns the next record and its line, or the error that ends them
// (io.EOF after the last record).
func (r *records) next() (rec []string, line int, err error) {
	for r.cur == nil || r.i == len(r.cur.lines) {
		if r.cur != nil {
			if r.cur.err != nil {
				return nil, 0, r.cur.err
			}
			r.cur.fields, r.cur.lines = r.cur.fields[:0], r.cur.lines[:0]
			r.free <- r.cur
		}
		r.cur, r.i = <-r.full, 0
	}
	rec, line = r.cur.fields[r.i*r.width:(r.i+1)*r.width], r.cur.lines[r.i]
	r.i++
	return rec, line, nil
}

// stop ends the reading goroutine when the records are not all read.
func (r *records) stop() { close(r.done) }

func fromCSV(err error) error {
	if ce, ok := errors.AsType[*csv.ParseError](err); ok {
		return &ParseError{Line: ce.Line, Column: ce.Column, Err: ce.Err}
	}
	return err
}

// chunks collects values. With a hint of their number it fills one slice
// of that capacity; beyond the hint, or without one, it uses fixed-size
// blocks, so that a large file never holds more than the values and one
// copy of them (append's doubling would hold up to three times as much
// while it copies).
type chunks struct {
	hint   int
	flat   []float64
	blocks [][]float64
	n      int
}

const chunkSize = 1 << 16

func (c *chunks) add(v float64) {
	if c.n < c.hint {
		if c.flat == nil {
			c.flat = make([]float64, 0, c.hint)
		}
		c.flat = append(c.flat, v)
		c.n++
		return
	}
	if (c.n-c.hint)%chunkSize == 0 {
		c.blocks = append(c.blocks, make([]float64, 0, chunkSize))
	}
	last := len(c.blocks) - 1
	c.blocks[last] = append(c.blocks[last], v)
	c.n++
}

// join returns the values in one slice and releases the blocks.
func (c *chunks) join() []float64 {
	if c.blocks == nil && c.flat != nil {
		return c.flat[:len(c.flat):len(c.flat)]
	}
	out := make([]float64, 0, c.n)
	out = append(out, c.flat...)
	c.flat = nil
	for i, b := range c.blocks {
		out = append(out, b...)
		c.blocks[i] = nil
	}
	return out
}
