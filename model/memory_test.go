package model

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCgroupLeft: the memory a control group leaves is its limit less its
// working set (usage without inactive file cache), the tightest of the
// process's group and the groups above it, in cgroup v1 and v2 layouts;
// a group without a limit leaves no bound.
func TestCgroupLeft(t *testing.T) {
	root := t.TempDir()
	write := func(path, content string) {
		t.Helper()
		full := filepath.Join(root, path)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// v1: the process's group has no limit; its parent has 4 GiB, of which
	// 3 GiB are used, 2 GiB of that inactive cache: 3 GiB are left.
	write("memory/app/job/memory.limit_in_bytes", "9223372036854771712\n")
	write("memory/app/job/memory.usage_in_bytes", "100\n")
	write("memory/app/memory.limit_in_bytes", "4294967296\n")
	write("memory/app/memory.usage_in_bytes", "3221225472\n")
	write("memory/app/memory.stat", "cache 2147483648\ntotal_inactive_file 2147483648\n")
	write("v1", "4:memory:/app/job\n0::/\n")
	if got := cgroupLeft(filepath.Join(root, "v1"), root); got != 3<<30 {
		t.Errorf("v1: %d bytes left, want %d", got, uint64(3<<30))
	}
	// v2: a 1 GiB limit with 256 MiB in use, none of it cache.
	write("v2root/svc/memory.max", "1073741824\n")
	write("v2root/svc/memory.current", "268435456\n")
	write("v2root/svc/memory.stat", "inactive_file 0\n")
	write("v2", "0::/svc\n")
	if got := cgroupLeft(filepath.Join(root, "v2"), filepath.Join(root, "v2root")); got != 768<<20 {
		t.Errorf("v2: %d bytes left, want %d", got, uint64(768<<20))
	}
	write("none", "0::/\n")
	if got := cgroupLeft(filepath.Join(root, "none"), filepath.Join(root, "v2root")); got != 0 {
		t.Errorf("no limit: %d bytes left, want 0", got)
	}
}
