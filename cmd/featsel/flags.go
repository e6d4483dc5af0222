package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// dataFlags choose the data and its split; train, compare and path share them.
type dataFlags struct {
	path, target, task, missing, delimiter string
	// time and event name the columns of times and events of a survival
	// task (--time is the target: check makes it so).
	time, event string
	columns     []string
	// ignore, categorical, numeric and log name columns to leave out, to
	// read as categories, to read as numbers and to read as the logarithm
	// of their numbers; groups is a file of column,group lines
	// (data.ReadGroups).
	ignore, categorical, numeric, log []string
	groups                            string
	// standardize divides each number column by its own standard
	// deviation; false, all by one (data.Dataset.CommonScale).
	standardize bool
	// quiet hides the progress line on a terminal.
	quiet   bool
	valFrac float64
	seed    uint64
}

func (d *dataFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&d.path, "data", "", "CSV file with a header row (default: the embedded breast cancer data)")
	fs.StringVar(&d.target, "target", "", "name of the target column (default: the last column); several, comma-separated,\ntrain one network with an output per target (regression)")
	fs.StringVar(&d.task, "task", "auto", "auto, regression, classification or survival; auto means classification when\na target value is not a number or all are integers with at most 10 distinct\nvalues, and survival with --event")
	fs.StringVar(&d.time, "time", "", "survival: the column of times, numbers >= 0 (the target)")
	fs.StringVar(&d.event, "event", "", "survival: the column of events, 1 where the event was observed at the row's\ntime and 0 where the row was censored then")
	fs.StringSliceVar(&d.columns, "columns", nil, "use only these feature columns, by name, comma-separated (default: every\ncolumn but the target); a text column is one column, selected as a whole")
	d.addReading(fs)
	d.addKinds(fs, "")
	fs.Float64Var(&d.valFrac, "val-frac", regularize.DefaultValFrac, "fraction of rows held out for validation, stratified by class (0 < f < 1)")
	fs.Uint64Var(&d.seed, "seed", 1, "random seed: split, initial weights and batch order")
}

// addReading adds the flags that say how to read a CSV file (predict
// shares them).
func (d *dataFlags) addReading(fs *pflag.FlagSet) {
	fs.StringVar(&d.missing, "missing", "error", "missing values (empty, NA, NaN, null, ?, Inf): error, drop the rows, or mean\n(replace by the training mean); rows without a target are always dropped")
	fs.StringVar(&d.delimiter, "delimiter", "", "field delimiter: , ; or tab (default: detected from the header line)")
	fs.BoolVarP(&d.quiet, "quiet", "q", false, "no progress line (shown on stderr only when it is a terminal)")
}

// addKinds adds the flags that say which columns to leave out and how to
// read and scale the others; note is added to their help.
func (d *dataFlags) addKinds(fs *pflag.FlagSet, note string) {
	fs.StringSliceVar(&d.ignore, "ignore", nil, "leave these columns out, by name, comma-separated (an identifier, a free text)"+note)
	fs.StringSliceVar(&d.categorical, "categorical", nil, "read these columns as categories (one-hot, selected as one column), numbers\nincluded"+note)
	fs.StringSliceVar(&d.numeric, "numeric", nil, "read these columns as numbers, whatever detection would say"+note)
	fs.StringSliceVar(&d.log, "log", nil, "read these number columns as the natural logarithm of their values (skewed\nmeasurements; every value above 0), which predict takes again"+note)
	fs.StringVar(&d.groups, "groups", "", "CSV file of column,group lines: the columns of a group are selected together,\nas one unit named after the group (LassoNet's feature groups)"+note)
	fs.BoolVar(&d.standardize, "standardize", true, "divide each column (number, flag, date) by its own standard deviation;\n--standardize=false: centre them and divide those that vary by one common scale,\nkeeping their relative scales, so that the penalty favours columns of larger\nspread (glmnet's standardize; for columns in one unit: pixels, counts); a\nregression target keeps its own"+note)
}

// checkNames trims the names a flag gives and refuses an empty one, one
// named twice and the target.
func (d *dataFlags) checkNames(flag string, names []string) error {
	seen := map[string]bool{}
	for i, c := range names {
		c = strings.TrimSpace(c)
		switch {
		case c == "":
			return fmt.Errorf("%s: an empty column name", flag)
		case seen[c]:
			return fmt.Errorf("%s: %q named twice", flag, c)
		case slices.Contains(d.targets(), c):
			return fmt.Errorf("%s: %q is the target", flag, c)
		case c == d.event && d.event != "":
			return fmt.Errorf("%s: %q is the column of events", flag, c)
		}
		seen[c], names[i] = true, c
	}
	return nil
}

func (d *dataFlags) check() error {
	// The times are the target: the column flags may not name them.
	if d.time != "" {
		if d.target != "" && d.target != d.time {
			return fmt.Errorf("--time %q and --target %q: the times are the target, give one of them", d.time, d.target)
		}
		d.target = d.time
	}
	for _, f := range []struct {
		flag  string
		names []string
	}{{"--columns", d.columns}, {"--ignore", d.ignore}, {"--categorical", d.categorical}, {"--numeric", d.numeric}, {"--log", d.log}} {
		if err := d.checkNames(f.flag, f.names); err != nil {
			return err
		}
	}
	if !(d.valFrac > 0 && d.valFrac < 1) {
		return fmt.Errorf("--val-frac must be between 0 and 1 (exclusive), got %v", d.valFrac)
	}
	task, err := data.ParseTask(d.task)
	switch {
	case err != nil:
		return fmt.Errorf("--task: %q is not auto, regression, classification or survival", d.task)
	case task == data.Survival && (d.event == "" || d.target == ""):
		return errors.New("--task survival needs the column of times and the column of events: --time COL --event COL")
	case d.event != "" && task != data.Survival && task != data.Auto:
		return fmt.Errorf("--event is for --task survival, not %v", task)
	case d.event != "" && d.target == "":
		return errors.New("--event needs --time, the column of times")
	case d.time != "" && d.event == "":
		return errors.New("--time needs --event, the column of events (or give --target for a regression on the times)")
	case d.event != "" && d.event == d.target:
		return fmt.Errorf("--event and --time both name %q", d.event)
	case len(d.targets()) > 1 && task != data.Regression && task != data.Auto:
		return fmt.Errorf("--target %s: several targets are for a regression, not %v", d.target, task)
	case len(d.targets()) > 1 && d.event != "":
		return fmt.Errorf("%s: a survival task has one column of times", d.target)
	}
	for i, c := range d.targets() {
		switch {
		case c == "":
			return errors.New("--target: an empty column name")
		case slices.Contains(d.targets()[:i], c):
			return fmt.Errorf("--target: %q named twice", c)
		}
	}
	_, err = d.csvOptions()
	return err
}

// targets returns the target columns --target names: none, one, or
// several separated by commas.
func (d *dataFlags) targets() []string {
	if d.target == "" {
		return nil
	}
	names := strings.Split(d.target, ",")
	for i, c := range names {
		names[i] = strings.TrimSpace(c)
	}
	return names
}

// csvOptions returns the reading options the flags give.
func (d *dataFlags) csvOptions() (data.CSVOptions, error) {
	task, _ := data.ParseTask(d.task)
	opts := data.CSVOptions{Target: d.target, Event: d.event, Task: task, Features: d.columns, Ignore: d.ignore, Categorical: d.categorical, Numeric: d.numeric, Log: d.log,
		CommonScale: !d.standardize}
	if targets := d.targets(); len(targets) > 1 {
		opts.Target, opts.Targets = "", targets
	}
	var err error
	if opts.Missing, err = data.ParseMissing(d.missing); err != nil {
		return opts, fmt.Errorf("--missing: %q is not error, drop or mean", d.missing)
	}
	switch d.delimiter {
	case "":
	case ",", ";":
		opts.Comma = rune(d.delimiter[0])
	case "tab", "\t", "\\t":
		opts.Comma = '\t'
	default:
		return opts, fmt.Errorf("--delimiter: %q is not , ; or tab", d.delimiter)
	}
	return opts, nil
}

// read reads the CSV file, or the embedded dataset, and returns it with
// the name to show for it, showing on st how much is read; an
// interruption stops the reading.
func (d *dataFlags) read(ctx context.Context, st *status, stderr io.Writer) (*data.Dataset, string, error) {
	opts, err := d.csvOptions()
	if err != nil {
		return nil, "", err
	}
	opts.Progress = st.reading(d.path)
	if d.groups != "" {
		if opts.Groups, err = data.ReadGroupsFile(d.groups); err != nil {
			return nil, "", err
		}
	}
	defer setGC(readingGC)()
	if d.path == "" {
		ds, err := data.ReadCSV(data.BreastCancer(), opts)
		return ds, data.BreastCancerName, err
	}
	ds, err := data.ReadFileContext(ctx, d.path, opts)
	if err == nil {
		warnLoneClasses(stderr, ds, d.path)
	}
	return ds, d.path, err
}

// warnLoneClasses warns of the classes of ds that a single row has: often
// a typo in the target column, which would otherwise become a class of
// its own without a word.
func warnLoneClasses(w io.Writer, ds *data.Dataset, source string) {
	if ds.Task != data.Classification {
		return
	}
	counts := make([]int, len(ds.Classes))
	for _, y := range ds.Y {
		if !math.IsNaN(y) {
			counts[int(y)]++
		}
	}
	for c, n := range counts {
		if n == 1 {
			fmt.Fprintf(w, "featsel: warning: %s: class %q of %q has a single row of %d (a typo in the target column?)\n", source, ds.Classes[c], ds.Target, ds.Rows())
		}
	}
}

// trainingFlags set the network and its optimisation; shared by train,
// compare and path.
type trainingFlags struct {
	lr                      float64
	lrRequired              bool // no method's own rate stands in for 0
	epochs, batch, patience int
	hidden                  []int
	// classWeight is --class-weight: none or balanced; dtype is --dtype:
	// float64 or float32; ties is --ties: breslow or efron, and cox what
	// it says.
	classWeight, dtype, ties string
	cox                      model.Ties
	// settings holds the values of the methods' own settings, by flag.
	settings map[string]*float64
}

// add adds the flags with the command's defaults; lr 0 means each
// method's own learning rate.
func (t *trainingFlags) add(fs *pflag.FlagSet, lr float64, epochs, patience int) {
	lrHelp := "learning rate (> 0)"
	t.lrRequired = lr != 0
	if lr == 0 {
		lrHelp = "learning rate (default: the method's own)"
	}
	fs.Float64Var(&t.lr, "lr", lr, lrHelp)
	fs.IntVar(&t.epochs, "epochs", epochs, "passes over the training rows (> 0)")
	fs.IntVar(&t.batch, "batch", 0, "rows per step (default 64; for survival every training row, so that the Cox\nloss sees the data's risk sets; clamped to the training rows; the last\npartial batch of an epoch is skipped)")
	fs.IntSliceVar(&t.hidden, "hidden", []int{regularize.DefaultHidden}, "hidden layer widths, comma-separated (e.g. 64,32)")
	fs.IntVar(&t.patience, "patience", patience, "stop after this many epochs without a better validation loss and keep the\nbest weights (0: no early stopping)")
	fs.StringVar(&t.dtype, "dtype", "float64", "float64, or float32: sum the large matrix products in single precision (on\nwide layers the products run about 1.6× as fast, a whole step 1.0–1.4×: the\nweights, the solver and the rest stay in float64)")
	fs.StringVar(&t.ties, "ties", "breslow", "survival: how the Cox loss treats events at one time, breslow (as glmnet) or\nefron (R's coxph's default)")
	fs.StringVar(&t.classWeight, "class-weight", "none", "none, or balanced: weigh each row of the loss by n/(K·n_c) of the training\nrows (n rows, K classes, n_c rows of the row's class), for skewed classes;\nthe report adds the balanced accuracy (classification only)")
	t.settings = map[string]*float64{}
	for _, st := range regularize.AllSettings() {
		t.settings[st.Flag] = fs.Float64(st.Flag, st.Default, st.Help)
	}
}

// checkTask refuses, once the data has said which task it is,
// --class-weight balanced on another task than classification and
// --ties efron on another than survival.
func (t *trainingFlags) checkTask(task data.Task) error {
	if t.classWeight == "balanced" && task != data.Classification {
		return usageError{fmt.Errorf("--class-weight balanced weighs classes, and the task is %v; drop it, or give --task classification if the target is a class", task)}
	}
	if t.cox != model.Breslow && task != data.Survival {
		return usageError{fmt.Errorf("--ties efron is for the Cox loss of a survival task, and the task is %v", task)}
	}
	return nil
}

// spec returns the method's settings with the values of their flags.
func (t *trainingFlags) spec(method string) regularize.Spec {
	s := regularize.Spec{Method: method}
	for _, st := range regularize.AllSettings() {
		st.Store(&s, *t.settings[st.Flag])
	}
	return s
}

// checkMethod reports a method name that is not a registered one.
func checkMethod(flag, m string) error {
	if _, err := regularize.Lookup(m); err != nil {
		return fmt.Errorf("%s: %q is not one of %s", flag, m, strings.Join(regularize.Methods(), ", "))
	}
	return nil
}

func (t *trainingFlags) check() error {
	var err error
	if t.cox, err = model.ParseTies(t.ties); err != nil {
		return fmt.Errorf("--ties: %q is not breslow or efron", t.ties)
	}
	switch {
	case !(t.lr >= 0) || math.IsInf(t.lr, 0) || t.lr == 0 && t.lrRequired:
		return fmt.Errorf("--lr must be > 0, got %v", t.lr)
	case t.epochs <= 0:
		return fmt.Errorf("--epochs must be > 0, got %d", t.epochs)
	case t.batch < 0:
		return fmt.Errorf("--batch must be >= 0 (0: 64, or every training row for survival), got %d", t.batch)
	case t.patience < 0:
		return fmt.Errorf("--patience must be >= 0, got %d", t.patience)
	case t.classWeight != "none" && t.classWeight != "balanced":
		return fmt.Errorf("--class-weight: %q is not none or balanced", t.classWeight)
	case t.dtype != "float64" && t.dtype != "float32":
		return fmt.Errorf("--dtype: %q is not float64 or float32", t.dtype)

	}
	for flag, v := range t.settings {
		if !(*v > 0) || math.IsInf(*v, 0) {
			return fmt.Errorf("--%s must be > 0, got %v", flag, *v)
		}
	}
	if len(t.hidden) == 0 {
		return errors.New("--hidden: give at least one width, e.g. --hidden 64")
	}
	for _, h := range t.hidden {
		if h <= 0 {
			return fmt.Errorf("--hidden: widths must be > 0, got %d", h)
		}
	}
	return nil
}
