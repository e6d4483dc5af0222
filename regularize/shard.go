package regularize

import (
	"context"
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
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
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
	// Outcomes holds, for a comparison's shard ([CompareShard]), its
	// trials' outcomes by the trial's number (Main and Results are then
	// empty).
	Outcomes map[int]*SavedOutcome
	// Seconds is the shard's wall time.
	Seconds float64
	// Command is free for the caller: featsel path and compare keep there
	// the arguments that ran the shard, from which featsel merge takes
	// the data and the settings.
	Command []string
}

// SavedOutcome is an Outcome as a part holds it: without the network,
// and with its error as text (a divergence kept whole).
type SavedOutcome struct {
	Trial      Trial
	Result     *model.Result
	Weights    []float64
	Trace      [][]float64
	TraceSteps []int
	Seconds    float64
	Float32    bool
	Err        string
	Diverged   *model.DivergedError
}

// save returns the outcome as a part holds it.
func (o Outcome) save() *SavedOutcome {
	s := &SavedOutcome{Trial: o.Trial, Result: o.Result, Weights: o.Weights, Trace: o.Trace, TraceSteps: o.TraceSteps, Seconds: o.Seconds, Float32: o.Float32}
	if o.Err != nil {
		s.Err = o.Err.Error()
		s.Diverged, _ = errors.AsType[*model.DivergedError](o.Err)
	}
	return s
}

// outcome returns the saved outcome as an Outcome, without its network.
func (s *SavedOutcome) outcome() Outcome {
	o := Outcome{Trial: s.Trial, Result: s.Result, Weights: s.Weights, Trace: s.Trace, TraceSteps: s.TraceSteps, Seconds: s.Seconds, Float32: s.Float32}
	switch {
	case s.Diverged != nil:
		o.Err = s.Diverged
	case s.Err != "":
		o.Err = errors.New(s.Err)
	}
	return o
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
	if (p.Main == nil) == (p.Outcomes == nil) || p.Shard.check() != nil {
		return nil, fmt.Errorf("%w: neither a path's nor a comparison's, or shard %v", ErrPart, p.Shard)
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

// partName names part i for a message: its file, or its place.
func partName(names []string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("part %d", i+1)
}

// checkLayout verifies that parts are every shard, once, of one run of
// the given fingerprint and number of units.
func checkLayout(parts []*Part, fingerprint string, count int, names []string) error {
	if len(parts) == 0 {
		return errors.New("regularize: no parts to merge")
	}
	shards := map[int]int{} // shard index → part
	n := parts[0].Shard.Count
	for i, p := range parts {
		switch {
		case p.Fingerprint != parts[0].Fingerprint:
			return fmt.Errorf("%s and %s are shards of different runs (other data or settings: a seed, a flag, the table): merge the parts of one run", partName(names, 0), partName(names, i))
		case p.Fingerprint != fingerprint:
			return fmt.Errorf("%s: a shard of other data or settings than those read now (fingerprint %.12s…, now %.12s…): did the table change since the shards read it?", partName(names, i), p.Fingerprint, fingerprint)
		case p.Units != count:
			return fmt.Errorf("%s: %d units, this run has %d", partName(names, i), p.Units, count)
		case p.Shard.Count != n:
			return fmt.Errorf("%s: shard %v, and %s is shard %v: the parts of different layouts", partName(names, i), p.Shard, partName(names, 0), parts[0].Shard)
		}
		if j, dup := shards[p.Shard.Index]; dup {
			return fmt.Errorf("%s and %s are both shard %v", partName(names, j), partName(names, i), p.Shard)
		}
		shards[p.Shard.Index] = i
	}
	var missing []string
	for s := range n {
		if _, ok := shards[s]; !ok {
			missing = append(missing, Shard{s, n}.String())
		}
	}
	if missing != nil {
		return fmt.Errorf("regularize: the parts lack shard %s of the %d", strings.Join(missing, ", "), n)
	}
	return nil
}

// gather collects the units of the parts, each from the shard it belongs
// to, and refuses a part with another's unit or a unit missing.
func gather[T any](parts []*Part, count int, names []string, units func(*Part) map[int]*T) (map[int]*T, error) {
	done := map[int]*T{}
	for i, p := range parts {
		for u, r := range units(p) {
			if u%p.Shard.Count != p.Shard.Index || u < 0 || u >= count || r == nil {
				return nil, fmt.Errorf("%s: unit %d is not one of shard %v's", partName(names, i), u, p.Shard)
			}
			done[u] = r
		}
	}
	var missing []string
	for u := range count {
		if done[u] == nil {
			missing = append(missing, fmt.Sprint(u))
		}
	}
	if missing != nil {
		return nil, fmt.Errorf("regularize: the parts lack unit %s of the %d", strings.Join(missing, ", "), count)
	}
	return done, nil
}

// checkParts verifies that parts are the shards of one selection of the
// given fingerprint and number of units, with the same main path, and
// gathers their units.
func checkParts(parts []*Part, fingerprint string, count int, names []string) (main *PathResult, done map[int]*UnitResult, err error) {
	if err := checkLayout(parts, fingerprint, count, names); err != nil {
		return nil, nil, err
	}
	for i, p := range parts {
		if p.Main == nil || !samePath(p.Main, parts[0].Main) {
			return nil, nil, fmt.Errorf("%s and %s computed different main paths (another build of featsel or another processor?)", partName(names, 0), partName(names, i))
		}
	}
	done, err = gather(parts, count, names, func(p *Part) map[int]*UnitResult { return p.Results })
	return parts[0].Main, done, err
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
	writeData(h, ds)
	writeSettings(h, cfg)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// writeData writes a table's names, task, values and how they are to
// be scaled to h.
func writeData(h hash.Hash, ds *data.Dataset) {
	buf := make([]byte, 0, 1<<15)
	floats := func(v []float64) {
		buf = binary.LittleEndian.AppendUint64(buf[:0], uint64(len(v)))
		for _, x := range v {
			if len(buf) == cap(buf) {
				h.Write(buf)
				buf = buf[:0]
			}
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x))
		}
		h.Write(buf)
	}
	texts := func(v []string) { fmt.Fprintf(h, "%d%q", len(v), v) }
	texts(ds.Features)
	texts(ds.Units())
	texts(ds.Classes)
	texts(ds.Targets)
	fmt.Fprintf(h, "%q%q%v%v", ds.Target, ds.Event, ds.Task, ds.Packed())
	if ds.CommonScale { // only then, so that earlier parts keep their fingerprints
		fmt.Fprint(h, "common scale")
	}
	floats(ds.X)
	floats(ds.Y)
	floats(ds.Events)
}

// writeSettings writes the settings of cfg that Fingerprint hashes.
func writeSettings(h hash.Hash, cfg SelectConfig) {
	p := cfg.Path
	writeSpec(h, p.Spec)
	fmt.Fprintf(h, "path %v %T%+v %v %v %v %v %v %v\n", p.Hidden, p.Architecture, p.Architecture, p.InitSeed, p.Lambdas, p.Start, p.Multiplier, p.MaxLambdas, p.K)
	if p.K > 0 { // it changes nothing without K: the fingerprints of other paths stay
		fmt.Fprintf(h, "max-multiplier %v\n", p.MaxMultiplier)
	}
	writeBase(h, p.Base)
	fmt.Fprintf(h, "select %v %v %v %q %v\n", cfg.ValFrac, cfg.Seed, cfg.Folds, cfg.Choose, cfg.TestFrac)
	if st := cfg.Stability; st != nil {
		fmt.Fprintf(h, "stability %v %v %v\n", st.Subsamples, st.Threshold, st.EV)
	}
}

// writeSpec writes a method's settings to h.
func writeSpec(h hash.Hash, s Spec) {
	extra := make([]string, 0, len(s.Extra))
	for k, v := range s.Extra {
		extra = append(extra, fmt.Sprintf("%s=%v", k, v))
	}
	sort.Strings(extra)
	fmt.Fprintf(h, "spec %q %v %v %v %q\n", s.Method, s.Lambda, s.Threshold, s.HierM, extra)
}

// writeBase writes the training settings to h (not its functions).
func writeBase(h hash.Hash, b model.Config) {
	fmt.Fprintf(h, "base %v %v %v %v %v %v %v %v %v %T%+v %v\n", b.Lambda, b.LearnRate, b.Epochs, b.BatchSize, b.Patience, b.MinImprovement,
		b.Seed, b.BalanceClasses, b.Float32, b.Loss, b.Loss, b.FreezeTheta)
	if b.KeepLast { // written only when set, so that earlier parts keep their fingerprints
		fmt.Fprintln(h, "keep-last")
	}
}

// UnitNumbers returns the numbers of the part's units, in order.
func (p *Part) UnitNumbers() []int {
	if p.Outcomes != nil {
		return slices.Sorted(maps.Keys(p.Outcomes))
	}
	return slices.Sorted(maps.Keys(p.Results))
}

// Slowest returns the wall time of the slowest of the parts, in seconds:
// the time of the shards when they ran side by side.
func Slowest(parts []*Part) float64 {
	slowest := 0.0
	for _, p := range parts {
		slowest = max(slowest, p.Seconds)
	}
	return slowest
}

// CompareShard runs the trials of a comparison (see [Compare]) that are
// shard's, trial i being unit i, recording their traces, and returns them
// in a part for [MergeCompare].
func CompareShard(ctx context.Context, train, val *data.Dataset, trials []Trial, cfg FitConfig, shard Shard) (*Part, error) {
	if err := shard.check(); err != nil {
		return nil, err
	}
	cfg.Trace = true
	var mine []Trial
	var index []int
	for i, t := range trials {
		if i%shard.Count == shard.Index {
			mine, index = append(mine, t), append(index, i)
		}
	}
	p := &Part{Shard: shard, Fingerprint: compareFingerprint(train, val, trials, cfg), Units: len(trials), Outcomes: map[int]*SavedOutcome{}}
	start := time.Now()
	for k, o := range Compare(ctx, train, val, mine, cfg) {
		p.Outcomes[index[k]] = o.save()
	}
	p.Seconds = time.Since(start).Seconds()
	return p, ctx.Err()
}

// MergeCompare returns the outcomes of the whole comparison, in the order
// of trials, from the parts of its shards (see [CompareShard]), without
// their networks; it refuses parts as [Merge] does.
func MergeCompare(train, val *data.Dataset, trials []Trial, cfg FitConfig, parts []*Part, names []string) ([]Outcome, error) {
	cfg.Trace = true
	if err := checkLayout(parts, compareFingerprint(train, val, trials, cfg), len(trials), names); err != nil {
		return nil, err
	}
	done, err := gather(parts, len(trials), names, func(p *Part) map[int]*SavedOutcome { return p.Outcomes })
	if err != nil {
		return nil, err
	}
	out := make([]Outcome, len(trials))
	for i := range trials {
		out[i] = done[i].outcome()
	}
	return out, nil
}

// compareFingerprint is Fingerprint for a comparison: its training and
// validation parts, trials and settings.
func compareFingerprint(train, val *data.Dataset, trials []Trial, cfg FitConfig) string {
	h := sha256.New()
	for _, ds := range []*data.Dataset{train, val} {
		writeData(h, ds)
	}
	writeTrials(h, trials, cfg)
	fmt.Fprintf(h, "init %v\n", cfg.InitSeed)
	return fmt.Sprintf("%x", h.Sum(nil))
}

// writeTrials writes a comparison's trials and the settings they share,
// the initial weights' seed aside.
func writeTrials(h hash.Hash, trials []Trial, cfg FitConfig) {
	for _, t := range trials {
		writeSpec(h, t.Spec)
		fmt.Fprintf(h, "lr %v\n", t.LearnRate)
	}
	fmt.Fprintf(h, "fit %v %T%+v %v\n", cfg.Hidden, cfg.Architecture, cfg.Architecture, cfg.Trace)
	writeBase(h, cfg.Base)
}
