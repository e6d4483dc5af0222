package model

import (
	"context"
	"runtime"
	"testing"

	"github.com/featsel/featsel/data"
)

// TestTrainReleasesGraphs: every Train call compiles two graphs; they must
// be collected afterwards. (A Read node pointing into the struct that held
// the tape machine once made a cycle through the machine's finalizer, and
// each call leaked about 3 MB here; the heap now stays flat.)
func TestTrainReleasesGraphs(t *testing.T) {
	ds, _ := data.Friedman1(512, 30, 1, seededRand(1))
	train, val := prepared(t, ds)
	net := newTestNet(t, ds, MLP{Hidden: []int{100}})
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.GC() // the second cycle frees what finalizers released
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	for range 40 {
		if _, err := Train(context.Background(), net, train, val, Config{Epochs: 2, BatchSize: 1000}); err != nil {
			t.Fatal(err)
		}
	}
	if grown := int64(heap()) - int64(before); grown > 30<<20 {
		t.Errorf("the heap grew by %d MiB over 40 Train calls", grown>>20)
	}
}
