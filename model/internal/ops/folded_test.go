package ops

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
	"github.com/featsel/featsel/model/internal/machine"
)

// TestFoldedSkipsZeros: the folded layer's forward product, which skips
// the columns whose θ_j is zero once they are a quarter of them or more,
// gives the same output, bit for bit, as the whole product x·W + b with
// W's zero rows (BLAS, which also runs layers of fewer than 8 outputs,
// never skips; on AVX2F32 the skip can move a product
// between float32 and float64 sums, so there it agrees to float32's
// rounding), with and without units, for dense and mostly-zero inputs and
// for no, few, half and all θ_j zero.
func TestFoldedSkipsZeros(t *testing.T) {
	const n, k = 37, 100 // k ≥ 64 > k/2: float32 sums whole, float64 skipped
	rng := rand.New(rand.NewPCG(21, 0))
	for _, c := range []struct {
		backend kernel.Backend
		m       int
	}{{kernel.BLAS, 24}, {kernel.AVX2, 24}, {kernel.AVX2, 3}, {kernel.AVX2F32, 24}} { // 3 outputs: gonum's
		backend, m := c.backend, c.m
		if !backend.Runs() {
			continue
		}
		for _, units := range []Units{nil, blocks(k)} {
			for _, zeroShare := range []float64{0, 0.1, 0.5, 1} {
				for _, sparseX := range []bool{false, true} {
					x, v, b := make([]float64, n*k), make([]float64, k*m), make([]float64, m)
					for i := range x {
						if !sparseX || rng.Float64() < 0.4 {
							x[i] = rng.NormFloat64()
						}
					}
					for i := range v {
						v[i] = rng.NormFloat64()
					}
					for i := range b {
						b[i] = rng.NormFloat64()
					}
					th := make([]float64, units.Count(k))
					for u := range th {
						if rng.Float64() >= zeroShare {
							th[u] = rng.NormFloat64()
						}
					}
					op := &foldedLinear{opBase: opBase{name: "folded"}, scratch: scratch{Products: kernel.Products{Backend: backend, Sparse: true}}, units: units}
					got, err := op.Do(dense(x, n, k), dense(th, len(th)), dense(v, k, m), dense(b, m))
					if err != nil {
						t.Fatal(err)
					}
					w := make([]float64, k*m)
					for j := range k {
						r := 1 / math.Sqrt(sumSquares(v[j*m:(j+1)*m]))
						for c := range m {
							w[j*m+c] = r * v[j*m+c] * th[units.of(j)]
						}
					}
					want := make([]float64, n*m)
					for i := range n {
						copy(want[i*m:(i+1)*m], b)
					}
					whole := kernel.Products{Backend: backend, Sparse: true}
					whole.Mul(want, x, w, n, k, m, true)
					if backend == kernel.AVX2F32 {
						for i, v := range values(got) {
							if math.Abs(v-want[i]) > 1e-5*(1+math.Abs(want[i])) {
								t.Fatalf("%v, units %v, %.0f %% of θ zero, sparse x %v: out[%d] = %v, x·W + b = %v", backend, units != nil, 100*zeroShare, sparseX, i, v, want[i])
							}
						}
					} else if !slices.Equal(values(got), want) {
						t.Errorf("%v, units %v, %.0f %% of θ zero, sparse x %v: the output differs from x·W + b", backend, units != nil, 100*zeroShare, sparseX)
					}
				}
			}
		}
	}
}

func dense(v []float64, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(slices.Clone(v)))
}

// TestFoldedLarge: on a layer whose passes over W and V are shared with
// an idle core (see kernel.Rows), the folded layer's W (its active rows,
// a third of the columns having θ zero), output and gradients are those
// of the formulas computed row by row, bit for bit, with and without
// units; in float32 (AVX2F32) with W built in single precision, as the
// product would narrow it.
func TestFoldedLarge(t *testing.T) {
	if !kernel.AVX2.Runs() {
		t.Skip("no AVX2 and FMA on this machine: the layer never skips")
	}
	for _, backend := range []kernel.Backend{kernel.AVX2, kernel.AVX2F32} {
		for _, n := range []int{9, 64} { // on AVX2F32 B summed in float64, then in float32
			foldedLarge(t, backend, n)
		}
	}
}

func foldedLarge(t *testing.T, backend kernel.Backend, n int) {
	const k, m = 300, 512 // the active rows' k·m above the size of a shared pass
	rng := rand.New(rand.NewPCG(22, 0))
	random := func(size int) []float64 {
		v := make([]float64, size)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	for _, units := range []Units{nil, blocks(k)} {
		x, v, b := random(n*k), random(k*m), random(m)
		th := random(units.Count(k))
		for u := 0; u < len(th); u += 3 {
			th[u] = 0
		}
		prod := kernel.Products{Backend: backend}
		op := &foldedLinear{opBase: opBase{name: "folded"}, scratch: scratch{Products: prod}, units: units}
		sh := &foldedGrads{Products: prod}
		op.grads = []*foldedGrads{sh}
		gradTh := &foldedGrad{opBase: opBase{name: "dθ"}, units: units, shared: sh}
		gradV := &foldedGrad{opBase: opBase{name: "dV"}, wrtV: true, units: units, shared: sh}
		// Two steps with the same ops: the second with another g and dL/dV
		// asked first, so that its op computes what both read.
		for _, vFirst := range []bool{false, true} {
			g := random(n * m)
			out, err := op.Do(dense(x, n, k), dense(th, len(th)), dense(v, k, m), dense(b, m))
			if err != nil {
				t.Fatal(err)
			}
			in := []G.Value{dense(x, n, k), dense(g, n, m), dense(th, len(th)), dense(v, k, m), out}
			var dth, dv G.Value
			if vFirst {
				dv, err = gradV.Do(in...)
			}
			if err == nil {
				dth, err = gradTh.Do(in...)
			}
			if err == nil && !vFirst {
				dv, err = gradV.Do(in...)
			}
			if err != nil {
				t.Fatal(err)
			}
			// B = xᵀ·g as the products sum it; from 64 rows on AVX2F32 the
			// ops keep it in single precision, without a float64 B.
			bj := make([]float64, k*m)
			prod.TMul(bj, x, g, n, k, m)
			if float64B := sh.b != nil; float64B == (backend == kernel.AVX2F32 && n >= 64) {
				t.Fatalf("%v, n %d: B in float64: %v", backend, n, float64B)
			}
			var wActive []float64
			w, wantOut := make([]float64, k*m), make([]float64, n*m)
			wantDth, wantDv := make([]float64, len(th)), make([]float64, k*m)
			for j := range k {
				vj, tj := v[j*m:(j+1)*m], th[units.of(j)]
				dot, sq := 0.0, 0.0
				for c := range m {
					dot += float64(bj[j*m+c] * vj[c])
					sq += float64(vj[c] * vj[c])
				}
				r := 1 / math.Sqrt(sq)
				for c := range m {
					w[j*m+c] = r * vj[c] * tj
				}
				if tj != 0 {
					wActive = append(wActive, w[j*m:(j+1)*m]...)
				}
				wantDth[units.of(j)] += float64(dot * r)
				s, f := tj*r, dot/sq
				for c := range m {
					wantDv[j*m+c] = s * (bj[j*m+c] - float64(f*vj[c]))
				}
			}
			for i := range n {
				copy(wantOut[i*m:(i+1)*m], b)
			}
			prod.Mul(wantOut, x, w, n, k, m, true)
			if len(op.active)*m < 1<<16 {
				t.Fatalf("%d active rows: the pass building W is not shared", len(op.active))
			}
			gotW := op.w
			if backend == kernel.AVX2F32 {
				gotW = make([]float64, len(op.w32))
				for i, v := range op.w32 {
					gotW[i] = float64(v)
				}
				for i, v := range wActive {
					wActive[i] = float64(float32(v))
				}
			}
			for _, c := range []struct {
				name      string
				got, want []float64
			}{{"W", gotW, wActive}, {"out", values(out), wantOut}, {"dL/dθ", values(dth), wantDth}, {"dL/dV", values(dv), wantDv}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%v, n %d, units %v, dL/dV first %v: %s differs from the formula's", backend, n, units != nil, vFirst, c.name)
				}
			}
		}
	}
}

// TestFoldedSteps: a machine run again on new values of x, θ and V, as
// training runs it every step, gives the gradients a machine built on the
// new values gives, bit for bit: what the gradient ops share from a run
// (see foldedGrads) is computed again in the next.
func TestFoldedSteps(t *testing.T) {
	const n, k, m = 64, 20, 16 // on AVX2F32, B summed in single precision
	for _, backend := range []kernel.Backend{kernel.BLAS, kernel.AVX2, kernel.AVX2F32} {
		if !backend.Runs() {
			continue
		}
		rng := rand.New(rand.NewPCG(23, 0))
		in := []input{uniform(n, k), uniform(k), uniform(k, m), uniform(m), uniform(n, m)}
		first := make([]*tensor.Dense, len(in))
		for i, v := range in {
			first[i] = v.tensor(rng)
		}
		// build returns a machine of Σ R⊙FoldedLinear(x, θ, V, b) on the
		// values of vals (x, θ, V, b, R), and its gradients for θ and V.
		build := func(vals []*tensor.Dense) (*machine.Machine, G.Nodes) {
			g := G.NewGraph()
			nodes := make(G.Nodes, len(vals))
			for i, v := range vals {
				nodes[i] = G.NewTensor(g, tensor.Float64, v.Dims(), G.WithShape(v.Shape()...), G.WithValue(v))
			}
			out, err := FoldedLinear(nodes[0], nodes[1], nil, nodes[2], nodes[3], backend)
			if err != nil {
				t.Fatal(err)
			}
			f := G.Must(G.Sum(G.Must(G.HadamardProd(out, nodes[4]))))
			grads, err := G.Grad(f, nodes[1], nodes[2])
			if err != nil {
				t.Fatal(err)
			}
			mc, err := machine.New(g, append(G.Nodes{f}, grads...)...)
			if err != nil {
				t.Fatal(err)
			}
			if err := mc.Run(); err != nil {
				t.Fatal(err)
			}
			return mc, grads
		}
		mc, grads := build(first)
		for _, i := range []int{0, 1, 2} { // new x, θ and V in place
			in[i].fill(rng, first[i].Float64s())
		}
		if err := mc.Run(); err != nil {
			t.Fatal(err)
		}
		second := make([]*tensor.Dense, len(first))
		for i, v := range first {
			second[i] = v.Clone().(*tensor.Dense)
		}
		fresh, freshGrads := build(second)
		for i, name := range []string{"dL/dθ", "dL/dV"} {
			if !slices.Equal(values(mc.Value(grads[i])), values(fresh.Value(freshGrads[i]))) {
				t.Errorf("%v: %s of the second run differs from a new machine's", backend, name)
			}
		}
	}
}
