package regularize

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// TestHierProxVectors checks HierProx against values computed with
// LassoNet's reference implementation (lasso-net/lassonet, lassonet/prox.py,
// lambda_bar = 0) and confirmed by brute-force minimisation, kept in
// testdata/hier_prox.json (the project's shared test vectors, copied).
func TestHierProxVectors(t *testing.T) {
	b, err := os.ReadFile("testdata/hier_prox.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			V      float64
			U      []float64
			Lam, M float64
			B      float64
			W      []float64
		}
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	for i, tv := range file.Vectors {
		beta := []float64{tv.V}
		w := append([]float64(nil), tv.U...)
		HierProx(beta, w, tv.Lam, tv.M, make([]float64, len(w)))
		if math.Abs(beta[0]-tv.B) > 1e-12 {
			t.Errorf("vector %d: b = %.17g, want %.17g", i, beta[0], tv.B)
		}
		for k := range w {
			if math.Abs(w[k]-tv.W[k]) > 1e-12 {
				t.Errorf("vector %d: W[%d] = %.17g, want %.17g", i, k, w[k], tv.W[k])
			}
		}
	}
}

// TestHierProxProperties checks the operator's defining properties on
// random inputs: the output satisfies the hierarchy ‖W‖∞ ≤ M·‖b‖, no
// feasible point near it has a lower objective (the operator is the
// minimiser of a convex problem), and with λ = 0 a feasible input is a
// fixed point.
func TestHierProxProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	scratch := make([]float64, 8)
	for range 1000 {
		k, outs := 1+rng.IntN(8), 1+rng.IntN(3)
		beta, w := make([]float64, outs), make([]float64, k)
		for i := range beta {
			beta[i] = rng.NormFloat64()
		}
		for i := range w {
			w[i] = 3 * rng.NormFloat64()
		}
		m, lambda := 0.1+5*rng.Float64(), rng.Float64()
		beta0, w0 := append([]float64(nil), beta...), append([]float64(nil), w...)
		objective := func(b, u []float64) float64 {
			s := lambda * norm2(b)
			for i := range b {
				s += (b[i] - beta0[i]) * (b[i] - beta0[i]) / 2
			}
			for i := range u {
				s += (u[i] - w0[i]) * (u[i] - w0[i]) / 2
			}
			return s
		}
		HierProx(beta, w, lambda, m, scratch)
		if inf, bn := maxAbs(w), norm2(beta); inf > m*bn*(1+1e-12)+1e-15 {
			t.Fatalf("hierarchy violated: ‖W‖∞ = %v > M‖b‖ = %v", inf, m*bn)
		}
		best := objective(beta, w)
		for range 20 {
			b, u := append([]float64(nil), beta...), append([]float64(nil), w...)
			for i := range b {
				b[i] += 1e-3 * rng.NormFloat64()
			}
			for i := range u {
				u[i] += 1e-3 * rng.NormFloat64()
			}
			if maxAbs(u) > m*norm2(b) {
				continue // not feasible
			}
			if o := objective(b, u); o < best-1e-12 {
				t.Fatalf("a feasible neighbour has objective %v < %v", o, best)
			}
		}
		// The output is feasible, so with λ = 0 it must not move.
		b2, w2 := append([]float64(nil), beta...), append([]float64(nil), w...)
		HierProx(b2, w2, 0, m, scratch)
		for i := range b2 {
			if math.Abs(b2[i]-beta[i]) > 1e-12 {
				t.Fatalf("λ=0 moved feasible b %v to %v", beta, b2)
			}
		}
		for i := range w2 {
			if math.Abs(w2[i]-w[i]) > 1e-12 {
				t.Fatalf("λ=0 moved feasible W %v to %v", w, w2)
			}
		}
	}
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func norm2(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
