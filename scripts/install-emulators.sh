#!/usr/bin/env bash
# Installs the emulators scripts/run-embedded.sh runs the boards on (Debian): QEMU for Arm
# (Cortex-M4, AArch64) and for RISC-V, and user-mode QEMU that scripts/check-baseline-x86.sh runs
# octet on as a pre-AVX CPU. Safe to re-run.
set -euo pipefail
packages=(qemu-system-arm qemu-system-misc qemu-user)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
