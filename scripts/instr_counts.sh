#!/usr/bin/env bash
# Instructions per call (callgrind) for every `examples/prof_accept` mode, at a
# base revision and at the working tree, side by side: the "no speed lost" check
# of a refactor. Callgrind counts are repeatable on a noisy machine.
#
#   bash scripts/instr_counts.sh [BASE_REV]      # default BASE_REV: HEAD
#
# Each side is built from its own checkout (the base in a temporary git
# worktree), with its own `examples/prof_accept.rs`, so a renamed API is
# measured through the names of its own revision. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-HEAD}"
modes=(x star xp starp variants variants_set curl decide decide_set decide304)
calls=100000

build() { # DIR -> path of the built example
  (cd "$1" && cargo build --quiet --release --example prof_accept)
  echo "$1/target/release/examples/prof_accept"
}
count() { # BIN MODE -> instructions per call
  local out; out="$(mktemp)"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$1" "$2" >/dev/null 2>&1
  local ir; ir=$(grep -m1 '^summary:' "$out" | awk '{print $2}')
  rm -f "$out"
  echo $(( ir / calls ))
}

wt="$(mktemp -d)"
trap 'git worktree remove --force "$wt" >/dev/null 2>&1 || true; rm -rf "$wt"' EXIT
git worktree add --detach --quiet "$wt" "$base"
# Share one target dir per side; the base's is its own (different sources).
before_bin="$(build "$wt")"
after_bin="$(build "$PWD")"

printf '| mode | %s | working tree | change |\n|---|---:|---:|---:|\n' "$(git rev-parse --short "$base")"
worst=0
for m in "${modes[@]}"; do
  b=$(count "$before_bin" "$m"); a=$(count "$after_bin" "$m")
  pct=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }')
  printf '| `%s` | %d | %d | %s |\n' "$m" "$b" "$a" "$pct"
done
