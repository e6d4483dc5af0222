package regularize

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// The workflows on a table streamed from disk (data.Stream), a block of
// blockRows rows at a time: each trains with model.TrainStream where
// the table in memory trains with model.Train.

// FitStream is Fit on a table streamed from disk a block of blockRows
// rows at a time (see model.TrainStream).
func FitStream(ctx context.Context, s *data.Stream, blockRows int, t Trial, cfg FitConfig) Outcome {
	o := Outcome{Trial: t}
	if o.Err = t.Spec.Validate(); o.Err != nil {
		return o
	}
	if o.LearnRate == 0 {
		o.LearnRate = t.Spec.DefaultLearnRate()
	}
	if cfg.Progress != nil {
		cfg.track = newTracker(cfg.Progress, len(s.Features))
		cfg.track.stage(StageTrain, cmp.Or(cfg.Base.Epochs, model.DefaultEpochs), 1)
	}
	o.run(ctx, s.Shape(), cfg, func(net *model.Net, mc model.Config) (*model.Result, error) {
		return model.TrainStream(ctx, net, s, blockRows, mc)
	})
	return o
}

// streamed returns cfg with the batch a streamed table trains on
// (model.TrainStream's mini-batches, whatever the task) made explicit, so
// that a streamed survival path does not take the defaults of one whose
// steps take every training row.
func streamed(cfg PathConfig) PathConfig {
	cfg.Base.BatchSize = cmp.Or(cfg.Base.BatchSize, model.DefaultBatchSize)
	return cfg
}

// PathStream is Path on a table streamed from disk a block of blockRows
// rows at a time (see model.TrainStream), validated on its validation
// rows.
func PathStream(ctx context.Context, s *data.Stream, blockRows int, cfg PathConfig) (*PathResult, error) {
	return path(ctx, s.Shape(), streamed(cfg), func(ctx context.Context, net *model.Net, mc model.Config) (*model.Result, error) {
		return model.TrainStream(ctx, net, s, blockRows, mc)
	})
}

// RefitStream is Refit on a table streamed from disk a block of
// blockRows rows at a time (see model.TrainStream).
func RefitStream(ctx context.Context, s *data.Stream, blockRows int, mask []bool, cfg PathConfig) (*RefitResult, error) {
	kept := s.Columns(mask)
	return refit(ctx, kept.Shape(), mask, streamed(cfg), 0, func(ctx context.Context, net *model.Net, mc model.Config) (*model.Result, error) {
		return model.TrainStream(ctx, net, kept, blockRows, mc)
	})
}

// SelectStream is Select on a table streamed from disk a block of
// blockRows rows at a time: the path on the stream's training rows,
// validated on its validation rows (the stream's split), the choice of
// λ on them and the refit. Cross-validation, stability selection, a
// test part, shards and RefitAll need the rows in memory: it refuses them
// (FoldsAuto chooses on the validation rows). SelectResult's Train and
// Val are the stream's shape, without rows.
func SelectStream(ctx context.Context, s *data.Stream, blockRows int, cfg SelectConfig) (*SelectResult, error) {
	shape := s.Shape()
	cfg.Path = streamed(cfg.Path)
	cfg, err := cfg.withDefaults(shape)
	switch {
	case err != nil:
		return nil, err
	case cfg.Folds > 0, cfg.Stability != nil, cfg.TestFrac > 0, cfg.Shard != nil, cfg.RefitAll:
		return nil, errors.New("regularize: a streamed table's path chooses on its validation rows: folds, stability selection, a test part, shards and a refit on all the rows need the table in memory")
	case cfg.Path.K > len(s.Features):
		return nil, fmt.Errorf("regularize: PathConfig.K must be at most %d (the features of the data), got %d", len(s.Features), cfg.Path.K)
	}
	cfg.Folds = 0
	r := &SelectResult{Config: cfg, Train: shape, Val: shape, Standardization: s.Standardization}
	track := newTracker(cfg.Progress, len(s.Features))
	cfg.Path.track = track
	track.stage(StagePath, 0, 1)
	r.Path, err = PathStream(ctx, s, blockRows, cfg.Path)
	if r.Path == nil || len(r.Path.Points) == 0 {
		return nil, cmp.Or(err, errors.New("regularize: the path has no points"))
	}
	r.choose(cfg)
	if err == nil && cfg.Refit {
		track.stage(StageRefit, 0, 1)
		r.Refit, err = RefitStream(ctx, s, blockRows, r.Mask, cfg.refitPath())
	}
	return r, err
}
