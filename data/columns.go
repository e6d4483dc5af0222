package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Kind is how the text of a feature column becomes numbers.
type Kind int

const (
	// KindNumber: every value is a number, read as it is.
	KindNumber Kind = iota
	// KindFlag: every value is one word of a pair, yes/no, true/false or
	// y/n (case aside), read as 1 for yes, true or y and 0 for the other.
	KindFlag
	// KindDate: every value is an ISO 8601 date, read as the days since
	// 1970-01-01 (see [ReadCSV]).
	KindDate
	// KindCategory: anything else, read as a one-hot block, one column of
	// X per level.
	KindCategory
)

var kindNames = []string{"number", "flag", "date", "category"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column describes a feature column of a file: its name, how its text
// became numbers and, for a flag or a category, the words it holds.
type Column struct {
	Name string
	Kind Kind
	// Levels are, for a flag, the words of 0 and 1 in lower case ("no",
	// "yes"); for a category, its levels in sorted order, each a column
	// of X named Name=level, and an empty level, last, when the column
	// has missing values, which a category reads as a level of their own
	// (named Name=(missing)). Numbers and dates have none.
	Levels []string
	// Group names the unit the column is selected with, when
	// CSVOptions.Groups ties it to others; empty, the column is a unit of
	// its own. A group's columns are consecutive in a schema.
	Group string
	// Log says that the column, a number, holds the natural logarithm of
	// the file's values (CSVOptions.Log).
	Log bool
}

// sameUnit reports whether c and prev, the column before it in a schema,
// belong to one unit: one group.
func (c Column) sameUnit(prev Column) bool { return c.Group != "" && c.Group == prev.Group }

// unit returns the name of the unit the column belongs to.
func (c Column) unit() string {
	if c.Group != "" {
		return c.Group
	}
	return c.Name
}

// Width returns the number of columns of X the column takes: one per
// level for a category, one otherwise.
func (c Column) Width() int {
	if c.Kind == KindCategory {
		return len(c.Levels)
	}
	return 1
}

// featureName names column k of c's block in X.
func (c Column) featureName(k int) string {
	switch {
	case c.Kind != KindCategory:
		return c.Name
	case c.Levels[k] == "":
		return c.Name + "=(missing)"
	}
	return c.Name + "=" + c.Levels[k]
}

// MaxLevels is the most levels [ReadCSV] gives a category it detects: a
// column of more distinct words is an identifier or free text more often
// than a category, and its one-hot block would be as large as the table
// many times over. CSVOptions.Categorical lifts the limit.
const MaxLevels = 1000

// minIdentifier is the fewest values of a column all distinct that
// ReadCSV takes for an identifier rather than a category: a short table
// may have a category whose every value differs.
const minIdentifier = 20

// flagWords are the pairs a flag column may hold, case aside: the word
// read as 0, then the word read as 1.
var flagWords = [][]string{{"no", "yes"}, {"false", "true"}, {"n", "y"}}

// flagPair returns the pair of flagWords holding every one of spellings,
// case aside, or nil.
func flagPair(spellings []string) []string {
	for _, pair := range flagWords {
		all := true
		for _, s := range spellings {
			all = all && (strings.EqualFold(s, pair[0]) || strings.EqualFold(s, pair[1]))
		}
		if all {
			return slices.Clone(pair) // a column's own, not flagWords'
		}
	}
	return nil
}

// isNumber reports whether s is a number for ParseFloat, infinities
// included (a number column reads them as missing values).
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// isCommaNumber reports whether s is a number written with a decimal
// comma (or a thousands separator): a column of them would otherwise be
// read as a category.
func isCommaNumber(s string) bool {
	return strings.Count(s, ",") == 1 && isNumber(strings.Replace(s, ",", ".", 1))
}

// detection tracks what every distinct value of a column seen so far can
// be read as.
type detection struct {
	numbers, dates bool
	// commas: every value is a number or one with a decimal comma, the
	// first of which is comma.
	commas bool
	comma  firstCell
	// numberValues counts the distinct values that are numbers, and word
	// is the first that is not.
	numberValues int
	word         firstCell
}

func newDetection() detection { return detection{numbers: true, dates: true, commas: true} }

// see takes in a new distinct value t, met on line.
func (d *detection) see(t string, line int) {
	number := isNumber(t)
	d.numbers = d.numbers && number
	if number {
		d.numberValues++
	} else {
		d.word.note(line, t)
	}
	d.dates = d.dates && isDate(t)
	comma := !number && isCommaNumber(t)
	d.commas = d.commas && (number || comma)
	if comma {
		d.comma.note(line, t)
	}
}

// kind returns the kind of a column whose distinct values, as seen by d,
// are spellings, and the words of a flag. A column of numbers is a
// number, even if it holds only 0 and 1; no value at all also makes a
// number (of missing values).
func (d *detection) kind(spellings []string) (Kind, []string) {
	if d.numbers {
		return KindNumber, nil
	}
	if pair := flagPair(spellings); pair != nil {
		return KindFlag, pair
	}
	if d.dates {
		return KindDate, nil
	}
	return KindCategory, nil
}

// firstCell is the first cell of a column met with some property.
type firstCell struct {
	line  int // 0: none met
	value string
}

func (f *firstCell) note(line int, value string) {
	if f.line == 0 {
		f.line, f.value = line, strings.Clone(value)
	}
}
