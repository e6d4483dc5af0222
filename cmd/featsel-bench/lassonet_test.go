package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/featsel/featsel/regularize"
)

// idxBytes encodes an IDX array of unsigned bytes.
func idxBytes(dims []int, values []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, idxUnsignedByte, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(values)
	return b.Bytes()
}

func TestReadIDX(t *testing.T) {
	good := idxBytes([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	a, err := readIDX(bytes.NewReader(good))
	if err != nil || !slices.Equal(a.dims, []int{2, 3}) || !slices.Equal(a.data, []byte{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("readIDX = %v, %v; want sizes [2 3] and bytes 1..6", a, err)
	}
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "header"},
		{"magic", "\x01\x00\x08\x01", "magic number"},
		{"type", "\x00\x00\x0d\x01", "element type 0x0d"},
		{"no dimension", "\x00\x00\x08\x00", "no dimension"},
		{"short size", "\x00\x00\x08\x02\x00\x00\x00\x02\x00", "size 2 of 2"},
		{"truncated", string(good[:len(good)-1]), "truncated: 5 bytes of the 6"},
		{"trailing", string(good) + "x", "bytes after the 6"},
		{"huge", string(idxBytes([]int{1 << 16, 1 << 16}, nil)), "announce more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readIDX(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("readIDX(%q) error %v, want one with %q", tc.in, err, tc.want)
			}
		})
	}
}

// FuzzReadIDX: whatever the bytes, readIDX returns an error or an array
// whose bytes fill its sizes exactly.
func FuzzReadIDX(f *testing.F) {
	f.Add(idxBytes([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(idxBytes([]int{0}, nil))
	f.Add([]byte("\x00\x00\x08\x03\x00\x00\x00\x01"))
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := readIDX(bytes.NewReader(in))
		if err != nil {
			return
		}
		size := 1
		for _, d := range a.dims {
			size *= d
		}
		if len(a.data) != size {
			t.Errorf("sizes %v hold %d bytes, read %d", a.dims, size, len(a.data))
		}
	})
}

func TestLassonetSplit(t *testing.T) {
	sel, test := lassonetSplit(10000, 0.6, rand.New(rand.NewPCG(1, 16)))
	if len(sel) != 4000 || len(test) != 6000 { // train_test_split(test_size=0.6) on 10 000 rows
		t.Fatalf("split %d / %d, want 4000 / 6000", len(sel), len(test))
	}
	all := slices.Sorted(slices.Values(append(slices.Clone(sel), test...)))
	for i, r := range all {
		if r != i {
			t.Fatalf("the two parts are not a partition of the rows: row %d where %d should be", r, i)
		}
	}
	if slices.IsSorted(sel) {
		t.Error("the selection rows are in order: not a random permutation")
	}
	if sel2, _ := lassonetSplit(7, 0.6, rand.New(rand.NewPCG(1, 16))); len(sel2) != 2 { // ⌈4.2⌉ = 5 to test
		t.Errorf("7 rows: %d to select, want 2", len(sel2))
	}
	if sel3, test3 := lassonetSplit(10000, 0.2, rand.New(rand.NewPCG(1, 16))); len(sel3) != 8000 || len(test3) != 2000 { // test_size=0.2 since March 2024
		t.Errorf("--test-frac 0.2: split %d / %d, want 8000 / 2000", len(sel3), len(test3))
	}
}

// writeSyntheticIDX writes n side×side images and their labels into dir,
// compressed or not: each pixel is noise, uniform on 0..99, and label 1
// adds 0.3·j to pixel j, so that the classes overlap and the pixels are
// ever more informative along the image (the path then drops them one by
// one and can keep 50).
func writeSyntheticIDX(t *testing.T, dir string, n, side int, gz bool, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	images, labels := make([]byte, n*side*side), make([]byte, n)
	for i := range n {
		labels[i] = byte(i % 2)
		for j := range side * side {
			images[i*side*side+j] = byte(rng.IntN(100) + int(labels[i])*j*3/10)
		}
	}
	for name, b := range map[string][]byte{
		"t10k-images-idx3-ubyte": idxBytes([]int{n, side, side}, images),
		"t10k-labels-idx1-ubyte": idxBytes([]int{n}, labels),
	} {
		if gz {
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(b)
			zw.Close()
			name, b = name+".gz", z.Bytes()
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLassonetEndToEnd runs the mode on two small synthetic datasets of
// 8×8 images in the form of the real files (gzip for one, plain for the
// other): both run, the table names them beside LassoNet's numbers, the
// selection keeps 50 pixels and scores well above chance, each picture
// shows 50 red pixels, the 14 left out mostly from the less informative
// half, and --csv writes the two parts.
func TestLassonetEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two paths")
	}
	fashion, mnist, pics, parts := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	writeSyntheticIDX(t, fashion, 800, 8, true, 1)
	writeSyntheticIDX(t, mnist, 800, 8, false, 2)
	var stdout, stderr bytes.Buffer
	code := runLassonet([]string{"--data-dir", fashion, "--mnist-dir", mnist, "--picture", pics, "--csv", parts}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"Fashion-MNIST   50/64", "0.800    0.794", "MNIST           50/64", "0.873    0.892", "on 480 of the 800 test images", "on the other 320"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n")[1:3] {
		var name, pixels string
		var acc float64
		// The Bayes accuracy is Φ(Δ/2) ≈ 0.93, Δ² = Σ (0.3·j/σ)² ≈ 9.2 with
		// σ ≈ 28.9 the noise's standard deviation; 0.75 leaves room for
		// 320 training rows (measured: 0.90 and 0.88).
		if _, err := fmt.Sscan(line, &name, &pixels, &acc); err != nil || !(acc > 0.75) {
			t.Errorf("%q: accuracy %v (%v), want > 0.75", line, acc, err)
		}
	}
	// --csv: the two parts, a header and a row per image.
	for part, rows := range map[string]int{"selection": 320, "test": 480} {
		b, err := os.ReadFile(filepath.Join(parts, "lassonet-fashion-"+part+".csv"))
		if n := strings.Count(string(b), "\n"); err != nil || n != rows+1 {
			t.Errorf("%s part: %d lines (%v), want %d", part, n, err, rows+1)
		}
	}
	for _, name := range []string{"fashion", "mnist"} {
		f, err := os.Open(filepath.Join(pics, "lassonet-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 8*pictureScale || b.Dy() != 8*pictureScale {
			t.Fatalf("%s: picture %v, want %d×%d", name, b, 8*pictureScale, 8*pictureScale)
		}
		var red, weakLeft int
		for j := range 64 {
			r, g, b, _ := img.At(j%8*pictureScale+pictureScale/2, j/8*pictureScale+pictureScale/2).RGBA()
			switch {
			case r != g || g != b:
				red++
			case j < 32:
				weakLeft++
			}
		}
		if red != 50 || weakLeft < 10 {
			t.Errorf("%s: %d red pixels, %d of the 14 left out in the less informative half; want 50 and at least 10", name, red, weakLeft)
		}
	}
}

// TestLassonetMissing: a missing dataset is skipped with how to get it;
// the run fails only when none ran.
func TestLassonetMissing(t *testing.T) {
	empty := t.TempDir()
	var stderr bytes.Buffer
	if code := runLassonet([]string{"--datasets", "fashion", "--data-dir", empty}, io.Discard, &stderr); code != 1 {
		t.Errorf("exit %d, want 1 when no dataset ran", code)
	}
	if msg := stderr.String(); !strings.Contains(msg, "Fashion-MNIST skipped") || !strings.Contains(msg, "apt-get install dataset-fashion-mnist") {
		t.Errorf("stderr %q, want the skip and how to get the data", msg)
	}
}

// TestLassonetCheck: bad arguments are refused before any work.
func TestLassonetCheck(t *testing.T) {
	for _, args := range [][]string{{"--datasets", "cifar"}, {"--datasets", ""}, {"extra"}, {"--seed", "x"}, {"--dtype", "float16"}, {"--hidden", "0"}, {"--test-frac", "1"}, {"--test-frac", "0"}, {"--max-multiplier", "1"}, {"--method", "lasso"}, {"--refit-method", "adam"}, {"--batch", "-1"}} {
		var stderr bytes.Buffer
		if code := runLassonet(args, io.Discard, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, %q; want 2 and a message", args, code, stderr.String())
		}
	}
}

// TestLoadTestImagesMismatch: labels that do not match the images are
// refused with both sizes.
func TestLoadTestImagesMismatch(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte"), idxBytes([]int{2, 1, 1}, []byte{0, 1}), 0o644)
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte"), idxBytes([]int{3}, []byte{0, 1, 1}), 0o644)
	if _, err := loadTestImages(dir); err == nil || !strings.Contains(err.Error(), "labels of sizes [3] for 2 images") {
		t.Errorf("loadTestImages error %v, want the mismatch", err)
	}
}

// TestLassonetSettings: the table's last line names the settings that are
// not the command's defaults, as flags of featsel path.
func TestLassonetSettings(t *testing.T) {
	row := []lassonetRow{{d: lassonetData[0], kept: 50, pixels: 784, selectionRows: 4000, testRows: 6000}}
	for _, tc := range []struct {
		o    lassonetOptions
		want string
	}{
		{lassonetOptions{hidden: []int{regularize.DefaultHidden}, dtype: "float64", standardize: true}, "--refit with its defaults (seed 1)"},
		{lassonetOptions{hidden: []int{regularize.DefaultHidden}, dtype: "float64"}, "--refit --standardize=false (seed 1)"},
		{lassonetOptions{hidden: []int{256}, dtype: "float32"}, "--refit --hidden 256 --dtype float32 --standardize=false (seed 1)"},
		{lassonetOptions{hidden: []int{regularize.DefaultHidden}, dtype: "float64", standardize: true, maxMultiplier: 1.05}, "--refit --max-multiplier 1.05 (seed 1)"},
		{lassonetOptions{hidden: []int{regularize.DefaultHidden}, dtype: "float64", standardize: true, method: "ista"}, "--refit --method ista (seed 1)"},
		{lassonetOptions{hidden: []int{256}, dtype: "float64", method: "ista", batch: 256, refitMethod: "prox-adam", refitAll: true},
			"--refit-all --method ista --hidden 256 --dtype float64 --standardize=false --batch 256 --refit-method prox-adam (seed 1)"},
	} {
		tc.o.seed, tc.o.method = 1, cmp.Or(tc.o.method, regularize.DefaultMethod)
		var out bytes.Buffer
		printLassonet(&out, tc.o, row)
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("%+v: %q does not say %q", tc.o, out.String(), tc.want)
		}
	}
}
