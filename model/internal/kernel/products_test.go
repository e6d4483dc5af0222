package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// backends are the backends a test runs on; it skips those this processor
// cannot run.
var backends = []Backend{BLAS, AVX2, AVX2F32}

func seededRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

// TestProducts checks every arrangement of the three products, on every
// backend, against the textbook triple loop: they agree to rounding,
// 1e-12 of the sum of the terms' magnitudes.
func TestProducts(t *testing.T) {
	rng := seededRand(4)
	random := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = 2*rng.Float64() - 1
		}
		return v
	}
	// Shapes that take every branch: sides above and below MinRow, m ≥ k
	// and m < k, n above chunk and not a multiple of it.
	for _, s := range []struct{ n, k, m int }{{7, 3, 5}, {7, 5, 3}, {70, 30, 100}, {70, 100, 2}, {70, 2, 100}, {33, 9, 37}} {
		for _, backend := range backends {
			t.Run(fmt.Sprintf("n=%d,k=%d,m=%d,%v", s.n, s.k, s.m, backend), func(t *testing.T) {
				if !backend.Runs() {
					t.Skip("no AVX2 and FMA on this machine")
				}
				n, k, m := s.n, s.k, s.m
				x, w, g, c0 := random(n*k), random(k*m), random(n*m), random(n*m)
				tol := 1e-12
				if backend == AVX2F32 { // float32 sums: 2⁻²⁴ a rounding
					tol = 1e-5
				}
				check := func(name string, got []float64, want func(i, j int) (sum, mag float64), rows, cols int) {
					for i := range rows {
						for j := range cols {
							sum, mag := want(i, j)
							if d := math.Abs(got[i*cols+j] - sum); d > tol*mag {
								t.Fatalf("%s[%d,%d] = %v, want %v", name, i, j, got[i*cols+j], sum)
							}
						}
					}
				}
				p := Products{Backend: backend}
				for _, add := range []bool{false, true} {
					c := append([]float64(nil), c0...)
					p.Mul(c, x, w, n, k, m, add)
					check(fmt.Sprintf("mul(add=%v)", add), c, func(i, j int) (float64, float64) {
						sum, mag := 0.0, 1.0
						if add {
							sum = c0[i*m+j]
						}
						for l := range k {
							sum += x[i*k+l] * w[l*m+j]
							mag += math.Abs(x[i*k+l] * w[l*m+j])
						}
						return sum, mag
					}, n, m)
				}
				c := make([]float64, n*k)
				p.MulT(c, g, w, n, k, m)
				check("mulT", c, func(i, j int) (float64, float64) {
					sum, mag := 0.0, 1.0
					for l := range m {
						sum += g[i*m+l] * w[j*m+l]
						mag += math.Abs(g[i*m+l] * w[j*m+l])
					}
					return sum, mag
				}, n, k)
				c = make([]float64, k*m)
				p.TMul(c, x, g, n, k, m)
				check("tMul", c, func(i, j int) (float64, float64) {
					sum, mag := 0.0, 1.0
					for l := range n {
						sum += x[l*k+i] * g[l*m+j]
						mag += math.Abs(x[l*k+i] * g[l*m+j])
					}
					return sum, mag
				}, k, m)
			})
		}
	}
}

// TestKernel compares the kernel with its Go reference on every width
// from 0 to 70 (the 32-, 4- and 1-column parts and their mixtures) and on
// strided rows, to rounding: the kernel fuses each multiply and add.
func TestKernel(t *testing.T) {
	if !AVX2.Runs() {
		t.Skip("no AVX2 and FMA on this machine: the kernel is not used")
	}
	rng := seededRand(5)
	for width := range 71 {
		for _, as := range []int{1, 3} {
			const rows, bs = 9, 75
			a, b := make([]float64, rows*as), make([]float64, rows*bs)
			for i := range a {
				a[i] = 2*rng.Float64() - 1
			}
			for i := range b {
				b[i] = 2*rng.Float64() - 1
			}
			got, want := make([]float64, width), make([]float64, width)
			for j := range got {
				got[j] = float64(j)
				want[j] = float64(j)
			}
			axpyRows(got, a, as, b, bs, rows)
			axpyRowsGo(want, a, as, b, bs, rows)
			for j := range got {
				if math.Abs(got[j]-want[j]) > 1e-13*(1+math.Abs(want[j])) {
					t.Fatalf("width %d, stride %d: c[%d] = %v, want %v", width, as, j, got[j], want[j])
				}
			}
		}
	}
}

// TestKernel32 compares the single-precision kernel with its Go
// reference on every width from 0 to 140 (the 64-, 8- and 1-column parts
// and their mixtures) and on strided rows, to rounding.
func TestKernel32(t *testing.T) {
	if !AVX2F32.Runs() {
		t.Skip("no AVX2 and FMA on this machine: the kernel is not used")
	}
	rng := seededRand(8)
	for width := range 141 {
		for _, as := range []int{1, 3} {
			const rows, bs = 9, 145
			a, b := make([]float32, rows*as), make([]float32, rows*bs)
			for i := range a {
				a[i] = 2*rng.Float32() - 1
			}
			for i := range b {
				b[i] = 2*rng.Float32() - 1
			}
			got, want := make([]float32, width), make([]float32, width)
			for j := range got {
				got[j], want[j] = float32(j), float32(j)
			}
			axpyRows32(got, a, as, b, bs, rows)
			axpyRowsGo(want, a, as, b, bs, rows)
			for j := range got {
				if math.Abs(float64(got[j]-want[j])) > 1e-5*(1+math.Abs(float64(want[j]))) {
					t.Fatalf("width %d, stride %d: c[%d] = %v, want %v", width, as, j, got[j], want[j])
				}
			}
		}
	}
}

// TestBlock: the six-row kernels give every value of c the same sum as
// the one-row kernels, bit for bit, on column counts that are and are not
// multiples of their blocks, on rows of a read one after another and
// strided (the products' two arrangements) and on every remainder of six
// rows, so that how sumRowRange divides a product between them changes
// nothing.
func TestBlock(t *testing.T) {
	if !AVX2.Runs() {
		t.Skip("no AVX2 and FMA on this machine: the kernel is not used")
	}
	testBlock(t, kernel64, func(r *rand.Rand) float64 { return r.NormFloat64() })
	testBlock(t, kernel32, func(r *rand.Rand) float32 { return float32(r.NormFloat64()) })
}

func testBlock[T float32 | float64](t *testing.T, k kernels[T], draw func(*rand.Rand) T) {
	t.Helper()
	rng := seededRand(12)
	random := func(size int) []T {
		v := make([]T, size)
		for i := range v {
			v[i] = draw(rng)
		}
		return v
	}
	for _, width := range []int{8, 16, 21, 64, 70, 256} {
		for _, nc := range []int{1, 6, 7, 13, 64} {
			for _, rows := range []int{1, 5, 64, 300} {
				b := random(rows * width)
				a := random(nc * rows)
				for _, strided := range []bool{false, true} {
					ai, al := rows, 1
					if strided {
						ai, al = 1, nc
					}
					got, want := random(nc*width), make([]T, nc*width)
					copy(want, got)
					sumRowRange(k, got, 0, nc, width, a, ai, al, b, rows, false)
					chunk := max(16, chunkValues/width) // sumRowRange's chunks of b's rows
					for i := range nc {
						for l := 0; l < rows; l += chunk {
							r := min(chunk, rows-l)
							k.rows(want[i*width:(i+1)*width], a[i*ai+l*al:], al, b[l*width:], width, r)
						}
					}
					if !slices.Equal(got, want) {
						t.Fatalf("width %d, %d rows of c, %d of b, strided %v: the six-row kernel's sums differ from the one-row kernel's", width, nc, rows, strided)
					}
				}
			}
		}
	}
}

// BenchmarkProducts times the three products of a layer on every backend
// this processor runs, in multiply-adds per second: a batch of 512 rows
// through 30 inputs and 100 outputs (the shapes of the README's
// comparison of the kernel with gonum's Dgemm), and the first layer of a
// batch of 64 images of 784 pixels through 64 hidden units, dense.
// GOMAXPROCS=1 measures one core; with two, products of minSplit
// multiply-adds and more run in two halves.
func BenchmarkProducts(b *testing.B) {
	for _, shape := range [][3]int{{512, 30, 100}, {64, 784, 64}, {64, 784, 256}} {
		n, k, m := shape[0], shape[1], shape[2]
		rng := seededRand(6)
		random := func(size int) []float64 {
			v := make([]float64, size)
			for i := range v {
				v[i] = 2*rng.Float64() - 1
			}
			return v
		}
		x, w, g := random(n*k), random(k*m), random(n*m)
		out, dx, dw := make([]float64, n*m), make([]float64, n*k), make([]float64, k*m)
		for _, backend := range backends {
			p := Products{Backend: backend}
			for _, c := range []struct {
				name string
				run  func()
			}{
				{"Mul", func() { p.Mul(out, x, w, n, k, m, false) }},
				{"MulT", func() { p.MulT(dx, g, w, n, k, m) }},
				{"TMul", func() { p.TMul(dw, x, g, n, k, m) }},
			} {
				b.Run(fmt.Sprintf("n=%d,k=%d,m=%d/%v/%s", n, k, m, backend, c.name), func(b *testing.B) {
					if !backend.Runs() {
						b.Skip("no AVX2 and FMA on this machine")
					}
					b.ReportAllocs()
					for b.Loop() {
						c.run()
					}
					b.ReportMetric(float64(n*k*m)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
				})
			}
		}
	}
}

// TestProductsSet: the products that set c (Mul without add, MulT, TMul)
// give the same values, bit for bit, into a c full of NaN and with
// scratch left dirty by a larger product on the same Products, as into a
// zeroed c with fresh scratch: every row is zeroed by the core that sums
// it. Dense and sparse inputs, shapes split between two cores and not.
func TestProductsSet(t *testing.T) {
	rng := seededRand(31)
	random := func(size int, zeros float64) []float64 {
		v := make([]float64, size)
		for i := range v {
			if float64(i%10) >= 10*zeros { // zeros in runs, as sparse inputs have them
				v[i] = rng.NormFloat64()
			}
		}
		return v
	}
	nan := func(size int) []float64 {
		v := make([]float64, size)
		for i := range v {
			v[i] = math.NaN()
		}
		return v
	}
	for _, backend := range backends {
		if !backend.Runs() {
			continue
		}
		for _, zeros := range []float64{0, 0.7} {
			dirty := Products{Backend: backend, Sparse: true}
			for _, shape := range [][3]int{{64, 784, 64}, {37, 100, 24}, {9, 70, 8}} { // largest first
				n, k, m := shape[0], shape[1], shape[2]
				x, w, g := random(n*k, zeros), random(k*m, 0), random(n*m, 0)
				for _, c := range []struct {
					name string
					size int
					run  func(p *Products, c []float64)
				}{
					{"Mul", n * m, func(p *Products, c []float64) { p.Mul(c, x, w, n, k, m, false) }},
					{"MulT", n * k, func(p *Products, c []float64) { p.MulT(c, g, w, n, k, m) }},
					{"TMul", k * m, func(p *Products, c []float64) { p.TMul(c, x, g, n, k, m) }},
				} {
					want := make([]float64, c.size)
					c.run(&Products{Backend: backend, Sparse: true}, want)
					for range 2 { // the second time after itself
						got := nan(c.size)
						c.run(&dirty, got)
						if !slices.Equal(got, want) {
							t.Errorf("%v, %v, %.0f %% zeros: %s into a dirty c differs", backend, shape, 100*zeros, c.name)
						}
					}
				}
			}
		}
	}
}

// TestMulSingle: where Single says Mul sums in single precision,
// MulSingle on w narrowed by the caller adds the same values, bit for bit;
// for dense and sparse inputs (which Mul sums in float64) around the
// lengths where the precision changes.
func TestMulSingle(t *testing.T) {
	if !AVX2F32.Runs() {
		t.Skip("no AVX2 and FMA on this machine")
	}
	rng := seededRand(32)
	singles := 0
	for _, zeros := range []float64{0, 0.9} {
		for _, k := range []int{63, 64, 100} {
			for _, m := range []int{7, 8, 24} {
				const n = 20
				x, w, c0 := make([]float64, n*k), make([]float64, k*m), make([]float64, n*m)
				for i := range x {
					if float64(i%10) >= 10*zeros {
						x[i] = rng.NormFloat64()
					}
				}
				for i := range w {
					w[i] = rng.NormFloat64()
				}
				for i := range c0 {
					c0[i] = rng.NormFloat64()
				}
				p := Products{Backend: AVX2F32, Sparse: true}
				if !p.Single(x, n, k, m) {
					continue
				}
				singles++
				w32 := make([]float32, len(w))
				for i, v := range w {
					w32[i] = float32(v)
				}
				want, got := slices.Clone(c0), slices.Clone(c0)
				(&Products{Backend: AVX2F32, Sparse: true}).Mul(want, x, w, n, k, m, true)
				p.MulSingle(got, x, w32, n, k, m)
				if !slices.Equal(got, want) {
					t.Errorf("%.0f %% zeros, k %d, m %d: MulSingle differs from Mul", 100*zeros, k, m)
				}
			}
		}
	}
	if singles != 4 { // dense, k 64 and 100, m 8 and 24; never sparse
		t.Errorf("Single held for %d shapes, want 4", singles)
	}
}

// TestTMulSingle: where SingleT holds (float32 backend, n ≥ minSum32, x not
// sparse, rows of c long enough), TMulSingle's sums widened are TMul's, bit
// for bit; and it holds exactly there, on every backend.
func TestTMulSingle(t *testing.T) {
	rng := seededRand(33)
	for _, backend := range backends {
		if !backend.Runs() {
			continue
		}
		for _, zeros := range []float64{0, 0.9} {
			for _, n := range []int{37, 64, 100} {
				for _, m := range []int{7, 24} {
					const k = 30
					x, g := make([]float64, n*k), make([]float64, n*m)
					for i := range x {
						if float64(i%10) >= 10*zeros {
							x[i] = rng.NormFloat64()
						}
					}
					for i := range g {
						g[i] = rng.NormFloat64()
					}
					p := Products{Backend: backend, Sparse: true}
					single := p.SingleT(x, n, k, m)
					if want := backend == AVX2F32 && n >= minSum32 && m >= MinRow && zeros == 0; single != want {
						t.Fatalf("%v, %.0f %% zeros, n %d, m %d: SingleT %v", backend, 100*zeros, n, m, single)
					}
					if !single {
						continue
					}
					want := make([]float64, k*m)
					(&Products{Backend: backend, Sparse: true}).TMul(want, x, g, n, k, m)
					got := make([]float64, k*m)
					for i, v := range p.TMulSingle(x, g, n, k, m) {
						got[i] = float64(v)
					}
					if !slices.Equal(got, want) {
						t.Errorf("n %d, m %d: TMulSingle differs from TMul", n, m)
					}
				}
			}
		}
	}
}
