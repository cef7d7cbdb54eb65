# Sourced by tests/e2e_curl.sh, tests/e2e_chromium.sh and scripts/load.sh:
# start_serve BIN [ARGS...] starts the demo server on a free loopback port
# with its stdout in $log, sets $pid and $url, and stops it (and removes
# $log and any paths in $cleanup) when the script exits.

cleanup=""

start_serve() {
  local bin="$1"; shift
  [ -x "$bin" ] || { echo "no $bin: run 'cargo build --example serve --features response' first"; exit 1; }
  log="$(mktemp)"
  "$bin" --addr 127.0.0.1:0 "$@" >"$log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$log" $cleanup' EXIT
  url=""
  for _ in $(seq 100); do
    url="$(sed -n '1s/^listening on //p' "$log")"
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "the server exited"; exit 1; }
    sleep 0.05
  done
  cat "$log"; echo "the server did not say where it listens"; exit 1
}
