#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer, which Helidon MP 4 needs (the rest of the build runs on JDK 17):
# $HELIDON_JDK, else the newest one under /usr/lib/jvm, else Debian's openjdk-21 (installed where the release has it).
set -euo pipefail

newest_jdk21() {
  local best="" best_major=0 home m
  for home in /usr/lib/jvm/*/; do
    home="${home%/}"
    [[ -x "$home/bin/javac" ]] || continue
    m="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
    if [[ -n "$m" && "$m" -ge 21 && "$m" -gt "$best_major" ]]; then best="$home"; best_major="$m"; fi
  done
  [[ -n "$best" ]] && echo "$best"
}

if [[ -n "${HELIDON_JDK:-}" ]]; then
  echo "${HELIDON_JDK}"; exit 0
fi
if newest_jdk21; then exit 0; fi

echo "No JDK 21+ under /usr/lib/jvm: installing the Debian package openjdk-21-jdk-headless" >&2
SUDO=""; [[ "$(id -u)" != "0" ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq openjdk-21-jdk-headless >&2 || true
if newest_jdk21; then exit 0; fi
echo "No JDK 21 or newer could be found or installed (Debian 12 has none: install Temurin 21+, or set HELIDON_JDK)" >&2
exit 1
