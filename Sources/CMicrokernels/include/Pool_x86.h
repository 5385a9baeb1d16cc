// x86-64 AVX2 kernel of OctetRuntime's MaxPool2D (Kernels/Pooling.swift): per output pixel,
// 32 (then 16, then 8) channels at a time, `vpmaxsb` over the window's taps inside the input, then the clamp.
// Every tap of a chunk is read before the chunk is stored, so the output may overwrite its
// input in place exactly as the portable kernel allows. The same bytes as the portable loop.
#ifndef OCTET_POOL_X86_H
#define OCTET_POOL_X86_H

#include <stdint.h>

/// One pooling op, NHWC (the window is clipped to the input; the loader guarantees every
/// window keeps at least one tap).
typedef struct {
    const int8_t *input;
    int32_t batches, inputHeight, inputWidth, channels;
    int32_t kernelHeight, kernelWidth, strideH, strideW, padTop, padLeft;
    int8_t *output;
    int32_t outputHeight, outputWidth;
    int32_t clampMin, clampMax;
} OctetPool;

#if defined(__x86_64__)
#include <immintrin.h>

/// The taps of one window clipped to the input: `rows × columns` pixels from `origin`.
typedef struct {
    const int8_t *origin;
    intptr_t rowStride, pixelStride;
    int32_t rows, columns;
} OctetPoolWindow;

/// The maximum over the window of 32 channels from `c`.
static inline __attribute__((target("avx2"))) __m256i octet_window_max32(const OctetPoolWindow *w, int32_t c) {
    __m256i best = _mm256_set1_epi8(INT8_MIN);
    for (int32_t iy = 0; iy < w->rows; iy++)
        for (int32_t ix = 0; ix < w->columns; ix++)
            best = _mm256_max_epi8(
                best, _mm256_loadu_si256((const __m256i *)(w->origin + iy * w->rowStride + ix * w->pixelStride + c)));
    return best;
}

/// The same for 16 channels, or 8 (`eight`: 8-byte loads, the upper lanes unused).
static inline __attribute__((target("avx2"))) __m128i octet_window_max16(const OctetPoolWindow *w, int32_t c, int eight) {
    __m128i best = _mm_set1_epi8(INT8_MIN);
    for (int32_t iy = 0; iy < w->rows; iy++)
        for (int32_t ix = 0; ix < w->columns; ix++) {
            const __m128i *tap = (const __m128i *)(w->origin + iy * w->rowStride + ix * w->pixelStride + c);
            best = _mm_max_epi8(best, eight ? _mm_loadl_epi64(tap) : _mm_loadu_si128(tap));
        }
    return best;
}

static inline __attribute__((target("avx2"))) void octet_maxpool_avx2(const OctetPool *op) {
    const int32_t channels = op->channels;
    const intptr_t rowStride = (intptr_t)op->inputWidth * channels;
    const __m256i low = _mm256_set1_epi8((int8_t)op->clampMin), high = _mm256_set1_epi8((int8_t)op->clampMax);
    const __m128i low16 = _mm256_castsi256_si128(low), high16 = _mm256_castsi256_si128(high);
    int8_t *out = op->output;
    for (int32_t b = 0; b < op->batches; b++) {
        const int8_t *image = op->input + (intptr_t)b * op->inputHeight * rowStride;
        for (int32_t y = 0; y < op->outputHeight; y++) {
            const int32_t originY = y * op->strideH - op->padTop;
            const int32_t y0 = originY < 0 ? 0 : originY;
            const int32_t y1 = originY + op->kernelHeight > op->inputHeight ? op->inputHeight : originY + op->kernelHeight;
            for (int32_t x = 0; x < op->outputWidth; x++, out += channels) {
                const int32_t originX = x * op->strideW - op->padLeft;
                const int32_t x0 = originX < 0 ? 0 : originX;
                const int32_t x1 = originX + op->kernelWidth > op->inputWidth ? op->inputWidth : originX + op->kernelWidth;
                const OctetPoolWindow window = {image + y0 * rowStride + (intptr_t)x0 * channels, rowStride, channels,
                                                y1 - y0, x1 - x0};
                int32_t c = 0;
                for (; c + 32 <= channels; c += 32) {
                    const __m256i best = octet_window_max32(&window, c);
                    _mm256_storeu_si256((__m256i *)(out + c), _mm256_min_epi8(_mm256_max_epi8(best, low), high));
                }
                for (int32_t width; c + 8 <= channels; c += width) {
                    width = channels - c >= 16 ? 16 : 8;
                    const __m128i best = _mm_min_epi8(_mm_max_epi8(octet_window_max16(&window, c, width == 8), low16), high16);
                    if (width == 16) _mm_storeu_si128((__m128i *)(out + c), best);
                    else _mm_storel_epi64((__m128i *)(out + c), best);
                }
                for (; c < channels; c++) {
                    int32_t best = INT8_MIN;
                    for (int32_t iy = 0; iy < window.rows; iy++)
                        for (int32_t ix = 0; ix < window.columns; ix++) {
                            const int32_t value = window.origin[iy * rowStride + (intptr_t)ix * channels + c];
                            best = value > best ? value : best;
                        }
                    best = best < op->clampMin ? op->clampMin : best;
                    out[c] = (int8_t)(best > op->clampMax ? op->clampMax : best);
                }
            }
        }
    }
}

#endif
#endif
