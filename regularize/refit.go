package regularize

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// Refit trains the standard network on the selected features only, with
// no penalty, to remove the shrinkage the penalty left on the chosen model
// (the LassoNet paper does the same). cfg is used as is: set Patience for
// early stopping.
func Refit(ctx context.Context, train, val *data.Dataset, mask []bool, hidden []int, seed uint64, cfg model.Config) (*model.Net, *model.Result, error) {
	tr, va := train.Columns(mask), val.Columns(mask)
	if tr.Cols() == 0 {
		return nil, nil, fmt.Errorf("regularize: refit needs at least one selected feature")
	}
	net, err := model.New(tr, model.MLP{Hidden: hidden}, rand.New(rand.NewPCG(seed, 2)))
	if err != nil {
		return nil, nil, err
	}
	res, err := model.Train(ctx, net, tr, va, cfg)
	return net, res, err
}
