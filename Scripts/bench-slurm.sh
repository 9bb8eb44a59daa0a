#!/usr/bin/env bash
# `make bench-slurm`: the cluster executor's figures (issue 17) on the local one-node Slurm
# (Scripts/slurm-local.sh start; 2 CPUs), side by side in one run, release build:
#   1. a study of about a minute locally with --jobs 2 (1m synthetic candles over a year,
#      RANDOM combinations of rsi, 9 windows) against the same study through Slurm with 2 tasks
#      at a time: the Slurm path's overhead;
#   2. the same array limited to 1 task at a time (--max-parallel 1): the speed-up of 2 CPUs;
#   3. the units' costs from the tasks' logs, for the estimate of a larger cluster.
# The three databases must hold the same results (Scripts/results_dump.py); the script says so.
# COMBINATIONS (default 30000) and TASKS (default 18) change the size. The study's PBO/DSR and
# Monte Carlo are off unless OVERFITTING=on: they are the client's own arithmetic (CSCV over
# every trial of a window), which on this one machine competes with the tasks for its 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.build/release/wfo
combinations=${COMBINATIONS:-30000}
tasks=${TASKS:-18}
command -v sbatch >/dev/null && sinfo -h >/dev/null 2>&1 || { echo "skipped: no Slurm answers (Scripts/slurm-local.sh start)"; exit 0; }
[ -x "$bin" ] || { echo "build it first: make release"; exit 2; }
work=$(mktemp -d /tmp/wfo-bench-slurm.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/cluster"
cat >"$work/study.yaml" <<STUDY
name: Cluster benchmark
symbols: [BTCUSDT]
timeframe: 1m
start_date: 2023-01-01T00:00:00Z
end_date: 2024-01-01T00:00:00Z
training_window_days: 90
testing_window_days: 30
step_days: 30
parameter_ranges:
  rsi_period: {from: 5, to: 40, step: 1}
  rsi_oversold: {from: 10, to: 40, step: 1}
  rsi_overbought: {from: 60, to: 90, step: 1}
optimization_method: random
max_combinations: $combinations
random_seed: 7
min_trades: 5
position_size: 1000
data: {source: synthetic, seed: 5}
STUDY
if [ "${OVERFITTING:-off}" = off ]; then echo "overfitting: {cscv_blocks: 0, monte_carlo_paths: 0}" >>"$work/study.yaml"; fi

seconds() { # wall seconds of a command
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/last.out" 2>"$work/last.err" || { cat "$work/last.err" >&2; return 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); Slurm node: $(sinfo -h -o '%c CPUs')"
echo "study: 1m synthetic candles over 2023, $combinations random rsi combinations × 9 windows, $tasks array tasks, PBO/DSR/Monte Carlo ${OVERFITTING:-off}"
local_s=$(seconds "$bin" run "$work/study.yaml" --db "$work/local.sqlite" --no-report --jobs 2)
slurm2_s=$(seconds "$bin" run "$work/study.yaml" --db "$work/slurm2.sqlite" --no-report --executor slurm \
  --work-dir "$work/cluster" --tasks "$tasks" --max-parallel 2)
slurm1_s=$(seconds "$bin" run "$work/study.yaml" --db "$work/slurm1.sqlite" --no-report --executor slurm \
  --work-dir "$work/cluster" --tasks "$tasks" --max-parallel 1)

# Unit costs: each task's log line "task I: N unit(s) in S s" (the array of the %2 run).
folder=$(ls -d "$work"/cluster/run-1-* | head -1)
read -r units unit_seconds < <(cat "$folder"/logs/task-*.log | awk '/unit\(s\) in/ {n += $3; s += $(NF-1)} END {print n, s}')

same="the same"
for db in slurm2 slurm1; do
  if ! cmp -s <(python3 Scripts/results_dump.py "$work/local.sqlite") <(python3 Scripts/results_dump.py "$work/$db.sqlite"); then
    same="DIFFERENT ($db)"
  fi
done

printf '\n%-58s %9s\n' "figure" "value"
printf '%-58s %8.1f s\n' "local, --jobs 2" "$local_s"
printf '%-58s %8.1f s\n' "Slurm, $tasks tasks, 2 at a time (--max-parallel 2)" "$slurm2_s"
printf '%-58s %8.1f s\n' "Slurm, $tasks tasks, 1 at a time (--max-parallel 1)" "$slurm1_s"
printf '%-58s %8.2f×\n' "speed-up of 2 at a time over 1 at a time (target ≥ 1.8)" "$(echo "$slurm1_s / $slurm2_s" | bc -l)"
printf '%-58s %7.1f %%\n' "Slurm overhead against local --jobs 2 (target ≤ 15 %)" "$(echo "($slurm2_s / $local_s - 1) * 100" | bc -l)"
printf '%-58s %8.2f s\n' "mean time of a unit in its task ($units units)" "$(echo "$unit_seconds / $units" | bc -l)"
printf '%-58s %8.2f ms\n' "per combination × window in a task" "$(echo "$unit_seconds * 1000 / ($combinations * 9)" | bc -l)"
echo "results of the three runs: $same (Scripts/results_dump.py)"
