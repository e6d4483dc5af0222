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

// func axpyBlock(c []float64, cs int, a []float64, ai, al int, b []float64, bs, rows, cols int)
//
// c[r·cs+j] += Σ_{l<rows} a[r·ai+l·al]·b[l·bs+j] for the six rows r < 6
// and the columns j < cols, a multiple of 8: axpyRows on six rows of c at
// once. Each block of 8 columns holds the six rows' 48 values in twelve
// registers while it walks l, and each row of b it loads serves six rows
// of c, where axpyRows loads it for one: a load for every two FMAs
// instead of one for each. Every value of c gets the same FMAs in the
// same order as from axpyRows, so the sums are the same, bit for bit.
// The caller checks the bounds.
TEXT ·axpyBlock(SB), NOSPLIT, $0-120
	MOVQ c_base+0(FP), DI
	MOVQ cs+24(FP), R8
	SHLQ $3, R8
	MOVQ a_base+32(FP), SI
	MOVQ ai+56(FP), R9
	SHLQ $3, R9
	MOVQ al+64(FP), R10
	SHLQ $3, R10
	MOVQ b_base+72(FP), DX
	MOVQ bs+96(FP), R11
	SHLQ $3, R11
	MOVQ rows+104(FP), R12
	MOVQ cols+112(FP), CX
	SHLQ $3, CX
	XORQ BX, BX

block:
	CMPQ BX, CX
	JGE  end
	LEAQ (DI)(BX*1), R14
	LEAQ (R8)(R8*2), R15
	ADDQ R14, R15
	VMOVUPD (R14), Y0
	VMOVUPD 32(R14), Y1
	VMOVUPD (R14)(R8*1), Y2
	VMOVUPD 32(R14)(R8*1), Y3
	VMOVUPD (R14)(R8*2), Y4
	VMOVUPD 32(R14)(R8*2), Y5
	VMOVUPD (R15), Y6
	VMOVUPD 32(R15), Y7
	VMOVUPD (R15)(R8*1), Y8
	VMOVUPD 32(R15)(R8*1), Y9
	VMOVUPD (R15)(R8*2), Y10
	VMOVUPD 32(R15)(R8*2), Y11
	MOVQ SI, AX
	LEAQ (R9)(R9*2), R14
	ADDQ SI, R14
	LEAQ (DX)(BX*1), R13
	MOVQ R12, R15
	TESTQ R15, R15
	JZ    done

loop:
	VMOVUPD (R13), Y12
	VMOVUPD 32(R13), Y13
	VBROADCASTSD (AX), Y14
	VFMADD231PD Y12, Y14, Y0
	VFMADD231PD Y13, Y14, Y1
	VBROADCASTSD (AX)(R9*1), Y15
	VFMADD231PD Y12, Y15, Y2
	VFMADD231PD Y13, Y15, Y3
	VBROADCASTSD (AX)(R9*2), Y14
	VFMADD231PD Y12, Y14, Y4
	VFMADD231PD Y13, Y14, Y5
	VBROADCASTSD (R14), Y15
	VFMADD231PD Y12, Y15, Y6
	VFMADD231PD Y13, Y15, Y7
	VBROADCASTSD (R14)(R9*1), Y14
	VFMADD231PD Y12, Y14, Y8
	VFMADD231PD Y13, Y14, Y9
	VBROADCASTSD (R14)(R9*2), Y15
	VFMADD231PD Y12, Y15, Y10
	VFMADD231PD Y13, Y15, Y11
	ADDQ R10, AX
	ADDQ R10, R14
	ADDQ R11, R13
	DECQ R15
	JNZ  loop

done:
	LEAQ (DI)(BX*1), R14
	LEAQ (R8)(R8*2), R15
	ADDQ R14, R15
	VMOVUPD Y0, (R14)
	VMOVUPD Y1, 32(R14)
	VMOVUPD Y2, (R14)(R8*1)
	VMOVUPD Y3, 32(R14)(R8*1)
	VMOVUPD Y4, (R14)(R8*2)
	VMOVUPD Y5, 32(R14)(R8*2)
	VMOVUPD Y6, (R15)
	VMOVUPD Y7, 32(R15)
	VMOVUPD Y8, (R15)(R8*1)
	VMOVUPD Y9, 32(R15)(R8*1)
	VMOVUPD Y10, (R15)(R8*2)
	VMOVUPD Y11, 32(R15)(R8*2)
	ADDQ $64, BX
	JMP  block

end:
	VZEROUPPER
	RET
