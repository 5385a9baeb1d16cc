// Workloads whose executed instructions scripts/count-cortex-m4-microkernels.sh counts under
// QEMU (scripts/qemu/insn-count.c), each built twice: with the work and without it
// (OCTET_COUNT_WORK=0, same setup and checksum), so the difference is the work alone.
//   OCTET_COUNT_GEMM: octet_gemm_dsp over a 3×3 32→64 conv layer's GEMM: K = 288,
//     64 channels (4 panels), 64 output pixels (16 tiles of 4 rows), tile set-up included.
//   otherwise: octet_requantize of 4096 accumulators, per-channel constants (work) against
//     a plain int8 store of the same accumulators (baseline).
#include <stdint.h>
#include "GEMM_DSP.h"

void board_write_byte(uint8_t byte);

#ifndef DEPTH_GROUPS
#define DEPTH_GROUPS 72
#endif
#define CHANNELS 64
#define PIXELS 64
#define OUTPUTS 4096

static uint32_t seed = 12345;
static int8_t random_int8(void) {
    seed = seed * 1664525u + 1013904223u;
    return (int8_t)(seed >> 24);
}

// External linkage: in the baseline build nothing reads the inputs, and static arrays would
// let the compiler drop their set-up, which would then be counted as work.
int8_t panels[CHANNELS / 16][DEPTH_GROUPS * 64];
int8_t pixels[PIXELS][DEPTH_GROUPS * 4];
OctetChannelBlock blocks[CHANNELS / 16];
int32_t accumulators[OUTPUTS];
int8_t output[OUTPUTS];

static void set_up(void) {
    for (int32_t p = 0; p < CHANNELS / 16; p++) {
        for (int32_t i = 0; i < DEPTH_GROUPS * 64; i++) panels[p][i] = random_int8();
        for (int32_t c = 0; c < 16; c++) {
            blocks[p].bias[c] = random_int8() * 1000;
            blocks[p].multiplier[c] = (int32_t)(0x40000000u | ((uint32_t)(uint8_t)random_int8() << 20));
            blocks[p].leftShift[c] = 0;
            blocks[p].rightShift[c] = 8 + (c & 3);
        }
    }
    for (int32_t r = 0; r < PIXELS; r++) {
        for (int32_t i = 0; i < DEPTH_GROUPS * 4; i++) pixels[r][i] = random_int8();
    }
    for (int32_t i = 0; i < OUTPUTS; i++) accumulators[i] = random_int8() * 4099;
}

__attribute__((noinline)) static void work(void) {
#if OCTET_COUNT_WORK && OCTET_COUNT_GEMM
    for (int32_t p = 0; p < CHANNELS / 16; p++) {
        for (int32_t r = 0; r < PIXELS; r += 4) {
            OctetGEMMTile tile = {
                .rows = {pixels[r], pixels[r + 1], pixels[r + 2], pixels[r + 3]},
                .rowCount = 4, .panel = panels[p], .depthGroups = DEPTH_GROUPS, .constants = &blocks[p],
                .zeroPoint = -3, .clampMin = -128, .clampMax = 127,
                .output = output + r * CHANNELS + 16 * p, .outputRowStride = CHANNELS, .columns = 16,
            };
            octet_gemm_dsp(&tile);
        }
    }
#elif OCTET_COUNT_WORK
    const OctetChannelBlock *k = &blocks[0];
    for (int32_t i = 0; i < OUTPUTS; i++) {
        int32_t c = i & 15;
        output[i] = octet_requantize(accumulators[i], k->multiplier[c], k->leftShift[c], k->rightShift[c], -3, -128, 127);
    }
#elif !OCTET_COUNT_GEMM
    for (int32_t i = 0; i < OUTPUTS; i++) output[i] = (int8_t)accumulators[i];
#endif
}

int main(void) {
    set_up();
    work();
    uint32_t checksum = 0;
    for (int32_t i = 0; i < OUTPUTS; i++) checksum = checksum * 31u + (uint8_t)output[i];
    for (int32_t bit = 28; bit >= 0; bit -= 4) board_write_byte((uint8_t)"0123456789abcdef"[(checksum >> bit) & 15]);
    board_write_byte('\n');
    return 0;
}
