#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program in a private D-Bus session with a private HOME and
# XDG directories:
#   --keyring   a real gnome-keyring-daemon (secrets only), its login
#               keyring created and unlocked for the test
#   --registry  evolution-source-registry, started by D-Bus activation as
#               on a desktop
# With neither, the session has no Secret Service at all (nothing is
# activatable: the bus only knows the services named here).
# The test program gets MS_TEST_ROOT, the directory to scan for secrets.
set -eu

if [ "${1:-}" = "--inner" ]; then
  shift
  keyring=$1 ; shift
  if [ "$keyring" = yes ]; then
    # The unlock password comes on standard input, never on a command line.
    printf '%s' "keyring-unlock-for-tests" | gnome-keyring-daemon --foreground --unlock --components=secrets \
      >"$MS_TEST_ROOT/keyring.log" 2>&1 &
    keyring_pid=$!
    trap 'kill $keyring_pid 2>/dev/null || true' EXIT
    gdbus wait --session --timeout 20 org.freedesktop.secrets
  fi
  status=0
  "$@" || status=$?
  # The registry was started by D-Bus activation: stop it before its
  # directories go away, and wait for it.
  reg_pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID org.gnome.evolution.dataserver.Sources5 \
    2>/dev/null | sed -n 's/^(uint32 \([0-9]*\),)$/\1/p')
  if [ -n "$reg_pid" ]; then
    kill "$reg_pid" 2>/dev/null || true
    while kill -0 "$reg_pid" 2>/dev/null; do sleep 0.1; done
  fi
  exit $status
fi

keyring=no
registry=no
while [ $# -gt 0 ]; do
  case "$1" in
    --keyring) keyring=yes; shift ;;
    --registry) registry=yes; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done

root=$(mktemp -d "${TMPDIR:-/tmp}/ms-evo-test.XXXXXX")
cleanup () { rm -rf "$root"; }
trap cleanup EXIT

mkdir -p "$root/home/.config" "$root/home/.local/share" "$root/home/.cache" "$root/run" "$root/services"
chmod 700 "$root/run"
export HOME="$root/home"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$root/run"
export MS_TEST_ROOT="$root"
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DBUS_SESSION_BUS_ADDRESS

if [ "$registry" = yes ]; then
  cat > "$root/services/org.gnome.evolution.dataserver.Sources5.service" <<EOS
[D-BUS Service]
Name=org.gnome.evolution.dataserver.Sources5
Exec=/usr/libexec/evolution-source-registry
EOS
fi

cat > "$root/session.conf" <<EOC
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$root/run</listen>
  <servicedir>$root/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOC

status=0
dbus-run-session --config-file="$root/session.conf" -- "$0" --inner "$keyring" "$@" || status=$?
exit $status
