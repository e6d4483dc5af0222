package data

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Entry is one table of a manifest ([ReadManifest]): its file, its
// target column ("" for the last) and the names of its informative
// feature columns, when they are known.
type Entry struct {
	Path, Target string
	Informative  []string
	// Line is the entry's line in the manifest.
	Line int
}

// ReadManifest reads a manifest of tables: a CSV file with the header
// path,target,informative and one table a line, whose informative
// columns are separated by ';' (the cell may be empty, as may the
// target). A relative path is taken from the manifest's directory.
// Errors name the manifest, the line and the column.
func ReadManifest(path string) ([]Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = 3
	header, err := cr.Read()
	if err != nil {
		return nil, fileError(context.Background(), path, fromCSV(err))
	}
	if want := []string{"path", "target", "informative"}; !slices.Equal(header, want) {
		return nil, &ParseError{File: path, Line: 1, Value: strings.Join(header, ","), Err: fmt.Errorf("a manifest's header is %s", strings.Join(want, ","))}
	}
	var entries []Entry
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileError(context.Background(), path, fromCSV(err))
		}
		line, _ := cr.FieldPos(0)
		e := Entry{Path: strings.TrimSpace(rec[0]), Target: strings.TrimSpace(rec[1]), Line: line}
		if e.Path == "" {
			return nil, &ParseError{File: path, Line: line, Column: 1, Name: "path", Err: errors.New("no table's path")}
		}
		if !filepath.IsAbs(e.Path) {
			e.Path = filepath.Join(filepath.Dir(path), e.Path)
		}
		for _, name := range strings.Split(rec[2], ";") {
			if name = strings.TrimSpace(name); name != "" {
				e.Informative = append(e.Informative, name)
			}
		}
		entries = append(entries, e)
	}
	if len(entries) == 0 {
		return nil, &ParseError{File: path, Err: errors.New("a manifest without tables")}
	}
	return entries, nil
}
