//go:build !purego && !openblas

#include "textflag.h"

// The sums of DotSquares4 and Squares4, one scalar product and sum at a
// time (each rounded), the values of each row in order: row i's in X(8+2i)
// and X(9+2i), its sums in Xi (the dot product) and X(4+i) (the squares).
// The callers check m ≥ 1 and the rows' lengths.

// ARGS loads the eight rows (b0–b3 in AX, BX, CX, DX; v0–v3 in SI, DI,
// R8, R9) and m (R10), and zeroes the sums and the index R11.
#define ARGS \
	MOVQ   b0+0(FP), AX;  \
	MOVQ   b1+8(FP), BX;  \
	MOVQ   b2+16(FP), CX; \
	MOVQ   b3+24(FP), DX; \
	MOVQ   v0+32(FP), SI; \
	MOVQ   v1+40(FP), DI; \
	MOVQ   v2+48(FP), R8; \
	MOVQ   v3+56(FP), R9; \
	MOVQ   m+64(FP), R10; \
	VXORPD X0, X0, X0;    \
	VXORPD X1, X1, X1;    \
	VXORPD X2, X2, X2;    \
	VXORPD X3, X3, X3;    \
	VXORPD X4, X4, X4;    \
	VXORPD X5, X5, X5;    \
	VXORPD X6, X6, X6;    \
	VXORPD X7, X7, X7;    \
	XORQ   R11, R11

// B64 and B32 set p to x·b[c], for b in double or in single precision
// (widened exactly into p's low half, its upper half from x: no
// dependence on p's last value).
#define B64(b, x, p) VMULSD (b)(R11*8), x, p
#define B32(b, x, p) VCVTSS2SD (b)(R11*4), x, p; VMULSD x, p, p

// ROW adds a row's value c to its sums: x = v[c], dot += x·b[c] (by
// MUL), sq += x·x; SQUARE the last alone.
#define SQUARE(v, x, sq) \
	VMOVSD (v)(R11*8), x; \
	VMULSD x, x, x;       \
	VADDSD x, sq, sq

#define ROW(MUL, v, b, x, p, dot, sq) \
	VMOVSD (v)(R11*8), x; \
	MUL(b, x, p);         \
	VADDSD p, dot, dot;   \
	VMULSD x, x, x;       \
	VADDSD x, sq, sq

// LOOP runs ROW over the four rows and every c < m.
#define LOOP(MUL) \
loop:                                    \
	ROW(MUL, SI, AX, X8, X9, X0, X4);    \
	ROW(MUL, DI, BX, X10, X11, X1, X5);  \
	ROW(MUL, R8, CX, X12, X13, X2, X6);  \
	ROW(MUL, R9, DX, X14, X15, X3, X7);  \
	INCQ R11;                            \
	CMPQ R11, R10;                       \
	JLT  loop

// OUT writes the eight sums to out, which the frame holds at off.
#define OUT(off) \
	MOVQ   out+off(FP), R12; \
	VMOVSD X0, 0(R12);       \
	VMOVSD X1, 8(R12);       \
	VMOVSD X2, 16(R12);      \
	VMOVSD X3, 24(R12);      \
	VMOVSD X4, 32(R12);      \
	VMOVSD X5, 40(R12);      \
	VMOVSD X6, 48(R12);      \
	VMOVSD X7, 56(R12)

// func dotSquares4AVX(b0, b1, b2, b3, v0, v1, v2, v3 *float64, m int, out *[8]float64)
//
// out[i] = Σ_{c<m} b_i[c]·v_i[c] and out[4+i] = Σ_{c<m} v_i[c]².
TEXT ·dotSquares4AVX(SB), NOSPLIT, $0-80
	ARGS
	LOOP(B64)
	OUT(72)
	RET

// func dotSquares4F32AVX(b0, b1, b2, b3 *float32, v0, v1, v2, v3 *float64, m int, out *[8]float64)
//
// dotSquares4AVX with the rows of b in single precision.
TEXT ·dotSquares4F32AVX(SB), NOSPLIT, $0-80
	ARGS
	LOOP(B32)
	OUT(72)
	RET

// func squares4AVX(v0, v1, v2, v3 *float64, m int, out *[4]float64)
//
// out[i] = Σ_{c<m} v_i[c]², the squares' sums alone.
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
	SQUARE(SI, X8, X4)
	SQUARE(DI, X10, X5)
	SQUARE(R8, X12, X6)
	SQUARE(R9, X14, X7)
	INCQ   R11
	CMPQ   R11, R10
	JLT    loop

	MOVQ   out+40(FP), R12
	VMOVSD X4, 0(R12)
	VMOVSD X5, 8(R12)
	VMOVSD X6, 16(R12)
	VMOVSD X7, 24(R12)
	RET
