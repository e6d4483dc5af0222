package data

import (
	"math"
	"strings"
	"testing"
)

// TestCommonScale: with CommonScale the number columns that vary share
// one scale, the root mean square of their standard deviations, a
// constant one and a category's columns keep 1, and the means are each
// column's own; the
// parts Subset and Columns make keep the setting, and a stream refuses it.
func TestCommonScale(t *testing.T) {
	// a: 1, 3 (sd 1); b: 0, 4 (sd 2); c: constant; d: a category; e: 10,
	// 14 (sd 2). The scale: √((1 + 4 + 4)/3) = √3.
	in := "a,b,c,d,e,y\n1,0,5,u,10,0\n3,4,5,v,14,1\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{CommonScale: true})
	if err != nil {
		t.Fatal(err)
	}
	if !ds.CommonScale || !ds.Packed() {
		t.Fatalf("CommonScale %v, packed %v: want a packed table keeping the setting", ds.CommonScale, ds.Packed())
	}
	s := FitScaler(ds)
	c := math.Sqrt(3)
	wantScale := []float64{c, c, 1, 1, 1, c} // a, b, c (constant), d=u, d=v, e
	wantMean := []float64{2, 2, 5, 0, 0, 12}
	for j := range wantScale {
		if math.Abs(s.Scale[j]-wantScale[j]) > 1e-15 || s.Mean[j] != wantMean[j] {
			t.Errorf("%s: mean %v scale %v, want %v and %v", ds.Features[j], s.Mean[j], s.Scale[j], wantMean[j], wantScale[j])
		}
	}
	own, err := ReadCSV(strings.NewReader(in), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := FitScaler(own); s.Scale[0] != 1 || s.Scale[1] != 2 || s.Scale[2] != 1 || s.Scale[5] != 2 {
		t.Errorf("each column's own scale: %v", s.Scale)
	}
	if !ds.Subset([]int{1, 0}).CommonScale || !ds.Columns([]bool{true, false, false, false, false, true}).CommonScale {
		t.Error("a part of the data lost CommonScale")
	}
	if _, err := readStream(strings.NewReader("a,y\n1,0\n2,1\n3,0\n4,1\n"), CSVOptions{CommonScale: true}, 0.5, 1, ""); err == nil ||
		!strings.Contains(err.Error(), "--standardize=false") {
		t.Errorf("a stream with CommonScale: %v", err)
	}
}

// TestCommonScaleEdges: a table whose numbers are all constant gets the
// scale 1; huge standard deviations do not overflow the root mean square.
func TestCommonScaleEdges(t *testing.T) {
	if got := commonScale([]float64{0, 0}); got != 1 {
		t.Errorf("constant columns: %v, want 1", got)
	}
	if got, want := commonScale([]float64{1e300, 1e300, 0}), 1e300; got != want {
		t.Errorf("huge: %v, want %v", got, want)
	}
}
