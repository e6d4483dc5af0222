package data

import (
	"fmt"
	"math"
	"strconv"
)

// Task is the kind of target: a real value, a class, or a time to an event.
type Task int

const (
	// Auto asks ReadCSV to detect the task with [DetectTask]'s rule.
	Auto Task = iota
	Regression
	Classification
	// Survival is a time to an event that may be censored: the target
	// column holds the times and CSVOptions.Event names the column of
	// events (Dataset.Events), as for a Cox model.
	Survival
)

// MaxIntegerClasses is the largest number of distinct integer target values
// that [DetectTask] reads as classes rather than as a regression target.
const MaxIntegerClasses = 10

func (t Task) String() string {
	switch t {
	case Auto:
		return "auto"
	case Regression:
		return "regression"
	case Classification:
		return "classification"
	case Survival:
		return "survival"
	}
	return fmt.Sprintf("Task(%d)", int(t))
}

// ParseTask reads "auto", "regression", "classification" or "survival".
func ParseTask(s string) (Task, error) {
	for _, t := range []Task{Auto, Regression, Classification, Survival} {
		if s == t.String() {
			return t, nil
		}
	}
	return Auto, fmt.Errorf("data: unknown task %q (want auto, regression, classification or survival)", s)
}

// DetectTask applies featsel's rule to the values of a target column: the
// task is classification when any value is not a number, or when every value
// is an integer and there are at most [MaxIntegerClasses] distinct values;
// otherwise it is regression.
func DetectTask(values []string) Task {
	distinct := make(map[float64]struct{})
	integers := true
	for _, s := range values {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return Classification
		}
		if v != math.Trunc(v) {
			integers = false
		}
		distinct[v] = struct{}{}
	}
	if integers && len(distinct) <= MaxIntegerClasses {
		return Classification
	}
	return Regression
}
