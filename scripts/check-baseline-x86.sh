#!/usr/bin/env bash
# Proves run-time kernel dispatch on x86-64: the release `octet` runs `inspect` and `run` on
# every shipped model under `qemu-x86_64 -cpu Nehalem` (SSE4.2, no AVX: only the portable
# kernels may run there) and prints exactly what it prints natively (where this CPU's fastest
# path runs). A stray AVX instruction anywhere outside the chosen microkernels would die with
# SIGILL under the emulator. Installs QEMU if missing (scripts/install-emulators.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname -m)" = x86_64 ] || { echo "check-baseline-x86: not an x86-64 host, nothing to check"; exit 0; }
./scripts/install-emulators.sh
swift build -c release --quiet --product octet
octet="$(swift build -c release --show-bin-path)/octet"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for model in Samples/models/*.octet; do
  for command in inspect run; do
    arguments=("$command" "$model")
    [ "$command" = run ] && arguments+=(Samples/images --top 3)
    # The run summary's last line holds timings; everything before it must match byte for byte.
    "$octet" "${arguments[@]}" | grep -v 'images/s' > "$work/native.txt"
    qemu-x86_64 -cpu Nehalem "$octet" "${arguments[@]}" | grep -v 'images/s' > "$work/nehalem.txt" || {
      echo "FAIL: octet ${arguments[*]} under qemu-x86_64 -cpu Nehalem exited with status $?" >&2; exit 1; }
    if ! cmp -s "$work/native.txt" "$work/nehalem.txt"; then
      echo "FAIL: octet ${arguments[*]} prints differently under qemu-x86_64 -cpu Nehalem:" >&2
      diff "$work/native.txt" "$work/nehalem.txt" | head -5 >&2
      exit 1
    fi
  done
  echo "ok $(basename "$model"): inspect and run under qemu-x86_64 -cpu Nehalem (portable kernels) match the native run"
done
