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

check "local-part username is refused with the full-address hint (exit 4: authentication)" 4 --server "$good" \
  --username alice --address "$MS_TEST_USER" --password-stdin --ca-file "$MS_TEST_CA"
contains "the hint names the full e-mail address" "full e-mail address"

check "wrong certificate name is refused (exit 5: certificate)" 5 --server "imap:127.0.0.2:$((base + 2)):SSL:localhost" --ca-file "$MS_TEST_CA"
contains "the reason names the wrong name" "wrong.example.org"
contains "the guide's advice" "Do not connect"

check "private CA without trust: needs approval" 5 --server "$good" --json
contains "JSON error code cert-untrusted" '"code":"cert-untrusted"'
contains "JSON verdict needs approval" '"verdict":"needs-approval"'
# The leaf comes first in the chain.
sha=$(grep -o '"sha256":"[0-9A-F:]*"' "$tmp/out" | head -n 1 | cut -d'"' -f4)
check "the same certificate accepted by fingerprint" 0 --server "$good" --accept-fingerprint "127.0.0.1:$((base + 2))=$sha" \
  --address "$MS_TEST_USER" --password-stdin
contains "the pin is named" "You accepted this exact certificate earlier"
check "a fingerprint for another port does not count" 5 --server "$good" --accept-fingerprint "127.0.0.1:$((base + 1))=$sha"
check "unreachable is exit 3" 3 --server "imap:127.0.0.1:$((base + 30)):SSL:localhost"
check "a malformed fingerprint is a usage error" 2 --server "$good" --accept-fingerprint "nonsense"
check "a malformed server is a usage error" 2 --server "imap:127.0.0.1"
check "a missing profile file is a usage error" 2 --profile "$tmp/nope.xml"
check "a timeout out of range is a usage error, not an overflow" 2 --server "$good" --timeout 3000000
contains_err () { if grep -qF -- "$2" "$tmp/err"; then ok "$1"; else not_ok "$1: no “$2” on stderr"; fi; }
contains_err "the timeout error names the option" "--timeout"

# The account, not every door: a profile with the account's two servers
# (IMAPS and SMTPS) and every other door of the host listed apart.
profile="$tmp/local.xml"
cat > "$profile" <<EOT
<clientConfig version="1.1" xmlns:ms="https://mailsetup.github.io/ns/provider/1">
  <emailProvider id="local.test"><domain>example.test</domain><displayName>Local</displayName>
    <incomingServer type="imap"><hostname>127.0.0.1</hostname><port>$((base + 2))</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
      <ms:certificateName>localhost</ms:certificateName></incomingServer>
    <outgoingServer type="smtp"><hostname>127.0.0.1</hostname><port>$((base + 7))</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
      <ms:certificateName>localhost</ms:certificateName></outgoingServer>
  </emailProvider>
</clientConfig>
EOT
check "the account is judged, the other doors do not change it" 0 --profile "$profile" --address "$MS_TEST_USER" \
  --password-stdin --ca-file "$MS_TEST_CA"
contains "the last line says the account works" "This account will work as set up."
contains "the other doors are listed as alternatives" "they do not change the verdict"
check "--all-ports judges every door" 3 --profile "$profile" --address "$MS_TEST_USER" --password-stdin \
  --ca-file "$MS_TEST_CA" --all-ports
contains "--all-ports: the last line says not every door works" "Not every server checked works"
check "the account in JSON" 0 --profile "$profile" --address "$MS_TEST_USER" --password-stdin --ca-file "$MS_TEST_CA" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["works"] and d["exit_code"]==0 and [s["role"] for s in d["servers"]]==["incoming","outgoing"] and len(d["alternatives"])>0, d' "$tmp/out" \
  && ok "JSON: works, two servers with their roles, alternatives apart" || not_ok "JSON account shape"

# Bad input: invalid UTF-8 in an option is named, exit 2, and --json still answers in JSON.
printf '%s\n' "$MS_TEST_PASSWORD" | "$app" --check --address "$(printf 'a\377@b.c')" --json >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 2 ] && ok "invalid UTF-8: exit 2" || not_ok "invalid UTF-8: exit $got"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit_code"]==2 and "--address" in d["error"], d' "$tmp/out" \
  && ok "invalid UTF-8: JSON names the option" || not_ok "invalid UTF-8 JSON"
# A NUL byte in the password is refused, not cut short.
printf 'abc\000def\n' | "$app" --check --server "$good" --address "$MS_TEST_USER" --password-stdin >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 2 ] && grep -q NUL "$tmp/err" && ok "a NUL byte in the password: exit 2, named" || not_ok "NUL password: exit $got"
# A password longer than the bound is refused with a clear message.
head -c 5000 /dev/zero | tr '\0' x | "$app" --check --server "$good" --address "$MS_TEST_USER" --password-stdin >"$tmp/out" 2>"$tmp/err"
got=$?
[ "$got" = 2 ] && grep -q 4096 "$tmp/err" && ok "a too long password: exit 2, with the bound" || not_ok "long password: exit $got"
# Debug messages never land in the JSON.
G_MESSAGES_DEBUG=all "$app" --check --server "imap:127.0.0.1:$((base + 30)):SSL:localhost" --json >"$tmp/out" 2>"$tmp/err"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" && ok "JSON stays JSON with G_MESSAGES_DEBUG=all" \
  || not_ok "debug output broke the JSON"

# Interrupted while waiting on a silent server: exit 130.
python3 -c 'import socket,sys,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5); print("ready", flush=True); time.sleep(60)' \
  $((base + 21)) > "$tmp/silent" &
silent=$!
for _ in $(seq 100); do grep -q ready "$tmp/silent" && break; sleep 0.05; done
"$app" --check --server "imap:127.0.0.1:$((base + 21)):SSL:localhost" --timeout 30 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do [ -n "$(ss -Htn state established "( dport = :$((base + 21)) )" 2>/dev/null)" ] && break; sleep 0.05; done
kill -INT $pid
wait $pid
got=$?
[ "$got" = 130 ] && ok "interrupted: exit 130" || not_ok "interrupted: exit $got"

# A crash while the password is held leaves no core file with it.  The
# control shows that this machine would write one for a process that does
# not protect itself.
mkdir "$tmp/cores"
(cd "$tmp/cores" && ulimit -c unlimited && sh -c 'kill -SEGV $$') 2>/dev/null
if ls "$tmp/cores" | grep -q core; then
  rm -f "$tmp/cores"/core*
  secret="Secret-$$-in-memory"
  (cd "$tmp/cores" && ulimit -c unlimited && printf '%s\n' "$secret" | exec "$app" --check --server "imap:127.0.0.1:$((base + 21)):SSL:localhost" --address "$MS_TEST_USER" --password-stdin --timeout 30 >/dev/null 2>&1) &
  crashing=$!
  for _ in $(seq 100); do pid=$(pgrep -f -n "mail-setup --check --server imap:127.0.0.1:$((base + 21))") && [ -n "$(ss -Htnp state established "( dport = :$((base + 21)) )" 2>/dev/null | grep "pid=$pid,")" ] && break; sleep 0.05; done
  kill -SEGV "$pid"
  wait $crashing
  if ls "$tmp/cores" | grep -q core || grep -rqF "$secret" "$tmp/cores"; then
    not_ok "a crash with the password held leaves a core file"
  else
    ok "a crash with the password held leaves no core file"
  fi
else
  ok "a crash leaves no core file # SKIP this machine writes no core file in the working folder"
fi
kill $silent 2>/dev/null

echo "1..$n"
exit $fail
