package data

import "math/rand/v2"

// Batcher deals the rows 0..n-1 into mini-batches of a fixed size, in a new
// random order every epoch. Only full batches are dealt: the n mod size rows
// left over in an epoch are skipped, and being shuffled they differ from
// epoch to epoch. (featsel's graphs have a fixed batch shape.)
type Batcher struct {
	order []int
	size  int
	rng   *rand.Rand
}

// NewBatcher returns a Batcher of batches of size rows from n rows; size is
// clamped to n.
func NewBatcher(n, size int, rng *rand.Rand) *Batcher {
	if n <= 0 || size <= 0 {
		panic("data: batcher needs rows and a positive batch size")
	}
	return &Batcher{order: seq(n), size: min(size, n), rng: rng}
}

// Size returns the number of rows in a batch.
func (b *Batcher) Size() int { return b.size }

// Batches returns the number of batches in an epoch.
func (b *Batcher) Batches() int { return len(b.order) / b.size }

// Shuffle starts a new epoch in a new random order.
func (b *Batcher) Shuffle() {
	b.rng.Shuffle(len(b.order), func(i, j int) { b.order[i], b.order[j] = b.order[j], b.order[i] })
}

// Batch returns the row indices of batch k of the current epoch. The slice
// aliases the Batcher and changes at the next Shuffle.
func (b *Batcher) Batch(k int) []int {
	return b.order[k*b.size : (k+1)*b.size]
}
