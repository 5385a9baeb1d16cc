// The two soft-float helpers the runtime needs on a core without an FPU (rv32imac): the
// loader compares float scales. The Swift toolchain ships no compiler-rt builtins for
// bare-metal targets. Same contract as compiler-rt's: __nesf2 returns 0 iff a == b (and
// neither is NaN); __gtsf2 returns > 0 iff a > b (and neither is NaN). Integer code only,
// so nothing here calls back into a float helper.
#include <stdint.h>

/// -1, 0 or 1 as a is less than, equal to or greater than b; `unordered` when one is NaN.
static int compare(float a, float b, int unordered) {
    union { float f; int32_t i; } x = {a}, y = {b};
    if ((x.i & 0x7fffffff) > 0x7f800000 || (y.i & 0x7fffffff) > 0x7f800000) return unordered;
    if (((x.i | y.i) & 0x7fffffff) == 0) return 0;  // +0 == -0
    // Sign-magnitude to two's complement order: negative floats order reversed.
    int32_t ox = x.i < 0 ? INT32_MIN - x.i : x.i;
    int32_t oy = y.i < 0 ? INT32_MIN - y.i : y.i;
    return (ox > oy) - (ox < oy);
}

int __nesf2(float a, float b) { return compare(a, b, 1); }
int __gtsf2(float a, float b) { return compare(a, b, -1); }
