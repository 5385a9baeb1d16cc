"""Keras model → .tflite bytes with the TFLite converter, and seeded weights that make every
layer's numbers non-trivial (folded BatchNorm, non-zero biases)."""

import contextlib
import os
import sys
import tempfile

import numpy as np
import tensorflow as tf

REPRESENTATIVE_SAMPLES = 32


def randomize(model, seed):
    """Overwrites every weight with seeded random values: kernels scaled like He init, biases
    and BatchNorm statistics far from their identity defaults so the converter folds real
    numbers into the int32 biases and per-channel scales."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        values = []
        for w in layer.weights:
            shape, name = tuple(w.shape), w.path.split("/")[-1]
            if name in ("kernel", "depthwise_kernel", "pointwise_kernel"):
                fan_in = int(np.prod(shape[:-1])) if name != "depthwise_kernel" else int(np.prod(shape[:2]))
                values.append(rng.standard_normal(shape) * np.sqrt(2.0 / max(fan_in, 1)))
            elif name == "gamma":
                values.append(rng.uniform(0.5, 1.5, shape))
            elif name == "moving_variance":
                values.append(rng.uniform(0.5, 2.0, shape))
            elif name in ("beta", "bias", "moving_mean"):
                values.append(rng.normal(0.0, 0.5, shape))
            else:
                raise ValueError(f"layer {layer.name}: no rule for weight {name}")
        if values:
            layer.set_weights([v.astype(np.float32) for v in values])
    return model


def representative(shapes, seed, scale=1.0):
    """A seeded representative dataset: standard normal inputs (times `scale`)."""
    def generate():
        rng = np.random.default_rng(seed)
        for _ in range(REPRESENTATIVE_SAMPLES):
            yield [(rng.standard_normal(s) * scale).astype(np.float32) for s in shapes]
    return generate


def to_tflite(model, seed, io_type=tf.int8, mode="int8", dense_per_channel=False,
              input_scale=1.0):
    """Converts `model`. mode: "int8" (full-integer, TFLITE_BUILTINS_INT8), "16x8"
    (int16 activations, int8 weights) or "float" (no quantization). io_type: the type of the
    graph's inputs and outputs (tf.float32 keeps a QUANTIZE/DEQUANTIZE pair at the edges).
    dense_per_channel: False asks for per-tensor FULLY_CONNECTED weights, True for per-channel;
    None leaves the converter's default (per-channel in this TensorFlow)."""
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if mode != "float":
        shapes = [tuple(t.shape) for t in model.inputs]
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative(shapes, seed, input_scale)
        converter.target_spec.supported_ops = [
            tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8
            if mode == "16x8" else tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = io_type
        converter.inference_output_type = io_type
        if dense_per_channel is not None:
            converter._experimental_disable_per_channel_quantization_for_dense_layers = not dense_per_channel
    with quiet():
        return converter.convert()


@contextlib.contextmanager
def quiet():
    """Keeps the converter's chatter (Keras export listing, MLIR warnings, written by both Python
    and C++ to stdout and stderr) off the terminal unless the conversion fails."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with tempfile.TemporaryFile() as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        except BaseException:
            sys.stdout.flush()
            log.seek(0)
            os.write(saved[1], log.read())
            raise
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
