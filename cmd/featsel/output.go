package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/featsel/featsel/regularize/report"
)

// writeJSON writes v as indented JSON, through a temporary file renamed
// into place so that a crash never leaves half a report.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(b, '\n'))
}

// writeFile replaces the file at path with b atomically.
func writeFile(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// finish writes the report when asked and turns the run's error into the
// command's: an interrupted run exits 130 after writing what it has.
func finish(reportPath string, rep any, runErr error) error {
	if reportPath != "" {
		if err := writeJSON(reportPath, rep); err != nil {
			return err
		}
	}
	if errors.Is(runErr, context.Canceled) {
		return errInterrupted
	}
	return runErr
}

// writePictures creates dir, writes the pictures into it as PNG, lists
// them on stdout and returns their paths.
func writePictures(stdout io.Writer, dir string, pics []report.Picture) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, p := range pics {
		b, err := p.PNG()
		if err != nil {
			return files, err
		}
		f := filepath.Join(dir, p.Name)
		if err := writeFile(f, b); err != nil {
			return files, err
		}
		files = append(files, f)
	}
	fmt.Fprintf(stdout, "\npictures: %s\n", strings.Join(files, ", "))
	return files, nil
}
