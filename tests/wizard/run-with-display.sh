#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a GTK test on the current display, or on a private Xvfb when there
# is none, so that `meson test` works the same on a desktop and in CI.
if [ -n "$DISPLAY" ] || [ -n "$WAYLAND_DISPLAY" ]; then
  exec "$@"
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "xvfb-run is missing (Debian package xvfb): cannot run a GTK test without a display" >&2
  exit 77
fi
exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "$@"
