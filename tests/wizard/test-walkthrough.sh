#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mail-setup --walkthrough in both languages: one real picture per step,
# and a page that names every step in that language.  TAP output.
set -u
app=$1 check_png=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

for lang in en fr; do
  dir=$tmp/$lang
  if "$app" --walkthrough "$dir" --lang "$lang" >"$tmp/out" 2>"$tmp/err"; then ok "$lang: walkthrough ran"; else not_ok "$lang: walkthrough failed: $(cat "$tmp/err")"; continue; fi
  count=$(ls "$dir"/*.png 2>/dev/null | wc -l)
  [ "$count" -ge 6 ] && ok "$lang: $count pictures" || not_ok "$lang: only $count pictures"
  "$check_png" "$dir"/*.png >/dev/null && ok "$lang: no blank picture" || not_ok "$lang: a picture is blank"
  for f in "$dir"/*.png; do
    grep -qF "$(basename "$f")" "$dir/index.html" || { not_ok "$lang: index.html misses $(basename "$f")"; continue 2; }
  done
  ok "$lang: index.html shows every picture"
done
grep -q 'lang="fr"' "$tmp/fr/index.html" && ok "the French page says it is French" || not_ok "fr: lang attribute"
grep -q 'Étape 3' "$tmp/fr/index.html" && ok "the French page is in French" || not_ok "fr: no “Étape 3” in index.html"
grep -q 'Step 3' "$tmp/en/index.html" && ok "the English page is in English" || not_ok "en: no “Step 3” in index.html"
# The certificate step: an example, said so, and the name to check.
grep -q 'an example, not a real certificate.*(CN) must be mail.3xo.fr' "$tmp/en/index.html" \
  && ok "en: the certificate step is an example and names the CN" || not_ok "en: certificate caption"
grep -q 'un exemple, pas un vrai certificat.*(CN) doit être mail.3xo.fr' "$tmp/fr/index.html" \
  && ok "fr: the certificate step is an example and names the CN" || not_ok "fr: certificate caption"
echo "1..$n"
exit $fail
