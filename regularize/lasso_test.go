package regularize

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// readout is the architecture out = Σ_j θ_j x_j: the selection layer read
// out with weights fixed to 1. With halfSquare it makes the network a
// lasso in θ: (1/2n)‖y − Xθ‖² + λ‖θ‖₁.
type readout struct{}

func (readout) Build(s *model.Scope, x *G.Node, _ int) (*G.Node, error) {
	d := x.Shape()[1]
	ones := G.NewMatrix(s.Graph(), tensor.Float64, G.WithShape(d, 1), G.WithName("ones"),
		G.WithValue(tensor.New(tensor.WithShape(d, 1), tensor.WithBacking(constant(d, 1)))))
	return G.Mul(x, ones)
}

func constant(n int, c float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = c
	}
	return s
}

// halfSquare is ½·mean((out − y)²), the 1/(2n) convention of scikit-learn's
// Lasso.
type halfSquare struct{}

func (halfSquare) Build(out, y *G.Node) (*G.Node, error) {
	mse, err := model.MSE{}.Build(out, y)
	if err != nil {
		return nil, err
	}
	return G.Mul(G.NewConstant(0.5, G.WithName("half")), mse)
}

// lasso trains the readout network on (X, y) full-batch with the method and
// returns θ.
func lasso(t *testing.T, x [][]float64, y []float64, spec Spec, lr float64, steps int) []float64 {
	t.Helper()
	ds := &data.Dataset{Task: data.Regression, Y: y}
	for j := range x[0] {
		ds.Features = append(ds.Features, string(rune('a'+j)))
	}
	for _, row := range x {
		ds.X = append(ds.X, row...)
	}
	net, err := model.New(ds, readout{}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := spec.Configure(net, model.Config{LearnRate: lr, Epochs: steps, BatchSize: len(y), Loss: halfSquare{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.Train(context.Background(), net, ds, ds, cfg); err != nil {
		t.Fatal(err)
	}
	return append([]float64(nil), net.Theta()...)
}

// method settings that converge on these small problems: ISTA is exact
// with lr < 2/L (L = 1 here); prox-adam needs many small steps.
var exact = []struct {
	method string
	lr     float64
	steps  int
	tol    float64
}{
	{"ista", 0.5, 200, 1e-12},
	{"prox-adam", 0.01, 4000, 2e-3},
}

// TestScalarLasso: ½(θ−c)² + λ|θ| with λ = 0.5 has the minimiser
// S_λ(c): c = 0.3 gives exactly 0, c = 0.8 gives 0.3 (the closed form of
// the soft threshold).
func TestScalarLasso(t *testing.T) {
	for _, m := range exact {
		for _, c := range []struct{ c, want float64 }{{0.3, 0}, {0.8, 0.3}} {
			th := lasso(t, [][]float64{{1}}, []float64{c.c}, Spec{Method: m.method, Lambda: 0.5}, m.lr, m.steps)[0]
			if c.want == 0 && th != 0 {
				t.Errorf("%s, c=%v: θ = %v, want exactly 0", m.method, c.c, th)
			}
			if math.Abs(th-c.want) > m.tol {
				t.Errorf("%s, c=%v: θ = %v, want %v", m.method, c.c, th, c.want)
			}
		}
	}
	// Graph-level L1 with Adam on the same problem never lands on zero.
	th := lasso(t, [][]float64{{1}}, []float64{0.3}, Spec{Method: "graph", Lambda: 0.5}, 0.01, 2000)[0]
	if th == 0 || math.Abs(th) > 0.05 {
		t.Errorf("graph, c=0.3: θ = %v, want small but not zero", th)
	}
}

// TestDecoupledFixedPoint checks decoupled L1 against its own condition,
// θ = 0 iff |m̂|/(√v̂+ε) ≤ λ: at θ = 0 the gradient of ½(θ−c)² is the
// constant −c, so m̂/√v̂ → 1 whatever c is. λ = 1.5 therefore zeroes θ,
// and λ = 0.5 does not, even for c = 0.3 where the lasso's answer is 0.
func TestDecoupledFixedPoint(t *testing.T) {
	if th := lasso(t, [][]float64{{1}}, []float64{0.3}, Spec{Method: "decoupled", Lambda: 1.5}, 0.01, 500)[0]; th != 0 {
		t.Errorf("decoupled λ=1.5: θ = %v, want exactly 0", th)
	}
	if th := lasso(t, [][]float64{{1}}, []float64{0.3}, Spec{Method: "decoupled", Lambda: 0.5}, 0.01, 500)[0]; th == 0 {
		t.Error("decoupled λ=0.5: θ = 0, want non-zero (the weighted lasso differs from the lasso)")
	}
}

// TestLassoToy is scikit-learn's test_lasso_toy (sklearn/linear_model/tests/
// test_coordinate_descent.py): X = [-1, 0, 1], y = X; under the 1/(2n)
// convention the coefficient is max(0, 1 − 1.5α).
func TestLassoToy(t *testing.T) {
	x := [][]float64{{-1}, {0}, {1}}
	y := []float64{-1, 0, 1}
	for _, m := range exact {
		for _, alpha := range []float64{0.1, 0.5, 1} {
			th := lasso(t, x, y, Spec{Method: m.method, Lambda: alpha}, m.lr, m.steps)[0]
			want := math.Max(0, 1-1.5*alpha)
			if math.Abs(th-want) > m.tol || (want == 0) != (th == 0) {
				t.Errorf("%s α=%v: θ = %v, want %v", m.method, alpha, th, want)
			}
		}
	}
}

// TestOrthonormalLasso: when XᵀX/n = I the lasso solution is the soft-
// thresholded least-squares solution, θ = S_α(Xᵀy/n). The design is three
// columns of the 4×4 Hadamard matrix.
func TestOrthonormalLasso(t *testing.T) {
	x := [][]float64{{1, 1, 1}, {-1, 1, -1}, {1, -1, -1}, {-1, -1, 1}}
	b := []float64{0.9, -0.3, 0.05} // = Xᵀy/n for y = Xb
	y := make([]float64, 4)
	for i, row := range x {
		for j, v := range row {
			y[i] += v * b[j]
		}
	}
	const alpha = 0.1
	for _, m := range exact {
		th := lasso(t, x, y, Spec{Method: m.method, Lambda: alpha}, m.lr, m.steps)
		for j := range b {
			want := math.Copysign(math.Max(math.Abs(b[j])-alpha, 0), b[j])
			if math.Abs(th[j]-want) > m.tol || (want == 0) != (th[j] == 0) {
				t.Errorf("%s: θ[%d] = %v, want %v", m.method, j, th[j], want)
			}
		}
	}
}
