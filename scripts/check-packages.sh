#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: check-packages.sh [--list FILE] [--builddir DIR]
#
# Keeps the packages lists honest, so that ./run.sh on a fresh Debian
# installs enough and ./test.sh can install everything:
#  - every package named in scripts/packages.txt or tests/**/packages.txt
#    exists in apt;
#  - every dependency() of a build without tests comes from a package that
#    scripts/packages.txt names itself, and that debian/control
#    build-depends on;
#  - the compiler and every program the build runs come from a package the
#    list installs (named, or pulled in through Depends);
#  - every package of a tests list is in debian/control's Build-Depends,
#    so that a package build without nocheck can run the tests.
# It needs the listed packages installed and apt's package lists.
#
# --list FILE checks FILE instead of scripts/packages.txt (the test of this
# script leaves a package out of a copy); --builddir DIR uses a build that is
# already configured with -Dtests=disabled instead of configuring one.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
list="$top/scripts/packages.txt"
builddir=""
while [ $# -gt 0 ]; do
  case $1 in
    --list) list=$2; shift 2 ;;
    --builddir) builddir=$2; shift 2 ;;
    *) echo "usage: $0 [--list FILE] [--builddir DIR]" >&2; exit 2 ;;
  esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-packages.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
problems=0
problem() { echo "check-packages: $*" >&2; problems=$((problems + 1)); }

names() { sed 's/#.*//' "$@" | tr -s ' \t' '\n' | grep -v '^$' | sort -u; }

# The package owning a file, or nothing.  Debian 12 merges /bin into
# /usr/bin, and dpkg knows a file by the path its package ships.
owner() {
  for path in "$1" "$(readlink -f "$1")"; do
    for candidate in "$path" "${path#/usr}" "/usr$path"; do
      found=$(dpkg -S "$candidate" 2>/dev/null | grep -v '^diversion' | sed -n '1s/:.*//p')
      [ -z "$found" ] || { echo "$found"; return 0; }
    done
  done
}

names "$list" >"$tmp/runtime"
test_lists=$(find "$top/tests" -name packages.txt | sort)

# 1. Every package of every list exists.  One apt-cache call for them all:
# each loads the whole cache, about a second.
for file in "$list" $test_lists; do names "$file"; done | sort -u >"$tmp/all"
: >"$tmp/essential"
if ! ls /var/lib/apt/lists/*Packages* >/dev/null 2>&1; then
  problem "apt has no package lists: run apt-get update first"
else
  # shellcheck disable=SC2046 # one word per package
  apt-cache show --no-all-versions $(cat "$tmp/all") 2>/dev/null \
    | sed -n 's/^Package: //p; s/^Essential: yes$/(essential)/p' >"$tmp/known-raw" || true
  sed -n 's/^[^(].*/&/p' "$tmp/known-raw" | sort -u >"$tmp/known"
  # The package just before each "(essential)" mark is essential.
  sed -n '/^(essential)$/{x;p;d};h' "$tmp/known-raw" | sort -u >"$tmp/essential"
  for file in "$list" $test_lists; do
    for pkg in $(names "$file"); do
      grep -qxF "$pkg" "$tmp/known" \
        || problem "${file#"$top"/}: no package \"$pkg\" in apt (apt-cache show $pkg)"
    done
  done
fi

# 2. A build without tests, and what it depends on.
if [ -z "$builddir" ]; then
  builddir="$tmp/build"
  if ! meson setup "$builddir" "$top" -Dtests=disabled >"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log" >&2
    problem "meson setup -Dtests=disabled failed (above): a dependency of the program is not installed;" \
      "its package belongs in ${list#"$top"/}, which ./run.sh installs"
    exit 1
  fi
fi

python3 - "$builddir" >"$tmp/deps" <<'PY'
import json, subprocess, sys
deps = json.loads(subprocess.run(["meson", "introspect", sys.argv[1], "--dependencies"],
                                 check=True, capture_output=True, text=True).stdout)
for dep in deps:
    # name, then the libraries it links, for a dependency without a .pc file
    print(dep["name"], *[a for a in dep.get("link_args", []) if a.startswith("/")])
PY

: >"$tmp/dep-packages"
while read -r name libs; do
  pcdir=$(pkg-config --variable=pcfiledir "$name" 2>/dev/null || true)
  if [ -n "$pcdir" ]; then
    file="$pcdir/$name.pc"
  else
    file=${libs%% *}
  fi
  pkg=""
  [ -z "$file" ] || pkg=$(owner "$file")
  if [ -z "$pkg" ]; then
    problem "dependency('$name'): no Debian package owns ${file:-its files} (pkg-config, dpkg -S)"
    continue
  fi
  echo "$pkg" >>"$tmp/dep-packages"
  grep -qxF "$pkg" "$tmp/runtime" \
    || problem "dependency('$name') comes from $pkg, which ${list#"$top"/} does not list"
done <"$tmp/deps"

# 3. The compiler and the programs the build runs, as meson found them.
log="$builddir/meson-logs/meson-log.txt"
{
  sed -n 's/^C compiler for the host machine: \([^ ]*\) .*/\1/p' "$log" | head -n 1
  sed -n 's/^Program .* found: YES (\(.*\))$/\1/p' "$log"
  sed -n 's/^Found pkg-config: \([^ ]*\).*/\1/p' "$log"
  echo meson
  echo ninja
} | sort -u >"$tmp/tools"

# What the list installs: its packages and everything they depend on.
if [ -s "$tmp/runtime" ]; then
  # shellcheck disable=SC2046 # one word per package
  apt-cache depends --recurse --important $(cat "$tmp/runtime") 2>/dev/null \
    | sed -n 's/^\([^ <][^ ]*\)$/\1/p; s/^ *[A-Za-z-]*Depends: <\?\([^ >]*\)>\?$/\1/p' \
    | sed 's/:.*//' | sort -u >"$tmp/closure"
fi
cat "$tmp/runtime" >>"$tmp/closure"

while read -r tool; do
  case $tool in
    "$top"/* | "$builddir"/*) continue ;;  # ours
  esac
  path=$tool
  case $path in /*) ;; *) path=$(command -v "$tool" 2>/dev/null || true) ;; esac
  if [ -z "$path" ]; then
    problem "the build uses $tool, which is not installed"
    continue
  fi
  pkg=$(owner "$path")
  if [ -z "$pkg" ]; then
    problem "the build uses $path, which no Debian package owns"
  elif ! grep -qxF "$pkg" "$tmp/closure"; then
    problem "the build uses $path from $pkg, which nothing in ${list#"$top"/} installs"
  fi
done <"$tmp/tools"

# 4. debian/control builds what the lists build.
control="$top/debian/control"
if [ -f "$control" ]; then
  # Build-Depends with its continuation lines, one package name a line.
  sed -n '/^Build-Depends/,/^[^ ]/{/^Build-Depends/{s/^[^:]*://p;d};/^ /p}' "$control" \
    | tr ',|' '\n\n' | sed 's/[[(<].*//; s/^ *//; s/ *$//' | grep -v '^$' | sort -u >"$tmp/build-depends"
  sort -u "$tmp/dep-packages" | while read -r pkg; do
    grep -qxF "$pkg" "$tmp/build-depends" \
      || echo "debian/control does not build-depend on $pkg, which the build needs" >>"$tmp/control-problems"
  done
  for file in $test_lists; do
    for pkg in $(names "$file"); do
      grep -qxF "$pkg" "$tmp/build-depends" && continue
      # Essential packages are always there; Debian asks not to list them.
      grep -qxF "$pkg" "$tmp/essential" && continue
      echo "debian/control does not build-depend on $pkg (${file#"$top"/}) for the tests" >>"$tmp/control-problems"
    done
  done
  if [ -s "$tmp/control-problems" ]; then
    while read -r line; do problem "$line"; done <"$tmp/control-problems"
  fi
fi

if [ "$problems" -gt 0 ]; then
  echo "check-packages: $problems problem(s)" >&2
  exit 1
fi
echo "check-packages: $(wc -l <"$tmp/deps") dependencies, $(wc -l <"$tmp/tools") tools and every list: OK"
