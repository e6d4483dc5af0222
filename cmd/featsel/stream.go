package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/regularize"
	"github.com/featsel/featsel/regularize/report"
)

// parseSize reads a size in bytes: a number with an optional unit, B,
// KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024).
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		size   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	number, size := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(number, u.suffix); ok {
			number, size = strings.TrimSpace(rest), u.size
			break
		}
	}
	v, err := strconv.ParseFloat(number, 64)
	if err != nil || !(v > 0) || v*float64(size) > 1<<62 {
		return 0, fmt.Errorf("--max-memory: %q is not a size such as 256MiB or 2GB", s)
	}
	return int64(v * float64(size)), nil
}

// streamFlags are --max-memory and --cache, on train and path
// (--max-memory alone on predict).
type streamFlags struct {
	maxMemory, cache string
	limit            int64
}

// add defines --max-memory and --cache.
func (f *streamFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.maxMemory, "max-memory", "", "the memory the data may take (256MiB, 2GB, …): a table that needs more is read once\ninto a binary copy on disk and trained on a block at a time (numeric columns, no\nmissing values; default: read the table whole)")
	fs.StringVar(&f.cache, "cache", "", "with --max-memory, when the table is streamed: the binary copy's file, kept for the\nnext run on the same file (default: a temporary file, removed)")
}

// check reads --max-memory.
func (f *streamFlags) check() error {
	if f.maxMemory == "" {
		if f.cache != "" {
			return fmt.Errorf("--cache goes with --max-memory")
		}
		return nil
	}
	var err error
	f.limit, err = parseSize(f.maxMemory)
	return err
}

// streams reports whether the table at path is to be streamed: --max-memory
// is given and the table's values, twice (the table and its parts), take
// more.
func (f *streamFlags) streams(ctx context.Context, path string, comma rune) (bool, error) {
	if f.limit == 0 || path == "" {
		return false, nil
	}
	rows, cols, err := data.Measure(ctx, path, comma)
	if err != nil {
		return false, err
	}
	return int64(rows)*int64(cols)*8*2 > f.limit, nil
}

// blockRows is the rows of a block of a streamed table of the given
// features: four blocks (the training and the validation blocks, each
// as read and standardised) take the memory allowed, and a block at
// least 1 024 rows.
func (f *streamFlags) blockRows(features int) int {
	return max(1024, int(f.limit/int64(4*8*(features+3))))
}

// partRows is the rows of a part of a table to predict, of the given
// features, for a model of the given outputs: a row in hand takes about
// three times its values (the cells read, the values, the values
// standardised) and, written out, some 48 bytes an output (the output,
// its probability and its text); the parts take the memory allowed, and
// at least 1 024 rows; 65 536 rows without a bound.
func (f *streamFlags) partRows(features, outputs int) int {
	if f.limit == 0 {
		return 1 << 16
	}
	return max(1024, int(f.limit/int64(3*8*(features+2)+48*outputs)))
}

// openStream reads the table of d into a stream on disk (--max-memory),
// refusing what a streamed table cannot take; it sets the collector for
// the blocks in memory until close.
func openStream(ctx context.Context, d *dataFlags, t *trainingFlags, f *streamFlags) (st *data.Stream, close func(), err error) {
	opts, _ := d.csvOptions()
	if st, err = data.ReadStream(ctx, d.path, opts, d.valFrac, d.seed, f.cache); err != nil {
		return nil, nil, err
	}
	if err := t.checkTask(st.Task); err != nil {
		st.Close()
		return nil, nil, err
	}
	if t.classWeight != "none" {
		st.Close()
		return nil, nil, usageError{fmt.Errorf("--class-weight with a streamed table (--max-memory): not yet; the table must be read whole")}
	}
	// The data in memory is bounded by the blocks: a collector that lets
	// garbage grow four times the live heap (trainingGC) would undo it.
	restore := setGC(readingGC)
	return st, func() { restore(); st.Close() }, nil
}

// describe is the report's description of a streamed table read in
// blocks of blockRows rows.
func (f *streamFlags) describe(path string, st *data.Stream, blockRows int) report.Dataset {
	shape := st.Shape()
	d := report.Describe(path, shape, shape, shape)
	d.Rows, d.TrainRows, d.ValRows, d.BlockRows = st.Rows, st.TrainRows, st.ValRows, blockRows
	d.Cache, d.CacheReused = f.cache, st.Reused
	return d
}

// runStream is featsel train on a table streamed from disk (--max-memory).
func (o *trainOptions) runStream(ctx context.Context, args []string, s streams, line *status) error {
	st, close, err := openStream(ctx, &o.dataFlags, &o.trainingFlags, &o.streamFlags)
	if err != nil {
		return err
	}
	defer close()
	spec := o.spec(o.method)
	spec.Lambda, spec.Threshold = o.lambda, o.threshold
	trial := regularize.Trial{Spec: spec, LearnRate: o.lr}
	blocks := o.blockRows(len(st.Features))
	oc := regularize.FitStream(ctx, st, blocks, trial, regularize.FitConfig{Hidden: o.hidden, Base: o.config(o.seed), InitSeed: o.seed, Trace: o.html != "", Progress: line.progress()})
	line.stop()
	if oc.Result == nil {
		return oc.Err
	}
	shape := st.Shape()
	run := report.Run{Spec: spec, LearnRate: o.lr, Hidden: o.hidden, Seed: o.seed, Float32: oc.Float32}
	rep := report.NewTrain(run, o.describe(o.path, st, blocks), shape.Units(), oc.Weights, oc.Result, time.Duration(oc.Seconds*float64(time.Second)), oc.Err)
	return o.output(s, args, rep, oc, shape, st.Standardization, spec)
}

// runStream is featsel path on a table streamed from disk (--max-memory):
// the path on the stream's training rows, the choice on its validation
// rows, and the refit.
func (o *pathOptions) runStream(ctx context.Context, args []string, s streams, line *status) error {
	switch {
	case o.folds > 0, o.stab > 0, o.testFrac > 0, o.shard != nil, o.selected != "", o.refitAll:
		return usageError{errors.New("a streamed table's path (--max-memory) chooses on its validation rows: --folds, --stability, --test-frac, --shard, --write-selected and --refit-all need the table read whole")}
	}
	st, close, err := openStream(ctx, &o.dataFlags, &o.trainingFlags, &o.streamFlags)
	if err != nil {
		return err
	}
	defer close()
	shape := st.Shape()
	if units := len(shape.Units()); o.k > units {
		return usageError{fmt.Errorf("--k must be at most %d (the features), got %d", units, o.k)}
	}
	cfg := o.selectConfig(line)
	cfg.Folds = 0
	blocks := o.blockRows(len(st.Features))
	start := time.Now()
	sel, runErr := regularize.SelectStream(ctx, st, blocks, cfg)
	line.stop()
	if sel == nil {
		return runErr
	}
	rep := report.NewPath(sel, o.describe(o.path, st, blocks), shape.Units(), time.Since(start), runErr)
	return o.output(s, args, rep, sel, shape, runErr)
}
