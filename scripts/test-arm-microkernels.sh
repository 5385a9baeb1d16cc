#!/usr/bin/env bash
# Bit-exactness of the ARM microkernels and the scalar requantization (CMicrokernels)
# against an independent scalar reference (Tests/Microkernels/MicrokernelTest.c), fixed seed:
#   - host (x86-64): octet_requantize, octet_gemm_scalar
#   - aarch64, QEMU virt -cpu cortex-a72: octet_gemm_neon without dot product (smull+sadalp)
#   - aarch64, QEMU virt -cpu max, built -march=armv8.2-a+dotprod: octet_gemm_neon (sdot)
#   - Cortex-M4, QEMU mps2-an386: octet_gemm_dsp (SMLAD)
# Exits non-zero on any mismatch. Installs Debian's QEMU if missing.
#   scripts/test-arm-microkernels.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-emulators.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
test=Tests/Microkernels/MicrokernelTest.c
include=Sources/CMicrokernels/include
warnings="-Wall -Wextra -Werror"
status=0

# run NAME COMMAND...: runs one path, prints its report, remembers a failure.
run() {
  local name=$1; shift
  echo "== $name"
  if timeout 900 "$@" > "$work/out.txt" 2>&1; then cat "$work/out.txt"; else cat "$work/out.txt"; echo "$name: FAILED" >&2; status=1; fi
}

# Host.
clang -O2 $warnings -I "$include" -I Embedded "$test" Embedded/Host.c -o "$work/host"
run "host x86-64" "$work/host"

# aarch64 bare metal, without and with the dot-product extension.
for variant in "cortex-a72:-march=armv8-a" "max:-march=armv8.2-a+dotprod"; do
  cpu=${variant%%:*} march=${variant#*:}
  for c in "$test" Tests/Microkernels/AArch64/Startup.c; do
    clang --target=aarch64-none-elf $march -Os -ffreestanding $warnings -I "$include" -c "$c" \
      -o "$work/$(basename "$c" .c)-a64.o"
  done
  ld.lld -T Tests/Microkernels/AArch64/link.ld "$work"/*-a64.o -o "$work/test-a64.elf"
  rm "$work"/*-a64.o
  run "aarch64 $cpu ($march)" qemu-system-aarch64 -M virt -cpu "$cpu" -nographic \
    -semihosting-config enable=on,target=native -kernel "$work/test-a64.elf"
done

# Cortex-M4 bare metal, with the emulated boards' start-up, semihosting and linker script.
for c in "$test" Embedded/Board.c Embedded/CortexM4/Startup.c; do
  clang --target=armv7em-none-eabi -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 -mthumb -Os \
    -ffreestanding $warnings -I "$include" -I Embedded -c "$c" -o "$work/$(basename "$c" .c)-m4.o"
done
ld.lld -T Embedded/CortexM4/link.ld -L Embedded --gc-sections "$work"/*-m4.o -o "$work/test-m4.elf"
run "Cortex-M4 (mps2-an386)" qemu-system-arm -M mps2-an386 -nographic \
  -semihosting-config enable=on,target=native -kernel "$work/test-m4.elf"

[ "$status" = 0 ] && echo "ARM microkernels: all paths bit-exact" || echo "ARM microkernels: MISMATCHES (see above)" >&2
exit $status
