"""Settles which requantization rounding this TFLM build uses: recomputes every CONV_2D,
DEPTHWISE_CONV_2D and FULLY_CONNECTED output of the committed fixtures in numpy from the op's
input as TFLM held it (the goldens' sample-0 tensor dump), once with TFLite's double rounding
(SaturatingRoundingDoublingHighMul then RoundingDivideByPOT) and once with single rounding
(TFLITE_SINGLE_ROUNDING), and counts the elements each way gets exactly right.

Usage: python scripts/tflite/check_rounding.py Tests/OctetImportTests/Fixtures"""

import base64
import json
import math
import os
import sys

import numpy as np

import flatbuffer
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as schema

INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1


def quantize_multiplier(real):
    """TFLite's QuantizeMultiplier: a Q31 multiplier in [2^30, 2^31) and a power-of-two shift."""
    if real == 0.0:
        return 0, 0
    q, shift = math.frexp(real)
    fixed = int(math.floor(abs(q) * (1 << 31) + 0.5)) * (1 if q >= 0 else -1)  # std::round
    if fixed == 1 << 31:
        fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return fixed, shift


def double_rounding(x, multiplier, shift):
    x = x.astype(np.int64)
    left, right = max(shift, 0), max(-shift, 0)
    a = x * (1 << left)
    product = a * multiplier
    nudge = np.where(product >= 0, 1 << 30, 1 - (1 << 30))
    total = product + nudge
    high = np.where(total >= 0, total >> 31, -((-total) >> 31))  # C++ division truncates to zero
    high = np.where((a == INT32_MIN) & (multiplier == INT32_MIN), INT32_MAX, high)
    mask = (1 << right) - 1
    remainder = high & mask
    threshold = (mask >> 1) + (high < 0)
    return (high >> right) + (remainder > threshold)


def single_rounding(x, multiplier, shift):
    total_shift = 31 - shift
    result = (x.astype(np.int64) * multiplier + (1 << (total_shift - 1))) >> total_shift
    return np.clip(result, INT32_MIN, INT32_MAX)


def decode(t):
    return np.frombuffer(base64.b64decode(t["data"]), dtype="<" + {"int8": "i1", "int32": "i4", "int16": "i2", "uint8": "u1", "float32": "f4"}[t["type"]]).reshape(t["shape"])


def constant(model, index):
    tensor = model.subgraphs[0].tensors[index]
    dtype = {schema.TensorType.INT8: "<i1", schema.TensorType.INT32: "<i4", schema.TensorType.INT64: "<i8"}[tensor.type]
    return np.frombuffer(bytes(model.buffers[tensor.buffer].data), dtype=dtype).reshape(tensor.shape)


def activation_range(fused, scale, zero):
    low, high = -128, 127
    quantize = lambda v: zero + int(math.floor(v / scale + 0.5))  # noqa: E731 (TfLiteRound for v ≥ 0)
    if fused == schema.ActivationFunctionType.RELU:
        low = max(low, quantize(0.0))
    elif fused == schema.ActivationFunctionType.RELU6:
        low, high = max(low, quantize(0.0)), min(high, quantize(6.0))
    elif fused == schema.ActivationFunctionType.RELU_N1_TO_1:
        low, high = max(low, quantize(-1.0)), min(high, quantize(1.0))
    return low, high


def padding(size, kernel, stride, dilation, same):
    effective = (kernel - 1) * dilation + 1
    if not same:
        return (size - effective + stride) // stride, 0
    out = (size + stride - 1) // stride
    return out, max((out - 1) * stride + effective - size, 0) // 2


def conv_accumulators(x, w, bias, options, depthwise, input_zero):
    """int64 accumulators of CONV_2D (with groups) or DEPTHWISE_CONV_2D, NHWC, batch 1."""
    _, h, wd, cin = x.shape
    same = options.padding == schema.Padding.SAME
    if depthwise:
        _, kh, kw, cout = w.shape
    else:
        cout, kh, kw, cin_per_group = w.shape
    oh, pad_top = padding(h, kh, options.strideH, options.dilationHFactor, same)
    ow, pad_left = padding(wd, kw, options.strideW, options.dilationWFactor, same)
    xs = x[0].astype(np.int64) - input_zero
    acc = np.zeros((oh, ow, cout), np.int64)
    for ky in range(kh):
        for kx in range(kw):
            iy = np.arange(oh) * options.strideH - pad_top + ky * options.dilationHFactor
            ix = np.arange(ow) * options.strideW - pad_left + kx * options.dilationWFactor
            valid = ((iy >= 0) & (iy < h))[:, None] & ((ix >= 0) & (ix < wd))[None, :]
            patch = xs[np.clip(iy, 0, h - 1)][:, np.clip(ix, 0, wd - 1)] * valid[..., None]
            if depthwise:
                multiplier = cout // cin
                acc += np.repeat(patch, multiplier, axis=-1) * w[0, ky, kx].astype(np.int64)
            else:
                groups = cin // cin_per_group
                per_group_out = cout // groups
                for g in range(groups):
                    part = patch[..., g * cin_per_group:(g + 1) * cin_per_group]
                    kernel = w[g * per_group_out:(g + 1) * per_group_out, ky, kx].astype(np.int64)
                    acc[..., g * per_group_out:(g + 1) * per_group_out] += part @ kernel.T
    return acc[None] + (0 if bias is None else bias.astype(np.int64))


def fc_accumulators(x, w, bias, input_zero):
    rows = x.reshape(-1, w.shape[1]).astype(np.int64) - input_zero
    acc = rows @ w.astype(np.int64).T
    return acc + (0 if bias is None else bias.astype(np.int64))


def check_op(model, op, name, tensors):
    graph = model.subgraphs[0]
    in_meta, out_meta = tensors[op.inputs[0]], tensors[op.outputs[0]]
    x, expected = decode(in_meta), decode(out_meta)
    w = constant(model, op.inputs[1])
    bias = constant(model, op.inputs[2]) if len(op.inputs) > 2 and op.inputs[2] >= 0 else None
    wq = graph.tensors[op.inputs[1]].quantization
    in_scale, in_zero = np.float32(in_meta["scale"][0]), in_meta["zeroPoint"][0]
    out_scale, out_zero = np.float32(out_meta["scale"][0]), out_meta["zeroPoint"][0]
    if name == "FULLY_CONNECTED":
        acc = fc_accumulators(x, w, bias, in_zero).reshape(expected.shape)
    else:
        acc = conv_accumulators(x, w, bias, op.builtinOptions, name == "DEPTHWISE_CONV_2D", in_zero)
    channels = acc.shape[-1]
    filter_scales = [float(np.float32(s)) for s in wq.scale]
    if len(filter_scales) == 1:
        filter_scales *= channels
    results = {}
    for label, rounding in (("double", double_rounding), ("single", single_rounding)):
        out = np.empty_like(acc)
        for c in range(channels):
            multiplier, shift = quantize_multiplier(float(in_scale) * filter_scales[c] / float(out_scale))
            out[..., c] = rounding(acc[..., c], multiplier, shift)
        low, high = activation_range(op.builtinOptions.fusedActivationFunction, float(out_scale), out_zero)
        out = np.clip(out + out_zero, low, high)
        results[label] = int(np.sum(out.reshape(expected.shape) == expected))
    return results, expected.size


def dumped_fixtures(folder):
    """Every fixture whose golden holds sample 0's tensors, in name order: (name, golden,
    tensors by index, parsed model). The checks' common walk over the fixtures."""
    for file in sorted(f for f in os.listdir(folder) if f.endswith(".tflite")):
        name = file[:-7]
        with open(os.path.join(folder, name + ".json")) as f:
            golden = json.load(f)
        if not golden["samples"] or "tensors" not in golden["samples"][0]:
            continue
        with open(os.path.join(folder, file), "rb") as f:
            model = flatbuffer.load(f.read())
        yield name, golden, {t["index"]: t for t in golden["samples"][0]["tensors"]}, model


def main(folder):
    totals = {"double": 0, "single": 0, "elements": 0}
    for name, golden, tensors, model in dumped_fixtures(folder):
        if golden["expectError"]:
            continue
        for position, op in enumerate(model.subgraphs[0].operators):
            op_name = flatbuffer.opcode_name(model.operatorCodes[op.opcodeIndex])
            if op_name not in ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"):
                continue
            if op.inputs[0] not in tensors or op.outputs[0] not in tensors:
                continue
            results, count = check_op(model, op, op_name, tensors)
            totals["double"] += results["double"]
            totals["single"] += results["single"]
            totals["elements"] += count
            flag = "" if results["double"] == count else "  <-- double rounding differs"
            print(f"{name} op {position} {op_name}: {count} elements, double rounding matches "
                  f"{results['double']}, single rounding matches {results['single']}{flag}")
    print(f"total: {totals['elements']} elements; double rounding matches {totals['double']}, "
          f"single rounding matches {totals['single']}")


if __name__ == "__main__":
    main(sys.argv[1])
