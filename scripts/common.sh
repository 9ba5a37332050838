# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by run.sh, test.sh and .ci/run, which set $top to the source tree
# before sourcing it: install what is missing, then build.  Each step is
# quiet when it works; when it fails, the step is named and the tool's own
# output is shown, since that is where the reason is.
set -eu

: "${top:?set top to the source tree before sourcing common.sh}"
build="$top/build"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# run_step "WHAT" COMMAND...: runs COMMAND with its output in a log; on
# failure prints the end of that log, where the tool says what went wrong.
run_step() {
  what=$1; shift
  log=$(mktemp "${TMPDIR:-/tmp}/mail-setup-step.XXXXXX")
  step_status=0
  "$@" >"$log" 2>&1 || step_status=$?
  if [ "$step_status" -ne 0 ]; then
    {
      printf '\033[1;31mFailed: %s (exit status %s)\033[0m\n' "$what" "$step_status"
      echo "Command: $*"
      lines=$(wc -l <"$log")
      if [ "$lines" -gt 80 ]; then
        echo "Last 80 of its $lines lines of output (all of it: $log):"
        tail -n 80 "$log"
      else
        echo "Its output (also in $log):"
        cat "$log"
      fi
    } >&2
    exit "$step_status"
  fi
  rm -f "$log"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "Please run as root or install sudo: missing packages need apt-get." >&2; exit 1
  fi
}

# Names from packages lists: one or more per line, "#" starts a comment.
list_packages() {
  cat "$@" | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u
}

install_missing() {
  for list in "$@"; do
    [ -r "$list" ] || { echo "Cannot read the packages list $list" >&2; exit 1; }
  done
  missing=""
  for pkg in $(list_packages "$@"); do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in *"install ok installed"*) ;; *) missing="$missing $pkg" ;; esac
  done
  if [ -n "$missing" ]; then
    say "Installing:$missing"
    # Postfix asks questions on install; the tests run their own instance.
    case " $missing " in
      *" postfix "*)
        echo "postfix postfix/main_mailer_type select No configuration" \
          | run_step "presetting Postfix's install question (debconf-set-selections)" as_root debconf-set-selections ;;
    esac
    run_step "updating the package lists (apt-get update)" \
      as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    # shellcheck disable=SC2086 # one word per package
    run_step "installing packages (apt-get install)" \
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
  fi
}

# build_project enabled|disabled: configures (or reconfigures) the build
# with the tests option given, then builds.
build_project() {
  want_tests=$1
  if [ ! -f "$build/build.ninja" ]; then
    say "Configuring in $build (tests $want_tests)"
    run_step "configuring the build (meson setup)" meson setup "$build" "$top" -Dtests="$want_tests"
  elif [ "$(current_tests_option)" != "$want_tests" ]; then
    say "Reconfiguring $build (tests $want_tests)"
    run_step "reconfiguring the build (meson setup --reconfigure)" \
      meson setup --reconfigure "$build" "$top" -Dtests="$want_tests"
  fi
  say "Building"
  run_step "building (ninja)" ninja -C "$build"
}

# The tests option of the existing build, or nothing when it predates it.
current_tests_option() {
  python3 - "$build/meson-info/intro-buildoptions.json" <<'PY' 2>/dev/null || true
import json, sys
for option in json.load(open(sys.argv[1])):
    if option["name"] == "tests":
        print(option["value"])
PY
}
