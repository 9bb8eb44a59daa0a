#!/usr/bin/env bash
# Checks a `make dist` tarball as a machine without Swift would see it: unpacks it into an
# empty folder, verifies SHA256SUMS, lists the binary's shared libraries (none may come from
# a Swift toolchain), then runs `wfo --version` and the quick-start study with a PATH and an
# LD_LIBRARY_PATH that hold no Swift library, and checks the run and its report.
#   Scripts/dist-check.sh dist/wfo-VERSION-linux-ARCH.tar.gz
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: Scripts/dist-check.sh TARBALL" >&2; exit 2; }
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
cd "$work"/wfo-*/
sha256sum --quiet -c SHA256SUMS
echo "ldd wfo:"
ldd ./wfo | sed 's/^/  /'
if ldd ./wfo | grep -Ei 'swift|libFoundation|libdispatch|libBlocksRuntime|not found'; then
  echo "error: the binary needs a Swift library or a library that is missing (above)" >&2; exit 1
fi
clean_env=(env -i PATH=/usr/bin:/bin HOME="$work" LD_LIBRARY_PATH= LANG=C)
"${clean_env[@]}" ./wfo --version
"${clean_env[@]}" ./wfo run quickstart.yaml --db "$work/quickstart.sqlite" --out "$work/site" >"$work/run.log"
tail -n 3 "$work/run.log"
"${clean_env[@]}" ./wfo status --db "$work/quickstart.sqlite" --json | grep -q '"status": *"COMPLETED"' || {
  echo "error: the quick-start run did not complete" >&2; exit 1; }
[ -s "$work/site/index.html" ] && ls "$work"/site/runs/*/report.md >/dev/null || { echo "error: no report was written" >&2; exit 1; }
echo "dist check passed: $(basename "$tarball") runs the quick-start with no Swift library on its paths"
