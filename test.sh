#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs every test: unit tests, the
# wizard under Xvfb, and the checks against real Dovecot and Postfix.
# The last line is always "N passed, N failed", even when no test could run.
top=$(cd "$(dirname "$0")" && pwd)
. "$top/scripts/common.sh"

summarized=no
# shellcheck disable=SC2317 # run by the trap
on_exit() {
  status=$?
  if [ "$summarized" = no ]; then
    echo "No test ran: a step before the tests failed (see above)."
    echo "0 passed, 1 failed"
    [ "$status" -ne 0 ] || status=1
  fi
  exit "$status"
}
trap on_exit EXIT

# shellcheck disable=SC2046 # one word per list
install_missing "$top/scripts/packages.txt" $(find "$top/tests" -name packages.txt | sort)
build_project enabled

say "Testing"
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?

# The closing line, which CI and people read the same way; skips come on
# the line before it.  CI adds the results of other builds (the sanitizer
# build) in MS_EXTRA_TESTLOGS; a log that is missing means that build
# failed, and counts as a failure.
python3 - "$build/meson-logs/testlog.json" ${MS_EXTRA_TESTLOGS:-} <<'PY' || status=1
import json, os, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for log in sys.argv[1:]:
    if not os.path.exists(log):
        print(f"{log}: missing, counted as a failure")
        counts["failed"] += 1
        continue
    for line in open(log):
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
print(f"{counts['skipped']} skipped")
print(f"{counts['passed']} passed, {counts['failed']} failed")
sys.exit(1 if counts["failed"] else 0)
PY
summarized=yes
exit $status
