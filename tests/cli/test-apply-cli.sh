#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `mail-setup --apply` end to end against the real servers of tests/servers
# (run-with-servers.sh sets MS_TEST_*): one exit code per kind of failure,
# a dry run that changes nothing, JSON that parses, and the password in no
# file.  The keyring part runs in tests/clients (real gnome-keyring).  TAP.
set -u
app=$1
b=$MS_TEST_BASE_PORT
tmp=$(mktemp -d)
lockpid=
trap '[ -n "$lockpid" ] && kill $lockpid 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share
export MAIL_SETUP_PIN_STORE=$tmp/home/pins.ini
mkdir -p "$HOME"
n=0 fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null | head -20; }

good_in="imap:127.0.0.1:$((b + 2)):SSL:localhost"
good_out="smtp:127.0.0.1:$((b + 7)):SSL:localhost"
apply () {  # description, expected exit, extra arguments
  desc=$1 want=$2; shift 2
  printf '%s\n' "${PASSWORD:-$MS_TEST_PASSWORD}" | "$app" --apply --name Alice --address "$MS_TEST_USER" \
    --password-stdin --ca-file "$MS_TEST_CA" --no-remember-password --clients thunderbird,evolution --timeout 3 "$@" \
    >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" = "$want" ]; then ok "$desc (exit $got)"; else not_ok "$desc: exit $got, expected $want"; fi
}
tree () { (cd "$HOME" && find . -type f ! -path './.cache/*' -exec sha256sum {} + 2>/dev/null | sort); }

apply "bad address" 2 --incoming "$good_in" --outgoing "$good_out" --address "alice@"
apply "unknown program" 2 --incoming "$good_in" --outgoing "$good_out" --clients outlook
apply "plain server without --allow-plaintext" 2 --incoming "imap:127.0.0.1:$((b + 1)):plain" --outgoing "$good_out"
apply "unreachable server" 3 --incoming "imap:127.0.0.1:$((b + 30)):SSL:localhost" --outgoing "$good_out"
PASSWORD=wrong apply "wrong password" 4 --incoming "$good_in" --outgoing "$good_out"
apply "certificate for another name" 5 --incoming "imap:127.0.0.2:$((b + 2)):SSL:localhost" --outgoing "$good_out"
[ -z "$(tree)" ] && ok "nothing written after the refusals" || not_ok "files were written after a refusal: $(tree)"

apply "dry run" 0 --incoming "$good_in" --outgoing "$good_out" --dry-run
[ -z "$(tree)" ] && ok "the dry run changed nothing" || not_ok "the dry run wrote: $(tree)"
grep -q '^+.*mail.server' "$tmp/out" && ok "the dry run shows the diff" || not_ok "no diff in the dry-run output"

apply "set up, with a test message" 0 --incoming "$good_in" --outgoing "$good_out" --json --test-message
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["exit_code"]==0 and len(d["clients"])==2 and all(c["ok"] for c in d["clients"]), d' "$tmp/out" \
  && ok "JSON parses and says both programs are done" || not_ok "JSON output"
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["test_message"]; assert t["sent"]=="ok" and t["received"]=="ok", t' "$tmp/out" \
  && ok "the test message was sent and received (real Postfix to Dovecot)" || not_ok "test message"
before=$(tree)
apply "run again" 0 --incoming "$good_in" --outgoing "$good_out"
n_accounts=$(grep -c '^user_pref("mail.account.account[0-9]*.server"' "$HOME"/.thunderbird/*/prefs.js)
[ "$n_accounts" = 1 ] && ok "run again: still one Thunderbird account" || not_ok "run again: $n_accounts accounts"
[ "$(ls "$XDG_CONFIG_HOME/evolution/sources" | wc -l)" = 3 ] && ok "run again: still three Evolution sources" || not_ok "Evolution sources: $(ls "$XDG_CONFIG_HOME/evolution/sources")"
if grep -rqF -- "$MS_TEST_PASSWORD" "$HOME" "$tmp/out" "$tmp/err"; then not_ok "the password is written somewhere in clear"; else ok "the password is in no file and no output"; fi

# Thunderbird running on the profile: refused, and nothing changes.
profile=$(dirname "$(ls "$HOME"/.thunderbird/*/prefs.js | head -n 1)")
python3 -c 'import fcntl,sys,time; f=open(sys.argv[1],"w"); fcntl.lockf(f,fcntl.LOCK_EX); print("locked",flush=True); time.sleep(120)' "$profile/.parentlock" > "$tmp/lock" &
lockpid=$!
for _ in $(seq 100); do grep -q locked "$tmp/lock" && break; sleep 0.05; done
before=$(sha256sum "$profile/prefs.js")
apply "Thunderbird running" 6 --incoming "$good_in" --outgoing "$good_out" --clients thunderbird --organization Changed
[ "$before" = "$(sha256sum "$profile/prefs.js")" ] && ok "the locked profile is untouched" || not_ok "prefs.js changed while locked"
kill $lockpid; lockpid=

# A settings file instead of options.
cat > "$tmp/settings.ini" <<EOT
[account]
name=Alice
address=$MS_TEST_USER
password-env=MS_PW
remember-password=false
[servers]
incoming=$good_in
outgoing=$good_out
[clients]
write=evolution
[certificates]
ca-file=$MS_TEST_CA
EOT
MS_PW=$MS_TEST_PASSWORD "$app" --apply --settings "$tmp/settings.ini" >"$tmp/out" 2>"$tmp/err" && ok "settings file" || not_ok "settings file"
"$app" --apply --settings "$tmp/nope.ini" >"$tmp/out" 2>"$tmp/err"; [ $? = 2 ] && ok "missing settings file: exit 2" || not_ok "missing settings file"

echo "1..$n"
exit $fail
