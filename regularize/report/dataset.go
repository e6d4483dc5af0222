package report

import "github.com/featsel/featsel/data"

// Dataset describes the data of a run.
type Dataset struct {
	Source    string   `json:"source"`
	Rows      int      `json:"rows"`
	Features  int      `json:"features"`
	Task      string   `json:"task"`
	Classes   int      `json:"classes,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	Target    string   `json:"target"`
	TrainRows int      `json:"train_rows"`
	ValRows   int      `json:"val_rows"`
	// TestRows counts the rows held out by --test-frac.
	TestRows int `json:"test_rows,omitempty"`
	// Delimiter is the field delimiter read (detected or given);
	// MissingRows the rows with a missing feature value (kept with
	// --missing mean, dropped with drop); DroppedRows the rows left out.
	Delimiter   string `json:"delimiter"`
	MissingRows int    `json:"missing_rows"`
	DroppedRows int    `json:"dropped_rows"`
}

// Describe describes the table all, read from source, split into train
// and val.
func Describe(source string, all, train, val *data.Dataset) Dataset {
	return Dataset{
		Source: source, Rows: all.Rows(), Features: all.Cols(), Task: all.Task.String(),
		Classes: len(all.Classes), Labels: all.Classes, Target: all.Target,
		TrainRows: train.Rows(), ValRows: val.Rows(),
		Delimiter: string(all.Delimiter), MissingRows: all.MissingRows, DroppedRows: all.DroppedRows,
	}
}

// metricName is the name of the validation metric of a task.
func metricName(task string) string {
	if task == data.Classification.String() {
		return "val_accuracy"
	}
	return "val_r2"
}
