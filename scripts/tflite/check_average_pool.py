"""Settles TFLM's int8 AVERAGE_POOL_2D arithmetic on the committed fixtures: the sum over the
window's in-bounds taps divided by the number of in-bounds taps (not the full window size),
rounded half away from zero; input and output share one quantization, so no requantization.
Counts exact matches against TFLM's sample-0 tensor dumps for both divisors.

Usage: python scripts/tflite/check_average_pool.py Tests/OctetImportTests/Fixtures"""

import sys

import numpy as np

import flatbuffer
from check_rounding import decode, dumped_fixtures, padding
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema


def divide_half_away(total, count):
    return np.where(total > 0, (total + count // 2) // count, -((-total + count // 2) // count))


def average_pool(x, options, in_bounds_divisor):
    _, h, w, c = x.shape
    same = options.padding == schema.Padding.SAME
    oh, top = padding(h, options.filterHeight, options.strideH, 1, same)
    ow, left = padding(w, options.filterWidth, options.strideW, 1, same)
    out = np.zeros((1, oh, ow, c), np.int64)
    for y in range(oh):
        for x_ in range(ow):
            y0, x0 = y * options.strideH - top, x_ * options.strideW - left
            y1, x1 = min(y0 + options.filterHeight, h), min(x0 + options.filterWidth, w)
            y0, x0 = max(y0, 0), max(x0, 0)
            total = x[0, y0:y1, x0:x1].astype(np.int64).sum(axis=(0, 1))
            count = (y1 - y0) * (x1 - x0) if in_bounds_divisor else options.filterHeight * options.filterWidth
            out[0, y, x_] = divide_half_away(total, count)
    return np.clip(out, -128, 127)


def main(folder):
    for name, golden, tensors, model in dumped_fixtures(folder):
        if golden["expectError"]:
            continue
        for op in model.subgraphs[0].operators:
            if flatbuffer.opcode_name(model.operatorCodes[op.opcodeIndex]) != "AVERAGE_POOL_2D":
                continue
            x, expected = decode(tensors[op.inputs[0]]), decode(tensors[op.outputs[0]])
            hits = [int(np.sum(average_pool(x, op.builtinOptions, b) == expected)) for b in (True, False)]
            print(f"{name}: {expected.size} elements; in-bounds divisor matches {hits[0]}, "
                  f"full-window divisor matches {hits[1]}")


if __name__ == "__main__":
    main(sys.argv[1])
