#!/usr/bin/env bash
# `make site`: the committed summaries of the examples, site/<example>/ — report.md and the
# charts it shows, what a user commits next to a study. Every example that runs offline (data
# from the synthetic market) is run into a scratch database and summarised with
# `wfo report --summary`; the output holds no time or version, so it only changes when results
# or the report change. SiteSummaryTests fails when site/ is stale: run `make site` and commit.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${WFO:-.build/release/wfo}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for study in examples/*.yaml; do
  # Offline examples only: their data comes from the synthetic market.
  grep -Eq '^[^#]*source: synthetic' "$study" || continue
  name=$(basename "$study" .yaml)
  output=$("$bin" run "$study" --db "$work/$name.sqlite" --no-report --jobs 2 2>/dev/null)
  if printf '%s\n' "$output" | grep -q '^batch b1 '; then reference=b1; else reference=1; fi
  "$bin" report "$reference" --db "$work/$name.sqlite" --summary "site/$name" >/dev/null
  echo "site/$name: $(ls "site/$name" | wc -l) files"
done
