package data

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

func TestSplitStratified(t *testing.T) {
	// 90 rows of class 0, 10 of class 1.
	ds := &Dataset{Features: []string{"a"}, Task: Classification, Classes: []string{"a", "b"}}
	for i := range 100 {
		ds.X = append(ds.X, float64(i))
		ds.Y = append(ds.Y, float64(i/90))
	}
	train, val, err := Split(ds, 0.2, rng(1))
	if err != nil {
		t.Fatal(err)
	}
	count := func(d *Dataset, c float64) (n int) {
		for _, y := range d.Y {
			if y == c {
				n++
			}
		}
		return n
	}
	if count(val, 0) != 18 || count(val, 1) != 2 || train.Rows() != 80 {
		t.Errorf("validation has %d and %d rows of the classes, want 18 and 2; train %d rows", count(val, 0), count(val, 1), train.Rows())
	}
	// Every row lands in exactly one part, with its target.
	var seen []float64
	for _, d := range []*Dataset{train, val} {
		for i := range d.Rows() {
			x := d.Row(i)[0]
			if d.Y[i] != float64(int(x)/90) {
				t.Fatalf("row %v carries target %v", x, d.Y[i])
			}
			seen = append(seen, x)
		}
	}
	slices.Sort(seen)
	if !slices.Equal(seen, ds.X) {
		t.Error("the split lost or duplicated rows")
	}
	again, _, _ := Split(ds, 0.2, rng(1))
	if !slices.Equal(again.X, train.X) {
		t.Error("the same seed gave another split")
	}
	if _, _, err := Split(ds, 1, rng(1)); err == nil {
		t.Error("Split with fraction 1: no error")
	}
}

func TestScaler(t *testing.T) {
	train := &Dataset{Features: []string{"a", "const"}, X: []float64{1, 5, 2, 5, 3, 5}, Y: make([]float64, 3)}
	val := &Dataset{Features: train.Features, X: []float64{4, 5}, Y: make([]float64, 1)}
	s := FitScaler(train)
	s.Apply(train)
	s.Apply(val)
	// Column a: mean 2, population standard deviation √(2/3).
	sd := math.Sqrt(2.0 / 3)
	want := []float64{-1 / sd, 0, 0, 0, 1 / sd, 0}
	for i := range want {
		if math.Abs(train.X[i]-want[i]) > 1e-15 {
			t.Fatalf("standardised training X = %v, want %v", train.X, want)
		}
	}
	// The validation row uses the training statistics; the constant column maps to 0.
	if math.Abs(val.X[0]-2/sd) > 1e-15 || val.X[1] != 0 {
		t.Errorf("standardised validation row = %v, want [%v 0]", val.X, 2/sd)
	}
}

func TestBatcher(t *testing.T) {
	b := NewBatcher(10, 3, rng(2))
	if b.Batches() != 3 {
		t.Fatalf("Batches() = %d, want 3 (the partial batch is dropped)", b.Batches())
	}
	var first []int
	for epoch := range 2 {
		b.Shuffle()
		var rows []int
		for k := range b.Batches() {
			rows = append(rows, b.Batch(k)...)
		}
		sorted := slices.Clone(rows)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != 9 {
			t.Fatalf("epoch %d dealt rows %v: repeats", epoch, rows)
		}
		if epoch == 0 {
			first = rows
		} else if slices.Equal(first, rows) {
			t.Error("two epochs dealt the same order")
		}
	}
	if NewBatcher(5, 64, rng(1)).Size() != 5 {
		t.Error("batch size not clamped to the rows")
	}
}

func TestSynthetic(t *testing.T) {
	// Friedman #1 without noise follows its formula (Friedman 1991, eq. 43).
	ds2, inf := Friedman1(2000, 6, 0, rng(3))
	if !slices.Equal(inf, []int{0, 1, 2, 3, 4}) || ds2.Cols() != 6 {
		t.Errorf("informative %v, %d features; want the first 5 of 6", inf, ds2.Cols())
	}
	for i := range ds2.Rows() {
		r := ds2.Row(i)
		want := 10*math.Sin(math.Pi*r[0]*r[1]) + 20*(r[2]-0.5)*(r[2]-0.5) + 10*r[3] + 5*r[4]
		if ds2.Y[i] != want {
			t.Fatalf("row %d: y = %v, formula %v", i, ds2.Y[i], want)
		}
	}

	// XOR: each informative feature alone is uninformative; together they decide.
	xor, _ := XOR(4000, 3, rng(4))
	agree := 0
	for i := range xor.Rows() {
		r := xor.Row(i)
		if (r[0] > 0) == (xor.Y[i] == 1) {
			agree++
		}
		if (r[0]*r[1] > 0) != (xor.Y[i] == 1) {
			t.Fatalf("row %d: class %v for x0·x1 = %v", i, xor.Y[i], r[0]*r[1])
		}
	}
	if frac := float64(agree) / 4000; math.Abs(frac-0.5) > 0.03 {
		t.Errorf("sign(x0) agrees with the class on %.3f of rows, want ≈ 0.5", frac)
	}
}

func TestColumns(t *testing.T) {
	d := &Dataset{Features: []string{"a", "b", "c"}, X: []float64{1, 2, 3, 4, 5, 6}, rows: 2}
	c := d.Columns([]bool{true, false, true})
	if c.Rows() != 2 || !slices.Equal(c.Features, []string{"a", "c"}) || !slices.Equal(c.X, []float64{1, 3, 4, 6}) {
		t.Errorf("Columns: %d rows, %v, %v", c.Rows(), c.Features, c.X)
	}
}

func TestFolds(t *testing.T) {
	d := &Dataset{Features: []string{"a"}, Task: Classification, Classes: []string{"p", "q"}, X: make([]float64, 10), Y: []float64{0, 0, 0, 0, 0, 0, 1, 1, 1, 1}}
	folds, err := Folds(d, 2, rng(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range folds {
		q := 0
		for _, i := range f {
			q += int(d.Y[i])
		}
		// Stratified: each fold has 3 of the 6 p rows and 2 of the 4 q rows.
		if len(f) != 5 || q != 2 {
			t.Errorf("fold %v has %d rows, %d of class q", f, len(f), q)
		}
	}
	if _, err := Folds(d, 1, rng(3)); err == nil {
		t.Error("Folds with k=1: no error")
	}
}

// TestStandardizeExtremeValues: features near ±1.8e308 and a target near
// 1e200, whose sums of squares overflow, standardise to finite values of
// mean 0 and variance 1.
func TestStandardizeExtremeValues(t *testing.T) {
	ds := &Dataset{Features: []string{"a"}, Task: Regression,
		X: []float64{1e308, 1.7e308, -1.7e308, 1.2e308}, Y: []float64{1e200, -3e200, 2e200, 5e200}}
	Standardize(ds)
	for _, vs := range [][]float64{ds.X, ds.Y} {
		mean, sq := 0.0, 0.0
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("standardised %v", vs)
			}
			mean += v / 4
			sq += v * v / 4
		}
		if math.Abs(mean) > 1e-12 || math.Abs(sq-mean*mean-1) > 1e-12 {
			t.Errorf("standardised %v: mean %v, variance %v", vs, mean, sq-mean*mean)
		}
	}
}

// TestStandardizationColumns: the standardisation of kept columns is
// theirs, the target's unchanged.
func TestStandardizationColumns(t *testing.T) {
	st := &Standardization{X: &Scaler{Mean: []float64{1, 2, 3}, Scale: []float64{4, 5, 6}}, Y: []TargetScaler{{Mean: 7, Scale: 8}}}
	got := st.Columns([]bool{true, false, true})
	if !slices.Equal(got.X.Mean, []float64{1, 3}) || !slices.Equal(got.X.Scale, []float64{4, 6}) || !slices.Equal(got.Y, st.Y) {
		t.Errorf("columns %+v, %+v", got.X, got.Y)
	}
}
