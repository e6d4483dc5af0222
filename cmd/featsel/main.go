// Command featsel trains neural networks that select their own input
// features.
//
// A featsel network multiplies each input feature j by a learnable weight
// θ_j (the selection layer) before a multilayer perceptron, and an L1
// penalty λ‖θ‖₁ pushes the weights of useless features towards zero. The
// features are ranked by |θ_j|. --method chooses how the penalty is
// applied: as a node in the graph, followed by Adam (unused weights hover
// near zero), or by a proximal method that sets them to exactly zero;
// "featsel train --help" lists the methods, and the README compares them.
//
// Usage:
//
//	featsel train [flags]     train on a CSV file and report the selected features
//	featsel compare [flags]   every method on identical ground, side by side, with pictures
//	featsel path [flags]      the regularisation path: choose λ, rank features by when they leave
//	featsel predict [flags]   predict with a model saved by featsel train or path --save
//	featsel merge PART...     combine the shards of featsel path or compare --shard
//	featsel help [command]    show help
//
// Without --data, the commands use an embedded copy of the Wisconsin breast
// cancer data (569 rows, 30 features, two classes). A worked example:
//
//	featsel train --data houses.csv --target price --method prox-adam --lambda 0.02 \
//	    --report r.json --save m.json
//	featsel predict --model m.json --data new_houses.csv --out predictions.csv
//
// The first reads houses.csv (one header row, numeric features; the target
// column is price, or the last column when --target is not given),
// standardises the features on the training part, trains for 200 epochs,
// prints the validation metric and the features ranked by their selection
// weight, writes the JSON report to r.json and the model to m.json; the
// second applies the model to new rows. Run "featsel COMMAND --help" for
// every flag and its default.
//
// The feature columns may hold numbers, flags (yes/no, true/false, y/n,
// 0/1), ISO dates (read as days since 1970) or text categories, detected
// per column; --ignore leaves columns out (an identifier must be), and
// --categorical and --numeric override the detection. A category becomes
// one input per level, all multiplied by one selection weight: featsel
// selects the columns of the file, and its reports, --k, --columns,
// importance, --write-selected and saved models speak of them (region,
// not region=south). The penalty of a category of w levels is weighted
// by √w (the group lasso's choice). predict reads the columns as the
// model saved them, and a level it never saw predicts as none of the
// category's levels, counted in a notice on stderr.
//
// The task is detected from the target: classification when any value is
// not a number, or when all values are integers with at most 10 distinct
// values; regression otherwise. --task overrides the rule. --target a,b,c
// trains one network with an output per target, a regression, on one
// shared selection layer (the loss the mean of the standardised squared
// errors, the metric the mean R²). --time T --event E is a survival task:
// the network's output is a risk score, the loss the negative Cox partial
// log-likelihood over the training rows' risk sets (--ties breslow or
// efron), the metric Harrell's concordance index; predict writes the risk
// scores and, with the times and events, prints the C-index:
//
//	featsel path --data pbc.csv --time time --event status --missing mean --save cox.json
//	featsel predict --model cox.json --data new.csv --out risk.csv
//
// The folds and stability halves of path, and the methods of compare, are
// independent fits that can run on several machines: --shard I/N (or auto,
// from a Slurm job array's or a Kubernetes Indexed Job's environment)
// --part FILE runs one shard's share and writes it, and featsel merge
// PART... makes of every shard's part the report one run writes, bit for
// bit:
//
//	featsel path --stability 100 --shard 0/2 --part p0   # on one machine
//	featsel path --stability 100 --shard 1/2 --part p1   # on another
//	featsel merge p0 p1 --report r.json --save m.json
//
// For skewed classes, --class-weight balanced (train, compare and path)
// weighs each row of the cross-entropy by n/(K·n_c), counted on the
// training rows (scikit-learn's class_weight="balanced"), in training and
// in the validation loss that early stopping and the path's objective use;
// the reports then give the balanced accuracy, the mean of the classes'
// recalls, beside the accuracy. On a regression it is a flag error.
//
// Exit codes: 0 on success or --help, 2 for bad flags or arguments, 1 for
// any failure at run time (unreadable or malformed file, training diverged),
// 130 when interrupted (the report is still written).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// The collector's targets, in percent of the live heap, for the two
// phases of a run (GOGC in the environment overrides both):
//
//   - training: a step allocates almost nothing, but every λ of a path
//     builds two graphs, and at the default target the collector costs the
//     path a noticeable part of its time for little memory saved;
//   - reading: encoding/csv allocates a string per record, and at the
//     default target that garbage grows as large as the data read so far
//     before it is collected. The data itself holds no pointers, so a
//     collection costs little, and a lower target keeps the peak memory
//     near the size of the data (the README's Performance section has the
//     measurements; cmd/featsel-bench --csv repeats them).
const (
	trainingGC = 400
	readingGC  = 25
)

// setGC sets the collector's target to percent and returns the function
// that restores it; with GOGC in the environment it does nothing.
func setGC(percent int) (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(percent)
	return func() { debug.SetGCPercent(old) }
}

const usage = `featsel trains neural networks that select their own input features.

Usage:
  featsel train [flags]     train on a CSV file and report the selected features
  featsel compare [flags]   train every method on identical ground, side by side, over
                            seeds, tables or a grid of lr and λ
  featsel path [flags]      the regularisation path: choose λ, rank features by when they leave
  featsel predict [flags]   predict with a model saved by featsel train or path --save
  featsel merge PART...     combine the shards of featsel path or compare --shard into one report
  featsel help [command]    show help

Run "featsel COMMAND --help" for the flags of a command.
`

// streams are where a command writes: results on stdout; errors,
// warnings and notices on stderr, one line each. A clean successful run
// writes nothing to stderr.
type streams struct{ stdout, stderr io.Writer }

// results returns where a command's table goes: stdout, unless one of
// the outputs is written there ("-"), which then has stdout to itself.
func (s streams) results(outputs ...string) io.Writer {
	for _, o := range outputs {
		if o == "-" {
			return s.stderr
		}
	}
	return s.stdout
}

// stdoutAlias returns "-" for a path that names the process's standard
// output under another name (/dev/stdout, /proc/self/fd/1, the file it is
// redirected to), so that it is written, and the table placed, as "-" is;
// any other path as it is.
func (s streams) stdoutAlias(path string) string {
	f, ok := s.stdout.(*os.File)
	if !ok || path == "" || path == "-" {
		return path
	}
	out, errOut := f.Stat()
	p, errP := os.Stat(path)
	if errOut == nil && errP == nil && os.SameFile(out, p) {
		return "-"
	}
	return path
}

// commands maps each subcommand to its function.
var commands = map[string]func(ctx context.Context, args []string, s streams) error{
	"train":   runTrain,
	"compare": runCompare,
	"path":    runPath,
	"predict": runPredict,
	"merge":   runMerge,
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// errInterrupted marks a run stopped by a signal after writing its results.
var errInterrupted = errors.New("interrupted")

// run is the whole command, with its streams passed in; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, the default handling comes back: a second
	// one ends the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	cmd, rest := args[0], args[1:]
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		cmd, rest = "help", []string{"--help"}
		if len(args) > 1 {
			cmd = args[1]
		}
	}
	if sub, ok := commands[cmd]; ok {
		err = sub(ctx, rest, streams{stdout, stderr})
	} else if cmd == "help" {
		fmt.Fprint(stdout, usage)
	} else {
		err = usageError{fmt.Errorf("unknown command %q", cmd)}
	}
	var ue usageError
	switch {
	case err == nil, errors.Is(err, pflag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "featsel: %v (run \"featsel help\" for usage)\n", err)
		return 2
	case errors.Is(err, errInterrupted):
		for _, e := range flatten(err) {
			if e != errInterrupted {
				fmt.Fprintf(stderr, "featsel: %v\n", e)
			}
		}
		fmt.Fprintln(stderr, "featsel: interrupted; results so far were written")
		return 130
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "featsel: interrupted before there was anything to write")
		return 130
	default:
		for _, e := range flatten(err) {
			fmt.Fprintf(stderr, "featsel: %v\n", e)
		}
		return 1
	}
}

// flatten returns the errors that errors.Join joined, each on its own, so
// that every one is a line of its own on stderr.
func flatten(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flatten(e)...)
	}
	return out
}

// flagSet returns the flag set of a subcommand, with its usage text.
func flagSet(name, synopsis, about string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: featsel %s\n\n%s\n\nFlags:\n%s", synopsis, about, fs.FlagUsages())
	}
	return fs
}

// parse parses a subcommand's flags and checks them with check; --help
// prints the usage to stdout and returns pflag.ErrHelp. Every other error
// is a usageError (exit code 2).
// badNumber matches pflag's error for a value that does not parse as
// the flag's number.
var badNumber = regexp.MustCompile(`^invalid argument (".*") for "(--?[\w-]+)" flag: strconv\.(ParseInt|ParseUint|ParseFloat|ParseBool|Atoi): .*: (invalid syntax|value out of range)$`)

// plainFlagError says what a flag wants in place of pflag's report of
// strconv's error ("strconv.ParseInt: parsing …: invalid syntax").
func plainFlagError(err error) error {
	m := badNumber.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	want := map[string]string{"ParseInt": "an integer", "Atoi": "an integer", "ParseUint": "an integer >= 0", "ParseFloat": "a number", "ParseBool": "true or false"}[m[3]]
	if m[4] == "value out of range" {
		return fmt.Errorf("%s: %s is out of range", m[2], m[1])
	}
	if strings.Contains(m[1], ",") { // a list's flag: one of its items
		return fmt.Errorf("%s: %s holds something that is not %s", m[2], m[1], want)
	}
	return fmt.Errorf("%s: %s is not %s", m[2], m[1], want)
}

func parse(fs *pflag.FlagSet, args []string, stdout io.Writer, check func() error) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return err
	}
	if err != nil {
		return usageError{plainFlagError(err)}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if err := check(); err != nil {
		return usageError{err}
	}
	return nil
}
