// Package model builds and trains selection-layer networks on gorgonia.
//
// A [Net] computes arch(x ⊙ θ): the input times one learnable weight per
// feature (the selection layer θ, initialised to 1), followed by an
// [Architecture]. [Train] minimises
//
//	loss(net(x), y) + λ‖θ‖₁
//
// where the penalty is a node in the graph, differentiated symbolically
// (its subgradient is λ·sign(θ), with sign(0) = 0), and [Adam] takes the
// steps. Under Adam such a weight never reaches zero: it hovers in a band
// about one learning rate wide (l1_test.go and band_test.go measure this);
// package regularize has the methods that set weights to exactly zero.
//
// # Extending
//
//   - An [Architecture] is any gorgonia subgraph after the selection layer:
//     Build receives the selected input node and returns the output node,
//     creating its weights with [Scope.Param]. The standard [MLP] is built
//     through the same door, and an MLP can be a part of a larger one
//     (MLP.Prefix keeps the names apart).
//   - A [Loss] builds the data loss from the output and the targets; [MSE]
//     and [CrossEntropy] are the defaults.
//   - A [Hook] runs after every optimizer step and may change parameters in
//     place ([HookFunc] adapts a function); Config.Solver replaces Adam.
//
// # How it runs
//
// featsel compiles each network into two gorgonia graphs, one for training
// batches and one for evaluating a whole dataset, which share the
// parameter values; the solver sees the parameters in a fixed order, θ
// first. gorgonia builds the graphs and their symbolic gradients; a
// machine of featsel's own runs them (model/internal/machine: no goroutine
// and no allocation per node and run, results bit-identical to gorgonia's
// TapeMachine). The standard layers, ReLU, the L1 node and the losses are
// fused gorgonia ops with hand-derived gradients (model/internal/ops;
// every gradient is checked against finite differences), whose matrix
// products run in an AVX2/FMA kernel where the processor has one
// (model/internal/kernel; gonum's BLAS elsewhere). A graph built from
// gorgonia's own ops runs on the same machine. Train evaluates on a validation set
// after every epoch, stops early when asked, honours a context, and returns
// a [*DivergedError] when the loss stops being finite; it returns its
// [Result] also when it fails. Initial weights come from the *rand.Rand
// given to [New] and the batch order from Config.Seed, so a run is
// reproducible bit for bit.
//
// # Saving
//
// [NewFile], [Save] and [Load] write and read a trained network with its
// standardisation in a checksummed JSON file; its architecture is saved
// by the name it was registered under ([RegisterArchitecture]; the
// standard MLP is "mlp"). [File.Net] rebuilds the network, and
// [File.Predict] answers for raw rows of a table read with
// [File.CSVOptions].
package model
