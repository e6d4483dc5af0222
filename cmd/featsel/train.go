package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// trainOptions are the flags of featsel train.
type trainOptions struct {
	data, target, task, method, report string
	lambda, lr, valFrac, threshold, m  float64
	epochs, batch, patience            int
	hidden                             []int
	seed                               uint64
}

func trainFlags(o *trainOptions) *pflag.FlagSet {
	fs := pflag.NewFlagSet("train", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.StringVar(&o.data, "data", "", "CSV file with a header row (default: the embedded breast cancer data)")
	fs.StringVar(&o.target, "target", "", "name of the target column (default: the last column)")
	fs.StringVar(&o.task, "task", "auto", "auto, regression or classification; auto means classification when a target\nvalue is not a number or all are integers with at most 10 distinct values")
	fs.StringVar(&o.method, "method", "graph", "selection method:\n"+
		"  graph      L1 node in the graph, gorgonia's Adam; unused weights hover near 0, never at 0\n"+
		"  prox-adam  Adam on the data loss, then soft threshold lr·λ/(√v̂+ε); lasso fixed points\n"+
		"  decoupled  Adam step, then soft threshold lr·λ; λ is unitless (try 0.1–1)\n"+
		"  ista       plain gradient step, then soft threshold lr·λ (try --lr 0.05 or more)\n"+
		"  group      θ fixed at 1; block soft threshold lr·λ on each feature's first-layer\n"+
		"             weights (λ on the scale of √width: try 2–5)\n"+
		"  hier       LassoNet: skip layer β, hierarchical prox keeps ‖W₁ row j‖∞ ≤ M·‖β_j‖\n"+
		"             (λ on the scale of width·M: try 100–1000)\n")
	fs.Float64Var(&o.m, "hier-m", 10, "hierarchy constant M of --method hier (> 0)")
	fs.Float64Var(&o.threshold, "threshold", 0, "after every step, set |θ_j| < THRESHOLD to exactly 0 (0: off); with\ngraph, prox-adam, decoupled and ista")
	fs.Float64Var(&o.lambda, "lambda", 0.01, "L1 penalty strength λ on the selection weights θ (>= 0)")
	fs.Float64Var(&o.lr, "lr", 1e-3, "Adam learning rate (> 0)")
	fs.IntVar(&o.epochs, "epochs", 200, "passes over the training rows (> 0)")
	fs.IntVar(&o.batch, "batch", 64, "rows per step (> 0; clamped to the training rows; the last partial batch\nof an epoch is skipped)")
	fs.IntSliceVar(&o.hidden, "hidden", []int{64}, "hidden layer widths, comma-separated (e.g. 64,32)")
	fs.IntVar(&o.patience, "patience", 0, "stop after this many epochs without a better validation loss and keep the\nbest weights (0: no early stopping)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: split, initial weights and batch order")
	fs.Float64Var(&o.valFrac, "val-frac", 0.2, "fraction of rows held out for validation, stratified by class (0 < f < 1)")
	fs.StringVar(&o.report, "report", "", "write the JSON report to this file")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: featsel train [flags]\n\nTrain a selection-layer network and rank the features by |θ|.\n\nFlags:\n%s", fs.FlagUsages())
	}
	return fs
}

func (o *trainOptions) check() error {
	switch {
	case !slices.Contains(regularize.Methods, o.method):
		return fmt.Errorf("--method: %q is not one of %s", o.method, strings.Join(regularize.Methods, ", "))
	case !(o.threshold >= 0) || math.IsInf(o.threshold, 0):
		return fmt.Errorf("--threshold must be >= 0, got %v", o.threshold)
	case o.threshold > 0 && (o.method == "group" || o.method == "hier"):
		return fmt.Errorf("--threshold acts on θ, which --method %s does not train", o.method)
	case !(o.m > 0) || math.IsInf(o.m, 0):
		return fmt.Errorf("--hier-m must be > 0, got %v", o.m)
	case !(o.lambda >= 0) || math.IsInf(o.lambda, 0):
		return fmt.Errorf("--lambda must be >= 0, got %v", o.lambda)
	case !(o.lr > 0) || math.IsInf(o.lr, 0):
		return fmt.Errorf("--lr must be > 0, got %v", o.lr)
	case o.epochs <= 0:
		return fmt.Errorf("--epochs must be > 0, got %d", o.epochs)
	case o.batch <= 0:
		return fmt.Errorf("--batch must be > 0, got %d", o.batch)
	case o.patience < 0:
		return fmt.Errorf("--patience must be >= 0, got %d", o.patience)
	case !(o.valFrac > 0 && o.valFrac < 1):
		return fmt.Errorf("--val-frac must be between 0 and 1 (exclusive), got %v", o.valFrac)
	}
	for _, h := range o.hidden {
		if h <= 0 {
			return fmt.Errorf("--hidden: widths must be > 0, got %d", h)
		}
	}
	if _, err := data.ParseTask(o.task); err != nil {
		return fmt.Errorf("--task: %q is not auto, regression or classification", o.task)
	}
	return nil
}

func runTrain(ctx context.Context, args []string, stdout io.Writer) error {
	var o trainOptions
	if err := parse(trainFlags(&o), args, stdout); err != nil {
		return err
	}
	if err := o.check(); err != nil {
		return usageError{err}
	}
	task, _ := data.ParseTask(o.task)
	ds, source, err := readData(o.data, data.CSVOptions{Target: o.target, Task: task})
	if err != nil {
		return err
	}
	train, val, _, err := data.Prepare(ds, o.valFrac, rand.New(rand.NewPCG(o.seed, 1)))
	if err != nil {
		return err
	}
	spec := regularize.Spec{Method: o.method, Lambda: o.lambda, Threshold: o.threshold, HierM: o.m}
	net, err := model.New(ds, spec.Architecture(o.hidden), rand.New(rand.NewPCG(o.seed, 2)))
	if err != nil {
		return err
	}
	cfg, err := spec.Configure(model.Config{LearnRate: o.lr, Epochs: o.epochs, BatchSize: o.batch, Patience: o.patience, Seed: o.seed})
	if err != nil {
		return err
	}

	start := time.Now()
	res, trainErr := model.Train(ctx, net, train, val, cfg)
	if res == nil {
		return trainErr
	}
	rep := newReport(o, spec, source, ds, train.Rows(), val.Rows(), net, res, time.Since(start))
	rep.setStatus(trainErr)
	printSummary(stdout, rep)
	if o.report != "" {
		if err := rep.write(o.report); err != nil {
			return err
		}
	}
	if errors.Is(trainErr, context.Canceled) {
		return errInterrupted
	}
	return trainErr
}

// readData reads the CSV file at path, or the embedded dataset when path is
// empty, and returns it with the name to show for it.
func readData(path string, opts data.CSVOptions) (*data.Dataset, string, error) {
	if path == "" {
		ds, err := data.ReadCSV(data.BreastCancer(), opts)
		return ds, data.BreastCancerName, err
	}
	ds, err := data.ReadFile(path, opts)
	return ds, path, err
}
