package data

import (
	"fmt"
	"slices"
	"strings"
)

// Missing says what ReadCSV does with missing values: empty cells, the
// markers NA, N/A, NaN, null, None and ?, and numbers that are not finite
// (Inf). A row whose target is missing is always dropped (and counted in
// Dataset.DroppedRows), except in a table to predict.
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

// missingLog counts the rows with a missing value in each column and keeps
// the first occurrence, for the error message.
type missingLog struct {
	header []string
	rows   []int
	first  []*ParseError
	total  int
}

func newMissingLog(header []string) *missingLog {
	return &missingLog{header: header, rows: make([]int, len(header)), first: make([]*ParseError, len(header))}
}

func (m *missingLog) note(col, line int, value string) {
	if m.rows[col] == 0 {
		m.first[col] = &ParseError{Line: line, Column: col + 1, Name: m.header[col], Value: value}
	}
	m.rows[col]++
	m.total++
}

func (m *missingLog) any() bool { return m.total > 0 }

// err describes the column with the most missing values, at its first one.
func (m *missingLog) err() error {
	worst := 0
	for c, n := range m.rows {
		if n > m.rows[worst] {
			worst = c
		}
	}
	cols := 0
	for _, n := range m.rows {
		if n > 0 {
			cols++
		}
	}
	pe := m.first[worst]
	rows := fmt.Sprintf("%d rows have", m.rows[worst])
	if m.rows[worst] == 1 {
		rows = "1 row has"
	}
	columns := "1 column"
	if cols > 1 {
		columns = fmt.Sprintf("%d columns", cols)
	}
	pe.Err = fmt.Errorf("%w: %s one in this column (%d missing cells in %s); use --missing drop or --missing mean",
		ErrMissing, rows, m.total, columns)
	return pe
}
