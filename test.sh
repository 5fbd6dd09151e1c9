#!/usr/bin/env bash
# Runs every test of smallrye-nats against real nats-server processes (installed with apt when missing).
# Extra arguments go to Maven, e.g. ./test.sh -pl integration-tests/weld-se -am -Dtest=RequestReplyTest
set -euo pipefail
cd "$(dirname "$0")"
NATS_SERVER="$(.ci/ensure-nats-server.sh)"
export NATS_SERVER
echo "Using $("$NATS_SERVER" --version) at $NATS_SERVER"
exec mvn -B verify "$@"
