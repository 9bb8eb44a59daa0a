#!/usr/bin/env bash
# `make crash-check`: SIGKILLs `wfo run` at random moments — while it optimizes, inside a
# window's commit (WFO_FAULT_PAUSE_IN_COMMIT_MS holds each commit open for a moment) and
# while it renders the report — resumes it each time, and checks after every kill that
# `PRAGMA integrity_check` is ok and no window is half-written, and at the end of every
# episode that the stored results equal an uninterrupted run's (Scripts/results_dump.py).
#   KILLS=20 SEED=1 Scripts/crash-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
kills_wanted=${KILLS:-20}
RANDOM=${SEED:-1}
bin=$PWD/.build/release/wfo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WFO_FAULT_PAUSE_IN_COMMIT_MS=${COMMIT_PAUSE_MS:-150}

cat >"$work/study.yaml" <<'YAML'
name: Crash check
symbols: [BTCUSDT]
timeframe: 5m
start_date: 2022-01-01
end_date: 2024-01-01
training_window_days: 90
testing_window_days: 30
step_days: 30
parameter_ranges: {rsi_period: [7, 14, 21, 28], rsi_oversold: [20, 25, 30], rsi_overbought: [70, 75, 80]}
min_trades: 1
position_size: 1000
data: {source: synthetic, seed: 3}
YAML

sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }

# The uninterrupted reference, and how long a whole run takes (report included).
start=$(date +%s%N)
"$bin" run "$work/study.yaml" --db "$work/reference.sqlite" --out "$work/reference-site" >/dev/null 2>&1
total_ms=$(( ($(date +%s%N) - start) / 1000000 ))
python3 Scripts/results_dump.py "$work/reference.sqlite" >"$work/reference.txt"
windows=$(sql "$work/reference.sqlite" "SELECT COUNT(*) FROM window")
echo "reference: $windows windows in ${total_ms} ms (commits held ${WFO_FAULT_PAUSE_IN_COMMIT_MS} ms each)"

kills=0 resumes=0 mismatches=0 broken=0 episodes=0
in_search=0 in_commit=0 in_report=0
while [ "$kills" -lt "$kills_wanted" ]; do
  episodes=$((episodes + 1))
  db=$work/run-$episodes.sqlite site=$work/site-$episodes
  arguments=(run "$work/study.yaml" --db "$db" --out "$site")
  while :; do
    "$bin" "${arguments[@]}" >/dev/null 2>"$work/stderr" &
    pid=$!
    if [ $((kills % 4)) -eq 3 ]; then
      # Every fourth kill aims at the report: wait until the results are stored, then a few ms.
      while kill -0 "$pid" 2>/dev/null && [ "$(sql "$db" "SELECT status FROM run WHERE id = 1" 2>/dev/null)" != COMPLETED ]; do
        sleep 0.005
      done
      delay_ms=$(( RANDOM % 40 ))
    else
      # A random moment within the run's length (longer than what is left, so some runs finish).
      delay_ms=$(( RANDOM % (total_ms + total_ms / 4) ))
    fi
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    if kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      kills=$((kills + 1))
      status=$(sql "$db" "SELECT status FROM run WHERE id = 1" 2>/dev/null || echo "none")
      last=$(tail -n 1 "$work/stderr" 2>/dev/null || true)
      if [ "$status" = COMPLETED ]; then in_report=$((in_report + 1)); phase="report"
      elif [[ "$last" == "fault-injection: inside"* ]]; then in_commit=$((in_commit + 1)); phase="commit"
      else in_search=$((in_search + 1)); phase="search"; fi
      if [ -f "$db" ] && [ "$status" != none ]; then
        integrity=$(sql "$db" "PRAGMA integrity_check")
        half=$(sql "$db" "SELECT COUNT(*) FROM window w WHERE (w.status = 'COMPLETED' AND ((SELECT COUNT(*) FROM trial t WHERE t.window_id = w.id) != 36 OR (SELECT COUNT(*) FROM window_performance p WHERE p.window_id = w.id) != 2)) OR (w.status != 'COMPLETED' AND w.status != 'FAILED' AND ((SELECT COUNT(*) FROM trial t WHERE t.window_id = w.id) > 0 OR (SELECT COUNT(*) FROM trade t WHERE t.window_id = w.id) > 0))")
        done_windows=$(sql "$db" "SELECT COUNT(*) FROM window WHERE status = 'COMPLETED'")
        if [ "$integrity" != ok ] || [ "$half" != 0 ]; then broken=$((broken + 1)); fi
        echo "kill $kills at ${delay_ms} ms ($phase): integrity $integrity, half-written windows $half, $done_windows/$windows completed"
      else
        echo "kill $kills at ${delay_ms} ms (before the run was stored): nothing to check"
      fi
      if [ "$status" = none ]; then arguments=(run "$work/study.yaml" --db "$db" --out "$site"); continue; fi
      if [ "$status" = COMPLETED ]; then
        # Killed while rendering: the results are stored; the report is rendered again.
        "$bin" report 1 --db "$db" --out "$site" >/dev/null
        break
      fi
      arguments=(run --resume 1 --db "$db" --out "$site")
      resumes=$((resumes + 1))
    else
      wait "$pid"
      break
    fi
  done
  python3 Scripts/results_dump.py "$db" >"$work/episode.txt"
  if ! cmp -s "$work/reference.txt" "$work/episode.txt"; then
    mismatches=$((mismatches + 1))
    echo "episode $episodes: stored results differ from the uninterrupted run"
    diff "$work/reference.txt" "$work/episode.txt" | head -5
  fi
  grep -q "</html>" "$site/index.html" || { echo "episode $episodes: the site index is incomplete"; broken=$((broken + 1)); }
done
echo "kills $kills (optimizing $in_search, inside a commit $in_commit, rendering the report $in_report), resumes $resumes, episodes $episodes, broken databases $broken, mismatches $mismatches"
[ "$mismatches" -eq 0 ] && [ "$broken" -eq 0 ]
