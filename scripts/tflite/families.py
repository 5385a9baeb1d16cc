"""Every fixture: a name `<family>_<variant>`, a one-line description, and a builder that
returns the .tflite bytes. Each builder makes a small Keras model with seeded weights and
converts it (convert.py); seeds are fixed per fixture so regeneration is byte-stable."""

import zlib

import keras
import tensorflow as tf

import convert

L = keras.layers
FIXTURES = []


class Fixture:
    def __init__(self, name, description, build, expect_error=None):
        self.name, self.description, self.build = name, description, build
        self.family = name.split("_")[0]
        self.expect_error = expect_error
        self.seed = zlib.crc32(name.encode()) & 0x7FFFFFFF


def fixture(name, description, expect_error=None, **convert_options):
    """Registers `graph(seed) -> (inputs, outputs)`, a Keras functional graph with batch 1."""
    def register(graph):
        def build(seed):
            # Fresh layer and tensor name counters: tensor names are in the file, and must not
            # depend on which fixtures were built before in the same process.
            keras.backend.clear_session()
            keras.utils.set_random_seed(seed)
            inputs, outputs = graph()
            model = convert.randomize(keras.Model(inputs, outputs), seed)
            return convert.to_tflite(model, seed, **convert_options)
        FIXTURES.append(Fixture(name, description, build, expect_error))
        return graph
    return register


def image(h, w, c):
    return keras.Input((h, w, c), batch_size=1)


def conv_fixture(name, description, shape, filters, kernel, strides=1, padding="same",
                 dilation=1, activation=None, groups=1, batchnorm=True):
    """Conv2D (+ folded BatchNorm) (+ activation layer the converter fuses)."""
    def graph():
        x = inp = image(*shape)
        x = L.Conv2D(filters, kernel, strides=strides, padding=padding, dilation_rate=dilation,
                     groups=groups, use_bias=not batchnorm)(x)
        if batchnorm:
            x = L.BatchNormalization()(x)
        if activation == "relu":
            x = L.ReLU()(x)
        elif activation == "relu6":
            x = L.ReLU(6.0)(x)
        return inp, x
    fixture(name, description)(graph)


# conv ----------------------------------------------------------------------------------------
conv_fixture("conv_1x1_c8", "1x1 stride 1 VALID, 8x8x8 -> 16, no activation", (8, 8, 8), 16, 1, padding="valid")
conv_fixture("conv_3x3_s2_same_odd_relu6", "3x3 stride 2 SAME, odd input 15x15x3 -> 8, RELU6", (15, 15, 3), 8, 3, 2, activation="relu6")
conv_fixture("conv_3x3_s2_same_even_relu", "3x3 stride 2 SAME, even input 16x16x3 -> 8 (pads 0 before, 1 after), RELU", (16, 16, 3), 8, 3, 2, activation="relu")
conv_fixture("conv_3x3_s1_same_c1", "3x3 stride 1 SAME, 12x12x1 -> 4, no activation", (12, 12, 1), 4, 3)
conv_fixture("conv_3x3_s1_valid_c3", "3x3 stride 1 VALID, 10x9x3 -> 6, RELU", (10, 9, 3), 6, 3, padding="valid", activation="relu")
conv_fixture("conv_5x5_valid_c17_relu", "5x5 stride 1 VALID, 11x11x17 -> 8, RELU", (11, 11, 17), 8, 5, padding="valid", activation="relu")
conv_fixture("conv_5x5_s2_same_even_c17", "5x5 stride 2 SAME, even input 12x12x17 -> 5 (pads 1 before, 2 after)", (12, 12, 17), 5, 5, 2)
conv_fixture("conv_5x5_s2_valid_odd_c8_relu6", "5x5 stride 2 VALID, 15x15x8 -> 4, RELU6", (15, 15, 8), 4, 5, 2, padding="valid", activation="relu6")
conv_fixture("conv_3x1_s21_same", "3x1 kernel, stride (2,1) SAME, 10x9x8 -> 6, RELU6", (10, 9, 8), 6, (3, 1), (2, 1), activation="relu6")
conv_fixture("conv_1x5_s2_valid", "1x5 kernel, stride 2 VALID, 9x13x3 -> 7", (9, 13, 3), 7, (1, 5), 2, padding="valid")
conv_fixture("conv_1x5_s1_same_c17", "1x5 kernel, stride 1 SAME, 6x11x17 -> 3, RELU", (6, 11, 17), 3, (1, 5), activation="relu")
conv_fixture("conv_3x3_d2_same_relu6", "3x3 dilation 2 stride 1 SAME, 14x14x8 -> 8, RELU6", (14, 14, 8), 8, 3, dilation=2, activation="relu6")
conv_fixture("conv_3x3_d2_valid_c3", "3x3 dilation 2 stride 1 VALID, 13x13x3 -> 5", (13, 13, 3), 5, 3, padding="valid", dilation=2)
conv_fixture("conv_3x3_s2_same_odd_c1_bias", "3x3 stride 2 SAME, 9x9x1 -> 3, plain bias (no BatchNorm)", (9, 9, 1), 3, 3, 2, batchnorm=False)
conv_fixture("conv_1x5_h1_same", "1-D conv as Conv2D on an H=1 input: 1x5 kernel SAME, 1x32x4 -> 8, RELU", (1, 32, 4), 8, (1, 5), activation="relu")
conv_fixture("conv_groups2", "grouped Conv2D groups=2, 3x3 SAME, 8x8x8 -> 8", (8, 8, 8), 8, 3, groups=2)


@fixture("conv_conv1d", "Keras Conv1D, kernel 5 stride 2 SAME on a 32x4 sequence -> 6, RELU")
def _():
    inp = keras.Input((32, 4), batch_size=1)
    return inp, L.Conv1D(6, 5, strides=2, padding="same", activation="relu")(inp)


# depthwise -----------------------------------------------------------------------------------
def depthwise_fixture(name, description, shape, kernel, strides=1, padding="same", multiplier=1,
                      dilation=1, activation=None):
    def graph():
        x = inp = image(*shape)
        x = L.DepthwiseConv2D(kernel, strides=strides, padding=padding, depth_multiplier=multiplier,
                              dilation_rate=dilation, use_bias=False)(x)
        x = L.BatchNormalization()(x)
        if activation == "relu6":
            x = L.ReLU(6.0)(x)
        elif activation == "relu":
            x = L.ReLU()(x)
        return inp, x
    fixture(name, description)(graph)


depthwise_fixture("depthwise_3x3_m1_same_relu6", "3x3 multiplier 1 stride 1 SAME, 12x12x8, RELU6", (12, 12, 8), 3, activation="relu6")
depthwise_fixture("depthwise_3x3_m2_valid", "3x3 multiplier 2 stride 1 VALID, 10x10x4 -> 8 channels", (10, 10, 4), 3, padding="valid", multiplier=2)
depthwise_fixture("depthwise_3x3_s2_same_odd_relu6", "3x3 multiplier 1 stride 2 SAME, odd 15x15x8, RELU6", (15, 15, 8), 3, 2, activation="relu6")
depthwise_fixture("depthwise_3x3_s2_same_even_m2", "3x3 multiplier 2 stride 2 SAME, even 16x16x3 -> 6 channels, RELU", (16, 16, 3), 3, 2, multiplier=2, activation="relu")
depthwise_fixture("depthwise_3x3_d2_same", "3x3 dilation 2 SAME, 13x13x8", (13, 13, 8), 3, dilation=2)
depthwise_fixture("depthwise_5x5_s2_valid_c17", "5x5 stride 2 VALID, 15x15x17, RELU6", (15, 15, 17), 5, 2, padding="valid", activation="relu6")
depthwise_fixture("depthwise_3x1_m1_same", "3x1 kernel SAME, 9x7x5", (9, 7, 5), (3, 1))


# fc ------------------------------------------------------------------------------------------
@fixture("fc_per_tensor", "Dense 32 -> 10, per-tensor int8 weights, bias")
def _():
    inp = keras.Input((32,), batch_size=1)
    return inp, L.Dense(10)(inp)


@fixture("fc_per_channel", "Dense 32 -> 10, per-channel int8 weights (the converter's default), bias",
         dense_per_channel=True)
def _():
    inp = keras.Input((32,), batch_size=1)
    return inp, L.Dense(10)(inp)


@fixture("fc_relu", "Dense 48 -> 16 with fused RELU, per-tensor weights")
def _():
    inp = keras.Input((48,), batch_size=1)
    return inp, L.Dense(16, activation="relu")(inp)


@fixture("fc_per_channel_relu", "Dense 17 -> 9 with fused RELU, per-channel weights", dense_per_channel=True)
def _():
    inp = keras.Input((17,), batch_size=1)
    return inp, L.Dense(9, activation="relu")(inp)


@fixture("fc_3d_keep_dims", "Dense 16 -> 8 on a 1x6x16 tensor (keep_num_dims), per-tensor weights")
def _():
    inp = keras.Input((6, 16), batch_size=1)
    return inp, L.Dense(8)(inp)


@fixture("fc_batch4", "Dense 12 -> 5 on a batch of 4 rows (input 4x12), per-tensor weights")
def _():
    inp = keras.Input((12,), batch_size=4)
    return inp, L.Dense(5)(inp)


@fixture("fc_wide_batch16", "Dense 64 -> 128 on 16 rows (2,048 outputs: enough to tell rounding modes apart), per-tensor weights")
def _():
    inp = keras.Input((64,), batch_size=16)
    return inp, L.Dense(128)(inp)


@fixture("fc_wide_per_channel", "Dense 96 -> 160 on 12 rows, per-channel weights", dense_per_channel=True)
def _():
    inp = keras.Input((96,), batch_size=12)
    return inp, L.Dense(160)(inp)


# pool ----------------------------------------------------------------------------------------
def pool_fixture(name, description, shape, kind, size, strides, padding, relu=False):
    def graph():
        inp = image(*shape)
        layer = L.MaxPooling2D if kind == "max" else L.AveragePooling2D
        x = layer(size, strides=strides, padding=padding)(inp)
        if relu:
            x = L.ReLU()(x)
        return inp, x
    fixture(name, description)(graph)


pool_fixture("pool_max_2x2_s2_valid", "MAX_POOL_2D 2x2 stride 2 VALID, 16x16x8", (16, 16, 8), "max", 2, 2, "valid")
pool_fixture("pool_max_3x3_s2_same_odd", "MAX_POOL_2D 3x3 stride 2 SAME, odd 15x15x4", (15, 15, 4), "max", 3, 2, "same")
pool_fixture("pool_max_3x3_s1_same_even", "MAX_POOL_2D 3x3 stride 1 SAME, 8x8x3", (8, 8, 3), "max", 3, 1, "same")
pool_fixture("pool_max_3x2_s21_valid", "MAX_POOL_2D 3x2 stride (2,1) VALID, 11x9x5", (11, 9, 5), "max", (3, 2), (2, 1), "valid")
pool_fixture("pool_avg_2x2_s2_valid", "AVERAGE_POOL_2D 2x2 stride 2 VALID, 16x16x8", (16, 16, 8), "avg", 2, 2, "valid")
pool_fixture("pool_avg_3x3_s2_same_odd", "AVERAGE_POOL_2D 3x3 stride 2 SAME, odd 15x15x4 (border windows divide by in-bounds taps)", (15, 15, 4), "avg", 3, 2, "same")
pool_fixture("pool_avg_3x3_s1_same_even", "AVERAGE_POOL_2D 3x3 stride 1 SAME, 10x10x3", (10, 10, 3), "avg", 3, 1, "same")
pool_fixture("pool_avg_2x3_s2_same_even", "AVERAGE_POOL_2D 2x3 stride 2 SAME, 8x10x6", (8, 10, 6), "avg", (2, 3), 2, "same")
pool_fixture("pool_avg_5x4_valid", "AVERAGE_POOL_2D 5x4 stride 1 VALID, 9x8x2 (the DS-CNN head shape)", (9, 8, 2), "avg", (5, 4), 1, "valid")
pool_fixture("pool_max_relu", "MAX_POOL_2D 2x2 stride 2 VALID followed by a ReLU layer (fused into the pool as RELU), 8x8x4", (8, 8, 4), "max", 2, 2, "valid", relu=True)


# mean ----------------------------------------------------------------------------------------
@fixture("mean_gap", "GlobalAveragePooling2D over 7x7x16 (keepdims false)")
def _():
    inp = image(7, 7, 16)
    return inp, L.GlobalAveragePooling2D()(inp)


@fixture("mean_gap_keepdims", "GlobalAveragePooling2D(keepdims=True) over 5x6x8")
def _():
    inp = image(5, 6, 8)
    return inp, L.GlobalAveragePooling2D(keepdims=True)(inp)


@fixture("mean_gap_c96", "GlobalAveragePooling2D over 9x9x96 after a RELU conv (96 means: enough to tell roundings apart)")
def _():
    inp = image(9, 9, 8)
    return inp, L.GlobalAveragePooling2D()(L.Conv2D(96, 1, activation="relu")(inp))


@fixture("mean_reduce_hw", "tf.reduce_mean over axes [1,2], keepdims false, after a conv, 6x6x8")
def _():
    inp = image(6, 6, 8)
    x = L.Conv2D(12, 3, padding="same", activation="relu")(inp)
    return inp, L.Lambda(lambda t: tf.reduce_mean(t, axis=[1, 2]))(x)


@fixture("mean_reduce_hw_keepdims", "tf.reduce_mean over axes [1,2], keepdims true, 4x9x5")
def _():
    inp = image(4, 9, 5)
    return inp, L.Lambda(lambda t: tf.reduce_mean(t, axis=[1, 2], keepdims=True))(inp)


# add -----------------------------------------------------------------------------------------
@fixture("add_residual", "conv branch + block input, inputs with different scales, 8x8x8")
def _():
    inp = image(8, 8, 8)
    x = L.Conv2D(8, 3, padding="same", use_bias=False)(inp)
    x = L.BatchNormalization()(x)
    return inp, L.Add()([inp, x])


@fixture("add_relu", "two conv branches added, fused RELU on the ADD, 9x9x6")
def _():
    inp = image(9, 9, 3)
    a = L.Conv2D(6, 3, padding="same")(inp)
    b = L.Conv2D(6, 1)(inp)
    b = L.Lambda(lambda t: t * 4.0)(b)
    return inp, L.ReLU()(L.Add()([a, b]))


@fixture("add_relu6_residual", "MobileNetV2-style residual: relu6 branch + input, 6x6x4")
def _():
    inp = image(6, 6, 4)
    x = L.Conv2D(4, 1, activation="relu6")(inp)
    return inp, L.Add()([x, inp])


# concat --------------------------------------------------------------------------------------
@fixture("concat_channels", "channel concat of two conv outputs whose float ranges differ (the converter gives both the output's scale), 8x8")
def _():
    inp = image(8, 8, 4)
    a = L.Conv2D(4, 1)(inp)
    b = L.Lambda(lambda t: t * 5.0)(L.Conv2D(5, 3, padding="same")(inp))  # folded into the conv
    return inp, L.Concatenate(axis=-1)([a, L.ReLU()(b)])


@fixture("concat_width", "concat along W (axis 2) of two conv outputs, 6x5x3 and 6x4x3")
def _():
    inp = image(6, 9, 2)
    a = L.Conv2D(3, (1, 5), padding="valid")(inp)
    b = L.Conv2D(3, (1, 6), padding="valid", activation="relu")(inp)
    return inp, L.Concatenate(axis=2)([a, b])


@fixture("concat_input_and_conv", "channel concat of the graph input with a conv output (the input's scale is fixed)")
def _():
    inp = image(6, 6, 3)
    b = L.Conv2D(5, 3, padding="same")(inp)
    b = L.Lambda(lambda t: t * 6.0)(b)
    return inp, L.Concatenate()([inp, b])


# pad -----------------------------------------------------------------------------------------
@fixture("pad_zeropadding2d", "ZeroPadding2D ((1,2),(2,1)) then 3x3 VALID conv, 7x7x3")
def _():
    inp = image(7, 7, 3)
    x = L.ZeroPadding2D(((1, 2), (2, 1)))(inp)
    return inp, L.Conv2D(4, 3, padding="valid")(x)


@fixture("pad_tf_pad", "tf.pad on H, W and C of a conv output (PAD), 5x5x4")
def _():
    inp = image(5, 5, 3)
    x = L.Conv2D(4, 1)(inp)
    return inp, L.Lambda(lambda t: tf.pad(t, [[0, 0], [2, 0], [1, 3], [1, 1]]))(x)


@fixture("pad_padv2", "tf.pad with constant_values=1.5 (PADV2), 5x4x3")
def _():
    inp = image(5, 4, 3)
    return inp, L.Lambda(lambda t: tf.pad(t, [[0, 0], [1, 1], [2, 1], [0, 0]], constant_values=1.5))(inp)


# reshape -------------------------------------------------------------------------------------
@fixture("reshape_flatten", "conv 6x6x4 -> Flatten -> Dense 10")
def _():
    inp = image(6, 6, 2)
    x = L.Conv2D(4, 3, padding="same", activation="relu")(inp)
    return inp, L.Dense(10)(L.Flatten()(x))


@fixture("reshape_reshape", "Reshape 4x4x6 -> 8x12 then Dense 5 on the last axis")
def _():
    inp = image(4, 4, 6)
    x = L.Reshape((8, 12))(inp)
    return inp, L.Dense(5)(x)


# softmax / logistic --------------------------------------------------------------------------
@fixture("softmax_head", "Dense 24 -> 10 then softmax")
def _():
    inp = keras.Input((24,), batch_size=1)
    return inp, L.Softmax()(L.Dense(10)(inp))


@fixture("softmax_wide_logits", "Dense 8 -> 12 with large logits (x8) then softmax")
def _():
    inp = keras.Input((8,), batch_size=1)
    x = L.Dense(12)(inp)
    return inp, L.Softmax()(L.Lambda(lambda t: t * 8.0)(x))


@fixture("softmax_direct", "softmax straight on a 16x64 graph input calibrated on N(0, 4^2) (1,024 values per sample)",
         input_scale=4.0)
def _():
    inp = keras.Input((64,), batch_size=16)
    return inp, L.Softmax()(inp)


@fixture("logistic_head", "Dense 16 -> 6 then sigmoid")
def _():
    inp = keras.Input((16,), batch_size=1)
    return inp, L.Activation("sigmoid")(L.Dense(6)(inp))


@fixture("logistic_conv", "1x1 conv 6x6x3 -> 4 then sigmoid on a 4-D tensor")
def _():
    inp = image(6, 6, 3)
    return inp, L.Activation("sigmoid")(L.Conv2D(4, 1)(inp))


@fixture("logistic_direct", "sigmoid straight on a 1x8x8x16 graph input calibrated on N(0, 1) (1,024 values per sample)")
def _():
    inp = image(8, 8, 16)
    return inp, L.Activation("sigmoid")(inp)


@fixture("logistic_wide_input", "sigmoid straight on a 1x8x8x16 graph input calibrated on N(0, 6^2): reaches both saturated ends",
         input_scale=6.0)
def _():
    inp = image(8, 8, 16)
    return inp, L.Activation("sigmoid")(inp)


# edges ---------------------------------------------------------------------------------------
@fixture("edges_float_io", "float32 input and output: QUANTIZE -> conv 3x3 SAME RELU -> DEQUANTIZE, 8x8x3",
         io_type=tf.float32)
def _():
    inp = image(8, 8, 3)
    return inp, L.Conv2D(4, 3, padding="same", activation="relu")(inp)


@fixture("edges_float_io_softmax", "float32 input and output around Dense 20 -> 5 and softmax",
         io_type=tf.float32)
def _():
    inp = keras.Input((20,), batch_size=1)
    return inp, L.Softmax()(L.Dense(5)(inp))


# transpose -----------------------------------------------------------------------------------
@fixture("transpose_nchw", "NCHW input 1x3x10x10 transposed to NHWC, then 3x3 conv SAME RELU6")
def _():
    inp = keras.Input((3, 10, 10), batch_size=1)
    x = L.Permute((2, 3, 1))(inp)
    x = L.Conv2D(6, 3, padding="same", use_bias=False)(x)
    x = L.BatchNormalization()(x)
    return inp, L.ReLU(6.0)(x)


@fixture("transpose_nchw_head", "NCHW input 1x4x6x6 -> TRANSPOSE -> conv -> GAP -> Dense 3")
def _():
    inp = keras.Input((4, 6, 6), batch_size=1)
    x = L.Permute((2, 3, 1))(inp)
    x = L.Conv2D(8, 3, strides=2, padding="same", activation="relu")(x)
    return inp, L.Dense(3)(L.GlobalAveragePooling2D()(x))


# quantize (int8 -> int8 requantize inside the graph) -------------------------------------------
@fixture("quantize_logistic_concat", "sigmoid output (fixed scale 1/256, zero point -128) concatenated with a wider conv output: the converter requantizes the sigmoid output with QUANTIZE")
def _():
    inp = image(6, 6, 3)
    a = L.Activation("sigmoid")(L.Conv2D(4, 1)(inp))
    b = L.Lambda(lambda t: t * 6.0)(L.Conv2D(4, 3, padding="same")(inp))
    return inp, L.Concatenate()([a, b])


@fixture("quantize_shared_concat", "one conv output feeding two concatenations of different ranges: QUANTIZE makes a second copy at the other scale; two graph outputs")
def _():
    inp = image(6, 6, 3)
    x = L.Conv2D(4, 1)(inp)
    a = L.Lambda(lambda t: t * 8.0)(L.Conv2D(4, 3, padding="same")(inp))
    b = L.Lambda(lambda t: t * 0.1)(L.Conv2D(4, 3, padding="same")(inp))
    return inp, [L.Concatenate()([x, a]), L.Concatenate()([x, b])]
