package data

import (
	"fmt"
	"slices"
	"strings"
)

// Missing says what ReadCSV does with missing values: empty cells, the
// markers NA, N/A, NaN, null, None and ?, and numbers that are not finite
// (Inf), in the columns of numbers, flags and dates; a category reads
// them as a level of its own whatever Missing says. A row whose target is
// missing is always dropped (and counted in Dataset.DroppedRows), except
// in a table to predict.
type Missing int

const (
	// MissingError rejects the file, saying which column and how many
	// rows.
	MissingError Missing = iota
	// MissingDrop drops the rows with a missing feature.
	MissingDrop
	// MissingMean keeps them with NaN in X, which standardisation replaces
	// by the training mean of the column (see [Scaler]).
	MissingMean
)

var missingNames = []string{"error", "drop", "mean"}

func (m Missing) String() string {
	if int(m) < len(missingNames) {
		return missingNames[m]
	}
	return fmt.Sprintf("Missing(%d)", int(m))
}

// ParseMissing reads "error", "drop" or "mean".
func ParseMissing(s string) (Missing, error) {
	if i := slices.Index(missingNames, s); i >= 0 {
		return Missing(i), nil
	}
	return 0, fmt.Errorf("data: unknown missing-value policy %q (want error, drop or mean)", s)
}

// isMissing reports whether a trimmed cell is a missing-value marker.
func isMissing(s string) bool {
	switch strings.ToLower(s) {
	case "", "na", "n/a", "nan", "null", "none", "?":
		return true
	}
	return false
}

// missingLog counts the rows with a missing value in each column that has
// any, with the first of them, for the error message.
type missingLog struct {
	rows  []int
	first []*ParseError
}

func (m *missingLog) add(rows int, first *ParseError) {
	m.rows = append(m.rows, rows)
	m.first = append(m.first, first)
}

func (m *missingLog) any() bool { return len(m.rows) > 0 }

// err describes the column with the most missing values, at its first one.
func (m *missingLog) err() error {
	worst, total := 0, 0
	for c, n := range m.rows {
		if n > m.rows[worst] {
			worst = c
		}
		total += n
	}
	pe := m.first[worst]
	rows := fmt.Sprintf("%d rows have", m.rows[worst])
	if m.rows[worst] == 1 {
		rows = "1 row has"
	}
	columns := "1 column"
	if len(m.rows) > 1 {
		columns = fmt.Sprintf("%d columns", len(m.rows))
	}
	pe.Err = fmt.Errorf("%w: %s one in this column (%d missing cells in %s); use --missing drop or --missing mean",
		ErrMissing, rows, total, columns)
	return pe
}
