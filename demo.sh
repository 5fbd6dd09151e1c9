#!/usr/bin/env bash
# Runs the quickstart example end to end: builds the project, starts a local nats-server (installed with apt when
# missing) unless NATS_URL is set, and prints the agents' transcript. Exits 0 when every task was reviewed.
set -euo pipefail
cd "$(dirname "$0")"
NATS_SERVER="$(.ci/ensure-nats-server.sh)"
export NATS_SERVER
mvn -B -q install -DskipTests
exec mvn -B -q -f examples/quickstart/pom.xml exec:java
