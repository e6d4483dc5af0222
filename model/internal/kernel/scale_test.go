package kernel

import (
	"math"
	"testing"
)

// TestScaleProject: Scale and Project give the Go loops' values, bit for
// bit, in both precisions and on lengths with and without a tail after
// the vector's groups of four; the values past len(dst) stay untouched.
func TestScaleProject(t *testing.T) {
	rng := seededRand(10)
	for _, n := range []int{0, 1, 3, 4, 7, 64, 257} {
		v, b := make([]float64, n+4), make([]float64, n+4)
		for i := range v {
			v[i], b[i] = rng.NormFloat64(), rng.NormFloat64()*1e3
		}
		b32 := make([]float32, len(b))
		for i := range b {
			b32[i] = float32(b[i])
		}
		r, th, s, f := 1/math.Sqrt(3), -0.7, 0.3, 1.9

		got64, got32 := make([]float64, n+1), make([]float32, n+1)
		got64[n], got32[n] = 5, 5
		Scale(got64[:n], v, r, th)
		Scale(got32[:n], v, r, th)
		for c := range n {
			want := r * v[c] * th
			if got64[c] != want || got32[c] != float32(want) {
				t.Fatalf("n=%d: Scale at %d: %v and %v, want %v", n, c, got64[c], got32[c], want)
			}
		}
		if got64[n] != 5 || got32[n] != 5 {
			t.Fatalf("n=%d: Scale wrote past its row", n)
		}

		p64, p32 := make([]float64, n+1), make([]float64, n+1)
		p64[n], p32[n] = 5, 5
		Project(p64[:n], b, v, s, f)
		Project(p32[:n], b32, v, s, f)
		for c := range n {
			want64 := s * (b[c] - float64(f*v[c]))
			want32 := s * (float64(b32[c]) - float64(f*v[c]))
			if p64[c] != want64 || p32[c] != want32 {
				t.Fatalf("n=%d: Project at %d: %v and %v, want %v and %v", n, c, p64[c], p32[c], want64, want32)
			}
		}
		if p64[n] != 5 || p32[n] != 5 {
			t.Fatalf("n=%d: Project wrote past its row", n)
		}
	}
}
