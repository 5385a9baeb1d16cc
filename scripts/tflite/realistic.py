"""Small end-to-end models shaped like the ones people deploy with TFLM: a DS-CNN keyword
spotter, a MobileNet-style image classifier and a Fashion-MNIST-style CNN. Random weights;
the converter's defaults (per-channel Dense weights included) apart from int8 inputs/outputs."""

from families import L, fixture, image


def separable_block(x, filters, strides=1):
    """Depthwise 3x3 + BatchNorm + ReLU, then pointwise 1x1 + BatchNorm + ReLU."""
    x = L.DepthwiseConv2D(3, strides=strides, padding="same", use_bias=False)(x)
    x = L.ReLU()(L.BatchNormalization()(x))
    x = L.Conv2D(filters, 1, use_bias=False)(x)
    return L.ReLU()(L.BatchNormalization()(x))


@fixture("kws_dscnn", "DS-CNN keyword spotter on a 49x10x1 MFCC input: 10x4 stride 2 conv, 4 depthwise-separable blocks, 25x5 average pool, FC 12, softmax",
         dense_per_channel=None)
def _():
    inp = image(49, 10, 1)
    x = L.Conv2D(32, (10, 4), strides=2, padding="same", use_bias=False)(inp)
    x = L.ReLU()(L.BatchNormalization()(x))
    for _ in range(4):
        x = separable_block(x, 32)
    x = L.AveragePooling2D((25, 5))(x)
    x = L.Dense(12)(L.Flatten()(x))
    return inp, L.Softmax()(x)


@fixture("vision_mobilenet", "MobileNet-style 48x48x3 classifier: 3x3 stride 2 conv, 4 depthwise-separable blocks (three stride 2), an inverted residual block with ADD, global mean, FC 4, softmax",
         dense_per_channel=None)
def _():
    inp = image(48, 48, 3)
    x = L.Conv2D(8, 3, strides=2, padding="same", use_bias=False)(inp)
    x = L.ReLU(6.0)(L.BatchNormalization()(x))
    x = separable_block(x, 16)
    x = separable_block(x, 16, strides=2)
    shortcut = x
    y = L.ReLU(6.0)(L.BatchNormalization()(L.Conv2D(32, 1, use_bias=False)(x)))
    y = L.ReLU(6.0)(L.BatchNormalization()(L.DepthwiseConv2D(3, padding="same", use_bias=False)(y)))
    y = L.BatchNormalization()(L.Conv2D(16, 1, use_bias=False)(y))
    x = L.Add()([shortcut, y])
    x = separable_block(x, 24, strides=2)
    x = separable_block(x, 32, strides=2)
    x = L.GlobalAveragePooling2D()(x)
    return inp, L.Softmax()(L.Dense(4)(x))


@fixture("vision_person_96", "person-detection-like 96x96x1: 3x3 stride 2 conv, 4 stride-2 depthwise-separable blocks down to 3x3x16, 3x3 average pool, FC 2, softmax",
         dense_per_channel=None)
def _():
    inp = image(96, 96, 1)
    x = L.Conv2D(4, 3, strides=2, padding="same", use_bias=False)(inp)
    x = L.ReLU()(L.BatchNormalization()(x))
    for filters in (8, 8, 16, 16):
        x = separable_block(x, filters, strides=2)
    x = L.AveragePooling2D(3)(x)
    x = L.Dense(2)(L.Flatten()(x))
    return inp, L.Softmax()(x)


@fixture("keras_cnn", "Fashion-MNIST-style 28x28x1: conv 3x3 16 RELU, maxpool 2, conv 3x3 32 RELU, maxpool 2, flatten, Dense 64 RELU, Dense 10, softmax",
         dense_per_channel=None)
def _():
    inp = image(28, 28, 1)
    x = L.Conv2D(16, 3, activation="relu")(inp)
    x = L.MaxPooling2D(2)(x)
    x = L.Conv2D(32, 3, activation="relu")(x)
    x = L.MaxPooling2D(2)(x)
    x = L.Dense(64, activation="relu")(L.Flatten()(x))
    return inp, L.Softmax()(L.Dense(10)(x))
