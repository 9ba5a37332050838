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

# One closing line that CI and people read the same way.
python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for line in open(sys.argv[1]):
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
