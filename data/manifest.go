package data

import (
	"bufio"
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
	// Path is the file, resolved; Name the path as the manifest wrote it.
	Path, Name, Target string
	Informative        []string
	// Line is the entry's line in the manifest.
	Line int
}

// ReadManifest reads a manifest of tables: a CSV file with the header
// path,target,informative and one table a line, whose informative
// columns are separated by ';' (the cell may be empty, as may the
// target). A relative path is taken from the manifest's directory. A
// byte-order mark and spaces around the cells are ignored. Errors name
// the manifest, the line and the column.
func ReadManifest(path string) ([]Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.FieldsPerRecord, cr.TrimLeadingSpace = -1, true
	want := []string{"path", "target", "informative"}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: path, Err: fmt.Errorf("an empty manifest: want the header %s and a table a line", strings.Join(want, ","))}
	}
	if err != nil {
		return nil, fileError(context.Background(), path, fromCSV(err))
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if !slices.Equal(header, want) {
		return nil, &ParseError{File: path, Line: 1, Value: strings.Join(header, ","), Err: fmt.Errorf("a manifest's header is %s (comma-separated; the informative columns separated by ';')", strings.Join(want, ","))}
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
		if len(rec) != 3 {
			return nil, &ParseError{File: path, Line: line, Value: strings.Join(rec, ","), Err: fmt.Errorf("%d fields, want 3: path,target,informative (the informative columns separated by ';')", len(rec))}
		}
		e := Entry{Path: strings.TrimSpace(rec[0]), Target: strings.TrimSpace(rec[1]), Line: line}
		e.Name = e.Path
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
