package regularize

import (
	"context"
	"errors"
	"math/rand/v2"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// RefitResult is a network retrained on a selection.
type RefitResult struct {
	// Mask says which units of the original data (its columns, see
	// data.Dataset.Units) were kept.
	Mask   []bool
	Net    *model.Net
	Result *model.Result
}

// Refit retrains the path's method on the selected features only, with
// λ = 0, to remove the shrinkage the penalty left on the chosen model (the
// LassoNet paper does the same): the method's network, solver and learning
// rate, cfg.Base's batch size, epochs and patience, and the initial
// weights from cfg.InitSeed. Training stops at the best validation loss
// (any improvement counts).
func Refit(ctx context.Context, train, val *data.Dataset, mask []bool, cfg PathConfig) (*RefitResult, error) {
	features := train.UnitFeatures(mask)
	tr, va := train.Columns(features), val.Columns(features)
	return refit(ctx, tr, mask, cfg, 0, func(ctx context.Context, net *model.Net, mc model.Config) (*model.Result, error) {
		return model.Train(ctx, net, tr, va, mc)
	})
}

// RefitAll retrains the features of rf, a [Refit] on a training part, on
// rows, the training and validation rows together, standardised as the
// training part was and holding the chosen features only: from the same
// initial weights, for the epochs at which rf's validation loss was best,
// keeping the last (as scikit-learn refits the best estimator on all the
// data it searched on). val, the validation rows of those features, is
// evaluated after every epoch, but is part of rows: the result's scores
// are not held out.
func RefitAll(ctx context.Context, rows, val *data.Dataset, rf *RefitResult, cfg PathConfig) (*RefitResult, error) {
	epochs := rf.Result.BestEpoch
	if epochs == 0 {
		return nil, errors.New("regularize: the refit has no best epoch to train all the rows for")
	}
	return refit(ctx, rows, rf.Mask, cfg, epochs, func(ctx context.Context, net *model.Net, mc model.Config) (*model.Result, error) {
		return model.Train(ctx, net, rows, val, mc)
	})
}

// refit is Refit on the data that train trains on, the selected
// features, shaped like shape; with epochs > 0, it trains that many and
// keeps the last (RefitAll).
func refit(ctx context.Context, shape *data.Dataset, mask []bool, cfg PathConfig, epochs int, train trainer) (*RefitResult, error) {
	if shape.Cols() == 0 {
		return nil, errors.New("regularize: refit needs at least one selected feature")
	}
	cfg, err := cfg.withDefaults(shape)
	if err != nil {
		return nil, err
	}
	spec := cfg.Spec
	spec.Lambda, spec.Threshold = 0, 0
	net, err := model.New(shape, cfg.architecture(), rand.New(rand.NewPCG(cfg.InitSeed, 2)))
	if err != nil {
		return nil, err
	}
	base := cfg.Base
	base.MinImprovement, base.KeepLast = 0, false
	if epochs > 0 { // no patience: every epoch, and the last one's weights
		base.Epochs, base.Patience = epochs, 0
	}
	mc, err := spec.Configure(net, base)
	if err != nil {
		return nil, err
	}
	res, err := train(ctx, net, mc)
	if res == nil {
		return nil, err
	}
	return &RefitResult{Mask: mask, Net: net, Result: res}, err
}
