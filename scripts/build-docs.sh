#!/usr/bin/env bash
# Generates the DocC documentation of every library product (swift-docc-plugin) into
# .build/docs/<target> and fails on any documentation warning (a symbol link that does not
# resolve, a malformed topic group): the plugin passes --warnings-as-errors on to docc.
# Usage: scripts/build-docs.sh [target…]   (default: every Swift library product; OctetC is a C
# API, documented in docs/C_API.md and its header)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(OctetRuntime OctetFormat OctetImage OctetClassifier OctetTrain OctetArchitecture OctetQuantize OctetImport)
mkdir -p .build/docs
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in "${targets[@]}"; do
  start=$SECONDS
  if ! swift package --allow-writing-to-directory ".build/docs/$target" generate-documentation \
      --target "$target" --output-path ".build/docs/$target" --warnings-as-errors >"$log" 2>&1; then
    cat "$log"
    echo "error: the documentation of $target has warnings or errors (above)" >&2
    exit 1
  fi
  echo "$target: .build/docs/$target ($((SECONDS - start)) s)"
done
