package kernel

import "testing"

// TestDotSquares4: each of the four sums is the one a loop over its row
// alone gives, bit for bit, with b in either precision (values of mixed
// sizes, so that the order of the additions shows in the last bits); rows
// of different lengths panic.
func TestDotSquares4(t *testing.T) {
	rng := seededRand(11)
	for _, m := range []int{0, 1, 3, 256, 1001} {
		var b, v [4][]float64
		for i := range 4 {
			b[i], v[i] = make([]float64, m), make([]float64, m)
			for c := range m {
				b[i][c], v[i][c] = rng.NormFloat64()*float64(1+c%7*1000), rng.NormFloat64()/float64(1+c%5)
			}
		}
		var b32 [4][]float32
		for i := range 4 {
			b32[i] = make([]float32, m)
			for c := range m {
				b32[i][c] = float32(b[i][c])
			}
		}
		dot, sq := DotSquares4(&b, &v)
		dot32, sq32 := DotSquares4(&b32, &v)
		sq2 := Squares4(&v)
		for i := range 4 {
			var d, d32, s float64
			for c := range m {
				d += float64(b[i][c] * v[i][c])
				d32 += float64(float64(b32[i][c]) * v[i][c])
				s += float64(v[i][c] * v[i][c])
			}
			if dot[i] != d || dot32[i] != d32 || sq[i] != s || sq32[i] != s || sq2[i] != s {
				t.Errorf("m=%d row %d: dot %v and %v, squares %v, %v and %v; want %v, %v and %v", m, i, dot[i], dot32[i], sq[i], sq32[i], sq2[i], d, d32, s)
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("rows of different lengths: no panic")
		}
	}()
	short := [4][]float64{make([]float64, 4), make([]float64, 4), make([]float64, 3), make([]float64, 4)}
	DotSquares4(&short, &short)
}
