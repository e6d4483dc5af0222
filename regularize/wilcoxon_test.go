package regularize

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestWilcoxonKnownAnswers: the statistic and the p-value of R's
// wilcox.test (R 4.2.2) on the cases of testdata/wilcoxon_reference.R:
// exact and normal, with ties, zeros, one difference, all of one sign.
func TestWilcoxonKnownAnswers(t *testing.T) {
	f, err := os.Open("testdata/wilcoxon.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	exact := 0
	for _, row := range rows[1:] {
		var d []float64
		for _, s := range strings.Split(row[1], ";") {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			d = append(d, v)
		}
		v, _ := strconv.ParseFloat(row[2], 64)
		p, _ := strconv.ParseFloat(row[3], 64)
		w := WilcoxonTest(d)
		if w.V != v || math.Abs(w.P-p) > 1e-12*p || w.Exact != (row[4] == "true") {
			t.Errorf("%s: V %v, p %.17g, exact %v; R: V %v, p %.17g, exact %s", row[0], w.V, w.P, w.Exact, v, p, row[4])
		}
		if w.Exact {
			exact++
		}
	}
	if exact < 4 || len(rows) < 10 {
		t.Errorf("%d cases, %d exact", len(rows)-1, exact)
	}
	if w := WilcoxonTest([]float64{0, 0}); w.N != 0 || !math.IsNaN(w.P) {
		t.Errorf("every difference zero: %+v", w)
	}
	// A difference that is not finite is dropped wherever it stands, as R
	// drops it: the test of the other four, exact.
	want := WilcoxonTest([]float64{1, 2, 3, -0.5})
	for _, d := range [][]float64{{math.NaN(), 1, 2, 3, -0.5}, {1, 2, 3, -0.5, math.NaN()}, {1, math.Inf(1), 2, 3, -0.5}} {
		if w := WilcoxonTest(d); w != want || !w.Exact {
			t.Errorf("%v: %+v, want %+v", d, w, want)
		}
	}
}
