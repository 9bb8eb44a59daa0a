#!/usr/bin/env bash
# `make bench`: the engine benchmarks (wfo-bench) and the process-level study figures, on a
# release build. Every figure is a median; nothing here is a test. Needs ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
shared=${WFO_SHARED:-../shared}
klines="$shared/data/binance-spot-klines"
[ -d "$klines" ] || { echo "skipped: $klines is missing"; exit 0; }
bin=.build/release/wfo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

.build/release/wfo-bench
echo

# median of the wall seconds and peak RSS (kB) of a command, over $runs runs; $prepare (a
# command, untimed) runs before each.
prepare=true
measure() {
  local times=() memories=()
  for _ in $(seq "$runs"); do
    $prepare
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
    read -r seconds kilobytes <"$work/time"
    times+=("$seconds"); memories+=("$kilobytes")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  m=$(printf '%s\n' "${memories[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$t $m"
}

# The original study from the candle cache (2023-10..2025-02 imported once), report off.
"$bin" import "$klines" --symbol BTCUSDT --timeframe 5m --db "$work/cache.sqlite" >/dev/null
sed 's#  source: binance#  source: binance\n  base_url: http://127.0.0.1:9#' examples/btcusdt-rsi-2024.yaml >"$work/study.yaml"
printf '%-56s %10s %12s\n' "process start to exit (median of $runs)" "seconds" "peak RSS"
fresh_copy() { rm -f "$work"/run.sqlite*; cp "$work/cache.sqlite" "$work/run.sqlite"; }
prepare=fresh_copy
# Without the overfitting statistics (issue 7's figure), then with them (the default: PBO with
# 16 CSCV blocks and the DSR per window, 10,000 Monte Carlo paths; issue 10's cost).
printf 'overfitting: {cscv_blocks: 0, monte_carlo_paths: 0}\n' | cat "$work/study.yaml" - >"$work/study-core.yaml"
for jobs in 1 2; do
  read -r s m < <(measure "$bin" run "$work/study-core.yaml" --no-report --jobs "$jobs" --db "$work/run.sqlite")
  printf '%-56s %10s %9s kB\n' "original study, --jobs $jobs (27 × 9, cache), no PBO/DSR/MC" "$s" "$m"
done
for jobs in 1 2; do
  read -r s m < <(measure "$bin" run "$work/study.yaml" --no-report --jobs "$jobs" --db "$work/run.sqlite")
  printf '%-56s %10s %9s kB\n' "original study, --jobs $jobs, with PBO, DSR, Monte Carlo" "$s" "$m"
done
