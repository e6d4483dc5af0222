package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// idxArray is an array of the IDX format that MNIST and Fashion-MNIST
// ship in: its sizes, outermost first, and its unsigned bytes in row-major
// order.
type idxArray struct {
	dims []int
	data []byte
}

// idxUnsignedByte is the IDX element type of MNIST's files, the only one
// the benchmark needs.
const idxUnsignedByte = 0x08

// maxIDXBytes bounds the array a header may announce (the MNIST training
// images take 47 MB), so that a corrupt header cannot ask for gigabytes.
const maxIDXBytes = 1 << 30

// readIDX reads one IDX array of unsigned bytes: two zero bytes, the
// element type, the number of dimensions, each size as a big-endian
// uint32, then the elements, and nothing after them.
func readIDX(r io.Reader) (idxArray, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return idxArray{}, fmt.Errorf("not an IDX file: %d-byte header: %w", 4, err)
	}
	if head[0] != 0 || head[1] != 0 {
		return idxArray{}, fmt.Errorf("not an IDX file: magic number %x does not start with two zero bytes", head)
	}
	if head[2] != idxUnsignedByte {
		return idxArray{}, fmt.Errorf("IDX element type 0x%02x, want 0x%02x (unsigned bytes)", head[2], idxUnsignedByte)
	}
	if head[3] == 0 {
		return idxArray{}, errors.New("IDX array with no dimension")
	}
	a := idxArray{dims: make([]int, head[3])}
	size := 1
	for i := range a.dims {
		var n uint32
		if err := binary.Read(r, binary.BigEndian, &n); err != nil {
			return idxArray{}, fmt.Errorf("IDX size %d of %d: %w", i+1, len(a.dims), err)
		}
		a.dims[i] = int(n)
		if n > 0 && size > maxIDXBytes/int(n) {
			return idxArray{}, fmt.Errorf("IDX sizes %v announce more than %d bytes", a.dims[:i+1], maxIDXBytes)
		}
		size *= int(n)
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(size)+1))
	switch {
	case err != nil:
		return idxArray{}, fmt.Errorf("IDX data: %w", err)
	case len(data) < size:
		return idxArray{}, fmt.Errorf("IDX data truncated: %d bytes of the %d that sizes %v announce", len(data), size, a.dims)
	case len(data) > size:
		return idxArray{}, fmt.Errorf("IDX data: bytes after the %d that sizes %v announce", size, a.dims)
	}
	a.data = data
	return a, nil
}

// readIDXFile reads an IDX file, gzip-compressed or not (the two forms
// MNIST is distributed in), naming the file in its errors.
func readIDXFile(path string) (idxArray, error) {
	f, err := os.Open(path)
	if err != nil {
		return idxArray{}, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return idxArray{}, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	a, err := readIDX(r)
	if err != nil {
		return idxArray{}, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}
