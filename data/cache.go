package data

import (
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
)

// A stream's cache holds its rows, then its description as JSON (a
// trailer, written once the pass has fitted the standardisation), then the
// trailer's length in 8 bytes: a cache named by the caller serves the next
// run on the same file and options without a pass over the CSV file.

// cacheTrailer describes a cache: what it was made from and what the pass
// found.
type cacheTrailer struct {
	Format string
	// Source identifies the CSV file and the options of the pass.
	Source  cacheSource
	Stream  Stream
	Width   int
	Classes []float64
	// Standardization is kept apart: Stream's field is not exported to
	// JSON by itself (its pointers).
	Mean, Scale []float64
	Targets     []TargetScaler
}

// cacheSource is what a cache was made from.
type cacheSource struct {
	Path          string
	Size, ModTime int64
	Target, ID    string
	Targets       []string
	Event         string
	Ignore        []string
	Task          Task
	Comma         rune
	ValFrac       float64
	Seed          uint64
}

const cacheFormat = "featsel-cache 2"

// source describes the file at path read with opts for a pass; a file
// that is not a regular one (a pipe) has size −1, which no cache serves.
func source(path string, opts CSVOptions, valFrac float64, seed uint64) cacheSource {
	src := cacheSource{Path: path, Size: -1, Target: opts.Target, ID: opts.ID, Targets: opts.Targets, Event: opts.Event,
		Ignore: opts.Ignore, Task: opts.Task, Comma: opts.Comma, ValFrac: valFrac, Seed: seed}
	if abs, err := filepath.Abs(path); err == nil {
		src.Path = abs
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		src.Size, src.ModTime = fi.Size(), fi.ModTime().UnixNano()
	}
	return src
}

// writeTrailer appends the description of s, made from src, to its cache.
func (s *Stream) writeTrailer(src cacheSource) error {
	t := cacheTrailer{Format: cacheFormat, Source: src, Stream: *s, Width: s.width, Classes: s.class,
		Mean: s.Standardization.X.Mean, Scale: s.Standardization.X.Scale, Targets: s.Standardization.Y}
	t.Stream.Standardization, t.Stream.file = nil, nil
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(len(b)))
	_, err = s.file.WriteAt(b, int64(8*s.width*s.Rows))
	return err
}

// openCache returns the stream of the cache at path when it was made from
// src, and nil otherwise.
func openCache(path string, src cacheSource) *Stream {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	fi, err := f.Stat()
	var size [8]byte
	if err != nil || fi.Size() < 8 {
		f.Close()
		return nil
	}
	if _, err := f.ReadAt(size[:], fi.Size()-8); err != nil {
		f.Close()
		return nil
	}
	n := int64(binary.LittleEndian.Uint64(size[:]))
	if n <= 0 || n > fi.Size()-8 {
		f.Close()
		return nil
	}
	b := make([]byte, n)
	var t cacheTrailer
	if _, err := f.ReadAt(b, fi.Size()-8-n); err != nil || json.Unmarshal(b, &t) != nil || t.Format != cacheFormat ||
		!sameSource(t.Source, src) || int64(8*t.Width*t.Stream.Rows) != fi.Size()-8-n {
		f.Close()
		return nil
	}
	s := t.Stream
	s.file, s.width, s.class = f, t.Width, t.Classes
	s.Standardization = &Standardization{X: &Scaler{Mean: t.Mean, Scale: t.Scale}, Y: t.Targets}
	return &s
}

func sameSource(a, b cacheSource) bool {
	return a.Size >= 0 && a.Path == b.Path && a.Size == b.Size && a.ModTime == b.ModTime && a.Target == b.Target && a.ID == b.ID &&
		slices.Equal(a.Targets, b.Targets) && a.Event == b.Event &&
		slices.Equal(a.Ignore, b.Ignore) && a.Task == b.Task && a.Comma == b.Comma && a.ValFrac == b.ValFrac && a.Seed == b.Seed
}
