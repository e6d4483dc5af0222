package model

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
)

// A network too large for the machine would end the process with the Go
// runtime's out-of-memory crash, which no recover catches. Building a
// graph therefore adds up what its tensors will take and refuses, with
// the sizes, a network that cannot fit.

// perParam is how many float64 copies of a parameter training keeps: the
// values, the gradient and Adam's two moments.
const perParam = 4

// perActivation is how many float64 copies of a layer's output a step
// keeps: the output, its gradient and the gradient through its ReLU.
const perActivation = 3

// availableMemory returns the bytes this process can still take: the
// system's available memory, or its control group's limit less its usage
// when that is smaller; 0 when neither can be read (no check is made).
var availableMemory = sync.OnceValue(func() uint64 {
	avail := meminfoAvailable()
	if limit, used := cgroupMemory(); limit > 0 && limit > used {
		if left := limit - used; avail == 0 || left < avail {
			avail = left
		}
	}
	return avail
})

// meminfoAvailable reads MemAvailable from /proc/meminfo (Linux).
func meminfoAvailable() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// cgroupMemory reads the control group's memory limit and usage (cgroup
// v2, then v1); 0 when there is none.
func cgroupMemory() (limit, used uint64) {
	read := func(path string) uint64 {
		b, err := os.ReadFile(path)
		if err != nil {
			return 0
		}
		v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		if err != nil {
			return 0 // "max": no limit
		}
		return v
	}
	if limit = read("/sys/fs/cgroup/memory.max"); limit > 0 {
		return limit, read("/sys/fs/cgroup/memory.current")
	}
	return read("/sys/fs/cgroup/memory/memory.limit_in_bytes"), read("/sys/fs/cgroup/memory/memory.usage_in_bytes")
}

// sizeError is a network that does not fit in memory; build turns the
// panic that carries it into an error.
type sizeError struct {
	what        string
	need, avail uint64
}

func (e sizeError) Error() string {
	return fmt.Sprintf("model: %s would take %s, more than the %s of memory available; use smaller layers (or batches)", e.what, gib(e.need), gib(e.avail))
}

func gib(b uint64) string { return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30)) }

// elements returns the number of values of a tensor of that shape, or
// math.MaxInt when it overflows.
func elements(shape []int) int {
	n := 1
	for _, d := range shape {
		if d > 0 && n > math.MaxInt/d {
			return math.MaxInt
		}
		n *= d
	}
	return n
}

// reserve adds values float64 copies to what the graph being built will
// take, and panics with a sizeError when that no longer fits.
func (s *Scope) reserve(what string, values int) {
	bytes := uint64(math.MaxUint64)
	if values < math.MaxInt/8 {
		bytes = uint64(values) * 8
	}
	s.bytes += bytes
	if avail := availableMemory(); avail > 0 && s.bytes > avail {
		panic(sizeError{what: what, need: s.bytes, avail: avail})
	}
}
