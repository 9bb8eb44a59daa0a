#!/usr/bin/env bash
# Load check of `wfo serve` (not a test): wrk on loopback against a report page, with the
# server's resident memory before and after. Usage: Scripts/load-check.sh [seconds] [connections]
# WFO_BINARY=path measures another build (e.g. an older commit's, side by side with this one).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-64}
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
if [ -z "${WFO_BINARY:-}" ]; then swift build -c release --product wfo >/dev/null; fi
wfo=${WFO_BINARY:-.build/release/wfo}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$wfo" run examples/quickstart.yaml --db "$work/wfo.sqlite" --out "$work/site" >/dev/null 2>&1
"$wfo" serve --dir "$work/site" --db "$work/wfo.sqlite" --port 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q 127.0.0.1 "$work/serve.log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.log" | cut -d: -f2)
page=$(cd "$work/site" && ls -d runs/*/ | head -1)index.html
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "server pid $server on port $port, page /$page, $(nproc) cores"
curl -s -o /dev/null "http://127.0.0.1:$port/$page"
before=$(rss)
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/$page" | tee "$work/wrk.txt"
after=$(rss)
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/$page" >"$work/wrk2.txt"
again=$(rss)
echo "resident memory: ${before} kB before, ${after} kB after the first run, ${again} kB after a second run of ${seconds}s"
grep -E "Requests/sec|99%|Socket errors|Non-2xx" "$work/wrk.txt" "$work/wrk2.txt" || true
