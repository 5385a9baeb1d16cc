// arm64 GEMM microkernel: a 4-row × 16-channel register tile of sixteen int32x4 accumulators.
// With the dot-product extension (__ARM_FEATURE_DOTPROD, e.g. -march=armv8.2-a+dotprod) one
// `sdot` by lane multiplies a 16-byte panel slice (4 channels × one 4-entry depth group) by
// one depth group of a row and adds the 4 sums: 16 MACs per instruction. Without it, `smull`
// widens 8 products to int16 (each fits: |w·x| ≤ 128·128 = 2^14) and `sadalp` adds adjacent
// pairs into int32 lanes, so the sum is exact for every int8 weight, -128 included.
// Requantization is vectorized and bit-exact with octet_requantize (see below).
#ifndef OCTET_GEMM_NEON_H
#define OCTET_GEMM_NEON_H

#if defined(__aarch64__)

#include <arm_neon.h>
#include <stdint.h>
#include "GEMMContract.h"

#define OCTET_NEON_INLINE static inline __attribute__((always_inline))

/// One depth group (4 bytes, any alignment) of a row, in every 32-bit lane.
OCTET_NEON_INLINE int8x16_t octet_neon_group(const int8_t *p) {
    int32_t v;
    __builtin_memcpy(&v, p, 4);
    return vreinterpretq_s8_s32(vdupq_n_s32(v));
}

/// octet_requantize on 4 lanes, bit for bit:
/// - `sqrdmulh` computes sat((2·a·m + 2^31) >> 32) = floor((a·m + 2^30) / 2^31), which is
///   exactly SaturatingRoundingDoublingHighMul (RequantizeScalar.h derives the same
///   expression); it saturates only for a = m = INT32_MIN, impossible as m < 2^31.
/// - `srshl` by -e rounds ties up (toward +∞), RoundingDivideByPOT rounds them away from
///   zero; subtracting 1 from negative x first (when e > 0: the sign of x & -e) turns one into
///   the other: floor((x - 1 + 2^(e-1)) / 2^e) rounds up exactly when remainder > 2^(e-1).
///   x - 1 cannot wrap since x ≥ -2^31 + 1 after the multiply.
/// - the bounds are shifted by the zero point, which is added last (no int32 overflow).
OCTET_NEON_INLINE int32x4_t octet_requantize_neon(int32x4_t acc, int32x4_t multiplier, int32x4_t leftShift,
                                                  int32x4_t negatedRightShift, int32x4_t low, int32x4_t high,
                                                  int32x4_t zeroPoint) {
    int32x4_t x = vqrdmulhq_s32(vshlq_s32(acc, leftShift), multiplier);  // shl wraps, like acc << leftShift
    int32x4_t fixup = vshrq_n_s32(vandq_s32(x, negatedRightShift), 31);
    x = vrshlq_s32(vaddq_s32(x, fixup), negatedRightShift);
    return vaddq_s32(vminq_s32(vmaxq_s32(x, low), high), zeroPoint);
}

/// Requantizes one row's 16 accumulators and stores its first `columns` outputs.
OCTET_NEON_INLINE void octet_neon_store_row(int32x4_t a0, int32x4_t a1, int32x4_t a2, int32x4_t a3,
                                            const OctetGEMMTile *tile, int8_t *out) {
    const OctetChannelBlock *k = tile->constants;
    const int32x4_t low = vdupq_n_s32(tile->clampMin - tile->zeroPoint);
    const int32x4_t high = vdupq_n_s32(tile->clampMax - tile->zeroPoint);
    const int32x4_t zeroPoint = vdupq_n_s32(tile->zeroPoint);
#define OCTET_NEON_REQUANTIZE(a, q)                                                                          \
    octet_requantize_neon(a, vld1q_s32(k->multiplier + 4 * (q)), vld1q_s32(k->leftShift + 4 * (q)),          \
                          vnegq_s32(vld1q_s32(k->rightShift + 4 * (q))), low, high, zeroPoint)
    int32x4_t r0 = OCTET_NEON_REQUANTIZE(a0, 0), r1 = OCTET_NEON_REQUANTIZE(a1, 1);
    int32x4_t r2 = OCTET_NEON_REQUANTIZE(a2, 2), r3 = OCTET_NEON_REQUANTIZE(a3, 3);
#undef OCTET_NEON_REQUANTIZE
    // Truncating narrows: the same as the contract's (int8_t) cast whatever the clamp bounds.
    int8x16_t bytes = vcombine_s8(vmovn_s16(vcombine_s16(vmovn_s32(r0), vmovn_s32(r1))),
                                  vmovn_s16(vcombine_s16(vmovn_s32(r2), vmovn_s32(r3))));
    if (tile->columns == OCTET_GEMM_COLUMNS) {
        vst1q_s8(out, bytes);
    } else {
        int8_t staged[OCTET_GEMM_COLUMNS];
        vst1q_s8(staged, bytes);
        for (int32_t c = 0; c < tile->columns; c++) out[c] = staged[c];
    }
}

#if defined(__ARM_FEATURE_DOTPROD)

// Row r, channels 4q..4q+3 += panel slice wq · depth group `lane` of row r's vector.
#define OCTET_SDOT_ROWS(q, wq, lane)                                                                         \
    c0##q = vdotq_laneq_s32(c0##q, wq, x0, lane);                                                            \
    c1##q = vdotq_laneq_s32(c1##q, wq, x1, lane);                                                            \
    c2##q = vdotq_laneq_s32(c2##q, wq, x2, lane);                                                            \
    c3##q = vdotq_laneq_s32(c3##q, wq, x3, lane)
#define OCTET_SDOT_GROUP(lane)                                                                               \
    do {                                                                                                     \
        int8x16_t w0 = vld1q_s8(w), w1 = vld1q_s8(w + 16), w2 = vld1q_s8(w + 32), w3 = vld1q_s8(w + 48);     \
        w += 64;                                                                                             \
        OCTET_SDOT_ROWS(0, w0, lane);                                                                        \
        OCTET_SDOT_ROWS(1, w1, lane);                                                                        \
        OCTET_SDOT_ROWS(2, w2, lane);                                                                        \
        OCTET_SDOT_ROWS(3, w3, lane);                                                                        \
    } while (0)

static inline void octet_gemm_neon(const OctetGEMMTile *tile) {
    const int32_t *bias = tile->constants->bias;
    const int32x4_t b0 = vld1q_s32(bias), b1 = vld1q_s32(bias + 4), b2 = vld1q_s32(bias + 8),
                    b3 = vld1q_s32(bias + 12);
    int32x4_t c00 = b0, c01 = b1, c02 = b2, c03 = b3, c10 = b0, c11 = b1, c12 = b2, c13 = b3;
    int32x4_t c20 = b0, c21 = b1, c22 = b2, c23 = b3, c30 = b0, c31 = b1, c32 = b2, c33 = b3;
    const int8_t *r0 = tile->rows[0], *r1 = tile->rows[1], *r2 = tile->rows[2], *r3 = tile->rows[3];
    const int8_t *w = tile->panel;
    const int32_t groups = tile->depthGroups;
    int32_t g = 0;
    // Four depth groups per pass: one 16-byte load per row, `sdot` picks the group by lane.
    for (; g + 4 <= groups; g += 4) {
        const int8x16_t x0 = vld1q_s8(r0 + 4 * g), x1 = vld1q_s8(r1 + 4 * g);
        const int8x16_t x2 = vld1q_s8(r2 + 4 * g), x3 = vld1q_s8(r3 + 4 * g);
        OCTET_SDOT_GROUP(0);
        OCTET_SDOT_GROUP(1);
        OCTET_SDOT_GROUP(2);
        OCTET_SDOT_GROUP(3);
    }
    // The last 1-3 groups one at a time: a 16-byte load would read past the row.
    for (; g < groups; g++) {
        const int8x16_t x0 = octet_neon_group(r0 + 4 * g), x1 = octet_neon_group(r1 + 4 * g);
        const int8x16_t x2 = octet_neon_group(r2 + 4 * g), x3 = octet_neon_group(r3 + 4 * g);
        OCTET_SDOT_GROUP(0);
    }
    int8_t *out = tile->output;
    const intptr_t stride = tile->outputRowStride;
    const int32_t rowCount = tile->rowCount;
    octet_neon_store_row(c00, c01, c02, c03, tile, out);
    if (rowCount > 1) octet_neon_store_row(c10, c11, c12, c13, tile, out + stride);
    if (rowCount > 2) octet_neon_store_row(c20, c21, c22, c23, tile, out + 2 * stride);
    if (rowCount > 3) octet_neon_store_row(c30, c31, c32, c33, tile, out + 3 * stride);
}

#undef OCTET_SDOT_GROUP
#undef OCTET_SDOT_ROWS

#else

/// Channels 8h..8h+7 of all 4 rows (16 accumulators; all 16 channels would need 32). Each
/// lane pair of p<r><j> holds two partial sums of one channel (entries 0+1 and 2+3 of each
/// group); `addp` folds them at the end into s<r>0 (channels 8h..8h+3) and s<r>1 (8h+4..8h+7).
#define OCTET_SMULL_ROW(r, x)                                                                                \
    p##r##0 = vpadalq_s16(p##r##0, vmull_s8(vget_low_s8(wa), x));                                            \
    p##r##1 = vpadalq_s16(p##r##1, vmull_s8(vget_high_s8(wa), x));                                           \
    p##r##2 = vpadalq_s16(p##r##2, vmull_s8(vget_low_s8(wb), x));                                            \
    p##r##3 = vpadalq_s16(p##r##3, vmull_s8(vget_high_s8(wb), x))

OCTET_NEON_INLINE void octet_neon_half(const OctetGEMMTile *tile, int32_t h, int32x4_t s[8]) {
    const int32x4_t zero = vdupq_n_s32(0);
    int32x4_t p00 = zero, p01 = zero, p02 = zero, p03 = zero, p10 = zero, p11 = zero, p12 = zero, p13 = zero;
    int32x4_t p20 = zero, p21 = zero, p22 = zero, p23 = zero, p30 = zero, p31 = zero, p32 = zero, p33 = zero;
    const int8_t *r0 = tile->rows[0], *r1 = tile->rows[1], *r2 = tile->rows[2], *r3 = tile->rows[3];
    const int8_t *w = tile->panel + 32 * h;
    for (int32_t g = 0; g < tile->depthGroups; g++, w += 64) {
        const int8x16_t wa = vld1q_s8(w), wb = vld1q_s8(w + 16);
        OCTET_SMULL_ROW(0, vget_low_s8(octet_neon_group(r0 + 4 * g)));
        OCTET_SMULL_ROW(1, vget_low_s8(octet_neon_group(r1 + 4 * g)));
        OCTET_SMULL_ROW(2, vget_low_s8(octet_neon_group(r2 + 4 * g)));
        OCTET_SMULL_ROW(3, vget_low_s8(octet_neon_group(r3 + 4 * g)));
    }
    s[0] = vpaddq_s32(p00, p01), s[1] = vpaddq_s32(p02, p03);
    s[2] = vpaddq_s32(p10, p11), s[3] = vpaddq_s32(p12, p13);
    s[4] = vpaddq_s32(p20, p21), s[5] = vpaddq_s32(p22, p23);
    s[6] = vpaddq_s32(p30, p31), s[7] = vpaddq_s32(p32, p33);
}

#undef OCTET_SMULL_ROW

static inline void octet_gemm_neon(const OctetGEMMTile *tile) {
    const int32_t *bias = tile->constants->bias;
    const int32x4_t b0 = vld1q_s32(bias), b1 = vld1q_s32(bias + 4), b2 = vld1q_s32(bias + 8),
                    b3 = vld1q_s32(bias + 12);
    int32x4_t low[8], high[8];  // [2r + j]: row r, channel quad j of the half
    octet_neon_half(tile, 0, low);
    octet_neon_half(tile, 1, high);
    int8_t *out = tile->output;
    for (int32_t r = 0; r < tile->rowCount; r++, out += tile->outputRowStride) {
        octet_neon_store_row(vaddq_s32(low[2 * r], b0), vaddq_s32(low[2 * r + 1], b1),
                             vaddq_s32(high[2 * r], b2), vaddq_s32(high[2 * r + 1], b3), tile, out);
    }
}

#endif

#undef OCTET_NEON_INLINE

#endif
#endif
