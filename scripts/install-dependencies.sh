#!/usr/bin/env bash
# Installs the system packages Octet needs (Debian): libpng for CPNG. Safe to re-run.
set -euo pipefail
"$(dirname "$0")/apt-install.sh" libpng-dev zlib1g-dev pkg-config
