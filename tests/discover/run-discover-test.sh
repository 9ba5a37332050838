#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: run-discover-test.sh SCRIPT [ARGS...]   (runs python3 SCRIPT ARGS...)
#
# Runs the discovery test in its own network and mount namespaces: a real
# dnsmasq answers on 127.0.0.53 (this namespace's /etc/resolv.conf points
# at it, bind-mounted), so GLib's resolver and libsoup find the test's
# names; the test script then starts its HTTPS, HTTP and mail servers on
# the standard ports, which are the test's alone here.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# A TAP plan of 0 with SKIP, and exit 0: meson counts a TAP test's exit 77 as an error.
skip () { echo "1..0 # SKIP $*"; exit 0; }
if [ "${MS_IN_NETNS:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || skip "network and mount namespaces need root"
  for bin in unshare ip dnsmasq certtool python3; do
    command -v "$bin" >/dev/null 2>&1 || skip "$bin is missing (install tests/discover/packages.txt)"
  done
  MS_IN_NETNS=1 exec unshare -n -m "$0" "$@"
fi
script=$1; shift
ip link set lo up || exit 1
# getaddrinfo's AI_ADDRCONFIG (GLib asks for it) answers nothing from DNS
# on a machine with loopback addresses only: give this namespace's lo one
# documentation address (RFC 5737).  Nothing is ever sent to it.
ip addr add 192.0.2.1/32 dev lo || exit 1
mount --make-rprivate / || exit 1

dir=$(mktemp -d /tmp/ms-discover.XXXXXX)
dns_pid=
cleanup () {
  [ -n "$dns_pid" ] && kill "$dns_pid" 2>/dev/null
  if [ -n "${MS_TEST_KEEP:-}" ]; then echo "# kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The CA and certificates: the mail tests' CA, plus leaves for our names.
"$here/../servers/make-certs.sh" "$dir/certs" || { echo "certificate generation failed" >&2; exit 1; }
leaf () {  # name, then DNS names
  local name=$1; shift
  { echo "cn = \"$1\""; echo 'organization = "Mail Setup tests"'; echo tls_www_server
    echo signing_key; echo encryption_key
    for n in "$@"; do echo "dns_name = \"$n\""; done
    echo "activation_date = \"$(date -u -d '2 days ago' '+%Y-%m-%d %H:%M:%S')\""
    echo "expiration_date = \"$(date -u -d '+30 days' '+%Y-%m-%d %H:%M:%S')\""; } > "$dir/certs/$name.tmpl"
  certtool --generate-privkey --key-type=ecdsa --outfile "$dir/certs/$name-key.pem" >/dev/null 2>&1
  certtool --generate-certificate --load-privkey "$dir/certs/$name-key.pem" \
    --load-ca-certificate "$dir/certs/ca.pem" --load-ca-privkey "$dir/certs/ca-key.pem" \
    --template "$dir/certs/$name.tmpl" --outfile "$dir/certs/$name.pem" >/dev/null 2>&1 || exit 1
}
web_names="ispdb.test"
for d in ac html trunc huge httponly filtered oauth hosted srv guess wrongcert blackhole; do
  web_names="$web_names autoconfig.$d.test $d.test"
done
leaf web $web_names
leaf mail imap.guess.test smtp.guess.test pop.guess.test imap.ac.test smtp.ac.test
leaf other other.example

# DNS: dnsmasq with the test's zone only.  filtered.test and blackhole.test
# forward to an address where nothing answers, so their lookups hang.
cat > "$dir/dnsmasq.conf" <<EOT
port=53
listen-address=127.0.0.53
bind-interfaces
no-resolv
no-hosts
no-negcache
log-queries
log-facility=$dir/dns.log
pid-file=
server=/filtered.test/127.0.0.99
server=/blackhole.test/127.0.0.99
EOT
for n in ispdb.test $(for d in ac html trunc huge httponly oauth hosted srv guess wrongcert; do echo autoconfig.$d.test $d.test; done); do
  echo "host-record=$n,127.0.0.1" >> "$dir/dnsmasq.conf"
done
cat >> "$dir/dnsmasq.conf" <<EOT
host-record=autoconfig.filtered.test,127.0.0.30
host-record=filtered.test,127.0.0.30
host-record=imap.guess.test,127.0.0.20
host-record=smtp.guess.test,127.0.0.20
host-record=mail.guess.test,127.0.0.21
host-record=imap.ac.test,127.0.0.20
host-record=smtp.ac.test,127.0.0.20
host-record=imap.wrongcert.test,127.0.0.21
host-record=smtp.wrongcert.test,127.0.0.21
mx-host=hosted.test,mx1.3xo.fr,10
mx-host=ac.test,mx1.3xo.fr,10
mx-host=mxisp.test,mx2.isp-b.test,20
mx-host=mxisp.test,mx1.isp-b.test,10
srv-host=_imaps._tcp.srv.test,imap.srvhost.test,993,0,1
srv-host=_imap._tcp.srv.test
srv-host=_submissions._tcp.srv.test
srv-host=_submission._tcp.srv.test,smtp.srvhost.test,587,0,1
EOT
for d in ac html trunc huge; do
  echo "srv-host=_imaps._tcp.$d.test,imap.$d.test,993,0,1" >> "$dir/dnsmasq.conf"
  echo "srv-host=_submissions._tcp.$d.test,smtp.$d.test,465,0,1" >> "$dir/dnsmasq.conf"
done
dnsmasq --keep-in-foreground --conf-file="$dir/dnsmasq.conf" &
dns_pid=$!
echo "nameserver 127.0.0.53" > "$dir/resolv.conf"
mount --bind "$dir/resolv.conf" /etc/resolv.conf || exit 1
for _ in $(seq 100); do
  grep -q "started" "$dir/dns.log" 2>/dev/null && break
  kill -0 "$dns_pid" 2>/dev/null || { echo "dnsmasq did not start" >&2; exit 1; }
  sleep 0.05
done

MS_TEST_DIR=$dir python3 "$script" "$@"
