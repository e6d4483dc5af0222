package data

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Errors of feature values, wrapped by [*ParseError]; test with errors.Is.
var (
	ErrNotFlag = errors.New("not a flag")
	ErrNotDate = errors.New("not a date")
	// ErrIdentifier is a column that [ReadCSV] will not read as a
	// category: every value distinct, or more than [MaxLevels] of them.
	ErrIdentifier = errors.New("an identifier?")
)

var errWantDate = fmt.Errorf("%w (want a day of the calendar as YYYY-MM-DD, optionally followed by a time THH:MM:SS)", ErrNotDate)

// rule is how the kind of a feature column is decided.
type rule int

const (
	// detect decides from the values, once they are all read.
	detect rule = iota
	// numeric (CSVOptions.Numeric) reads a number, a flag or a date, as
	// the first value says; a value of another kind is an error.
	numeric
	// categorical (CSVOptions.Categorical) reads a category, whatever
	// the values.
	categorical
	// fixed takes the kind and the levels given (CSVOptions.Schema).
	fixed
)

// cells reads the cells of one feature column while the file is read,
// into one float64 per row kept, which the table finishes once the file
// is read. The float64 of a row is
//   - NaN for a missing value (a missing-value marker, or an infinite
//     number in a number column), and for every row of an absent column;
//   - the code of the value, its index in spellings, while the kind of a
//     detected column is not known (until the end, or until its values
//     outgrow MaxLevels) and in every category; for a category of a
//     schema, the index of its level, -1 for a value not among them;
//   - the value itself once the kind is known: a number, 0 or 1, days.
//
// Detection keeps the distinct values rather than the numbers because a
// column turns out to be a category only at its first word, and a
// category's levels are its values as spelled. Their number is bounded by
// MaxLevels: a column of numbers (or dates) with more distinct values is
// read as numbers from there on, so that a large table of numbers costs
// no more than its numbers.
type cells struct {
	Column // Kind and Levels hold once known is set, or for a category
	at     int
	rule   rule
	// known: the kind is known and a cell reads as its value, not as a
	// code (a category of the schema reads as the index of its level)
	known bool

	codes     map[string]int
	spellings []string
	// from is the row from which a detected column that outgrew
	// MaxLevels holds values; the rows before it hold codes.
	from int
	seen detection
	// The first missing-value marker and the first infinite number met,
	// for the error about missing values.
	marker, infinite firstCell

	// For the encoding of a category: the level of each code, -1 for
	// none, and the level of missing values (-1: none).
	level        []int
	missingLevel int
}

// newCells returns the reader of the feature column named name at index
// at of the header (-1: absent, not read).
func newCells(name string, at int, r rule) *cells {
	c := &cells{Column: Column{Name: name}, at: at, rule: r, known: r == fixed}
	switch r {
	case detect:
		c.codes, c.seen = make(map[string]int), newDetection()
	case categorical:
		c.codes, c.Kind = make(map[string]int), KindCategory
	}
	return c
}

// fixedCells returns the reader of a column of a schema.
func fixedCells(col Column, at int) *cells {
	c := newCells(col.Name, at, fixed)
	c.Column = col
	if col.Kind == KindCategory {
		c.codes = make(map[string]int, len(col.Levels))
		for k, level := range col.Levels {
			c.codes[level] = k
		}
	}
	return c
}

// read returns what to keep of s, the column's cell in row row, on line
// line (see cells).
func (c *cells) read(s string, row, line int) (float64, error) {
	if c.known && c.Kind == KindNumber {
		// The common case, kept fast: no trimming unless it fails.
		v, err := parseNumber(s)
		if err == nil {
			return v, nil
		}
		if err != ErrMissing {
			return 0, c.errorAt(line, s, err)
		}
		if t := text(s); isMissing(t) {
			c.marker.note(line, t)
		} else {
			c.infinite.note(line, t)
		}
		return math.NaN(), nil
	}
	t := text(s)
	if isMissing(t) {
		c.marker.note(line, t)
		return math.NaN(), nil
	}
	switch {
	case c.known:
		v, err := c.value(t)
		if err != nil {
			return 0, c.errorAt(line, s, err)
		}
		return v, nil
	case c.rule == numeric:
		if err := c.decide(t); err != nil {
			return 0, c.errorAt(line, s, err)
		}
		return c.read(s, row, line)
	}
	return c.code(t, s, row, line)
}

// value returns the value of the non-missing text t in a column whose
// kind is known.
func (c *cells) value(t string) (float64, error) {
	switch c.Kind {
	case KindNumber:
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return 0, ErrNotNumber
		}
		if !finite(v) {
			return math.NaN(), nil
		}
		return v, nil
	case KindFlag:
		for k, word := range c.Levels {
			if strings.EqualFold(t, word) {
				return float64(k), nil
			}
		}
		return 0, fmt.Errorf("%w (want %s or %s)", ErrNotFlag, c.Levels[0], c.Levels[1])
	case KindDate:
		if days, ok := parseDate(t); ok {
			return days, nil
		}
		return 0, errWantDate
	}
	if k, ok := c.codes[t]; ok {
		return float64(k), nil
	}
	return -1, nil
}

// decide sets the kind of a CSVOptions.Numeric column from its first
// value, t.
func (c *cells) decide(t string) error {
	switch pair := flagPair([]string{t}); {
	case isNumber(t):
		c.Kind = KindNumber
	case pair != nil:
		c.Kind, c.Levels = KindFlag, pair
	case isDate(t):
		c.Kind = KindDate
	case dateLike(t):
		return errWantDate
	default:
		return ErrNotNumber
	}
	c.known = true
	return nil
}

// code returns the code of the non-missing text t (the cell s as read),
// giving it one if it is new.
func (c *cells) code(t, s string, row, line int) (float64, error) {
	if k, ok := c.codes[t]; ok {
		return float64(k), nil
	}
	if c.rule == detect {
		if len(c.spellings) == MaxLevels {
			return c.outgrow(t, s, row, line)
		}
		c.seen.see(t, line)
		if v, err := strconv.ParseFloat(t, 64); err == nil && !finite(v) {
			c.infinite.note(line, t)
		}
	}
	t = strings.Clone(t) // t may point into the whole record
	c.codes[t] = len(c.spellings)
	c.spellings = append(c.spellings, t)
	return float64(c.codes[t]), nil
}

// outgrow reads, from the new value t (the cell s as read) on, a
// detected column that holds more than MaxLevels distinct values: as
// numbers or dates if all of them are, and otherwise refuses it.
func (c *cells) outgrow(t, s string, row, line int) (float64, error) {
	c.seen.see(t, line)
	switch {
	case c.seen.numbers:
		c.Kind = KindNumber
	case c.seen.commas:
		return 0, c.commaError()
	case c.seen.dates:
		c.Kind = KindDate
	default:
		return 0, &ParseError{Line: line, Column: c.at + 1, Name: c.Name, Value: s,
			Err: fmt.Errorf("more than %d distinct values (%w): %s", MaxLevels, ErrIdentifier, c.advice())}
	}
	c.known, c.from = true, row
	return c.read(s, row, line)
}

// settle decides the kind of a detected column once every row is read,
// and turns the codes of a column that is not a category into values.
// slots holds width values a row, this column's at index j, for rows
// rows.
func (c *cells) settle(slots []float64, width, j, rows int) error {
	if c.rule != detect {
		return nil
	}
	if !c.known {
		if !c.seen.numbers && c.seen.commas {
			return c.commaError()
		}
		if !c.seen.numbers && 2*c.seen.numberValues > len(c.spellings) {
			return c.strayWordError()
		}
		c.Kind, c.Levels = c.seen.kind(c.spellings)
		c.known, c.from = true, rows
	}
	if c.Kind == KindCategory {
		nonMissing := 0
		for i := range rows {
			if !math.IsNaN(slots[i*width+j]) {
				nonMissing++
			}
		}
		if nonMissing >= minIdentifier && len(c.spellings) == nonMissing {
			return &ParseError{Column: c.at + 1, Name: c.Name,
				Err: fmt.Errorf("every one of its %d values is distinct (%w): %s", nonMissing, ErrIdentifier, c.advice())}
		}
		return nil
	}
	values := make([]float64, len(c.spellings))
	for k, s := range c.spellings {
		values[k], _ = c.value(s) // the kind was decided from these very values
	}
	for i := range c.from {
		if v := &slots[i*width+j]; !math.IsNaN(*v) {
			*v = values[int(*v)]
		}
	}
	return nil
}

// levels sets the levels of a category from the codes of the rows kept
// (slots as for settle): its distinct values in sorted order, then the
// empty level of missing values if there are any. A schema's category
// keeps its levels.
func (c *cells) levels(slots []float64, width, j, rows int) {
	c.missingLevel = -1
	if c.rule == fixed {
		c.level = seq(len(c.Levels))
		if n := len(c.Levels); c.Levels[n-1] == "" {
			c.missingLevel = n - 1
		}
		return
	}
	used := make([]bool, len(c.spellings))
	missing := false
	for i := range rows {
		if v := slots[i*width+j]; math.IsNaN(v) {
			missing = true
		} else {
			used[int(v)] = true
		}
	}
	c.Levels = nil
	for k, s := range c.spellings {
		if used[k] {
			c.Levels = append(c.Levels, s)
		}
	}
	slices.Sort(c.Levels) // sort.Strings's order, so that the same file gives the same columns
	position := make(map[string]int, len(c.Levels))
	for k, s := range c.Levels {
		position[s] = k
	}
	c.level = make([]int, len(c.spellings))
	for k, s := range c.spellings {
		c.level[k] = -1
		if used[k] {
			c.level[k] = position[s]
		}
	}
	if missing {
		c.missingLevel = len(c.Levels)
		c.Levels = append(c.Levels, "")
	}
}

// errorAt returns the error err of the cell s on line.
func (c *cells) errorAt(line int, s string, err error) error {
	if c.rule == detect { // a column that outgrew MaxLevels as numbers or dates
		err = fmt.Errorf("%w, though the more than %d distinct values above it are (too many for a category): correct it, or %s",
			err, MaxLevels, c.advice())
	}
	return &ParseError{Line: line, Column: c.at + 1, Name: c.Name, Value: s, Err: err}
}

// commaError is the error of a column of numbers some of which have a
// decimal comma.
func (c *cells) commaError() error {
	return &ParseError{Line: c.seen.comma.line, Column: c.at + 1, Name: c.Name, Value: c.seen.comma.value,
		Err: fmt.Errorf("%w (a decimal comma? write numbers with a decimal point, or encode the column with --categorical %s)",
			ErrNotNumber, shellWord(c.Name))}
}

// strayWordError is the error of a column most of whose distinct values
// are numbers: its words are more likely typos or codes for a missing
// value than the levels of a category, and reading it as one would pass
// them silently.
func (c *cells) strayWordError() error {
	return &ParseError{Line: c.seen.word.line, Column: c.at + 1, Name: c.Name, Value: c.seen.word.value,
		Err: fmt.Errorf("%w, though %d of the column's %d distinct values are (correct it, leave the cell empty for a missing value, or encode the column with --categorical %s)",
			ErrNotNumber, c.seen.numberValues, len(c.spellings), shellWord(c.Name))}
}

// advice says what to do with a column that looks like an identifier.
func (c *cells) advice() string {
	name := shellWord(c.Name)
	return fmt.Sprintf("leave it out with --ignore %s, or encode it with --categorical %s", name, name)
}

// shellWord quotes a column name for a shell when it needs it.
func shellWord(name string) string {
	if strings.ContainsFunc(name, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("_.-/=:@%+", r))
	}) {
		return "'" + strings.ReplaceAll(name, "'", `'\''`) + "'"
	}
	return name
}
