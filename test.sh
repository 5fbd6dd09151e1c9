#!/usr/bin/env bash
# Runs every test of smallrye-nats against real nats-server processes (installed with apt when missing); the Weld SE
# suite runs against three server generations.
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
# Helidon MP 4 needs Java 21+: its test module compiles and runs on that JDK; everything else, the connector included,
# is built for Java 17 by the JDK that runs Maven.
HELIDON_JDK="$(.ci/ensure-jdk21.sh)"
# The Weld SE suite also runs against the newer server generations users run: Debian 13's (2.10) and unstable's
# (2.15), fetched into a cache folder, not installed.
NATS_SERVER_2_10="$(.ci/fetch-nats-server.sh trixie)"
NATS_SERVER_2_15="$(.ci/fetch-nats-server.sh sid)"
echo "Using $("$NATS_SERVER" --version) at $NATS_SERVER, and for the Weld SE suite also $("$NATS_SERVER_2_10" --version)" \
  "and $("$NATS_SERVER_2_15" --version); Helidon tests on $HELIDON_JDK"
exec mvn -B verify -Dhelidon.jdk="$HELIDON_JDK" -Dnats.server.2.10="$NATS_SERVER_2_10" -Dnats.server.2.15="$NATS_SERVER_2_15" "$@"
