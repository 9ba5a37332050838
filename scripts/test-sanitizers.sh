#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Mail Setup with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan and runs every suite that needs no display under it.  Any
# report fails the test that made it: the sanitizers abort the process.
# The results land in build-asan/meson-logs/testlog.json, which test.sh
# counts in its closing line when CI asks it to (.ci/run).
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/common.sh"

asan="$top/build-asan"
# shellcheck disable=SC2046 # one word per list
install_missing "$top/scripts/packages.txt" $(find "$top/tests" -name packages.txt | sort)

if [ ! -f "$asan/build.ninja" ]; then
  say "Configuring the sanitizer build in $asan"
  # gcc, as the normal build: its libasan runs with the project's libraries
  # as Debian ships them.  -fno-sanitize-recover: UBSan stops at the first
  # report instead of printing it and going on.
  run_step "configuring the sanitizer build (meson setup)" \
    meson setup "$asan" "$top" -Dtests=enabled -Db_sanitize=address,undefined -Dc_args=-fno-sanitize-recover=all
fi
say "Building with ASan and UBSan"
run_step "building with ASan and UBSan (ninja)" ninja -C "$asan"

say "Testing under ASan and UBSan"
# The GUI suite (ui) runs under Xvfb and GTK, whose own leaks and
# accessibility bus are not ours to judge, and scripts checks shell
# scripts; every other suite runs, but for the tests listed in
# tests/sanitizers/skip.txt, each with its reason.
tests=$(python3 - "$asan" "$top/tests/sanitizers/skip.txt" <<'PY'
import json, subprocess, sys
suites = {"core", "net", "clients", "cli", "exports", "fuzz", "po", "data"}
skip = {line.split("#")[0].strip() for line in open(sys.argv[2])} - {""}
tests = json.loads(subprocess.run(["meson", "introspect", "--tests", sys.argv[1]],
                                  capture_output=True, text=True, check=True).stdout)
names = [t["name"] for t in tests
         if t["name"] not in skip and suites & {s.split(":")[-1] for s in t["suite"]}]
print(" ".join(names))
PY
)
[ -n "$tests" ] || { echo "No test to run under the sanitizers" >&2; exit 1; }
# libproxy's C++ exceptions abort clang's ASan runtime: the dummy proxy
# resolver keeps that test-environment artefact out.  GLib is built
# without frame pointers: only the slow unwinder sees the whole stack of
# an allocation, which the leak suppressions need.
# shellcheck disable=SC2086 # one word per test
GIO_USE_PROXY_RESOLVER=dummy \
G_SLICE=always-malloc \
ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:fast_unwind_on_malloc=0 \
UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
LSAN_OPTIONS="suppressions=$top/tests/sanitizers/lsan.supp:print_suppressions=0" \
  meson test -C "$asan" --print-errorlogs --num-processes 2 $tests "$@"
