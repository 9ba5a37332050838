#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `mail-setup --apply` with the real keyring: run by run-with-servers.sh
# (the mail servers) inside run-with-keyring.sh (a private D-Bus session,
# with or without gnome-keyring-daemon).  Usage: APP with|without.  TAP.
set -u
app=$1 keyring=$2
b=$MS_TEST_BASE_PORT
export MAIL_SETUP_PIN_STORE=$HOME/pins.ini
n=0 fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$HOME/out" "$HOME/err" 2>/dev/null | head -20; }
apply () {
  desc=$1 want=$2; shift 2
  printf '%s\n' "$MS_TEST_PASSWORD" | "$app" --apply --name Alice --address "$MS_TEST_USER" --password-stdin \
    --incoming "imap:127.0.0.1:$((b + 2)):SSL:localhost" --outgoing "smtp:127.0.0.1:$((b + 7)):SSL:localhost" \
    --ca-file "$MS_TEST_CA" --clients thunderbird,evolution "$@" >"$HOME/out" 2>"$HOME/err"
  got=$?
  if [ "$got" = "$want" ]; then ok "$desc (exit $got)"; else not_ok "$desc: exit $got, expected $want"; fi
}

if [ "$keyring" = without ]; then
  apply "no keyring: refused, with the way out" 7
  cat "$HOME/out" "$HOME/err" | grep -q -- "--no-remember-password" && ok "the message names --no-remember-password" || not_ok "no hint"
  [ ! -d "$HOME/.config/evolution" ] && [ ! -d "$HOME/.thunderbird" ] && ok "nothing written" || not_ok "files written anyway"
  # A dry run shows everything even so, and ends with the blocker's code.
  apply "no keyring, dry run: the diff and the blocker" 7 --dry-run --json
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"]=="keyring" and d["blockers"][0]["kind"]=="keyring" and "--no-remember-password" in d["blockers"][0]["advice"] and all(c["diff"] for c in d["clients"]) and len(d["clients"])==2, d' "$HOME/out" \
    && ok "dry run: JSON lists the blocker with its advice, and both diffs" || not_ok "dry run JSON"
  [ ! -d "$HOME/.config/evolution" ] && ok "the dry run wrote nothing" || not_ok "the dry run wrote files"
  # Thunderbird keeps its password itself: no keyring needed.
  apply "Thunderbird alone needs no keyring" 0 --clients thunderbird
  ls "$HOME"/.thunderbird/*/logins.json >/dev/null 2>&1 && ok "Thunderbird's password store was written" || not_ok "no logins.json"
  apply "no keyring, --no-remember-password" 0 --no-remember-password
else
  apply "set up with the keyring" 0 --json
  uid=$(basename "$(ls "$HOME"/.config/evolution/sources/*-account.source)" .source)
  stored=$(secret-tool lookup e-source-uid "$uid")
  [ "$stored" = "$MS_TEST_PASSWORD" ] && ok "Evolution's password is in the keyring under its source UID" || not_ok "keyring lookup for $uid gave “$stored”"
  tuid=$(basename "$(ls "$HOME"/.config/evolution/sources/*-transport.source)" .source)
  [ "$(secret-tool lookup e-source-uid "$tuid")" = "$MS_TEST_PASSWORD" ] && ok "and the transport's" || not_ok "transport password"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c={x["id"]:x for x in d["clients"]}; assert c["evolution"]["password_stored"] and c["thunderbird"]["password_stored"], c' "$HOME/out" \
    && ok "both programs report the password stored" || not_ok "password_stored"
fi
if grep -rqF -- "$MS_TEST_PASSWORD" "$HOME" --exclude=keyring.log 2>/dev/null; then
  not_ok "the password is in a file in clear: $(grep -rlF -- "$MS_TEST_PASSWORD" "$HOME")"
else
  ok "the password is in no file in clear"
fi
echo "1..$n"
exit $fail
