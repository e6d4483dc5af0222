// Package regularize provides the selection methods that set weights to
// exactly zero, and the graph-level method they are compared with.
//
// A [Prox] overwrites a slice with the proximal step argmin_u ½‖u−w‖² +
// step·g(u); [L1], [Hard], [Group] and [Chain] are values of that one
// interface, and [OnTheta] turns any of them into a model.Hook on the
// selection layer. [ProxAdam] is a gorgonia.Solver. A [Spec] names a method
// and configures model.Train for it.
//
// The methods do not solve the same problem (DESIGN.md, "Why the
// comparison matters"):
//
//   - graph: λ‖θ‖₁ is a node in the graph and gorgonia's Adam follows its
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
//   - threshold (Spec.Threshold, with any method): θ_j ← 0 where
//     |θ_j| < τ after every step. A heuristic, not a penalty: it turns the
//     hovering band of graph into zeros when τ is above it.
package regularize
