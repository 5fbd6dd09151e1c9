#!/usr/bin/env bash
# Fetches the nats-server of another Debian release (trixie: the 2.10 line, sid: the current one) without touching
# the system: apt runs with its own source list, lists and cache under a cache folder, and the package is unpacked
# there. Prints the path of the executable. Usage: .ci/fetch-nats-server.sh trixie|sid
set -euo pipefail
RELEASE="$1"
CACHE="${SMALLRYE_NATS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smallrye-nats}/nats-server-$RELEASE"
BINARY="$CACHE/x/usr/sbin/nats-server"
if [[ -x "$BINARY" && -f "$CACHE/fetched" && -z "$(find "$CACHE/fetched" -mmin +1440)" ]]; then
  echo "$BINARY"; exit 0 # fetched within a day: the release's version moves (sid especially), but not that fast
fi
# The archive this machine's apt already uses.
ARCHIVE="$(grep -hoE '^URIs: *[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | sed 's/^URIs: *//')"
if [[ -z "$ARCHIVE" ]]; then
  ARCHIVE="$(grep -hoE '^deb +(\[[^]]*\] +)?[a-z]+://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | head -1 | awk '{print $NF}')"
fi
[[ -n "$ARCHIVE" ]] || { echo "no Debian archive found in /etc/apt" >&2; exit 1; }
mkdir -p "$CACHE/lists/partial" "$CACHE/cache/archives/partial"
echo "deb $ARCHIVE $RELEASE main" > "$CACHE/src.list"
APT=(-o "Dir::Etc::SourceList=$CACHE/src.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$CACHE/lists"
  -o "Dir::Cache=$CACHE/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
apt-get "${APT[@]}" update -qq >&2
rm -f "$CACHE"/nats-server_*.deb
(cd "$CACHE" && apt-get "${APT[@]}" download nats-server >&2)
rm -rf "$CACHE/x"
dpkg-deb -x "$CACHE"/nats-server_*.deb "$CACHE/x"
touch "$CACHE/fetched"
"$BINARY" --version >&2
echo "$BINARY"
