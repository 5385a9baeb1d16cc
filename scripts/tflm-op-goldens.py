#!/usr/bin/env python3
"""Runs single-op int8 models through TensorFlow Lite Micro's Python interpreter and writes
their inputs, quantization, options and outputs as Swift test data
(Tests/OctetRuntimeTests/TFLM/TFLMOpGoldens.swift), so the Swift tests can check Octet's
Prepare arithmetic and kernels against TFLM's bytes without Python.

Needs the tflite-micro wheel (pip install tflite-micro==<version>) with numpy and
flatbuffers; the models are built with the wheel's own model_editor. Fixed seed, so a
rerun with the same wheel writes the same file.

    python3 scripts/tflm-op-goldens.py [output.swift]
"""
import struct
import sys

import numpy as np
import tflite_micro
from tflite_micro import runtime
from tflite_micro.tensorflow.lite.micro.compression import model_editor as me
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as tfl

INT8 = tfl.TensorType.INT8
rng = np.random.default_rng(20261201)


def f32(x):
    return float(np.float32(x))


def bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def scale(low, high):
    return f32(2.0 ** rng.uniform(low, high))


def zero_point():
    return int(rng.integers(-128, 128))


def run(opcode, input_shape, input_q, output_shape, output_q, options=None, extra_inputs=(), data=None):
    """Builds, runs and returns (input, output) of one op on int8 tensors."""
    model = me.Model()
    sg = model.add_subgraph()
    x = sg.add_tensor(shape=tuple(input_shape), dtype=INT8, quantization=me.Quantization(scales=input_q[0], zero_points=input_q[1]))
    y = sg.add_tensor(shape=tuple(output_shape), dtype=INT8, quantization=me.Quantization(scales=output_q[0], zero_points=output_q[1]))
    inputs = [x] + [sg.add_tensor(**spec) for spec in extra_inputs]
    op = sg.add_operator(opcode=opcode, inputs=inputs, outputs=[y])
    if options is not None:
        op._fb.builtinOptionsType, op._fb.builtinOptions = options
    sg.inputs, sg.outputs = [x], [y]
    interpreter = runtime.Interpreter.from_bytes(bytes(model.build()), arena_size=1 << 20)
    if data is None:
        data = rng.integers(-128, 128, size=input_shape, dtype=np.int8)
    interpreter.set_input(data.reshape(input_shape), 0)
    interpreter.invoke()
    return data, interpreter.get_output(0)


cases = []


def record(name, input_shape, input_q, output_shape, output_q, option_values, data, output):
    cases.append((name, list(input_shape), input_q, list(output_shape), output_q, list(option_values),
                  data.astype(np.int8).tobytes().hex(), output.astype(np.int8).tobytes().hex()))


every_value = np.arange(-128, 128, dtype=np.int8).reshape(1, 1, 16, 16)

for exponents in [(-10, -6)] * 3 + [(-6, -2)] * 4 + [(-2, 2)] * 3:
    q = (scale(*exponents), zero_point())
    data, out = run(tfl.BuiltinOperator.LOGISTIC, (1, 1, 16, 16), q, (1, 1, 16, 16), (1 / 256, -128), data=every_value)
    record("LOGISTIC", (1, 1, 16, 16), q, (1, 1, 16, 16), (f32(1 / 256), -128), [], data, out)

for index in range(10):
    qi = (scale(-8, 0), zero_point())
    qo = qi if index == 0 else (scale(-8, 0), zero_point())
    data, out = run(tfl.BuiltinOperator.QUANTIZE, (1, 1, 16, 16), qi, (1, 1, 16, 16), qo, data=every_value)
    record("QUANTIZE", (1, 1, 16, 16), qi, (1, 1, 16, 16), qo, [], data, out)

for index in range(12):
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 10)), int(rng.integers(1, 10)), int(rng.integers(1, 21)))
    if index == 11:
        shape = (1, 40, 50, 3)
    keep = index % 2 == 0
    qi = (scale(-8, -2), zero_point())
    qo = qi if index % 3 == 0 else (scale(-8, -2), zero_point())
    out_shape = (shape[0], 1, 1, shape[3]) if keep else (shape[0], shape[3])
    options = (tfl.BuiltinOptions.ReducerOptions, tfl.ReducerOptionsT())
    options[1].keepDims = keep
    axis = dict(shape=(2,), dtype=tfl.TensorType.INT32, data=np.array([1, 2], dtype=np.int32))
    data, out = run(tfl.BuiltinOperator.MEAN, shape, qi, out_shape, qo, options, [axis])
    record("MEAN", shape, qi, out_shape, qo, [int(keep)], data, out)

for index in range(8):
    shape = tuple(int(v) for v in rng.integers(1, 6, size=4))
    perm = [int(v) for v in rng.permutation(4)]
    q = (scale(-8, -2), zero_point())
    out_shape = tuple(shape[p] for p in perm)
    permutation = dict(shape=(4,), dtype=tfl.TensorType.INT32, data=np.array(perm, dtype=np.int32))
    data, out = run(tfl.BuiltinOperator.TRANSPOSE, shape, q, out_shape, q, None, [permutation])
    record("TRANSPOSE", shape, q, out_shape, q, perm, data, out)

for index in range(8):
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 6)), int(rng.integers(1, 6)), int(rng.integers(1, 9)))
    sides = [int(v) for v in rng.integers(0, 3, size=4)]  # top, bottom, left, right
    q = (scale(-8, -2), zero_point())
    out_shape = (shape[0], shape[1] + sides[0] + sides[1], shape[2] + sides[2] + sides[3], shape[3])
    paddings = dict(shape=(4, 2), dtype=tfl.TensorType.INT32,
                    data=np.array([[0, 0], sides[0:2], sides[2:4], [0, 0]], dtype=np.int32))
    if index % 2 == 0:
        data, out = run(tfl.BuiltinOperator.PAD, shape, q, out_shape, q, None, [paddings])
        record("PAD", shape, q, out_shape, q, sides, data, out)
    else:
        fill = int(rng.integers(-128, 128))
        constant = dict(shape=(1,), dtype=INT8, data=np.array([fill], dtype=np.int8),
                        quantization=me.Quantization(scales=q[0], zero_points=q[1]))
        data, out = run(tfl.BuiltinOperator.PADV2, shape, q, out_shape, q, None, [paddings, constant])
        record("PADV2", shape, q, out_shape, q, sides + [fill], data, out)

for index in range(8):
    shape = (1, int(rng.integers(1, 4)), 1, int(rng.integers(2, 30)))
    q = (scale(-6, 0), zero_point())
    beta = 1.0 if index < 6 else f32(rng.uniform(0.5, 2))
    options = (tfl.BuiltinOptions.SoftmaxOptions, tfl.SoftmaxOptionsT())
    options[1].beta = beta
    data, out = run(tfl.BuiltinOperator.SOFTMAX, shape, q, shape, (1 / 256, -128), options)
    record("SOFTMAX", shape, q, shape, (f32(1 / 256), -128), [bits(beta)], data, out)

activations = [tfl.ActivationFunctionType.NONE, tfl.ActivationFunctionType.RELU, tfl.ActivationFunctionType.RELU6,
               tfl.ActivationFunctionType.RELU_N1_TO_1]
for index in range(16):
    average = index % 2 == 0
    shape = (int(rng.integers(1, 3)), int(rng.integers(2, 10)), int(rng.integers(2, 10)), int(rng.integers(1, 20)))
    filter_h, filter_w = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    stride_h, stride_w = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    same = index % 4 < 2
    activation = activations[(index // 2) % 4]
    if same:
        out_h, out_w = -(-shape[1] // stride_h), -(-shape[2] // stride_w)
    else:
        out_h, out_w = (shape[1] - filter_h) // stride_h + 1, (shape[2] - filter_w) // stride_w + 1
    if out_h < 1 or out_w < 1:
        continue
    q = (scale(-6, 0), zero_point())
    options = (tfl.BuiltinOptions.Pool2DOptions, tfl.Pool2DOptionsT())
    o = options[1]
    o.padding = tfl.Padding.SAME if same else tfl.Padding.VALID
    o.strideH, o.strideW, o.filterHeight, o.filterWidth = stride_h, stride_w, filter_h, filter_w
    o.fusedActivationFunction = activation
    opcode = tfl.BuiltinOperator.AVERAGE_POOL_2D if average else tfl.BuiltinOperator.MAX_POOL_2D
    out_shape = (shape[0], out_h, out_w, shape[3])
    data, out = run(opcode, shape, q, out_shape, q, options)
    record("AVERAGE_POOL_2D" if average else "MAX_POOL_2D", shape, q, out_shape, q,
           [filter_h, filter_w, stride_h, stride_w, int(same), activation], data, out)


def swift(case):
    name, input_shape, (si, zi), output_shape, (so, zo), options, data, output = case
    return (f'    TFLMOpGolden(op: "{name}", inputShape: {input_shape}, inputScaleBits: 0x{bits(si):08x}, '
            f'inputZeroPoint: {zi}, outputShape: {output_shape}, outputScaleBits: 0x{bits(so):08x}, '
            f'outputZeroPoint: {zo}, options: {options},\n                 input: "{data}",\n'
            f'                 output: "{output}"),')


path = sys.argv[1] if len(sys.argv) > 1 else "Tests/OctetRuntimeTests/TFLM/TFLMOpGoldens.swift"
with open(path, "w") as file:
    file.write(f"// Generated by scripts/tflm-op-goldens.py with tflite-micro {tflite_micro.__version__}; do not edit.\n\n")
    file.write("let tflmOpGoldens: [TFLMOpGolden] = [\n")
    file.write("\n".join(swift(case) for case in cases))
    file.write("\n]\n")
print(f"{len(cases)} cases written to {path}")
