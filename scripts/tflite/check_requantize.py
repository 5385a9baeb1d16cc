"""Settles TFLM's arithmetic for the ops that only rescale, on the committed fixtures, against
TFLM's sample-0 tensor dumps: ADD, MEAN with different input and output quantization, QUANTIZE
(int8→int8, uint8→int8, int8→uint8, float32→int8) and DEQUANTIZE (int8→float32). Prints, per
op, how many values each candidate formula gets exactly right.

Usage: python scripts/tflite/check_requantize.py Tests/OctetImportTests/Fixtures"""

import sys

import numpy as np

import flatbuffer
from check_rounding import activation_range, decode, double_rounding, dumped_fixtures, quantize_multiplier


def clamp(values, type_name):
    info = np.iinfo({"int8": np.int8, "uint8": np.uint8, "int16": np.int16}[type_name])
    return np.clip(values, info.min, info.max)


def mean_candidates(x, meta_in, meta_out, axes):
    """TFLite's QuantizedMeanOrSum: the multiplier of input scale / output scale, divided by
    the element count in fixed point (shift = min(floor(log2 n), 32, 31 + shift)), applied to
    Σ(x − zp_in); against a float mean rounded once."""
    n = int(np.prod([x.shape[a] for a in axes]))
    total = x.astype(np.int64).sum(axis=tuple(axes)) - meta_in["zeroPoint"][0] * n
    multiplier, shift = quantize_multiplier(float(np.float32(meta_in["scale"][0])) / float(np.float32(meta_out["scale"][0])))
    extra = min(n.bit_length() - 1, 32, 31 + shift)
    fixed = double_rounding(total, (multiplier << extra) // n, shift - extra) + meta_out["zeroPoint"][0]
    real = total * meta_in["scale"][0] / n / meta_out["scale"][0]
    rounded = np.floor(real + 0.5) + meta_out["zeroPoint"][0]
    raw = x.astype(np.int64).sum(axis=tuple(axes))
    average = np.where(raw > 0, (raw + n // 2) // n, -((-raw + n // 2) // n))  # AVERAGE_POOL_2D
    pooled_then_requantized = double_rounding(average - meta_in["zeroPoint"][0], multiplier, shift) + meta_out["zeroPoint"][0]
    return {"QuantizedMeanOrSum": clamp(fixed, meta_out["type"]),
            "float mean rounded once": clamp(rounded, meta_out["type"]),
            "average pool then requantize": clamp(pooled_then_requantized, meta_out["type"])}


def quantize_candidates(x, meta_in, meta_out):
    zp_out, s_out = meta_out["zeroPoint"][0], np.float32(meta_out["scale"][0])
    if meta_in["type"] == "float32":
        q = x.astype(np.float32) / s_out
        away = np.sign(q) * np.floor(np.abs(q) + np.float32(0.5))
        return {"round(x / scale) half away from zero, float32": clamp(away.astype(np.int64) + zp_out, meta_out["type"]),
                "round half to even": clamp(np.rint(q).astype(np.int64) + zp_out, meta_out["type"])}
    multiplier, shift = quantize_multiplier(float(np.float32(meta_in["scale"][0])) / float(s_out))
    centred = x.astype(np.int64) - meta_in["zeroPoint"][0]
    return {"MultiplyByQuantizedMultiplier(x − zp_in, in/out) + zp_out":
            clamp(double_rounding(centred, multiplier, shift) + zp_out, meta_out["type"])}


def add_candidates(a, b, meta_a, meta_b, meta_out, fused):
    """TFLite's int8 ADD: both inputs shifted left by 20, rescaled by s_i / (2·max(s_a, s_b)),
    summed, rescaled by 2·max(s_a, s_b) / (2^20 · s_out)."""
    sa, sb, so = (float(np.float32(m["scale"][0])) for m in (meta_a, meta_b, meta_out))
    twice_max = 2.0 * max(sa, sb)
    rescaled = []
    for x, meta, s in ((a, meta_a, sa), (b, meta_b, sb)):
        m, shift = quantize_multiplier(s / twice_max)
        rescaled.append(double_rounding((x.astype(np.int64) - meta["zeroPoint"][0]) * (1 << 20), m, shift))
    m, shift = quantize_multiplier(twice_max / ((1 << 20) * so))
    out = double_rounding(rescaled[0] + rescaled[1], m, shift) + meta_out["zeroPoint"][0]
    low, high = activation_range(fused, so, meta_out["zeroPoint"][0])
    real = ((a - meta_a["zeroPoint"][0]) * sa + (b - meta_b["zeroPoint"][0]) * sb) / so
    once = np.clip(np.floor(real + 0.5) + meta_out["zeroPoint"][0], low, high)
    return {"TFLite ADD (left shift 20)": np.clip(out, low, high), "float sum rounded once": once}


def dequantize_candidates(x, meta_in):
    centred = x.astype(np.int64) - meta_in["zeroPoint"][0]
    return {"float32(double(scale) × (x − zp))": (np.float64(np.float32(meta_in["scale"][0])) * centred).astype(np.float32),
            "float32 scale × float32(x − zp)": np.float32(meta_in["scale"][0]) * centred.astype(np.float32)}


def main(folder):
    for fixture, golden, tensors, model in dumped_fixtures(folder):
        graph = model.subgraphs[0]
        for position, op in enumerate(graph.operators):
            name = flatbuffer.opcode_name(model.operatorCodes[op.opcodeIndex])
            if name not in ("ADD", "MEAN", "QUANTIZE", "DEQUANTIZE"):
                continue
            meta_in, meta_out = tensors[op.inputs[0]], tensors[op.outputs[0]]
            x, expected = decode(meta_in), decode(meta_out)
            if name == "ADD":
                other = tensors[op.inputs[1]]
                candidates = add_candidates(x, decode(other), meta_in, other, meta_out,
                                            op.builtinOptions.fusedActivationFunction)
            elif name == "MEAN":
                axes_tensor = graph.tensors[op.inputs[1]]
                axes = np.frombuffer(bytes(model.buffers[axes_tensor.buffer].data), "<i4").tolist()
                candidates = {k: v.reshape(expected.shape) for k, v in mean_candidates(x, meta_in, meta_out, axes).items()}
            elif name == "QUANTIZE":
                candidates = quantize_candidates(x, meta_in, meta_out)
            else:
                candidates = dequantize_candidates(x, meta_in)
            label = f"{fixture} op {position} {name} {meta_in['type']}→{meta_out['type']}"
            results = ", ".join(f"{k}: {int(np.sum(v == expected))}" for k, v in candidates.items())
            print(f"{label}: {expected.size} values; {results}")


if __name__ == "__main__":
    main(sys.argv[1])
