#!/usr/bin/env bash
# Builds liboctet.a, the static library firmware links: OctetRuntime and its C API
# (Sources/OctetC) compiled as one module by Embedded Swift (-no-allocations: the library
# cannot allocate; no Swift runtime or libc beyond memset/memcpy/memmove is needed), one
# archive per target, plus the header octet.h (docs/C_API.md):
#   scripts/build-c-library.sh [--target cortex-m4|riscv32|aarch64|host]... [-o DIR]
# Defaults: cortex-m4 and host, into .build/c-library. Writes DIR/include/octet.h and
# DIR/<target>/liboctet.a and prints each archive's code size. Boards are built with -Osize
# and function sections (link with --gc-sections); the host with -O.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A triple
triple[cortex-m4]=armv7em-none-none-eabi
triple[riscv32]=riscv32-none-none-eabi
triple[aarch64]=aarch64-none-none-elf
triple[host]=$(uname -m)-unknown-linux-gnu

targets=()
out=.build/c-library
while [ $# -gt 0 ]; do
  case $1 in
    --target)
      [ -n "${triple[${2:-}]+set}" ] || { echo "unknown target '${2:-}' (cortex-m4, riscv32, aarch64, host)" >&2; exit 1; }
      targets+=("$2")
      shift 2 ;;
    -o)
      [ -n "${2:-}" ] || { echo "-o needs a folder" >&2; exit 1; }
      out=$2
      shift 2 ;;
    *) echo "unknown argument '$1'" >&2; exit 1 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(cortex-m4 host)

sources=$(find Sources/OctetRuntime Sources/OctetC -name '*.swift' | sort)
mkdir -p "$out/include"
cp Sources/COctet/include/octet.h "$out/include/"
for target in "${targets[@]}"; do
  if [ "$target" = host ]; then optimize=-O; else optimize="-Osize -Xfrontend -function-sections"; fi
  mkdir -p "$out/$target"
  swiftc -target "${triple[$target]}" -enable-experimental-feature Embedded -no-allocations $optimize \
    -wmo -parse-as-library -module-name Octet -I Sources/CMicrokernels/include -I Sources/COctet/include \
    $sources -c -o "$out/$target/octet.o"
  rm -f "$out/$target/liboctet.a"
  llvm-ar rcs "$out/$target/liboctet.a" "$out/$target/octet.o"
  rm "$out/$target/octet.o"
  text=$(llvm-size -A "$out/$target/liboctet.a" | awk '$1 ~ /^\.text/ { sum += $2 } END { print sum }')
  echo "$out/$target/liboctet.a: $(wc -c < "$out/$target/liboctet.a") bytes, $text bytes of code before --gc-sections"
done
