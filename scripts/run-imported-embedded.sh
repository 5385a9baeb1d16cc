#!/usr/bin/env bash
# Imports the realistic TFLite fixtures (a keyword-spotting DS-CNN, two MobileNet-style vision
# models, a Keras CNN) with `octet import` and runs them on the emulated Cortex-M4, riscv32 and
# aarch64 boards through scripts/run-embedded.sh: every op's output must equal the host's.
#   scripts/run-imported-embedded.sh [run-embedded.sh options]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build --quiet --product octet
for fixture in kws_dscnn vision_mobilenet vision_person_96 keras_cnn; do
  .build/debug/octet import "Tests/OctetImportTests/Fixtures/$fixture.tflite" -o "$work/$fixture.octet" > /dev/null
done
./scripts/run-embedded.sh "$@" "$work"/*.octet
