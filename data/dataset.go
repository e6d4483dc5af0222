package data

import "fmt"

// Dataset is a table of numeric features and one target per row.
type Dataset struct {
	// Features names the columns of X, in file order.
	Features []string
	// Target names the target column.
	Target string
	Task   Task
	// Classes holds the class labels of a classification task; Y stores
	// indices into it. It is nil for regression.
	Classes []string
	// X holds Rows()×len(Features) values, row-major.
	X []float64
	// Y holds one target per row; it is nil when the file had no target
	// column, and NaN where a table to predict has no label (see
	// CSVOptions.ForPrediction).
	Y []float64

	// What ReadCSV met: the delimiter, the rows with a missing feature
	// value, the rows dropped (for a missing target, or by MissingDrop),
	// and the columns left out by CSVOptions.Features.
	Delimiter   rune
	MissingRows int
	DroppedRows int
	Ignored     []string

	rows int
}

// Rows returns the number of rows.
func (d *Dataset) Rows() int {
	if d.Y != nil || d.rows == 0 {
		return len(d.Y)
	}
	return d.rows
}

// Cols returns the number of features.
func (d *Dataset) Cols() int { return len(d.Features) }

// Row returns row i of X; the slice aliases the dataset.
func (d *Dataset) Row(i int) []float64 {
	c := d.Cols()
	return d.X[i*c : (i+1)*c : (i+1)*c]
}

// Subset returns a new dataset holding copies of the given rows, in that order.
func (d *Dataset) Subset(rows []int) *Dataset {
	s := &Dataset{
		Features: d.Features,
		Target:   d.Target,
		Task:     d.Task,
		Classes:  d.Classes,
		X:        make([]float64, 0, len(rows)*d.Cols()),
		rows:     len(rows),
	}
	for _, i := range rows {
		s.X = append(s.X, d.Row(i)...)
	}
	if d.Y != nil {
		s.Y = make([]float64, len(rows))
		for k, i := range rows {
			s.Y[k] = d.Y[i]
		}
	}
	return s
}

// validate checks the invariants every constructor must establish.
func (d *Dataset) validate() error {
	if d.Y != nil && d.rows != 0 && len(d.Y) != d.rows {
		return fmt.Errorf("data: %d targets for %d rows", len(d.Y), d.rows)
	}
	if len(d.X) != d.Rows()*d.Cols() {
		return fmt.Errorf("data: %d values for %d rows of %d features", len(d.X), d.Rows(), d.Cols())
	}
	return nil
}
