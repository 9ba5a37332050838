#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mail-setup --diagnose on a Thunderbird profile holding accounts broken
# the way customers' are (tests/cli/diagnose).  TAP output.
# Usage: test-diagnose-cli.sh MAIL_SETUP
set -u
app=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config LANGUAGE=en
mkdir -p "$HOME/.thunderbird/abc.default"
cp "$here/diagnose/profiles.ini" "$HOME/.thunderbird/profiles.ini"
cp "$here/diagnose/prefs.js" "$HOME/.thunderbird/abc.default/prefs.js"
before=$(sha256sum "$HOME/.thunderbird/abc.default/prefs.js")
n=0 fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null | head -30; }
kinds () { /usr/bin/env python3 -c "
import json, sys
d = json.load(open('$tmp/out'))
a = [x for x in d['accounts'] if x['address'] == sys.argv[1]][0]
print(' '.join(p['server'] + ':' + p['kind'] for p in a['problems']))" "$1"; }

"$app" --offline --diagnose --json >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status = 1 ] && ok "problems found: exit 1" || not_ok "exit $status, not 1"
[ "$(python3 -c "import json; print(len(json.load(open('$tmp/out'))['accounts']))")" = 2 ] \
  && ok "two mail accounts; Local Folders left out" || not_ok "account count"
[ "$(kinds test@test.com)" = "incoming:local-part-username outgoing:local-part-username outgoing:port-25" ] \
  && ok "test@test.com: username without the domain on both servers, SMTP on 25" || not_ok "test@test.com: $(kinds test@test.com)"
[ "$(kinds bob@3xo.fr)" = "incoming:pop3 outgoing:security-mismatch" ] \
  && ok "bob@3xo.fr: POP3 explained, SSL on port 587" || not_ok "bob@3xo.fr: $(kinds bob@3xo.fr)"
python3 - "$tmp/out" <<'PY' && ok "each fix says the server as it should be" || not_ok "fix endpoints"
import json, sys
d = json.load(open(sys.argv[1]))
fixes = {(a['address'], p['kind'], p['server']): p['fix_endpoint'] for a in d['accounts'] for p in a['problems']}
assert fixes[('test@test.com', 'port-25', 'outgoing')]['port'] == 465
assert fixes[('test@test.com', 'port-25', 'outgoing')]['security'] == 'SSL'
assert fixes[('bob@3xo.fr', 'security-mismatch', 'outgoing')]['security'] == 'STARTTLS'
assert fixes[('bob@3xo.fr', 'pop3', 'incoming')] is None
assert d['problems'] == 5
assert d['ok'] is False and d['exit_code'] == 1 and d['exit'] == 'failed'
PY

"$app" --offline --diagnose --address bob@3xo.fr >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status = 1 ] && grep -q "Outgoing server: Port 587 is set with SSL/TLS" "$tmp/out" && ! grep -q "test@test.com" "$tmp/out" \
  && ok "text, one address: the outgoing server's mismatch, nobody else's account" || not_ok "--address (exit $status)"
LANGUAGE=fr "$app" --offline --diagnose --address test@test.com >"$tmp/out" 2>"$tmp/err"
grep -q "adresse e-mail complète" "$tmp/out" && ok "in French, in the guide's words" || not_ok "French"
"$app" --offline --diagnose --address nobody@example.org >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status = 0 ] && grep -q "No Thunderbird or Evolution account has this address" "$tmp/out" && ok "unknown address: exit 0, said" \
  || not_ok "unknown address (exit $status)"
[ "$(sha256sum "$HOME/.thunderbird/abc.default/prefs.js")" = "$before" ] && ok "prefs.js unchanged" || not_ok "prefs.js changed"

# --repair without contacting the servers: the same keys, a backup.
prefs=$HOME/.thunderbird/abc.default/prefs.js
"$app" --offline --repair --dry-run >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status = 0 ] && grep -q '^+user_pref("mail.server.server1.userName", "test@test.com");' "$tmp/out" \
  && [ "$(sha256sum "$prefs")" = "$before" ] && ok "--repair --dry-run: the diff, nothing changed" || not_ok "dry run (exit $status)"
"$app" --offline --repair --address test@test.com >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status = 0 ] && grep -q '"mail.server.server1.userName", "test@test.com"' "$prefs" \
  && grep -q '"mail.smtpserver.smtp1.port", 465' "$prefs" && grep -q '"mail.smtpserver.smtp1.try_ssl", 3' "$prefs" \
  && grep -q '"mail.accountmanager.accounts", "account1,account2,account3"' "$prefs" \
  && grep -q '"mail.smtpserver.smtp2.try_ssl", 3' "$prefs" \
  && ok "--repair --address: that account fixed under the same keys, the other left alone" || not_ok "repair (exit $status)"
ls "$HOME/.thunderbird/abc.default" | grep -q '^prefs\.js\..*' && grep -q "Backup:" "$tmp/out" \
  && ok "a backup of prefs.js is kept and named" || not_ok "backup: $(ls "$HOME/.thunderbird/abc.default")"
"$app" --offline --diagnose --address test@test.com >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status = 0 ] && ok "after the repair, nothing wrong with test@test.com" || not_ok "still problems (exit $status)"
printf 'user_pref("mail.accountmanager.accounts", "a1");\nuser_pref(' > "$HOME/.thunderbird/abc.default/prefs.js"
"$app" --offline --diagnose --json >"$tmp/out" 2>"$tmp/err"; status=$?
[ $status = 0 ] && python3 -c "import json; assert json.load(open('$tmp/out'))['unreadable']" && ok "a damaged prefs.js: named, valid JSON" \
  || not_ok "damaged prefs.js (exit $status)"
echo "1..$n"
exit $fail
