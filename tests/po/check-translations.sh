#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a translatable string of the sources is missing from a
# catalogue, untranslated or fuzzy, when msgfmt --check complains, or
# when a format string has no translator comment.
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -v '^#' "$src/po/POTFILES" | grep -v '^$' | sed "s|^|$src/|" > "$tmp/files"
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES lists a missing file: $f" >&2; exit 1; }
done < "$tmp/files"

# Every source file that calls _() must be listed.
for f in $(cd "$src" && { grep -rlE '\b(N?_|C_)\(' src --include='*.c'; grep -rl 'translatable="yes"' ui; }); do
  grep -qx "$f" "$src/po/POTFILES" || { echo "$f has translatable strings but is not in po/POTFILES" >&2; exit 1; }
done

xgettext --from-code=UTF-8 --add-comments=TRANSLATORS \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  -f "$tmp/files" -o "$tmp/template.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log" >&2; exit 1; }

status=0

# Every msgid with a printf conversion (%s, %u, %1$d, %.1f, %" PRId64 "…;
# not %%) needs an extracted comment (/* TRANSLATORS: … */ on the line
# just before the _() call) saying what each conversion stands for.
# xgettext gives a comment to the first call after it only: a second
# call on the same line, as in "cond ? _("a %s") : _("b %s")", counts as
# covered by the comment of the first, which must then speak of both.
cat > "$tmp/comments.awk" <<'AWK'
function flush(   text, r, n, i) {
  if (msgid != "") {
    text = msgid
    gsub(/%%/, "", text)
    if (text ~ /%([0-9]+\$)?[-+ #0']*([0-9]+|\*)?(\.([0-9]+|\*)?)?(hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn]/ || text ~ /%</) {
      n = split(refs, r, " ")
      if (commented)
        for (i = 1; i <= n; i++) covered[r[i]] = 1
      else {
        bare[++nbare] = msgid
        bare_refs[nbare] = refs
      }
    }
  }
  msgid = ""; refs = ""; commented = 0; field = ""
}
/^$/ { flush(); next }
/^#\./ { commented = 1; next }
/^#:/ { refs = refs " " substr($0, 4); next }
/^#/ { next }
/^msgid(_plural)? "/ { field = "id"; sub(/^msgid(_plural)? "/, ""); sub(/"$/, ""); msgid = msgid $0; next }
/^(msgctxt|msgstr)/ { field = ""; next }
/^"/ { if (field == "id") { sub(/^"/, ""); sub(/"$/, ""); msgid = msgid $0 } next }
END {
  flush()
  bad = 0
  for (i = 1; i <= nbare; i++) {
    n = split(bare_refs[i], r, " ")
    shared = 0
    for (j = 1; j <= n; j++) if (r[j] in covered) shared = 1
    if (shared) {
      print "note: covered by the comment on its line only:" bare_refs[i] ": \"" bare[i] "\""
      continue
    }
    if (!bad) print "Format strings without a translator comment (add /* TRANSLATORS: … */ on the line before the call):" > "/dev/stderr"
    print " " bare_refs[i] ": \"" bare[i] "\"" > "/dev/stderr"
    bad = 1
  }
  exit bad
}
AWK
awk -f "$tmp/comments.awk" "$tmp/template.pot" || status=1

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
