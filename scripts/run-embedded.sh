#!/usr/bin/env bash
# Runs the shipped models on emulated boards as firmware runs them: Embedded/Demo.c, a C program,
# includes octet.h and the header and array `octet export` writes for the model, and links the
# board's liboctet.a (scripts/build-c-library.sh: Embedded Swift, -no-allocations, -Osize, the
# board's kernel path, no heap linked). The same C program runs on the host against the host
# library, and every op's output hash and the final int8 outputs must be identical, line by
# line. Also prints the executed instructions of one octet_invoke and instructions per MAC (a
# measurement, not a check).
#   scripts/run-embedded.sh [--target cortex-m4|riscv32|aarch64]... [model.octet]...
# Defaults: every target, every Samples/models/*.octet. Installs QEMU if missing
# (scripts/install-emulators.sh). KEEP_WORK=1 keeps the build directory (ELF files, outputs,
# counter logs). More in docs/EMBEDDED.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# What differs between targets: board directory (its C files and link.ld), clang flags for the
# demo, the board's C code and the model, and the QEMU machine. (build-c-library.sh has the
# Swift triples.)
declare -A board cflags machine
board[cortex-m4]=CortexM4
cflags[cortex-m4]="--target=armv7em-none-eabi -mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16 -mthumb"
machine[cortex-m4]="qemu-system-arm -M mps2-an386"
board[riscv32]=RISCV32
cflags[riscv32]="--target=riscv32-none-elf -march=rv32imac -mabi=ilp32"
machine[riscv32]="qemu-system-riscv32 -M virt -bios none"
board[aarch64]=AArch64
cflags[aarch64]="--target=aarch64-none-elf -mcpu=cortex-a72"
machine[aarch64]="qemu-system-aarch64 -M virt -cpu cortex-a72"

targets=()
models=()
while [ $# -gt 0 ]; do
  case $1 in
    --target)
      [ -n "${board[${2:-}]+set}" ] || { echo "unknown target '${2:-}' (cortex-m4, riscv32, aarch64)" >&2; exit 1; }
      targets+=("$2")
      shift 2 ;;
    *)
      [ -f "$1" ] || { echo "no such model: $1" >&2; exit 1; }
      models+=("$1")
      shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(cortex-m4 riscv32 aarch64)
[ ${#models[@]} -gt 0 ] || models=(Samples/models/*.octet)

./scripts/install-emulators.sh
work=$(mktemp -d)
if [ -n "${KEEP_WORK:-}" ]; then echo "build directory kept: $work"; else trap 'rm -rf "$work"' EXIT; fi

# Each model exported as model.c / model.h (`octet export --name model`, one folder per model),
# and MACs per inference, as `octet inspect` counts them (conv, depthwise and fully connected ops).
swift build --quiet --product octet
declare -A macs
for model in "${models[@]}"; do
  name=$(basename "$model" .octet)
  .build/debug/octet export "$model" -o "$work/export-$name" --name model > /dev/null
  macs[$model]=$(.build/debug/octet inspect "$model" | awk '$1 == "MACs" { print $2 }')
  [ -n "${macs[$model]}" ] || { echo "octet inspect printed no MACs line for $model" >&2; exit 1; }
done

lib=$work/lib
targets_flags=()
for target in "${targets[@]}"; do targets_flags+=(--target "$target"); done
./scripts/build-c-library.sh --target host "${targets_flags[@]}" -o "$lib" > /dev/null

clang -shared -fPIC -O2 scripts/qemu/insn-count.c -o "$work/insn-count.so"

# Host: the same program with the host kernels (the fastest path the CPU supports), one binary per model.
for model in "${models[@]}"; do
  name=$(basename "$model" .octet)
  clang -O2 -I Embedded -I "$lib/include" -I "$work/export-$name" Embedded/Demo.c Embedded/Host.c \
    "$work/export-$name/model.c" "$lib/host/liboctet.a" -lm -o "$work/demo-host-$name"
  status=0
  "$work/demo-host-$name" > "$work/$name-host.txt" || status=$?
  if [ $status -ne 0 ]; then
    cat "$work/$name-host.txt" >&2
    echo "FAIL host $name: the demo exited with status $status" >&2
    exit 1
  fi
done

report=()
for target in "${targets[@]}"; do
  dir=Embedded/${board[$target]}
  for c in Embedded/Board.c "$dir"/*.c; do
    clang ${cflags[$target]} -Os -ffreestanding -ffunction-sections -fdata-sections -I Embedded \
      -c "$c" -o "$work/board-$target-$(basename "$c" .c).o"
  done
  for model in "${models[@]}"; do
    name=$(basename "$model" .octet)
    elf=$work/$target-$name.elf
    for c in Embedded/Demo.c "$work/export-$name/model.c"; do
      clang ${cflags[$target]} -Os -ffreestanding -ffunction-sections -fdata-sections -I Embedded -I "$lib/include" \
        -I "$work/export-$name" -c "$c" -o "$work/$name-$target-$(basename "$c" .c).o"
    done
    ld.lld -T "$dir/link.ld" -L Embedded --gc-sections "$work/$name-$target-"*.o "$work/board-$target-"*.o \
      "$lib/$target/liboctet.a" -o "$elf"
    mark=$(llvm-nm "$elf" | awk '$3 == "board_mark" { print $1 }')
    output=$work/$name-$target.txt
    status=0
    timeout 600 ${machine[$target]} -nographic -semihosting-config enable=on,target=native \
      -plugin "$work/insn-count.so,mark=$(printf '0x%x' $((0x$mark & ~1)))" -d plugin -D "$work/$target-$name.log" \
      -kernel "$elf" > "$output" 2>&1 || status=$?
    if [ $status -ne 0 ]; then
      cat "$output" >&2
      echo "FAIL $target $name: the emulated run exited with status $status" >&2
      exit 1
    fi
    if ! cmp -s "$work/$name-host.txt" "$output"; then
      line=$({ diff "$work/$name-host.txt" "$output" || true; } | head -1 | grep -o '^[0-9]*')
      echo "FAIL $target $name: first difference at line $line" >&2
      echo "  host:    $(sed -n "${line}p" "$work/$name-host.txt")" >&2
      echo "  $target: $(sed -n "${line}p" "$output")" >&2
      exit 1
    fi
    marks=($(awk '$2 == "mark" { print $3 }' "$work/$target-$name.log"))
    if [ ${#marks[@]} -ne 2 ]; then
      echo "FAIL $target $name: the instruction counter saw board_mark ${#marks[@]} times, not 2" >&2
      exit 1
    fi
    instructions=$((marks[1] - marks[0]))
    code=$(( $(llvm-size -A "$elf" | awk '$1 == ".text" { print $2 }') - $(wc -c < "$model") ))
    ops=$(grep -c '^op ' "$output")
    echo "ok $target $name: $ops ops and $(grep -c '^output ' "$output") outputs identical to the host"
    report+=("$(awk -v t="$target" -v m="$name" -v i="$instructions" -v n="${macs[$model]}" -v c="$code" \
      'BEGIN { printf "%-10s %-9s %13d %11d %9.2f %10d", t, m, i, n, i / n, c }')")
  done
done

echo
echo "One octet_invoke on the emulated boards (QEMU TCG, executed guest instructions; -Osize):"
printf '%-10s %-9s %13s %11s %9s %10s\n' target model instructions MACs insn/MAC "code bytes"
printf '%s\n' "${report[@]}"
echo "(code bytes: the image's .text without the model: library, demo, board)"
