#!/usr/bin/env bash
# Makes sure a nats-server executable is available: $NATS_SERVER, the PATH, or the Debian package (installed when
# missing, with sudo when not root). Prints the path it found.
set -euo pipefail

if [[ -n "${NATS_SERVER:-}" && -x "${NATS_SERVER}" ]]; then
  echo "${NATS_SERVER}"; exit 0
fi
for candidate in "$(command -v nats-server 2>/dev/null || true)" /usr/sbin/nats-server /usr/bin/nats-server; do
  if [[ -n "$candidate" && -x "$candidate" ]]; then echo "$candidate"; exit 0; fi
done

echo "nats-server not found: installing the Debian package nats-server" >&2
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq nats-server >&2
for candidate in /usr/sbin/nats-server /usr/bin/nats-server; do
  if [[ -x "$candidate" ]]; then echo "$candidate"; exit 0; fi
done
echo "nats-server could not be installed" >&2
exit 1
