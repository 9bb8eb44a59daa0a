#!/usr/bin/env bash
# The files `make install` and `make dist` ship beside the binary, made by the binary itself:
# OUT/completions/{wfo.bash,_wfo,wfo.fish} (swift-argument-parser's completion scripts) and
# OUT/man/wfo.1 (swift-argument-parser's generate-manual, dated by the last commit, so the
# page is the same on every build of a commit).
#   Scripts/extras.sh WFO_BINARY GENERATE_MANUAL_BINARY OUT
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 3 ] || { echo "usage: Scripts/extras.sh WFO_BINARY GENERATE_MANUAL_BINARY OUT" >&2; exit 2; }
wfo=$1 generate_manual=$2 out=$3
mkdir -p "$out/completions" "$out/man"
"$wfo" --generate-completion-script bash >"$out/completions/wfo.bash"
"$wfo" --generate-completion-script zsh >"$out/completions/_wfo"
"$wfo" --generate-completion-script fish >"$out/completions/wfo.fish"
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
"$generate_manual" "$wfo" --date "$date" --section 1 --authors "the wfo developers" --output-directory "$out/man"
echo "completions and man page in $out"
