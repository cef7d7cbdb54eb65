#!/usr/bin/env bash
# End to end with curl: starts the demo server on a free loopback port and
# checks the status codes of the curl commands it prints (200, 304, 406, 412,
# 206, 416). Needs curl and a built example:
#   cargo build --example serve --features response && bash tests/e2e_curl.sh [path/to/serve]
set -euo pipefail
cd "$(dirname "$0")/.."

. tests/serve_lib.sh
start_serve "${1:-target/debug/examples/serve}"
echo "server at $url"

failed=0
# check WANT LABEL curl-args...
check() {
  local want="$1" label="$2"; shift 2
  local got
  got="$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url/")"
  if [ "$got" = "$want" ]; then
    printf 'ok   %s  %s\n' "$got" "$label"
  else
    printf 'FAIL %s (want %s)  %s\n' "$got" "$want" "$label"
    failed=1
  fi
}

etag="$(curl -s -o /dev/null -D - "$url/" | tr -d '\r' | sed -n 's/^etag: //Ip')"
length="$(curl -s -o /dev/null -D - "$url/" | tr -d '\r' | sed -n 's/^content-length: //Ip')"
echo "current ETag of the default variant: $etag, length $length"

check 200 "curl -i URL"
check 200 "Korean JSON, gzip" --compressed -H 'Accept: application/json' -H 'Accept-Language: ko'
check 304 "If-None-Match: $etag" -H "If-None-Match: $etag"
check 406 "Accept: image/png" -H 'Accept: image/png'
check 412 'If-Match: "nope"' -H 'If-Match: "nope"'
check 206 "Range: bytes=0-99" -H 'Range: bytes=0-99'
check 206 "Range: bytes=0-9,-10 (multipart)" -H 'Range: bytes=0-9,-10'
check 416 "Range: bytes=$length-" -H "Range: bytes=$length-"
check 405 "POST" -X POST

# The commands the server printed, run as printed: the status each one's
# label names ("# 304: the ETag is current" → 304).
echo "-- the printed commands"
want=""
ran=0
while IFS= read -r line; do
  case "$line" in
    "  # "*) want="$(printf '%s' "${line#  # }" | grep -o '^[0-9]\{3\}' || true)" ;;
    "  curl -i "*)
      [ -n "$want" ] || continue
      cmd="${line#  curl -i }"
      ran=$((ran + 1))
      got="$(eval "curl -s -o /dev/null -w '%{http_code}' $cmd")"
      if [ "$got" = "$want" ]; then printf 'ok   %s  %s\n' "$got" "${line#  }"
      else printf 'FAIL %s (want %s)  %s\n' "$got" "$want" "${line#  }"; failed=1; fi
      want="" ;;
  esac
done <"$log"
[ "$ran" -ge 6 ] || { echo "FAIL the server printed $ran curl commands, want at least 6"; failed=1; }

echo "-- server log"
grep -v '^listening\|^$\|^try:\|^  ' "$log" || true
exit "$failed"
