#!/usr/bin/env bash
# Octet beside TFLM and LiteRT + XNNPACK on the TFLite fixtures: peers first
# (scripts/measure-tflite.sh, same CPU pin), then Octet's import, arena and bench, one table.
#   scripts/compare-imported.sh [fixture name prefixes...]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product octet >&2
scripts/measure-tflite.sh --rounds 1 "$@" >&2
python3 scripts/tflite/compare_octet.py "$@"
