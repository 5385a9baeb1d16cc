"""How far LiteRT is from the TFLM goldens: runs every golden's samples through
tf.lite.Interpreter with its reference kernels (BUILTIN_REF) and with its default optimized
kernels plus XNNPACK, and counts output values that differ from TFLM's. Shows which ops a
LiteRT-made golden would have got wrong (docs/IMPORT.md, "Findings"). Then, for the fixtures
that are a single FULLY_CONNECTED, recomputes LiteRT's reference outputs in numpy with double
and with single rounding, to tell which one its int8 FULLY_CONNECTED uses.

Usage: python scripts/tflite/compare_litert.py Tests/OctetImportTests/Fixtures"""

import json
import os
import sys

import numpy as np
import tensorflow as tf

import flatbuffer
from check_rounding import (activation_range, constant, decode, double_rounding, fc_accumulators,
                            quantize_multiplier, single_rounding)

RESOLVERS = {"reference": tf.lite.experimental.OpResolverType.BUILTIN_REF,
             "xnnpack": tf.lite.experimental.OpResolverType.AUTO}


def differences(model_bytes, golden, resolver):
    interpreter = tf.lite.Interpreter(model_content=model_bytes, num_threads=1,
                                      experimental_op_resolver_type=resolver)
    interpreter.allocate_tensors()
    differ, largest, total = 0, 0.0, 0
    for sample in golden["samples"]:
        for detail, tensor in zip(interpreter.get_input_details(), sample["inputs"]):
            interpreter.set_tensor(detail["index"], decode(tensor))
        interpreter.invoke()
        for detail, tensor in zip(interpreter.get_output_details(), sample["outputs"]):
            got, want = interpreter.get_tensor(detail["index"]), decode(tensor)
            delta = np.abs(got.astype(np.float64) - want.astype(np.float64))
            differ += int(np.count_nonzero(delta))
            largest = max(largest, float(delta.max()))
            total += want.size
    return differ, largest, total


def fully_connected_rounding(model_bytes, golden):
    """Values of LiteRT's reference FULLY_CONNECTED outputs that double and single rounding get
    right, over all samples."""
    model = flatbuffer.load(model_bytes)
    graph, op = model.subgraphs[0], model.subgraphs[0].operators[0]
    interpreter = tf.lite.Interpreter(model_content=model_bytes,
                                      experimental_op_resolver_type=RESOLVERS["reference"])
    interpreter.allocate_tensors()
    weights, bias = constant(model, op.inputs[1]), constant(model, op.inputs[2])
    weight_scales = [float(np.float32(v)) for v in graph.tensors[op.inputs[1]].quantization.scale]
    hits = {"double": 0, "single": 0}
    for sample in golden["samples"]:
        meta_in, meta_out = sample["inputs"][0], sample["outputs"][0]
        x = decode(meta_in)
        interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
        interpreter.invoke()
        litert = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
        acc = fc_accumulators(x, weights, bias, meta_in["zeroPoint"][0]).reshape(litert.shape)
        scales = weight_scales * acc.shape[-1] if len(weight_scales) == 1 else weight_scales
        low, high = activation_range(op.builtinOptions.fusedActivationFunction, meta_out["scale"][0],
                                     meta_out["zeroPoint"][0])
        for label, rounding in (("double", double_rounding), ("single", single_rounding)):
            out = np.empty_like(acc)
            for c in range(acc.shape[-1]):
                m, shift = quantize_multiplier(float(np.float32(meta_in["scale"][0])) * scales[c]
                                               / float(np.float32(meta_out["scale"][0])))
                out[..., c] = rounding(acc[..., c], m, shift)
            hits[label] += int(np.sum(np.clip(out + meta_out["zeroPoint"][0], low, high) == litert))
    return hits


def main(folder):
    print("| fixture | ops | values | ≠ LiteRT reference (max diff) | ≠ LiteRT XNNPACK (max diff) |")
    print("| --- | --- | ---: | ---: | ---: |")
    fc_checks = []
    for file in sorted(f for f in os.listdir(folder) if f.endswith(".tflite")):
        with open(os.path.join(folder, file[:-7] + ".json")) as f:
            golden = json.load(f)
        with open(os.path.join(folder, file), "rb") as f:
            model_bytes = f.read()
        cells = []
        for resolver in RESOLVERS.values():
            differ, largest, total = differences(model_bytes, golden, resolver)
            cells.append(f"{differ} ({largest:g})" if differ else "0")
        print(f"| {file[:-7]} | {' '.join(dict.fromkeys(golden['ops']))} | {total} | {cells[0]} | {cells[1]} |",
              flush=True)
        if golden["ops"] == ["FULLY_CONNECTED"]:
            fc_checks.append((file[:-7], total, fully_connected_rounding(model_bytes, golden)))
    for name, total, hits in fc_checks:
        print(f"{name}: LiteRT reference FULLY_CONNECTED, {total} values; double rounding matches "
              f"{hits['double']}, single rounding matches {hits['single']}")


if __name__ == "__main__":
    main(sys.argv[1])
