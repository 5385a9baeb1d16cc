// Cortex-M GEMM microkernel for cores with the DSP extension (M4, M7, M33, M55): one
// 32-bit load brings a 4-entry depth group of weights or activations; SXTB16 and SXTB16 ROR 8
// split it into its even and odd entries as int16 pairs, and SMLAD multiplies and adds one
// pair of each in one instruction. Entry order inside a group does not matter to a dot
// product, so the packed panel needs no reordering (unlike CMSIS-NN's read_and_pad).
//
// Each depth group of the inner loop computes 2 rows × 2 channels: 2 activation and 2 weight
// words, 8 SXTB16, 8 SMLAD for 16 MACs; 2 × 4 would need more registers than a Cortex-M has.
// Without DSP (Cortex-M0/M0+/M3) the scalar kernel stands in, so callers always link.
#ifndef OCTET_GEMM_DSP_H
#define OCTET_GEMM_DSP_H

#if defined(__arm__)

#include <stdint.h>
#include "GEMMContract.h"
#include "RequantizeScalar.h"

#if defined(__ARM_FEATURE_DSP)

static inline int octet_dsp_available(void) { return 1; }

// One depth group of the 2 × 2 block: 4 LDR, 8 SXTB16, 8 SMLAD = 20 instructions, 16 MACs.
// Channel 1 (at w + 4) goes first so that channel 0's load can advance w to the next group.
#define OCTET_DSP_GROUP                                                                                      \
    "ldr %[xa], [%[x0]], #4\n\t"                                                                             \
    "ldr %[xb], [%[x1]], #4\n\t"                                                                             \
    "ldr %[wa], [%[w], #4]\n\t"                                                                              \
    "sxtb16 %[xo0], %[xa], ror #8\n\t" /* odd entries 1, 3 as int16 pairs */                                 \
    "sxtb16 %[xa], %[xa]\n\t"          /* even entries 0, 2 */                                               \
    "sxtb16 %[xo1], %[xb], ror #8\n\t"                                                                       \
    "sxtb16 %[xb], %[xb]\n\t"                                                                                \
    "sxtb16 %[wb], %[wa], ror #8\n\t"                                                                        \
    "sxtb16 %[wa], %[wa]\n\t"                                                                                \
    "smlad %[a01], %[wa], %[xa], %[a01]\n\t"                                                                 \
    "smlad %[a01], %[wb], %[xo0], %[a01]\n\t"                                                                \
    "smlad %[a11], %[wa], %[xb], %[a11]\n\t"                                                                 \
    "smlad %[a11], %[wb], %[xo1], %[a11]\n\t"                                                                \
    "ldr %[wa], [%[w]], #64\n\t"                                                                             \
    "sxtb16 %[wb], %[wa], ror #8\n\t"                                                                        \
    "sxtb16 %[wa], %[wa]\n\t"                                                                                \
    "smlad %[a00], %[wa], %[xa], %[a00]\n\t"                                                                 \
    "smlad %[a00], %[wb], %[xo0], %[a00]\n\t"                                                                \
    "smlad %[a10], %[wa], %[xb], %[a10]\n\t"                                                                 \
    "smlad %[a10], %[wb], %[xo1], %[a10]\n\t"
#define OCTET_DSP_OPERANDS                                                                                   \
    [a00] "+r"(*a00), [a01] "+r"(*a01), [a10] "+r"(*a10), [a11] "+r"(*a11), [x0] "+r"(x0), [x1] "+r"(x1),    \
    [w] "+r"(w), [xa] "=&r"(xa), [xb] "=&r"(xb), [xo0] "=&r"(xo0), [xo1] "=&r"(xo1), [wa] "=&r"(wa),         \
    [wb] "=&r"(wb)

/// a<r><j> += Σ row r · panel channel j over `groups` depth groups, for 2 rows and the 2
/// channels at `w` (channel j at w + 4j, one group every 64 bytes).
/// In assembly because clang 21 at -Os, given this loop through ACLE __sxtb16/__smlad, spills
/// accumulators and pointers inside it (29 instructions per group instead of 20 + loop).
/// The loop uses 13 registers (4 accumulators, 6 operands, 3 pointers): its end lives in
/// memory and is loaded into an operand register that is dead by then. Two groups per pass:
/// 43 instructions for 32 MACs. (Plain clang with -fno-omit-frame-pointer cannot allocate
/// them around the loop; swiftc, with or without -Xcc -fno-omit-frame-pointer, can.)
/// LDR allows unaligned addresses on ARMv7E-M, so rows need no alignment.
static inline void octet_dsp_dot_2x2(int32_t *a00, int32_t *a01, int32_t *a10, int32_t *a11, const int8_t *x0,
                                     const int8_t *x1, const int8_t *w, int32_t groups) {
    int32_t xa, xb, xo0, xo1, wa, wb;
    if (groups >= 2) {
        const int8_t *const pairsEnd = x0 + 8 * (groups / 2);
        __asm__("1:\n\t" OCTET_DSP_GROUP OCTET_DSP_GROUP
                "ldr %[xa], %[end]\n\t"
                "cmp %[x0], %[xa]\n\t"
                "bne 1b"
                : OCTET_DSP_OPERANDS
                : [end] "m"(pairsEnd)
                : "cc", "memory");
    }
    if (groups & 1) __asm__(OCTET_DSP_GROUP : OCTET_DSP_OPERANDS : : "memory");
}

#undef OCTET_DSP_GROUP
#undef OCTET_DSP_OPERANDS

static inline void octet_gemm_dsp(const OctetGEMMTile *tile) {
    const OctetChannelBlock *k = tile->constants;
    const int32_t low = tile->clampMin, high = tile->clampMax, zeroPoint = tile->zeroPoint;
    // Row pairs (0, 1) and (2, 3); an odd last row is paired with rows[rowCount], a valid
    // pointer whose results are discarded. Likewise an odd last channel with its padding
    // neighbour (the panel always holds 16 channels).
    for (int32_t r = 0; r < tile->rowCount; r += 2) {
        const int8_t *row0 = tile->rows[r], *row1 = tile->rows[r + 1];
        int8_t *out0 = tile->output + r * tile->outputRowStride;
        int8_t *out1 = out0 + tile->outputRowStride;
        const int storeRow1 = r + 1 < tile->rowCount;
        for (int32_t c = 0; c < tile->columns; c += 2) {
            int32_t a00 = k->bias[c], a01 = k->bias[c + 1], a10 = a00, a11 = a01;
            octet_dsp_dot_2x2(&a00, &a01, &a10, &a11, row0, row1, tile->panel + 4 * c, tile->depthGroups);
            const int32_t m0 = k->multiplier[c], l0 = k->leftShift[c], s0 = k->rightShift[c];
            out0[c] = octet_requantize(a00, m0, l0, s0, zeroPoint, low, high);
            if (storeRow1) out1[c] = octet_requantize(a10, m0, l0, s0, zeroPoint, low, high);
            if (c + 1 < tile->columns) {
                const int32_t m1 = k->multiplier[c + 1], l1 = k->leftShift[c + 1], s1 = k->rightShift[c + 1];
                out0[c + 1] = octet_requantize(a01, m1, l1, s1, zeroPoint, low, high);
                if (storeRow1) out1[c + 1] = octet_requantize(a11, m1, l1, s1, zeroPoint, low, high);
            }
        }
    }
}

#else

static inline int octet_dsp_available(void) { return 0; }

static inline void octet_gemm_dsp(const OctetGEMMTile *tile) { octet_gemm_scalar(tile); }

#endif
#endif
#endif
