package model_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/featsel/featsel/data"
	"github.com/featsel/featsel/model"
)

// Train the standard selection-layer network with graph-level L1 and read
// the features it ranks first. On XOR data the class depends on x0·x1
// only, and neither feature alone says anything about it.
func Example() {
	ds, _ := data.XOR(600, 6, rand.New(rand.NewPCG(1, 1)))
	train, val, _, err := data.Prepare(ds, 0.2, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	net, err := model.New(train, model.MLP{Hidden: []int{16}}, rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := model.Train(context.Background(), net, train, val, model.Config{Lambda: 0.02, LearnRate: 0.01, Epochs: 60})
	if err != nil {
		fmt.Println(err)
		return
	}
	theta := net.Theta()
	order := []int{0, 1, 2, 3, 4, 5}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(math.Abs(theta[b]), math.Abs(theta[a])) })
	top := []string{ds.Features[order[0]], ds.Features[order[1]]}
	slices.Sort(top)
	fmt.Println("first two features:", top)
	fmt.Println("validation accuracy above 0.9:", res.ValMetric > 0.9)
	// Output:
	// first two features: [x0 x1]
	// validation accuracy above 0.9: true
}
