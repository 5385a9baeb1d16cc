#!/usr/bin/env bash
# Runs an .octet model on an emulated Cortex-M4 (QEMU mps2-an386) with the runtime compiled
# by Embedded Swift (-no-allocations, portable kernels, no heap), runs the same program on
# the host with the AVX2 kernels, and checks that both print the same int8 outputs.
#   scripts/run-cortex-m4.sh [model.octet]
# Needs Debian's qemu-system-arm (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-Samples/models/plain.octet}
[ -f "$model" ] || { echo "no such model: $model" >&2; exit 1; }
command -v qemu-system-arm >/dev/null || apt-get install -y -qq qemu-system-arm >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
board=Embedded/CortexM4
sources=$(find Sources/OctetRuntime -name '*.swift' | sort)
arena_size=$(python3 -c "import struct,sys; print(struct.unpack_from('<I', open(sys.argv[1],'rb').read(), 40)[0])" "$model")

# The model as a 16-byte aligned constant array in flash, and a static arena in RAM.
python3 - "$model" "$arena_size" > "$work/Model.c" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
arena = int(sys.argv[2])
print('#include "Board.h"')
print('__attribute__((aligned(16))) static const uint8_t model[%d] = {' % len(data))
for i in range(0, len(data), 24):
    print('  ' + ', '.join(str(b) for b in data[i:i + 24]) + ',')
print('};')
print('__attribute__((aligned(16))) static uint8_t arena[%d];' % max(arena, 16))
print('const uint8_t *octet_model_address(void) { return model; }')
print('size_t octet_model_size(void) { return sizeof model; }')
print('uint8_t *octet_arena_address(void) { return arena; }')
print('size_t octet_arena_size(void) { return sizeof arena; }')
PY

# Cortex-M4: Embedded Swift, -no-allocations, -Osize; linked without any malloc.
swiftc -target armv7em-none-none-eabi -enable-experimental-feature Embedded -wmo -parse-as-library \
  -no-allocations -Osize -Xfrontend -function-sections -module-name Demo -import-bridging-header "$board/Board.h" \
  $sources "$board/Demo.swift" -c -o "$work/demo-arm.o"
for c in "$board/Startup.c" "$work/Model.c"; do
  clang --target=armv7em-none-eabi -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 -mthumb -Os \
    -ffreestanding -ffunction-sections -fdata-sections -I "$board" -c "$c" -o "$work/$(basename "$c" .c)-arm.o"
done
ld.lld -T "$board/link.ld" --gc-sections "$work"/*-arm.o -o "$work/demo.elf"
code_bytes=$(python3 -c "import sys; print(int(sys.argv[1], 16))" "$(llvm-objdump -h "$work/demo.elf" | awk '$2 == ".text" { print $3 }')")
echo "Cortex-M4 image: .text $code_bytes bytes (runtime code + the model in flash), model $(wc -c < "$model") bytes, arena $arena_size bytes of RAM"
timeout 600 qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
  -kernel "$work/demo.elf" > "$work/arm.txt" 2>&1 || { cat "$work/arm.txt"; echo "Cortex-M4 run failed" >&2; exit 1; }

# Host: the same program with the host kernels.
for c in "$board/HostBoard.c" "$work/Model.c"; do
  clang -O2 -I "$board" -c "$c" -o "$work/$(basename "$c" .c)-host.o"
done
swiftc -O -wmo -parse-as-library -module-name Demo -import-bridging-header "$board/Board.h" \
  -Xcc -march=x86-64-v3 -D OCTET_AVX2 $sources "$board/Demo.swift" "$work"/*-host.o -o "$work/demo-host"
"$work/demo-host" > "$work/host.txt"

if cmp -s "$work/arm.txt" "$work/host.txt"; then
  echo "Cortex-M4 (portable kernels) and host (AVX2 kernels) outputs are identical: $(tr '\n' ' ' < "$work/arm.txt")"
else
  echo "outputs differ:" >&2; diff "$work/arm.txt" "$work/host.txt" >&2; exit 1
fi
