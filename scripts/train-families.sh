#!/usr/bin/env bash
# Trains the shipped architectures on Fashion-MNIST, one after another, with the epochs the
# shipped float models were trained with (docs/TRAINING.md), and prints one Markdown row per
# model: parameters, training time, wall time, images/s and test accuracy (10,000 images).
# Training time is measured here, never asserted in tests.
#
# Usage: scripts/train-families.sh [arch ...]      (default: every family below)
#        OUT=folder (default a temporary one, removed) keeps the trained .octetf files;
#        EPOCHS=N overrides every model's epochs (for a quick timing run).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
scratch=${SCRATCH_PATH:-.build}
declare -A epochs=([plain]=9 [resnet]=10 [densenet]=10 [vgg]=3 [alexnet]=12 [inception]=6
                   [resnet-bottleneck]=9 [densenet-bottleneck]=9 [mobilenet]=9)
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(plain resnet densenet vgg alexnet inception resnet-bottleneck densenet-bottleneck mobilenet)
for family in "${families[@]}"; do
  [ -n "${epochs[$family]:-}" ] || { echo "unknown architecture '$family'; choose from ${!epochs[*]}" >&2; exit 1; }
done

swift build -c release --scratch-path "$scratch" --product octet >&2
octet="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/octet"
out=${OUT:-$(mktemp -d)}
[ -n "${OUT:-}" ] || trap 'rm -rf "$out"' EXIT
mkdir -p "$out"

echo "| arch | params | epochs | training time | wall time | images/s | test acc. |"
echo "|---|---|---|---|---|---|---|"
for family in "${families[@]}"; do
  count=${EPOCHS:-${epochs[$family]}}
  started=$(date +%s)
  log=$("$octet" train --data "$data" --arch "$family" --epochs "$count" --seed 1 -o "$out/$family.octetf" 2>/dev/null)
  wall=$(( $(date +%s) - started ))
  params=$(sed -nE 's/^[^:]+: ([0-9]+) parameters.*/\1/p' <<<"$log")
  seconds=$(sed -nE 's/^trained in ([0-9.]+) s.*/\1/p' <<<"$log")
  rate=$(sed -nE 's/.*\(([0-9]+) images\/s\).*/\1/p' <<<"$log")
  accuracy=$(sed -nE 's/^test accuracy: ([0-9.]+%).*/\1/p' <<<"$log")
  echo "| $family | $params | $count | $seconds s | $((wall / 60)) min $((wall % 60)) s | $rate | $accuracy |"
done
