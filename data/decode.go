package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ErrBinary is the error for content that is not text: a NUL byte near the
// start of a file.
var ErrBinary = errors.New("not a text CSV file")

// sniffBytes is how much of the start of a file decode looks at.
const sniffBytes = 1 << 16

// decode returns r as UTF-8 text with line ends encoding/csv reads: a gzip
// stream is decompressed (once: a stream inside it is binary content),
// UTF-16 with a byte-order mark converted, and the lone carriage returns of
// old spreadsheets' files made newlines. A NUL byte in the first 64 KiB
// means binary content, which is refused (the CSV reader would otherwise
// report a puzzling field or column).
func decode(r io.Reader) (io.Reader, error) { return decodeLayer(r, true) }

func decodeLayer(r io.Reader, gzipped bool) (io.Reader, error) {
	br := bufio.NewReaderSize(r, sniffBytes)
	head, _ := br.Peek(4)
	switch {
	case gzipped && bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: a damaged gzip stream (%v)", ErrBinary, err)
		}
		return decodeLayer(gzipErrors{zr}, false)
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		utf16 := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return decodeLayer(transform.NewReader(br, utf16), false)
	}
	start, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("data: %w", err)
	}
	if i := bytes.IndexByte(start, 0); i >= 0 {
		le := len(start) >= 4 && start[0] != 0 && start[1] == 0 && start[2] != 0 && start[3] == 0
		be := len(start) >= 4 && start[0] == 0 && start[1] != 0 && start[2] == 0 && start[3] != 0
		if le || be {
			return nil, fmt.Errorf("%w: every other byte is NUL (UTF-16 without a byte-order mark? save it as UTF-8)", ErrBinary)
		}
		return nil, fmt.Errorf("%w: a NUL byte at byte %d (a spreadsheet or another binary file? save it as CSV)", ErrBinary, i+1)
	}
	if bytes.IndexByte(start, '\r') >= 0 && bytes.IndexByte(start, '\n') < 0 {
		return &crToLF{r: br}, nil
	}
	return br, nil
}

// gzipErrors says that the errors of a gzip stream come from the stream.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: a truncated or damaged gzip stream (%v)", ErrBinary, err)
	}
	return n, err
}

// crToLF turns every carriage return into a newline: the line ends of a
// file that has no other.
type crToLF struct{ r io.Reader }

func (c *crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// reader reads f until ctx is done, reporting to progress (when not
// nil) the bytes read and the file's size (0: a pipe).
func reader(ctx context.Context, f *os.File, progress func(read, size int64)) io.Reader {
	var r io.Reader = ctxReader{ctx, f}
	if progress != nil {
		var size int64
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		r = &progressReader{r: r, size: size, fn: progress}
	}
	return r
}

// progressReader reports to fn the bytes read through it, about every
// progressStep bytes.
type progressReader struct {
	r          io.Reader
	read, next int64
	size       int64
	fn         func(read, size int64)
}

const progressStep = 1 << 20

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.read >= p.next {
		p.fn(p.read, p.size)
		p.next = p.read + progressStep
	}
	return n, err
}

// ctxReader stops reading when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
