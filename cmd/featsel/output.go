package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/featsel/featsel/regularize/report"
)

// The output rule: "-" is standard output; a path that names a device or
// a pipe (/dev/stdout, a named pipe) is written to directly; a regular
// file is written to a temporary file beside it and renamed into place,
// so that a crash never leaves half a file under the real name. A new file
// gets the mode the umask gives (0644 under umask 022), a replaced one
// keeps its mode. Errors name the path.

// writeJSON writes v as indented JSON to path (see writeOut).
func writeJSON(path string, stdout io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeOut(path, stdout, append(b, '\n'))
}

// writeOut writes b to path following the output rule (see createOut).
func writeOut(path string, stdout io.Writer, b []byte) error {
	out, err := createOut(path, stdout)
	if err != nil {
		return err
	}
	if _, err := out.Write(b); err != nil {
		out.abort()
		return err
	}
	return out.commit()
}

// outFile is an output being written following the output rule: what
// is written goes to standard output, to a device or pipe, or to a
// temporary file that commit renames into place and abort removes.
type outFile struct {
	path string
	w    io.Writer
	f    *os.File // the file written (nil: standard output)
	temp bool     // f is the temporary file beside path
}

// createOut opens path for writing following the output rule. A
// symbolic link is followed: to a regular file, which is replaced (the
// link stays), or to a device, a pipe or a descriptor (/dev/stdout →
// /proc/self/fd/1), which is written to directly.
func createOut(path string, stdout io.Writer) (*outFile, error) {
	if path == "-" {
		return &outFile{path: path, w: stdout}, nil
	}
	target, direct := path, false
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		resolved, err := filepath.EvalSymlinks(path)
		if err != nil || strings.HasPrefix(resolved, "/proc/") || strings.HasPrefix(resolved, "/dev/") {
			direct = true
		}
		target = resolved
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		direct = true
	}
	if direct {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return nil, writeError(path, err)
		}
		return &outFile{path: path, w: f, f: f}, nil
	}
	mode, keep := os.FileMode(0o666), false // the umask applies to a new file
	if fi, err := os.Stat(target); err == nil {
		mode, keep = fi.Mode().Perm(), true
	}
	f, err := createTemp(target, mode)
	if err != nil {
		return nil, err
	}
	out := &outFile{path: target, w: f, f: f, temp: true}
	if keep {
		if err := f.Chmod(mode); err != nil {
			out.abort()
			return nil, writeError(target, err)
		}
	}
	return out, nil
}

func (o *outFile) Write(b []byte) (int, error) {
	n, err := o.w.Write(b)
	if err != nil && o.f != nil {
		err = writeError(o.path, err)
	}
	return n, err
}

// commit finishes the output: a temporary file goes on disk, then
// takes the path's name (after a power loss the name holds the old file
// or the whole new one).
func (o *outFile) commit() error {
	if o.f == nil {
		return nil
	}
	if !o.temp {
		return writeError(o.path, o.f.Close())
	}
	if err := o.f.Sync(); err != nil {
		o.abort()
		return writeError(o.path, err)
	}
	if err := o.f.Close(); err != nil {
		os.Remove(o.f.Name())
		return writeError(o.path, err)
	}
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		os.Remove(o.f.Name())
		return writeError(o.path, err)
	}
	return nil
}

// abort leaves the path as it was: a temporary file is removed.
func (o *outFile) abort() {
	if o.f != nil {
		o.f.Close()
		if o.temp {
			os.Remove(o.f.Name())
		}
	}
}

// writeError names the path in an error of writing it, once.
func writeError(path string, err error) error {
	if err == nil {
		return nil
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		err = pe.Err
	}
	return fmt.Errorf("writing %s: %w", path, err)
}

// createTemp creates a new file beside path, with the given mode before
// the umask.
func createTemp(path string, mode os.FileMode) (*os.File, error) {
	dir, base := filepath.Split(path)
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+rand.Text()[:8])
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, mode)
		if !errors.Is(err, fs.ErrExist) {
			if err != nil {
				return nil, writeError(path, err)
			}
			return f, nil
		}
	}
	return nil, fmt.Errorf("writing %s: no free temporary name in its directory", path)
}

// finish writes the report when asked and turns the run's error into the
// command's: an interrupted run exits 130 after writing what it has.
func finish(reportPath string, stdout io.Writer, rep any, runErr error) error {
	if reportPath != "" {
		if err := writeJSON(reportPath, stdout, rep); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	if errors.Is(runErr, context.Canceled) {
		// Keep what else went wrong (an output that could not be
		// written), which the interruption's message does not say.
		others := []error{errInterrupted}
		for _, e := range flatten(runErr) {
			if !errors.Is(e, context.Canceled) {
				others = append(others, e)
			}
		}
		return errors.Join(others...)
	}
	return runErr
}

// htmlUsage is the help of --html.
const htmlUsage = "write the run as one HTML page to this file: settings, data, tables, the features\nranked, pictures and warnings, self-contained (pictures inline, no script)"

// writePage writes the report's page to path, with the command line that
// ran it (featsel, command and args), the warnings it gave and its
// pictures.
func writePage(path string, stdout io.Writer, page report.Page, command string, args, warnings []string, pics []report.Picture) error {
	line := []string{"featsel", command}
	for _, a := range args {
		line = append(line, shellQuote(a))
	}
	page.Command, page.Warnings, page.Pictures = strings.Join(line, " "), warnings, pics
	var buf bytes.Buffer
	if err := page.WriteHTML(&buf); err != nil {
		return err
	}
	return writeOut(path, stdout, buf.Bytes())
}

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writePictures creates dir, writes the pictures into it as PNG, lists
// them on stdout and returns their paths.
func writePictures(stdout io.Writer, dir string, pics []report.Picture) ([]string, error) {
	if len(pics) == 0 {
		return nil, nil
	}
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
		if err := writeOut(f, nil, b); err != nil {
			return files, err
		}
		files = append(files, f)
	}
	fmt.Fprintf(stdout, "\npictures: %s\n", strings.Join(files, ", "))
	return files, nil
}

// named is a path given to a flag.
type named struct{ flag, path string }

// checkPaths refuses, before any work, what would fail or do harm after
// it: an output in a missing or unwritable directory or that names a
// directory, a picture directory under a file, two outputs on standard
// output, and any two of the inputs, outputs and picture directory that
// name the same file (devices such as /dev/null aside). Empty paths (flags
// not given) are skipped.
func checkPaths(inputs, outputs []named, dir named) error {
	var all []named
	stdout := ""
	for _, o := range outputs {
		switch {
		case o.path == "":
			continue
		case o.path == "-":
			if stdout != "" {
				return fmt.Errorf("%s and %s both write to standard output", stdout, o.flag)
			}
			stdout = o.flag
			continue
		}
		fi, err := os.Stat(o.path)
		switch {
		case err == nil && fi.IsDir():
			return fmt.Errorf("%s: %s is a directory", o.flag, o.path)
		case err == nil && !fi.Mode().IsRegular():
			// a device or a pipe: written to directly
		case !isDir(filepath.Dir(o.path)):
			return fmt.Errorf("%s: %s: the directory %s does not exist", o.flag, o.path, filepath.Dir(o.path))
		default:
			if err := probe(filepath.Dir(o.path)); err != nil {
				return fmt.Errorf("%s: %w", o.flag, err)
			}
		}
		all = append(all, o)
	}
	if dir.path != "" {
		// The directory, or the first of its parents that exists, must be
		// a writable directory: featsel creates the rest.
		for p := dir.path; ; p = filepath.Dir(p) {
			if fi, err := os.Stat(p); err == nil {
				if !fi.IsDir() {
					return fmt.Errorf("%s: %s exists and is not a directory", dir.flag, p)
				}
				if err := probe(p); err != nil {
					return fmt.Errorf("%s: %w", dir.flag, err)
				}
				break
			}
			if p == filepath.Dir(p) {
				break
			}
		}
		all = append(all, dir)
	}
	for _, in := range inputs {
		if in.path != "" {
			all = append(all, in)
		}
	}
	for i, a := range all {
		for _, b := range all[i+1:] {
			if samePath(a.path, b.path) {
				return fmt.Errorf("%s and %s name the same file, %s", a.flag, b.flag, a.path)
			}
		}
	}
	return nil
}

// probe checks that files can be created in dir.
func probe(dir string) error {
	f, err := createTemp(filepath.Join(dir, "featsel-probe"), 0o600)
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, errors.Unwrap(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// isDir reports whether path is a directory.
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// samePath reports whether a and b name the same file: the same file by
// its identity when both exist (a device such as /dev/null excepted), or
// the same path once links in their directories are resolved.
func samePath(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb) && fa.Mode()&os.ModeCharDevice == 0
	}
	return canonical(a) == canonical(b)
}

// canonical returns path made absolute with the links of its directory
// resolved.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
