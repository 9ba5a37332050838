#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: test-check-packages.sh SOURCE_ROOT
# scripts/check-packages.sh passes on the real lists and fails, naming the
# culprit, when a list loses a runtime dependency or a build tool, or names
# a package apt does not have.  TAP output.
set -u
src=$1
check="$src/scripts/check-packages.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

skip() { echo "1..0 # SKIP $*"; exit 0; }
command -v dpkg >/dev/null 2>&1 && command -v apt-cache >/dev/null 2>&1 || skip "not a Debian system"
ls /var/lib/apt/lists/*Packages* >/dev/null 2>&1 || skip "apt has no package lists (apt-get update)"

# One build without tests for every case: configuring takes longer than
# the check itself.
if ! meson setup "$tmp/build" "$src" -Dtests=disabled >"$tmp/setup.log" 2>&1; then
  echo "1..1"; echo "not ok 1 - meson setup -Dtests=disabled"; sed 's/^/# /' "$tmp/setup.log"; exit 0
fi

echo "1..4"
n=0
# expect pass|fail NAME LIST [TEXT]: runs the check on LIST; on failure
# its output must contain TEXT.
expect() {
  want=$1 name=$2 list=$3 text=${4:-}
  n=$((n + 1))
  if "$check" --builddir "$tmp/build" --list "$list" >"$tmp/out" 2>&1; then got=pass; else got=fail; fi
  if [ "$got" = "$want" ] && { [ -z "$text" ] || grep -qF -- "$text" "$tmp/out"; }; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name (expected $want${text:+ naming \"$text\"}, got $got)"
    sed 's/^/# /' "$tmp/out"
  fi
}

expect pass "the real list" "$src/scripts/packages.txt"

grep -vx 'libgtk-3-dev' "$src/scripts/packages.txt" >"$tmp/no-gtk.txt"
expect fail "a list without libgtk-3-dev" "$tmp/no-gtk.txt" \
  "dependency('gtk+-3.0') comes from libgtk-3-dev"

grep -vx 'meson' "$src/scripts/packages.txt" >"$tmp/no-meson.txt"
expect fail "a list without meson" "$tmp/no-meson.txt" "from meson, which nothing in"

{ cat "$src/scripts/packages.txt"; echo "no-such-package-mail-setup"; } >"$tmp/unknown.txt"
expect fail "a list with a package apt does not have" "$tmp/unknown.txt" \
  'no package "no-such-package-mail-setup" in apt'
