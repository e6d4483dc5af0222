package regularize

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// GridConfig is a grid of learning rates and λ values for
// [CompareGrid]: every learning rate with every λ.
type GridConfig struct {
	// LearnRates are the learning rates (nil: each trial's own).
	LearnRates []float64
	// Lambdas are raw λ values for every trial (nil: each trial's own).
	Lambdas []float64
	// MethodLambdas gives a method on another scale its own values, in
	// place of Lambdas: as many, the k-th taking Lambdas' place k.
	MethodLambdas map[string][]float64
}

// lambdaSteps returns the number of places on the λ axis.
func (g GridConfig) lambdaSteps() (int, error) {
	n := len(g.Lambdas)
	for m, ls := range g.MethodLambdas {
		switch {
		case n == 0:
			n = len(ls)
		case len(ls) != n:
			return 0, fmt.Errorf("regularize: GridConfig: %d λ values for %s, %d for the grid", len(ls), m, n)
		}
	}
	return max(n, 1), nil
}

// GridCell is one cell of a grid: its learning rate (0: each trial's
// own), its place on the λ axis, and every trial's outcome there.
type GridCell struct {
	LearnRate float64
	Step      int
	Outcomes  []Outcome
}

// CompareGrid compares the trials at every cell of the grid: each trial
// with the cell's learning rate and its λ of the cell's place (a
// trial's own where the grid gives none), on the same split, initial
// weights and batch order everywhere (cfg). The cells' trials run in
// parallel, as many at a time as GOMAXPROCS. The cells are in the order
// of the learning rates, then of the λ places.
func CompareGrid(ctx context.Context, train, val *data.Dataset, trials []Trial, cfg FitConfig, g GridConfig) ([]GridCell, error) {
	steps, err := g.lambdaSteps()
	if err != nil {
		return nil, err
	}
	rates := g.LearnRates
	if rates == nil {
		rates = []float64{0}
	}
	var cells []GridCell
	for _, lr := range rates {
		for k := range steps {
			cells = append(cells, GridCell{LearnRate: lr, Step: k, Outcomes: make([]Outcome, len(trials))})
		}
	}
	cfg.track = newTracker(cfg.Progress, len(train.Units()))
	cfg.track.stage(StageTrain, len(cells)*len(trials)*cmp.Or(cfg.Base.Epochs, model.DefaultEpochs), 1)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for c := range cells {
		for i, t := range trials {
			t.LearnRate = cmp.Or(cells[c].LearnRate, t.LearnRate)
			if ls, ok := g.MethodLambdas[t.Spec.Method]; ok {
				t.Spec.Lambda = ls[cells[c].Step]
			} else if g.Lambdas != nil {
				t.Spec.Lambda = g.Lambdas[cells[c].Step]
			}
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				cells[c].Outcomes[i] = Fit(ctx, train, val, t, cfg)
			})
		}
	}
	wg.Wait()
	return cells, ctx.Err()
}
