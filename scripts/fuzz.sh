#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Fuzz/ (a separate package over this one) with
# -sanitize=fuzzer,address and runs them, each from a copy of its committed seed corpus
# (Fuzz/Corpus/<harness>), for SECONDS seconds (default 60). Exits non-zero on the first
# finding; the crashing input is left in .build/fuzz/findings/<harness>/.
#
#   scripts/fuzz.sh                      # every harness, 60 s each
#   scripts/fuzz.sh FuzzPNG 600          # one harness, ten minutes
set -euo pipefail
cd "$(dirname "$0")/.."
harnesses=(FuzzModelLoader FuzzPNG FuzzFloatModel FuzzTFLiteImport)
if [[ $# -ge 1 && $1 != all ]]; then harnesses=("$1"); fi
seconds=${2:-60}
scratch=.build/fuzz
# SwiftPM passes each --sanitize to swiftc as its own -sanitize= flag and swiftc keeps only
# the last, so the Swift code would get coverage or ASan but not both: -Xswiftc (added last)
# asks for both. The --sanitize flags still make SwiftPM link libFuzzer and instrument the C
# targets. Dead-code stripping would drop the coverage counters' sections.
for harness in "${harnesses[@]}"; do
  swift build --package-path Fuzz --scratch-path "$scratch" -c release \
    --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --disable-dead-strip \
    --product "$harness" >&2
done
status=0
for harness in "${harnesses[@]}"; do
  corpus="$scratch/corpus/$harness"
  findings="$scratch/findings/$harness"
  mkdir -p "$corpus" "$findings"
  cp -n Fuzz/Corpus/"$harness"/* "$corpus"/ 2>/dev/null || true
  echo "== $harness: $seconds s" >&2
  # -rss_limit_mb bounds what one input may allocate; -timeout flags an input that runs for
  # more than 10 s (a hang) as a finding.
  if ! "$scratch/release/$harness" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" -print_final_stats=1 2> "$scratch/$harness.log"; then
    status=1
    echo "$harness: finding; see $scratch/$harness.log and $findings/" >&2
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^INFO: seed corpus|^(==[0-9]+==)?ERROR|^SUMMARY' "$scratch/$harness.log" >&2 || true
done
exit $status
