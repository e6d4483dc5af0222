package model

import (
	"fmt"
	"math"

	"github.com/featsel/featsel/data"
)

// accuracy returns the fraction of rows whose largest logit is the true class.
func accuracy(out []float64, classes int, y []float64) float64 {
	correct := 0
	for i, t := range y {
		if argmax(out[i*classes:(i+1)*classes]) == int(t) {
			correct++
		}
	}
	return float64(correct) / float64(len(y))
}

func argmax(v []float64) int {
	best := 0
	for k, x := range v {
		if x > v[best] {
			best = k
		}
	}
	return best
}

// meanR2 returns the mean over the k targets of their r2, the values of
// pred and y being row-major, k a row, as scikit-learn's r2_score with its
// default multioutput="uniform_average".
func meanR2(pred, y []float64, k int) float64 {
	if k == 1 {
		return r2(pred, y)
	}
	sum := 0.0
	for t := range k {
		sum += r2(column(pred, k, t), column(y, k, t))
	}
	return sum / float64(k)
}

// column returns column t of a row-major table of k columns.
func column(v []float64, k, t int) []float64 {
	out := make([]float64, 0, len(v)/k)
	for i := t; i < len(v); i += k {
		out = append(out, v[i])
	}
	return out
}

// r2 returns the coefficient of determination 1 − Σ(y−ŷ)²/Σ(y−ȳ)², as
// scikit-learn's r2_score: 1 is a perfect fit, 0 the mean's. It is NaN for a
// constant y.
func r2(pred, y []float64) float64 {
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var res, tot float64
	for i, v := range y {
		res += (v - pred[i]) * (v - pred[i])
		tot += (v - mean) * (v - mean)
	}
	if tot == 0 {
		return math.NaN()
	}
	return 1 - res/tot
}

// metric returns the validation metric of a task on the rows of ds:
// accuracy for classification, R² for regression, the concordance index
// for survival.
func metric(task data.Task, out []float64, outputs int, ds *data.Dataset) float64 {
	switch task {
	case data.Classification:
		return accuracy(out, outputs, ds.Y)
	case data.Survival:
		return ConcordanceIndex(out, ds.Y, ds.Events).Index
	}
	return meanR2(out, ds.Y, outputs)
}

// metricSE returns the standard error of the validation metric over rows,
// treating the rows as independent draws: √(p(1−p)/n) for an accuracy p;
// for the (mean) R², sd(q)/√n of each row's q = mean over the targets of
// (squared error)/Var(y), the standard error of the mean squared error in
// units of the variance; for the concordance index, its jackknife
// standard error (see Concordance).
func metricSE(task data.Task, out []float64, outputs int, ds *data.Dataset) float64 {
	switch task {
	case data.Classification:
		p := accuracy(out, outputs, ds.Y)
		return math.Sqrt(p * (1 - p) / float64(len(ds.Y)))
	case data.Survival:
		return ConcordanceIndex(out, ds.Y, ds.Events).SE
	}
	return meanR2SE(out, ds.Y, outputs)
}

// meanR2SE is metricSE's standard error of the mean R² of k targets.
func meanR2SE(out, y []float64, k int) float64 {
	rows := len(y) / k
	q := make([]float64, rows)
	for t := range k {
		yt := column(y, k, t)
		mean, variance := 0.0, 0.0
		for _, v := range yt {
			mean += v / float64(rows)
		}
		for _, v := range yt {
			variance += (v - mean) * (v - mean) / float64(rows)
		}
		for i, v := range yt {
			e := v - out[i*k+t]
			q[i] += e * e / variance / float64(k)
		}
	}
	mean, ss := 0.0, 0.0
	for _, v := range q {
		mean += v / float64(rows)
	}
	for _, v := range q {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss/float64(rows)) / math.Sqrt(float64(rows))
}

// BalancedAccuracy returns the mean over classes of the recall, the
// fraction of a class's rows whose largest logit is that class, as
// scikit-learn's balanced_accuracy_score; classes without rows in y are
// left out of the mean. out holds the logits [rows × classes] and y the
// classes.
func BalancedAccuracy(out []float64, classes int, y []float64) float64 {
	return meanRecall(Recalls(out, classes, y))
}

// meanRecall is the mean of the recalls of the classes that have rows.
func meanRecall(recalls []float64) float64 {
	sum, present := 0.0, 0
	for _, r := range recalls {
		if !math.IsNaN(r) {
			sum += r
			present++
		}
	}
	return sum / float64(present)
}

// Recalls returns the recall of each class: the fraction of its rows in y
// whose largest logit in out [rows × classes] is that class; NaN for a
// class without rows.
func Recalls(out []float64, classes int, y []float64) []float64 {
	rows := make([]int, classes)
	correct := make([]int, classes)
	for i, t := range y {
		c := int(t)
		rows[c]++
		if argmax(out[i*classes:(i+1)*classes]) == c {
			correct[c]++
		}
	}
	r := make([]float64, classes)
	for c, n := range rows {
		r[c] = float64(correct[c]) / float64(n)
	}
	return r
}

// BalancedClassWeights returns the weight n/(K·n_c) of each of the K
// classes, n being len(y) and n_c the rows of y of class c, as
// scikit-learn's compute_class_weight("balanced"); the rows' weights then
// sum to n. It refuses a class without rows, whose weight would be
// infinite.
func BalancedClassWeights(y []float64, classes int) ([]float64, error) {
	counts := make([]int, classes)
	for _, t := range y {
		counts[int(t)]++
	}
	w := make([]float64, classes)
	for c, n := range counts {
		if n == 0 {
			return nil, fmt.Errorf("model: class %d has no training rows, so it cannot be balanced; drop it or use more rows", c)
		}
		w[c] = float64(len(y)) / (float64(classes) * float64(n))
	}
	return w, nil
}
