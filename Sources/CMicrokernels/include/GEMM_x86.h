// x86-64 GEMM microkernels (GEMMContract.h): AVX2, AVX-512 VNNI and AVX-VNNI. Each function
// carries its own target attribute, so this header compiles in a baseline x86-64 module and
// only the function itself uses the wider instructions; callers check CPUFeatures.h first.
#ifndef OCTET_GEMM_X86_H
#define OCTET_GEMM_X86_H

#include "GEMMContract.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define OCTET_TARGET_AVX2 __attribute__((target("avx2")))
#define OCTET_TARGET_AVX512_VNNI __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vnni")))
#define OCTET_TARGET_AVX_VNNI __attribute__((target("avx2,avxvnni")))

// MARK: - Output stage (8 lanes, AVX2 encoding)

/// TFLite's double-rounding requantization of 8 accumulators, then zero point and clamp.
/// SaturatingRoundingDoublingHighMul(a, m) = (a·m + 2^30) >> 31 in 64 bits (equal to TFLite's
/// nudge-and-truncate for every pair but a = m = INT32_MIN, and multipliers are never INT32_MIN);
/// its low 32 bits are bits 31..62 of the sum, so logical 64-bit shifts suffice.
static inline OCTET_TARGET_AVX2 __m256i octet_avx2_requantize(
    __m256i acc, __m256i m, __m256i left, __m256i right, __m256i zeroPoint, __m256i clampMin, __m256i clampMax) {
    const __m256i x = _mm256_sllv_epi32(acc, left);
    const __m256i nudge = _mm256_set1_epi64x(1ll << 30);
    const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, m), nudge);
    const __m256i odd = _mm256_add_epi64(
        _mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(m, 32)), nudge);
    const __m256i high = _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
    // RoundingDivideByPOT: add one when the remainder exceeds half (half + 1 for negatives).
    const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), right), _mm256_set1_epi32(1));
    const __m256i remainder = _mm256_and_si256(high, mask);
    const __m256i threshold = _mm256_sub_epi32(
        _mm256_srli_epi32(mask, 1), _mm256_cmpgt_epi32(_mm256_setzero_si256(), high));
    const __m256i rounded = _mm256_sub_epi32(
        _mm256_srav_epi32(high, right), _mm256_cmpgt_epi32(remainder, threshold));
    // Clamped against the bounds minus the zero point, then offset: never wraps (RequantizeScalar.h).
    return _mm256_add_epi32(
        _mm256_min_epi32(_mm256_max_epi32(rounded, _mm256_sub_epi32(clampMin, zeroPoint)), _mm256_sub_epi32(clampMax, zeroPoint)),
        zeroPoint);
}

static inline OCTET_TARGET_AVX2 __m256i octet_avx2_load8(const int32_t *values) {
    return _mm256_loadu_si256((const __m256i *)values);
}

/// Narrows 16 clamped int32 lanes (channels 0–7, 8–15) to int8 and stores `columns` of them.
static inline OCTET_TARGET_AVX2 void octet_avx2_store16(__m256i low, __m256i high, int8_t *output, int32_t columns) {
    const __m256i packed16 = _mm256_permute4x64_epi64(_mm256_packs_epi32(low, high), 0xD8);
    const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(packed16), _mm256_extracti128_si256(packed16, 1));
    if (columns == OCTET_GEMM_COLUMNS) {
        _mm_storeu_si128((__m128i *)output, bytes);
    } else {
        int8_t lanes[16];
        _mm_storeu_si128((__m128i *)lanes, bytes);
        for (int32_t c = 0; c < columns; c++) output[c] = lanes[c];
    }
}

static inline OCTET_TARGET_AVX2 void octet_avx2_output_row(
    const OctetGEMMTile *tile, int32_t row, __m256i accLow, __m256i accHigh) {
    const OctetChannelBlock *k = tile->constants;
    const __m256i zeroPoint = _mm256_set1_epi32(tile->zeroPoint);
    const __m256i clampMin = _mm256_set1_epi32(tile->clampMin), clampMax = _mm256_set1_epi32(tile->clampMax);
    const __m256i low = octet_avx2_requantize(
        accLow, octet_avx2_load8(k->multiplier), octet_avx2_load8(k->leftShift), octet_avx2_load8(k->rightShift),
        zeroPoint, clampMin, clampMax);
    const __m256i high = octet_avx2_requantize(
        accHigh, octet_avx2_load8(k->multiplier + 8), octet_avx2_load8(k->leftShift + 8),
        octet_avx2_load8(k->rightShift + 8), zeroPoint, clampMin, clampMax);
    octet_avx2_store16(low, high, tile->output + row * tile->outputRowStride, tile->columns);
}

// MARK: - AVX2: vpmaddwd on widened pairs

/// The four depth entries of one row, widened to int16 and repeated for four channels.
static inline OCTET_TARGET_AVX2 __m256i octet_avx2_row_group(const int8_t *row) {
    int32_t bytes;
    __builtin_memcpy(&bytes, row, 4);
    return _mm256_cvtepi8_epi16(_mm_set1_epi32(bytes));
}

/// Eight channels (half a block) for four rows: per depth group, the 32 weight bytes of these
/// channels widen to two int16 vectors; `vpmaddwd` against each row's repeated group leaves two
/// partial sums per channel, added pairwise once at the end. (Rows are written out, not
/// looped over: the accumulators must stay in registers.)
static inline OCTET_TARGET_AVX2 void octet_avx2_half(const OctetGEMMTile *tile, int32_t half, __m256i out[4]) {
    __m256i a00 = _mm256_setzero_si256(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
    const int8_t *weights = tile->panel + 32 * half;
    const int8_t *r0 = tile->rows[0], *r1 = tile->rows[1], *r2 = tile->rows[2], *r3 = tile->rows[3];
    for (int32_t g = 0; g < tile->depthGroups; g++, weights += 64) {
        const __m256i w0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)weights));
        const __m256i w1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(weights + 16)));
        __m256i a = octet_avx2_row_group(r0 + 4 * g);
        a00 = _mm256_add_epi32(a00, _mm256_madd_epi16(a, w0));
        a01 = _mm256_add_epi32(a01, _mm256_madd_epi16(a, w1));
        a = octet_avx2_row_group(r1 + 4 * g);
        a10 = _mm256_add_epi32(a10, _mm256_madd_epi16(a, w0));
        a11 = _mm256_add_epi32(a11, _mm256_madd_epi16(a, w1));
        a = octet_avx2_row_group(r2 + 4 * g);
        a20 = _mm256_add_epi32(a20, _mm256_madd_epi16(a, w0));
        a21 = _mm256_add_epi32(a21, _mm256_madd_epi16(a, w1));
        a = octet_avx2_row_group(r3 + 4 * g);
        a30 = _mm256_add_epi32(a30, _mm256_madd_epi16(a, w0));
        a31 = _mm256_add_epi32(a31, _mm256_madd_epi16(a, w1));
    }
    const __m256i bias = _mm256_loadu_si256((const __m256i *)(tile->constants->bias + 8 * half));
    // hadd gives channels [0 1 4 5 | 2 3 6 7] of this half; the permute restores the order.
    out[0] = _mm256_add_epi32(_mm256_permute4x64_epi64(_mm256_hadd_epi32(a00, a01), 0xD8), bias);
    out[1] = _mm256_add_epi32(_mm256_permute4x64_epi64(_mm256_hadd_epi32(a10, a11), 0xD8), bias);
    out[2] = _mm256_add_epi32(_mm256_permute4x64_epi64(_mm256_hadd_epi32(a20, a21), 0xD8), bias);
    out[3] = _mm256_add_epi32(_mm256_permute4x64_epi64(_mm256_hadd_epi32(a30, a31), 0xD8), bias);
}

static inline OCTET_TARGET_AVX2 void octet_gemm_avx2(const OctetGEMMTile *tile) {
    __m256i low[4], high[4];
    octet_avx2_half(tile, 0, low);
    octet_avx2_half(tile, 1, high);
    octet_avx2_output_row(tile, 0, low[0], high[0]);
    if (tile->rowCount > 1) octet_avx2_output_row(tile, 1, low[1], high[1]);
    if (tile->rowCount > 2) octet_avx2_output_row(tile, 2, low[2], high[2]);
    if (tile->rowCount > 3) octet_avx2_output_row(tile, 3, low[3], high[3]);
}

// MARK: - AVX-VNNI: 256-bit vpdpbusd

/// `vpdpbusd` multiplies unsigned by signed bytes: activations enter as x + 128 (x ^ 0x80) and
/// the accumulators start at bias − 128·Σw, which is exact in wrapping int32.
static inline int32_t octet_unsigned_group(const int8_t *row) {
    int32_t bytes;
    __builtin_memcpy(&bytes, row, 4);
    return bytes ^ (int32_t)0x80808080u;
}

static inline OCTET_TARGET_AVX_VNNI void octet_gemm_avxvnni(const OctetGEMMTile *tile) {
    const OctetChannelBlock *k = tile->constants;
    const __m256i start0 = _mm256_sub_epi32(
        _mm256_loadu_si256((const __m256i *)k->bias), _mm256_slli_epi32(_mm256_loadu_si256((const __m256i *)k->weightSum), 7));
    const __m256i start1 = _mm256_sub_epi32(
        _mm256_loadu_si256((const __m256i *)(k->bias + 8)),
        _mm256_slli_epi32(_mm256_loadu_si256((const __m256i *)(k->weightSum + 8)), 7));
    __m256i a00 = start0, a01 = start1, a10 = start0, a11 = start1, a20 = start0, a21 = start1, a30 = start0,
            a31 = start1;
    const int8_t *weights = tile->panel;
    const int8_t *r0 = tile->rows[0], *r1 = tile->rows[1], *r2 = tile->rows[2], *r3 = tile->rows[3];
    for (int32_t g = 0; g < tile->depthGroups; g++, weights += 64) {
        const __m256i w0 = _mm256_loadu_si256((const __m256i *)weights);
        const __m256i w1 = _mm256_loadu_si256((const __m256i *)(weights + 32));
        __m256i a = _mm256_set1_epi32(octet_unsigned_group(r0 + 4 * g));
        a00 = _mm256_dpbusd_avx_epi32(a00, a, w0);
        a01 = _mm256_dpbusd_avx_epi32(a01, a, w1);
        a = _mm256_set1_epi32(octet_unsigned_group(r1 + 4 * g));
        a10 = _mm256_dpbusd_avx_epi32(a10, a, w0);
        a11 = _mm256_dpbusd_avx_epi32(a11, a, w1);
        a = _mm256_set1_epi32(octet_unsigned_group(r2 + 4 * g));
        a20 = _mm256_dpbusd_avx_epi32(a20, a, w0);
        a21 = _mm256_dpbusd_avx_epi32(a21, a, w1);
        a = _mm256_set1_epi32(octet_unsigned_group(r3 + 4 * g));
        a30 = _mm256_dpbusd_avx_epi32(a30, a, w0);
        a31 = _mm256_dpbusd_avx_epi32(a31, a, w1);
    }
    octet_avx2_output_row(tile, 0, a00, a01);
    if (tile->rowCount > 1) octet_avx2_output_row(tile, 1, a10, a11);
    if (tile->rowCount > 2) octet_avx2_output_row(tile, 2, a20, a21);
    if (tile->rowCount > 3) octet_avx2_output_row(tile, 3, a30, a31);
}

// MARK: - AVX-512 VNNI: one zmm per row, 16 channels

static inline OCTET_TARGET_AVX512_VNNI __m512i octet_avx512_requantize(const OctetGEMMTile *tile, __m512i acc) {
    const OctetChannelBlock *k = tile->constants;
    const __m512i m = _mm512_loadu_si512(k->multiplier);
    const __m512i right = _mm512_loadu_si512(k->rightShift);
    const __m512i x = _mm512_sllv_epi32(acc, _mm512_loadu_si512(k->leftShift));
    const __m512i nudge = _mm512_set1_epi64(1ll << 30);
    const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, m), nudge);
    const __m512i odd = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(m, 32)), nudge);
    const __m512i high = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
    const __m512i one = _mm512_set1_epi32(1);
    const __m512i mask = _mm512_sub_epi32(_mm512_sllv_epi32(one, right), one);
    const __m512i remainder = _mm512_and_si512(high, mask);
    const __m512i threshold = _mm512_mask_add_epi32(
        _mm512_srli_epi32(mask, 1), _mm512_cmplt_epi32_mask(high, _mm512_setzero_si512()), _mm512_srli_epi32(mask, 1), one);
    const __m512i shifted = _mm512_srav_epi32(high, right);
    const __m512i rounded = _mm512_mask_add_epi32(shifted, _mm512_cmpgt_epi32_mask(remainder, threshold), shifted, one);
    return _mm512_add_epi32(
        _mm512_min_epi32(_mm512_max_epi32(rounded, _mm512_set1_epi32(tile->clampMin - tile->zeroPoint)),
                         _mm512_set1_epi32(tile->clampMax - tile->zeroPoint)),
        _mm512_set1_epi32(tile->zeroPoint));
}

static inline OCTET_TARGET_AVX512_VNNI void octet_avx512_store_row(const OctetGEMMTile *tile, int32_t row, __m512i acc) {
    const __mmask16 store = (__mmask16)((1u << tile->columns) - 1u);
    _mm_mask_storeu_epi8(
        tile->output + row * tile->outputRowStride, store, _mm512_cvtsepi32_epi8(octet_avx512_requantize(tile, acc)));
}

static inline OCTET_TARGET_AVX512_VNNI void octet_gemm_avx512vnni(const OctetGEMMTile *tile) {
    const OctetChannelBlock *k = tile->constants;
    const __m512i start = _mm512_sub_epi32(_mm512_loadu_si512(k->bias), _mm512_slli_epi32(_mm512_loadu_si512(k->weightSum), 7));
    // Two accumulators per row (even and odd depth groups) hide vpdpbusd's latency.
    const __m512i zero = _mm512_setzero_si512();
    __m512i e0 = start, e1 = start, e2 = start, e3 = start, o0 = zero, o1 = zero, o2 = zero, o3 = zero;
    const int8_t *weights = tile->panel;
    const int8_t *r0 = tile->rows[0], *r1 = tile->rows[1], *r2 = tile->rows[2], *r3 = tile->rows[3];
    int32_t g = 0;
    for (; g + 1 < tile->depthGroups; g += 2, weights += 128) {
        const __m512i w0 = _mm512_loadu_si512(weights), w1 = _mm512_loadu_si512(weights + 64);
        e0 = _mm512_dpbusd_epi32(e0, _mm512_set1_epi32(octet_unsigned_group(r0 + 4 * g)), w0);
        e1 = _mm512_dpbusd_epi32(e1, _mm512_set1_epi32(octet_unsigned_group(r1 + 4 * g)), w0);
        e2 = _mm512_dpbusd_epi32(e2, _mm512_set1_epi32(octet_unsigned_group(r2 + 4 * g)), w0);
        e3 = _mm512_dpbusd_epi32(e3, _mm512_set1_epi32(octet_unsigned_group(r3 + 4 * g)), w0);
        o0 = _mm512_dpbusd_epi32(o0, _mm512_set1_epi32(octet_unsigned_group(r0 + 4 * g + 4)), w1);
        o1 = _mm512_dpbusd_epi32(o1, _mm512_set1_epi32(octet_unsigned_group(r1 + 4 * g + 4)), w1);
        o2 = _mm512_dpbusd_epi32(o2, _mm512_set1_epi32(octet_unsigned_group(r2 + 4 * g + 4)), w1);
        o3 = _mm512_dpbusd_epi32(o3, _mm512_set1_epi32(octet_unsigned_group(r3 + 4 * g + 4)), w1);
    }
    if (g < tile->depthGroups) {
        const __m512i w0 = _mm512_loadu_si512(weights);
        e0 = _mm512_dpbusd_epi32(e0, _mm512_set1_epi32(octet_unsigned_group(r0 + 4 * g)), w0);
        e1 = _mm512_dpbusd_epi32(e1, _mm512_set1_epi32(octet_unsigned_group(r1 + 4 * g)), w0);
        e2 = _mm512_dpbusd_epi32(e2, _mm512_set1_epi32(octet_unsigned_group(r2 + 4 * g)), w0);
        e3 = _mm512_dpbusd_epi32(e3, _mm512_set1_epi32(octet_unsigned_group(r3 + 4 * g)), w0);
    }
    octet_avx512_store_row(tile, 0, _mm512_add_epi32(e0, o0));
    if (tile->rowCount > 1) octet_avx512_store_row(tile, 1, _mm512_add_epi32(e1, o1));
    if (tile->rowCount > 2) octet_avx512_store_row(tile, 2, _mm512_add_epi32(e2, o2));
    if (tile->rowCount > 3) octet_avx512_store_row(tile, 3, _mm512_add_epi32(e3, o3));
}

#endif
#endif
