#!/usr/bin/env bash
# End to end with a real browser: headless Chromium loads the demo page twice
# with one profile (one --user-data-dir, so one HTTP cache). The server sends
# `Cache-Control: no-cache`, so the second load must revalidate: the server's
# log has to show it carried If-None-Match with the first response's ETag and
# got 304. Installs nothing (CI runs `apt-get install -y chromium` when it is
# missing). Usage:
#   cargo build --example serve --features response && bash tests/e2e_chromium.sh [path/to/serve]
set -euo pipefail
cd "$(dirname "$0")/.."

browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "no chromium on PATH (apt-get install -y chromium)"; exit 1; }

. tests/serve_lib.sh
profile="$(mktemp -d)"
cleanup="$profile"
start_serve "${1:-target/debug/examples/serve}"
echo "server at $url; $("$browser" --version 2>/dev/null || echo chromium)"

load() {
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --disable-quic --no-first-run \
    --user-data-dir="$profile" --dump-dom "$url/" 2>/dev/null
}

for run in 1 2; do
  dom="$(load)" || { echo "chromium failed on load $run"; exit 1; }
  title="$(printf '%s' "$dom" | grep -o '<title>[^<]*</title>' | head -n 1)"
  echo "load $run rendered $title"
  [ -n "$title" ] || { echo "load $run: no page"; exit 1; }
done

echo "-- server log (requests for /)"
requests="$(grep -E '^[A-Z]+ / ' "$log" || true)"
printf '%s\n' "$requests"

first="$(printf '%s\n' "$requests" | sed -n 1p)"
second="$(printf '%s\n' "$requests" | sed -n 2p)"
re_first='^GET / if-none-match=- 200 etag=("[^"]+")$'
re_second='^GET / if-none-match=("[^"]+") 304 etag=("[^"]+")$'
if [[ "$first" =~ $re_first ]]; then
  sent="${BASH_REMATCH[1]}"
  if [[ "$second" =~ $re_second ]] && [ "${BASH_REMATCH[1]}" = "$sent" ] && [ "${BASH_REMATCH[2]}" = "$sent" ]; then
    echo "ok: load 1 got 200 with ETag $sent; load 2 revalidated with If-None-Match: $sent and got 304"
    exit 0
  fi
fi
echo "FAIL: want 'GET / if-none-match=- 200 etag=X' then 'GET / if-none-match=X 304 etag=X'"
exit 1
