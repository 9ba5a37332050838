#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs COMMAND in a private mount namespace where the system's trust list
# (/etc/ssl/certs, /usr/local/share/ca-certificates) is a copy of its own,
# so that update-ca-certificates can run for real without touching the
# machine, and with a stand-in for pkexec (the administrator's password is
# polkit's business, not ours) that records its use in $MS_TEST_PKEXEC_LOG
# and runs the command as the root this test already is.
set -eu
if [ "${1:-}" = "--inner" ]; then
  shift
  mount --make-rprivate /
  copy=$(mktemp -d)
  cp -a /etc/ssl/certs "$copy/certs"
  mkdir -p "$copy/local" /usr/local/share/ca-certificates
  mount --bind "$copy/certs" /etc/ssl/certs
  mount --bind "$copy/local" /usr/local/share/ca-certificates
  mkdir -p "$copy/bin"
  cat > "$copy/bin/pkexec" <<'EOS'
#!/bin/sh
echo "$*" >> "$MS_TEST_PKEXEC_LOG"
exec "$@"
EOS
  chmod 755 "$copy/bin/pkexec"
  export PATH="$copy/bin:$PATH"
  export MS_TEST_PKEXEC_LOG="$copy/pkexec.log"
  export MS_TEST_PRIVATE_TRUST=1
  status=0
  "$@" || status=$?
  rm -rf "$copy"
  exit $status
fi
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root (a private mount namespace)"; exit 0; }
command -v update-ca-certificates >/dev/null || { echo "1..0 # SKIP update-ca-certificates is missing"; exit 0; }
exec unshare -m "$0" --inner "$@"
