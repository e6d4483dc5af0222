package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// methodHelp describes the methods for --help.
const methodHelp = "  graph      L1 node in the graph, gorgonia's Adam; unused weights hover near 0, never at 0\n" +
	"  prox-adam  Adam on the data loss, then soft threshold lr·λ/(√v̂+ε); lasso fixed points\n" +
	"  decoupled  Adam step, then soft threshold lr·λ; λ is unitless (try 0.1–1)\n" +
	"  ista       plain gradient step, then soft threshold lr·λ (try --lr 0.05 or more)\n" +
	"  group      θ fixed at 1; block soft threshold lr·λ on each feature's first-layer\n" +
	"             weights (λ on the scale of √width: try 2–5)\n" +
	"  hier       LassoNet: skip layer β, hierarchical prox keeps ‖W₁ row j‖∞ ≤ M·‖β_j‖\n" +
	"             (λ on the scale of width·M: try 100–1000)\n"

// trainOptions are the flags of featsel train.
type trainOptions struct {
	dataFlags
	trainingFlags
	method, report, save string
	lambda, threshold    float64
}

func trainFlags(o *trainOptions) *pflag.FlagSet {
	fs := flagSet("train", "train [flags]", "Train a selection-layer network and rank the features by their selection weight.")
	o.dataFlags.add(fs)
	fs.StringVar(&o.method, "method", "graph", "selection method:\n"+methodHelp)
	fs.Float64Var(&o.lambda, "lambda", 0.01, "penalty strength λ (>= 0)")
	fs.Float64Var(&o.threshold, "threshold", 0, "after every step, set |θ_j| < THRESHOLD to exactly 0 (0: off); with\ngraph, prox-adam, decoupled and ista")
	o.trainingFlags.add(fs, 200, 0)
	fs.StringVar(&o.report, "report", "", "write the JSON report to this file")
	fs.StringVar(&o.save, "save", "", "save the trained model (with its standardisation) to this file, for featsel predict")
	return fs
}

func (o *trainOptions) check() error {
	if err := checkMethod("--method", o.method); err != nil {
		return err
	}
	switch {
	case !(o.threshold >= 0) || math.IsInf(o.threshold, 0):
		return fmt.Errorf("--threshold must be >= 0, got %v", o.threshold)
	case o.threshold > 0 && (o.method == "group" || o.method == "hier"):
		return fmt.Errorf("--threshold acts on θ, which --method %s does not train", o.method)
	case !(o.lambda >= 0) || math.IsInf(o.lambda, 0):
		return fmt.Errorf("--lambda must be >= 0, got %v", o.lambda)
	}
	if err := o.dataFlags.check(); err != nil {
		return err
	}
	return o.trainingFlags.check()
}

// config is the training configuration the flags describe, before a
// method sets it up.
func (t *trainingFlags) config(seed uint64) model.Config {
	return model.Config{LearnRate: t.lr, Epochs: t.epochs, BatchSize: t.batch, Patience: t.patience, Seed: seed}
}

func runTrain(ctx context.Context, args []string, stdout io.Writer) error {
	var o trainOptions
	if err := parse(trainFlags(&o), args, stdout, o.check); err != nil {
		return err
	}
	p, err := o.load()
	if err != nil {
		return err
	}
	defer setGC(trainingGC)()
	spec := regularize.Spec{Method: o.method, Lambda: o.lambda, Threshold: o.threshold, HierM: o.hierM}
	net, err := model.New(p.all, spec.Architecture(o.hidden), rand.New(rand.NewPCG(o.seed, 2)))
	if err != nil {
		return err
	}
	cfg, err := spec.Configure(net, o.config(o.seed))
	if err != nil {
		return err
	}
	start := time.Now()
	res, trainErr := model.Train(ctx, net, p.train, p.val, cfg)
	if res == nil {
		return trainErr
	}
	rep := newReport(runInfo{spec: spec, lr: o.lr, hidden: o.hidden, seed: o.seed}, p, spec.Weights(net), res, time.Since(start))
	rep.setStatus(trainErr)
	if o.save != "" {
		f := model.NewFile(net, spec.Architecture(o.hidden), p.all, p.st, o.method, o.lambda)
		var buf bytes.Buffer
		if err := model.Save(&buf, f); err != nil {
			return err
		}
		if err := writeFile(o.save, buf.Bytes()); err != nil {
			return err
		}
		rep.Model = o.save
	}
	printSummary(stdout, rep)
	return finish(o.report, rep, trainErr)
}
