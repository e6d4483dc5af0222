package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/featsel/featsel/model"
	"github.com/featsel/featsel/regularize"
)

// Run is what distinguishes one training run: the method and its
// settings, the learning rate, the network and the seed.
type Run struct {
	Spec      regularize.Spec
	LearnRate float64
	Hidden    []int
	Seed      uint64
	// Float32 says that the products were summed in single precision.
	Float32 bool
}

// Train is the report of one training run (featsel train, and each method
// of a comparison).
type Train struct {
	Status    string  `json:"status"`
	Method    string  `json:"method"`
	Lambda    float64 `json:"lambda"`
	Threshold float64 `json:"threshold,omitempty"`
	// Settings are the method's own settings (hier's M), which the JSON
	// holds as top-level keys ("hier_m": 10).
	Settings  map[string]float64 `json:"-"`
	LearnRate float64            `json:"lr"`
	Hidden    []int              `json:"hidden"`
	Seed      uint64             `json:"seed"`
	// DType is "float32" when the products were summed in single
	// precision (--dtype float32), empty for float64.
	DType         string    `json:"dtype,omitempty"`
	Dataset       Dataset   `json:"dataset"`
	Features      []Feature `json:"features"`
	Selected      []string  `json:"selected"`
	SelectionRule string    `json:"selection_rule"`
	WeightMeaning string    `json:"weight_meaning"`
	ExactZeros    int       `json:"exact_zeros"`
	Small         int       `json:"small"`
	Hovering      int       `json:"hovering"`
	Truth         *Truth    `json:"truth,omitempty"`
	// ClassWeight is "balanced" when the loss weighed the classes
	// (model.Config.BalanceClasses), with ClassWeights the weight of each
	// class in the order of the dataset's labels; the metrics then hold
	// val_balanced_accuracy.
	ClassWeight  string    `json:"class_weight,omitempty"`
	ClassWeights []float64 `json:"class_weights,omitempty"`
	// Recalls is each class's recall on the validation rows, by label,
	// with class weights.
	Recalls map[string]float64 `json:"val_recall,omitempty"`
	// TargetR2 is each target's validation R², by name, with several
	// targets (val_r2 in Metrics is their mean).
	TargetR2  map[string]float64 `json:"val_r2_targets,omitempty"`
	Metrics   map[string]float64 `json:"metrics"`
	Epochs    int                `json:"epochs"`
	BestEpoch int                `json:"best_epoch"`
	Steps     int                `json:"steps"`
	Seconds   float64            `json:"seconds"`
	History   []Epoch            `json:"history"`
	Error     string             `json:"error,omitempty"`
	// DivergedEpoch is the epoch in which the loss stopped being finite.
	DivergedEpoch int `json:"diverged_epoch,omitempty"`
	// Model is the file the trained model was saved to.
	Model string `json:"model,omitempty"`
}

// MarshalJSON writes the report with the method's settings as top-level
// keys, after the others.
func (r *Train) MarshalJSON() ([]byte, error) {
	type plain Train
	b, err := json.Marshal((*plain)(r))
	if err != nil || len(r.Settings) == 0 {
		return b, err
	}
	b = b[:len(b)-1] // the closing brace
	for _, k := range slices.Sorted(maps.Keys(r.Settings)) {
		v, err := json.Marshal(r.Settings[k])
		if err != nil {
			return nil, err
		}
		key, _ := json.Marshal(k)
		b = append(append(append(append(b, ','), key...), ':'), v...)
	}
	return append(b, '}'), nil
}

// hovers says whether the report's method leaves unused weights hovering
// near zero (graph-level L1 with Adam) rather than at zero.
func (r *Train) hovers() bool {
	s := regularize.Spec{Method: r.Method, Threshold: r.Threshold}
	return s.Validate() == nil && s.Hovers()
}

// Feature is one input feature's final weight and whether it is selected.
type Feature struct {
	Name     string `json:"name"`
	Weight   Number `json:"weight"`
	Selected bool   `json:"selected"`
}

// Truth scores a selection against known informative features.
type Truth struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Epoch is one epoch of the training history.
type Epoch struct {
	Epoch     int    `json:"epoch"`
	TrainLoss Number `json:"train_loss"`
	ValLoss   Number `json:"val_loss"`
	ValMetric Number `json:"val_metric"`
}

// NewTrain reports a run on data d with the given feature names: the
// final weights (Spec.Weights), what training returned, how long it took
// and how it ended (err, from model.Train).
func NewTrain(run Run, d Dataset, names []string, weights []float64, res *model.Result, elapsed time.Duration, err error) *Train {
	if res == nil {
		res = &model.Result{} // training did not start
	}
	sum := run.Spec.Summarize(weights, run.LearnRate)
	r := &Train{
		Method: run.Spec.Method, Lambda: run.Spec.Lambda, Threshold: run.Spec.Threshold, Settings: run.Spec.SettingValues(),
		LearnRate: run.LearnRate, Hidden: run.Hidden, Seed: run.Seed, DType: dtype(run.Float32),
		Dataset:       d,
		Selected:      []string{},
		SelectionRule: sum.Rule(),
		WeightMeaning: run.Spec.WeightMeaning(),
		ExactZeros:    sum.ExactZeros, Small: sum.Small, Hovering: sum.Hovering,
		Metrics:   map[string]float64{},
		Epochs:    len(res.History),
		BestEpoch: res.BestEpoch,
		Steps:     res.Steps,
		Seconds:   seconds(elapsed),
	}
	for j, w := range weights {
		r.Features = append(r.Features, Feature{Name: names[j], Weight: Number(w), Selected: sum.Mask[j]})
		if sum.Mask[j] {
			r.Selected = append(r.Selected, names[j])
		}
	}
	setFinite(r.Metrics, "val_loss", res.ValLoss)
	setFinite(r.Metrics, metricName(d.Task), res.ValMetric)
	if res.ClassWeights != nil {
		r.ClassWeight, r.ClassWeights = "balanced", res.ClassWeights
		r.Recalls = map[string]float64{}
		for c, v := range res.ValRecalls {
			if c < len(d.Labels) {
				setFinite(r.Recalls, d.Labels[c], v)
			}
		}
		setFinite(r.Metrics, balancedName, res.ValBalancedAccuracy)
	}
	r.TargetR2 = d.targetMetrics(res.ValTargetR2)
	for _, e := range res.History {
		r.History = append(r.History, Epoch{e.Epoch, Number(e.TrainLoss), Number(e.ValLoss), Number(e.ValMetric)})
	}
	r.Status, r.DivergedEpoch = status(err)
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

// seconds rounds a duration to milliseconds, in seconds.
func seconds(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

// setFinite stores v under key unless it is NaN or infinite, which JSON
// cannot hold.
func setFinite(m map[string]float64, key string, v float64) {
	if !math.IsNaN(v) && !math.IsInf(v, 0) {
		m[key] = v
	}
}

// SetTruth scores the selection against the informative features, when
// they are known (informative is nil otherwise).
func (r *Train) SetTruth(informative []bool) {
	if informative == nil {
		return
	}
	selected := make([]bool, len(r.Features))
	for j, f := range r.Features {
		selected[j] = f.Selected
	}
	p, rc, f1 := regularize.Score(selected, informative)
	r.Truth = &Truth{Precision: p, Recall: rc, F1: f1}
}

// Print writes the report for people: the run, and the features ranked by
// their weight.
func (r *Train) Print(w io.Writer) {
	d := r.Dataset
	fmt.Fprintf(w, "data:     %s: %d rows, %s, %s\n", d.Source, d.Rows, d.features(), d.target())
	d.printStream(w, "          ")
	d.printColumns(w, "columns:  ")
	task := d.Task
	if d.Classes > 0 {
		task += fmt.Sprintf(" (%d classes: %s)", d.Classes, strings.Join(d.Labels, ", "))
	}
	fmt.Fprintf(w, "task:     %s\n", task)
	fmt.Fprintf(w, "split:    %d training rows, %d validation rows (seed %d)\n", d.TrainRows, d.ValRows, r.Seed)
	if d.MissingRows > 0 || d.DroppedRows > 0 {
		fmt.Fprintf(w, "missing:  %d rows with a missing feature value, %d rows dropped\n", d.MissingRows, d.DroppedRows)
	}
	fmt.Fprintf(w, "method:   %s, lambda %g, lr %g, hidden %v", r.Method, r.Lambda, r.LearnRate, r.Hidden)
	if r.Threshold > 0 {
		fmt.Fprintf(w, ", threshold %g", r.Threshold)
	}
	if r.ClassWeight != "" {
		fmt.Fprintf(w, ", class weight %s", r.ClassWeight)
	}
	if r.DType != "" {
		fmt.Fprintf(w, ", %s products", r.DType)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "training: %d epochs, %d steps, %.2fs (best validation loss at epoch %d)\n", r.Epochs, r.Steps, r.Seconds, r.BestEpoch)
	fmt.Fprintf(w, "result:   %s\n", metricsLine(r.Metrics))
	if r.TargetR2 != nil {
		fmt.Fprintf(w, "          val_r2 of each target: %s\n", d.targetLine(r.TargetR2))
	}
	fmt.Fprintln(w)

	ranked := r.ranked()
	width := len("feature")
	for _, f := range ranked {
		width = max(width, len(f.Name))
	}
	fmt.Fprintf(w, "%4s  %-*s  %10s  %s\n", "rank", width, "feature", "|weight|", "selected")
	for i, f := range ranked {
		mark := ""
		if f.Selected {
			mark = "*"
		}
		fmt.Fprintf(w, "%4d  %-*s  %10.4g  %s\n", i+1, width, f.Name, math.Abs(float64(f.Weight)), mark)
	}
	fmt.Fprintf(w, "\nweight: %s\n", r.WeightMeaning)
	fmt.Fprintf(w, "selected %d of %d features (%s)\n", len(r.Selected), d.Features, r.SelectionRule)
	fmt.Fprintf(w, "exact zeros: %d; small but not zero: %d", r.ExactZeros, r.Small)
	if r.hovers() {
		fmt.Fprint(w, " (graph-level L1 with Adam leaves unused weights hovering near zero, never at zero)")
	}
	fmt.Fprintln(w)
	if r.Model != "" {
		fmt.Fprintf(w, "model saved to %s\n", r.Model)
	}
	if r.Status != "ok" {
		fmt.Fprintf(w, "status: %s\n", r.Status)
	}
}

// balancedName is the name of the validation balanced accuracy, the mean
// of the classes' recalls, reported beside the accuracy when the loss
// weighed the classes.
const balancedName = "val_balanced_accuracy"

func metricsLine(m map[string]float64) string {
	var parts []string
	for _, k := range []string{"val_loss", "val_accuracy", balancedName, "val_r2", "val_c_index"} {
		if v, ok := m[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %.4f", k, v))
		}
	}
	return strings.Join(parts, ", ")
}

// dtype names the precision of the products in a report: "float32", or
// "" for float64, the default.
func dtype(single bool) string {
	if single {
		return "float32"
	}
	return ""
}

// ranked returns the features by |weight|, largest first (ties in file
// order).
func (r *Train) ranked() []Feature {
	ranked := slices.Clone(r.Features)
	slices.SortStableFunc(ranked, func(a, b Feature) int { return cmp.Compare(math.Abs(float64(b.Weight)), math.Abs(float64(a.Weight))) })
	return ranked
}
