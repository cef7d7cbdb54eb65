#!/usr/bin/env bash
# Load on the demo server: wrk -t2 -c32 -d10s with a mix of browser, curl,
# API, conditional and Range requests (scripts/load.lua), then requests/s,
# the status mix, errors, and the server's RSS before and after.
#
# Not part of CI (it takes the machine for ~15 s and the numbers depend on
# what else runs). Installs nothing: needs wrk (Debian: apt-get install -y wrk)
# and curl. Usage: bash scripts/load.sh [duration, default 10s]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)"; exit 1; }
duration="${1:-10s}"

cargo build --release --example serve --features response
. tests/serve_lib.sh
start_serve target/release/examples/serve --quiet

rss() { awk '/^VmRSS|^VmHWM/ { printf "%s %s %s  ", $1, $2, $3 }' "/proc/$pid/status"; echo; }

chrome_accept='text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'
ETAG="$(curl -s -o /dev/null -D - -H "Accept: $chrome_accept" -H 'Accept-Encoding: gzip, deflate, br, zstd' \
  -H 'Accept-Language: en-US,en;q=0.9,ko;q=0.8' "$url/" | tr -d '\r' | sed -n 's/^etag: //Ip')"
export ETAG
echo "server $url (pid $pid), Chrome's variant has ETag $ETAG"
echo "RSS before: $(rss)"
wrk -t2 -c32 -d"$duration" --latency -s scripts/load.lua "$url/"
echo "RSS after:  $(rss)"
