package ops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/model/internal/kernel"
	"github.com/featsel/featsel/model/internal/machine"
)

// TestGradients checks the gradient ops of every op against a central
// finite difference (f(w+h) − f(w−h))/2h, for f the op's output (a loss
// or the penalty) or, for a tensor output, Σ R⊙output with R fixed and
// random. Its error is O(h²) (≈1e-10 at h=1e-5) plus rounding (≈1e-11/h·|f|):
// agreement to 1e-6 relative says the hand-derived gradient is right.
// Every op runs on every backend the processor can run, at shapes that
// take the kernel's and BLAS's arrangements of the products.
func TestGradients(t *testing.T) {
	// n, k, m: the rows, the inputs and the outputs of a layer. The first
	// shape has every side ≥ 8 (the kernel's paths on AVX2); the second
	// mixes sides above and below 8; the third has every side below 8
	// (BLAS on both backends, with m < k).
	shapes := []struct{ n, k, m int }{{7, 9, 10}, {6, 3, 9}, {5, 4, 2}}
	for _, backend := range []kernel.Backend{kernel.BLAS, kernel.AVX2} {
		for _, s := range shapes {
			n, k, m := s.n, s.k, s.m
			tests := []struct {
				name string
				in   []input
				wrt  []int // the inputs with a gradient
				op   func(in G.Nodes) (*G.Node, error)
			}{
				{"Select", []input{uniform(n, k), uniform(k)}, []int{1},
					func(in G.Nodes) (*G.Node, error) { return Select(in[0], in[1], nil) }},
				{"Select/units", []input{uniform(n, k), uniform(blocks(k).Count(k))}, []int{1},
					func(in G.Nodes) (*G.Node, error) { return Select(in[0], in[1], blocks(k)) }},
				{"FoldedLinear", []input{uniform(n, k), uniform(k), uniform(k, m), uniform(m)}, []int{1, 2, 3},
					func(in G.Nodes) (*G.Node, error) { return FoldedLinear(in[0], in[1], nil, in[2], in[3], backend) }},
				{"FoldedLinear/units", []input{uniform(n, k), uniform(blocks(k).Count(k)), uniform(k, m), uniform(m)}, []int{1, 2, 3},
					func(in G.Nodes) (*G.Node, error) {
						return FoldedLinear(in[0], in[1], blocks(k), in[2], in[3], backend)
					}},
				// RowNorm outside FoldedLinear: MLP's first layer when an
				// architecture transforms the selected input first.
				{"NormLinear/RowNorm", []input{uniform(n, k), uniform(k, m), uniform(m)}, []int{0, 1, 2},
					func(in G.Nodes) (*G.Node, error) { return NormLinear(in[0], in[1], in[2], RowNorm, 0, backend) }},
				{"NormLinear/Frobenius", []input{uniform(n, k), uniform(k, m), uniform(m)}, []int{0, 1, 2},
					func(in G.Nodes) (*G.Node, error) { return NormLinear(in[0], in[1], in[2], Frobenius, 3, backend) }},
				{"NormLinear/Free", []input{uniform(n, k), uniform(k, m), uniform(m)}, []int{0, 1, 2},
					func(in G.Nodes) (*G.Node, error) { return NormLinear(in[0], in[1], in[2], Free, 0, backend) }},
				{"AddLinear", []input{uniform(n, m), uniform(n, k), uniform(k, m)}, []int{0, 1, 2},
					func(in G.Nodes) (*G.Node, error) { return AddLinear(in[0], in[1], in[2], backend) }},
				{"ReLU", []input{awayFromZero(n, m)}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return ReLU(in[0]) }},
				{"L1", []input{awayFromZero(k)}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return L1(in[0], 0.3, nil) }},
				{"L1/weighted", []input{awayFromZero(blocks(k).Count(k))}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return L1(in[0], 0.3, sqrtWidths(blocks(k))) }},
				{"MeanSquaredError", []input{uniform(n, m), uniform(n, m)}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return MeanSquaredError(in[0], in[1]) }},
				{"SoftmaxCrossEntropy", []input{uniform(n, m), oneHot(n, m)}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return SoftmaxCrossEntropy(in[0], in[1]) }},
				// Class weights scale each one-hot row by its class's weight.
				{"SoftmaxCrossEntropy/weighted", []input{uniform(n, m), weightedOneHot(n, m)}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return SoftmaxCrossEntropy(in[0], in[1]) }},
				// Times drawn from few values, so that events tie.
				{"CoxLoss/Breslow", []input{uniform(n, 1), survival(n)}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return CoxLoss(in[0], in[1], Breslow) }},
				{"CoxLoss/Efron", []input{uniform(n, 1), survival(n)}, []int{0},
					func(in G.Nodes) (*G.Node, error) { return CoxLoss(in[0], in[1], Efron) }},
			}
			for _, tc := range tests {
				t.Run(fmt.Sprintf("%s/n=%d,k=%d,m=%d/%v", tc.name, n, k, m, backend), func(t *testing.T) {
					if !backend.Runs() {
						t.Skip("no AVX2 and FMA on this machine")
					}
					checkGradients(t, tc.in, tc.wrt, tc.op)
				})
			}
		}
	}
}

// blocks returns units for k columns that mix blocks of several columns
// with single ones: the first column alone, then blocks of 3, 1 and 2
// columns in turn (a category's one-hot block is one unit).
func blocks(k int) Units {
	units := make(Units, k)
	u, left := 0, 1
	sizes := []int{3, 1, 2}
	for j := range units {
		if left == 0 {
			u++
			left = sizes[u%len(sizes)]
		}
		units[j] = u
		left--
	}
	return units
}

// sqrtWidths returns √(width) of each unit: the penalty's weights.
func sqrtWidths(units Units) []float64 {
	w := make([]float64, units.Count(len(units)))
	for _, u := range units {
		w[u]++
	}
	for u := range w {
		w[u] = math.Sqrt(w[u])
	}
	return w
}

// input describes an input of an op: its shape and how its values are
// drawn.
type input struct {
	shape []int
	fill  func(rng *rand.Rand, w []float64)
}

// uniform draws from U(−1, 1).
func uniform(shape ...int) input {
	return input{shape, func(rng *rand.Rand, w []float64) {
		for i := range w {
			w[i] = 2*rng.Float64() - 1
		}
	}}
}

// awayFromZero draws ±(0.1 + U(0, 1)), for the inputs of ReLU and |θ|,
// which have no derivative at 0.
func awayFromZero(shape ...int) input {
	return input{shape, func(rng *rand.Rand, w []float64) {
		for i := range w {
			w[i] = 0.1 + rng.Float64()
			if rng.IntN(2) == 0 {
				w[i] = -w[i]
			}
		}
	}}
}

// oneHot puts one 1 in each row, at random: targets of a cross-entropy.
func oneHot(rows, cols int) input {
	return input{[]int{rows, cols}, func(rng *rand.Rand, w []float64) {
		for i := 0; i < len(w); i += cols {
			w[i+rng.IntN(cols)] = 1
		}
	}}
}

// weightedOneHot puts one weight in each row, at random: the targets of a
// cross-entropy with class weights, the weight of class c being 0.5 + c.
func weightedOneHot(rows, cols int) input {
	return input{[]int{rows, cols}, func(rng *rand.Rand, w []float64) {
		for i := 0; i < len(w); i += cols {
			c := rng.IntN(cols)
			w[i+c] = 0.5 + float64(c)
		}
	}}
}

// survival draws the targets of a Cox loss: a time among 1 to 3 (ties)
// and an event, 1 in the first row and at random in the others.
func survival(rows int) input {
	return input{[]int{rows, 2}, func(rng *rand.Rand, w []float64) {
		for i := 0; i < rows; i++ {
			w[2*i] = float64(1 + rng.IntN(3))
			if i == 0 || rng.IntN(2) == 0 {
				w[2*i+1] = 1
			}
		}
	}}
}

// tensor returns a tensor as in describes it, with values from rng.
func (in input) tensor(rng *rand.Rand) *tensor.Dense {
	t := tensor.New(tensor.WithShape(in.shape...), tensor.Of(tensor.Float64))
	in.fill(rng, t.Float64s())
	return t
}

// checkGradients builds op on inputs described by in, differentiates a
// scalar of its output with respect to the inputs wrt, and compares every
// entry of those gradients with a central finite difference.
func checkGradients(t *testing.T, in []input, wrt []int, op func(G.Nodes) (*G.Node, error)) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 0))
	g := G.NewGraph()
	nodes := make(G.Nodes, len(in))
	vals := make([]*tensor.Dense, len(in))
	for i, v := range in {
		vals[i] = v.tensor(rng)
		nodes[i] = G.NewTensor(g, tensor.Float64, vals[i].Dims(), G.WithShape(vals[i].Shape()...), G.WithName(fmt.Sprintf("in%d", i)), G.WithValue(vals[i]))
	}
	out, err := op(nodes)
	if err != nil {
		t.Fatal(err)
	}
	f := out
	if !out.IsScalar() {
		r := uniform(out.Shape()...).tensor(rng)
		weights := G.NewTensor(g, tensor.Float64, out.Dims(), G.WithShape(out.Shape()...), G.WithName("R"), G.WithValue(r))
		if f, err = G.Sum(G.Must(G.HadamardProd(out, weights))); err != nil {
			t.Fatal(err)
		}
	}
	var of G.Nodes
	for _, i := range wrt {
		of = append(of, nodes[i])
	}
	grads, err := G.Grad(f, of...)
	if err != nil {
		t.Fatal(err)
	}
	m, err := machine.New(g, append(G.Nodes{f}, grads...)...)
	if err != nil {
		t.Fatal(err)
	}
	at := func() float64 {
		if err := m.Run(); err != nil {
			t.Fatal(err)
		}
		return m.Value(f).Data().(float64)
	}
	at()
	var symbolic [][]float64
	for _, d := range grads {
		symbolic = append(symbolic, append([]float64(nil), values(m.Value(d))...))
	}
	const h = 1e-5
	for gi, i := range wrt {
		w := vals[i].Float64s()
		for j := range w {
			orig := w[j]
			w[j] = orig + h
			up := at()
			w[j] = orig - h
			down := at()
			w[j] = orig
			fd := (up - down) / (2 * h)
			if got := symbolic[gi][j]; math.Abs(got-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("d f/d in%d[%d] = %.10g, finite difference %.10g", i, j, got, fd)
			}
		}
	}
}
