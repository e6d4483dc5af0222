package data

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ReadParts reads the table to predict in the CSV file at path as
// [ReadFileContext] does, a part of rows rows at a time (the last may
// hold fewer), so that only one part is ever in memory: f gets each
// part as a Dataset it must not keep, in the order of the file. It needs
// opts.ForPrediction, under which every row keeps its place and each
// column is read as the model's Schema (or, without one, as numbers)
// says, so that each part reads as the same rows of the whole table
// would: the same values, the same errors, naming the file's lines. A
// part's Classes are the labels in that part (classification).
func ReadParts(ctx context.Context, path string, opts CSVOptions, rows int, f func(*Dataset) error) error {
	if !opts.ForPrediction {
		return errors.New("data: ReadParts reads a table to predict (CSVOptions.ForPrediction), whose columns are known before its rows")
	}
	if rows < 1 {
		return fmt.Errorf("data: ReadParts: parts of %d rows", rows)
	}
	in, err := open(ctx, path)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	defer in.Close()
	defer context.AfterFunc(ctx, func() { in.Close() })()
	r := reader(ctx, in, opts.Progress)
	var ferr error // f's, returned as it is
	err = readParts(r, opts, rows, func(ds *Dataset) error {
		ferr = f(ds)
		return ferr
	})
	if ferr != nil {
		return ferr
	}
	return fileError(ctx, path, err)
}

func readParts(r io.Reader, opts CSVOptions, rows int, f func(*Dataset) error) error {
	t, err := newTableReader(r, opts)
	if err != nil {
		return err
	}
	defer t.records.stop()
	for {
		ds, done, err := t.read(rows, 0)
		if err == nil && ds != nil {
			err = f(ds)
		}
		if err != nil || done {
			return err
		}
	}
}
