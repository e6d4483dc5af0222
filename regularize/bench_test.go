package regularize

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/featsel/featsel/model"
)

func BenchmarkProx(b *testing.B) {
	for _, d := range []int{50, 5000} {
		w := make([]float64, d*64)
		r := rand.New(rand.NewPCG(1, 1))
		fill := func() {
			for i := range w {
				w[i] = r.NormFloat64()
			}
		}
		ops := []struct {
			name string
			p    Prox
		}{{"L1", L1{Lambda: 0.1}}, {"Group", Group{Lambda: 0.1, Size: 64}}}
		for _, op := range ops {
			b.Run(fmt.Sprintf("%s/n=%d", op.name, len(w)), func(b *testing.B) {
				fill()
				b.ReportAllocs()
				for b.Loop() {
					op.p.Prox(w, model.Scaling[float64]{LR: 1e-3})
				}
			})
		}
		b.Run(fmt.Sprintf("HierProx/features=%d/width=64", d), func(b *testing.B) {
			fill()
			beta := make([]float64, d)
			for i := range beta {
				beta[i] = r.NormFloat64()
			}
			scratch := make([]float64, 64)
			b.ReportAllocs()
			for b.Loop() {
				for j := range d {
					HierProx(beta[j:j+1], w[j*64:(j+1)*64], 1e-3, 10, scratch)
				}
			}
		})
	}
}
