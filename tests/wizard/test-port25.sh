#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the port-25 wizard test in a private network namespace, where the
# real SMTP ports belong to this test alone: 465 and 587 forward to the
# harness Postfix (implicit TLS and STARTTLS), and nothing listens on 25,
# as when an internet provider blocks it.
# Usage: test-port25.sh RUN_WITH_SERVERS RUN_WITH_DISPLAY TEST_PROGRAM
set -u
if [ "${MS_IN_NETNS:-}" != 1 ]; then
  command -v unshare >/dev/null && command -v ip >/dev/null && command -v socat >/dev/null \
    || { echo "SKIP: unshare, ip (iproute2) and socat are needed" >&2; exit 77; }
  [ "$(id -u)" = 0 ] || { echo "SKIP: a network namespace needs root" >&2; exit 77; }
  MS_IN_NETNS=1 exec unshare -n "$0" "$@"
fi
servers=$1 display=$2 program=$3
ip link set lo up || exit 1

if [ -z "${MS_TEST_BASE_PORT:-}" ]; then
  # First pass: start the mail servers, then come back here with their ports.
  exec "$servers" 24400 "$0" "$servers" "$display" "$program"
fi
b=$MS_TEST_BASE_PORT
socat TCP-LISTEN:465,bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:$((b + 7)) &
p1=$!
socat TCP-LISTEN:587,bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:$((b + 6)) &
p2=$!
trap 'kill $p1 $p2 2>/dev/null' EXIT
for port in 465 587; do
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.05
  done
done
MS_TEST_PORT25=1 "$display" "$program" --tap
