//go:build !purego && !openblas

#include "textflag.h"

// func narrowAVX(dst []float32, src []float64)
//
// dst[i] = float32(src[i]) for i < len(dst), a multiple of 4 (the caller
// checks), four at a time: the rounding of the Go conversion.
TEXT ·narrowAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	XORQ BX, BX

loop:
	CMPQ BX, CX
	JGE  done
	VCVTPD2PSY (SI)(BX*8), X0
	VMOVUPS    X0, (DI)(BX*4)
	ADDQ       $4, BX
	JMP        loop

done:
	VZEROUPPER
	RET

// func widenAddAVX(dst []float64, src []float32)
//
// dst[i] += float64(src[i]) for i < len(dst), a multiple of 4 (the caller
// checks), four at a time.
TEXT ·widenAddAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	XORQ BX, BX

loop:
	CMPQ BX, CX
	JGE  done
	VCVTPS2PD (SI)(BX*4), Y0
	VADDPD    (DI)(BX*8), Y0, Y0
	VMOVUPD   Y0, (DI)(BX*8)
	ADDQ      $4, BX
	JMP       loop

done:
	VZEROUPPER
	RET

// func widenAVX(dst []float64, src []float32)
//
// dst[i] = float64(src[i]) for i < len(dst), a multiple of 4 (the caller
// checks), four at a time.
TEXT ·widenAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	XORQ BX, BX

loop:
	CMPQ BX, CX
	JGE  done
	VCVTPS2PD (SI)(BX*4), Y0
	VMOVUPD   Y0, (DI)(BX*8)
	ADDQ      $4, BX
	JMP       loop

done:
	VZEROUPPER
	RET
