"""Files the importer must refuse, each with the phrase its error should name."""

import tensorflow as tf

from families import L, fixture, image


@fixture("unsupported_tanh", "conv then tanh: TANH is outside the supported op list", expect_error="TANH")
def _():
    inp = image(6, 6, 3)
    return inp, L.Activation("tanh")(L.Conv2D(4, 3, padding="same")(inp))


@fixture("unsupported_resize_bilinear", "bilinear 2x upsampling: RESIZE_BILINEAR is outside the supported op list",
         expect_error="RESIZE_BILINEAR")
def _():
    inp = image(4, 4, 3)
    return inp, L.UpSampling2D(2, interpolation="bilinear")(L.Conv2D(4, 1)(inp))


@fixture("unsupported_int16_activations", "16x8 model: int16 activations, int8 weights (int16 input and output)",
         expect_error="int16", mode="16x8", io_type=tf.int16)
def _():
    inp = image(6, 6, 3)
    return inp, L.Conv2D(4, 3, padding="same", activation="relu")(inp)


@fixture("unsupported_float", "float32 model, no quantization", expect_error="float32", mode="float")
def _():
    inp = image(6, 6, 3)
    return inp, L.Conv2D(4, 3, padding="same", activation="relu")(inp)


@fixture("unsupported_uint8_input", "uint8 graph input and output (QUANTIZE uint8 -> int8 in, int8 -> uint8 out), int8 inside",
         expect_error="uint8", io_type=tf.uint8)
def _():
    inp = image(6, 6, 3)
    return inp, L.Conv2D(4, 3, padding="same", activation="relu")(inp)
