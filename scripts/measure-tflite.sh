#!/usr/bin/env bash
# TFLM arena bytes and invoke latency, and LiteRT (tf.lite.Interpreter with its default XNNPACK
# delegate, one thread) latency, for every fixture in Tests/OctetImportTests/Fixtures: a
# markdown table on stdout, the figures in JSON (docs/IMPORT.md, "Peers").
#
# Usage: scripts/measure-tflite.sh [--calls N] [--rounds N] [--json FILE] [NAME_PREFIX ...]
#
# Same virtual environment as scripts/make-tflite-fixtures.sh. Pinned to one CPU (BENCH_CPU,
# default 1) so both interpreters run single-threaded on the same core.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tflite/venv.sh
json=.build/tflite-measure.json
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --json) json=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
exec taskset -c "${BENCH_CPU:-1}" "$venv/bin/python" scripts/tflite/measure.py \
  --fixtures Tests/OctetImportTests/Fixtures --json "$json" "${args[@]}"
