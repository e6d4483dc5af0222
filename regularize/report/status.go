package report

import (
	"context"
	"errors"

	"github.com/featsel/featsel/model"
)

// status says how a run ended: "ok", "interrupted" (its context was
// cancelled), "diverged" (with the epoch) or "failed".
func status(err error) (s string, divergedEpoch int) {
	switch de, diverged := errors.AsType[*model.DivergedError](err); {
	case err == nil:
		return "ok", 0
	case errors.Is(err, context.Canceled):
		return "interrupted", 0
	case diverged:
		return "diverged", de.Epoch
	}
	return "failed", 0
}
