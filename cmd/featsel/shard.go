package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/regularize"
)

// parseShard reads --shard: "I/N" (0 <= I < N), or "auto", which takes I
// and N from the scheduler's environment (see shardFromEnv).
func parseShard(s string, getenv func(string) string) (regularize.Shard, error) {
	if s == "auto" {
		return shardFromEnv(getenv)
	}
	i, n, ok := strings.Cut(s, "/")
	index, errI := strconv.Atoi(i)
	count, errN := strconv.Atoi(n)
	if !ok || errI != nil || errN != nil || count < 1 || index < 0 || index >= count {
		return regularize.Shard{}, fmt.Errorf("--shard: %q is not I/N with 0 <= I < N, nor auto", s)
	}
	return regularize.Shard{Index: index, Count: count}, nil
}

// shardFromEnv reads the shard from a Slurm job array, I =
// (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP
// (step 1 when unset) of N = SLURM_ARRAY_TASK_COUNT, or from a Kubernetes
// Indexed Job, I = JOB_COMPLETION_INDEX of N = FEATSEL_SHARD_COUNT (set in
// the manifest: a pod cannot read its job's completions).
func shardFromEnv(getenv func(string) string) (regularize.Shard, error) {
	num := func(name string) (int, error) {
		v, err := strconv.Atoi(getenv(name))
		if err != nil {
			return 0, fmt.Errorf("--shard auto: %s=%q is not a whole number", name, getenv(name))
		}
		return v, nil
	}
	var s regularize.Shard
	switch {
	case getenv("SLURM_ARRAY_TASK_ID") != "":
		id, err := num("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return s, err
		}
		first, err := num("SLURM_ARRAY_TASK_MIN")
		if err != nil {
			return s, err
		}
		step := 1
		if getenv("SLURM_ARRAY_TASK_STEP") != "" {
			if step, err = num("SLURM_ARRAY_TASK_STEP"); err != nil {
				return s, err
			}
		}
		if s.Count, err = num("SLURM_ARRAY_TASK_COUNT"); err != nil {
			return s, err
		}
		if step < 1 || (id-first)%step != 0 {
			return s, fmt.Errorf("--shard auto: Slurm array task %d is not on the array's steps (min %d, step %d)", id, first, step)
		}
		s.Index = (id - first) / step
	case getenv("JOB_COMPLETION_INDEX") != "":
		var err error
		if s.Index, err = num("JOB_COMPLETION_INDEX"); err != nil {
			return s, err
		}
		if getenv("FEATSEL_SHARD_COUNT") == "" {
			return s, errors.New("--shard auto: a Kubernetes Indexed Job needs FEATSEL_SHARD_COUNT, its completions, in the pod's environment")
		}
		if s.Count, err = num("FEATSEL_SHARD_COUNT"); err != nil {
			return s, err
		}
	default:
		return s, errors.New("--shard auto: neither a Slurm job array (SLURM_ARRAY_TASK_ID) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) in the environment; give --shard I/N")
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return s, fmt.Errorf("--shard auto: shard %d of %d from the environment: want 0 <= index < count", s.Index, s.Count)
	}
	return s, nil
}

// shardFlags are --shard and --part, on path and compare.
type shardFlags struct {
	// shardFlag is --shard (I/N or auto) and shard what it says; part is
	// --part, where a shard writes what it computed for featsel merge.
	shardFlag, part string
	shard           *regularize.Shard
}

// add adds the flags; units says which fits a shard runs.
func (f *shardFlags) add(fs *pflag.FlagSet, units string) {
	fs.StringVar(&f.shardFlag, "shard", "", "run shard I of N (I/N, or auto: from a Slurm job array's or a Kubernetes Indexed\nJob's environment): "+units+"; write them to --part for featsel merge")
	fs.StringVar(&f.part, "part", "", "with --shard: the file to write the shard's part to")
}

// check reads --shard (from the environment for auto) and refuses the
// outputs that are the merge's, given with their values.
func (f *shardFlags) check(outputs []named) error {
	if f.shardFlag == "" {
		if f.part != "" {
			return errors.New("--part goes with --shard")
		}
		return nil
	}
	sh, err := parseShard(f.shardFlag, os.Getenv)
	if err != nil {
		return err
	}
	f.shard = &sh
	if f.part == "" {
		return errors.New("--shard needs --part FILE, where the shard's part goes")
	}
	for _, o := range outputs {
		if o.path != "" {
			return fmt.Errorf("%s with --shard: a shard writes its part only; give %s to featsel merge", o.flag, o.flag)
		}
	}
	return nil
}

// sinceWithShards is the time of a run that began at start, plus, for a
// merge, that of the slowest of its shards, which ran before it.
func sinceWithShards(start time.Time, parts []*regularize.Part) time.Duration {
	return time.Since(start) + time.Duration(regularize.Slowest(parts)*float64(time.Second))
}

// writePart writes a shard's part (with the command that ran it, for
// featsel merge: the subcommand and its arguments) to --part. A shard
// that did not finish writes nothing: a part is whole or useless.
func (f *shardFlags) writePart(s streams, p *regularize.Part, command []string, source string, runErr error) error {
	if runErr != nil {
		return fmt.Errorf("shard %v not written: %w", p.Shard, runErr)
	}
	p.Command = command
	var buf bytes.Buffer
	if err := regularize.WritePart(&buf, p); err != nil {
		return err
	}
	if err := writeOut(f.part, s.stdout, buf.Bytes()); err != nil {
		return err
	}
	what := "methods"
	if p.Main != nil {
		what = fmt.Sprintf("the main path (%d λ) and units", len(p.Main.Points)-1)
	}
	fmt.Fprintf(s.results(f.part), "shard %v of %s: %s %v of the %d written to %s\n", p.Shard, source, what, p.UnitNumbers(), p.Units, f.part)
	return nil
}
