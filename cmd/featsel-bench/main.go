// Command featsel-bench measures featsel's training speed on the workload
// of the PyTorch reference script (../shared/bench/torch_ref.py in the
// featsel workspace) and, when that script and python3 with torch are
// available, runs it in the same invocation and prints the ratio.
//
// The workload: Friedman #1 (only the first 5 of d features matter),
// standardised; selection layer θ (init 1), hidden ReLU layers, MSE plus
// λ‖θ‖₁ as a graph node, Adam at lr 1e-3, full mini-batches reshuffled
// every epoch. featsel also evaluates a 64-row validation set after each
// epoch, which the reference does not; it costs about one step per epoch.
//
//	go run ./cmd/featsel-bench                      # d=50, hidden 64, batch 64
//	go run ./cmd/featsel-bench --batch 2000 --epochs 20
//	go run ./cmd/featsel-bench --layers 2 --repeat 5
//	go run ./cmd/featsel-bench --torch-dtype float32
//	go run ./cmd/featsel-bench --d 784 --hidden 256 --dtype float32 --torch-dtype float32 --torch-threads 1
//	go run ./cmd/featsel-bench --make-csv 1000000 --csv big.csv  # write a test file
//	go run ./cmd/featsel-bench --csv big.csv        # read and standardise a file
//
// Each line gives steps per second; the last line the ratio of medians.
//
// The selection mode runs featsel path with its defaults and the chosen
// features refitted on 5 stored splits of the real tables of the featsel
// workspace (shared/data/real) and of two synthetic ones, and prints each
// table's mean test score beside scikit-learn's cross-validated L1 model on
// the same splits (see selection.go and selection_ref.py):
//
//	go run ./cmd/featsel-bench selection --data-dir ../shared/data/real
//	go run ./cmd/featsel-bench selection --datasets sonar.csv --folds 0
//
// The wide mode runs featsel path with its defaults on a synthetic table
// shaped like gene expression (200 rows, 20 000 features, 5 informative)
// and reports the time, the peak memory and the features recovered:
//
//	go run ./cmd/featsel-bench wide [--dtype float32]
//
// The lassonet mode runs the protocol of LassoNet's Table 1 (Lemhadri et
// al., JMLR 2021) on the 10 000 test images of Fashion-MNIST and MNIST:
// featsel path --k 50 --refit with its defaults on 4 000 of them, the
// refitted model scored on the other 6 000, beside the paper's accuracies,
// with the time; --picture draws the 50 chosen pixels (see lassonet.go):
//
//	go run ./cmd/featsel-bench lassonet --picture /tmp/pixels
//	go run ./cmd/featsel-bench lassonet --datasets fashion --data-dir DIR
//
// The targets mode runs featsel path on one network for three regression
// targets over 5 seeded tables (see targets.go):
//
//	go run ./cmd/featsel-bench targets
package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// modes are the benchmark's modes besides the default throughput
// comparison, by the first argument that names them.
var modes = map[string]func(args []string, stdout, stderr io.Writer) int{
	"selection": runSelection,
	"wide":      runWide,
	"lassonet":  runLassonet,
	"targets":   runTargets,
}

// modesUsage lists the modes, for the default mode's --help and for a
// first argument that names none.
const modesUsage = `featsel-bench [MODE] [flags]: without a mode, featsel's training speed
against ../shared/bench/torch_ref.py on the same workload (the flags below).
Modes (MODE --help for their flags):
  selection  featsel path's defaults on the real tables' stored splits beside
             scikit-learn's L1 models (minutes)
  wide       featsel path on 200 rows × 20 000 features shaped like gene
             expression: time, peak memory, features recovered (about 7 min)
  lassonet   LassoNet's Table 1 protocol on Fashion-MNIST and MNIST, k = 50
             (about 8 min)
  targets    one network for three regression targets over 5 tables (minutes)
`

func main() {
	if len(os.Args) > 1 {
		if mode, ok := modes[os.Args[1]]; ok {
			os.Exit(mode(os.Args[2:], os.Stdout, os.Stderr))
		}
		if !strings.HasPrefix(os.Args[1], "-") {
			fmt.Fprintf(os.Stderr, "featsel-bench: unknown mode %q\n\n%s", os.Args[1], modesUsage)
			os.Exit(2)
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	n, d, hidden, layers, batch, epochs, repeat int
	makeCSV, torchThreads                       int
	lambda                                      float64
	torch, python, csv, torchDtype, dtype       string
}

func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := pflag.NewFlagSet("featsel-bench", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, modesUsage, "\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.IntVar(&o.n, "n", 2000, "rows")
	fs.IntVar(&o.d, "d", 50, "features")
	fs.IntVar(&o.hidden, "hidden", 64, "width of each hidden layer")
	fs.IntVar(&o.layers, "layers", 1, "hidden layers")
	fs.IntVar(&o.batch, "batch", 64, "rows per step")
	fs.IntVar(&o.epochs, "epochs", 60, "epochs per run")
	fs.StringVar(&o.torchDtype, "torch-dtype", "float64", "the reference's precision, float64 or float32")
	fs.StringVar(&o.dtype, "dtype", "float64", "featsel's products, float64 or float32 (model.Config.Float32)")
	fs.IntVar(&o.repeat, "repeat", 3, "runs of each program; the median counts")
	fs.Float64Var(&o.lambda, "lambda", 0.05, "λ of the graph-level L1 node")
	fs.StringVar(&o.torch, "torch", "../shared/bench/torch_ref.py", "the PyTorch reference script (skipped when absent)")
	fs.StringVar(&o.python, "python", "python3", "the Python interpreter with torch")
	fs.IntVar(&o.torchThreads, "torch-threads", 2, "the reference's threads (torch.set_num_threads)")
	fs.StringVar(&o.csv, "csv", "", "instead: time reading and standardising this CSV file, and report peak memory")
	fs.IntVar(&o.makeCSV, "make-csv", 0, "with --csv: first write a Friedman #1 file of this many rows and --d features")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return 0
		}
		return 2
	}
	if o.n <= 0 || o.d < 5 || o.hidden <= 0 || o.layers <= 0 || o.batch <= 0 || o.epochs <= 0 || o.repeat <= 0 || o.torchThreads <= 0 {
		fmt.Fprintln(stderr, "featsel-bench: --n, --hidden, --layers, --batch, --epochs, --repeat and --torch-threads must be > 0, and --d >= 5")
		return 2
	}
	if o.dtype != "float64" && o.dtype != "float32" || o.torchDtype != "float64" && o.torchDtype != "float32" {
		fmt.Fprintln(stderr, "featsel-bench: --dtype and --torch-dtype are float64 or float32")
		return 2
	}
	if o.makeCSV > 0 && o.csv != "" {
		if err := writeFriedman(o.csv, o.makeCSV, o.d); err != nil {
			fmt.Fprintln(stderr, "featsel-bench:", err)
			return 1
		}
	}
	if o.csv != "" {
		return readCSV(o.csv, stdout, stderr)
	}
	var ours, theirs []float64
	for range o.repeat {
		sps, err := o.featsel()
		if err != nil {
			fmt.Fprintln(stderr, "featsel-bench:", err)
			return 1
		}
		fmt.Fprintf(stdout, "featsel graph %s n=%d d=%d hidden=%dx%d batch=%d: steps/s=%.0f\n", o.dtype, o.n, o.d, o.hidden, o.layers, o.batch, sps)
		ours = append(ours, sps)
		line, sps, err := o.reference()
		if err != nil {
			fmt.Fprintln(stderr, "featsel-bench: reference skipped:", err)
			continue
		}
		fmt.Fprintln(stdout, line)
		theirs = append(theirs, sps)
	}
	if len(theirs) > 0 {
		fmt.Fprintf(stdout, "ratio featsel/torch (medians): %.2f\n", median(ours)/median(theirs))
	}
	return 0
}

// featsel trains the workload once and returns its steps per second.
func (o options) featsel() (float64, error) {
	rng := rand.New(rand.NewPCG(7, 0))
	ds, _ := data.Friedman1(o.n, o.d, 1, rng)
	data.Standardize(ds)
	defer setGC(400)()
	val := ds.Subset(seq(min(64, o.n)))
	hidden := make([]int, o.layers)
	for i := range hidden {
		hidden[i] = o.hidden
	}
	net, err := model.New(ds, model.MLP{Hidden: hidden}, rand.New(rand.NewPCG(0, 2)))
	if err != nil {
		return 0, err
	}
	start := time.Now()
	res, err := model.Train(context.Background(), net, ds, val, model.Config{Lambda: o.lambda, Epochs: o.epochs, BatchSize: o.batch, Float32: o.dtype == "float32"})
	if err != nil {
		return 0, err
	}
	return float64(res.Steps) / time.Since(start).Seconds(), nil
}

var stepsPerSecond = regexp.MustCompile(`steps/s=([0-9.]+)`)

// reference runs the PyTorch script with the same settings.
func (o options) reference() (string, float64, error) {
	if _, err := os.Stat(o.torch); err != nil {
		return "", 0, err
	}
	cmd := exec.Command(o.python, o.torch, "--n", strconv.Itoa(o.n), "--d", strconv.Itoa(o.d),
		"--hidden", strconv.Itoa(o.hidden), "--layers", strconv.Itoa(o.layers), "--batch", strconv.Itoa(o.batch),
		"--epochs", strconv.Itoa(o.epochs), "--lam", strconv.FormatFloat(o.lambda, 'g', -1, 64), "--dtype", o.torchDtype,
		"--threads", strconv.Itoa(o.torchThreads))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if msg := bytes.TrimSpace(out.Bytes()); len(msg) > 0 {
			return "", 0, fmt.Errorf("%v: %s", err, msg)
		}
		return "", 0, err
	}
	m := stepsPerSecond.FindSubmatch(out.Bytes())
	if m == nil {
		return "", 0, fmt.Errorf("no steps/s in %q", out.String())
	}
	sps, _ := strconv.ParseFloat(string(m[1]), 64)
	return string(bytes.TrimSpace(out.Bytes())), sps, nil
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	return s[len(s)/2]
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// readCSV times data.ReadFile and data.Standardize on a file and reports
// the process's peak resident memory against the size of the float64 data.
func readCSV(path string, stdout, stderr io.Writer) int {
	defer setGC(25)()
	start := time.Now()
	ds, err := data.ReadFile(path, data.CSVOptions{})
	if err != nil {
		fmt.Fprintln(stderr, "featsel-bench:", err)
		return 1
	}
	read := time.Since(start)
	data.Standardize(ds)
	total := time.Since(start)
	dataMB := float64(8*(len(ds.X)+len(ds.Y))) / (1 << 20)
	fmt.Fprintf(stdout, "%s: %d rows x %d features: read %.2fs, read+standardise %.2fs; float64 data %.0f MiB, peak RSS %s\n",
		path, ds.Rows(), ds.Cols(), read.Seconds(), total.Seconds(), dataMB, peakRSS())
	return 0
}

// peakRSS returns VmHWM from /proc/self/status (Linux), or "unknown".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		return "unknown"
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
}

// writeFriedman writes rows of Friedman #1 with d features as CSV.
func writeFriedman(path string, rows, d int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for j := range d {
		fmt.Fprintf(w, "x%d,", j)
	}
	w.WriteString("y\n")
	rng := rand.New(rand.NewPCG(1, 1))
	buf := make([]byte, 0, 32)
	for start := 0; start < rows; start += 10000 {
		ds, _ := data.Friedman1(min(10000, rows-start), d, 1, rng)
		for i := range ds.Rows() {
			for _, v := range ds.Row(i) {
				w.Write(strconv.AppendFloat(buf[:0], v, 'g', 8, 64))
				w.WriteByte(',')
			}
			w.Write(strconv.AppendFloat(buf[:0], ds.Y[i], 'g', 8, 64))
			w.WriteByte('\n')
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// setGC sets the collector's target as the featsel command does (see
// setGC in cmd/featsel): 400 % while training, 25 % while reading a file.
// GOGC in the environment wins.
func setGC(percent int) (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(percent)
	return func() { debug.SetGCPercent(old) }
}
