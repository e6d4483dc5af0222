package regularize

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/featsel/featsel/data"
)

// Shard is a share of the independent fits of a selection: the folds of
// its cross-validation and the halves of its stability selection, the
// units, numbered folds first (0 to Folds−1), then halves. Shard Index
// of Count runs the units whose number is Index modulo Count; every shard
// runs the main path, whose λ values the halves follow. Each unit's seeds
// derive from SelectConfig.Seed and the unit's number, never from the
// layout, so that merging the shards' parts ([Merge]) gives what one run
// gives, bit for bit.
type Shard struct{ Index, Count int }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// check reports a shard that cannot be.
func (s Shard) check() error {
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("regularize: shard %d of %d: want 0 <= index < count", s.Index, s.Count)
	}
	return nil
}

// Part is what one shard computed: the main path and its units' results,
// with the fingerprint of the data and the settings that [Merge] checks.
type Part struct {
	Shard       Shard
	Fingerprint string
	// Units counts the units of the whole selection.
	Units int
	Main  *PathResult
	// Results holds the shard's units by number.
	Results map[int]*UnitResult
	// Command is free for the caller: featsel path keeps there the
	// arguments that ran the shard, from which featsel merge takes the
	// data and the settings.
	Command []string
}

// UnitResult is one unit's fit: a fold's path with its selections
// refitted and scored, or a half's path.
type UnitResult struct {
	Path   *PathResult
	Refits []RefitScore
}

// partFormat begins every part file, with its version.
const (
	partFormat  = "featsel-part"
	partVersion = 1
)

// WritePart writes p in featsel's part format (gob: exact for every
// float64, NaN and infinities included).
func WritePart(w io.Writer, p *Part) error {
	enc := gob.NewEncoder(w)
	if err := enc.Encode(partFormat); err != nil {
		return err
	}
	if err := enc.Encode(partVersion); err != nil {
		return err
	}
	return enc.Encode(p)
}

// ErrPart wraps every problem with a part file; test with errors.Is.
var ErrPart = errors.New("not a usable featsel part")

// ReadPart reads a part written by WritePart.
func ReadPart(r io.Reader) (*Part, error) {
	dec := gob.NewDecoder(r)
	var format string
	var version int
	if err := dec.Decode(&format); err != nil || format != partFormat {
		return nil, fmt.Errorf("%w: not a part file", ErrPart)
	}
	if err := dec.Decode(&version); err != nil || version != partVersion {
		return nil, fmt.Errorf("%w: version %d, this featsel reads %d", ErrPart, version, partVersion)
	}
	var p Part
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPart, err)
	}
	if p.Main == nil || p.Shard.check() != nil {
		return nil, fmt.Errorf("%w: no main path, or shard %v", ErrPart, p.Shard)
	}
	return &p, nil
}

// units runs or looks up the units of a selection: with a shard, only its
// own; with the parts of a merge, none (every result comes from them).
type units struct {
	shard   *Shard
	done    map[int]*UnitResult // from the parts of a merge
	results map[int]*UnitResult // computed here
}

// mine reports whether unit u is to be computed here.
func (us *units) mine(u int) bool {
	if us == nil {
		return true
	}
	if us.done != nil {
		return false
	}
	return us.shard == nil || u%us.shard.Count == us.shard.Index
}

// get returns the result of unit u from the parts, or nil.
func (us *units) get(u int) *UnitResult {
	if us == nil || us.done == nil {
		return nil
	}
	return us.done[u]
}

// keep records the result of a unit computed here.
func (us *units) keep(u int, r *UnitResult) {
	if us != nil && us.shard != nil {
		us.results[u] = r
	}
}

// checkParts verifies that parts are the shards of one selection of the
// given fingerprint and number of units, and gathers their units.
func checkParts(parts []*Part, fingerprint string, count int, names []string) (main *PathResult, done map[int]*UnitResult, err error) {
	if len(parts) == 0 {
		return nil, nil, errors.New("regularize: no parts to merge")
	}
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return fmt.Sprintf("part %d", i+1)
	}
	shards := map[int]int{} // shard index → part
	n := parts[0].Shard.Count
	done = map[int]*UnitResult{}
	for i, p := range parts {
		switch {
		case p.Fingerprint != fingerprint:
			return nil, nil, fmt.Errorf("%s: a shard of other data or settings than this run's (fingerprint %.12s…, this run %.12s…)", name(i), p.Fingerprint, fingerprint)
		case p.Units != count:
			return nil, nil, fmt.Errorf("%s: %d units, this run has %d", name(i), p.Units, count)
		case p.Shard.Count != n:
			return nil, nil, fmt.Errorf("%s: shard %v, and %s is shard %v: the parts of different layouts", name(i), p.Shard, name(0), parts[0].Shard)
		}
		if j, dup := shards[p.Shard.Index]; dup {
			return nil, nil, fmt.Errorf("%s and %s are both shard %v", name(j), name(i), p.Shard)
		}
		shards[p.Shard.Index] = i
		if !samePath(p.Main, parts[0].Main) {
			return nil, nil, fmt.Errorf("%s and %s computed different main paths (another build of featsel or another processor?)", name(0), name(i))
		}
		for u, r := range p.Results {
			if u%n != p.Shard.Index || u < 0 || u >= count || r == nil || r.Path == nil {
				return nil, nil, fmt.Errorf("%s: unit %d is not one of shard %v's", name(i), u, p.Shard)
			}
			done[u] = r
		}
	}
	var missingShards []string
	for s := range n {
		if _, ok := shards[s]; !ok {
			missingShards = append(missingShards, Shard{s, n}.String())
		}
	}
	if missingShards != nil {
		return nil, nil, fmt.Errorf("regularize: the parts lack shard %s of the %d", strings.Join(missingShards, ", "), n)
	}
	var missing []string
	for u := range count {
		if done[u] == nil {
			missing = append(missing, fmt.Sprint(u))
		}
	}
	if missing != nil {
		return nil, nil, fmt.Errorf("regularize: the parts lack unit %s of the %d", strings.Join(missing, ", "), count)
	}
	return parts[0].Main, done, nil
}

// samePath reports whether two paths are the same, bit for bit.
func samePath(a, b *PathResult) bool {
	h := func(p *PathResult) [32]byte {
		d := sha256.New()
		if err := gob.NewEncoder(d).Encode(p); err != nil {
			return [32]byte{}
		}
		return [32]byte(d.Sum(nil))
	}
	return h(a) == h(b)
}

// Fingerprint returns a hash of the data and of the settings of cfg that
// decide what Select computes (not Progress, Shard, Refit, which a merge
// may add, nor the functions a configuration may hold: hooks, solver,
// architecture's code), the same in every process for the same table and
// settings.
func Fingerprint(ds *data.Dataset, cfg SelectConfig) string {
	h := sha256.New()
	floats := func(v []float64) {
		binary.Write(h, binary.LittleEndian, uint64(len(v)))
		for _, x := range v {
			binary.Write(h, binary.LittleEndian, math.Float64bits(x))
		}
	}
	texts := func(v []string) { fmt.Fprintf(h, "%d%q", len(v), v) }
	texts(ds.Features)
	texts(ds.Units())
	texts(ds.Classes)
	texts(ds.Targets)
	fmt.Fprintf(h, "%q%q%v%v", ds.Target, ds.Event, ds.Task, ds.Packed())
	floats(ds.X)
	floats(ds.Y)
	floats(ds.Events)
	writeSettings(h, cfg)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// writeSettings writes the settings of cfg that Fingerprint hashes.
func writeSettings(h hash.Hash, cfg SelectConfig) {
	p, b := cfg.Path, cfg.Path.Base
	extra := make([]string, 0, len(p.Spec.Extra))
	for k, v := range p.Spec.Extra {
		extra = append(extra, fmt.Sprintf("%s=%v", k, v))
	}
	sort.Strings(extra)
	fmt.Fprintf(h, "spec %q %v %v %v %q\n", p.Spec.Method, p.Spec.Lambda, p.Spec.Threshold, p.Spec.HierM, extra)
	fmt.Fprintf(h, "path %v %T%+v %v %v %v %v %v %v\n", p.Hidden, p.Architecture, p.Architecture, p.InitSeed, p.Lambdas, p.Start, p.Multiplier, p.MaxLambdas, p.K)
	fmt.Fprintf(h, "base %v %v %v %v %v %v %v %v %v %T%+v %v\n", b.Lambda, b.LearnRate, b.Epochs, b.BatchSize, b.Patience, b.MinImprovement,
		b.Seed, b.BalanceClasses, b.Float32, b.Loss, b.Loss, b.FreezeTheta)
	fmt.Fprintf(h, "select %v %v %v %q %v\n", cfg.ValFrac, cfg.Seed, cfg.Folds, cfg.Choose, cfg.TestFrac)
	if st := cfg.Stability; st != nil {
		fmt.Fprintf(h, "stability %v %v %v\n", st.Subsamples, st.Threshold, st.EV)
	}
}

// UnitNumbers returns the numbers of the part's units, in order.
func (p *Part) UnitNumbers() []int { return slices.Sorted(maps.Keys(p.Results)) }
