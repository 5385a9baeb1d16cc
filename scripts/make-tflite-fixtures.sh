#!/usr/bin/env bash
# (Re)writes Tests/OctetImportTests/Fixtures/: small int8 TFLite models made with Keras and the
# TFLite converter, and for each a JSON golden computed by the tflite-micro interpreter (TFLM's
# reference kernels). See docs/IMPORT.md, "Fixtures and goldens".
#
# Usage: scripts/make-tflite-fixtures.sh [NAME_PREFIX ...]   (default: every fixture)
#
# The Python packages (scripts/tflite/requirements.txt) go into a virtual environment
# (TFLITE_VENV, default .build/tflite-venv); they are never a dependency of the Swift package.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tflite/venv.sh
exec "$venv/bin/python" scripts/tflite/make_fixtures.py --out Tests/OctetImportTests/Fixtures "$@"
