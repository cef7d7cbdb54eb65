#!/usr/bin/env bash
# Instructions per negotiation (callgrind Ir / iterations) for every crate on
# every input of the benchmark matrix (or those whose name starts with
# PREFIX), then the same tables as report.py: each row's worst case for
# conneg (the smallest peer/conneg ratio over its cells) and every cell. A
# noise-free complement to the wall-clock medians on a shared machine.
# fluent-langneg's ratio is against conneg-lookup, every other peer's against conneg.
# Needs valgrind. Usage: bash benches/peers/instr_counts.sh [iterations] [PREFIX]
#   e.g. bash benches/peers/instr_counts.sh 200 accept/chrome/
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
iters="${1:-200}"
prefix="${2:-}"
cargo build --quiet --release --manifest-path "$here/Cargo.toml" --example profile_one
bin="${CARGO_TARGET_DIR:-$here/target}/release/examples/profile_one"
out="$(mktemp)"
counts="$(mktemp)"
trap 'rm -f "$out" "$counts"' EXIT

"$bin" --list | while read -r input crates; do
  case "$input" in "$prefix"*) ;; *) continue ;; esac
  for crate in $crates; do
    valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
      --toggle-collect='*measured*' "$bin" "$crate" "$input" "$iters" </dev/null >/dev/null 2>&1
    ir=$(grep -m1 '^summary:' "$out" | awk '{print $2}')
    echo "$input $crate $(( ir / iters ))" >>"$counts"
  done
done

echo "Instructions per negotiation (callgrind Ir / $iters calls)."
echo
python3 "$here/report.py" --counts "$counts"
