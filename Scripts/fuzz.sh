#!/usr/bin/env bash
# `make fuzz`: builds wfo-fuzz with libFuzzer and AddressSanitizer, then fuzzes each target
# (study, csv, zip, klines, rules) for FUZZ_SECONDS (default 600), two at a time, starting from the
# committed seeds and regressions. A crash, hang (> 10 s) or allocation above 2 GiB stops that
# target and is saved under .fuzz/crashes/TARGET/; copy it into
# Tests/FuzzTargetsTests/Corpus/TARGET/regressions/ once fixed, and the test suite replays it.
#   FUZZ_SECONDS=60 Scripts/fuzz.sh csv zip     # only some targets, for a minute each
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(study csv zip klines rules)
# lld: gold crashes ("internal error in format_file_lineno") linking the sanitized objects.
swift build -c release --product wfo-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DWFO_LIBFUZZER -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
bin=.build-fuzz/release/wfo-fuzz

fuzz() {
  local target=$1
  local corpus=.fuzz/corpus/$target crashes=.fuzz/crashes/$target
  mkdir -p "$corpus" "$crashes"
  local status=0
  WFO_FUZZ_TARGET=$target "$bin" "$corpus" "Tests/FuzzTargetsTests/Corpus/$target/seeds" \
    "Tests/FuzzTargetsTests/Corpus/$target/regressions" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$crashes/" -print_final_stats=1 >".fuzz/$target.log" 2>&1 || status=$?
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' ".fuzz/$target.log" | grep -o '[0-9]*$' || echo "?")
  local found
  found=$(find "$crashes" -type f | wc -l)
  printf '%-7s %5s s  %12s inputs  corpus %5s  exit %s  saved %s\n' "$target" "$seconds" "$runs" \
    "$(find "$corpus" -type f | wc -l)" "$status" "$found"
}

mkdir -p .fuzz
running=0
for target in "${targets[@]}"; do
  fuzz "$target" &
  running=$((running + 1))
  if [ "$running" -ge 2 ]; then wait -n; running=$((running - 1)); fi
done
wait
