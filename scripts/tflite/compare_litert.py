"""How far LiteRT is from the TFLM goldens: runs every golden's samples through
tf.lite.Interpreter with its reference kernels (BUILTIN_REF) and with its default optimized
kernels plus XNNPACK, and counts output values that differ from TFLM's. Shows which ops a
LiteRT-made golden would have got wrong (docs/IMPORT.md, "Findings").

Usage: python scripts/tflite/compare_litert.py Tests/OctetImportTests/Fixtures"""

import json
import os
import sys

import numpy as np
import tensorflow as tf

from check_rounding import decode

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


def main(folder):
    print("| fixture | ops | values | ≠ LiteRT reference (max diff) | ≠ LiteRT XNNPACK (max diff) |")
    print("| --- | --- | ---: | ---: | ---: |")
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


if __name__ == "__main__":
    main(sys.argv[1])
