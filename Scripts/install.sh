#!/usr/bin/env bash
# `make install` / `make uninstall`: puts the wfo binary, its bash/zsh/fish completions and its
# man page where those shells and `man` look under DESTDIR+PREFIX, and records every file and
# every folder it created (the prefix too, when missing) in share/wfo/install-manifest, so that uninstall removes exactly
# those (folders only when empty) and leaves the prefix as it was before. Installing again
# first removes what the previous install recorded.
#   PREFIX=/usr/local DESTDIR= Scripts/install.sh install BINARY EXTRAS_FOLDER
#   PREFIX=/usr/local DESTDIR= Scripts/install.sh uninstall
# EXTRAS_FOLDER holds completions/{wfo.bash,_wfo,wfo.fish} and man/wfo.1 (Scripts/extras.sh).
set -euo pipefail
prefix=${PREFIX:-/usr/local}
root="${DESTDIR:-}$prefix"
manifest_path=share/wfo/install-manifest

fail() { echo "error: $*" >&2; exit 2; }

uninstall() {
  local manifest="$root/$manifest_path"
  [ -f "$manifest" ] || { echo "nothing to uninstall: no $manifest (wfo was not installed under $root by make install)"; return 0; }
  local kind path files=() folders=()
  while read -r kind path; do
    case "$kind" in f) files+=("$path") ;; d) folders+=("$root/$path") ;; a) folders+=("$path") ;; esac
  done <"$manifest"
  for path in "${files[@]}"; do rm -f "$root/$path"; done
  # Folders were recorded parents first; remove deepest first, and only when empty.
  local index
  for ((index = ${#folders[@]} - 1; index >= 0; index--)); do rmdir "${folders[index]}" 2>/dev/null || true; done
  echo "uninstalled wfo from $root"
}

install_files() {
  local binary=$1 extras=$2
  [ -x "$binary" ] || fail "$binary is not an executable; build it first (make release)"
  for needed in completions/wfo.bash completions/_wfo completions/wfo.fish man/wfo.1; do
    [ -f "$extras/$needed" ] || fail "$extras/$needed is missing; make it first (Scripts/extras.sh)"
  done
  [ -f "$root/$manifest_path" ] && uninstall >/dev/null
  local created=() files=()
  make_folder() {  # every missing folder on the way, parents first
    local relative=$1 built=""
    local IFS=/
    for part in $relative; do
      built=${built:+$built/}$part
      if [ ! -d "$root/$built" ]; then mkdir -p "$root/$built" || fail "cannot create $root/$built"; created+=("$built"); fi
    done
  }
  put() {  # put SOURCE MODE RELATIVE_DESTINATION
    make_folder "$(dirname "$3")"
    install -m "$2" "$1" "$root/$3" || fail "cannot write $root/$3"
    files+=("$3")
  }
  # The prefix itself and any folder above it that is missing (a DESTDIR staging folder).
  local above=() missing=$root
  while [ ! -d "$missing" ]; do above=("$missing" "${above[@]}"); missing=$(dirname "$missing"); done
  if [ ${#above[@]} -gt 0 ]; then mkdir -p "$root" || fail "cannot create $root"; fi
  put "$binary" 755 bin/wfo
  put "$extras/completions/wfo.bash" 644 share/bash-completion/completions/wfo
  put "$extras/completions/_wfo" 644 share/zsh/site-functions/_wfo
  put "$extras/completions/wfo.fish" 644 share/fish/vendor_completions.d/wfo.fish
  put "$extras/man/wfo.1" 644 share/man/man1/wfo.1
  make_folder "$(dirname "$manifest_path")"
  {
    for path in "${above[@]}"; do echo "a $path"; done
    for path in "${created[@]}"; do echo "d $path"; done
    for path in "${files[@]}"; do echo "f $path"; done
    echo "f $manifest_path"
  } >"$root/$manifest_path"
  echo "installed wfo $("$root/bin/wfo" --version) under $root:"
  for path in "${files[@]}"; do echo "  $root/$path"; done
  case ":$PATH:" in *":$prefix/bin:"*) ;; *) [ -z "${DESTDIR:-}" ] && echo "note: $prefix/bin is not on your PATH";; esac
}

case "${1:-}" in
  install) [ $# -eq 3 ] || fail "usage: Scripts/install.sh install BINARY EXTRAS_FOLDER"; install_files "$2" "$3" ;;
  uninstall) uninstall ;;
  *) fail "usage: Scripts/install.sh install BINARY EXTRAS_FOLDER | uninstall" ;;
esac
