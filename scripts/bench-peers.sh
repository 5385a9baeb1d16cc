#!/usr/bin/env bash
# Octet against XNNPACK, LiteRT's builtin kernels (ruy) and ONNX Runtime on the same-weights
# models, single thread, pinned to one CPU, in the same minutes (docs/BENCHMARKS.md).
#
# Usage: scripts/bench-peers.sh PEER_MODELS_FOLDER [bench_peers.py options: --rounds N --calls N --json FILE]
#
# PEER_MODELS_FOLDER holds {plain,resnet,densenet}_int8.tflite and
# {…}_int8_qdq_minmax_actquint8.onnx (not in the repository). The Python packages go into a
# virtual environment (PEERS_VENV, default .build/peers-venv); they are never a dependency of
# the Swift package. BENCH_CPU picks the CPU (default 1).
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,10p' "$0" >&2; exit 64; }
peers=$(realpath "$1"); shift
cd "$(dirname "$0")/.."
venv=${PEERS_VENV:-.build/peers-venv}
scratch=${SCRATCH_PATH:-.build}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import ai_edge_litert, onnxruntime, numpy' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'ai-edge-litert==2.3.0' 'onnxruntime==1.32.0' numpy >&2
fi
swift build -c release --scratch-path "$scratch" --product octet >&2
octet="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/octet"
exec taskset -c "${BENCH_CPU:-1}" "$venv/bin/python" scripts/bench_peers.py --peer-models "$peers" --octet "$octet" "$@"
