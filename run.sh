#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and opens the wizard on the built-in 3xo
# profile.  Without a display it takes a picture of every step, in English
# and French, under Xvfb, and says where they are.  Only what the program
# needs is installed: the tests' packages are ./test.sh's business.
top=$(cd "$(dirname "$0")" && pwd)
. "$top/scripts/common.sh"

install_missing "$top/scripts/packages.txt"
build_project disabled

export MAIL_SETUP_LOCALEDIR="$build/po"
app="$build/src/wizard/mail-setup"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  say "Opening Mail Setup"
  exec "$app" "$@"
fi

shots="$top/screenshots"
say "No display: going through every step under Xvfb instead"
for lang in en fr; do
  rm -rf "${shots:?}/$lang"
  # With no display, mail-setup starts its own Xvfb for the walkthrough.
  run_step "taking the pictures in $lang (mail-setup --walkthrough)" \
    env LANG=C.UTF-8 "$app" --walkthrough "$shots/$lang" --lang "$lang"
done
say "Pictures of each step, in English and French:"
ls -1 "$shots"/en/*.png "$shots"/fr/*.png
echo "Open $shots/en/index.html or $shots/fr/index.html for the step-by-step page."
echo "Folder: $shots"
