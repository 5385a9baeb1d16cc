// x86-64 AVX2 kernel of OctetRuntime's DepthwiseConv2D with a channel multiplier of 1 to 16
// (Kernels/DepthwiseConv2D.swift has the arithmetic): per output pixel, 16 output channels at a
// time (with a multiplier above 1 the input channels they read, `c / multiplier`, are one
// 16-byte load spread by `pshufb`),
// the taps inside the input accumulate `w · (x − inZP)` in 16-bit products (|w · (x − zp)| ≤
// 127 · 255 < 2^15) widened into int32, then the GEMM's exact output stage. Channels past the
// last whole 16 are one more padded block when the kernel has at most 64 taps (weights, bias
// and multipliers copied once into zero-padded lanes; the input lanes past the last channel
// then read whatever bytes follow inside the input and are multiplied by 0), otherwise the
// scalar loop. The same bytes as the portable loop.
#ifndef OCTET_DEPTHWISE_X86_H
#define OCTET_DEPTHWISE_X86_H

#include <stdint.h>
#include "GEMM_x86.h"
#include "RequantizeScalar.h"

/// One depthwise convolution, NHWC, filter `[kh][kw][channels]`; output channel `c` reads
/// input channel `c / (channels / inputChannels)`.
typedef struct {
    const int8_t *input;
    int32_t batches, inputHeight, inputWidth, inputChannels, channels;
    const int8_t *filter;
    int32_t kernelHeight, kernelWidth;
    int32_t strideH, strideW, dilationH, dilationW, padTop, padLeft;
    int8_t *output;
    int32_t outputHeight, outputWidth;
    const int32_t *bias, *multiplier, *shift;
    int32_t inputZeroPoint, outputZeroPoint, clampMin, clampMax;
} OctetDepthwise;

#if defined(__x86_64__)

/// One 16-lane block of a pixel: Σ taps of w · (x − inZP) in two int32 halves (`inputBytes`:
/// the block's 16 input values, already spread to their output channels).
#define OCTET_DEPTHWISE_ACCUMULATE(inputBytes, weights, accLow, accHigh)                                   \
    do {                                                                                                  \
        const __m256i products_ = _mm256_mullo_epi16(                                                     \
            _mm256_sub_epi16(_mm256_cvtepi8_epi16(inputBytes), inputZeroPoint),                           \
            _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(weights))));                           \
        accLow = _mm256_add_epi32(accLow, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(products_)));       \
        accHigh = _mm256_add_epi32(accHigh, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(products_, 1)));  \
    } while (0)

enum { OCTET_DEPTHWISE_MAX_TAIL_TAPS = 64, OCTET_DEPTHWISE_MAX_MULTIPLIER = 16 };

/// 16 bytes from `source`, which holds `available` meaningful ones; read directly when all 16
/// lie before `end` (the input's end), else copied so nothing past the input is read.
static inline OCTET_TARGET_AVX2 __m128i octet_depthwise_load16(const int8_t *source, int32_t available, const int8_t *end) {
    if (source + 16 <= end) return _mm_loadu_si128((const __m128i *)source);
    int8_t lanes[16] = {0};
    for (int32_t i = 0; i < available && i < 16; i++) lanes[i] = source[i];
    return _mm_loadu_si128((const __m128i *)lanes);
}

/// Whether `octet_depthwise_avx2` takes this op (a multiplier of 1 to 16).
static inline int octet_depthwise_avx2_supports(const OctetDepthwise *op) {
    return op->inputChannels > 0 && op->channels % op->inputChannels == 0 &&
           op->channels / op->inputChannels <= OCTET_DEPTHWISE_MAX_MULTIPLIER;
}

static inline OCTET_TARGET_AVX2 void octet_depthwise_avx2(const OctetDepthwise *op) {
    const int32_t channels = op->channels, whole = channels & ~15, rest = channels - whole;
    const int32_t inputChannels = op->inputChannels, multiplier = channels / inputChannels;
    // With a multiplier m, output channel c + k of a block reads input lane (c mod m + k) / m
    // of the 16 bytes loaded at input channel c / m; the pattern depends only on c mod m.
    __m128i spread[OCTET_DEPTHWISE_MAX_MULTIPLIER];
    for (int32_t r = 0; r < multiplier; r++) {
        int8_t lanes[16];
        for (int32_t k = 0; k < 16; k++) lanes[k] = (int8_t)((r + k) / multiplier);
        spread[r] = _mm_loadu_si128((const __m128i *)lanes);
    }
#define OCTET_DEPTHWISE_INPUT(source, c)                                                                   \
    (multiplier == 1 ? octet_depthwise_load16((source) + (c), channels - (c), inputEnd)                     \
                     : _mm_shuffle_epi8(octet_depthwise_load16((source) + (c) / multiplier,                \
                                                               inputChannels - (c) / multiplier, inputEnd), \
                                        spread[(c) % multiplier]))
    const int32_t taps = op->kernelHeight * op->kernelWidth;
    const int vectorTail = rest > 0 && taps <= OCTET_DEPTHWISE_MAX_TAIL_TAPS;
    int8_t tailWeights[OCTET_DEPTHWISE_MAX_TAIL_TAPS * 16];
    int32_t tailBias[16], tailMultiplier[16], tailShift[16];
    if (vectorTail) {
        for (int32_t c = 0; c < 16; c++) {
            tailBias[c] = c < rest ? op->bias[whole + c] : 0;
            tailMultiplier[c] = c < rest ? op->multiplier[whole + c] : 0;
            tailShift[c] = c < rest ? op->shift[whole + c] : 0;
            for (int32_t t = 0; t < taps; t++) {
                tailWeights[t * 16 + c] = c < rest ? op->filter[(intptr_t)t * channels + whole + c] : 0;
            }
        }
    }
    const int8_t *inputEnd = op->input + (intptr_t)op->batches * op->inputHeight * op->inputWidth * inputChannels;
    const __m256i inputZeroPoint = _mm256_set1_epi16((int16_t)op->inputZeroPoint);
    const __m256i zp = _mm256_set1_epi32(op->outputZeroPoint), zero = _mm256_setzero_si256();
    const __m256i low = _mm256_set1_epi32(op->clampMin), high = _mm256_set1_epi32(op->clampMax);
    const intptr_t rowStride = (intptr_t)op->inputWidth * inputChannels;
    int8_t *out = op->output;
    for (int32_t b = 0; b < op->batches; b++) {
        const int8_t *image = op->input + (intptr_t)b * op->inputHeight * rowStride;
        for (int32_t y = 0; y < op->outputHeight; y++) {
            const int32_t originY = y * op->strideH - op->padTop;
            for (int32_t x = 0; x < op->outputWidth; x++, out += channels) {
                const int32_t originX = x * op->strideW - op->padLeft;
                // Taps outside the input are skipped: they would contribute w · (zp − zp) = 0.
#define OCTET_FOR_EACH_TAP(body)                                                                          \
    for (int32_t ky = 0; ky < op->kernelHeight; ky++) {                                                   \
        const int32_t inputY = originY + ky * op->dilationH;                                              \
        if (inputY < 0 || inputY >= op->inputHeight) continue;                                            \
        for (int32_t kx = 0; kx < op->kernelWidth; kx++) {                                                \
            const int32_t inputX = originX + kx * op->dilationW;                                          \
            if (inputX < 0 || inputX >= op->inputWidth) continue;                                         \
            const int8_t *source = image + inputY * rowStride + (intptr_t)inputX * inputChannels;         \
            const int8_t *weights = op->filter + ((intptr_t)ky * op->kernelWidth + kx) * channels;        \
            body                                                                                          \
        }                                                                                                 \
    }
                // Requantizes one block's two halves with per-lane bias, multiplier and shift.
#define OCTET_DEPTHWISE_STORE(accLow, accHigh, bias, multiplier, shift, destination, count)                \
    do {                                                                                                  \
        __m256i result_[2];                                                                               \
        for (int half = 0; half < 2; half++) {                                                            \
            const __m256i shift_ = octet_avx2_load8((shift) + 8 * half);                                  \
            const __m256i acc_ = _mm256_add_epi32(half ? (accHigh) : (accLow), octet_avx2_load8((bias) + 8 * half)); \
            result_[half] = octet_avx2_requantize(                                                        \
                acc_, octet_avx2_load8((multiplier) + 8 * half), _mm256_max_epi32(shift_, zero),          \
                _mm256_max_epi32(_mm256_sub_epi32(zero, shift_), zero), zp, low, high);                   \
        }                                                                                                 \
        octet_avx2_store16(result_[0], result_[1], (destination), (count));                               \
    } while (0)
                for (int32_t c = 0; c < whole; c += 16) {
                    __m256i accLow = zero, accHigh = zero;
                    // A whole block of multiplier 1 lies inside the pixel: no bounds check needed.
                    OCTET_FOR_EACH_TAP({
                        const __m128i values = multiplier == 1 ? _mm_loadu_si128((const __m128i *)(source + c))
                                                               : OCTET_DEPTHWISE_INPUT(source, c);
                        OCTET_DEPTHWISE_ACCUMULATE(values, weights + c, accLow, accHigh);
                    })
                    OCTET_DEPTHWISE_STORE(accLow, accHigh, op->bias + c, op->multiplier + c, op->shift + c, out + c, 16);
                }
                if (vectorTail) {
                    __m256i accLow = zero, accHigh = zero;
                    OCTET_FOR_EACH_TAP({
                        const int8_t *tapWeights = tailWeights + (ky * op->kernelWidth + kx) * 16;
                        OCTET_DEPTHWISE_ACCUMULATE(OCTET_DEPTHWISE_INPUT(source, whole), tapWeights, accLow, accHigh);
                    })
                    OCTET_DEPTHWISE_STORE(accLow, accHigh, tailBias, tailMultiplier, tailShift, out + whole, rest);
                    continue;
                }
#undef OCTET_DEPTHWISE_STORE
                for (int32_t c = whole; c < channels; c++) {
                    uint32_t acc = (uint32_t)op->bias[c];  // wraps, as the portable kernel's sum
                    OCTET_FOR_EACH_TAP({
                        acc += (uint32_t)((int32_t)weights[c] * ((int32_t)source[c / multiplier] - op->inputZeroPoint));
                    })
                    const int32_t s = op->shift[c];
                    out[c] = octet_requantize((int32_t)acc, op->multiplier[c], s > 0 ? s : 0, s > 0 ? 0 : -s,
                                              op->outputZeroPoint, op->clampMin, op->clampMax);
                }
#undef OCTET_FOR_EACH_TAP
            }
        }
    }
}

#undef OCTET_DEPTHWISE_ACCUMULATE
#undef OCTET_DEPTHWISE_INPUT
#endif
#endif
