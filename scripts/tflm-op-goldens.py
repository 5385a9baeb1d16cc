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
import math
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


def run(opcode, input_shape, input_q, output_shape, output_q, options=None, extra_inputs=(), data=None,
        second=None):
    """Builds, runs and returns (input, output) of one op on int8 tensors; `second` is an
    optional second graph input, (shape, (scale, zero point), data)."""
    model = me.Model()
    sg = model.add_subgraph()
    x = sg.add_tensor(shape=tuple(input_shape), dtype=INT8, quantization=me.Quantization(scales=input_q[0], zero_points=input_q[1]))
    y = sg.add_tensor(shape=tuple(output_shape), dtype=INT8, quantization=me.Quantization(scales=output_q[0], zero_points=output_q[1]))
    graph_inputs = [x]
    if second is not None:
        graph_inputs.append(sg.add_tensor(shape=tuple(second[0]), dtype=INT8,
                                          quantization=me.Quantization(scales=second[1][0], zero_points=second[1][1])))
    inputs = graph_inputs + [None if spec is None else sg.add_tensor(**spec) for spec in extra_inputs]
    op = sg.add_operator(opcode=opcode, inputs=inputs, outputs=[y])
    if options is not None:
        op._fb.builtinOptionsType, op._fb.builtinOptions = options
    sg.inputs, sg.outputs = graph_inputs, [y]
    interpreter = runtime.Interpreter.from_bytes(bytes(model.build()), arena_size=1 << 20)
    if data is None:
        data = rng.integers(-128, 128, size=input_shape, dtype=np.int8)
    interpreter.set_input(data.reshape(input_shape), 0)
    if second is not None:
        interpreter.set_input(second[2].reshape(second[0]), 1)
    interpreter.invoke()
    return data, interpreter.get_output(0)


cases = []


def record(name, input_shape, input_q, output_shape, output_q, option_values, data, output, **extra):
    """`extra`: further Swift fields (second input, filter, filter scales, bias) as literals."""
    cases.append((name, list(input_shape), input_q, list(output_shape), output_q, list(option_values),
                  data.astype(np.int8).tobytes().hex(), output.astype(np.int8).tobytes().hex(), extra))


def hexed(array):
    return '"' + array.astype(np.int8).tobytes().hex() + '"'


def weights(shape, channels, axis):
    """Symmetric int8 weights with per-channel scales along `axis` (one scale: per tensor)."""
    values = rng.integers(-127, 128, size=shape, dtype=np.int8)
    scales = [scale(-9, -5) for _ in range(channels)]
    return values, scales, me.Quantization(scales=scales, zero_points=[0] * channels, axis=axis)


def bias(count, input_scale, filter_scales):
    values = rng.integers(-3000, 3001, size=count).astype(np.int32)
    scales = [f32(input_scale * s) for s in (filter_scales * count if len(filter_scales) == 1 else filter_scales)]
    return values, dict(shape=(count,), dtype=tfl.TensorType.INT32, data=values,
                        quantization=me.Quantization(scales=scales, zero_points=[0] * count))


def same_or_valid(size, filter_size, stride, dilation, same):
    extent = (filter_size - 1) * dilation + 1
    return -(-size // stride) if same else (size - extent + stride) // stride


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


for index in range(10):
    keep = index % 2 == 1
    per_channel = index % 4 < 2
    shape = (int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 24)))
    units = int(rng.integers(1, 20))
    depth = shape[3] if keep else shape[1] * shape[2] * shape[3]
    values, scales, quantization = weights((units, depth), units if per_channel else 1, 0)
    qi, qo = (scale(-7, -3), zero_point()), (scale(-5, -1), zero_point())
    b, bias_spec = bias(units, qi[0], scales)
    filter_spec = dict(shape=(units, depth), dtype=INT8, data=values, quantization=quantization)
    options = (tfl.BuiltinOptions.FullyConnectedOptions, tfl.FullyConnectedOptionsT())
    options[1].keepNumDims = keep
    options[1].fusedActivationFunction = activations[index % 4]
    out_shape = (shape[0], shape[1], shape[2], units) if keep else (shape[0], units)
    data, out = run(tfl.BuiltinOperator.FULLY_CONNECTED, shape, qi, out_shape, qo, options, [filter_spec, bias_spec])
    record("FULLY_CONNECTED", shape, qi, out_shape, qo, [int(keep), activations[index % 4]], data, out,
           filterShape=[units, 1, 1, depth], filterScaleBits=[bits(s) for s in scales], filter=hexed(values),
           bias=[int(v) for v in b])

for index in range(12):
    depthwise = index % 2 == 0
    shape = (int(rng.integers(1, 3)), int(rng.integers(3, 10)), int(rng.integers(3, 10)), int(rng.integers(1, 7)))
    kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    sh, sw, dh, dw = (int(v) for v in rng.integers(1, 3, size=4))
    same = index % 4 < 2
    multiplier = int(rng.integers(1, 4)) if depthwise else 1
    channels = shape[3] * multiplier if depthwise else int(rng.integers(1, 12))
    out_h, out_w = same_or_valid(shape[1], kh, sh, dh, same), same_or_valid(shape[2], kw, sw, dw, same)
    if out_h < 1 or out_w < 1:
        continue
    qi, qo = (scale(-7, -3), zero_point()), (scale(-5, -1), zero_point())
    if depthwise:
        filter_shape = (1, kh, kw, channels)
        values, scales, quantization = weights(filter_shape, channels, 3)
        options = (tfl.BuiltinOptions.DepthwiseConv2DOptions, tfl.DepthwiseConv2DOptionsT())
        options[1].depthMultiplier = multiplier
        opcode = tfl.BuiltinOperator.DEPTHWISE_CONV_2D
    else:
        filter_shape = (channels, kh, kw, shape[3])
        values, scales, quantization = weights(filter_shape, channels, 0)
        options = (tfl.BuiltinOptions.Conv2DOptions, tfl.Conv2DOptionsT())
        opcode = tfl.BuiltinOperator.CONV_2D
    o = options[1]
    o.padding = tfl.Padding.SAME if same else tfl.Padding.VALID
    o.strideH, o.strideW, o.dilationHFactor, o.dilationWFactor = sh, sw, dh, dw
    o.fusedActivationFunction = activations[(index // 2) % 4]
    b, bias_spec = bias(channels, qi[0], scales)
    filter_spec = dict(shape=filter_shape, dtype=INT8, data=values, quantization=quantization)
    out_shape = (shape[0], out_h, out_w, channels)
    data, out = run(opcode, shape, qi, out_shape, qo, options, [filter_spec, bias_spec])
    record("DEPTHWISE_CONV_2D" if depthwise else "CONV_2D", shape, qi, out_shape, qo,
           [kh, kw, sh, sw, int(same), activations[(index // 2) % 4], dh, dw, multiplier], data, out,
           filterShape=list(filter_shape), filterScaleBits=[bits(s) for s in scales], filter=hexed(values),
           bias=[int(v) for v in b])

for index in range(6):
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 6)), int(rng.integers(1, 6)), int(rng.integers(1, 20)))
    q1, q2, qo = (scale(-7, -2), zero_point()), (scale(-7, -2), zero_point()), (scale(-6, -1), zero_point())
    second = rng.integers(-128, 128, size=shape, dtype=np.int8)
    options = (tfl.BuiltinOptions.AddOptions, tfl.AddOptionsT())
    options[1].fusedActivationFunction = activations[index % 4]
    data, out = run(tfl.BuiltinOperator.ADD, shape, q1, shape, qo, options, second=(shape, q2, second))
    record("ADD", shape, q1, shape, qo, [activations[index % 4]], data, out,
           input2=hexed(second), input2ScaleBits=bits(q2[0]), input2ZeroPoint=q2[1])

for index in range(4):
    shape = (int(rng.integers(1, 3)), int(rng.integers(1, 5)), int(rng.integers(1, 5)), int(rng.integers(1, 12)))
    shape2 = shape[:3] + (int(rng.integers(1, 12)),)
    q = (scale(-7, -2), zero_point())
    second = rng.integers(-128, 128, size=shape2, dtype=np.int8)
    options = (tfl.BuiltinOptions.ConcatenationOptions, tfl.ConcatenationOptionsT())
    options[1].axis = 3 if index % 2 == 0 else -1
    out_shape = shape[:3] + (shape[3] + shape2[3],)
    data, out = run(tfl.BuiltinOperator.CONCATENATION, shape, q, out_shape, q, options, second=(shape2, q, second))
    record("CONCATENATION", shape, q, out_shape, q, list(shape2), data, out,
           input2=hexed(second), input2ScaleBits=bits(q[0]), input2ZeroPoint=q[1])


def quantize_multiplier(real):
    """TFLite's QuantizeMultiplier."""
    q, e = math.frexp(real)
    fixed = int(math.floor(q * 2 ** 31 + 0.5))
    if fixed == 2 ** 31:
        fixed, e = fixed // 2, e + 1
    return (0, 0) if e < -31 else (fixed, e)


def multiply_by_quantized_multiplier(x, multiplier, shift):
    """TFLite's double-rounding MultiplyByQuantizedMultiplier on Python integers."""
    x = x << max(shift, 0)
    if x == multiplier == -2 ** 31:
        high = 2 ** 31 - 1
    else:
        product = x * multiplier + (2 ** 30 if x * multiplier >= 0 else 1 - 2 ** 30)
        high = abs(product) // 2 ** 31 * (1 if product >= 0 else -1)
    exponent = max(-shift, 0)
    mask = (1 << exponent) - 1
    return (high >> exponent) + (1 if (high & mask) > (mask >> 1) + (1 if high < 0 else 0) else 0)


# Layers whose output flips with the multiplier's last bits: the scales make Double(input) ·
# Double(filter) and the Float product Float(input · filter) quantize to different multipliers,
# and the bias puts the accumulator where the two round to different outputs. TFLite's source
# and its wheels have used both; these cases pin the one the wheel uses.
boundary = 0
while boundary < 9:
    si, sw, so = scale(-7, -3), scale(-9, -5), scale(-5, -1)
    wide = quantize_multiplier(si * sw / so)
    narrow = quantize_multiplier(f32(np.float32(si) * np.float32(sw)) / so)
    if wide == narrow:
        continue
    accumulators = [int(a) for a in rng.integers(-200000, 200000, size=4000)]
    hits = [a for a in accumulators if multiply_by_quantized_multiplier(a, *wide) != multiply_by_quantized_multiplier(a, *narrow)
            and -100 < multiply_by_quantized_multiplier(a, *wide) < 100]
    if not hits:
        continue
    b = np.array([hits[0] - 127 * 50], dtype=np.int32)
    filter_values = np.array([127], dtype=np.int8)
    data = np.array([50], dtype=np.int8)
    kind = ["FULLY_CONNECTED", "CONV_2D", "DEPTHWISE_CONV_2D"][boundary % 3]
    bias_spec = dict(shape=(1,), dtype=tfl.TensorType.INT32, data=b, quantization=me.Quantization(scales=[f32(si * sw)], zero_points=[0]))
    quantization = me.Quantization(scales=[sw], zero_points=[0], axis=0 if kind != "DEPTHWISE_CONV_2D" else 3)
    if kind == "FULLY_CONNECTED":
        filter_spec = dict(shape=(1, 1), dtype=INT8, data=filter_values.reshape(1, 1), quantization=quantization)
        options = (tfl.BuiltinOptions.FullyConnectedOptions, tfl.FullyConnectedOptionsT())
        data, out = run(tfl.BuiltinOperator.FULLY_CONNECTED, (1, 1, 1, 1), (si, 0), (1, 1), (so, 0), options,
                        [filter_spec, bias_spec], data=data.reshape(1, 1, 1, 1))
        record(kind, (1, 1, 1, 1), (si, 0), (1, 1), (so, 0), [0, 0], data, out, filterShape=[1, 1, 1, 1],
               filterScaleBits=[bits(sw)], filter=hexed(filter_values), bias=[int(b[0])])
    else:
        filter_spec = dict(shape=(1, 1, 1, 1), dtype=INT8, data=filter_values.reshape(1, 1, 1, 1), quantization=quantization)
        if kind == "CONV_2D":
            options, opcode = (tfl.BuiltinOptions.Conv2DOptions, tfl.Conv2DOptionsT()), tfl.BuiltinOperator.CONV_2D
        else:
            options = (tfl.BuiltinOptions.DepthwiseConv2DOptions, tfl.DepthwiseConv2DOptionsT())
            options[1].depthMultiplier = 1
            opcode = tfl.BuiltinOperator.DEPTHWISE_CONV_2D
        options[1].padding, options[1].strideH, options[1].strideW = tfl.Padding.VALID, 1, 1
        data, out = run(opcode, (1, 1, 1, 1), (si, 0), (1, 1, 1, 1), (so, 0), options, [filter_spec, bias_spec],
                        data=data.reshape(1, 1, 1, 1))
        record(kind, (1, 1, 1, 1), (si, 0), (1, 1, 1, 1), (so, 0), [1, 1, 1, 1, 0, 0, 1, 1, 1], data, out,
               filterShape=[1, 1, 1, 1], filterScaleBits=[bits(sw)], filter=hexed(filter_values), bias=[int(b[0])])
    expected = multiply_by_quantized_multiplier(hits[0], *wide)
    print(f"{kind} boundary case: TFLM {int(out.flatten()[0])}, Double product {expected}, "
          f"Float product {multiply_by_quantized_multiplier(hits[0], *narrow)}")
    boundary += 1


def swift(case):
    name, input_shape, (si, zi), output_shape, (so, zo), options, data, output, extra = case
    fields = "".join(f",\n                 {key}: {value}" for key, value in extra.items())
    return (f'    TFLMOpGolden(op: "{name}", inputShape: {input_shape}, inputScaleBits: 0x{bits(si):08x}, '
            f'inputZeroPoint: {zi}, outputShape: {output_shape}, outputScaleBits: 0x{bits(so):08x}, '
            f'outputZeroPoint: {zo}, options: {options},\n                 input: "{data}",\n'
            f'                 output: "{output}"{fields}),')


path = sys.argv[1] if len(sys.argv) > 1 else "Tests/OctetRuntimeTests/TFLM/TFLMOpGoldens.swift"
with open(path, "w") as file:
    file.write(f"// Generated by scripts/tflm-op-goldens.py with tflite-micro {tflite_micro.__version__}; do not edit.\n\n")
    file.write("let tflmOpGoldens: [TFLMOpGolden] = [\n")
    file.write("\n".join(swift(case) for case in cases))
    file.write("\n]\n")
print(f"{len(cases)} cases written to {path}")
