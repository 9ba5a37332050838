#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: walkthrough.sh MAIL_SETUP OUTPUT_DIR — one walkthrough per language.
set -eu
app=$1 out=$2
for lang in en fr; do
  rm -rf "$out/$lang"
  MAIL_SETUP_LOCALEDIR="${MAIL_SETUP_LOCALEDIR:-$(dirname "$app")/../../po}" "$app" --walkthrough "$out/$lang" --lang "$lang"
done
