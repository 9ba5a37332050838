#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Generates the test PKI in $1: a CA, and server certificates that are
# good (localhost, 127.0.0.1), for a wrong name, expired, self-signed, and
# "renewed": the good one's successor (the same name and authority, a new
# key, and 127.0.0.5 too, the address that serves it).
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"

# Valid since two days ago, not this second: a clock that steps back a
# little (virtual machines do) must not make a fresh certificate "not yet
# valid" and a test fail for no reason.
since=$(date -u -d '2 days ago' '+%Y-%m-%d %H:%M:%S')
year=$(date -u -d '+365 days' '+%Y-%m-%d %H:%M:%S')
decade=$(date -u -d '+3650 days' '+%Y-%m-%d %H:%M:%S')

key () { certtool --generate-privkey --key-type=ecdsa --outfile "$1" >/dev/null 2>&1; }

cat > ca.tmpl <<EOT
cn = "Mail Setup Test CA"
organization = "Mail Setup tests"
ca
cert_signing_key
activation_date = "$since"
expiration_date = "$decade"
EOT
key ca-key.pem
certtool --generate-self-signed --load-privkey ca-key.pem --template ca.tmpl --outfile ca.pem >/dev/null 2>&1

server_tmpl () {  # name, cn, extra lines
  {
    echo "cn = \"$2\""
    echo "organization = \"Mail Setup tests\""
    echo "tls_www_server"
    echo "signing_key"
    echo "encryption_key"
    shift 2
    for l in "$@"; do echo "$l"; done
  } > "$1.tmpl"
}

server_tmpl good localhost 'dns_name = "localhost"' 'ip_address = "127.0.0.1"' "activation_date = \"$since\"" "expiration_date = \"$year\""
server_tmpl wrongname wrong.example.org 'dns_name = "wrong.example.org"' "activation_date = \"$since\"" "expiration_date = \"$year\""
server_tmpl expired localhost 'dns_name = "localhost"' 'ip_address = "127.0.0.1"' \
  'activation_date = "2020-01-01 00:00:00"' 'expiration_date = "2021-01-01 00:00:00"'
server_tmpl renewed localhost 'dns_name = "localhost"' 'ip_address = "127.0.0.1"' 'ip_address = "127.0.0.5"' \
  "activation_date = \"$since\"" "expiration_date = \"$year\""
server_tmpl selfsigned localhost 'dns_name = "localhost"' 'ip_address = "127.0.0.1"' "activation_date = \"$since\"" "expiration_date = \"$year\""

for n in good wrongname expired renewed; do
  key $n-key.pem
  certtool --generate-certificate --load-privkey $n-key.pem --load-ca-certificate ca.pem \
    --load-ca-privkey ca-key.pem --template $n.tmpl --outfile $n.pem >/dev/null 2>&1
  # The chain as a server presents it: leaf, then the issuing CA.
  cat $n.pem ca.pem > $n-chain.pem
done
key selfsigned-key.pem
certtool --generate-self-signed --load-privkey selfsigned-key.pem --template selfsigned.tmpl \
  --outfile selfsigned.pem >/dev/null 2>&1
cp selfsigned.pem selfsigned-chain.pem
