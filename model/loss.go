package model

import (
	G "gorgonia.org/gorgonia"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model/internal/ops"
)

// Loss turns the network's output and the encoded targets of a batch into
// the mean data loss over the batch. Targets are encoded one-hot, one column
// per class, for classification, as one column per target for regression,
// and as two, the time and the event, for survival.
type Loss interface {
	Build(out, target *G.Node) (*G.Node, error)
}

// MSE is the mean squared error, the default loss for regression.
type MSE struct{}

// Build returns mean((out − target)²), in one node.
func (MSE) Build(out, target *G.Node) (*G.Node, error) {
	return ops.MeanSquaredError(out, target)
}

// CrossEntropy is the softmax cross-entropy of logits, in nats, the default
// loss for classification.
type CrossEntropy struct{}

// Build returns −mean_i Σ_k target_ik · log softmax(out_i)_k, in one node
// that shifts each row by its maximum (see [LogSoftmax] for the same
// function from elementary nodes).
func (CrossEntropy) Build(out, target *G.Node) (*G.Node, error) {
	return ops.SoftmaxCrossEntropy(out, target)
}

// LogSoftmax returns the row-wise log-softmax of a [rows × classes] node,
// z − max(z) − log Σ exp(z − max(z)), which neither overflows nor loses the
// large logits. It is built from elementary nodes because gorgonia's own
// SoftMax, LogSoftMax and LogSumExp are wrong in v0.9.18 (they take one
// maximum for the whole tensor).
func LogSoftmax(z *G.Node) (*G.Node, error) {
	m, err := G.Max(z, 1)
	if err != nil {
		return nil, err
	}
	shifted, err := G.BroadcastSub(z, m, nil, []byte{1})
	if err != nil {
		return nil, err
	}
	e, err := G.Exp(shifted)
	if err != nil {
		return nil, err
	}
	s, err := G.Sum(e, 1)
	if err != nil {
		return nil, err
	}
	lse, err := G.Log(s)
	if err != nil {
		return nil, err
	}
	return G.BroadcastSub(shifted, lse, nil, []byte{1})
}

// defaultLoss is the loss of a task when the configuration names none.
func defaultLoss(t data.Task) Loss {
	switch t {
	case data.Classification:
		return CrossEntropy{}
	case data.Survival:
		return Cox{}
	}
	return MSE{}
}
