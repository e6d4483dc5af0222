package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/regularize"
)

// mergeOptions are the flags of featsel merge: the outputs of featsel
// path, which a shard does not write.
type mergeOptions struct {
	report, save, selected, plots, html string
	quiet                               bool
}

func mergeFlags(o *mergeOptions) *pflag.FlagSet {
	fs := flagSet("merge", "merge PART... [flags]", "Combine the parts that featsel path or compare --shard wrote, every shard of one run,\ninto the report one unsharded run writes: for a path, the choice, the refit, the test\npart and the stability selection are made here, on the data and settings the parts were\nmade with (read again).")
	fs.StringVar(&o.report, "report", "", "write the JSON report to this file")
	fs.StringVar(&o.save, "save", "", "save the chosen model, its features refitted without the penalty (the merge refits\nthem), for featsel predict")
	fs.StringVar(&o.selected, "write-selected", "", "write the input rows with the chosen columns and the target to this CSV file")
	fs.StringVar(&o.plots, "plots", "", "write PNG pictures into this directory (created if needed)")
	fs.StringVar(&o.html, "html", "", htmlUsage)
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress line (shown on stderr only when it is a terminal)")
	return fs
}

func runMerge(ctx context.Context, args []string, s streams) error {
	var o mergeOptions
	fs := mergeFlags(&o)
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		fs.SetOutput(s.stdout)
		fs.Usage()
		return err
	case err != nil:
		return usageError{err}
	case fs.NArg() == 0:
		return usageError{errors.New("name the parts to merge, every shard's")}
	}
	names := fs.Args()
	parts := make([]*regularize.Part, len(names))
	for i, name := range names {
		if parts[i], err = readPart(name); err != nil {
			return err
		}
	}
	// The first shard's data and settings, with the merge's outputs; the
	// merge checks every part against them (its fingerprint).
	command := parts[0].Command
	if len(command) == 0 || command[0] != "path" && command[0] != "compare" {
		return fmt.Errorf("%s: not made by featsel path or compare --shard", names[0])
	}
	if err := sameCommands(parts, names); err != nil {
		return err
	}
	bad := func(err error) error {
		return fmt.Errorf("%s: the shard's command %q: %w", names[0], command, err)
	}
	if command[0] == "compare" {
		var c compareOptions
		if err := parseShardCommand(compareFlags(&c), command[1:]); err != nil {
			return bad(err)
		}
		c.shardFlag, c.part, c.shard = "", "", nil
		c.report, c.plots, c.html, c.quiet = o.report, o.plots, o.html, o.quiet || c.quiet
		if o.save != "" || o.selected != "" {
			return usageError{fmt.Errorf("--save and --write-selected are for the parts of featsel path; these are featsel compare's")}
		}
		if err := c.check(); err != nil {
			return bad(err)
		}
		if err := dataFound(c.path); err != nil {
			return fmt.Errorf("%s: %w", names[0], err)
		}
		return c.run(ctx, command[1:], s, parts, names)
	}
	var p pathOptions
	if err := parseShardCommand(pathFlags(&p), command[1:]); err != nil {
		return bad(err)
	}
	p.shardFlag, p.part, p.shard = "", "", nil
	p.report, p.save, p.selected, p.plots, p.html, p.quiet = o.report, o.save, o.selected, o.plots, o.html, o.quiet || p.quiet
	if err := dataFound(p.path); err != nil {
		return fmt.Errorf("%s: %w", names[0], err)
	}
	if err := p.check(); err != nil {
		return bad(err)
	}
	return p.run(ctx, command[1:], s, parts, names)
}

// dataFound refuses a shards' data file that is not where their command
// says, which a relative path given in another directory is not.
func dataFound(path string) error {
	if path == "" {
		return nil // the embedded data
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("the shards' data %s is not found from here: run featsel merge where the shards ran, or give the shards an absolute --data path", path)
	}
	return nil
}

// sameCommands refuses parts of different runs whose commands say why:
// for the first part whose fingerprint differs from the first's, it names
// the flags their commands set differently. Parts whose commands agree
// (the table changed between the shards) are left to the fingerprint
// check, as are commands that cannot be read.
func sameCommands(parts []*regularize.Part, names []string) error {
	first, err := shardSettings(parts[0].Command)
	if err != nil {
		return nil
	}
	for i, p := range parts[1:] {
		if p.Fingerprint == parts[0].Fingerprint {
			continue
		}
		other, err := shardSettings(p.Command)
		if err != nil {
			return nil
		}
		if p.Command[0] != parts[0].Command[0] {
			return fmt.Errorf("%s is a part of featsel %s, %s of featsel %s: merge the parts of one run", names[i+1], p.Command[0], names[0], parts[0].Command[0])
		}
		var diffs []string
		for _, name := range slices.Sorted(maps.Keys(union(first, other))) {
			a, inA := first[name]
			b, inB := other[name]
			if inA != inB || a != b {
				diffs = append(diffs, fmt.Sprintf("--%s (%s in %s, %s in %s)", name, setting(b, inB), names[i+1], setting(a, inA), names[0]))
			}
		}
		if diffs != nil {
			return fmt.Errorf("%s and %s are shards of different runs, made with other flags: %s; merge the parts of one run", names[i+1], names[0], strings.Join(diffs, ", "))
		}
	}
	return nil
}

// shardSettings returns the flags a shard's command set, by name, but
// those that do not change its part (--shard, --part, --quiet).
func shardSettings(command []string) (map[string]string, error) {
	var fs *pflag.FlagSet
	switch {
	case len(command) > 0 && command[0] == "path":
		fs = pathFlags(&pathOptions{})
	case len(command) > 0 && command[0] == "compare":
		fs = compareFlags(&compareOptions{})
	default:
		return nil, errors.New("not a command of featsel path or compare")
	}
	if err := parseShardCommand(fs, command[1:]); err != nil {
		return nil, err
	}
	set := map[string]string{}
	fs.Visit(func(f *pflag.Flag) {
		if f.Name != "shard" && f.Name != "part" && f.Name != "quiet" {
			set[f.Name] = f.Value.String()
		}
	})
	return set, nil
}

// union returns a map with the keys of a and b.
func union(a, b map[string]string) map[string]string {
	u := maps.Clone(a)
	maps.Copy(u, b)
	return u
}

// setting describes a flag's value in a shard's command.
func setting(value string, set bool) string {
	if !set {
		return "not given"
	}
	return value
}

// parseShardCommand parses the arguments that ran a shard.
func parseShardCommand(fs *pflag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	return fs.Parse(args)
}

// readPart reads a part file; errors name it.
func readPart(name string) (*regularize.Part, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := regularize.ReadPart(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}
