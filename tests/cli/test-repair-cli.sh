#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --diagnose and --repair against the real servers, with port 25 filtered:
# a private network namespace where the standard ports forward to the
# harness Dovecot and Postfix (tests/servers) and nothing listens on 25,
# a real keyring and evolution-source-registry, and the accounts broken
# the way customers break them:
#   Thunderbird: the username without the domain, SMTP on 25 STARTTLS,
#                and a second account on POP3;
#   Evolution:   STARTTLS set on the IMAPS port 993.
# After --repair, headless Thunderbird logs in with the repaired settings,
# a message sent through the repaired SMTP settings arrives, the registry
# shows the repaired Evolution account under its own UID, and no account
# was added.  TAP.
# Usage: test-repair-cli.sh SERVERS KEYRING REGISTRY_WAIT APP
set -u
if [ "${MS_IN_NETNS:-}" != 1 ]; then
  command -v unshare >/dev/null && command -v ip >/dev/null && command -v socat >/dev/null \
    || { echo "SKIP: unshare, ip (iproute2) and socat are needed" >&2; exit 77; }
  [ "$(id -u)" = 0 ] || { echo "SKIP: a network namespace needs root" >&2; exit 77; }
  MS_IN_NETNS=1 exec unshare -n "$0" "$@"
fi
servers=$1 keyring=$2 regwait=$3 app=$4
if [ -z "${MS_TEST_BASE_PORT:-}" ]; then
  ip link set lo up || exit 1
  exec "$servers" 26400 "$0" "$@"
fi
if [ -z "${MS_TEST_ROOT:-}" ]; then
  b=$MS_TEST_BASE_PORT
  pids=
  for pair in 993:2 143:1 995:4 110:3 465:7 587:6; do
    socat TCP-LISTEN:${pair%%:*},bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:$((b + ${pair##*:})) &
    pids="$pids $!"
  done
  # 127.0.0.5 presents the renewed certificate (tests/servers).
  socat TCP-LISTEN:993,bind=127.0.0.5,reuseaddr,fork TCP:127.0.0.5:$((b + 2)) &
  pids="$pids $!"
  for port in 993 143 995 110 465 587; do
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
  done
  "$keyring" --keyring --registry -- "$0" "$@"
  status=$?
  kill $pids 2>/dev/null
  exit $status
fi

# ---- the test itself: private HOME, keyring and registry ----
tmp=$MS_TEST_ROOT/t
mkdir -p "$tmp"
export MAIL_SETUP_PIN_STORE=$tmp/pins.ini
n=0 fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; cat "$tmp/out" "$tmp/err" 2>/dev/null | head -c 3000 | sed 's/^/# /'; echo; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
tree () { (cd "$HOME" && find .thunderbird .config/evolution -type f ! -name '*.bak*' -exec sha256sum {} + 2>/dev/null | sort); }
user=$MS_TEST_USER local=${MS_TEST_USER%@*}

cat > "$tmp/provider.xml" <<EOX
<clientConfig version="1.1" xmlns:ms="https://mailsetup.github.io/ns/provider/1">
<emailProvider id="repairtest"><domain>example.test</domain><displayName>Repair Test</displayName>
<incomingServer type="imap"><hostname>localhost</hostname><port>993</port><socketType>SSL</socketType>
<username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>localhost</hostname><port>465</port><socketType>SSL</socketType>
<username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>
EOX
fp=$(certtool --fingerprint --hash=sha256 --infile "$MS_TEST_DIR/certs/good.pem" 2>/dev/null | tr a-f A-F | sed 's/../&:/g; s/:$//')
ms () { "$app" --profile "$tmp/provider.xml" --timeout 3 "$@" >"$tmp/out" 2>"$tmp/err"; }

# A working setup first, as Mail Setup writes it (with the certificate
# exceptions Thunderbird needs for the test CA)...
printf '%s\n' "$MS_TEST_PASSWORD" | ms --apply --name Alice --address "$user" --password-stdin \
  --incoming imap:localhost:993:SSL --outgoing smtp:localhost:465:SSL --clients thunderbird,evolution \
  --accept-fingerprint "localhost:993=$fp" --accept-fingerprint "localhost:465=$fp" --no-remember-password
check "the account is set up in both programs" '[ $? = 0 ]'
prefs=$(ls "$HOME"/.thunderbird/*/prefs.js | head -n 1)
profile=$(dirname "$prefs")
sources=$XDG_CONFIG_HOME/evolution/sources
evo_account=$(grep -l '^\[Mail Account\]' "$sources"/*.source | head -n 1)
evo_uid=$(basename "$evo_account" .source)

# ...then broken the way customers' are.
sed -i -e "s/\"mail.server.server1.userName\", \"$user\"/\"mail.server.server1.userName\", \"$local\"/" \
       -e 's/"mail.smtpserver.smtp1.port", 465/"mail.smtpserver.smtp1.port", 25/' \
       -e 's/"mail.smtpserver.smtp1.try_ssl", 3/"mail.smtpserver.smtp1.try_ssl", 2/' \
       -e 's/"mail.accountmanager.accounts", "\([^"]*\)"/"mail.accountmanager.accounts", "\1,account9"/' "$prefs"
cat >> "$prefs" <<EOP
user_pref("mail.account.account9.server", "server9");
user_pref("mail.account.account9.identities", "id9");
user_pref("mail.server.server9.type", "pop3");
user_pref("mail.server.server9.hostname", "localhost");
user_pref("mail.server.server9.port", 995);
user_pref("mail.server.server9.socketType", 3);
user_pref("mail.server.server9.userName", "$user");
user_pref("mail.identity.id9.useremail", "$user");
EOP
# The customer accepted the server's certificate for POP3 in Thunderbird.
sed -n 's/^localhost:993:/localhost:995:/p' "$profile/cert_override.txt" >> "$profile/cert_override.txt"
sed -i 's/^Method=ssl-on-alternate-port$/Method=starttls-on-standard-port/' "$evo_account"
grep -q 'userName", "'"$local"'"' "$prefs" && grep -q 'smtp1.port", 25' "$prefs" \
  && grep -q '^Method=starttls-on-standard-port' "$evo_account"
check "the accounts are broken as customers break them" '[ $? = 0 ]'
"$regwait" "$evo_uid" starttls-on-standard-port 993 "$user" 30 >"$tmp/out" 2>"$tmp/err"
check "the registry has the broken Evolution account" '[ $? = 0 ]'
accounts_before=$(sed -n 's/^accounts: //p' "$tmp/out")
tb_accounts=$(grep '"mail.accountmanager.accounts"' "$prefs")
evo_files=$(ls "$sources" | grep "\.source$")

# --diagnose names each problem, port 25 seen filtered.
ms --diagnose --json
check "--diagnose finds problems (exit 1)" '[ $? = 1 ]'
kinds () {  # program account-key
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(sorted(p["kind"]+("*" if p["seen"] else "")+":"+p["server"] for a in d["accounts"] if a["program"]==sys.argv[2] and a["account"]==sys.argv[3] for p in a["problems"])))' "$tmp/out" "$@"
}
check "JSON: the servers were contacted" 'python3 -c "import json,sys; assert json.load(open(sys.argv[1]))[\"checked\"]" "$tmp/out"'
got=$(kinds thunderbird account1)
check "Thunderbird: username without the domain, port 25 filtered ($got)" \
  'case "$got" in *"local-part-username:incoming"*"port-25*:outgoing"*) true;; *) false;; esac'
check "Thunderbird: the fix for port 25 is 465 SSL/TLS, which answers" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); a=[a for a in d[\"accounts\"] if a[\"account\"]==\"account1\"][0]; e=a[\"repair\"][\"outgoing\"]; assert e[\"port\"]==465 and e[\"security\"]==\"SSL\", e" "$tmp/out"'
got=$(kinds thunderbird account9)
check "Thunderbird: the POP3 account is explained, its SMTP on 25 too ($got)" '[ "$got" = "pop3:incoming port-25*:outgoing" ]'
got=$(kinds evolution "$evo_uid")
check "Evolution: the security does not match port 993 ($got)" 'case "$got" in *security-mismatch*:incoming*) true;; *) false;; esac'
ms --diagnose
check "the text names the full address and port 25" 'grep -q "full e-mail address" "$tmp/out" && grep -q "465" "$tmp/out"'

# --dry-run shows the diff and changes nothing.
before=$(tree)
ms --repair --dry-run
check "--repair --dry-run (exit 0)" '[ $? = 0 ]'
check "the dry run shows the username change" 'grep -q "^+.*server1.userName.*$user" "$tmp/out"'
check "the dry run changed nothing" '[ "$(tree)" = "$before" ]'

# Thunderbird running on the profile: refused, nothing changes there.
# Evolution's account is repaired meanwhile; it is broken again after, so
# that the real repair below covers both programs.
cp "$evo_account" "$tmp/evo-broken.source"
python3 -c 'import fcntl,sys,time; f=open(sys.argv[1],"w"); fcntl.lockf(f,fcntl.LOCK_EX); print("locked",flush=True); time.sleep(120)' "$profile/.parentlock" > "$tmp/lock" &
lockpid=$!
for _ in $(seq 100); do grep -q locked "$tmp/lock" && break; sleep 0.05; done
ms --repair --json
status=$?
kill $lockpid; wait $lockpid 2>/dev/null
check "--repair while Thunderbird holds the profile: exit 6" '[ $status = 6 ]'
check "the refusal asks to close Thunderbird" 'grep -qi "close" "$tmp/out"'
check "Thunderbird's profile is unchanged after the refusal" 'grep -q "smtp1.port\", 25" "$prefs"'
cp "$tmp/evo-broken.source" "$evo_account"
"$regwait" "$evo_uid" starttls-on-standard-port 993 "$user" 30 >"$tmp/out" 2>"$tmp/err"
check "the registry sees the Evolution account broken again" '[ $? = 0 ]'

# The repair, with the password typed.
printf '%s\n' "$MS_TEST_PASSWORD" | ms --repair --address "$user" --password-stdin --json
check "--repair (exit 0)" '[ $? = 0 ]'
check "JSON: every repair ok, password stored" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d[\"repairs\"]; assert d[\"ok\"] and len(r)==3 and all(x[\"ok\"] and x[\"password_stored\"] and x[\"backups\"] for x in r), r" "$tmp/out"'
check "Thunderbird: same keys, full address, 465 SSL/TLS" \
  'grep -q "\"mail.server.server1.userName\", \"$user\"" "$prefs" && grep -q "\"mail.smtpserver.smtp1.port\", 465" "$prefs" && grep -q "\"mail.smtpserver.smtp1.try_ssl\", 3" "$prefs"'
check "Thunderbird: the same accounts, none added" '[ "$(grep "\"mail.accountmanager.accounts\"" "$prefs")" = "$tb_accounts" ]'
check "Evolution: the same source files, none added" '[ "$(ls "$sources" | grep "\.source$")" = "$evo_files" ]'
check "Evolution: SSL/TLS on 993 in the same source" 'grep -q "^Method=ssl-on-alternate-port" "$evo_account"'
"$regwait" "$evo_uid" ssl-on-alternate-port 993 "$user" 30 >"$tmp/out" 2>"$tmp/err"
check "the registry reloads the repaired account under its UID" '[ $? = 0 ]'
check "the registry has as many accounts as before" '[ "$(sed -n "s/^accounts: //p" "$tmp/out")" = "$accounts_before" ]'
check "the password is in no file in clear" '! grep -rqF -- "$MS_TEST_PASSWORD" "$HOME"'

ms --diagnose --json
check "--diagnose after the repair: only POP3 is left" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); k=[p[\"kind\"] for a in d[\"accounts\"] for p in a[\"problems\"]]; assert k==[\"pop3\"], k" "$tmp/out"'

# Headless Thunderbird logs in with the repaired settings and password.
log=$MS_TEST_DIR/dovecot/dovecot.log
from=$(wc -c < "$log")
( cd "$HOME" && exec env -u G_DEBUG -u G_ENABLE_DIAGNOSTIC -u MALLOC_PERTURB_ setsid thunderbird --headless ) >"$tmp/tb.log" 2>&1 &
tbpid=$!
logged=no
for _ in $(seq 750); do
  tail -c +$((from + 1)) "$log" | grep -q "imap-login: .*Login: user=<$user>," && { logged=yes; break; }
  kill -0 $tbpid 2>/dev/null || break
  sleep 0.2
done
kill -TERM -- -$tbpid 2>/dev/null || kill $tbpid 2>/dev/null
for _ in $(seq 100); do kill -0 $tbpid 2>/dev/null || break; sleep 0.1; done
kill -KILL -- -$tbpid 2>/dev/null
[ $logged = yes ] || { echo "# thunderbird:"; tail -n 20 "$tmp/tb.log" | sed 's/^/# /'; }
check "headless Thunderbird logs in with the repaired account" '[ $logged = yes ]'

# A message through the repaired SMTP settings (read back from prefs.js) arrives.
port=$(sed -n 's/.*"mail.smtpserver.smtp1.port", \([0-9]*\).*/\1/p' "$prefs")
smtp_user=$(sed -n 's/.*"mail.smtpserver.smtp1.username", "\([^"]*\)".*/\1/p' "$prefs")
python3 - "$port" "$smtp_user" "$user" "$MS_TEST_CA" <<'EOPY' >"$tmp/out" 2>&1
import imaplib, os, smtplib, ssl, sys, time, uuid
port, login, addr, ca = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
subject = "repair-" + uuid.uuid4().hex
with smtplib.SMTP_SSL("localhost", port, context=ctx, timeout=10) as s:
    s.login(login, os.environ["MS_TEST_PASSWORD"])
    s.sendmail(addr, [addr], f"From: {addr}\r\nTo: {addr}\r\nSubject: {subject}\r\n\r\nrepaired\r\n")
deadline = time.time() + 30
while time.time() < deadline:
    with imaplib.IMAP4_SSL("localhost", 993, ssl_context=ctx) as m:
        m.login(addr, os.environ["MS_TEST_PASSWORD"])
        m.select("INBOX")
        if m.search(None, "SUBJECT", subject)[1][0].split():
            print("arrived", subject); sys.exit(0)
    time.sleep(0.3)
sys.exit(1)
EOPY
check "a message sent through the repaired SMTP settings arrives" '[ $? = 0 ]'

# A renewal: the customer's exception is for the old certificate.
cat > "$tmp/renewed.xml" <<EOX
<clientConfig version="1.1" xmlns:ms="https://mailsetup.github.io/ns/provider/1">
<emailProvider id="renewtest"><domain>example.test</domain><displayName>Renewal Test</displayName>
<incomingServer type="imap"><hostname>127.0.0.5</hostname><port>993</port><socketType>SSL</socketType>
<username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
<ms:certificateName>localhost</ms:certificateName></incomingServer>
<outgoingServer type="smtp"><hostname>127.0.0.5</hostname><port>465</port><socketType>SSL</socketType>
<username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
<ms:certificateName>localhost</ms:certificateName></outgoingServer>
</emailProvider></clientConfig>
EOX
sed -i 's/"mail.accountmanager.accounts", "\([^"]*\)"/"mail.accountmanager.accounts", "\1,account10"/' "$prefs"
cat >> "$prefs" <<EOP
user_pref("mail.account.account10.server", "server10");
user_pref("mail.account.account10.identities", "id10");
user_pref("mail.server.server10.type", "imap");
user_pref("mail.server.server10.hostname", "127.0.0.5");
user_pref("mail.server.server10.port", 993);
user_pref("mail.server.server10.socketType", 3);
user_pref("mail.server.server10.userName", "$user");
user_pref("mail.identity.id10.useremail", "$user");
EOP
sed -n 's/^localhost:993:/127.0.0.5:993:/p' "$profile/cert_override.txt" >> "$profile/cert_override.txt"
"$app" --profile "$tmp/renewed.xml" --timeout 3 --diagnose --json >"$tmp/out" 2>"$tmp/err"
check "a renewed certificate: the old exception is named stale, with the way to renew it" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); a=[a for a in d[\"accounts\"] if a[\"account\"]==\"account10\"][0]; k=[p for p in a[\"problems\"] if p[\"kind\"]==\"stale-certificate\"]; assert k and \"--certificates\" in k[0][\"fix\"], a[\"problems\"]; assert \"server-fails\" not in [p[\"kind\"] for p in a[\"problems\"]]" "$tmp/out"'

echo "1..$n"
exit $fail
