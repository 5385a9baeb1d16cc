// The contract every GEMM microkernel implements, bit for bit.
//
// Packed weights ("panel"): one block of 16 output channels × `depthGroups` groups of 4
// depth entries, int8, laid out as
//     panel[(g * 16 + c) * 4 + j] = weight of channel c at depth 4g + j
// (64 bytes per depth group; depth entries past K and channels past the layer's count are 0).
// That is the operand order of x86 `vpdpbusd`, arm64 `sdot` and, after `SXTB16`, Cortex-M `SMLAD`.
//
// Rows: `rows[r]` points at `4 * depthGroups` int8 activations (raw values, zero point NOT
// subtracted) for r < rowCount; rows[r] for r >= rowCount are valid pointers (the caller
// repeats row 0) whose results are discarded.
//
// Result, for r < rowCount and c < columns (nothing else is written):
//     acc = constants.bias[c] + Σ_k panel(k, c) * rows[r][k]           (int32, wrapping)
//     out = clamp(zeroPoint + MultiplyByQuantizedMultiplier(acc, multiplier[c], leftShift[c], rightShift[c]), clampMin, clampMax)
//     output[r * outputRowStride + c] = (int8_t)out
// where MultiplyByQuantizedMultiplier is TFLite's double-rounding one:
//     RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(acc << leftShift, multiplier), rightShift).
// `bias` already holds `bias - inputZeroPoint * Σw` (so padding taps must hold the input zero
// point); `weightSum[c]` = Σ_k panel(k, c), for kernels that offset activations to unsigned
// (x + 128): acc = bias - 128 * weightSum + Σ w * (x + 128).
// Multipliers are 0 or in [2^30, 2^31); leftShift in [0, 30]; rightShift in [0, 31]; at most
// one of the two shifts is non-zero. Padding channels have all-zero constants.
#ifndef OCTET_GEMM_CONTRACT_H
#define OCTET_GEMM_CONTRACT_H

#include <stdint.h>

/// Output pixels per microkernel call and output channels per packed block.
#define OCTET_GEMM_ROWS 4
#define OCTET_GEMM_COLUMNS 16
#define OCTET_GEMM_DEPTH_GROUP 4

/// Per-channel constants of one 16-channel block: five arrays of 16 int32, in this order, as
/// stored in the model file (320 bytes per block).
typedef struct {
    int32_t bias[16];
    int32_t multiplier[16];
    int32_t leftShift[16];
    int32_t rightShift[16];
    int32_t weightSum[16];
} OctetChannelBlock;

typedef struct {
    const int8_t *rows[OCTET_GEMM_ROWS];
    int32_t rowCount;
    const int8_t *panel;
    int32_t depthGroups;
    const OctetChannelBlock *constants;
    int32_t zeroPoint;
    int32_t clampMin;
    int32_t clampMax;
    int8_t *output;
    intptr_t outputRowStride;
    int32_t columns;
} OctetGEMMTile;

#endif
