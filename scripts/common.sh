# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by run.sh and test.sh: install what is missing, then build.
set -eu

top=$(cd "$(dirname "$0")" && pwd)
build="$top/build"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "Please run as root or install sudo: missing packages need apt-get." >&2; exit 1
  fi
}

install_missing() {
  wanted=$(cat "$@" 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
  missing=""
  for pkg in $wanted; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in *"install ok installed"*) ;; *) missing="$missing $pkg" ;; esac
  done
  if [ -n "$missing" ]; then
    say "Installing:$missing"
    # Postfix asks questions on install; the tests run their own instance.
    echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections 2>/dev/null || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
}

build_project() {
  if [ ! -f "$build/build.ninja" ]; then
    say "Configuring in $build"
    meson setup "$build" "$top" >/dev/null
  fi
  say "Building"
  ninja -C "$build" >/dev/null
}
