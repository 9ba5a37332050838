#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `mail-setup --certificates` end to end against the real servers of
# tests/servers (run-with-servers.sh sets MS_TEST_*): the exceptions of a
# private home compared with what each server presents (renewed on
# 127.0.0.5, wrong name on .2), every exit code, the text and the JSON,
# the dry run, renewal, removal and the authority.  TAP output.
set -u
app=$1
base=$MS_TEST_BASE_PORT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config"
export MAIL_SETUP_PIN_STORE="$tmp/pins.ini"
n=0
fail=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null; }
run () {  # description, expected exit code, then mail-setup arguments
  desc=$1 want=$2; shift 2
  "$app" --certificates --profile "$tmp/provider.xml" "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" = "$want" ]; then ok "$desc (exit $got)"; else not_ok "$desc: exit $got, expected $want"; fi
}
contains () {  # description, text
  if grep -qF -- "$2" "$tmp/out" "$tmp/err"; then ok "$1"; else not_ok "$1: no “$2” in the output"; fi
}
lacks () {  # description, file, text
  if grep -qF -- "$3" "$2"; then not_ok "$1: “$3” is still in $2"; else ok "$1"; fi
}
json () {  # description, python expression on the document `d`
  if python3 -c "import json,sys; d=json.load(open('$tmp/out')); sys.exit(0 if ($2) else 1)" 2>"$tmp/err"; then
    ok "$1"; else not_ok "$1"; fi
}
sha () { certtool --fingerprint --hash=sha256 --infile "$MS_TEST_DIR/certs/$1.pem" 2>/dev/null |
         tr 'a-f' 'A-F' | sed 's/../&:/g; s/:$//'; }

good=$(sha good)
renewed=$(sha renewed)
wrong=$(sha wrongname)
profile="$HOME/.thunderbird/test.default"
mkdir -p "$profile"
printf '[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n' \
  > "$HOME/.thunderbird/profiles.ini"
{
  printf '# PSM Certificate Override Settings file\n# This is a generated file!  Do not edit.\n'
  for hp in 127.0.0.5:$((base + 2)) 127.0.0.5:$((base + 7)) 127.0.0.1:$((base + 2)) 127.0.0.2:$((base + 2)); do
    printf '%s:\tOID.2.16.840.1.101.3.4.2.1\t%s\t\n' "$hp" "$good"
  done
} > "$profile/cert_override.txt"
cat > "$tmp/provider.xml" <<EOX
<clientConfig version="1.1" xmlns:ms="https://mailsetup.github.io/ns/provider/1">
  <emailProvider id="test"><domain>example.test</domain><displayName>Test Mail</displayName>
    <incomingServer type="imap"><hostname>127.0.0.5</hostname><port>$((base + 2))</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName></incomingServer>
    <incomingServer type="imap"><hostname>127.0.0.1</hostname><port>$((base + 2))</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName></incomingServer>
    <incomingServer type="imap"><hostname>127.0.0.2</hostname><port>$((base + 2))</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName></incomingServer>
    <outgoingServer type="smtp"><hostname>127.0.0.5</hostname><port>$((base + 7))</port><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication><ms:certificateName>localhost</ms:certificateName></outgoingServer>
  </emailProvider>
</clientConfig>
EOX
before=$(cat "$profile/cert_override.txt")

run "a renewal and a wrong name need a decision (exit 5)" 5
contains "the renewed certificate is named so" "[Renewed] The server presents a new certificate for localhost."
contains "the wrong name is refused, with the guide's advice" "Do not connect"
contains "the days left are said" "more days"
contains "the command to accept is given" "--accept-fingerprint 127.0.0.5:$((base + 2))=$renewed"
run "JSON" 5 --json
json "JSON: four exceptions, each with its status" "[e['status'] for e in d['exceptions']] == ['renewed','renewed','same','wrong-name']"
json "JSON: the old and new fingerprints" "d['exceptions'][0]['stored']['sha256'] == '$good' and d['exceptions'][0]['server']['sha256'] == '$renewed'"
json "JSON: days left" "d['exceptions'][0]['server']['days_left'] > 300"

run "--renew without a fingerprint accepts nothing" 5 --renew
contains "it says why" "its fingerprint was not confirmed"
if [ "$(cat "$profile/cert_override.txt")" = "$before" ]; then ok "nothing changed"; else not_ok "nothing changed"; fi
run "a wrong name is refused whatever the fingerprint" 5 --renew --accept-fingerprint "127.0.0.2:$((base + 2))=$wrong"
contains "the refusal names the wrong name" "wrong.example.org"
if [ "$(cat "$profile/cert_override.txt")" = "$before" ]; then ok "nothing changed"; else not_ok "nothing changed"; fi
run "a fingerprint that is not the server's" 5 --renew --accept-fingerprint "127.0.0.5:$((base + 2))=$good"
run "a malformed fingerprint is a usage error" 2 --renew --accept-fingerprint "127.0.0.5:$((base + 2))=zz"
run "dry run" 0 --renew --dry-run --accept-fingerprint "127.0.0.5:$((base + 2))=$renewed" \
  --accept-fingerprint "127.0.0.5:$((base + 7))=$renewed"
contains "the dry run shows the new line" "+127.0.0.5:$((base + 2)):"
if [ "$(cat "$profile/cert_override.txt")" = "$before" ]; then ok "the dry run changed nothing"; else not_ok "the dry run changed nothing"; fi

run "renewal" 0 --renew --accept-fingerprint "127.0.0.5:$((base + 2))=$renewed" \
  --accept-fingerprint "127.0.0.5:$((base + 7))=$renewed"
contains "it says what it did" "Thunderbird: 2 exceptions renewed."
contains "with a backup" "cert_override.txt.mail-setup-"
lacks "the old exceptions of 127.0.0.5 are gone" "$profile/cert_override.txt" "127.0.0.5:$((base + 2)):	OID.2.16.840.1.101.3.4.2.1	$good"
if grep -qF "127.0.0.5:$((base + 2)):	OID.2.16.840.1.101.3.4.2.1	$renewed" "$profile/cert_override.txt"; then
  ok "the new exception is there"; else not_ok "the new exception is there"; fi
run "after the renewal only the wrong name is left" 5 --json
json "JSON: the renewed ones are the same now" "[e['status'] for e in d['exceptions']] == ['same','same','same','wrong-name']"

run "removal" 0 --remove "127.0.0.2:$((base + 2))"
contains "it says what it did" "Thunderbird: 1 exception deleted."
lacks "the wrong name's exception is gone" "$profile/cert_override.txt" "127.0.0.2:"
run "nothing left to decide" 0
run "removing what is not there is a usage error" 2 --remove "127.0.0.9"
run "a malformed place is a usage error" 2 --remove "127.0.0.1:port"
run "one action at a time" 2 --renew --remove 127.0.0.1

run "a server certificate is no authority" 5 --install-authority "$MS_TEST_DIR/certs/good.pem"
run "an authority the profile does not name needs its fingerprint" 5 --install-authority "$MS_TEST_CA"
ca=$(sha ca)
contains "the message gives the fingerprint to check" "$ca"
run "--system goes with --install-authority" 2 --system
run "installed once its fingerprint is confirmed" 0 --install-authority "$MS_TEST_CA" --accept-fingerprint "$ca"
contains "it says Evolution needs the system route" "--system"
if [ -f "$profile/cert9.db" ]; then ok "cert9.db written"; else not_ok "cert9.db written"; fi
run "the exceptions it makes unneeded" 0 --json
json "JSON: no longer needed" "[e['status'] for e in d['exceptions']] == ['no-longer-needed']*3"
run "installing again changes nothing" 0 --install-authority "$MS_TEST_CA" --accept-fingerprint "$ca" --json
json "JSON: already trusted" "d['already_trusted'] is True"

echo "1..$n"
exit $fail
