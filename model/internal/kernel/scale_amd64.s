//go:build !purego && !openblas

#include "textflag.h"

// func scaleAVX(dst, v []float64, r, t float64)
//
// dst[i] = r·v[i]·t for i < len(dst), a multiple of 4 (the caller
// checks), four at a time, each product rounded.
TEXT ·scaleAVX(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         v_base+24(FP), SI
	VBROADCASTSD r+48(FP), Y8
	VBROADCASTSD t+56(FP), Y9
	XORQ         BX, BX

loop:
	CMPQ    BX, CX
	JGE     done
	VMULPD  (SI)(BX*8), Y8, Y0
	VMULPD  Y9, Y0, Y0
	VMOVUPD Y0, (DI)(BX*8)
	ADDQ    $4, BX
	JMP     loop

done:
	VZEROUPPER
	RET

// func scale32AVX(dst []float32, v []float64, r, t float64)
//
// scaleAVX into single precision: dst[i] = float32(r·v[i]·t).
TEXT ·scale32AVX(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         v_base+24(FP), SI
	VBROADCASTSD r+48(FP), Y8
	VBROADCASTSD t+56(FP), Y9
	XORQ         BX, BX

loop:
	CMPQ       BX, CX
	JGE        done
	VMULPD     (SI)(BX*8), Y8, Y0
	VMULPD     Y9, Y0, Y0
	VCVTPD2PSY Y0, X0
	VMOVUPS    X0, (DI)(BX*4)
	ADDQ       $4, BX
	JMP        loop

done:
	VZEROUPPER
	RET

// func projectAVX(dst, b, v []float64, s, f float64)
//
// dst[i] = s·(b[i] − f·v[i]) for i < len(dst), a multiple of 4 (the
// caller checks), four at a time, each operation rounded.
TEXT ·projectAVX(SB), NOSPLIT, $0-88
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         b_base+24(FP), R8
	MOVQ         v_base+48(FP), SI
	VBROADCASTSD s+72(FP), Y8
	VBROADCASTSD f+80(FP), Y9
	XORQ         BX, BX

loop:
	CMPQ    BX, CX
	JGE     done
	VMULPD  (SI)(BX*8), Y9, Y0
	VMOVUPD (R8)(BX*8), Y1
	VSUBPD  Y0, Y1, Y1
	VMULPD  Y8, Y1, Y1
	VMOVUPD Y1, (DI)(BX*8)
	ADDQ    $4, BX
	JMP     loop

done:
	VZEROUPPER
	RET

// func project32AVX(dst []float64, b []float32, v []float64, s, f float64)
//
// projectAVX with b in single precision, widened exactly.
TEXT ·project32AVX(SB), NOSPLIT, $0-88
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         b_base+24(FP), R8
	MOVQ         v_base+48(FP), SI
	VBROADCASTSD s+72(FP), Y8
	VBROADCASTSD f+80(FP), Y9
	XORQ         BX, BX

loop:
	CMPQ      BX, CX
	JGE       done
	VMULPD    (SI)(BX*8), Y9, Y0
	VCVTPS2PD (R8)(BX*4), Y1
	VSUBPD    Y0, Y1, Y1
	VMULPD    Y8, Y1, Y1
	VMOVUPD   Y1, (DI)(BX*8)
	ADDQ      $4, BX
	JMP       loop

done:
	VZEROUPPER
	RET
