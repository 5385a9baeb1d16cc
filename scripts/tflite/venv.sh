# Sourced by scripts/make-tflite-fixtures.sh and scripts/measure-tflite.sh: makes the virtual
# environment with the pinned side-tool packages if it is absent or incomplete, and sets $venv.
venv=${TFLITE_VENV:-.build/tflite-venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import tensorflow, tflite_micro' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r scripts/tflite/requirements.txt >&2
fi
# One thread and quiet TensorFlow logs keep conversions reproducible and output readable.
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2} TF_ENABLE_ONEDNN_OPTS=0 TF_DETERMINISTIC_OPS=1
export PYTHONHASHSEED=0 OMP_NUM_THREADS=1
