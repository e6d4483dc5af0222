package kernel

import "testing"

// TestDotSquares4: each of the four sums is the one a loop over its row
// alone gives, bit for bit (values of mixed sizes, so that the order of
// the additions shows in the last bits); rows of different lengths panic.
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
		dot, sq := DotSquares4(&b, &v)
		sq2 := Squares4(&v)
		for i := range 4 {
			var d, s float64
			for c := range m {
				d += float64(b[i][c] * v[i][c])
				s += float64(v[i][c] * v[i][c])
			}
			if dot[i] != d || sq[i] != s || sq2[i] != s {
				t.Errorf("m=%d row %d: dot %v, squares %v and %v; want %v and %v", m, i, dot[i], sq[i], sq2[i], d, s)
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
