#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# mail-setup --discover against the DNS, web and mail servers of
# tests/discover (run by tests/discover/run-discover-test.sh --serve).
# TAP output.  Usage: test-discover-cli.sh MAIL_SETUP
set -u
app=$1
if [ -z "${MS_TEST_DNS_LOG:-}" ]; then echo "1..0 # SKIP needs run-discover-test.sh --serve"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
n=0 fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null | head -30; }
has () { grep -qF -- "$2" "$tmp/$1"; }
field () { python3 -c "import json,sys; d=json.load(open('$tmp/out')); print(eval(sys.argv[1]))" "$1"; }
queries () { grep -c 'query\[' "$MS_TEST_DNS_LOG"; }
run () { "$app" --discover --ca-file "$MAIL_SETUP_CA_FILE" "$@" >"$tmp/out" 2>"$tmp/err"; }

run --address bob@srv.test --json; status=$?
[ $status = 0 ] && [ "$(field 'd["proposal"]["source"]')" = srv ] && [ "$(field 'd["proposal"]["needs_confirmation"]')" = True ] \
  && ok "--json: SRV, to be confirmed" || not_ok "--json srv (exit $status)"

run --address carol@hosted.test; status=$?
[ $status = 0 ] && has out "Your domain is hosted at this provider:" && has out "Provider: 3xo" && has out "mx1.3xo.fr" \
  && has out "IMAP mail.3xo.fr:993" && ok "text: a domain hosted at 3xo, the MX host shown" || not_ok "hosted at 3xo (exit $status)"

start=$(date +%s)
run --address gina@blackhole.test; status=$?
[ $status = 1 ] && [ $(( $(date +%s) - start )) -le 7 ] && has out "No settings were found for blackhole.test" \
  && has out "did not answer" && ok "nothing found: exit 1 within the bound, and why per source" || not_ok "not found (exit $status)"

before=$(queries); cp "$MS_TEST_HTTP_LOG" "$tmp/http-before" 2>/dev/null || : > "$tmp/http-before"
run --provider 3xo.fr --address carol@hosted.test; status=$?
[ $status = 0 ] && has out "nothing is looked up" && [ "$(queries)" = "$before" ] && cmp -s "$tmp/http-before" "$MS_TEST_HTTP_LOG" \
  && ok "a chosen provider: no DNS lookup, no web request" || not_ok "chosen provider (exit $status)"
run --address test@3xo.fr --json; status=$?
[ $status = 0 ] && [ "$(field 'd["proposal"]["source"]')" = local ] && [ "$(queries)" = "$before" ] \
  && ok "a domain of our profiles: answered here, no lookup" || not_ok "local (exit $status)"

run --offline --address frank@filtered.test --json; status=$?
[ "$(field '[s["ran"] for s in d["sources"] if s["source"] == "ispdb"][0]')" = False ] \
  && ! grep -q '"/v1.1/filtered.test"' "$MS_TEST_HTTP_LOG" && ok "--offline: the ISPDB is not asked" || not_ok "--offline"

"$app" --discover >"$tmp/out" 2>"$tmp/err"; [ $? = 2 ] && has err "--address" && ok "no address: exit 2" || not_ok "no address"
run --address "not an address"; [ $? = 2 ] && ok "a bad address: exit 2" || not_ok "bad address"

echo "1..$n"
exit $fail
