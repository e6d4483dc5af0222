package model_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/model/internal/kernel"
	"github.com/featsel/featsel/regularize"
)

// TestWeightsUnchanged trains every method as `featsel train --method M
// --lambda X --epochs 30 --seed 3` does (and a threshold, early stopping
// and a regression) and checks the trained weights bit for bit against
// those of the first release (commit 11e1ba2, whose model files of the
// same commands these hashes come from: SHA-256 over each parameter's name
// and its values as little-endian float64). A change that moves one bit of any
// method's training shows here. The products round differently on
// another backend, so it runs only where the AVX2 kernel does.
func TestWeightsUnchanged(t *testing.T) {
	if kernel.Best() != kernel.AVX2 {
		t.Skip("the reference weights come from the AVX2 kernel")
	}
	read := func(file, target string) *data.Dataset {
		t.Helper()
		var ds *data.Dataset
		var err error
		if file == "" {
			ds, err = data.ReadCSV(data.BreastCancer(), data.CSVOptions{})
		} else {
			ds, err = data.ReadFile(file, data.CSVOptions{Target: target})
		}
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	for _, tc := range []struct {
		name, method      string
		lambda, threshold float64
		epochs, patience  int
		file, target      string
		sha256            string
	}{
		{"graph", "graph", 0.01, 0, 30, 0, "", "", "0996ba1adb6642f9511d287731cb9020643e8c3002fc4c531c82683ef552c6a2"},
		{"prox-adam", "prox-adam", 0.01, 0, 30, 0, "", "", "258d6b12874581273bc7fa0b3a5027ee3e1b8bba6968bd932a5b31c183242cc8"},
		{"decoupled", "decoupled", 1, 0, 30, 0, "", "", "65afb8845751034b22029da63ad79121b46e0f0eae64cabafb336993404cb912"},
		{"ista", "ista", 0.01, 0, 30, 0, "", "", "46206a17dd00d531150c9d7aa85ca059f3cfd19dfefc66e608861c15df450755"},
		{"group", "group", 2.5, 0, 30, 0, "", "", "a3e3ae89cab183d718691779802db7ca19a38588a82d4c549016b8d708096a08"},
		{"hier", "hier", 600, 0, 30, 0, "", "", "b3c6b4beb8b88831c33780ff6ad19c908b2c50ff5df83f7560762dd159b60217"},
		// --threshold 0.9, which zeroes 16 weights
		{"graph threshold", "graph", 0.01, 0.9, 30, 0, "", "", "dfd8234ca8b9cc78a681ee7652a79068c5c0cbb3bca5df0c743db00fa3a23711"},
		// --patience 5 --epochs 60: early stopping restores the best epoch
		{"prox-adam patience", "prox-adam", 0.01, 0, 60, 5, "", "", "189c7d8ae53d335358a294e9a3cdcbb915a2f35feb3267c986dfe1f3a7a8ecdc"},
		// --data diabetes.csv --target progression --lambda 0.05: regression
		{"regression", "prox-adam", 0.05, 0, 30, 0, "../data/testdata/diabetes.csv", "progression", "994da257f68d9e7ab4a4dacf404a7ee10a6dd2479ae2c74fdaf8baecf037ca9f"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := read(tc.file, tc.target)
			train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(3, 1)))
			if err != nil {
				t.Fatal(err)
			}
			spec := regularize.Spec{Method: tc.method, Lambda: tc.lambda, Threshold: tc.threshold}
			out := regularize.Fit(context.Background(), train, val,
				regularize.Trial{Spec: spec, LearnRate: model.DefaultLearnRate},
				regularize.FitConfig{Hidden: []int{64}, Base: model.Config{Epochs: tc.epochs, Patience: tc.patience, Seed: 3}, InitSeed: 3})
			if out.Err != nil {
				t.Fatal(out.Err)
			}
			h := sha256.New()
			for _, p := range out.Net.Params() {
				h.Write([]byte(p.Name))
				for _, v := range p.Data() {
					h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
				}
			}
			if got := hex.EncodeToString(h.Sum(nil)); got != tc.sha256 {
				t.Errorf("weights hash %s, want %s", got, tc.sha256)
			}
		})
	}
}

// TestSelectUnchanged runs the selection workflow as `featsel path --folds
// 2 --stability 2 --epochs 30 --max-lambdas 30 --multiplier 1.5 --seed 2`
// does and checks, bit for bit against the first release's report of that
// command, every λ of the path with its validation metric, loss and count,
// the folds' mean curve of their path models and every feature's
// stability probability (SHA-256 over them as little-endian float64, in
// that order). The choice changed on purpose since (glmnet's 1-SE rule,
// the folds' selections refitted): it is pinned by a second hash, of the
// refitted curve, its standard errors and the chosen and best points.
func TestSelectUnchanged(t *testing.T) {
	if kernel.Best() != kernel.AVX2 {
		t.Skip("the reference comes from the AVX2 kernel")
	}
	if testing.Short() {
		t.Skip("runs a path with folds and stability selection")
	}
	ds, err := data.ReadCSV(data.BreastCancer(), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sel, err := regularize.Select(context.Background(), ds, regularize.SelectConfig{
		Path: regularize.PathConfig{
			Spec: regularize.Spec{Method: "prox-adam"}, Hidden: []int{64},
			Base:       model.Config{Epochs: 30, BatchSize: 64, Patience: 10},
			Multiplier: 1.5, MaxLambdas: 30,
		},
		Seed: 2, Folds: 2, Stability: &regularize.StabilityConfig{Subsamples: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	first, choice := sha256.New(), sha256.New()
	put := func(h hash.Hash, vs ...float64) {
		for _, v := range vs {
			h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
		}
	}
	for _, pt := range sel.Path.Points {
		put(first, pt.Lambda, pt.ValMetric, pt.ValLoss, float64(pt.Selected))
	}
	put(first, sel.CV.PathMetric...)
	put(first, sel.Stability.MaxProb...)
	put(choice, sel.CV.Metric...)
	put(choice, sel.CV.SE...)
	put(choice, float64(sel.Chosen), float64(sel.Best))
	for _, tc := range []struct {
		name string
		h    hash.Hash
		want string
	}{
		{"path, fold paths and stability", first, "66926271f3a379cdd77d26d1573a50f4da04529c30e9e610d66042c1c62b00b0"},
		{"refitted curve and choice", choice, "e4d3d7a031ea54924e87d66c532f955355c5aa7752dc70e7db16e8bff6ced2fe"},
	} {
		if got := hex.EncodeToString(tc.h.Sum(nil)); got != tc.want {
			t.Errorf("%s (%d λ values): hash %s, want %s", tc.name, len(sel.Path.Points), got, tc.want)
		}
	}
}
