// Scalar requantization shared by every microkernel (and their tails), and a plain scalar
// GEMM that implements GEMMContract.h on any target (the fallback without SIMD or DSP).
// Only <stdint.h>: this header compiles freestanding on x86-64, aarch64, armv7em, armv6m and
// riscv32, and under Embedded Swift with -no-allocations.
#ifndef OCTET_REQUANTIZE_SCALAR_H
#define OCTET_REQUANTIZE_SCALAR_H

#include <stdint.h>
#include "GEMMContract.h"

/// clamp(zeroPoint + MultiplyByQuantizedMultiplier(acc, multiplier, leftShift, rightShift),
/// clampMin, clampMax) as int8, bit for bit TFLite's double rounding:
///     x   = SaturatingRoundingDoublingHighMul((int32)(acc << leftShift), multiplier)
///     out = RoundingDivideByPOT(x, rightShift)            (ties away from zero)
///
/// SaturatingRoundingDoublingHighMul(a, m) is trunc((a·m + nudge) / 2^31) with nudge = 2^30
/// for a·m ≥ 0 and 1 - 2^30 otherwise. For a negative numerator y = a·m + 1 - 2^30,
/// trunc(y / 2^31) = floor((y + 2^31 - 1) / 2^31) = floor((a·m + 2^30) / 2^31), the same
/// expression as the non-negative case, so it is one 64-bit product, one add and one
/// arithmetic shift (SMULL, ADDS/ADC, two shifts on a 32-bit core). It saturates only for
/// a = m = INT32_MIN, and multipliers are 0 or in [2^30, 2^31), so that case cannot occur;
/// the result then lies in [-2^31 + 1, 2^31 - 1].
///
/// RoundingDivideByPOT(x, e): (x >> e) + (remainder > threshold), threshold = mask/2 + (x < 0).
/// `threshold - remainder` is in (-2^31, 2^30], so its sign bit is the comparison: no branch.
///
/// The zero point is added after clamping against the shifted bounds, which is the same
/// value as clamping zeroPoint + x but cannot overflow int32 for any x (TFLite's own
/// `x + zeroPoint` would wrap for x near 2^31). Needs clampMin - zeroPoint and
/// clampMax - zeroPoint to fit in int32 (always so for int8 bounds and zero points).
static inline int8_t octet_requantize(int32_t acc, int32_t multiplier, int32_t leftShift, int32_t rightShift,
                                      int32_t zeroPoint, int32_t clampMin, int32_t clampMax) {
    int32_t shifted = (int32_t)((uint32_t)acc << leftShift);  // wraps, as the contract's acc << leftShift
    int32_t x = (int32_t)(((int64_t)shifted * multiplier + ((int64_t)1 << 30)) >> 31);
    int32_t mask = (int32_t)(((uint32_t)1 << rightShift) - 1);
    int32_t threshold = (mask >> 1) + (int32_t)((uint32_t)x >> 31);
    int32_t rounded = (x >> rightShift) + (int32_t)((uint32_t)(threshold - (x & mask)) >> 31);
    int32_t low = clampMin - zeroPoint, high = clampMax - zeroPoint;
    int32_t clamped = rounded < low ? low : rounded;
    clamped = clamped > high ? high : clamped;
    return (int8_t)(clamped + zeroPoint);
}

/// The contract computed literally, one output at a time: the reference for tails and
/// targets without a vector or DSP kernel.
static inline void octet_gemm_scalar(const OctetGEMMTile *tile) {
    const OctetChannelBlock *k = tile->constants;
    for (int32_t r = 0; r < tile->rowCount; r++) {
        const int8_t *x = tile->rows[r];
        int8_t *out = tile->output + r * tile->outputRowStride;
        for (int32_t c = 0; c < tile->columns; c++) {
            const int8_t *w = tile->panel + 4 * c;
            uint32_t acc = (uint32_t)k->bias[c];  // unsigned: the contract's sum wraps
            for (int32_t g = 0; g < tile->depthGroups; g++) {
                for (int32_t j = 0; j < 4; j++) acc += (uint32_t)(w[64 * g + j] * x[4 * g + j]);
            }
            out[c] = octet_requantize((int32_t)acc, k->multiplier[c], k->leftShift[c], k->rightShift[c],
                                      tile->zeroPoint, tile->clampMin, tile->clampMax);
        }
    }
}

#endif
