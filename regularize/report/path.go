package report

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/regularize"
)

// Path is the report of the selection workflow (featsel path).
type Path struct {
	Status    string  `json:"status"`
	Method    string  `json:"method"`
	LearnRate float64 `json:"lr"`
	Hidden    []int   `json:"hidden"`
	Seed      uint64  `json:"seed"`
	// DType is "float32" when the products were summed in single
	// precision (--dtype float32), empty for float64.
	DType       string       `json:"dtype,omitempty"`
	Dataset     Dataset      `json:"dataset"`
	Path        []PathEntry  `json:"path"`
	Chosen      Choice       `json:"chosen,omitzero"`
	Best        Choice       `json:"best,omitzero"`
	Features    []Importance `json:"features"`
	SearchSteps int          `json:"search_steps"`
	Refinements int          `json:"refinements,omitempty"`
	Epochs      int          `json:"epochs"`
	Seconds     float64      `json:"seconds"`
	CV          *CV          `json:"cv,omitempty"`
	Refit       *Refit       `json:"refit,omitempty"`
	Test        *Test        `json:"test,omitempty"`
	Stability   *Stability   `json:"stability,omitempty"`
	Plots       []string     `json:"plots,omitempty"`
	// Model is the file the chosen, refitted model was saved to, and
	// SelectedTable the file the chosen columns were written to.
	Model         string `json:"model,omitempty"`
	SelectedTable string `json:"selected_table,omitempty"`
	Error         string `json:"error,omitempty"`
	// Metric names val_metric; Choose is the rule's name (1se or min) and
	// Rule says how Chosen was picked; WeightMeaning what the path's
	// weights are.
	Metric string `json:"metric"`
	// ClassWeight is "balanced" when the loss weighed the classes; the
	// points then give val_balanced_accuracy beside val_metric.
	ClassWeight string `json:"class_weight,omitempty"`
	Choose      string `json:"choose"`
	Rule        string `json:"rule"`
	// K is the number of features asked for (--k), and KMissed says that
	// no λ kept exactly that many: the chosen λ then kept KFrom, of which
	// the K the path ranks first were chosen.
	K             int    `json:"k,omitempty"`
	KMissed       bool   `json:"k_missed,omitempty"`
	KFrom         int    `json:"k_from,omitempty"`
	WeightMeaning string `json:"weight_meaning"`
	// stability is what stability.png draws: the probabilities at every
	// λ, too many numbers for the JSON report.
	stability *regularize.StabilityResult
	// order is Features' order of importance (see ranked).
	order []int
}

// PathEntry is one λ of the path.
type PathEntry struct {
	Lambda    float64 `json:"lambda"`
	Selected  int     `json:"selected"`
	ValLoss   Number  `json:"val_loss"`
	ValMetric Number  `json:"val_metric"`
	// Balanced is the validation balanced accuracy, with class weights.
	Balanced *Number  `json:"val_balanced_accuracy,omitempty"`
	Epochs   int      `json:"epochs"`
	Names    []string `json:"selected_names"`
}

// Choice is a point of the path chosen by a rule; the zero Choice, of a
// run that ended before its first λ, is none (and left out of the JSON).
type Choice struct {
	Index     int      `json:"index"`
	Lambda    float64  `json:"lambda"`
	Selected  []string `json:"selected"`
	ValMetric Number   `json:"val_metric"`
	// Balanced is the validation balanced accuracy, with class weights.
	Balanced *Number `json:"val_balanced_accuracy,omitempty"`
	// CVMetric is the cross-validated mean at the point, when the folds
	// chose λ.
	CVMetric *Number `json:"cv_val_metric,omitempty"`
}

// Importance is the λ at which a feature left the model for good (nil
// when it never left): LassoNet's feature importance.
type Importance struct {
	Name   string   `json:"name"`
	LeftAt *float64 `json:"left_at"`
}

// CV is the cross-validated curve the choice was made on.
type CV struct {
	Folds    int       `json:"folds"`
	Lambdas  []float64 `json:"lambdas"`
	Metric   []Number  `json:"mean_val_metric"`
	SE       []Number  `json:"se"`
	Selected []float64 `json:"mean_selected"`
	Best     int       `json:"best"`
	OneSE    int       `json:"one_se"`
	// AtK scores a selection of --k features at each fold's own points
	// that keep them (see regularize.CVResult.AtK).
	AtK *KScore `json:"at_k,omitempty"`
}

// KScore is the cross-validated score of a selection of K features
// (regularize.KScore).
type KScore struct {
	Metric   Number  `json:"mean_val_metric"`
	SE       Number  `json:"se"`
	Selected float64 `json:"mean_selected"`
	Folds    int     `json:"folds"`
}

// Refit compares the chosen model with its features retrained without
// the penalty.
type Refit struct {
	Features    []string `json:"features"`
	ValMetric   Number   `json:"val_metric"`
	PathMetric  Number   `json:"path_val_metric"`
	ValLoss     Number   `json:"val_loss"`
	PathValLoss Number   `json:"path_val_loss"`
	// Balanced is the refitted model's validation balanced accuracy,
	// with class weights; TargetR2 each target's validation R², with
	// several.
	Balanced *Number            `json:"val_balanced_accuracy,omitempty"`
	TargetR2 map[string]float64 `json:"val_r2_targets,omitempty"`
	// AllRows is the retraining on the training and validation rows
	// together (--refit-all), nil without.
	AllRows *AllRows `json:"all_rows,omitempty"`
	// Method is the method whose network, solver and learning rate the
	// refit took when it is not the path's (--refit-method).
	Method string `json:"method,omitempty"`
}

// allRows is r's AllRows; nil when r is nil.
func (r *Refit) allRows() *AllRows {
	if r == nil {
		return nil
	}
	return r.AllRows
}

// AllRows is the chosen features retrained on the training and
// validation rows together, for the refit's best number of epochs: the
// model saved and scored on the test part.
type AllRows struct {
	Rows   int `json:"rows"`
	Epochs int `json:"epochs"`
}

// Test is the refitted model's score on the rows held out before the
// selection (--test-frac): the one score that took no part in it.
type Test struct {
	Rows   int    `json:"rows"`
	Metric Number `json:"metric"`
	// RMSE is the root mean squared error in the target's units
	// (regression); SE the C-index's jackknife standard error (survival).
	RMSE *Number `json:"rmse,omitempty"`
	SE   *Number `json:"se,omitempty"`
	// TargetR2 is each target's R², by name, with several (Metric is
	// their mean).
	TargetR2 map[string]float64 `json:"r2_targets,omitempty"`
}

// Stability is stability selection along the path.
type Stability struct {
	Subsamples int                `json:"subsamples"`
	Threshold  float64            `json:"threshold"`
	Stable     []string           `json:"stable"`
	MaxProb    map[string]float64 `json:"max_probability"`
	RegionLow  float64            `json:"region_lambda_min"`
	RegionHigh float64            `json:"region_lambda_max"`
	Q          float64            `json:"q"`
	Bound      float64            `json:"expected_false_selections_bound"`
}

// NewPath reports what regularize.Select returned on data d (feature
// names), how long it took and how it ended (err).
func NewPath(sel *regularize.SelectResult, d Dataset, names []string, elapsed time.Duration, err error) *Path {
	cfg, path := sel.Config, sel.Path
	r := &Path{
		Method: cfg.Path.Spec.Method, LearnRate: cfg.Path.Base.LearnRate, Hidden: cfg.Path.Hidden, Seed: cfg.Seed,
		DType:       dtype(cfg.Path.Base.Float32),
		Dataset:     d,
		SearchSteps: path.SearchSteps, Refinements: path.Refinements, Epochs: path.Epochs,
		Seconds:       seconds(elapsed),
		Metric:        metricName(d.Task),
		WeightMeaning: cfg.Path.Spec.WeightMeaning(),
	}
	r.Choose, r.Rule = cfg.Choose, rule(cfg.Choose, r.Metric, "", "over validation rows")
	r.Status, _ = status(err)
	if r.Status == "diverged" {
		r.Status = "failed" // the path reports a diverged λ as a failure of the run
	}
	if err != nil {
		r.Error = err.Error()
	}
	if len(path.Points) == 0 {
		r.Path, r.Features = []PathEntry{}, []Importance{}
		return r // interrupted before the first λ
	}
	for _, pt := range path.Points {
		r.Path = append(r.Path, PathEntry{Lambda: pt.Lambda, Selected: pt.Selected, ValLoss: Number(pt.ValLoss),
			ValMetric: Number(pt.ValMetric), Balanced: balanced(pt), Epochs: pt.Epochs, Names: selectedNames(pt.Mask, names)})
	}
	if path.Points[0].Balanced {
		r.ClassWeight = "balanced"
	}
	r.Chosen, r.Best = choice(path, sel.Chosen, names), choice(path, sel.Best, names)
	for j, l := range path.Left {
		imp := Importance{Name: names[j]}
		if !math.IsInf(l, 1) {
			imp.LeftAt = &path.Left[j]
		}
		r.Features = append(r.Features, imp)
	}
	r.order = path.Ranked()
	if cv := sel.CV; cv != nil && len(cv.Metric) > 0 {
		r.CV = &CV{Folds: len(cv.Folds), Lambdas: cv.Lambdas, Metric: numbers(cv.Metric), SE: numbers(cv.SE), Selected: cv.Selected, Best: cv.Best, OneSE: cv.OneSE}
		r.Rule = rule(cfg.Choose, r.Metric, fmt.Sprintf("mean %d-fold refitted ", len(cv.Folds)), "sd over folds/√folds") +
			"; the main path's first λ with no more features than the folds kept there on average"
		// The rows that chose λ report its score: the curve's points that
		// the rules picked (the main path's points were carried from them
		// by the number of features, at other λ).
		r.Chosen.CVMetric, r.Best.CVMetric = &r.CV.Metric[r.CV.pick(cfg.Choose)], &r.CV.Metric[cv.Best]
	}
	if k := cfg.Path.K; k > 0 {
		r.Choose, r.K, r.KMissed = "k", k, sel.KMissed
		if sel.KMissed {
			r.KFrom = path.Points[sel.Chosen].Selected
			r.Chosen.Selected = selectedNames(sel.Mask, names)
		}
		if cv := r.CV; cv != nil { // with K the curve is read at the main path's points
			if cv.Best < len(path.Points) { // the best of the curve is a point of the path: none is carried
				r.Best = choice(path, cv.Best, names)
			}
			r.Chosen.CVMetric, r.Best.CVMetric = &cv.Metric[sel.Chosen], &cv.Metric[cv.Best]
			if s, ok := sel.CV.AtK(len(r.Chosen.Selected)); ok {
				r.CV.AtK = &KScore{Metric: Number(s.Metric), SE: Number(s.SE), Selected: s.Selected, Folds: s.Folds}
			}
		}
		curve := ""
		if r.CV != nil {
			curve = "mean cross-validated "
		}
		r.Rule = fmt.Sprintf("exactly %s: the λ with the best %s%s among those that keep %d", features(k), curve, r.Metric, k)
		switch {
		case sel.KMissed && r.Status == "interrupted":
			r.Rule = fmt.Sprintf("interrupted before a λ kept exactly %s: of the λ with the best %s%s among those that keep the fewest above, %d, the %d ranked first; its %s is that of the %d", features(k), curve, r.Metric, r.KFrom, k, r.Metric, r.KFrom)
		case sel.KMissed && r.Status != "ok":
			r.Rule = fmt.Sprintf("the run ended (%s) before a λ kept exactly %s: of the λ with the best %s%s among those that keep the fewest above, %d, the %d ranked first; its %s is that of the %d", r.Status, features(k), curve, r.Metric, r.KFrom, k, r.Metric, r.KFrom)
		case sel.KMissed && path.Points[len(path.Points)-1].Selected > k:
			r.Rule = fmt.Sprintf("the path ended with more than %s (--max-lambdas): of the λ with the best %s%s among those that keep the fewest, %d, the %d ranked first; its %s is that of the %d", features(k), curve, r.Metric, r.KFrom, k, r.Metric, r.KFrom)
		case sel.KMissed:
			r.Rule = fmt.Sprintf("no λ keeps exactly %s, even refined between the λ values around it: of the λ with the best %s%s among those that keep the fewest above, %d, the %d ranked first; its %s is that of the %d", features(k), curve, r.Metric, r.KFrom, k, r.Metric, r.KFrom)
		}
	}
	r.Dataset.TestRows = len(sel.TestRows)
	if t := sel.Test; t != nil {
		r.Test = &Test{Rows: t.Rows, Metric: Number(t.Accuracy)}
		switch d.Task {
		case data.Regression.String():
			r.Test.Metric = Number(t.R2)
			if t.Targets == nil {
				rmse := Number(t.RMSE)
				r.Test.RMSE = &rmse
			}
			for _, sc := range t.Targets {
				if r.Test.TargetR2 == nil {
					r.Test.TargetR2 = map[string]float64{}
				}
				setFinite(r.Test.TargetR2, sc.Name, sc.R2)
			}
		case data.Survival.String():
			se := Number(t.Concordance.SE)
			r.Test.Metric, r.Test.SE = Number(t.Concordance.Index), &se
		}
	}
	if rf := sel.Refit; rf != nil {
		pt := path.Points[sel.Chosen]
		r.Refit = &Refit{Features: r.Chosen.Selected, ValMetric: Number(rf.Result.ValMetric), PathMetric: Number(pt.ValMetric), ValLoss: Number(rf.Result.ValLoss), PathValLoss: Number(pt.ValLoss)}
		if rf.Result.ClassWeights != nil {
			b := Number(rf.Result.ValBalancedAccuracy)
			r.Refit.Balanced = &b
		}
		r.Refit.TargetR2 = d.targetMetrics(rf.Result.ValTargetR2)
		if m := cfg.RefitMethod; m != "" && m != cmp.Or(r.Method, regularize.DefaultMethod) {
			r.Refit.Method = m
		}
		if f := sel.Final; f != nil {
			r.Refit.AllRows = &AllRows{Rows: sel.Train.Rows() + sel.Val.Rows(), Epochs: len(f.Result.History)}
		}
	}
	if st := sel.Stability; st != nil {
		s := &Stability{Subsamples: cfg.Stability.Subsamples, Threshold: st.Threshold, Stable: []string{}, MaxProb: map[string]float64{}, Q: st.Q, Bound: st.Bound}
		for j, pr := range st.MaxProb {
			s.MaxProb[names[j]] = pr
		}
		for _, j := range st.Stable {
			s.Stable = append(s.Stable, names[j])
		}
		if len(st.Region) > 0 {
			s.RegionLow, s.RegionHigh = st.Lambdas[st.Region[0]], st.Lambdas[st.Region[len(st.Region)-1]]
		}
		r.Stability, r.stability = s, st
	}
	return r
}

// rule says in words how λ was chosen, glmnet's way.
func rule(choose, metric, curve, se string) string {
	if choose == regularize.ChooseMin {
		return fmt.Sprintf("the λ of the best %s%s (glmnet's lambda.min)", curve, metric)
	}
	return fmt.Sprintf("largest λ whose %s%s is within one standard error (%s) of the best (glmnet's lambda.1se)", curve, metric, se)
}

func choice(path *regularize.PathResult, k int, names []string) Choice {
	pt := path.Points[k]
	return Choice{Index: k, Lambda: pt.Lambda, Selected: selectedNames(pt.Mask, names), ValMetric: Number(pt.ValMetric), Balanced: balanced(pt)}
}

// IsZero reports whether c is no choice: the run had no point to choose
// (a chosen point always names its selection, if empty).
func (c Choice) IsZero() bool { return c.Selected == nil }

// balanced returns a point's balanced accuracy, nil when the loss did not
// weigh the classes.
func balanced(pt regularize.PathPoint) *Number {
	if !pt.Balanced {
		return nil
	}
	b := Number(pt.ValBalancedAccuracy)
	return &b
}

// balancedText is ", balanced accuracy X" when n is not nil.
func balancedText(n *Number) string {
	if n == nil {
		return ""
	}
	return fmt.Sprintf(", balanced accuracy %.4f", float64(*n))
}

// selectedNames returns the names whose mask is set.
func selectedNames(mask []bool, names []string) []string {
	out := []string{}
	for j, m := range mask {
		if m {
			out = append(out, names[j])
		}
	}
	return out
}

// Print writes the path summary for people.
func (r *Path) Print(w io.Writer) {
	d := r.Dataset
	test := ""
	if d.TestRows > 0 {
		test = fmt.Sprintf(", %d test", d.TestRows)
	}
	fmt.Fprintf(w, "data:    %s: %d rows, %s, %s, %s; %d training, %d validation%s rows\n",
		d.Source, d.Rows, d.features(), d.Task, d.target(), d.TrainRows, d.ValRows, test)
	d.printStream(w, "         ")
	d.printColumns(w, "         ")
	if len(r.Path) == 0 {
		fmt.Fprintf(w, "path:    %s, no λ finished\n\nstatus: %s\n", r.Method, r.statusText())
		return
	}
	products := ""
	if r.DType != "" {
		products = fmt.Sprintf(" (%s products)", r.DType)
	}
	values := "λ values"
	if len(r.Path) == 2 {
		values = "λ value"
	}
	fmt.Fprintf(w, "path:    %s, %d %s after the dense model (%d spent finding where features start to leave),\n         %d epochs, %.1fs%s\n\n",
		r.Method, len(r.Path)-1, values, r.SearchSteps, r.Epochs, r.Seconds, products)
	if r.ClassWeight != "" {
		fmt.Fprintf(w, "class weight %s: each row of the loss weighs n/(K·n_c) of the training rows\n\n", r.ClassWeight)
	}
	cv := r.CV
	if cv != nil && len(cv.Metric) != len(r.Path) {
		cv = nil // a curve read on other λ than the path's rows
	}
	fmt.Fprintf(w, "%10s  %8s  %10s", "λ", "selected", r.Metric)
	if r.ClassWeight != "" {
		fmt.Fprintf(w, "  %21s", balancedName)
	}
	if cv != nil {
		fmt.Fprintf(w, "  %17s", fmt.Sprintf("%d-fold mean ± SE", cv.Folds))
	}
	fmt.Fprintln(w)
	for k, e := range r.Path {
		marks := r.marks(k, cv)
		if k > 0 && k < len(r.Path)-1 && e.Selected == r.Path[k-1].Selected && marks == "" {
			continue // one row per change in the count
		}
		fmt.Fprintf(w, "%10.4g  %8d  %10.4f", e.Lambda, e.Selected, e.ValMetric)
		if e.Balanced != nil {
			fmt.Fprintf(w, "  %21.4f", float64(*e.Balanced))
		}
		if cv != nil {
			fmt.Fprintf(w, "  %8.4f ± %.4f", cv.Metric[k], cv.SE[k])
		}
		fmt.Fprintln(w, marks)
	}
	fmt.Fprintf(w, "(one row per change in the number selected; every λ is in the JSON report)\n")
	chosenCV, bestCV := r.Chosen.cv(), r.Best.cv()
	if cv != nil && r.K == 0 {
		chosenCV += cv.carried(r.Chosen, cv.pick(r.Choose))
	}
	if cv != nil {
		bestCV += cv.carried(r.Best, cv.Best)
	}
	fmt.Fprintf(w, "\nchosen:  λ=%.4g, %s, %s %.4f%s%s (%s)\n         %s\n",
		r.Chosen.Lambda, features(len(r.Chosen.Selected)), r.Metric, r.Chosen.ValMetric, balancedText(r.Chosen.Balanced), chosenCV, r.Rule, strings.Join(r.Chosen.Selected, ", "))
	fmt.Fprintf(w, "best:    λ=%.4g, %s, %s %.4f%s%s\n", r.Best.Lambda, features(len(r.Best.Selected)), r.Metric, r.Best.ValMetric, balancedText(r.Best.Balanced), bestCV)

	ranked := r.ranked()
	fmt.Fprintf(w, "\nimportance (λ at which each feature left the model; last to leave first):\n")
	for i, f := range ranked[:min(len(ranked), printedRanks)] {
		at := "never left"
		if f.LeftAt != nil {
			at = fmt.Sprintf("%.4g", *f.LeftAt)
		}
		fmt.Fprintf(w, "%4d  %-28s %s\n", i+1, f.Name, at)
	}
	if more := len(ranked) - printedRanks; more > 0 {
		fmt.Fprintf(w, "      and %d more (every feature's left_at is in the JSON report; the --html page ranks them all)\n", more)
	}
	if cv := r.CV; cv != nil {
		b, c := cv.Best, cv.pick(r.Choose)
		fmt.Fprintf(w, "\ncross-validation: %d folds; best mean %s %.4f ± %.4f at λ=%.4g (%.1f features on average)\n",
			cv.Folds, r.Metric, cv.Metric[b], cv.SE[b], cv.Lambdas[b], cv.Selected[b])
		if r.K == 0 {
			fmt.Fprintf(w, "                  the rule's: mean %.4f ± %.4f at λ=%.4g (%.1f features on average), carried to the\n"+
				"                  main path's first λ with at most that many: λ=%.4g, %d features\n",
				cv.Metric[c], cv.SE[c], cv.Lambdas[c], cv.Selected[c], r.Chosen.Lambda, len(r.Chosen.Selected))
		}
	}
	if r.Refit != nil {
		by := ""
		if r.Refit.Method != "" {
			by = fmt.Sprintf(" (by %s, --refit-method)", r.Refit.Method)
		}
		fmt.Fprintf(w, "\nrefit on the %d chosen %s without the penalty%s: %s %.4f (on the path: %.4f)%s; val_loss %.4f (%.4f)\n",
			len(r.Refit.Features), featureWord(len(r.Refit.Features)), by, r.Metric, r.Refit.ValMetric, r.Refit.PathMetric, balancedText(r.Refit.Balanced), r.Refit.ValLoss, r.Refit.PathValLoss)
		if r.Refit.TargetR2 != nil {
			fmt.Fprintf(w, "         val_r2 of each target: %s\n", r.Dataset.targetLine(r.Refit.TargetR2))
		}
		if a := r.Refit.AllRows; a != nil {
			fmt.Fprintf(w, "then on the training and validation rows together (%d rows) for its best %d epochs (--refit-all): the final model, which --save writes and --test-frac scores\n", a.Rows, a.Epochs)
		}
	}
	r.printEstimate(w)
	if s := r.Stability; s != nil {
		region := fmt.Sprintf("over λ in [%.4g, %.4g]", s.RegionLow, s.RegionHigh)
		if s.RegionHigh == 0 {
			region = "over no λ: at every λ the paths keep too many features on average for the bound"
		}
		fmt.Fprintf(w, "\nstability selection: %d halves, threshold %.2g, %s\n", s.Subsamples, s.Threshold, region)
		stable := strings.Join(s.Stable, ", ")
		if stable == "" {
			stable = fmt.Sprintf("none (none reached a selection probability of %.2g over that region)", s.Threshold)
		}
		fmt.Fprintf(w, "stable features: %s\n", stable)
		fmt.Fprintf(w, "expected number of false selections <= %.2f (Meinshausen & Bühlmann 2010, q=%.2f)\n", s.Bound, s.Q)
	}
	if r.Model != "" && r.Model != "-" {
		how := "refitted"
		if a := r.Refit.allRows(); a != nil {
			how = fmt.Sprintf("refitted on all %d rows", a.Rows)
		}
		fmt.Fprintf(w, "\nmodel saved to %s (the %d chosen %s, %s)\n", r.Model, len(r.Chosen.Selected), featureWord(len(r.Chosen.Selected)), how)
	}
	if r.SelectedTable != "" && r.SelectedTable != "-" {
		fmt.Fprintf(w, "the chosen columns and the target written to %s\n", r.SelectedTable)
	}
	if r.Status != "ok" {
		fmt.Fprintf(w, "\nstatus: %s\n", r.statusText())
	}
}

// statusText is the status and its error, but for an interrupted run,
// whose error (Go's "context canceled") would say nothing more.
func (r *Path) statusText() string {
	if r.Status == "interrupted" && r.Error == context.Canceled.Error() {
		return r.Status
	}
	return r.Status + ": " + r.Error
}

// marks returns the marks of the table's row k: the chosen λ with its
// rule's name (and the refit's score beside the path's), the best, and
// with folds (cv not nil) the points the rules picked on the mean curve
// when the choice was carried from them to another row.
func (r *Path) marks(k int, cv *CV) string {
	var m []string
	if k == r.Chosen.Index {
		c := "chosen (" + r.Choose + ")"
		if r.Refit != nil {
			c += fmt.Sprintf(", refit %.4f", r.Refit.ValMetric)
		}
		m = append(m, c)
	}
	if k == r.Best.Index {
		if cv != nil {
			m = append(m, "best cross-validated "+r.Metric)
		} else {
			m = append(m, "best "+r.Metric)
		}
	}
	if cv != nil {
		if k == cv.Best && k != r.Best.Index {
			m = append(m, "best mean")
		}
		if r.K == 0 && r.Choose == regularize.Choose1SE && k == cv.OneSE && k != r.Chosen.Index {
			m = append(m, "1se on the mean")
		}
	}
	if len(m) == 0 {
		return ""
	}
	return "  <- " + strings.Join(m, "; ")
}

// features counts features in words: "1 feature", "7 features".
func features(n int) string { return fmt.Sprintf("%d %s", n, featureWord(n)) }

// featureWord is "feature" or "features", as n asks.
func featureWord(n int) string {
	if n == 1 {
		return "feature"
	}
	return "features"
}

// carried returns where the cross-validated score of c was measured when
// that is another point than c's own (c was carried from point k of the
// curve by the number of features): the table's row of c shows the
// curve at c's λ, which is not the score that chose it.
func (cv *CV) carried(c Choice, k int) string {
	if k == c.Index || k < 0 || k >= len(cv.Lambdas) {
		return ""
	}
	return fmt.Sprintf(" at λ=%.4g", cv.Lambdas[k])
}

// pick returns the point of the curve that the rule named choose picked.
func (cv *CV) pick(choose string) int {
	if choose == regularize.ChooseMin {
		return cv.Best
	}
	return cv.OneSE
}

// printEstimate says what the chosen model can be expected to score on
// new rows, and on what ground: the held-out test rows, or else the rows
// that chose λ, whose score is optimistic.
func (r *Path) printEstimate(w io.Writer) {
	name := strings.TrimPrefix(r.Metric, "val_")
	if r.Refit == nil {
		fmt.Fprintln(w)
	}
	switch {
	case r.Test != nil:
		rmse := ""
		switch {
		case r.Test.RMSE != nil:
			rmse = fmt.Sprintf(", RMSE %.4g", *r.Test.RMSE)
		case r.Test.SE != nil:
			rmse = fmt.Sprintf(" ± %.4f", *r.Test.SE)
		case r.Test.TargetR2 != nil:
			rmse = fmt.Sprintf(" (the mean of %s)", r.Dataset.targetLine(r.Test.TargetR2))
		}
		by := "the refitted model"
		if r.Refit.allRows() != nil {
			by = "the model refitted on all the other rows (--refit-all)"
		}
		fmt.Fprintf(w, "test:    %s %.4f%s on the %d rows held out before the selection (--test-frac), by %s\n", name, r.Test.Metric, rmse, r.Test.Rows, by)
	case r.Dataset.TestRows > 0:
		fmt.Fprintf(w, "test:    not scored: the run ended before the refit (%d rows held out by --test-frac)\n", r.Dataset.TestRows)
	case r.CV != nil && r.K > 0 && r.CV.AtK != nil:
		a, kept, fewest := r.CV.AtK, len(r.Chosen.Selected), ""
		if a.Selected != float64(kept) {
			fewest = fmt.Sprintf(", or the fewest above (%.1f on average)", a.Selected)
		}
		fmt.Fprintf(w, "estimate: %s %.4f ± %.4f, cross-validated: the best λ of each of %d folds' own paths among those that keep %s%s (it chose λ, so it leans optimistic; --test-frac holds out rows scored once)\n", name, a.Metric, a.SE, a.Folds, features(kept), fewest)
	case r.CV != nil && r.K > 0:
		fmt.Fprintf(w, "estimate: none cross-validated: no fold's path kept %s or more (--test-frac holds out rows scored once)\n", features(len(r.Chosen.Selected)))
	case r.CV != nil && r.K == 0:
		c := r.CV.pick(r.Choose)
		fmt.Fprintf(w, "estimate: %s %.4f ± %.4f, cross-validated at the rule's λ (it chose λ, so it leans optimistic; --test-frac holds out rows scored once)\n", name, r.CV.Metric[c], r.CV.SE[c])
	case r.Refit != nil:
		before := ""
		if r.Refit.allRows() != nil {
			before = " (before --refit-all retrained it on them)"
		}
		fmt.Fprintf(w, "estimate: %s %.4f by the refitted model on the validation rows that chose λ%s (optimistic; --folds or --test-frac give a fairer one)\n", name, r.Refit.ValMetric, before)
	default:
		fmt.Fprintf(w, "estimate: %s %.4f on the validation rows that chose λ (optimistic; --folds or --test-frac give a fairer one)\n", name, r.Chosen.ValMetric)
	}
}

// cv returns the cross-validated score of a choice for the printed line.
func (c Choice) cv() string {
	if c.CVMetric == nil {
		return ""
	}
	return fmt.Sprintf(", cross-validated %.4f", *c.CVMetric)
}

// printedRanks is how many features of the importance ranking the text
// prints: a wide table's hundreds of lines would bury the rest.
const printedRanks = 30

// ranked returns the features in the path's order of importance
// (regularize.PathResult.Ranked): the last to leave (or never) first. A
// report not made by NewPath (read from JSON) has no weights to break
// ties with: its features are ordered by left_at alone.
func (r *Path) ranked() []Importance {
	if r.order == nil {
		ranked := slices.Clone(r.Features)
		slices.SortStableFunc(ranked, func(a, b Importance) int { return cmp.Compare(leftAt(b), leftAt(a)) })
		return ranked
	}
	ranked := make([]Importance, len(r.order))
	for i, j := range r.order {
		ranked[i] = r.Features[j]
	}
	return ranked
}

// leftAt is the λ at which a feature left, +Inf when it never did.
func leftAt(f Importance) float64 {
	if f.LeftAt == nil {
		return math.Inf(1)
	}
	return *f.LeftAt
}
