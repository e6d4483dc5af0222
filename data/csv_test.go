package data

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestReadCSV(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("\uFEFFa,b,label\r\n1,2,yes\r\n3, 4 ,no\r\n\r\n5,6,yes\r\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Features, []string{"a", "b"}) || ds.Target != "label" {
		t.Errorf("features %q, target %q", ds.Features, ds.Target)
	}
	if ds.Task != Classification || !slices.Equal(ds.Classes, []string{"no", "yes"}) {
		t.Errorf("task %v, classes %q; want classification, [no yes]", ds.Task, ds.Classes)
	}
	if !slices.Equal(ds.X, []float64{1, 2, 3, 4, 5, 6}) || !slices.Equal(ds.Y, []float64{1, 0, 1}) {
		t.Errorf("X = %v, Y = %v", ds.X, ds.Y)
	}
}

func TestReadCSVTargetByName(t *testing.T) {
	in := "y,a,b\n1.5,1,2\n2.5,3,4\n3.25,5,6\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Features, []string{"a", "b"}) || ds.Task != Regression || !slices.Equal(ds.Y, []float64{1.5, 2.5, 3.25}) {
		t.Errorf("features %q, task %v, Y %v", ds.Features, ds.Task, ds.Y)
	}
	// Numeric class labels are ordered as numbers, not as text.
	ds, err = ReadCSV(strings.NewReader("a,c\n1,10\n2,9\n3,10\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Classes, []string{"9", "10"}) || !slices.Equal(ds.Y, []float64{1, 0, 1}) {
		t.Errorf("classes %q, Y %v; want [9 10], [1 0 1]", ds.Classes, ds.Y)
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     CSVOptions
		want     error
		line     int
		col      int
		msg      string // substring of the message
	}{
		{"empty", "", CSVOptions{}, ErrEmpty, 0, 0, "no header row"},
		{"header only", "a,b,y\n", CSVOptions{}, ErrNoRows, 0, 0, "no data rows"},
		{"ragged short", "a,b,y\n1,2,3\n4,5\n", CSVOptions{}, ErrFieldCount, 3, 0, "3:"},
		{"ragged long", "a,b,y\n1,2,3\n4,5,6,7\n", CSVOptions{}, ErrFieldCount, 3, 0, "4, the header has 3"},
		{"text in a numeric feature", "a,b,y\n1,2,3\n4,abc,6\n", CSVOptions{Numeric: []string{"b"}}, ErrNotNumber, 3, 2, `column "b": value "abc"`},
		{"empty cell", "a,b,y\n1,,3\n4,5,6\n", CSVOptions{}, ErrMissing, 2, 2, `column "b": value "": missing or non-finite value: 1 row has`},
		{"NA in two rows", "a,b,y\n1,NA,3\n4,5,6\n7,N/A,9\n", CSVOptions{}, ErrMissing, 2, 2, "2 rows have one in this column (2 missing cells in 1 column); use --missing drop"},
		{"NaN", "a,b,y\n1,NaN,3\n4,5,6\n", CSVOptions{}, ErrMissing, 2, 2, "NaN"},
		{"Inf", "a,b,y\n1,2,3\n-inf,2,3\n", CSVOptions{}, ErrMissing, 3, 1, "-inf"},
		{"constant target", "a,y\n1,2.5\n2,2.5\n", CSVOptions{Task: Regression}, ErrConstant, 0, 0, "target is constant"},
		{"unknown feature", "a,b,y\n1,2,3\n", CSVOptions{Features: []string{"a", "c"}}, ErrNoFeature, 1, 0, `value "c": a feature column is not in the file; its columns are a, b, y`},
		{"unknown target", "a,b,y\n1,2,3\n", CSVOptions{Target: "z"}, ErrUnknownTarget, 1, 0, "the columns are a, b, y"},
		{"duplicate name", "a,b,a\n1,2,3\n", CSVOptions{}, ErrDuplicateName, 1, 3, "also column 1"},
		{"one class", "a,y\n1,x\n2,x\n", CSVOptions{}, ErrOneClass, 0, 0, "single class"},
		{"text target forced regression", "a,y\n1,2\n2,x\n", CSVOptions{Task: Regression}, ErrNotNumber, 3, 2, `column "y": value "x"`},
		{"bare quote", "a,y\n1,\"2\n", CSVOptions{}, nil, 2, 0, "quote"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), tc.opts)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if pe.Line != tc.line || (tc.col != 0 && pe.Column != tc.col) {
				t.Errorf("position line %d, column %d; want %d, %d", pe.Line, pe.Column, tc.line, tc.col)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q does not contain %q", err, tc.msg)
			}
		})
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte("a,y\n1,2\nx,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path, CSVOptions{Numeric: []string{"a"}})
	if want := path + `:3:1: column "a": value "x": not a number`; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestDetectTask(t *testing.T) {
	tests := []struct {
		values []string
		want   Task
	}{
		{[]string{"a", "b"}, Classification},
		{[]string{"1", "2", "1"}, Classification},
		{[]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, Classification},
		{[]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, Regression},
		{[]string{"1.5", "2"}, Regression},
		{[]string{"1", "2", "x"}, Classification},
	}
	for _, tc := range tests {
		if got := DetectTask(tc.values); got != tc.want {
			t.Errorf("DetectTask(%q) = %v, want %v", tc.values, got, tc.want)
		}
	}
}

func TestBreastCancerEmbedded(t *testing.T) {
	ds, err := ReadCSV(BreastCancer(), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Sizes from the dataset's documentation (UCI WDBC: 569 cases, 30
	// features, 212 malignant and 357 benign).
	counts := make([]int, 2)
	for _, y := range ds.Y {
		counts[int(y)]++
	}
	if ds.Rows() != 569 || ds.Cols() != 30 || ds.Target != "diagnosis" || !slices.Equal(ds.Classes, []string{"benign", "malignant"}) || counts[0] != 357 || counts[1] != 212 {
		t.Errorf("got %d rows, %d features, target %q, classes %q, counts %v", ds.Rows(), ds.Cols(), ds.Target, ds.Classes, counts)
	}
}

func TestReadCSVMissing(t *testing.T) {
	in := "a,b,y\n1,NA,0\n2,4,1\n,6,0\n4,8,\n5,10,0\n"
	// Row 4 has no target: dropped in every mode.
	drop, err := ReadCSV(strings.NewReader(in), CSVOptions{Missing: MissingDrop})
	if err != nil {
		t.Fatal(err)
	}
	if drop.Rows() != 2 || drop.MissingRows != 2 || drop.DroppedRows != 3 || !slices.Equal(drop.X, []float64{2, 4, 5, 10}) {
		t.Errorf("drop: %d rows, %d missing, %d dropped, X %v", drop.Rows(), drop.MissingRows, drop.DroppedRows, drop.X)
	}
	mean, err := ReadCSV(strings.NewReader(in), CSVOptions{Missing: MissingMean})
	if err != nil {
		t.Fatal(err)
	}
	Standardize(mean)
	// Column a: 1, 2, (missing), 5 → mean 8/3; the missing cell becomes 0
	// after standardisation, the mean.
	if mean.Rows() != 4 || mean.MissingRows != 2 || mean.DroppedRows != 1 || mean.Row(2)[0] != 0 || mean.Row(0)[1] != 0 {
		t.Errorf("mean: %d rows, %d missing, %d dropped, X %v", mean.Rows(), mean.MissingRows, mean.DroppedRows, mean.X)
	}
	for _, v := range mean.X {
		if v != v {
			t.Fatal("NaN left after standardisation")
		}
	}
}

func TestReadCSVDelimiters(t *testing.T) {
	for _, tc := range []struct {
		in    string
		comma rune
	}{
		{"a;b;y\n1,5;2;x\n3;4;z\n", ';'},
		{"a\tb\ty\n1\t2\tx\n3\t4\tz\n", '\t'},
		{"\"a;b\",c,y\n1,2,x\n3,4,z\n", ','},
	} {
		ds, err := ReadCSV(strings.NewReader(tc.in), CSVOptions{})
		if tc.comma == ';' {
			// "1,5" is not a number with ';' as the delimiter.
			if err == nil || !strings.Contains(err.Error(), `"1,5"`) {
				t.Errorf("%q: err = %v", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if ds.Delimiter != tc.comma || ds.Cols() != 2 {
			t.Errorf("%q: delimiter %q, %d features", tc.in, ds.Delimiter, ds.Cols())
		}
	}
}

func TestReadCSVSelectedFeatures(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("c,a,extra,b\n3,1,9,2\n6,4,9,5\n"), CSVOptions{Features: []string{"a", "b", "c"}, ForPrediction: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.X, []float64{1, 2, 3, 4, 5, 6}) || ds.Y != nil || ds.Rows() != 2 || !slices.Equal(ds.Ignored, []string{"extra"}) {
		t.Errorf("X %v, Y %v, rows %d, ignored %v", ds.X, ds.Y, ds.Rows(), ds.Ignored)
	}
}

// TestReadCSVManyBatches reads files of several thousand rows, which the
// reading goroutine hands over in batches: the values arrive in order, and
// the error reported is the first in the file, whichever stage found it.
func TestReadCSVManyBatches(t *testing.T) {
	file := func(bad map[int]string) string {
		var b strings.Builder
		b.WriteString("a,b,y\n")
		for i := range 3000 {
			line := i + 2
			if s, ok := bad[line]; ok {
				b.WriteString(s + "\n")
				continue
			}
			fmt.Fprintf(&b, "%d,%d.5,%d\n", i, i, i%2)
		}
		return b.String()
	}
	ds, err := ReadCSV(strings.NewReader(file(nil)), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Rows() != 3000 {
		t.Fatalf("%d rows, want 3000", ds.Rows())
	}
	for i := range 3000 {
		if got := ds.Row(i); got[0] != float64(i) || got[1] != float64(i)+0.5 || ds.Y[i] != float64(i%2) {
			t.Fatalf("row %d = %v, y %v", i, got, ds.Y[i])
		}
	}
	for _, tc := range []struct {
		bad  map[int]string
		line int
		want error
	}{
		{map[int]string{2500: "1,x,0", 2800: "1,2"}, 2500, ErrNotNumber},
		{map[int]string{1500: "1,2", 2500: "1,x,0"}, 1500, ErrFieldCount},
		{map[int]string{1026: "1,2,3,4"}, 1026, ErrFieldCount},
		{map[int]string{2999: `1,2"x,0`}, 2999, csv.ErrBareQuote},
	} {
		_, err := ReadCSV(strings.NewReader(file(tc.bad)), CSVOptions{})
		pe, ok := errors.AsType[*ParseError](err)
		if !ok || !errors.Is(err, tc.want) || pe.Line != tc.line {
			t.Errorf("bad lines %v: error %v, want %v on line %d", tc.bad, err, tc.want, tc.line)
		}
	}
}

// TestReadFileEncodings: a gzip file, UTF-16 with a byte-order mark (both
// byte orders) and old spreadsheets' CR-only line ends read as the plain
// file does; binary content is refused as such.
func TestReadFileEncodings(t *testing.T) {
	const plain = "a,b,y\n1,2,x\n3,4,y\n5,6,x\n"
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(plain))
	zw.Close()
	utf16 := func(bigEndian bool) []byte {
		out := []byte{0xff, 0xfe}
		if bigEndian {
			out = []byte{0xfe, 0xff}
		}
		for _, r := range plain {
			if bigEndian {
				out = append(out, 0, byte(r))
			} else {
				out = append(out, byte(r), 0)
			}
		}
		return out
	}
	want, err := ReadCSV(strings.NewReader(plain), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"gzip":     gz.Bytes(),
		"utf16-le": utf16(false),
		"utf16-be": utf16(true),
		"cr-only":  []byte(strings.ReplaceAll(plain, "\n", "\r")),
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		ds, err := ReadFile(path, CSVOptions{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !slices.Equal(ds.Features, want.Features) || !slices.Equal(ds.X, want.X) || !slices.Equal(ds.Classes, want.Classes) {
			t.Errorf("%s: read %v %v %v, want %v %v %v", name, ds.Features, ds.X, ds.Classes, want.Features, want.X, want.Classes)
		}
	}
	bin := filepath.Join(dir, "bin")
	os.WriteFile(bin, []byte("PK\x03\x04\x00\x00binary"), 0o644)
	if _, err := ReadFile(bin, CSVOptions{}); !errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), bin) {
		t.Errorf("binary file: %v", err)
	}
}

// TestReadFileDevicesAndPipes: a file that cannot seek (a named pipe) is
// read once; /dev/zero is refused as binary at once instead of being
// counted forever; a cancelled context stops the reading.
func TestReadFileDevicesAndPipes(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			f.WriteString("a,b,y\n1,2,3\n4,5,6.5\n")
			f.Close()
		}
	}()
	ds, err := ReadFile(fifo, CSVOptions{})
	if err != nil || ds.Rows() != 2 {
		t.Fatalf("pipe: %v, %v", ds, err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := ReadFile("/dev/zero", CSVOptions{}); !errors.Is(err, ErrBinary) {
			t.Errorf("/dev/zero: %v", err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := filepath.Join(t.TempDir(), "d.csv")
	os.WriteFile(path, []byte("a,y\n1,2\n3,4\n"), 0o644)
	if _, err := ReadFileContext(ctx, path, CSVOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled read: %v", err)
	}
}

// TestNumericLabelsAreNumbers: a class target written both as 0/1 and
// 0.0/1.0 (or -0) has two classes, not four, each spelled as it first
// appears; distinct long numbers that float64 cannot tell apart stay
// distinct.
func TestNumericLabelsAreNumbers(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("a,y\n1,0\n2,1.0\n3,0.0\n4,1\n5,1e0\n6,-0\n"), CSVOptions{Task: Classification})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Classes, []string{"0", "1.0"}) || !slices.Equal(ds.Y, []float64{0, 1, 0, 1, 1, 0}) {
		t.Errorf("classes %q, y %v", ds.Classes, ds.Y)
	}
	ids, err := ReadCSV(strings.NewReader("a,y\n1,12345678901234567890\n2,12345678901234567891\n3,12345678901234567890\n"), CSVOptions{Task: Classification})
	if err != nil || len(ids.Classes) != 2 || ids.Classes[1] != "12345678901234567891" {
		t.Errorf("ids: classes %q, %v", ids.Classes, err)
	}
}

// TestMissingTargetDropped: a row without a target is dropped and counted,
// whatever the policy for missing features (it cannot be filled in); a
// table to predict keeps it, with NaN as its target.
func TestMissingTargetDropped(t *testing.T) {
	const in = "a,y\n1,2\n2,\n3,4\n4,NA\n5,1\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Task: Regression})
	if err != nil || ds.Rows() != 3 || ds.DroppedRows != 2 {
		t.Fatalf("rows %v, dropped %v, err %v", ds.Rows(), ds.DroppedRows, err)
	}
	ds, err = ReadCSV(strings.NewReader(in), CSVOptions{Task: Regression, ForPrediction: true, Target: "y"})
	if err != nil || ds.Rows() != 5 || !math.IsNaN(ds.Y[1]) || !math.IsNaN(ds.Y[3]) || ds.Y[4] != 1 {
		t.Fatalf("y %v, err %v", ds.Y, err)
	}
}

// TestScoringTargetOneClass: a table to predict whose labels are all one
// class, or partly missing, is read (the labels only score).
func TestScoringTargetOneClass(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("a,y\n1,yes\n2,\n3,yes\n"), CSVOptions{Task: Classification, Target: "y", ForPrediction: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Classes, []string{"yes"}) || ds.Y[0] != 0 || !math.IsNaN(ds.Y[1]) || ds.Rows() != 3 {
		t.Errorf("classes %q, y %v", ds.Classes, ds.Y)
	}
}

// TestBinaryMessages: UTF-16 without a byte-order mark is named as such;
// other binary content, /dev/zero's NULs among it, is not.
func TestBinaryMessages(t *testing.T) {
	for in, want := range map[string]string{
		"a\x00,\x00y\x00\n\x00": "UTF-16 without a byte-order mark",
		"\x00\x00\x00\x00":      "a NUL byte at byte 1",
	} {
		_, err := ReadCSV(strings.NewReader(in), CSVOptions{})
		if !errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

// TestWriteCSVRoundTrip: the reduced table holds the kept columns
// of the original, with its labels and missing values.
func TestWriteCSVRoundTrip(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("a;b;c;y\n1;2;3;no\n4;NA;6;yes\n7;8;9;no\n"), CSVOptions{Missing: MissingMean})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ds.WriteCSV(&buf, []bool{false, true, true}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "b,c,y\n2,3,no\n,6,yes\n8,9,no\n" {
		t.Errorf("wrote %q", buf.String())
	}
}

// TestAbsentColumnsNotRead: in a table to predict, an absent column (a
// model's unused one) is not read, present or not, text in it included.
func TestAbsentColumnsNotRead(t *testing.T) {
	for _, in := range []string{"a,b,y\n1,text,2\n3,,4\n", "a,y\n1,2\n3,4\n"} {
		ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Features: []string{"a", "b"}, Absent: []string{"b"}, ForPrediction: true, Target: "y", Task: Regression})
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if ds.X[0] != 1 || !math.IsNaN(ds.X[1]) || ds.MissingRows != 0 {
			t.Errorf("%q: X %v, missing rows %d", in, ds.X, ds.MissingRows)
		}
	}
	if _, err := ReadCSV(strings.NewReader("a,y\n1,2\n"), CSVOptions{Features: []string{"a", "b"}, Absent: []string{"b"}}); !errors.Is(err, ErrNoFeature) {
		t.Errorf("Absent outside prediction: %v", err)
	}
}

// TestWriteCSVRegressionTabs: a regression table read with tabs, whose
// name holds a comma, is written so that it reads back as the same data.
func TestWriteCSVRegressionTabs(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("a\t\"b,c\"\ty\n1\t2\t0.5\n3\t4\t1.5\n5\t6\t-2\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ds.WriteCSV(&buf, []bool{false, true}); err != nil {
		t.Fatal(err)
	}
	again, err := ReadCSV(&buf, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.Features, []string{"b,c"}) || !slices.Equal(again.X, []float64{2, 4, 6}) || !slices.Equal(again.Y, ds.Y) {
		t.Errorf("read back %q %v %v %q", again.Features, again.X, again.Y, again.Delimiter)
	}
}

// TestReadProgress: CSVOptions.Progress hears of the bytes read, about
// every megabyte, up to the file's size.
func TestReadProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,y\n")
	for i := range 200000 {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i%7, i%2)
	}
	path := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls []int64
	var size int64
	opts := CSVOptions{Progress: func(read, total int64) { calls, size = append(calls, read), total }}
	if _, err := ReadFile(path, opts); err != nil {
		t.Fatal(err)
	}
	if size != int64(b.Len()) || len(calls) < 2 || calls[len(calls)-1] > size || !slices.IsSorted(calls) {
		t.Errorf("progress calls %v of size %d; want several, increasing, up to %d", calls, size, b.Len())
	}
}
