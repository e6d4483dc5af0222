//go:build !purego && !openblas

#include "textflag.h"

// The loops of Scale and Project over len(dst) values, a multiple of 4
// (the callers check), four at a time, each operation rounded on its own.
// Each loop keeps its index in BX and its count in CX.

// LOOP runs BODY for each group of four values, then clears the upper
// halves of the registers.
#define LOOP(BODY) \
	XORQ BX, BX;   \
loop:              \
	CMPQ BX, CX;   \
	JGE  done;     \
	BODY;          \
	ADDQ $4, BX;   \
	JMP  loop;     \
done:              \
	VZEROUPPER

// SCALE sets Y0 to r·v[i]·t, for v in SI, r in Y8 and t in Y9; STORE64
// and STORE32 write it to dst (DI) in double or single precision.
#define SCALE VMULPD (SI)(BX*8), Y8, Y0; VMULPD Y9, Y0, Y0
#define STORE64 VMOVUPD Y0, (DI)(BX*8)
#define STORE32 VCVTPD2PSY Y0, X0; VMOVUPS X0, (DI)(BX*4)

// PROJECT sets dst (DI) to s·(b[i] − f·v[i]), for v in SI, s in Y8 and f
// in Y9, and b[i] loaded by LOAD (LOAD64, LOAD32: b, in R8, in double or
// single precision, widened exactly) into Y1.
#define LOAD64 VMOVUPD (R8)(BX*8), Y1
#define LOAD32 VCVTPS2PD (R8)(BX*4), Y1
#define PROJECT(LOAD) \
	VMULPD  (SI)(BX*8), Y9, Y0; \
	LOAD;                       \
	VSUBPD  Y0, Y1, Y1;         \
	VMULPD  Y8, Y1, Y1;         \
	VMOVUPD Y1, (DI)(BX*8)

// SCALEARGS and PROJECTARGS load the arguments of the functions below:
// the two of each kind take them at the same offsets.
#define SCALEARGS \
	MOVQ         dst_base+0(FP), DI; \
	MOVQ         dst_len+8(FP), CX;  \
	MOVQ         v_base+24(FP), SI;  \
	VBROADCASTSD r+48(FP), Y8;       \
	VBROADCASTSD t+56(FP), Y9

#define PROJECTARGS \
	MOVQ         dst_base+0(FP), DI; \
	MOVQ         dst_len+8(FP), CX;  \
	MOVQ         b_base+24(FP), R8;  \
	MOVQ         v_base+48(FP), SI;  \
	VBROADCASTSD s+72(FP), Y8;       \
	VBROADCASTSD f+80(FP), Y9

// func scaleAVX(dst, v []float64, r, t float64)
TEXT ·scaleAVX(SB), NOSPLIT, $0-64
	SCALEARGS
	LOOP(SCALE; STORE64)
	RET

// func scale32AVX(dst []float32, v []float64, r, t float64)
TEXT ·scale32AVX(SB), NOSPLIT, $0-64
	SCALEARGS
	LOOP(SCALE; STORE32)
	RET

// func projectAVX(dst, b, v []float64, s, f float64)
TEXT ·projectAVX(SB), NOSPLIT, $0-88
	PROJECTARGS
	LOOP(PROJECT(LOAD64))
	RET

// func project32AVX(dst []float64, b []float32, v []float64, s, f float64)
TEXT ·project32AVX(SB), NOSPLIT, $0-88
	PROJECTARGS
	LOOP(PROJECT(LOAD32))
	RET
