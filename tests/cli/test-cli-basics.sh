#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# --help, --version and --list-providers without a display, and a broken
# profile reported with its file and line, never a crash.  TAP output.
set -u
app=$1 version=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY
export HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
# An installed mail-setup's profiles (/usr/share) would replace the built-in
# one this test expects: the machine that builds the package may have it.
export XDG_DATA_DIRS=$tmp/system
n=0 fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null | head -20; }
has () { grep -qF -- "$2" "$tmp/$1"; }

"$app" --version >"$tmp/out" 2>"$tmp/err" && has out "mail-setup $version" && ok "--version" || not_ok "--version"
"$app" --help >"$tmp/out" 2>"$tmp/err" && has out "--list-providers" && has out "--check" && has out "--apply" \
  && ok "--help without a display" || not_ok "--help"
LANGUAGE=fr "$app" --help >"$tmp/out" 2>"$tmp/err" && has out "Avec --check" && ok "--help in French" || not_ok "--help in French"

"$app" --list-providers >"$tmp/out" 2>"$tmp/err" || not_ok "--list-providers failed"
has out "3xo (3xo.fr)" && has out "IMAP mail.3xo.fr:993 SSL/TLS (recommended)" && has out "SMTP mail.3xo.fr:465 SSL/TLS (recommended)" \
  && has out "POP3 mail.3xo.fr:110" && has out "SMTP mail.3xo.fr:25" && ok "--list-providers: the built-in 3xo with every endpoint" \
  || not_ok "--list-providers content"
has out "resource:///" && has out "$XDG_DATA_HOME/mail-setup/providers" && ok "--list-providers says where" || not_ok "where"

mkdir -p "$XDG_DATA_HOME/mail-setup/providers"
cat > "$XDG_DATA_HOME/mail-setup/providers/helpdesk.xml" <<'EOT'
<clientConfig version="1.1">
  <emailProvider id="helpdesk.example">
    <domain>helpdesk.example</domain>
    <displayName>Helpdesk Mail</displayName>
    <incomingServer type="imap"><hostname>imap.helpdesk.example</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>
    <outgoingServer type="smtp"><hostname>smtp.helpdesk.example</hostname><port>465</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>
  </emailProvider>
</clientConfig>
EOT
printf '<clientConfig>\n<emailProvider id="x">\n<domain>x.fr</domain>\n<incomingServer type="imap">\n<port>99999</port>' \
  > "$XDG_DATA_HOME/mail-setup/providers/broken.xml"
"$app" --list-providers >"$tmp/out" 2>"$tmp/err" && ok "a broken profile does not stop the listing" || not_ok "exit status with a broken profile"
has out "Helpdesk Mail (helpdesk.example)" && ok "a helpdesk's profile is found" || not_ok "helpdesk profile missing"
has err "broken.xml" && has err "line 5" && ok "the broken profile is named with its line" || not_ok "broken profile report"

# A host name that is only a dot (or a full stop IDNA maps to one) once
# used to crash every mode, --list-providers included.
rm "$XDG_DATA_HOME/mail-setup/providers/broken.xml"
printf '<clientConfig version="1.1">\n<emailProvider id="dot.example">\n<domain>dot.example</domain>\n<incomingServer type="imap">\n<hostname>.</hostname><port>993</port><socketType>SSL</socketType></incomingServer>\n<outgoingServer type="smtp"><hostname>smtp.dot.example</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>\n</emailProvider>\n</clientConfig>\n' \
  > "$XDG_DATA_HOME/mail-setup/providers/dot.xml"
"$app" --list-providers >"$tmp/out" 2>"$tmp/err" && has out "3xo (3xo.fr)" && has out "Helpdesk Mail (helpdesk.example)" \
  && ok "--list-providers with a profile whose server is “.”" || not_ok "--list-providers with <hostname>.</hostname>"
has err "dot.xml" && has err "line 5" && has err "“.” is not valid" && ! has out "dot.example" \
  && ok "the profile with “.” is named with its line and reason, and skipped" || not_ok "report of <hostname>.</hostname>"
rm "$XDG_DATA_HOME/mail-setup/providers/dot.xml"
for host in . 。 ． ｡; do
  echo secret | "$app" --apply --name "Jean Dupont" --address test@test.com --password-stdin --no-check --dry-run \
    --incoming "imap:$host:993:SSL" --outgoing smtp:mail.3xo.fr:465:SSL >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ $status = 2 ] && has err "“$host” is not a valid domain name" \
    && ok "--apply --incoming imap:$host:993:SSL: exit 2 and why" || { echo "# exit status $status"; not_ok "--apply --incoming imap:$host:993:SSL"; }
done

# Special files: refused before anything is read, never a wait.  timeout
# only bounds a regression (the old code read /dev/zero for 20 s and more,
# and waited on a FIFO forever).
mkfifo "$tmp/fifo.xml"
for special in /dev/zero "$tmp/fifo.xml" "$tmp"; do
  timeout 20 "$app" --check --profile "$special" >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ $status = 2 ] && has err "$special is not a regular file" \
    && ok "--profile $special: exit 2 at once, and why" || { echo "# exit status $status"; not_ok "--profile $special"; }
done
ln -s /dev/zero "$XDG_DATA_HOME/mail-setup/providers/zero.xml"
ln -s "$tmp/fifo.xml" "$XDG_DATA_HOME/mail-setup/providers/fifo.xml"
timeout 20 "$app" --list-providers >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status = 0 ] && has out "Helpdesk Mail (helpdesk.example)" && has err "zero.xml is not a regular file" \
  && has err "fifo.xml is not a regular file" && ok "--list-providers skips a FIFO and /dev/zero in the profile folder" \
  || { echo "# exit status $status"; not_ok "--list-providers with special files"; }
rm "$XDG_DATA_HOME/mail-setup/providers/zero.xml" "$XDG_DATA_HOME/mail-setup/providers/fifo.xml"

"$app" --walkthrough "$tmp/w" --lang de >"$tmp/out" 2>"$tmp/err"; [ $? = 2 ] && has err "fr or en" && ok "an unknown --lang is refused" || not_ok "--lang de"

# Profiles sharing an id (the ISPDB's six zoho.com files) are all kept and
# listed by name and domain; a server the reader skips is listed with why.
for region in com eu; do
  cat > "$XDG_DATA_HOME/mail-setup/providers/zoho.$region.xml" <<EOT
<clientConfig version="1.1"><emailProvider id="zoho.com"><domain>zoho.$region</domain><displayName>Zoho Mail</displayName>
<incomingServer type="exchange"><hostname>ews.zoho.$region</hostname><port>443</port></incomingServer>
<incomingServer type="imap"><hostname>imap.zoho.$region</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.zoho.$region</hostname><port>465</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>
EOT
done
"$app" --list-providers >"$tmp/out" 2>"$tmp/err" && has out "Zoho Mail (zoho.com)" && has out "Zoho Mail (zoho.com/zoho.eu)"   && has out "IMAP imap.zoho.com:993" && has out "IMAP imap.zoho.eu:993"   && ok "--list-providers: two profiles with one id, each with its domain" || not_ok "profiles sharing an id"
has out "The exchange server at line 2 is skipped" && ok "--list-providers: a skipped server and why" \
  || not_ok "skipped server note"
rm "$XDG_DATA_HOME/mail-setup/providers/zoho.com.xml" "$XDG_DATA_HOME/mail-setup/providers/zoho.eu.xml"

echo "1..$n"
exit $fail
