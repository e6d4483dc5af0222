package data

import (
	"bytes"
	_ "embed"
	"io"
)

//go:embed builtin/breast_cancer.csv
var breastCancer []byte

// BreastCancerName is the name featsel gives the embedded dataset in output.
const BreastCancerName = "breast_cancer.csv (embedded)"

// BreastCancer returns the CSV text of the embedded Wisconsin Diagnostic
// Breast Cancer data (569 rows, 30 features, target "diagnosis", the last
// column; provenance and licence in builtin/README.md), the dataset featsel
// uses when given no file. Read it with [ReadCSV].
func BreastCancer() io.Reader { return bytes.NewReader(breastCancer) }
