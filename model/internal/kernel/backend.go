package kernel

// Backend says where the sums of the products run. It is chosen when a
// graph is built and stays with its ops; [Best] is the choice for this
// processor and build.
type Backend int

const (
	// BLAS runs the products in gonum's pure-Go BLAS, or in OpenBLAS in
	// the build with the tag openblas. It runs everywhere.
	BLAS Backend = iota
	// AVX2 runs the sums in the AVX2/FMA assembly kernel. Where the build
	// has no kernel (another processor, or the tags purego or openblas),
	// its Go reference runs in its place, which only tests use: Best
	// never chooses AVX2 there.
	AVX2
)

// Best returns the backend featsel uses: AVX2 where the kernel runs, BLAS
// elsewhere. It depends only on the processor and the build, so it is
// the same for the whole run.
func Best() Backend {
	if assembly && hasKernel() {
		return AVX2
	}
	return BLAS
}

// Runs reports whether b can run on this processor: BLAS always, AVX2
// where the processor has AVX2 and FMA or where the Go reference stands
// in for the kernel.
func (b Backend) Runs() bool { return b == BLAS || hasKernel() }

func (b Backend) String() string {
	if b == AVX2 {
		return "avx2"
	}
	return "blas"
}
