//go:build !purego && !openblas

#include "textflag.h"

// func axpyRows(c []float64, a []float64, as int, b []float64, bs int, rows int)
//
// c[j] += Σ_{l<rows} a[l·as]·b[l·bs+j] for j < len(c), with AVX2 and FMA.
// Columns go in blocks of 32 (eight accumulators: enough independent FMA
// chains to hide their latency), then of 4, then one at a time; for each
// block the rows l are walked with c's values held in registers. The
// caller checks the bounds.
TEXT ·axpyRows(SB), NOSPLIT, $0-96
	MOVQ c_base+0(FP), DI
	MOVQ c_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ as+48(FP), R8
	SHLQ $3, R8
	MOVQ b_base+56(FP), DX
	MOVQ bs+80(FP), R9
	SHLQ $3, R9
	MOVQ rows+88(FP), R10
	XORQ BX, BX

block32:
	MOVQ CX, AX
	SUBQ BX, AX
	CMPQ AX, $32
	JL   block4
	LEAQ (DI)(BX*8), R14
	VMOVUPD 0(R14), Y0
	VMOVUPD 32(R14), Y1
	VMOVUPD 64(R14), Y2
	VMOVUPD 96(R14), Y3
	VMOVUPD 128(R14), Y5
	VMOVUPD 160(R14), Y6
	VMOVUPD 192(R14), Y7
	VMOVUPD 224(R14), Y8
	MOVQ SI, R11
	LEAQ (DX)(BX*8), R12
	MOVQ R10, R13

loop32:
	TESTQ R13, R13
	JZ    done32
	VBROADCASTSD (R11), Y4
	VFMADD231PD  0(R12), Y4, Y0
	VFMADD231PD  32(R12), Y4, Y1
	VFMADD231PD  64(R12), Y4, Y2
	VFMADD231PD  96(R12), Y4, Y3
	VFMADD231PD  128(R12), Y4, Y5
	VFMADD231PD  160(R12), Y4, Y6
	VFMADD231PD  192(R12), Y4, Y7
	VFMADD231PD  224(R12), Y4, Y8
	ADDQ  R8, R11
	ADDQ  R9, R12
	DECQ  R13
	JMP   loop32

done32:
	VMOVUPD Y0, 0(R14)
	VMOVUPD Y1, 32(R14)
	VMOVUPD Y2, 64(R14)
	VMOVUPD Y3, 96(R14)
	VMOVUPD Y5, 128(R14)
	VMOVUPD Y6, 160(R14)
	VMOVUPD Y7, 192(R14)
	VMOVUPD Y8, 224(R14)
	ADDQ $32, BX
	JMP  block32

block4:
	MOVQ CX, AX
	SUBQ BX, AX
	CMPQ AX, $4
	JL   tail
	LEAQ (DI)(BX*8), R14
	VMOVUPD 0(R14), Y0
	MOVQ SI, R11
	LEAQ (DX)(BX*8), R12
	MOVQ R10, R13

loop4:
	TESTQ R13, R13
	JZ    done4
	VBROADCASTSD (R11), Y4
	VFMADD231PD  0(R12), Y4, Y0
	ADDQ  R8, R11
	ADDQ  R9, R12
	DECQ  R13
	JMP   loop4

done4:
	VMOVUPD Y0, 0(R14)
	ADDQ $4, BX
	JMP  block4

tail:
	CMPQ BX, CX
	JGE  end
	LEAQ (DI)(BX*8), R14
	VMOVSD (R14), X0
	MOVQ SI, R11
	LEAQ (DX)(BX*8), R12
	MOVQ R10, R13

loop1:
	TESTQ R13, R13
	JZ    done1
	VMOVSD      (R11), X4
	VFMADD231SD (R12), X4, X0
	ADDQ  R8, R11
	ADDQ  R9, R12
	DECQ  R13
	JMP   loop1

done1:
	VMOVSD X0, (R14)
	INCQ BX
	JMP  tail

end:
	VZEROUPPER
	RET
