#!/usr/bin/env bash
# `make bench-statistics` (issue 22): what the statistics cost. The original study (27 × 9, from
# the candle cache, report off, --jobs 2) without any statistics (`overfitting: {cscv_blocks: 0,
# monte_carlo_paths: 0}`, which turns off the SPA with them) and with the defaults (PBO, DSR,
# Reality Check and SPA with 1,000 resamples, Monte Carlo), alternated RUNS times (default 7),
# process start to exit; prints the medians and their ratio. BEFORE=path/to/another/wfo times
# that binary too, in the same alternation, for a before/after comparison on one noisy machine.
# Then the permutation test: the study with `robustness: {permutations: M}` (PERMUTATIONS,
# default 100) once, its extra time and the cost per permutation and window; and, when a Slurm
# answers (Scripts/slurm-local.sh start), the same through Slurm (2 tasks at a time on the
# one-node cluster), whose results must equal the local run's. Needs ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
shared=${WFO_SHARED:-../shared}
klines="$shared/data/binance-spot-klines"
[ -d "$klines" ] || { echo "skipped: $klines is missing"; exit 0; }
bins=("${WFO:-.build/release/wfo}")
[ -n "${BEFORE:-}" ] && bins=("$BEFORE" "${bins[@]}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"${bins[0]}" import "$klines" --symbol BTCUSDT --timeframe 5m --db "$work/cache.sqlite" >/dev/null
sed 's#  source: binance#  source: binance\n  base_url: http://127.0.0.1:9#' examples/btcusdt-rsi-2024.yaml >"$work/with.yaml"
printf 'overfitting: {cscv_blocks: 0, monte_carlo_paths: 0}\n' | cat "$work/with.yaml" - >"$work/without.yaml"

# One timed run: seconds from process start to exit (to the millisecond).
timed() {
  rm -f "$work"/run.sqlite*; cp "$work/cache.sqlite" "$work/run.sqlite"
  local start end
  start=$(date +%s%N)
  "$@" --no-report --jobs 2 --db "$work/run.sqlite" >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

for b in "${!bins[@]}"; do : >"$work/without-$b"; : >"$work/with-$b"; done
for _ in $(seq "$runs"); do
  for b in "${!bins[@]}"; do
    timed "${bins[$b]}" run "$work/without.yaml" >>"$work/without-$b"
    timed "${bins[$b]}" run "$work/with.yaml" >>"$work/with-$b"
  done
done
printf '%-28s %12s %12s %8s\n' "binary (median of $runs)" "without (s)" "with (s)" "ratio"
for b in "${!bins[@]}"; do
  w=$(median <"$work/without-$b"); s=$(median <"$work/with-$b")
  printf '%-28s %12s %12s %7.2fx\n' "$(basename "$(dirname "${bins[$b]}")")/$(basename "${bins[$b]}")" "$w" "$s" "$(awk -v a="$s" -v b="$w" 'BEGIN { print a / b }')"
done

# The permutation test, with the current binary: M permutations of each of the 9 windows, each
# searching the 27 combinations again.
permutations=${PERMUTATIONS:-100}
printf 'robustness: {permutations: %s}\n' "$permutations" | cat "$work/with.yaml" - >"$work/permutations.yaml"
p=$(timed "${bins[-1]}" run "$work/permutations.yaml")
cp "$work/run.sqlite" "$work/permutations-local.sqlite"
s=$(median <"$work/with-$(( ${#bins[@]} - 1 ))")
awk -v p="$p" -v s="$s" -v m="$permutations" 'BEGIN {
  printf "with %d permutations per window: %.2f s (+%.2f s over the statistics; %.1f ms per permutation of a window, 27 searches)\n", m, p, p - s, (p - s) * 1000 / (m * 9) }'

# Through Slurm: the permutations run in the array tasks (a block per unit), the client merges.
if command -v sbatch >/dev/null && sinfo -h >/dev/null 2>&1; then
  mkdir -p "$work/cluster"
  q=$(timed "${bins[-1]}" run "$work/permutations.yaml" --executor slurm --work-dir "$work/cluster" --max-parallel 2)
  tasks=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT tasks FROM cluster_run").fetchone()[0])' "$work/run.sqlite")
  same=$(cmp -s <(python3 Scripts/results_dump.py "$work/permutations-local.sqlite") <(python3 Scripts/results_dump.py "$work/run.sqlite") \
    && echo "results equal the local run's" || echo "RESULTS DIFFER from the local run's")
  awk -v q="$q" -v p="$p" -v t="$tasks" -v same="$same" 'BEGIN {
    printf "through Slurm (%s array tasks, 2 at a time on the one-node cluster): %.2f s against %.2f s locally; %s\n", t, q, p, same }'
else
  echo "through Slurm: skipped, no Slurm answers (Scripts/slurm-local.sh start)"
fi
