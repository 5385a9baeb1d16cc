"""Settles TFLM's int8 LOGISTIC on the committed fixtures: TFLite's reference integer Logistic
(input rescaled to Q4.27 by a multiplier of input scale · 2^27, gemmlowp's fixed-point
logistic, output rounded to Q0.8 with zero point −128), checked against TFLM's sample-0
tensor dumps, next to float sigmoid rounded once; then compares those two formulas on all 256
int8 codes for 2,000 random (scale, zero point) pairs, to tell whether a lookup table built from
float sigmoid would be exact.

Usage: python scripts/tflite/check_logistic.py Tests/OctetImportTests/Fixtures"""

import math
import sys

import numpy as np

import flatbuffer
from check_rounding import INT32_MAX, INT32_MIN, decode, double_rounding, dumped_fixtures

INPUT_INTEGER_BITS = 4


def high_mul(a, b):
    """gemmlowp SaturatingRoundingDoublingHighMul on int64 arrays holding int32 values."""
    a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
    product = a * b
    total = product + np.where(product >= 0, 1 << 30, 1 - (1 << 30))
    high = np.where(total >= 0, total >> 31, -((-total) >> 31))
    return np.where((a == INT32_MIN) & (b == INT32_MIN), INT32_MAX, high)


def divide_by_pot(x, exponent):
    mask = (1 << exponent) - 1
    return (x >> exponent) + ((x & mask) > ((mask >> 1) + (x < 0)))


def multiply_by_pot(x, exponent):
    """gemmlowp SaturatingRoundingMultiplyByPOT."""
    if exponent <= 0:
        return divide_by_pot(x, -exponent)
    threshold = (1 << (31 - exponent)) - 1
    return np.where(x > threshold, INT32_MAX, np.where(x < -threshold, INT32_MIN, x << exponent))


def exp_on_interval_between_negative_one_quarter_and_0_excl(a):
    x = a + (1 << 28)
    x2 = high_mul(x, x)
    x3 = high_mul(x2, x)
    x4 = high_mul(x2, x2)
    x4_over_4 = multiply_by_pot(x4, -2)
    poly = multiply_by_pot(high_mul(x4_over_4 + x3, 715827883) + x2, -1)
    return 1895147668 + high_mul(1895147668, x + poly)


def exp_on_negative_values(a, integer_bits):
    fractional_bits = 31 - integer_bits
    quarter = 1 << (fractional_bits - 2)
    a_mod_quarter_minus_quarter = (a & (quarter - 1)) - quarter
    result = exp_on_interval_between_negative_one_quarter_and_0_excl(
        multiply_by_pot(a_mod_quarter_minus_quarter, integer_bits))
    remainder = a_mod_quarter_minus_quarter - a
    for exponent, multiplier in ((-2, 1672461947), (-1, 1302514674), (0, 790015084), (1, 290630308),
                                 (2, 39332535), (3, 720401), (4, 242)):
        if integer_bits > exponent:
            bit = 1 << (fractional_bits + exponent)
            result = np.where(remainder & bit, high_mul(result, multiplier), result)
    return np.where(a == 0, INT32_MAX, result)


def one_over_one_plus_x_for_x_in_0_1(a):
    total = a + INT32_MAX
    half_denominator = np.where(total >= 0, (total + 1) // 2, -((-(total - 1)) // 2))
    x = 1515870810 + high_mul(half_denominator, -1010580540)
    for _ in range(3):
        one_minus = (1 << 29) - high_mul(half_denominator, x)
        x = x + multiply_by_pot(high_mul(x, one_minus), 2)
    return multiply_by_pot(x, 1)


def logistic_q0(a):
    """gemmlowp logistic of a Q4.27 raw value, as a Q0.31 raw value."""
    positive = a > 0
    result_if_positive = one_over_one_plus_x_for_x_in_0_1(
        exp_on_negative_values(-np.abs(a), INPUT_INTEGER_BITS))
    result = np.where(positive, result_if_positive, INT32_MAX - result_if_positive)
    return np.where(a == 0, 1 << 30, result)


def reference_logistic(x, scale, zero_point):
    q, shift = math.frexp(float(np.float32(scale)) * (1 << (31 - INPUT_INTEGER_BITS)))
    multiplier = int(math.floor(q * (1 << 31) + 0.5))
    radius = math.floor(((1 << INPUT_INTEGER_BITS) - 1) * (1 << (31 - INPUT_INTEGER_BITS)) / (1 << shift))
    centred = x.astype(np.int64) - zero_point
    q4 = double_rounding(centred, multiplier, shift)
    out = np.clip(divide_by_pot(logistic_q0(q4), 23) - 128, -128, 127)
    return np.where(centred <= -radius, -128, np.where(centred >= radius, 127, out))


def float_sigmoid(x, scale, zero_point):
    """1/(1 + e^−x) of the dequantized input, rounded half up to the output step 1/256."""
    real = 1.0 / (1.0 + np.exp(-(x.astype(np.float64) - zero_point) * scale))
    return np.clip(np.floor(real * 256 + 0.5) - 128, -128, 127)


def sweep(pairs=2000):
    rng = np.random.default_rng(0)
    codes = np.arange(-128, 128)
    differing = 0
    for _ in range(pairs):
        scale, zero_point = float(np.float32(10 ** rng.uniform(-3, -0.5))), int(rng.integers(-128, 128))
        differing += int(np.sum(reference_logistic(codes, scale, zero_point) != float_sigmoid(codes, scale, zero_point)))
    print(f"sweep: {pairs} random input scales in [0.001, 0.32] and zero points, all 256 codes each: "
          f"{differing} codes where the integer reference and float sigmoid differ")


def main(folder):
    for name, golden, tensors, model in dumped_fixtures(folder):
        for position, op in enumerate(model.subgraphs[0].operators):
            if flatbuffer.opcode_name(model.operatorCodes[op.opcodeIndex]) != "LOGISTIC":
                continue
            meta_in, meta_out = tensors[op.inputs[0]], tensors[op.outputs[0]]
            x, expected = decode(meta_in), decode(meta_out)
            fixed = reference_logistic(x, meta_in["scale"][0], meta_in["zeroPoint"][0])
            once = float_sigmoid(x, meta_in["scale"][0], meta_in["zeroPoint"][0])
            print(f"{name} op {position} LOGISTIC: {expected.size} values; reference integer "
                  f"Logistic matches {int(np.sum(fixed == expected))}, float sigmoid rounded once "
                  f"matches {int(np.sum(once == expected))}")
    sweep()


if __name__ == "__main__":
    main(sys.argv[1])
