package report

import (
	"math"
	"strings"
	"testing"
)

// TestBand: graph's band on the features prox-adam zeroes: the largest
// |θ| (a feature graph still selects), the 90th percentile by nearest
// rank, their ratios to lr; without prox-adam, on graph's unselected
// features; none without graph.
func TestBand(t *testing.T) {
	const lr = 0.01
	nine := 9 // at run time: 0.001·9 as the weights are made, not the exact constant
	graph := &Train{Method: "graph", LearnRate: lr}
	prox := &Train{Method: "prox-adam", LearnRate: lr}
	// Ten features prox-adam zeroes: graph leaves |θ| = 0.001 … 0.009 on
	// nine and selects the tenth at 0.5; one more both keep.
	for j := range 11 {
		w, pw := 0.001*float64(j+1), 0.0
		switch j {
		case 9:
			w = 0.5
		case 10:
			w, pw = 1, 1
		}
		graph.Features = append(graph.Features, Feature{Weight: Number(-w), Selected: w > 2*lr})
		prox.Features = append(prox.Features, Feature{Weight: Number(pw), Selected: pw != 0})
	}
	b := band([]*Train{graph, prox})
	// Nearest rank: the 9th of 10 sorted, 0.009.
	if b.Features != 10 || b.Kept != 1 || b.From != "prox-adam" || b.Width != 0.5 || b.Q90 != Number(0.001*float64(nine)) ||
		math.Abs(float64(b.OverLR)-50) > 1e-12 || math.Abs(float64(b.Q90OverLR)-0.9) > 1e-12 {
		t.Errorf("band %+v", b)
	}
	if b := band([]*Train{graph}); b.From != "graph" || b.Features != 9 || b.Kept != 0 || b.Width != Number(0.001*float64(nine)) {
		t.Errorf("without prox-adam: %+v", b)
	}
	if band([]*Train{prox}) != nil {
		t.Error("a band without graph")
	}
	nothing := &Train{Method: "prox-adam", LearnRate: lr}
	for range 11 {
		nothing.Features = append(nothing.Features, Feature{Weight: 1, Selected: true})
	}
	if b := band([]*Train{graph, nothing}); b.Features != 0 || !math.IsNaN(float64(b.Width)) || !math.IsNaN(float64(b.Q90OverLR)) {
		t.Errorf("prox-adam zeroes nothing: %+v", b)
	}
	// The picture of a grid of two learning rates and three λ places.
	g := &Grid{}
	for _, rate := range []float64{0.001, 0.01} {
		for _, lambda := range []float64{0.01, 0.1, 1} {
			gg, pp := *graph, *prox
			gg.Lambda, pp.Lambda = lambda, lambda
			g.Cells = append(g.Cells, GridCell{LearnRate: rate, Methods: []*Train{&gg, &pp}, Band: band([]*Train{&gg, &pp})})
		}
	}
	pics, err := GridPictures(g)
	if err != nil || len(pics) != 1 || len(pics[0].Rows[0]) != 2 {
		t.Fatalf("pictures %v, %v", pics, err)
	}
	checkPNG(t, pics[0])
	var out strings.Builder
	g.Print(&out)
	if !strings.Contains(out.String(), "90% band/lr") || !strings.Contains(out.String(), "0.90") {
		t.Errorf("the printout:\n%s", out.String())
	}
}
