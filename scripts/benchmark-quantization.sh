#!/usr/bin/env bash
# The quantization benchmark of docs/QUANTIZATION.md: every shipped float model quantized
# with every observer from Calibration/images, then float against int8 on the full
# Fashion-MNIST test set (10,000 images). Prints one Markdown table row per run.
#
# Usage: scripts/benchmark-quantization.sh [observer ...]   (default: all four, plus percentile:99.9)
# CONCAT="shared requantize auto" adds a row per concatenation mode (default: auto only).
#        MODELS="a.octetf b.octetf" picks the models; CALIBRATION and TEST_DATA other images, e.g.
#        MODELS=Samples/models/colour.octetf CALIBRATION=Calibration/colour/images TEST_DATA=/tmp/colour/test
set -euo pipefail
cd "$(dirname "$0")/.."
data=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
scratch=${SCRATCH_PATH:-.build}
observers=("$@")
read -r -a models <<<"${MODELS:-Samples/models/plain.octetf Samples/models/resnet.octetf Samples/models/densenet.octetf}"
calibration=${CALIBRATION:-Calibration/images}
test_data=${TEST_DATA:-$data/t10k-images-idx3-ubyte.gz}
[ ${#observers[@]} -gt 0 ] || observers=(minmax percentile percentile:99.9 entropy mse)
read -r -a concats <<<"${CONCAT:-auto}"

swift build -c release --scratch-path "$scratch" --product octet >&2
octet="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/octet"
temporary=$(mktemp -d)
trap 'rm -rf "$temporary"' EXIT

echo "| model | observer | concat | float | int8 | drop (pp) | top-1 agreement | logits SQNR (dB) | arena (lower bound) | .octet bytes |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for model in "${models[@]}"; do
  name=$(basename "$model" .octetf)
  for observer in "${observers[@]}"; do
   for concat in "${concats[@]}"; do
    summary=$("$octet" quantize "$model" --calibration "$calibration" --observer "$observer" --concat "$concat" -o "$temporary/model.octet" 2>/dev/null)
    arena=$(grep '^arena:' <<<"$summary" | sed -E 's/arena: ([0-9]+) bytes \(lower bound ([0-9]+).*/\1 (\2)/')
    report=$("$octet" eval --float "$model" --int8 "$temporary/model.octet" --data "$test_data" 2>/dev/null)
    field() { grep "^$1" <<<"$report" | sed -E 's/^[^:]+: +//'; }
    logits=$(grep '^logits ' <<<"$report" | awk '{print $2}')
    echo "| $name | $observer | $concat | $(field 'float accuracy') | $(field 'int8 accuracy') | $(field 'drop' | sed 's/ pp//') | $(field 'top-1 agreement') | $logits | $arena | $(stat -c %s "$temporary/model.octet") |"
   done
  done
done
