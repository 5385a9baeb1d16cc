#!/usr/bin/env bash
# Compiles Sources/OctetRuntime with Embedded Swift and -no-allocations for a Cortex-M4
# (armv7em, 32-bit: the strictest target) and for the host, proving the runtime uses only the
# Embedded subset and cannot allocate. The C microkernels (Sources/CMicrokernels) are imported
# as the package imports them; each target compiles only its own architecture's.
set -euo pipefail
cd "$(dirname "$0")/.."
sources=$(find Sources/OctetRuntime -name '*.swift' | sort)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for target in armv7em-none-none-eabi x86_64-unknown-linux-gnu; do
  swiftc -target "$target" -enable-experimental-feature Embedded -wmo -parse-as-library \
    -no-allocations -Osize -module-name OctetRuntime -I Sources/CMicrokernels/include \
    -c $sources -o "$out/OctetRuntime-$target.o"
  echo "Embedded OctetRuntime builds for $target ($(wc -c < "$out/OctetRuntime-$target.o") bytes of object code)"
done
