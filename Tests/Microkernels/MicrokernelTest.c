// Bit-exactness of the microkernels against a reference written from the text of
// GEMMContract.h and TFLite's definitions alone (64-bit arithmetic, no shared code with the
// kernels). Freestanding: runs on the host, bare-metal aarch64 and Cortex-M4 (QEMU). Each
// platform provides board_write_byte; main returns the number of mismatches (0 = pass).
// Run by scripts/test-arm-microkernels.sh.
#include <stdint.h>
// The ARM-side headers directly: the umbrella header also pulls in the x86 ones.
#include "RequantizeScalar.h"
#include "GEMM_NEON.h"
#include "GEMM_DSP.h"

void board_write_byte(uint8_t byte);

// MARK: - Output

static void print(const char *s) {
    while (*s) board_write_byte((uint8_t)*s++);
}

static void print_int(int32_t v) {  // 32-bit: Cortex-M has no 64-bit divide without a runtime library
    char digits[12];
    int n = 0;
    uint32_t magnitude = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    do digits[n++] = (char)('0' + (int)(magnitude % 10u)); while ((magnitude /= 10u) != 0);
    if (v < 0) board_write_byte('-');
    while (n) board_write_byte((uint8_t)digits[--n]);
}

// MARK: - Random numbers (fixed seed: every run tests the same cases)

static uint64_t state = 0x0C7E7C0FFEEull;

static uint32_t next(void) {  // xorshift64*
    state ^= state >> 12, state ^= state << 25, state ^= state >> 27;
    return (uint32_t)((state * 0x2545F4914F6CDD1Dull) >> 32);
}

/// Uniform in [low, high], by multiply-high (no division: 32-bit targets lack 64-bit divide).
static int32_t uniform(int32_t low, int32_t high) {
    uint32_t span = (uint32_t)high - (uint32_t)low + 1;
    if (span == 0) return (int32_t)next();
    return (int32_t)((uint32_t)low + (uint32_t)(((uint64_t)next() * span) >> 32));
}

static int chance(int percent) { return uniform(0, 99) < percent; }

// MARK: - Reference

/// gemmlowp SaturatingRoundingDoublingHighMul as written there: nudge, then C++ division by
/// 2^31 (truncating toward zero).
static int32_t ref_doubling_high_mul(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    int64_t ab = (int64_t)a * b;
    int64_t nudged = ab + (ab >= 0 ? (int64_t)1 << 30 : 1 - ((int64_t)1 << 30));
    int64_t quotient = nudged >= 0 ? nudged >> 31 : -((-nudged) >> 31);
    return (int32_t)quotient;
}

/// RoundingDivideByPOT as its documentation states it: x / 2^e rounded to nearest, ties away
/// from zero, computed on the magnitude.
static int32_t ref_divide_by_pot(int32_t x, int32_t e) {
    if (e == 0) return x;
    int64_t magnitude = x < 0 ? -(int64_t)x : (int64_t)x;
    int64_t rounded = (magnitude + ((int64_t)1 << (e - 1))) >> e;
    return (int32_t)(x < 0 ? -rounded : rounded);
}

static int8_t ref_requantize(int32_t acc, int32_t multiplier, int32_t leftShift, int32_t rightShift,
                             int32_t zeroPoint, int32_t clampMin, int32_t clampMax) {
    int32_t shifted = (int32_t)(uint32_t)((uint64_t)(int64_t)acc << leftShift);  // int32 wraps
    int64_t out = (int64_t)zeroPoint + ref_divide_by_pot(ref_doubling_high_mul(shifted, multiplier), rightShift);
    if (out < clampMin) out = clampMin;
    if (out > clampMax) out = clampMax;
    return (int8_t)out;
}

static int8_t ref_output(const OctetGEMMTile *t, int32_t r, int32_t c) {
    const OctetChannelBlock *k = t->constants;
    int64_t sum = k->bias[c];
    for (int32_t depth = 0; depth < 4 * t->depthGroups; depth++) {
        int32_t g = depth / 4, j = depth % 4;
        sum += (int64_t)t->panel[(g * 16 + c) * 4 + j] * t->rows[r][depth];
    }
    return ref_requantize((int32_t)(uint32_t)(uint64_t)sum, k->multiplier[c], k->leftShift[c], k->rightShift[c],
                          t->zeroPoint, t->clampMin, t->clampMax);
}

// MARK: - Random cases

/// Multipliers are 0 or in [2^30, 2^31), the ends included often.
static int32_t random_multiplier(void) {
    switch (uniform(0, 9)) {
    case 0: return 0;
    case 1: return 1 << 30;
    case 2: return INT32_MAX;
    default: return uniform(1 << 30, INT32_MAX);
    }
}

/// At most one shift non-zero: left 0-2, right 0-20, and now and then the extremes.
static void random_shifts(int32_t *left, int32_t *right) {
    *left = 0, *right = 0;
    switch (uniform(0, 9)) {
    case 0: *left = uniform(0, 2); break;
    case 1: *left = uniform(3, 30); break;
    case 2: *right = uniform(21, 31); break;
    case 3: *right = chance(50) ? 31 : 0; break;
    default: *right = uniform(0, 20); break;
    }
}

static int32_t random_accumulator(void) {
    switch (uniform(0, 9)) {
    case 0: return chance(50) ? INT32_MIN : INT32_MAX;
    case 1: return uniform(-4, 4);
    case 2: return (int32_t)next();
    default: return uniform(-(1 << 22), 1 << 22);
    }
}

static void random_output_range(int32_t *zeroPoint, int32_t *clampMin, int32_t *clampMax) {
    *zeroPoint = uniform(-128, 127);
    if (chance(50)) {
        *clampMin = -128, *clampMax = 127;
    } else {
        int32_t a = uniform(-128, 127), b = uniform(-128, 127);
        *clampMin = a < b ? a : b, *clampMax = a < b ? b : a;
    }
}

// MARK: - The tests

static int32_t failures;

static void report_mismatch(const char *path, int32_t index, int32_t r, int32_t c, int32_t expected, int32_t got) {
    if (failures++ >= 10) return;
    print("MISMATCH ");
    print(path);
    print(" case ");
    print_int(index);
    print(" row ");
    print_int(r);
    print(" column ");
    print_int(c);
    print(": expected ");
    print_int(expected);
    print(", got ");
    print_int(got);
    print("\n");
}

static void report_count(const char *path, int32_t cases) {
    print(path);
    print(": ");
    print_int(cases);
    print(" cases\n");
}

/// octet_requantize (and on arm64 its vector form, four cases per vector sharing the tile's
/// zero point and clamps) on random and tie-making inputs.
static void test_requantize(int32_t cases) {
    for (int32_t i = 0; i < cases; i += 4) {
        int32_t acc[4], multiplier[4], left[4], right[4], zp, low, high;
        int8_t expected[4];
        random_output_range(&zp, &low, &high);
        for (int32_t lane = 0; lane < 4; lane++) {
            acc[lane] = random_accumulator(), multiplier[lane] = random_multiplier();
            random_shifts(&left[lane], &right[lane]);
            if (chance(10)) {
                // Exact ties of the final division: acc = 2x with x = (2q + 1)·2^(e-1), and
                // multiplier 2^30, which halves exactly.
                right[lane] = uniform(1, 20), left[lane] = 0, multiplier[lane] = 1 << 30;
                acc[lane] = 2 * (2 * uniform(-1000, 1000) + 1) * (1 << (right[lane] - 1));
            }
            expected[lane] = ref_requantize(acc[lane], multiplier[lane], left[lane], right[lane], zp, low, high);
            int8_t got = octet_requantize(acc[lane], multiplier[lane], left[lane], right[lane], zp, low, high);
            if (got != expected[lane]) report_mismatch("octet_requantize", i + lane, 0, lane, expected[lane], got);
        }
#if defined(__aarch64__)
        int32x4_t vector = octet_requantize_neon(vld1q_s32(acc), vld1q_s32(multiplier), vld1q_s32(left),
                                                 vnegq_s32(vld1q_s32(right)), vdupq_n_s32(low - zp),
                                                 vdupq_n_s32(high - zp), vdupq_n_s32(zp));
        int32_t lanes[4];
        vst1q_s32(lanes, vector);
        for (int32_t lane = 0; lane < 4; lane++) {
            if ((int8_t)lanes[lane] != expected[lane]) {
                report_mismatch("octet_requantize_neon", i + lane, 0, lane, expected[lane], (int8_t)lanes[lane]);
            }
        }
#endif
    }
    report_count("octet_requantize", cases);
#if defined(__aarch64__)
    report_count("octet_requantize_neon", cases);
#endif
}

#define MAX_GROUPS 80
#define ROW_AREA (OCTET_GEMM_ROWS * (4 * MAX_GROUPS + 8))
#define OUT_STRIDE_MAX 40
#define SENTINEL ((int8_t)0x5A)

static int8_t panel[MAX_GROUPS * 64];
static int8_t rowArea[ROW_AREA];
static OctetChannelBlock constants;
static int8_t outputArea[OCTET_GEMM_ROWS * OUT_STRIDE_MAX];

/// A random tile: unaligned rows, zero weights past K and in padding channels, zero
/// constants in padding channels, rows past rowCount repeating row 0.
static OctetGEMMTile random_tile(void) {
    OctetGEMMTile t;
    t.depthGroups = uniform(1, MAX_GROUPS);
    t.rowCount = uniform(1, OCTET_GEMM_ROWS);
    t.columns = chance(40) ? 16 : uniform(1, 16);
    int32_t depth = 4 * t.depthGroups - uniform(0, 3);
    int32_t weightLow = chance(12) ? -128 : -127;  // the quantizer never emits -128; the kernels allow it
    for (int32_t g = 0; g < t.depthGroups; g++) {
        for (int32_t c = 0; c < 16; c++) {
            for (int32_t j = 0; j < 4; j++) {
                int inside = c < t.columns && 4 * g + j < depth;
                panel[(g * 16 + c) * 4 + j] = inside ? (int8_t)uniform(weightLow, 127) : 0;
            }
        }
    }
    for (int32_t i = 0; i < ROW_AREA; i++) rowArea[i] = (int8_t)uniform(-128, 127);
    for (int32_t r = 0; r < OCTET_GEMM_ROWS; r++) {
        t.rows[r] = r < t.rowCount ? rowArea + r * (4 * MAX_GROUPS + 8) + uniform(0, 7) : t.rows[0];
    }
    int32_t biasRange = chance(20) ? INT32_MAX : 1 << uniform(4, 24);
    for (int32_t c = 0; c < 16; c++) {
        int inside = c < t.columns;
        int32_t left, right;
        random_shifts(&left, &right);
        constants.bias[c] = inside ? uniform(-biasRange, biasRange) : 0;
        constants.multiplier[c] = inside ? random_multiplier() : 0;
        constants.leftShift[c] = inside ? left : 0;
        constants.rightShift[c] = inside ? right : 0;
        constants.weightSum[c] = 0;
        for (int32_t k = 0; inside && k < 4 * t.depthGroups; k++) constants.weightSum[c] += panel[(k / 4 * 16 + c) * 4 + k % 4];
    }
    t.panel = panel;
    t.constants = &constants;
    random_output_range(&t.zeroPoint, &t.clampMin, &t.clampMax);
    t.outputRowStride = uniform(t.columns, OUT_STRIDE_MAX);
    t.output = outputArea;
    return t;
}

/// Runs `kernel` on `cases` random tiles and checks every output byte and that nothing
/// else in the output area was written.
static void test_gemm(const char *path, void (*kernel)(const OctetGEMMTile *), int32_t cases) {
    for (int32_t i = 0; i < cases; i++) {
        OctetGEMMTile t = random_tile();
        for (int32_t b = 0; b < (int32_t)sizeof outputArea; b++) outputArea[b] = SENTINEL;
        kernel(&t);
        for (int32_t b = 0; b < (int32_t)sizeof outputArea; b++) {
            int32_t r = b / (int32_t)t.outputRowStride, c = b % (int32_t)t.outputRowStride;
            int written = r < t.rowCount && c < t.columns;
            int32_t expected = written ? ref_output(&t, r, c) : SENTINEL;
            if (outputArea[b] != expected) report_mismatch(path, i, r, c, expected, outputArea[b]);
        }
    }
    report_count(path, cases);
}

#if defined(__aarch64__)
static void neon(const OctetGEMMTile *t) { octet_gemm_neon(t); }
#endif
#if defined(__arm__)
static void dsp(const OctetGEMMTile *t) { octet_gemm_dsp(t); }
#endif
static void scalar(const OctetGEMMTile *t) { octet_gemm_scalar(t); }

#ifndef OCTET_TEST_CASES
#define OCTET_TEST_CASES 3000
#endif

int main(void) {
    test_requantize(20 * OCTET_TEST_CASES);
    test_gemm("octet_gemm_scalar", scalar, OCTET_TEST_CASES);
#if defined(__aarch64__)
#if defined(__ARM_FEATURE_DOTPROD)
    test_gemm("octet_gemm_neon (sdot)", neon, OCTET_TEST_CASES);
#else
    test_gemm("octet_gemm_neon (smull+sadalp)", neon, OCTET_TEST_CASES);
#endif
#endif
#if defined(__arm__)
    if (!octet_dsp_available()) print("no DSP extension: octet_gemm_dsp is the scalar kernel\n");
    test_gemm("octet_gemm_dsp", dsp, OCTET_TEST_CASES);
#endif
    print(failures == 0 ? "all bit-exact\n" : "FAILED\n");
    return failures != 0;  // an exit status is 8 bits: a count could wrap to 0
}
