#!/usr/bin/env bash
# Regenerates everything in Calibration/ and Samples/ except the float models
# (Samples/models/*.octetf, made by `octet train`, see docs/TRAINING.md), with the
# project's own command-line tool:
#
#   Calibration/images/        500 Fashion-MNIST training images, 50 per class, PNG
#   Calibration/test-subset/   2,000 test images, 200 per class, IDX (gzip), with labels
#   Samples/images/            3 test images per class, PNG
#   Samples/models/*.octet     each shipped float model quantized with Calibration/images
#   Calibration/colour/        Colour Garments subsets (scripts/make-colour-garments.py): 200
#                              calibration and 1,000 evaluation images, 32x32 RGB, for colour.octet
#
# Images are named '<class index>-<class>-<index in the source set>.png'. The .octet files
# are deterministic: the accuracy-drop regression tests (Tests/OctetQuantizeTests) requantize
# each model and require the same bytes.
#
# Usage: scripts/make-samples.sh            (FASHION_MNIST=/path/to/idx to override the data)
set -euo pipefail
cd "$(dirname "$0")/.."

data=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
# Each model's observer: the one with the highest float↔int8 top-1 agreement on the full
# test set in scripts/benchmark-quantization.sh (docs/QUANTIZATION.md). The regression tests
# (Tests/OctetQuantizeTests/AccuracyDropRegressionTests.swift) list the same observers.
declare -A observers=([plain]=minmax [resnet]=mse [densenet]=mse [vgg]=mse [resnet-bottleneck]=mse [densenet-bottleneck]=mse [alexnet]=mse [inception]=mse [mobilenet]=minmax [colour]=mse)
scratch=${SCRATCH_PATH:-.build}
for file in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  [ -f "$data/$file" ] || { echo "missing $data/$file (apt-get install -y dataset-fashion-mnist)" >&2; exit 1; }
done
models=(Samples/models/plain.octetf Samples/models/resnet.octetf Samples/models/densenet.octetf Samples/models/vgg.octetf Samples/models/resnet-bottleneck.octetf Samples/models/densenet-bottleneck.octetf Samples/models/alexnet.octetf Samples/models/inception.octetf Samples/models/mobilenet.octetf)
for model in "${models[@]}" Samples/models/colour.octetf; do
  [ -f "$model" ] || { echo "missing $model (see docs/TRAINING.md)" >&2; exit 1; }
done

swift build -c release --scratch-path "$scratch" --product octet
octet="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/octet"
temporary=$(mktemp -d)
trap 'rm -rf "$temporary"' EXIT

rm -rf Calibration/images Calibration/test-subset Calibration/colour Samples/images
mkdir -p Calibration/test-subset

echo "== calibration images"
"$octet" quantize "${models[0]}" --calibration "$data/train-images-idx3-ubyte.gz" --calibration-count 500 \
  --save-calibration-images Calibration/images -o "$temporary/first.octet" >/dev/null

echo "== evaluation subset and sample images"
"$octet" quantize "${models[0]}" --calibration Calibration/images -o "$temporary/plain.octet" >/dev/null
"$octet" eval --float "${models[0]}" --int8 "$temporary/plain.octet" --data "$data/t10k-images-idx3-ubyte.gz" \
  --count 2000 --export-idx "$temporary/t10k-2000" --no-layers
for kind in images labels; do
  idx="t10k-2000-$kind-idx$([ $kind = images ] && echo 3 || echo 1)-ubyte"
  gzip -9 -n -c "$temporary/$idx" > "Calibration/test-subset/$idx.gz"
done
"$octet" eval --float "${models[0]}" --int8 "$temporary/plain.octet" --data "$data/t10k-images-idx3-ubyte.gz" \
  --count 30 --export-png Samples/images --no-layers >/dev/null

for model in "${models[@]}"; do
  echo "== $model"
  "$octet" quantize "$model" --calibration Calibration/images --observer "${observers[$(basename "$model" .octetf)]}" \
    -o "${model%.octetf}.octet"
  "$octet" eval --float "$model" --int8 "${model%.octetf}.octet" --data Calibration/test-subset --no-layers
done

echo "== Samples/models/colour.octetf (Colour Garments, 32x32 RGB)"
python3 scripts/make-colour-garments.py Calibration/colour --subset --calibration-per-class 20 --evaluation-per-class 100 --data "$data"
"$octet" quantize Samples/models/colour.octetf --calibration Calibration/colour/images --observer "${observers[colour]}" \
  -o Samples/models/colour.octet
"$octet" eval --float Samples/models/colour.octetf --int8 Samples/models/colour.octet --data Calibration/colour/test-subset --no-layers
