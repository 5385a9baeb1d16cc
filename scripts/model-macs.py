#!/usr/bin/env python3
"""Parameters and multiply-accumulates per image of float models (.octetf, docs/FLOAT_MODEL.md).

    scripts/model-macs.py Samples/models/*.octetf

MACs count convolutions (output pixels x output channels x kernel taps x input channels per
group) and dense layers (inputs x outputs); pooling, BatchNorm, adds and concats are left out.
"""

import json
import struct
import sys


def architecture(path):
    with open(path, "rb") as file:
        header = file.read(32)
        if header[:8] != b"OCTETFLT":
            sys.exit(f"{path}: not a float model file (magic {header[:8]!r})")
        length = struct.unpack("<I", header[12:16])[0]
        return json.loads(file.read(length))


def counts(model):
    parameters = 0
    macs = 0
    for node in model["nodes"]:
        for key in ("weights", "bias", "gamma", "beta"):
            if key in node:
                parameters += node[key]["count"]
        height, width, channels = node["outputShape"]
        if node["kind"] == "conv":
            kh, kw = node["kernel"]
            macs += height * width * channels * kh * kw * node["inputChannels"] // node["groups"]
        elif node["kind"] == "dense":
            macs += node["inputFeatures"] * node["outputFeatures"]
    return parameters, macs


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print("| model | parameters | MACs / image |")
    print("|---|---|---|")
    for path in sys.argv[1:]:
        parameters, macs = counts(architecture(path))
        print(f"| {path} | {parameters:,} | {macs / 1e6:.1f} M |")


if __name__ == "__main__":
    main()
