package model

import (
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

// metric returns the validation metric of a task: accuracy for
// classification, R² for regression.
func metric(task data.Task, out []float64, outputs int, y []float64) float64 {
	if task == data.Classification {
		return accuracy(out, outputs, y)
	}
	return r2(out, y)
}

// metricSE returns the standard error of the validation metric over rows,
// treating the rows as independent draws: √(p(1−p)/n) for an accuracy p;
// for R² = 1 − MSE/Var(y), sd(squared error)/(√n·Var(y)), the standard
// error of the mean squared error in units of the variance.
func metricSE(task data.Task, out []float64, outputs int, y []float64) float64 {
	n := float64(len(y))
	if task == data.Classification {
		p := accuracy(out, outputs, y)
		return math.Sqrt(p * (1 - p) / n)
	}
	var mean, variance, meanSq, varSq float64
	for i, v := range y {
		mean += v
		e := v - out[i]
		meanSq += e * e
	}
	mean /= n
	meanSq /= n
	for i, v := range y {
		variance += (v - mean) * (v - mean)
		e := v - out[i]
		varSq += (e*e - meanSq) * (e*e - meanSq)
	}
	variance /= n
	return math.Sqrt(varSq/n) / math.Sqrt(n) / variance
}
