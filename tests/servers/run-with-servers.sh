#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: run-with-servers.sh BASE_PORT COMMAND [ARGS...]
#
# Starts a private Dovecot (IMAP, POP3) and Postfix (SMTP, SASL through
# Dovecot) on loopback, runs COMMAND with MS_TEST_* variables describing
# them, then stops both servers by PID whatever happens.  Each caller picks
# its own BASE_PORT so that parallel tests never share a port.
#
# Ports (BASE+n): 1 IMAP STARTTLS, 2 IMAPS, 3 POP3 STARTTLS, 4 POP3S,
# 5 SMTP "25" STARTTLS, 6 submission STARTTLS, 7 SMTPS,
# 8 STARTTLS on an SMTPS-like port, 9 implicit TLS on a submission-like port.
# Dovecot presents a different certificate per address: 127.0.0.1 good,
# .2 wrong name, .3 expired, .4 self-signed, .5 "renewed" (good's
# successor: same name and authority, new key).  Postfix's SMTPS port
# answers on .5 too, with the renewed certificate.
set -u
here=$(cd "$(dirname "$0")" && pwd)
base=$1; shift

skip () { echo "SKIP: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (Postfix's master and Dovecot's privilege separation)"
for bin in dovecot certtool /usr/lib/postfix/sbin/master postconf; do
  command -v "$bin" >/dev/null 2>&1 || [ -x "$bin" ] || skip "$bin is missing (install tests/servers/packages.txt)"
done
id dovecot >/dev/null 2>&1 && id dovenull >/dev/null 2>&1 && id postfix >/dev/null 2>&1 \
  || skip "the dovecot, dovenull or postfix system user is missing"

dir=$(mktemp -d /tmp/ms-servers.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ -n "${MS_TEST_KEEP:-}" ]; then echo "kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$here/make-certs.sh" "$dir/certs" || { echo "certificate generation failed" >&2; exit 1; }
chmod 644 "$dir"/certs/*

# ---- Dovecot ----
mkdir -p "$dir/dovecot/run" "$dir/dovecot/state" "$dir/home"
chown dovecot:dovecot "$dir/home"
cat > "$dir/dovecot/users" <<EOT
alice@example.test:{PLAIN}correct horse "battery"
EOT
c=$dir/certs
cat > "$dir/dovecot/dovecot.conf" <<EOT
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/state
log_path = $dir/dovecot/dovecot.log
protocols = imap pop3
listen = 127.0.0.1, 127.0.0.2, 127.0.0.3, 127.0.0.4, 127.0.0.5
ssl = required
ssl_cert = <$c/good-chain.pem
ssl_key = <$c/good-key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/dovecot/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/home/%u
}
service imap-login {
  inet_listener imap {
    port = $((base + 1))
  }
  inet_listener imaps {
    port = $((base + 2))
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $((base + 3))
  }
  inet_listener pop3s {
    port = $((base + 4))
    ssl = yes
  }
}
# Dovecot slows down an address after failed logins; tests fail logins on
# purpose, then expect the next one to answer at once.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener $dir/auth-postfix {
    mode = 0666
  }
}
local 127.0.0.2 {
  ssl_cert = <$c/wrongname-chain.pem
  ssl_key = <$c/wrongname-key.pem
}
local 127.0.0.3 {
  ssl_cert = <$c/expired-chain.pem
  ssl_key = <$c/expired-key.pem
}
local 127.0.0.4 {
  ssl_cert = <$c/selfsigned-chain.pem
  ssl_key = <$c/selfsigned-key.pem
}
local 127.0.0.5 {
  ssl_cert = <$c/renewed-chain.pem
  ssl_key = <$c/renewed-key.pem
}
EOT
dovecot -F -c "$dir/dovecot/dovecot.conf" >"$dir/dovecot/stdout.log" 2>&1 &
pids+=($!)

# ---- Postfix: its own config, queue and data directories ----
p=$dir/postfix
mkdir -p "$p/conf" "$p/queue/pid" "$p/queue/public" "$p/queue/private" "$p/data"
chown -R postfix "$p/queue/public" "$p/queue/private" "$p/data"
# The queues a message goes through on its way to Dovecot's Maildir.
for q in incoming active deferred bounce defer trace flush hold corrupt saved; do
  mkdir -p -m 700 "$p/queue/$q"; chown postfix "$p/queue/$q"
done
cat > "$p/conf/main.cf" <<EOT
compatibility_level = 3.6
queue_directory = $p/queue
data_directory = $p/data
mail_owner = postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.example.test
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
smtpd_client_restrictions =
maillog_file_prefixes = /tmp, $dir
maillog_file = $p/postfix.log
smtpd_tls_chain_files = $c/good-key.pem, $c/good-chain.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $dir/auth-postfix
smtpd_relay_restrictions = permit_sasl_authenticated, reject
# Mail for alice@example.test lands in the Maildir Dovecot serves, so a
# message sent to oneself can be read back (the test message).  The
# virtual(8) agent needs no extra package, unlike Dovecot's LMTP.
virtual_mailbox_domains = example.test
virtual_mailbox_base = $dir/home
virtual_mailbox_maps = inline:{ alice@example.test=alice@example.test/Maildir/ }
virtual_uid_maps = static:$(id -u dovecot)
virtual_gid_maps = static:$(id -g dovecot)
EOT
cat > "$p/conf/master.cf" <<EOT
127.0.0.1:$((base + 5)) inet n - n - - smtpd
127.0.0.1:$((base + 6)) inet n - n - - smtpd -o smtpd_tls_security_level=encrypt
127.0.0.1:$((base + 7)) inet n - n - - smtpd -o smtpd_tls_wrappermode=yes
127.0.0.1:$((base + 8)) inet n - n - - smtpd
127.0.0.1:$((base + 9)) inet n - n - - smtpd -o smtpd_tls_wrappermode=yes
127.0.0.5:$((base + 7)) inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_chain_files=$c/renewed-key.pem,$c/renewed-chain.pem
anvil     unix - - n - 1 anvil
proxymap  unix - - n - - proxymap
tlsmgr    unix - - n 1000? 1 tlsmgr
postlog   unix-dgram n - n - 1 postlogd
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
virtual   unix - n n - - virtual
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
EOT
MAIL_CONFIG=$p/conf /usr/lib/postfix/sbin/master -c "$p/conf" -d >"$p/stdout.log" 2>&1 &
pids+=($!)

# ---- wait until every port accepts, with a deadline ----
ready () { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
deadline=$((SECONDS + 30))
for hp in 127.0.0.1:$((base+1)) 127.0.0.1:$((base+2)) 127.0.0.1:$((base+3)) 127.0.0.1:$((base+4)) \
          127.0.0.4:$((base+2)) 127.0.0.1:$((base+5)) 127.0.0.1:$((base+6)) 127.0.0.1:$((base+7)) \
          127.0.0.1:$((base+8)) 127.0.0.1:$((base+9)) 127.0.0.5:$((base+2)) 127.0.0.5:$((base+7)); do
  until ready "${hp%:*}" "${hp#*:}"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "servers did not start listening on $hp; logs:" >&2
      cat "$dir"/dovecot/*.log "$p"/*.log >&2 2>/dev/null
      exit 1
    fi
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a server exited early; logs:" >&2;
        cat "$dir"/dovecot/*.log "$p"/*.log >&2 2>/dev/null; exit 1; }
    done
    sleep 0.05
  done
done

export MS_TEST_BASE_PORT=$base
export MS_TEST_CA=$c/ca.pem
export MS_TEST_DIR=$dir
export MS_TEST_USER=alice@example.test
export MS_TEST_PASSWORD='correct horse "battery"'
"$@"
status=$?
if [ $status -ne 0 ] && [ $status -ne 77 ]; then
  echo "---- server logs ----" >&2
  tail -n 40 "$dir"/dovecot/dovecot.log "$p"/postfix.log >&2 2>/dev/null
fi
exit $status
