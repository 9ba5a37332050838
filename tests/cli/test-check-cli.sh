#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `mail-setup --check` end to end, as a helpdesk would ask a customer to
# run it, against the real servers of tests/servers (run-with-servers.sh
# sets MS_TEST_*).  TAP output.
set -u
app=$1
base=$MS_TEST_BASE_PORT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MAIL_SETUP_PIN_STORE="$tmp/pins.ini"
n=0
fail=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null; }
check () {  # description, expected exit code, then mail-setup arguments
  desc=$1 want=$2; shift 2
  printf '%s\n' "$MS_TEST_PASSWORD" | "$app" --check "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" = "$want" ]; then ok "$desc (exit $got)"; else not_ok "$desc: exit $got, expected $want"; fi
}
contains () {  # description, text
  if grep -qF -- "$2" "$tmp/out"; then ok "$1"; else not_ok "$1: no “$2” in the output"; fi
}

good="imap:127.0.0.1:$((base + 2)):SSL:localhost"
check "good IMAPS login, trusted through the CA" 0 --server "$good" --address "$MS_TEST_USER" \
  --password-stdin --ca-file "$MS_TEST_CA" --json
contains "JSON says the login worked" '"login":"ok"'
contains "JSON has the certificate fingerprint" '"sha256"'
if grep -qF -- "$MS_TEST_PASSWORD" "$tmp/out" "$tmp/err"; then not_ok "the password never appears in the output"; else ok "the password never appears in the output"; fi

check "every protocol and mode" 0 --address "$MS_TEST_USER" --password-stdin --ca-file "$MS_TEST_CA" \
  --server "imap:127.0.0.1:$((base + 1)):STARTTLS:localhost" --server "pop3:127.0.0.1:$((base + 3)):STARTTLS:localhost" \
  --server "pop3:127.0.0.1:$((base + 4)):SSL:localhost" --server "smtp:127.0.0.1:$((base + 6)):STARTTLS:localhost" \
  --server "smtp:127.0.0.1:$((base + 7)):SSL:localhost"

check "local-part username is refused with the full-address hint" 1 --server "$good" --username alice \
  --address "$MS_TEST_USER" --password-stdin --ca-file "$MS_TEST_CA"
contains "the hint names the full e-mail address" "full e-mail address"

check "wrong certificate name is refused" 1 --server "imap:127.0.0.2:$((base + 2)):SSL:localhost" --ca-file "$MS_TEST_CA"
contains "the reason names the wrong name" "wrong.example.org"

check "private CA without trust: untrusted" 1 --server "$good" --json
contains "JSON error code cert-untrusted" '"code":"cert-untrusted"'
# The leaf comes first in the chain.
sha=$(grep -o '"sha256":"[0-9A-F:]*"' "$tmp/out" | head -n 1 | cut -d'"' -f4)
check "the same certificate accepted by fingerprint" 0 --server "$good" --accept-fingerprint "127.0.0.1:$((base + 2))=$sha" \
  --address "$MS_TEST_USER" --password-stdin
check "a fingerprint for another port does not count" 1 --server "$good" --accept-fingerprint "127.0.0.1:$((base + 1))=$sha"
check "a malformed fingerprint is a usage error" 2 --server "$good" --accept-fingerprint "nonsense"
check "a malformed server is a usage error" 2 --server "imap:127.0.0.1"
check "a missing profile file is a usage error" 2 --profile "$tmp/nope.xml"

echo "1..$n"
exit $fail
