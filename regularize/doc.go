// Package regularize provides the selection methods that set weights to
// exactly zero, and the graph-level method they are compared with.
//
// A [Prox] overwrites a slice with a proximal step, in the geometry of the
// optimizer step it follows (model.Scaling: the scalar learning rate and,
// for Adam, each coordinate's step); [L1], [ScaledL1], [Hard], [Group] and
// [Chain] are values of that one interface, and [OnTheta] turns any of
// them into a model.Hook on the selection layer, so a new regulariser is
// one method. [HierProx] is LassoNet's operator.
//
// A [Method] is a value that holds everything about one method: its name
// and help, its λ scale and learning rate, its network, how it configures
// model.Train, and which per-feature weight decides selection. Each
// built-in method is one file (graph.go, proxadam.go, …) that registers
// itself; a program adds its own with [Register]. A [Spec] names a method
// with its λ and settings; [Spec.Configure] sets up training and
// [Spec.Summarize] reads the selection.
//
// The workflows: [Fit] trains one method and [Compare] several on
// identical ground, in parallel; [Path] follows λ from the dense model
// until no feature is left and ranks the features by the λ at which they
// leave; [CrossValidate] and [Stability] repeat a path over folds or
// random halves; [Refit] retrains the chosen features without the
// penalty; [Select] runs all of these as featsel path does and chooses λ;
// [Score] compares a selection with the truth. Package report turns the
// results into reports, tables and pictures.
//
// A feature here is a column of the table (a unit of model.Net, see
// data.Dataset.Units): a category's one-hot block is one feature, with one
// θ, and every method keeps or drops it whole. Its penalty is weighted by
// √w for a block of w inputs, as the group lasso weighs its groups:
// λ·Σ_u √w_u·|θ_u| for the θ methods, the threshold lr·λ·√w_u on the
// block's rows of W₁ together for group, and on its rows of β and W₁
// together for hier. Without categories every weight is 1 and the methods
// are those described below, bit for bit.
//
// The methods do not solve the same problem:
//
//   - graph: λ‖θ‖₁ is a node in the graph and Adam follows its
//     subgradient λ·sign(θ). Adam divides each step by √v̂ ≈ λ for a weight
//     with little data gradient, so the step is ≈ lr whatever λ is: such a
//     weight crosses zero, flips sign and hovers in a band about lr wide.
//     No exact fixed point; no weight is ever exactly zero. Choose it to
//     reproduce what a plain framework does, or as the baseline.
//   - prox-adam: Adam on the smooth loss, then the soft threshold with
//     t_j = lr·λ/(√v̂_j+ε) (ProxGen, NeurIPS 2021). Fixed points are the
//     lasso's KKT points: θ_j = 0 iff |m̂_j| ≤ λ, so λ keeps its meaning as
//     a bound on the data gradient. The default choice for selection.
//   - decoupled: Adam step, then the soft threshold with t = lr·λ, the L1
//     twin of AdamW. Fixed points of a weighted lasso: θ_j = 0 iff
//     |m̂_j|/(√v̂_j+ε) ≤ λ; λ is unitless here (a bound on Adam's normalised
//     step), so it needs other values than for the other methods.
//   - ista: plain gradient step, then the soft threshold with t = lr·λ
//     (proximal gradient descent). Fixed points are the lasso's KKT points;
//     slow on badly scaled networks, exact and simple.
//   - group: θ is frozen at 1 and the block soft threshold with t = lr·λ
//     acts on each feature's row of W₁ (its weights into the first hidden
//     layer) after an Adam step; a feature is selected while its row is
//     non-zero. Like decoupled, the threshold is not preconditioned, so the
//     fixed points are those of a group lasso weighted by Adam's scaling.
//     Choose it when a feature should be judged by all its first-layer
//     weights at once.
//   - hier: LassoNet (Lemhadri et al., JMLR 2021): θ frozen, a linear skip
//     layer β beside the network, and after each Adam step the
//     hierarchical proximal operator [HierProx] with lr·λ, which enforces
//     ‖W₁_j‖∞ ≤ M·‖β_j‖: a feature leaves the network entirely when its
//     skip weights reach zero. Fixed points of LassoNet's objective.
//     Choose it to reproduce LassoNet or when a linear part is expected.
//   - threshold (Spec.Threshold, with any θ-based method): θ_j ← 0 where
//     |θ_j| < τ after every step. A heuristic, not a penalty: it turns the
//     hovering band of graph into zeros when τ is above it.
package regularize
