package model

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
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
// system's available memory, or less when the control group it runs in
// (or one above it) has a limit nearer; 0 when none of it can be read, as
// off Linux, and then no check is made. It is read once.
var availableMemory = sync.OnceValue(func() uint64 {
	avail := meminfoAvailable("/proc/meminfo")
	if left := cgroupLeft("/proc/self/cgroup", "/sys/fs/cgroup"); left > 0 && (avail == 0 || left < avail) {
		avail = left
	}
	return avail
})

// meminfoAvailable reads MemAvailable from a /proc/meminfo.
func meminfoAvailable(path string) uint64 {
	f, err := os.Open(path)
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

// cgroupLeft returns what the memory limits of the process's control
// group and of the groups above it leave, the smallest of them: each
// limit less the group's working set (its usage without the file cache it
// can drop, as the kubelet counts it). procCgroup is the process's
// /proc/self/cgroup and root where the hierarchies are mounted; 0 when no
// group has a limit.
func cgroupLeft(procCgroup, root string) uint64 {
	b, err := os.ReadFile(procCgroup)
	if err != nil {
		return 0
	}
	var left uint64
	for line := range strings.Lines(string(b)) {
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 {
			continue
		}
		var dir, limitFile, usageFile, inactive string
		switch {
		case parts[0] == "0" && parts[1] == "": // cgroup v2
			dir, limitFile, usageFile, inactive = root, "memory.max", "memory.current", "inactive_file"
		case slices.Contains(strings.Split(parts[1], ","), "memory"): // v1
			dir, limitFile, usageFile, inactive = filepath.Join(root, "memory"), "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"
		default:
			continue
		}
		for g := filepath.Join(dir, parts[2]); strings.HasPrefix(g, dir); g = filepath.Dir(g) {
			limit := readUint(filepath.Join(g, limitFile))
			if limit > 0 && limit < 1<<60 { // larger means no limit
				used := readUint(filepath.Join(g, usageFile))
				used -= min(used, statValue(filepath.Join(g, "memory.stat"), inactive))
				if l := limit - min(limit, used); left == 0 || l < left {
					left = max(l, 1)
				}
			}
			if g == dir {
				break
			}
		}
	}
	return left
}

// readUint reads a file holding one number; 0 when it holds none ("max").
func readUint(path string) uint64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	v, _ := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	return v
}

// statValue reads the value of key in a memory.stat file.
func statValue(path, key string) uint64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key+" "); ok {
			n, _ := strconv.ParseUint(v, 10, 64)
			return n
		}
	}
	return 0
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
