// x86-64 AVX2 kernel of OctetRuntime's quantized Add (Kernels/Add.swift): per element
// `clamp(zp + MultiplyByQuantizedMultiplier(table1[x1] + table2[x2], m, -rightShift))`, where the
// two 256-entry tables hold TFLite's per-input rescale (indexed by the int8 value + 128). Eight
// elements per step: two `vpgatherdd` and the GEMM's exact output stage. The same bytes as the
// portable loop (tests run both).
#ifndef OCTET_ADD_X86_H
#define OCTET_ADD_X86_H

#include <stdint.h>
#include "GEMM_x86.h"

#if defined(__x86_64__)

static inline OCTET_TARGET_AVX2 void octet_add_avx2(
    const int32_t *table1, const int32_t *table2, const int8_t *input1, const int8_t *input2, int8_t *output,
    intptr_t count, int32_t multiplier, int32_t rightShift, int32_t zeroPoint, int32_t clampMin, int32_t clampMax) {
    const __m256i m = _mm256_set1_epi32(multiplier), right = _mm256_set1_epi32(rightShift);
    const __m256i left = _mm256_setzero_si256(), offset = _mm256_set1_epi32(128);
    const __m256i zp = _mm256_set1_epi32(zeroPoint), low = _mm256_set1_epi32(clampMin), high = _mm256_set1_epi32(clampMax);
    intptr_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256i x1 = _mm256_add_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(input1 + i))), offset);
        const __m256i x2 = _mm256_add_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(input2 + i))), offset);
        const __m256i sum = _mm256_add_epi32(_mm256_i32gather_epi32((const int *)table1, x1, 4),
                                             _mm256_i32gather_epi32((const int *)table2, x2, 4));
        const __m256i result = octet_avx2_requantize(sum, m, left, right, zp, low, high);
        const __m128i packed16 = _mm_packs_epi32(_mm256_castsi256_si128(result), _mm256_extracti128_si256(result, 1));
        _mm_storel_epi64((__m128i *)(output + i), _mm_packs_epi16(packed16, packed16));
    }
    for (; i < count; i++) {
        const int32_t sum = table1[input1[i] + 128] + table2[input2[i] + 128];
        const __m256i result = octet_avx2_requantize(_mm256_set1_epi32(sum), m, left, right, zp, low, high);
        output[i] = (int8_t)_mm256_cvtsi256_si32(result);
    }
}

#endif
#endif
