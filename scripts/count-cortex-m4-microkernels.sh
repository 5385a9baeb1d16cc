#!/usr/bin/env bash
# Executed Cortex-M4 instructions (QEMU mps2-an386 + scripts/qemu/insn-count.c) of
# octet_gemm_dsp per MAC on a 3×3 32→64 layer's GEMM (K = 288, 64 channels, 64 pixels,
# requantization and tile set-up included) and of octet_requantize per output. Each figure
# is (run with the work − run without it) / work items; QEMU's counts are deterministic.
#   scripts/count-cortex-m4-microkernels.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-emulators.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -shared -fPIC -O2 -o "$work/insn-count.so" scripts/qemu/insn-count.c
for c in Embedded/Board.c Embedded/CortexM4/Startup.c; do
  clang --target=armv7em-none-eabi -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 -mthumb -Os -ffreestanding \
    -I Embedded -c "$c" -o "$work/board-$(basename "$c" .c).o"
done

# count GEMM(0|1) WORK(0|1): executed instructions of that build.
count() {
  clang --target=armv7em-none-eabi -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 -mthumb -Os -ffreestanding \
    -Wall -Wextra -Werror -I Sources/CMicrokernels/include -DOCTET_COUNT_GEMM="$1" -DOCTET_COUNT_WORK="$2" \
    -c Tests/Microkernels/CortexM4Count.c -o "$work/count.o"
  ld.lld -T Embedded/CortexM4/link.ld -L Embedded --gc-sections "$work/count.o" "$work"/board-*.o -o "$work/count.elf"
  qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
    -plugin "$work/insn-count.so" -d plugin -kernel "$work/count.elf" 2>&1 | awk '/^insn-count total/ { print $3 }'
}

macs=$((64 * 64 * 288))
gemm=$(( $(count 1 1) - $(count 1 0) ))
requantize=$(( $(count 0 1) - $(count 0 0) ))
awk -v n="$gemm" -v macs="$macs" 'BEGIN { printf "octet_gemm_dsp: %d instructions for %d MACs = %.3f per MAC\n", n, macs, n / macs }'
awk -v n="$requantize" 'BEGIN { printf "octet_requantize: %d instructions for 4096 outputs = %.2f per output (beyond a plain store)\n", n, n / 4096 }'
