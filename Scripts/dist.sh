#!/usr/bin/env bash
# `make dist`: packs the release binary (static Swift runtime, stripped), its completions and
# man page, the README, the quick-start study and a SHA256SUMS of them as
# dist/wfo-VERSION-linux-ARCH.tar.gz (+ .sha256), reproducibly (sorted names, owner 0, the
# commit's time), then checks the unpacked binary with Scripts/dist-check.sh.
#   Scripts/dist.sh BINARY EXTRAS_FOLDER VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 3 ] || { echo "usage: Scripts/dist.sh BINARY EXTRAS_FOLDER VERSION" >&2; exit 2; }
binary=$1 extras=$2 version=$3
name=wfo-$version-linux-$(uname -m)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/$name
mkdir -p "$stage/completions" "$stage/man" dist
install -m 755 "$binary" "$stage/wfo"
strip "$stage/wfo"
install -m 644 "$extras"/completions/wfo.bash "$extras"/completions/_wfo "$extras"/completions/wfo.fish "$stage/completions/"
install -m 644 "$extras/man/wfo.1" "$stage/man/"
install -m 644 README.md "$stage/README.md"
install -m 644 examples/quickstart.yaml "$stage/quickstart.yaml"
(cd "$stage" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
stamp=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" -cf - "$name" | gzip -n >"dist/$name.tar.gz"
(cd dist && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1) packed, wfo binary $(du -h "$stage/wfo" | cut -f1) (stripped)"
Scripts/dist-check.sh "dist/$name.tar.gz"
