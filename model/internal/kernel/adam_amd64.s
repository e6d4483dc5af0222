//go:build !purego && !openblas

#include "textflag.h"

// func adamAVX(w, g, m, v []float64, k *[8]float64)
//
// Adam's step on len(w) coordinates (a multiple of 4), four at a time,
// with the constants k = B1, 1−B1, B2, 1−B2, C1, −lr, C2, ε (see
// AdamPrefix): each operation rounded on its own, in the order of the Go
// loop, so that the results are the same, bit for bit. The caller checks
// the lengths.
TEXT ·adamAVX(SB), NOSPLIT, $0-104
	MOVQ w_base+0(FP), DI
	MOVQ w_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), R8
	MOVQ v_base+72(FP), R9
	MOVQ k+96(FP), AX
	VBROADCASTSD 0(AX), Y8
	VBROADCASTSD 8(AX), Y9
	VBROADCASTSD 16(AX), Y10
	VBROADCASTSD 24(AX), Y11
	VBROADCASTSD 32(AX), Y12
	VBROADCASTSD 40(AX), Y13
	VBROADCASTSD 48(AX), Y14
	VBROADCASTSD 56(AX), Y15
	VXORPD Y7, Y7, Y7
	XORQ BX, BX

loop:
	CMPQ BX, CX
	JGE  done
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD (R8)(BX*8), Y1
	VMULPD  Y8, Y1, Y1
	VMULPD  Y9, Y0, Y2
	VADDPD  Y2, Y1, Y1
	VMOVUPD Y1, (R8)(BX*8)
	VMOVUPD (R9)(BX*8), Y3
	VMULPD  Y10, Y3, Y3
	VMULPD  Y0, Y0, Y4
	VMULPD  Y11, Y4, Y4
	VADDPD  Y4, Y3, Y3
	VMOVUPD Y3, (R9)(BX*8)
	VMULPD  Y14, Y3, Y5
	VSQRTPD Y5, Y5
	VADDPD  Y15, Y5, Y5
	VMULPD  Y12, Y1, Y6
	VMULPD  Y13, Y6, Y6
	VDIVPD  Y5, Y6, Y6
	VMOVUPD (DI)(BX*8), Y2
	VADDPD  Y6, Y2, Y2
	VMOVUPD Y2, (DI)(BX*8)
	VMOVUPD Y7, (SI)(BX*8)
	ADDQ    $4, BX
	JMP     loop

done:
	VZEROUPPER
	RET
