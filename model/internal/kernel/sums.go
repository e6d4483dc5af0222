package kernel

// DotSquares4 and Squares4 sum along four rows side by side, for the
// folded layer's row statistics (ops.FoldedLinear): four chains of
// dependent additions at once instead of one, each row's values added in
// their order, each product and sum rounded on its own (no fused
// multiply-add), so each row's sum is the one a loop over that row alone
// gives, bit for bit. Where the kernel runs, an assembly loop keeps the
// eight sums in registers (the Go loop's spill to the stack, one store and
// load per addition).

// DotSquares4 returns Σ_c b_i[c]·v_i[c] and Σ_c v_i[c]² for the four rows
// b_i and v_i, all as long as v[0] (b in single precision widened
// exactly).
func DotSquares4[T float32 | float64](b *[4][]T, v *[4][]float64) (dot, sq [4]float64) {
	m := len(v[0])
	for i := range 4 {
		if len(b[i]) != m || len(v[i]) != m {
			panic("kernel: DotSquares4 of rows of different lengths")
		}
	}
	if m == 0 {
		return dot, sq
	}
	if vector() {
		var out [8]float64
		switch b := any(b).(type) {
		case *[4][]float64:
			dotSquares4AVX(&b[0][0], &b[1][0], &b[2][0], &b[3][0], &v[0][0], &v[1][0], &v[2][0], &v[3][0], m, &out)
		case *[4][]float32:
			dotSquares4F32AVX(&b[0][0], &b[1][0], &b[2][0], &b[3][0], &v[0][0], &v[1][0], &v[2][0], &v[3][0], m, &out)
		}
		return [4]float64(out[:4]), [4]float64(out[4:])
	}
	for c := range m {
		for i := range 4 {
			dot[i] += float64(float64(b[i][c]) * v[i][c])
			sq[i] += float64(v[i][c] * v[i][c])
		}
	}
	return dot, sq
}

// Squares4 returns Σ_c v_i[c]² for the four rows v_i, all as long as v[0].
func Squares4(v *[4][]float64) (sq [4]float64) {
	m := len(v[0])
	for i := range 4 {
		if len(v[i]) != m {
			panic("kernel: Squares4 of rows of different lengths")
		}
	}
	if m == 0 {
		return sq
	}
	if vector() {
		squares4AVX(&v[0][0], &v[1][0], &v[2][0], &v[3][0], m, &sq)
		return sq
	}
	for c := range m {
		for i := range 4 {
			sq[i] += float64(v[i][c] * v[i][c])
		}
	}
	return sq
}
