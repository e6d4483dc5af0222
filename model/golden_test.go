package model_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/model/internal/kernel"
	"github.com/featsel/featsel/regularize"
)

// TestWeightsUnchanged trains every method as `featsel train --method M
// --lambda X --epochs 30 --seed 3` does and checks the trained weights bit
// for bit against those of the first release (commit 11e1ba2, whose model
// files these hashes come from: SHA-256 over each parameter's name and its
// values as little-endian float64). A change that moves one bit of any
// method's training shows here. The products round differently on
// another backend, so it runs only where the AVX2 kernel does.
func TestWeightsUnchanged(t *testing.T) {
	if kernel.Best() != kernel.AVX2 {
		t.Skip("the reference weights come from the AVX2 kernel")
	}
	ds, err := data.ReadCSV(data.BreastCancer(), data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(3, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method string
		lambda float64
		sha256 string
	}{
		{"graph", 0.01, "0996ba1adb6642f9511d287731cb9020643e8c3002fc4c531c82683ef552c6a2"},
		{"prox-adam", 0.01, "258d6b12874581273bc7fa0b3a5027ee3e1b8bba6968bd932a5b31c183242cc8"},
		{"decoupled", 1, "65afb8845751034b22029da63ad79121b46e0f0eae64cabafb336993404cb912"},
		{"ista", 0.01, "46206a17dd00d531150c9d7aa85ca059f3cfd19dfefc66e608861c15df450755"},
		{"group", 2.5, "a3e3ae89cab183d718691779802db7ca19a38588a82d4c549016b8d708096a08"},
		{"hier", 600, "b3c6b4beb8b88831c33780ff6ad19c908b2c50ff5df83f7560762dd159b60217"},
	} {
		t.Run(tc.method, func(t *testing.T) {
			out := regularize.Fit(context.Background(), train, val,
				regularize.Trial{Spec: regularize.Spec{Method: tc.method, Lambda: tc.lambda}, LearnRate: model.DefaultLearnRate},
				regularize.FitConfig{Hidden: []int{64}, Base: model.Config{LearnRate: model.DefaultLearnRate, Epochs: 30, Seed: 3}, InitSeed: 3})
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
