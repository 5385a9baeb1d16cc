#!/usr/bin/env python3
"""Colour Garments: a 32x32 RGB dataset made from Fashion-MNIST, written as PNG class folders.

No colour image dataset is installed on the build machine, so the colour model is trained on
Fashion-MNIST garments tinted with a random colour and laid over a random coloured
background (flat, gradient, stripes or checks), then upscaled from 28x28 to 32x32 (bilinear).
The colours carry no class information; the garment's shape does, so a model must learn to
see shapes through colour and texture. Python standard library only; everything is drawn
from one seeded generator per image, so the same arguments give the same bytes.

    scripts/make-colour-garments.py OUT [--train-count N] [--test-count N]

writes OUT/train/<k>-<class>/<index>.png and OUT/test/<k>-<class>/<index>.png, and

    scripts/make-colour-garments.py --subset OUT --calibration-per-class 20 --evaluation-per-class 50

writes the flat, label-prefixed subsets the repository commits (Calibration/colour/):
OUT/images/<k>-<class>-<index>.png from the training set and OUT/test-subset/... from the test set.
"""

import argparse
import gzip
import math
import os
import random
import struct
import sys
import zlib

CLASSES = ["t-shirt-top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
SOURCE = 28
SIZE = 32
SEED = 20261202


def read_idx(path, magic):
    """The items of an IDX file (gzip or plain) as one bytes object, and its dimensions."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        data = file.read()
    if len(data) < 4 or struct.unpack(">I", data[:4])[0] != magic:
        sys.exit(f"{path}: not an IDX file with magic {magic:#x}")
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    body = data[4 + 4 * rank:]
    if len(body) != math.prod(dims):
        sys.exit(f"{path}: header describes {math.prod(dims)} bytes, file holds {len(body)}")
    return body, dims


def load(data, split):
    prefix = "train" if split == "train" else "t10k"
    images, dims = read_idx(os.path.join(data, f"{prefix}-images-idx3-ubyte.gz"), 0x803)
    labels, _ = read_idx(os.path.join(data, f"{prefix}-labels-idx1-ubyte.gz"), 0x801)
    if dims[1:] != (SOURCE, SOURCE):
        sys.exit(f"{split} images are {dims[1]}x{dims[2]}, expected {SOURCE}x{SOURCE}")
    return images, labels, dims[0]


def bilinear_taps():
    """Per output coordinate: the two source coordinates and the weight of the second
    (half-pixel centres, edges clamped), shared by rows and columns."""
    taps = []
    for out in range(SIZE):
        position = (out + 0.5) * SOURCE / SIZE - 0.5
        low = max(0, min(SOURCE - 1, math.floor(position)))
        high = min(SOURCE - 1, low + 1)
        taps.append((low, high, min(1.0, max(0.0, position - low))))
    return taps


TAPS = bilinear_taps()


def random_colour(rng):
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def distant_colour(rng, other, minimum=120):
    """A random colour at least `minimum` away (sum of channel differences) from `other`,
    so the garment stays visible; drawn until one fits (about 1 in 2 do)."""
    while True:
        colour = random_colour(rng)
        if sum(abs(a - b) for a, b in zip(colour, other)) >= minimum:
            return colour


def background(rng):
    """A 28x28 background as a list of (r, g, b): flat, gradient, stripes or checks."""
    first = random_colour(rng)
    second = random_colour(rng)
    kind = rng.randrange(4)
    pixels = []
    if kind == 0:
        pixels = [first] * (SOURCE * SOURCE)
    elif kind == 1:
        angle = rng.uniform(0, 2 * math.pi)
        dx, dy = math.cos(angle), math.sin(angle)
        for y in range(SOURCE):
            for x in range(SOURCE):
                t = min(1.0, max(0.0, 0.5 + ((x - 13.5) * dx + (y - 13.5) * dy) / 28))
                pixels.append(tuple(round(a + (b - a) * t) for a, b in zip(first, second)))
    elif kind == 2:
        angle = rng.uniform(0, math.pi)
        dx, dy = math.cos(angle), math.sin(angle)
        period = rng.uniform(3, 9)
        for y in range(SOURCE):
            for x in range(SOURCE):
                pixels.append(first if int((x * dx + y * dy) / period * 2) % 2 == 0 else second)
    else:
        cell = rng.randrange(3, 8)
        for y in range(SOURCE):
            for x in range(SOURCE):
                pixels.append(first if (x // cell + y // cell) % 2 == 0 else second)
    return pixels, first


def compose(gray, rng):
    """The garment (gray values as coverage) tinted and laid over a background, upscaled to
    32x32: SIZE*SIZE*3 bytes, RGB."""
    pixels, base = background(rng)
    tint = distant_colour(rng, base)
    shade = rng.uniform(0.6, 1.0)  # the garment's own light/dark detail kept in part
    small = []
    for index, (r, g, b) in enumerate(pixels):
        alpha = gray[index] / 255
        light = (1 - shade) + shade * alpha
        small.append((r + (tint[0] * light - r) * alpha,
                      g + (tint[1] * light - g) * alpha,
                      b + (tint[2] * light - b) * alpha))
    out = bytearray()
    for y0, y1, wy in TAPS:
        for x0, x1, wx in TAPS:
            a, b, c, d = small[y0 * SOURCE + x0], small[y0 * SOURCE + x1], small[y1 * SOURCE + x0], small[y1 * SOURCE + x1]
            for channel in range(3):
                top = a[channel] + (b[channel] - a[channel]) * wx
                bottom = c[channel] + (d[channel] - c[channel]) * wx
                out.append(max(0, min(255, round(top + (bottom - top) * wy))))
    return bytes(out)


def png(rgb):
    """An 8-bit RGB PNG of a SIZE x SIZE image (filter 0 on every row)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\x00" + rgb[y * SIZE * 3:(y + 1) * SIZE * 3] for y in range(SIZE))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def image(images, split, index):
    """Image `index` of `split`, from its own generator: any subset gives the same bytes."""
    rng = random.Random(f"{SEED}-{split}-{index}")
    gray = images[index * SOURCE * SOURCE:(index + 1) * SOURCE * SOURCE]
    return png(compose(gray, rng))


def write(path, data):
    with open(path, "wb") as file:
        file.write(data)


def class_folders(data, out, split, count):
    images, labels, total = load(data, split)
    count = min(count, total)
    folder = os.path.join(out, split)
    for k, name in enumerate(CLASSES):
        os.makedirs(os.path.join(folder, f"{k}-{name}"), exist_ok=True)
    for index in range(count):
        label = labels[index]
        write(os.path.join(folder, f"{label}-{CLASSES[label]}", f"{index:05d}.png"), image(images, split, index))
    print(f"{folder}: {count} images")


def flat_subset(data, folder, split, per_class):
    """The first `per_class` images of each class, named '<k>-<class>-<index>.png'."""
    images, labels, total = load(data, split)
    os.makedirs(folder, exist_ok=True)
    taken = [0] * len(CLASSES)
    for index in range(total):
        label = labels[index]
        if taken[label] < per_class:
            taken[label] += 1
            write(os.path.join(folder, f"{label}-{CLASSES[label]}-{index:05d}.png"), image(images, split, index))
        if min(taken) == per_class:
            break
    print(f"{folder}: {sum(taken)} images")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="output folder")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="Fashion-MNIST IDX (gzip) folder")
    parser.add_argument("--train-count", type=int, default=60000)
    parser.add_argument("--test-count", type=int, default=10000)
    parser.add_argument("--subset", action="store_true", help="write the committed calibration and evaluation subsets instead")
    parser.add_argument("--calibration-per-class", type=int, default=20)
    parser.add_argument("--evaluation-per-class", type=int, default=50)
    arguments = parser.parse_args()
    if arguments.subset:
        flat_subset(arguments.data, os.path.join(arguments.out, "images"), "train", arguments.calibration_per_class)
        flat_subset(arguments.data, os.path.join(arguments.out, "test-subset"), "test", arguments.evaluation_per_class)
    else:
        class_folders(arguments.data, arguments.out, "train", arguments.train_count)
        class_folders(arguments.data, arguments.out, "test", arguments.test_count)


if __name__ == "__main__":
    main()
