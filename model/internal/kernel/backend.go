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
	// AVX2F32 is AVX2 in single precision: the large products round their
	// operands to float32, sum in float32 (eight values to a register,
	// where AVX2 holds four) and widen the results back; the small ones,
	// and every other operation, stay in float64. Faster on wide layers,
	// it rounds like float32 arithmetic: about 1e-7 of a sum's terms.
	AVX2F32
)

// kernel reports whether b's products run in the kernel.
func (b Backend) kernel() bool { return b == AVX2 || b == AVX2F32 }

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
	switch b {
	case AVX2:
		return "avx2"
	case AVX2F32:
		return "avx2-float32"
	}
	return "blas"
}
