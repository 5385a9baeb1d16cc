#!/usr/bin/env bash
# Installs the emulators scripts/run-embedded.sh runs the boards on (Debian): QEMU for Arm
# (Cortex-M4, AArch64) and for RISC-V, and user-mode QEMU that scripts/check-baseline-x86.sh runs
# octet on as a pre-AVX CPU. Safe to re-run.
set -euo pipefail
"$(dirname "$0")/apt-install.sh" qemu-system-arm qemu-system-misc qemu-user
