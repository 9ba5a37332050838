#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: test-atspi.sh MAIL_SETUP LANG
# The AT-SPI walk of test-atspi.py in a home, a display and a session bus
# of its own: the accessibility bus and anything the wizard starts on the
# bus (a keyring) live and die with the test.
here=$(cd "$(dirname "$0")" && pwd)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import gi; gi.require_version("Atspi", "2.0"); gi.require_version("Gdk", "3.0")' 2>/dev/null \
  || { echo "1..0 # SKIP python3-gi and gir1.2-atspi-2.0 are missing (tests/wizard/packages.txt)"; exit 77; }
command -v dbus-run-session >/dev/null || { echo "1..0 # SKIP dbus-run-session is missing"; exit 77; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
export XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset NO_AT_BRIDGE DBUS_SESSION_BUS_ADDRESS
exec "$here/run-with-display.sh" dbus-run-session -- /usr/bin/python3 "$here/test-atspi.py" "$1" "$2"
