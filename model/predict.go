package model

import (
	"fmt"
	"math"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model/internal/ops"
)

// Predict returns the network's outputs for every row of ds, row-major
// with Outputs() values per row: the logits of each class for
// classification, the (standardised) target for regression. ds must be
// standardised like the training data.
func (n *Net) Predict(ds *data.Dataset) ([]float64, error) {
	if ds.Cols() != n.features {
		return nil, fmt.Errorf("model: network has %d features, the data %d", n.features, ds.Cols())
	}
	if ds.Rows() == 0 {
		return nil, nil
	}
	c, err := n.newChunks(ds, buildOptions{}, false)
	if err != nil {
		return nil, err
	}
	if _, err := c.run(); err != nil {
		return nil, err
	}
	return c.out, nil
}

// Softmax turns each row of logits (classes values per row) into
// probabilities, in place.
func Softmax(logits []float64, classes int) {
	for i := 0; i < len(logits); i += classes {
		row := logits[i : i+classes]
		lse := ops.LogSumExp(row)
		for k := range row {
			row[k] = math.Exp(row[k] - lse)
		}
	}
}
