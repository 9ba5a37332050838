#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translatable string of the sources is missing from a
# catalogue, untranslated or fuzzy, or when msgfmt --check complains.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -v '^#' "$src/po/POTFILES" | grep -v '^$' | sed "s|^|$src/|" > "$tmp/files"
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES lists a missing file: $f" >&2; exit 1; }
done < "$tmp/files"

# Every source file that calls _() must be listed.
for f in $(cd "$src" && grep -rlE '\b(N?_|C_)\(' src --include='*.c'; cd "$src" && grep -rl 'translatable="yes"' ui); do
  grep -qx "$f" "$src/po/POTFILES" || { echo "$f has translatable strings but is not in po/POTFILES" >&2; exit 1; }
done

xgettext --from-code=UTF-8 --add-comments=TRANSLATORS \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  -f "$tmp/files" -o "$tmp/template.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log" >&2; exit 1; }

status=0
for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
  po="$src/po/$lang.po"
  msgfmt --check -o /dev/null "$po" || { echo "$lang.po: msgfmt --check failed" >&2; status=1; }
  msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/template.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*)
      echo "$lang.po is not complete. Missing:" >&2
      msgattrib --untranslated --only-fuzzy --no-obsolete "$tmp/$lang.po" 2>/dev/null | grep '^msgid' >&2 || true
      msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' | tail -n +2 >&2 || true
      status=1 ;;
  esac
done
exit $status
