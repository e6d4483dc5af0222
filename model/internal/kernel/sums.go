package kernel

// DotSquares4 and Squares4 sum along four rows side by side, for the
// folded layer's row statistics (ops.FoldedLinear): four chains of
// dependent additions at once instead of one, each row's values added in
// their order, each product and sum rounded on its own (no fused
// multiply-add), so each row's sum is the one a loop over that row alone
// gives, bit for bit. Where the kernel runs, an assembly loop keeps the
// eight sums in registers, where the Go loop spilled them to the stack (a
// store and a load for every addition).

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
	b0, b1, b2, b3 := b[0], b[1], b[2], b[3]
	v0, v1, v2, v3 := v[0], v[1], v[2], v[3]
	var d0, d1, d2, d3, s0, s1, s2, s3 float64
	for c := range v0 {
		d0 += float64(float64(b0[c]) * v0[c])
		s0 += float64(v0[c] * v0[c])
		d1 += float64(float64(b1[c]) * v1[c])
		s1 += float64(v1[c] * v1[c])
		d2 += float64(float64(b2[c]) * v2[c])
		s2 += float64(v2[c] * v2[c])
		d3 += float64(float64(b3[c]) * v3[c])
		s3 += float64(v3[c] * v3[c])
	}
	return [4]float64{d0, d1, d2, d3}, [4]float64{s0, s1, s2, s3}
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
	v0, v1, v2, v3 := v[0], v[1], v[2], v[3]
	var s0, s1, s2, s3 float64
	for c := range v0 {
		s0 += float64(v0[c] * v0[c])
		s1 += float64(v1[c] * v1[c])
		s2 += float64(v2[c] * v2[c])
		s3 += float64(v3[c] * v3[c])
	}
	return [4]float64{s0, s1, s2, s3}
}
