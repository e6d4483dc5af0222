package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"

	"github.com/featsel/featsel/data"
)

// FileFormat and FileVersion identify featsel's model files.
//
// Compatibility: every version adds to the file and raises FileVersion.
// Load reads the files of every earlier version (a field a version added is
// absent from older files and takes the meaning it had before), and
// refuses a newer one with a message naming both versions. Version 1 held
// the standard MLP's settings as "architecture"; version 2 holds any
// registered architecture by name and settings; version 3 adds "status",
// how the training that made the file ended; version 4 adds "schema", the
// columns of the file the features come from (a category's one-hot block,
// a flag's words, a date), for a model with any column that is not a
// number; version 5 adds a column's "group" (the unit of columns selected
// together) and "class_weight"; version 6 the task "survival" with its
// "event" column, and several regression "targets" with their
// "target_means" and "target_scales"; version 7 a column's "log" (read as
// the logarithm of its values). A file without them is written with the
// version before, which reads it the same.
const (
	FileFormat  = "featsel-model"
	FileVersion = 7
)

// ErrModelFile wraps every problem with a model file; test with errors.Is.
var ErrModelFile = errors.New("not a usable featsel model file")

// File is a trained network with everything needed to predict: the
// feature names in order, the standardisation fitted on the training
// data, the class labels, the architecture (registered by name, see
// [RegisterArchitecture]) and the weights, and how it was trained.
type File struct {
	Features []string `json:"features"`
	// Schema describes the columns of the table the features come from,
	// in order (data.Dataset.Schema), each one selection unit of the
	// network or, with a group, its columns one unit; nil when every
	// column is a number of its own unit, one feature each.
	Schema  []Column `json:"schema,omitempty"`
	Target  string   `json:"target"`
	Task    string   `json:"task"`
	Classes []string `json:"classes,omitempty"`
	// Event names the column of events of a survival model (Target is
	// the column of times).
	Event string `json:"event,omitempty"`
	// Targets names the targets of a regression with several, the
	// network's outputs in order (Target then joins their names with
	// commas), standardised by TargetMeans and TargetScales.
	Targets      []string  `json:"targets,omitempty"`
	TargetMeans  []float64 `json:"target_means,omitempty"`
	TargetScales []float64 `json:"target_scales,omitempty"`
	// Mean and Scale standardise the features; TargetMean and TargetScale
	// the regression target (the network predicts the standardised one).
	Mean        []float64 `json:"mean"`
	Scale       []float64 `json:"scale"`
	TargetMean  float64   `json:"target_mean,omitempty"`
	TargetScale float64   `json:"target_scale,omitempty"`
	Arch        SavedArch `json:"architecture"`
	Method      string    `json:"method"`
	Lambda      float64   `json:"lambda"`
	// Status is how the training that made the file ended: empty when it
	// finished, "interrupted" or "diverged" when the weights are those of
	// the moment it stopped (or of its best epoch).
	Status string `json:"status,omitempty"`
	// ClassWeight is "balanced" when the loss weighed each class by the
	// inverse of its frequency (Config.BalanceClasses), empty otherwise.
	ClassWeight string  `json:"class_weight,omitempty"`
	Params      []Saved `json:"params"`
}

// Column is a column of the table in a model file: its name, its kind
// (data.Kind's name: number, flag, date or category) and, for a flag or a
// category, its words (data.Column.Levels).
type Column struct {
	Name   string   `json:"name"`
	Kind   string   `json:"kind"`
	Levels []string `json:"levels,omitempty"`
	// Group is data.Column.Group: the unit of the columns selected
	// together that the column belongs to.
	Group string `json:"group,omitempty"`
	// Log is data.Column.Log: the column is read as the natural logarithm
	// of its values.
	Log bool `json:"log,omitempty"`
}

// kinds are the data.Kind values by name.
var kinds = map[string]data.Kind{}

func init() {
	for _, k := range []data.Kind{data.KindNumber, data.KindFlag, data.KindDate, data.KindCategory} {
		kinds[k.String()] = k
	}
}

// DataSchema returns the schema to read a table for the model with
// (data.CSVOptions.Schema): nil when every column is a number.
func (f *File) DataSchema() []data.Column {
	if f.Schema == nil {
		return nil
	}
	schema := make([]data.Column, len(f.Schema))
	for s, c := range f.Schema {
		schema[s] = data.Column{Name: c.Name, Kind: kinds[c.Kind], Levels: c.Levels, Group: c.Group, Log: c.Log}
	}
	return schema
}

// source returns the unit of each feature (data.Dataset.Source), from
// the schema: one per feature without one.
func (f *File) source() []int {
	source := make([]int, 0, len(f.Features))
	if f.Schema == nil {
		for j := range f.Features {
			source = append(source, j)
		}
		return source
	}
	for s, c := range f.DataSchema() {
		for range c.Width() {
			source = append(source, s)
		}
	}
	return source
}

// Saved is one parameter's values.
type Saved struct {
	Name   string    `json:"name"`
	Shape  []int     `json:"shape"`
	Values []float64 `json:"values"`
}

// envelope is what a model file holds: the format, its version, and the
// SHA-256 of the model's JSON, which Load checks.
type envelope struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	SHA256  string          `json:"sha256"`
	Model   json.RawMessage `json:"model"`
}

// NewFile describes net for saving: ds is the table it was trained on as
// read (its feature names, target and classes: the whole table or its
// training part alike), st the standardisation fitted on the training
// part, and method and λ how it was trained. It refuses a network whose
// architecture is not registered, and one that does not match ds or st.
func NewFile(net *Net, ds *data.Dataset, st *data.Standardization, method string, lambda float64) (*File, error) {
	switch {
	case net.features != ds.Cols():
		return nil, fmt.Errorf("model: NewFile: the network has %d features, the data %d", net.features, ds.Cols())
	case net.task != ds.Task:
		return nil, fmt.Errorf("model: NewFile: a %v network for %v data", net.task, ds.Task)
	case net.task == data.Classification && net.outputs != len(ds.Classes):
		return nil, fmt.Errorf("model: NewFile: the network has %d outputs for %d classes", net.outputs, len(ds.Classes))
	case st == nil || st.X == nil || len(st.X.Mean) != ds.Cols() || len(st.X.Scale) != ds.Cols():
		return nil, fmt.Errorf("model: NewFile: the standardisation does not have one mean and scale per feature")
	case (st.Y != nil) != (net.task == data.Regression):
		return nil, fmt.Errorf("model: NewFile: a %v network needs a target scaler exactly when it is a regression", net.task)
	}
	arch, err := describe(net.arch)
	if err != nil {
		return nil, err
	}
	if err := arch.rebuildsLike(net); err != nil {
		return nil, err
	}
	f := &File{
		Features: ds.Features, Target: ds.Target, Task: net.task.String(), Classes: ds.Classes, Event: ds.Event,
		Mean: st.X.Mean, Scale: st.X.Scale, Arch: arch, Method: method, Lambda: lambda,
	}
	switch {
	case len(st.Y) != net.outputs && st.Y != nil:
		return nil, fmt.Errorf("model: NewFile: %d target scalers for %d outputs", len(st.Y), net.outputs)
	case len(st.Y) == 1:
		f.TargetMean, f.TargetScale = st.Y[0].Mean, st.Y[0].Scale
	case st.Y != nil:
		f.Targets = ds.Targets
		for _, y := range st.Y {
			f.TargetMeans, f.TargetScales = append(f.TargetMeans, y.Mean), append(f.TargetScales, y.Scale)
		}
	}
	if slices.ContainsFunc(ds.Schema, func(c data.Column) bool { return c.Kind != data.KindNumber || c.Group != "" || c.Log }) {
		for _, c := range ds.Schema {
			f.Schema = append(f.Schema, Column{Name: c.Name, Kind: c.Kind.String(), Levels: c.Levels, Group: c.Group, Log: c.Log})
		}
	}
	if len(f.source()) != len(f.Features) || !slices.Equal(net.widths, f.widths()) {
		return nil, fmt.Errorf("model: NewFile: the network's units do not match the data's columns")
	}
	for _, p := range net.params {
		f.Params = append(f.Params, Saved{Name: p.Name, Shape: p.Value.Shape().Clone(), Values: slices.Clone(p.Data())})
	}
	return f, nil
}

// widths returns the number of features of each unit.
func (f *File) widths() []int {
	var widths []int
	unit := f.shape().UnitOf()
	for j, u := range unit {
		if j == 0 || u != unit[j-1] {
			widths = append(widths, 0)
		}
		widths[len(widths)-1]++
	}
	return widths
}

// shape returns a dataset without rows shaped like the table the model
// was trained on: its features, their columns and units, target and
// classes.
func (f *File) shape() *data.Dataset {
	task, _ := data.ParseTask(f.Task)
	shape := &data.Dataset{Features: f.Features, Target: f.Target, Targets: f.Targets, Event: f.Event, Task: task, Classes: f.Classes, Schema: f.DataSchema()}
	if shape.Schema != nil {
		shape.Source = f.source()
	}
	return shape
}

// Save writes f as JSON in an envelope with its checksum. A file with no
// Schema is written as version 3, and with no Status either as version 2,
// which it is otherwise the same as.
func Save(w io.Writer, f *File) error {
	body, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("model: %w", err)
	}
	sum := sha256.Sum256(body)
	// A file without the newest version's field reads in the featsel
	// that wrote the version before.
	version := FileVersion
	grouped := slices.ContainsFunc(f.Schema, func(c Column) bool { return c.Group != "" })
	switch {
	case slices.ContainsFunc(f.Schema, func(c Column) bool { return c.Log }):
	case f.Event != "" || f.Targets != nil:
		version = 6
	case f.Schema == nil && f.Status == "" && f.ClassWeight == "":
		version = 2
	case f.Schema == nil && f.ClassWeight == "":
		version = 3
	case !grouped && f.ClassWeight == "":
		version = 4
	default:
		version = 5
	}
	out, err := json.MarshalIndent(envelope{Format: FileFormat, Version: version, SHA256: hex.EncodeToString(sum[:]), Model: body}, "", " ")
	if err != nil {
		return fmt.Errorf("model: %w", err)
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// Load reads a model file written by Save. A truncated, corrupted or
// foreign file gives an error wrapping ErrModelFile.
func Load(r io.Reader) (*File, error) {
	var env envelope
	dec := json.NewDecoder(r)
	if err := dec.Decode(&env); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	if env.Format != FileFormat {
		return nil, fmt.Errorf("%w: format %q, want %q", ErrModelFile, env.Format, FileFormat)
	}
	if env.Version < 1 || env.Version > FileVersion {
		return nil, fmt.Errorf("%w: version %d; this featsel reads versions 1 to %d (a newer featsel wrote it?)", ErrModelFile, env.Version, FileVersion)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, env.Model); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	sum := sha256.Sum256(compact.Bytes())
	if hex.EncodeToString(sum[:]) != env.SHA256 {
		return nil, fmt.Errorf("%w: checksum mismatch (the file was changed or damaged)", ErrModelFile)
	}
	f, err := decodeModel(env.Version, env.Model)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	return f, nil
}

// decodeModel reads the model of a file of the given version.
func decodeModel(version int, model json.RawMessage) (*File, error) {
	var f File
	if version >= 2 {
		if err := json.Unmarshal(model, &f); err != nil {
			return nil, err
		}
		// The settings as they were marshalled, not as the file indents them.
		var settings bytes.Buffer
		err := json.Compact(&settings, f.Arch.Settings)
		f.Arch.Settings = settings.Bytes()
		return &f, err
	}
	// Version 1 held the standard MLP's settings as the architecture.
	var v1 struct {
		File
		Arch MLP `json:"architecture"`
	}
	if err := json.Unmarshal(model, &v1); err != nil {
		return nil, err
	}
	f = v1.File
	arch, err := describe(v1.Arch)
	f.Arch = arch
	return &f, err
}

// check verifies the sizes a checksum cannot vouch for (a file written by
// another program with a valid checksum).
func (f *File) check() error {
	d := len(f.Features)
	switch {
	case d == 0:
		return errors.New("no features")
	case len(f.Mean) != d || len(f.Scale) != d:
		return fmt.Errorf("%d features but %d means and %d scales", d, len(f.Mean), len(f.Scale))
	case f.Task != data.Classification.String() && f.Task != data.Regression.String() && f.Task != data.Survival.String():
		return fmt.Errorf("unknown task %q", f.Task)
	case (f.Task == data.Survival.String()) != (f.Event != ""):
		return fmt.Errorf("a %s model with the column of events %q", f.Task, f.Event)
	case f.Targets != nil && (f.Task != data.Regression.String() || len(f.Targets) < 2 || len(f.TargetMeans) != len(f.Targets) || len(f.TargetScales) != len(f.Targets)):
		return fmt.Errorf("a %s model of %d targets with %d means and %d scales", f.Task, len(f.Targets), len(f.TargetMeans), len(f.TargetScales))
	case f.Task == data.Classification.String() && len(f.Classes) < 2:
		return errors.New("a classifier with fewer than two classes")
	case f.Status != "" && f.Status != "interrupted" && f.Status != "diverged":
		return fmt.Errorf("unknown status %q", f.Status)
	case f.ClassWeight != "" && (f.ClassWeight != "balanced" || f.Task != data.Classification.String()):
		return fmt.Errorf("class weight %q for a %s", f.ClassWeight, f.Task)
	}
	width := 0
	for _, c := range f.Schema {
		k, ok := kinds[c.Kind]
		if !ok {
			return fmt.Errorf("column %q: unknown kind %q", c.Name, c.Kind)
		}
		width += data.Column{Kind: k, Levels: c.Levels}.Width()
	}
	if err := data.CheckSchema(f.DataSchema()); err != nil {
		return err
	}
	if f.Schema != nil && width != d {
		return fmt.Errorf("a schema of %d features for %d features", width, d)
	}
	for _, p := range f.Params {
		size := 1
		for _, s := range p.Shape {
			size *= s
		}
		if size != len(p.Values) || size == 0 {
			return fmt.Errorf("parameter %q: shape %v but %d values", p.Name, p.Shape, len(p.Values))
		}
	}
	return nil
}

// Net rebuilds the network with the saved weights. Its architecture must
// be registered in this program under the saved name.
func (f *File) Net() (*Net, error) {
	arch, err := f.Arch.rebuild()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	net, err := New(f.shape(), arch, rand.New(rand.NewPCG(0, 0)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModelFile, err)
	}
	if len(net.params) != len(f.Params) {
		return nil, fmt.Errorf("%w: the architecture has %d parameters, the file %d", ErrModelFile, len(net.params), len(f.Params))
	}
	for i, p := range net.params {
		s := f.Params[i]
		if s.Name != p.Name || !slices.Equal(s.Shape, []int(p.Value.Shape())) {
			return nil, fmt.Errorf("%w: parameter %d is %q %v in the file, %q %v in the architecture", ErrModelFile, i, s.Name, s.Shape, p.Name, p.Value.Shape())
		}
		copy(p.Data(), s.Values)
	}
	return net, nil
}

// Standardization returns the saved standardisation.
func (f *File) Standardization() *data.Standardization {
	st := &data.Standardization{X: &data.Scaler{Mean: f.Mean, Scale: f.Scale}}
	switch {
	case f.Targets != nil:
		for t := range f.Targets {
			st.Y = append(st.Y, data.TargetScaler{Mean: f.TargetMeans[t], Scale: f.TargetScales[t]})
		}
	case f.Task == data.Regression.String():
		st.Y = []data.TargetScaler{{Mean: f.TargetMean, Scale: f.TargetScale}}
	}
	return st
}
