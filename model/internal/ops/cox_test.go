package ops

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"
)

// coxCase is one of the small tables of ../../testdata/cox_cases.csv,
// with R's answers (survival 3.5-3; ../../testdata/cox_reference.R made
// them): the log partial likelihood with Breslow's and Efron's ties
// (coxph(Surv(time, event) ~ offset(eta))$loglik) and its gradient with
// respect to eta, the martingale residuals (checked there against finite
// differences).
type coxCase struct {
	eta, y                 []float64 // y: time, event, row-major
	martBreslow, martEfron []float64
	llBreslow, llEfron     float64
}

// readCSVFile returns the records of a CSV file after its header, as a
// map from column name to values.
func readCSVFile(t *testing.T, path string) (map[string][]string, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string][]string{}
	for _, r := range recs[1:] {
		for j, name := range recs[0] {
			cols[name] = append(cols[name], r[j])
		}
	}
	return cols, len(recs) - 1
}

func number(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func coxCases(t *testing.T) map[string]*coxCase {
	cases := map[string]*coxCase{}
	rows, n := readCSVFile(t, "../../testdata/cox_cases.csv")
	for i := range n {
		c := cases[rows["case"][i]]
		if c == nil {
			c = &coxCase{}
			cases[rows["case"][i]] = c
		}
		c.eta = append(c.eta, number(t, rows["eta"][i]))
		c.y = append(c.y, number(t, rows["time"][i]), number(t, rows["event"][i]))
		c.martBreslow = append(c.martBreslow, number(t, rows["mart_breslow"][i]))
		c.martEfron = append(c.martEfron, number(t, rows["mart_efron"][i]))
	}
	sums, n := readCSVFile(t, "../../testdata/cox_summary.csv")
	for i := range n {
		c := cases[sums["case"][i]]
		c.llBreslow, c.llEfron = number(t, sums["loglik_breslow"][i]), number(t, sums["loglik_efron"][i])
	}
	return cases
}

// TestCoxKnownAnswers checks the loss, −ℓ/E, and its gradient against R's
// log-likelihood and martingale residuals (∂ℓ/∂η), on tables with tied
// times, ties in η, censored rows at an event's time and before the first
// event.
func TestCoxKnownAnswers(t *testing.T) {
	for name, c := range coxCases(t) {
		events := 0.0
		for i := 1; i < len(c.y); i += 2 {
			events += c.y[i]
		}
		for _, tc := range []struct {
			ties Ties
			ll   float64
			mart []float64
		}{{Breslow, c.llBreslow, c.martBreslow}, {Efron, c.llEfron, c.martEfron}} {
			var st coxState
			grad := make([]float64, len(c.eta))
			loss := st.loss(c.eta, c.y, tc.ties, grad)
			if got := -loss * events; math.Abs(got-tc.ll) > 1e-12*math.Abs(tc.ll) {
				t.Errorf("case %s, %v: log-likelihood %.17g, R %.17g", name, tc.ties, got, tc.ll)
			}
			for i, g := range grad {
				if got := -g * events; math.Abs(got-tc.mart[i]) > 1e-12 {
					t.Errorf("case %s, %v: ∂ℓ/∂η[%d] = %.17g, R's martingale residual %.17g", name, tc.ties, i, got, tc.mart[i])
				}
			}
		}
	}
}

// TestCoxNoEvents: a batch without events has no partial likelihood; the
// loss and its gradient are 0, not NaN.
func TestCoxNoEvents(t *testing.T) {
	var st coxState
	grad := []float64{1, 1, 1}
	if loss := st.loss([]float64{0.5, -1, 2}, []float64{1, 0, 2, 0, 3, 0}, Efron, grad); loss != 0 || !slices.Equal(grad, []float64{0, 0, 0}) {
		t.Errorf("loss %v, gradient %v; want 0 and zeros", loss, grad)
	}
}

// TestCoxFarApart: risk scores 800 apart neither overflow nor vanish: the
// later row's risk set, which lacks the larger score, keeps its sum (the
// loss, exactly, is −log(1 + e⁻⁸⁰⁰)/2 ≈ 0, and the gradient ≈ 0).
func TestCoxFarApart(t *testing.T) {
	for _, ties := range []Ties{Breslow, Efron} {
		var st coxState
		grad := make([]float64, 2)
		loss := st.loss([]float64{800, 0}, []float64{1, 1, 2, 1}, ties, grad)
		if math.IsNaN(loss) || math.Abs(loss) > 1e-300 || math.Abs(grad[0]) > 1e-12 || math.Abs(grad[1]) > 1e-12 {
			t.Errorf("%v: loss %v, gradient %v; want about 0 and [0 0]", ties, loss, grad)
		}
	}
}
