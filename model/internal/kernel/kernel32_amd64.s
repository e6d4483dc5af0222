//go:build !purego && !openblas

#include "textflag.h"

// func axpyRows32(c []float32, a []float32, as int, b []float32, bs int, rows int)
//
// c[j] += Σ_{l<rows} a[l·as]·b[l·bs+j] for j < len(c), in single
// precision with AVX2 and FMA: axpyRows's arrangement with eight floats
// to a register, so columns go in blocks of 64 (eight accumulators), then
// of 8, then of 4, then one at a time. The caller checks the bounds.
TEXT ·axpyRows32(SB), NOSPLIT, $0-96
	MOVQ c_base+0(FP), DI
	MOVQ c_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ as+48(FP), R8
	SHLQ $2, R8
	MOVQ b_base+56(FP), DX
	MOVQ bs+80(FP), R9
	SHLQ $2, R9
	MOVQ rows+88(FP), R10
	XORQ BX, BX

block64:
	MOVQ CX, AX
	SUBQ BX, AX
	CMPQ AX, $64
	JL   block8
	LEAQ (DI)(BX*4), R14
	VMOVUPS 0(R14), Y0
	VMOVUPS 32(R14), Y1
	VMOVUPS 64(R14), Y2
	VMOVUPS 96(R14), Y3
	VMOVUPS 128(R14), Y5
	VMOVUPS 160(R14), Y6
	VMOVUPS 192(R14), Y7
	VMOVUPS 224(R14), Y8
	MOVQ SI, R11
	LEAQ (DX)(BX*4), R12
	MOVQ R10, R13

loop64:
	TESTQ R13, R13
	JZ    done64
	VBROADCASTSS (R11), Y4
	VFMADD231PS  0(R12), Y4, Y0
	VFMADD231PS  32(R12), Y4, Y1
	VFMADD231PS  64(R12), Y4, Y2
	VFMADD231PS  96(R12), Y4, Y3
	VFMADD231PS  128(R12), Y4, Y5
	VFMADD231PS  160(R12), Y4, Y6
	VFMADD231PS  192(R12), Y4, Y7
	VFMADD231PS  224(R12), Y4, Y8
	ADDQ  R8, R11
	ADDQ  R9, R12
	DECQ  R13
	JMP   loop64

done64:
	VMOVUPS Y0, 0(R14)
	VMOVUPS Y1, 32(R14)
	VMOVUPS Y2, 64(R14)
	VMOVUPS Y3, 96(R14)
	VMOVUPS Y5, 128(R14)
	VMOVUPS Y6, 160(R14)
	VMOVUPS Y7, 192(R14)
	VMOVUPS Y8, 224(R14)
	ADDQ $64, BX
	JMP  block64

block8:
	MOVQ CX, AX
	SUBQ BX, AX
	CMPQ AX, $8
	JL   block4
	LEAQ (DI)(BX*4), R14
	VMOVUPS 0(R14), Y0
	MOVQ SI, R11
	LEAQ (DX)(BX*4), R12
	MOVQ R10, R13

loop8:
	TESTQ R13, R13
	JZ    done8
	VBROADCASTSS (R11), Y4
	VFMADD231PS  0(R12), Y4, Y0
	ADDQ  R8, R11
	ADDQ  R9, R12
	DECQ  R13
	JMP   loop8

done8:
	VMOVUPS Y0, 0(R14)
	ADDQ $8, BX
	JMP  block8

block4:
	MOVQ CX, AX
	SUBQ BX, AX
	CMPQ AX, $4
	JL   tail
	LEAQ (DI)(BX*4), R14
	VMOVUPS 0(R14), X0
	MOVQ SI, R11
	LEAQ (DX)(BX*4), R12
	MOVQ R10, R13

loop4:
	TESTQ R13, R13
	JZ    done4
	VBROADCASTSS (R11), X4
	VFMADD231PS  0(R12), X4, X0
	ADDQ  R8, R11
	ADDQ  R9, R12
	DECQ  R13
	JMP   loop4

done4:
	VMOVUPS X0, 0(R14)
	ADDQ $4, BX

tail:
	CMPQ BX, CX
	JGE  end
	LEAQ (DI)(BX*4), R14
	VMOVSS (R14), X0
	MOVQ SI, R11
	LEAQ (DX)(BX*4), R12
	MOVQ R10, R13

loop1:
	TESTQ R13, R13
	JZ    done1
	VMOVSS      (R11), X4
	VFMADD231SS (R12), X4, X0
	ADDQ  R8, R11
	ADDQ  R9, R12
	DECQ  R13
	JMP   loop1

done1:
	VMOVSS X0, (R14)
	INCQ BX
	JMP  tail

end:
	VZEROUPPER
	RET
