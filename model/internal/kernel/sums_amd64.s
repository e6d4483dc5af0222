//go:build !purego && !openblas

#include "textflag.h"

// func dotSquares4AVX(b0, b1, b2, b3, v0, v1, v2, v3 *float64, m int, out *[8]float64)
//
// out[i] = Σ_{c<m} b_i[c]·v_i[c] and out[4+i] = Σ_{c<m} v_i[c]², the
// values in order, one scalar product and sum at a time (each rounded),
// the eight sums in X0–X7. The caller checks m ≥ 1 and the rows' lengths.
TEXT ·dotSquares4AVX(SB), NOSPLIT, $0-80
	MOVQ   b0+0(FP), AX
	MOVQ   b1+8(FP), BX
	MOVQ   b2+16(FP), CX
	MOVQ   b3+24(FP), DX
	MOVQ   v0+32(FP), SI
	MOVQ   v1+40(FP), DI
	MOVQ   v2+48(FP), R8
	MOVQ   v3+56(FP), R9
	MOVQ   m+64(FP), R10
	VXORPD X0, X0, X0
	VXORPD X1, X1, X1
	VXORPD X2, X2, X2
	VXORPD X3, X3, X3
	VXORPD X4, X4, X4
	VXORPD X5, X5, X5
	VXORPD X6, X6, X6
	VXORPD X7, X7, X7
	XORQ   R11, R11

loop:
	VMOVSD (SI)(R11*8), X8
	VMULSD (AX)(R11*8), X8, X9
	VADDSD X9, X0, X0
	VMULSD X8, X8, X8
	VADDSD X8, X4, X4
	VMOVSD (DI)(R11*8), X10
	VMULSD (BX)(R11*8), X10, X11
	VADDSD X11, X1, X1
	VMULSD X10, X10, X10
	VADDSD X10, X5, X5
	VMOVSD (R8)(R11*8), X12
	VMULSD (CX)(R11*8), X12, X13
	VADDSD X13, X2, X2
	VMULSD X12, X12, X12
	VADDSD X12, X6, X6
	VMOVSD (R9)(R11*8), X14
	VMULSD (DX)(R11*8), X14, X15
	VADDSD X15, X3, X3
	VMULSD X14, X14, X14
	VADDSD X14, X7, X7
	INCQ   R11
	CMPQ   R11, R10
	JLT    loop

	MOVQ   out+72(FP), R12
	VMOVSD X0, 0(R12)
	VMOVSD X1, 8(R12)
	VMOVSD X2, 16(R12)
	VMOVSD X3, 24(R12)
	VMOVSD X4, 32(R12)
	VMOVSD X5, 40(R12)
	VMOVSD X6, 48(R12)
	VMOVSD X7, 56(R12)
	RET

// func dotSquares4F32AVX(b0, b1, b2, b3 *float32, v0, v1, v2, v3 *float64, m int, out *[8]float64)
//
// dotSquares4AVX with the rows of b in single precision, each value
// widened exactly before its product (into the low half of X9, X11, X13
// or X15, whose upper half comes from the row's v just loaded: no
// dependence on the last iteration's registers).
TEXT ·dotSquares4F32AVX(SB), NOSPLIT, $0-80
	MOVQ   b0+0(FP), AX
	MOVQ   b1+8(FP), BX
	MOVQ   b2+16(FP), CX
	MOVQ   b3+24(FP), DX
	MOVQ   v0+32(FP), SI
	MOVQ   v1+40(FP), DI
	MOVQ   v2+48(FP), R8
	MOVQ   v3+56(FP), R9
	MOVQ   m+64(FP), R10
	VXORPD X0, X0, X0
	VXORPD X1, X1, X1
	VXORPD X2, X2, X2
	VXORPD X3, X3, X3
	VXORPD X4, X4, X4
	VXORPD X5, X5, X5
	VXORPD X6, X6, X6
	VXORPD X7, X7, X7
	XORQ   R11, R11

loop:
	VMOVSD (SI)(R11*8), X8
	VCVTSS2SD (AX)(R11*4), X8, X9
	VMULSD X8, X9, X9
	VADDSD X9, X0, X0
	VMULSD X8, X8, X8
	VADDSD X8, X4, X4
	VMOVSD (DI)(R11*8), X10
	VCVTSS2SD (BX)(R11*4), X10, X11
	VMULSD X10, X11, X11
	VADDSD X11, X1, X1
	VMULSD X10, X10, X10
	VADDSD X10, X5, X5
	VMOVSD (R8)(R11*8), X12
	VCVTSS2SD (CX)(R11*4), X12, X13
	VMULSD X12, X13, X13
	VADDSD X13, X2, X2
	VMULSD X12, X12, X12
	VADDSD X12, X6, X6
	VMOVSD (R9)(R11*8), X14
	VCVTSS2SD (DX)(R11*4), X14, X15
	VMULSD X14, X15, X15
	VADDSD X15, X3, X3
	VMULSD X14, X14, X14
	VADDSD X14, X7, X7
	INCQ   R11
	CMPQ   R11, R10
	JLT    loop

	MOVQ   out+72(FP), R12
	VMOVSD X0, 0(R12)
	VMOVSD X1, 8(R12)
	VMOVSD X2, 16(R12)
	VMOVSD X3, 24(R12)
	VMOVSD X4, 32(R12)
	VMOVSD X5, 40(R12)
	VMOVSD X6, 48(R12)
	VMOVSD X7, 56(R12)
	RET

// func squares4AVX(v0, v1, v2, v3 *float64, m int, out *[4]float64)
//
// out[i] = Σ_{c<m} v_i[c]², as dotSquares4AVX sums them. The caller
// checks m ≥ 1 and the rows' lengths.
TEXT ·squares4AVX(SB), NOSPLIT, $0-48
	MOVQ   v0+0(FP), SI
	MOVQ   v1+8(FP), DI
	MOVQ   v2+16(FP), R8
	MOVQ   v3+24(FP), R9
	MOVQ   m+32(FP), R10
	VXORPD X4, X4, X4
	VXORPD X5, X5, X5
	VXORPD X6, X6, X6
	VXORPD X7, X7, X7
	XORQ   R11, R11

loop:
	VMOVSD (SI)(R11*8), X8
	VMULSD X8, X8, X8
	VADDSD X8, X4, X4
	VMOVSD (DI)(R11*8), X10
	VMULSD X10, X10, X10
	VADDSD X10, X5, X5
	VMOVSD (R8)(R11*8), X12
	VMULSD X12, X12, X12
	VADDSD X12, X6, X6
	VMOVSD (R9)(R11*8), X14
	VMULSD X14, X14, X14
	VADDSD X14, X7, X7
	INCQ   R11
	CMPQ   R11, R10
	JLT    loop

	MOVQ   out+40(FP), R12
	VMOVSD X4, 0(R12)
	VMOVSD X5, 8(R12)
	VMOVSD X6, 16(R12)
	VMOVSD X7, 24(R12)
	RET
