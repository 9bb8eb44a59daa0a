#!/usr/bin/env bash
# `make bench-portfolio`: portfolio throughput (issue 33) on a release build, side by side with
# vectorbt on the same universe in one run. Prints figures; asserts nothing.
#   1. wfo-bench's portfolio section: one backtest of 100 symbols × 10 years of daily candles
#      (target ≤ 10 ms) and candle-symbol evaluations per second per core in a search (≥ 50 M);
#   2. the same strategy on one CSV universe (100 × 10y 1d, late listings, delistings) in wfo
#      (`wfo backtest`, its in-process time) and in vectorbt 0.26.2 (`from_signals`);
#   3. a walk-forward of 100 symbols × 2 years of 1h candles × 100 combinations (≤ 60 s on
#      2 cores) and its peak memory per candle-symbol held (≤ 100 bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${WFO_BIN:-.build/release/wfo}
bench=${WFO_BENCH_BIN:-.build/release/wfo-bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bench" portfolio
echo

python3 Scripts/bench-portfolio-vectorbt.py make "$work/universe"
cat >"$work/universe.yaml" <<YAML
name: Portfolio bench — 100 × 10y
symbols: all
timeframe: 1d
start_date: 2015-03-01T00:00:00Z
end_date: 2024-12-31T00:00:00Z
training_window_days: 720
testing_window_days: 360
step_days: 360
warmup_candles: 60
strategy: rules
rules: {long_entry: "close > sma(close, n)", long_exit: "close < sma(close, n)"}
strategy_params: {stop_loss_atr: 0, take_profit_atr: 0}
parameter_ranges: {n: [50]}
initial_capital: 10000000
position_size: 1000
fee_pct: 0.1
data: {source: csv, path: universe}
portfolio: {max_positions: 100}
YAML
times=()
for _ in 1 2 3 4 5; do
  line=$("$bin" backtest "$work/universe.yaml" --params n=50 | grep '^loaded')
  times+=("$(sed -E 's/.*backtest of [0-9]+ candles in ([0-9.]+) ms/\1/' <<<"$line")")
done
summary=$("$bin" backtest "$work/universe.yaml" --params n=50 --json | python3 -c 'import json,sys; m=json.load(sys.stdin)["metrics"]; print(m["total_trades"], round(m["final_equity"], 2))')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
printf 'wfo backtest 100 × 10y 1d (same CSVs)            %10s ms (median of 5; indicators included); trades and final equity %s\n' "$median" "$summary"
python3 Scripts/bench-portfolio-vectorbt.py time "$work/universe" || echo "vectorbt: could not run (see Scripts/portfolio-vectorbt-check.py for its venv)"
echo

symbols=$(python3 -c 'print(", ".join(f"S{i:03d}" for i in range(100)))')
cat >"$work/walk.yaml" <<YAML
name: Portfolio bench — 100 × 2y 1h × 100 combinations
symbols: [$symbols]
timeframe: 1h
start_date: 2022-01-01T00:00:00Z
end_date: 2024-01-01T00:00:00Z
training_window_days: 180
testing_window_days: 90
step_days: 90
warmup_candles: 400
strategy: rules
rules: {long_entry: "close > sma(close, n)", long_exit: "close < sma(close, n)"}
strategy_params: {stop_loss_atr: 0, take_profit_atr: 0}
parameter_ranges: {n: [24, 48, 72, 96, 120, 144, 168, 192, 216, 240], lookback: [24, 48, 72, 96, 120, 168, 240, 336, 504, 720]}
initial_capital: 1000000
overfitting: {cscv_blocks: 0, monte_carlo_paths: 0}
data: {source: synthetic, seed: 3}
portfolio: {max_positions: 10, rank_by: "roc(close, lookback)", sizing: {model: equal}}
YAML
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" run "$work/walk.yaml" --no-report --db "$work/walk.sqlite" >/dev/null
read -r seconds kilobytes <"$work/time"
candles=$(( (2 * 365 + 17) * 24 ))
printf 'walk-forward 100 × 2y 1h × 100 combinations      %10s s  (target ≤ 60 s, %s cores); peak RSS %s kB = %s bytes per candle-symbol (target ≤ 100)\n' \
  "$seconds" "$(nproc)" "$kilobytes" "$(( kilobytes * 1024 / (100 * candles) ))"
