// Package data turns tabular files into the numeric form featsel trains on.
//
// A [Dataset] is a dense row-major matrix of features with one target per row:
// a real value for regression, a class index into [Dataset.Classes] for
// classification. [ReadCSV] parses a CSV file with a header row, reading
// each feature column as numbers, a flag, dates or a category (a one-hot
// block of columns), which [Dataset.Schema] records, and reports malformed
// input as a [*ParseError] that names the line, the column and the
// offending value. [Split] makes a seeded (stratified, for classes)
// train/validation split, [FitScaler] learns a standardisation on the training
// part only, and [Batcher] draws mini-batches reshuffled every epoch.
//
// The generators in synth.go ([Friedman1], [SparseLinear], [XOR]) produce data
// whose informative features are known, for tests and demonstrations.
//
// The package is plain Go: it knows nothing of gorgonia. All randomness comes
// from a *rand.Rand passed in by the caller, so a seed fixes every result.
package data
