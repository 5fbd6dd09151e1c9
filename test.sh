#!/usr/bin/env bash
# Runs every test of smallrye-nats against real nats-server processes (installed with apt when missing).
# Extra arguments go to Maven, e.g. ./test.sh -pl integration-tests/weld-se -am -Dtest=RequestReplyTest
set -euo pipefail
cd "$(dirname "$0")"
NATS_SERVER="$(.ci/ensure-nats-server.sh)"
export NATS_SERVER
# The security tests make their certificates with openssl (keytool comes with the JDK).
if ! command -v openssl >/dev/null 2>&1; then
  echo "openssl not found: installing the Debian package openssl" >&2
  SUDO=""; [[ "$(id -u)" != "0" ]] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openssl >&2 || \
    { $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openssl >&2; }
fi
echo "Using $("$NATS_SERVER" --version) at $NATS_SERVER"
exec mvn -B verify "$@"
