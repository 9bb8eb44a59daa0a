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

# median of the wall seconds and peak RSS (kB) of a command, over $runs runs.
measure() {
  local times=() memories=()
  for _ in $(seq "$runs"); do
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
printf '%-44s %10s %12s\n' "process start to exit (median of $runs)" "seconds" "peak RSS"
for jobs in 1 2; do
  read -r s m < <(measure bash -c "cp '$work/cache.sqlite' '$work/run.sqlite' && '$bin' run '$work/study.yaml' --no-report --jobs $jobs --db '$work/run.sqlite'")
  printf '%-44s %10s %9s kB\n' "original study, --jobs $jobs (27 × 9, cache)" "$s" "$m"
done

# Scaling on the synthetic market: 1x, 2x, 4x the candles (1, 2, 4 years of 5m), then
# 27, 270, 2,700 combinations over one year.
synthetic() { # years combinations-per-period
  local years=$1 periods=$2
  local end=$((2021 + years))
  local values
  values=$(seq -s, 2 $((periods + 1)))
  cat <<YAML
name: Scaling
symbols: [BTCUSDT]
timeframe: 5m
start_date: 2021-01-01
end_date: $end-01-01
training_window_days: 90
testing_window_days: 30
step_days: 30
parameter_ranges: {rsi_period: [$values], rsi_oversold: [20, 25, 30], rsi_overbought: [70, 75, 80]}
data: {source: synthetic, seed: 1}
YAML
}
for years in 1 2 4; do
  synthetic "$years" 3 >"$work/scale-$years.yaml"
  read -r s _ < <(measure bash -c "rm -f '$work'/s.sqlite*; '$bin' run '$work/scale-$years.yaml' --no-report --db '$work/s.sqlite'")
  printf '%-44s %10s\n' "synthetic ${years}y of 5m, 27 combinations" "$s"
done
for periods in 3 30 300; do
  synthetic 1 "$periods" >"$work/combos-$periods.yaml"
  read -r s _ < <(measure bash -c "rm -f '$work'/s.sqlite*; '$bin' run '$work/combos-$periods.yaml' --no-report --db '$work/s.sqlite'")
  printf '%-44s %10s\n' "synthetic 1y of 5m, $((periods * 9)) combinations" "$s"
done
