// x86-64 AVX2+FMA tile of OctetTrain's float GEMM (Kernels/GEMM.swift): a 4 × 16 tile of C over
// the whole depth, `c += a · b` as fused multiply-adds in the same order as the Swift tile, so
// the results are bit-identical to it compiled for AVX2+FMA. Only this function carries the
// target; OctetTrain calls it after checking CPUFeatures.h.
#ifndef OCTET_SGEMM_X86_H
#define OCTET_SGEMM_X86_H

#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>

/// Rows `a0…a3` step `step` floats per depth entry (short tiles repeat row 0), `panel` holds
/// 16 floats per depth entry; stores `height` rows of `width` columns at `c` (rows `ldc` apart),
/// added to what is there when `accumulate` is non-zero.
static inline __attribute__((target("avx2,fma"))) void octet_sgemm_tile_fma(
    const float *a0, const float *a1, const float *a2, const float *a3, intptr_t step, const float *panel,
    intptr_t depth, float *c, intptr_t ldc, int32_t height, int32_t width, int32_t accumulate) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    intptr_t offset = 0;
    for (intptr_t p = 0; p < depth; p++, offset += step) {
        const __m256 b0 = _mm256_loadu_ps(panel + 16 * p), b1 = _mm256_loadu_ps(panel + 16 * p + 8);
        __m256 x = _mm256_set1_ps(a0[offset]);
        c00 = _mm256_fmadd_ps(x, b0, c00);
        c01 = _mm256_fmadd_ps(x, b1, c01);
        x = _mm256_set1_ps(a1[offset]);
        c10 = _mm256_fmadd_ps(x, b0, c10);
        c11 = _mm256_fmadd_ps(x, b1, c11);
        x = _mm256_set1_ps(a2[offset]);
        c20 = _mm256_fmadd_ps(x, b0, c20);
        c21 = _mm256_fmadd_ps(x, b1, c21);
        x = _mm256_set1_ps(a3[offset]);
        c30 = _mm256_fmadd_ps(x, b0, c30);
        c31 = _mm256_fmadd_ps(x, b1, c31);
    }
    float rows[4][16];
    _mm256_storeu_ps(rows[0], c00); _mm256_storeu_ps(rows[0] + 8, c01);
    _mm256_storeu_ps(rows[1], c10); _mm256_storeu_ps(rows[1] + 8, c11);
    _mm256_storeu_ps(rows[2], c20); _mm256_storeu_ps(rows[2] + 8, c21);
    _mm256_storeu_ps(rows[3], c30); _mm256_storeu_ps(rows[3] + 8, c31);
    for (int32_t r = 0; r < height; r++) {
        float *out = c + r * ldc;
        for (int32_t j = 0; j < width; j++) out[j] = accumulate ? rows[r][j] + out[j] : rows[r][j];
    }
}

#endif
#endif
