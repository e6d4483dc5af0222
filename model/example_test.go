package model_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// Train the standard selection-layer network with graph-level L1 and read
// the features it ranks first. On XOR data the class depends on x0·x1
// only, and neither feature alone says anything about it.
func Example() {
	ds, _ := data.XOR(600, 6, rand.New(rand.NewPCG(1, 1)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	net, err := model.New(train, model.MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := model.Train(context.Background(), net, train, val, model.Config{Lambda: 0.02, LearnRate: 0.01, Epochs: 60})
	if err != nil {
		fmt.Println(err)
		return
	}
	theta := net.Theta()
	order := []int{0, 1, 2, 3, 4, 5}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(math.Abs(theta[b]), math.Abs(theta[a])) })
	top := []string{ds.Features[order[0]], ds.Features[order[1]]}
	slices.Sort(top)
	fmt.Println("first two features:", top)
	fmt.Println("validation accuracy above 0.9:", res.ValMetric > 0.9)
	// Output:
	// first two features: [x0 x1]
	// validation accuracy above 0.9: true
}

// absError is a loss of one's own: the mean absolute error, built from
// gorgonia's nodes (its subgradient comes from gorgonia's differentiation).
type absError struct{}

func (absError) Build(out, target *G.Node) (*G.Node, error) {
	diff, err := G.Sub(out, target)
	if err != nil {
		return nil, err
	}
	abs, err := G.Abs(diff)
	if err != nil {
		return nil, err
	}
	return G.Mean(abs)
}

// Train with a loss of one's own: the mean absolute error, which heavy
// noise disturbs less than the squared error. The informative features of
// a sparse linear problem still come first.
func Example_customLoss() {
	ds, informative := data.SparseLinear(400, 6, 2, 0.5, rand.New(rand.NewPCG(1, 1)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	net, err := model.New(train, model.MLP{Hidden: []int{8}}, rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := model.Config{Loss: absError{}, Lambda: 0.01, LearnRate: 0.01, Epochs: 40}
	if _, err := model.Train(context.Background(), net, train, val, cfg); err != nil {
		fmt.Println(err)
		return
	}
	theta := net.Theta()
	order := []int{0, 1, 2, 3, 4, 5}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(math.Abs(theta[b]), math.Abs(theta[a])) })
	top := order[:2]
	slices.Sort(top)
	fmt.Println("first two features are the informative ones:", slices.Equal(top, informative))
	// Output:
	// first two features are the informative ones: true
}

// wideAndDeep is an architecture of one's own: a deep and a linear branch
// of the selected input, whose outputs add up. Its exported fields are its
// settings, which a model file keeps.
type wideAndDeep struct {
	Width int `json:"width"`
}

func (a wideAndDeep) Build(s *model.Scope, x *G.Node, outputs int) (*G.Node, error) {
	deep, err := model.MLP{Hidden: []int{a.Width}, Prefix: "deep_"}.Build(s, x, outputs)
	if err != nil {
		return nil, err
	}
	wide, err := model.MLP{Prefix: "wide_"}.Build(s, x, outputs)
	if err != nil {
		return nil, err
	}
	return G.Add(deep, wide)
}

// Save a network of one's own architecture and load it again: the
// architecture is registered under a name, the file keeps the name, the
// settings and the weights, and the loaded network predicts the same.
func Example_saveAndLoad() {
	if err := model.RegisterArchitecture("wide-and-deep", wideAndDeep{}); err != nil {
		fmt.Println(err)
		return
	}
	ds, _ := data.Friedman1(300, 6, 0.5, rand.New(rand.NewPCG(1, 1)))
	train, val, st, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	net, err := model.New(train, wideAndDeep{Width: 8}, rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := model.Train(context.Background(), net, train, val, model.Config{Epochs: 5}); err != nil {
		fmt.Println(err)
		return
	}
	f, err := model.NewFile(net, ds, st, "graph", 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer // a file on disk in a real program
	if err := model.Save(&file, f); err != nil {
		fmt.Println(err)
		return
	}
	loaded, err := model.Load(&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	again, err := loaded.Net()
	if err != nil {
		fmt.Println(err)
		return
	}
	want, _ := net.Predict(val)
	got, _ := again.Predict(val)
	fmt.Println("architecture:", loaded.Arch.Name, string(loaded.Arch.Settings))
	fmt.Println("same predictions:", slices.Equal(got, want))
	// Output:
	// architecture: wide-and-deep {"width":8}
	// same predictions: true
}

// Predict raw CSV rows with a saved model: the columns are matched by name
// (any order, other columns ignored), standardised as the training data
// was, and the answers come back as labels with their probabilities.
func Example_predictRows() {
	// A model of the embedded breast-cancer data, as featsel train --save
	// writes it.
	ds, err := data.ReadCSV(data.BreastCancer(), data.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	train, val, st, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	net, err := model.New(train, model.MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := model.Train(context.Background(), net, train, val, model.Config{Epochs: 30}); err != nil {
		fmt.Println(err)
		return
	}
	f, err := model.NewFile(net, ds, st, "graph", 0)
	if err != nil {
		fmt.Println(err)
		return
	}

	// New rows: the first and the last two rows of the embedded file,
	// without the diagnosis, with an id column and the columns reversed.
	all, _ := io.ReadAll(data.BreastCancer())
	lines := strings.Split(strings.TrimSpace(string(all)), "\n")
	var table strings.Builder
	for i, l := range []string{lines[0], lines[1], lines[len(lines)-2], lines[len(lines)-1]} {
		cols := strings.Split(l, ",")
		cols = cols[:len(cols)-1] // the target is the last column
		slices.Reverse(cols)
		id := fmt.Sprint(i)
		if i == 0 {
			id = "id"
		}
		table.WriteString(id + "," + strings.Join(cols, ",") + "\n")
	}
	rows, err := data.ReadCSV(strings.NewReader(table.String()), f.CSVOptions(data.CSVOptions{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	pred, err := f.Predict(rows, data.MissingError)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ignored:", rows.Ignored)
	fmt.Println("predicted:", pred.Labels)
	fmt.Println("columns:", pred.Records()[0])
	// Output:
	// ignored: [id]
	// predicted: [malignant malignant benign]
	// columns: [prediction p_benign p_malignant]
}
