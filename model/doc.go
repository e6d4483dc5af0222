// Package model builds and trains selection-layer networks on gorgonia.
//
// A [Net] computes arch(x ⊙ θ): the input times one learnable weight per
// feature (the selection layer θ, initialised to 1), followed by an
// [Architecture] — the standard one is [MLP]. [Train] minimises
//
//	loss(net(x), y) + λ‖θ‖₁
//
// with gorgonia's Adam solver, where the penalty is a node in the graph and
// is differentiated symbolically (its subgradient is λ·sign(θ), with
// sign(0) = 0). Under Adam such a weight never reaches zero: it hovers in a
// band about one learning rate wide around it (the tests in l1_test.go and
// band_test.go measure this).
//
// Train evaluates on a validation set after every epoch, supports early
// stopping, cancellation through a context, and returns a [*DivergedError]
// when the loss stops being finite. A [Hook] runs after every optimizer
// step and may change the parameters in place; it is how post-step
// operators such as proximal steps are attached.
//
// Every graph input and parameter is a named node; parameters are shared
// between the graphs featsel compiles for one network (one for training
// batches, one for whole-dataset evaluation), and the solver sees them in a
// fixed order, θ first. Initial weights come from the *rand.Rand given to
// [New] and the batch order from [Config.Seed], so a run is reproducible
// bit for bit.
package model
