#!/usr/bin/env bash
# Generates the DocC documentation of every library product (swift-docc-plugin) into
# .build/docs/<target>, and fails on any documentation warning (a broken symbol link, a
# parameter that does not exist): the plugin passes --warnings-as-errors to docc, and the
# output is also checked for "warning:" lines, which catches warnings from the symbol-graph
# build step that the flag does not cover. Usage: scripts/build-docs.sh [target…]
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(OctetRuntime OctetImage OctetTrain OctetQuantize OctetImport)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in "${targets[@]}"; do
  echo "== $target"
  start=$SECONDS
  if ! swift package --allow-writing-to-directory ".build/docs/$target" generate-documentation \
      --target "$target" --output-path ".build/docs/$target" --warnings-as-errors >"$log" 2>&1; then
    cat "$log"
    echo "error: generating the documentation of $target failed" >&2
    exit 1
  fi
  if grep -E '(^|[^a-z])warning:' "$log" | grep -v -F '/.build/checkouts/'; then
    echo "error: the documentation of $target has warnings (above)" >&2
    exit 1
  fi
  echo "$target: .build/docs/$target ($((SECONDS - start)) s)"
done
