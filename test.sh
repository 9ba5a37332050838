#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs every test: unit tests, the
# wizard under Xvfb, and the checks against real Dovecot and Postfix.
. "$(dirname "$0")/scripts/common.sh"

install_missing "$top/scripts/packages.txt" $(find "$top/tests" -name packages.txt)
build_project

say "Testing"
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 "$@" || status=$?

# One closing line that CI and people read the same way.  CI adds the
# results of other builds (the sanitizer build) in MS_EXTRA_TESTLOGS; a log
# that is missing means that build failed, and counts as a failure.
python3 - "$build/meson-logs/testlog.json" ${MS_EXTRA_TESTLOGS:-} <<'PY'
import json, os, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for log in sys.argv[1:]:
    if not os.path.exists(log):
        print(f"{log}: missing, counted as a failure", file=sys.stderr)
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
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
PY
exit $status
