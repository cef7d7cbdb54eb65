#!/usr/bin/env bash
# Instructions per negotiation (callgrind Ir / iterations) for every crate and
# input: a noise-free complement to the wall-clock medians on a shared machine.
# Needs valgrind. Usage: bash benches/peers/instr_counts.sh [iterations]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
iters="${1:-200}"
cargo build --quiet --release --manifest-path "$here/Cargo.toml" --example profile_one
bin="${CARGO_TARGET_DIR:-$here/target}/release/examples/profile_one"
crates=(conneg accept-header headers-accept negotiator actix-web mediatype)
inputs=(chrome firefox safari curl api20 sweep_0010 sweep_0100 sweep_1000)
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
echo "Instructions per negotiation (callgrind Ir / $iters calls); (×N) = peer / conneg."
echo
printf '| input |'; for c in "${crates[@]}"; do printf ' %s |' "$c"; done; echo
printf '|---|'; for _ in "${crates[@]}"; do printf -- '---:|'; done; echo
for input in "${inputs[@]}"; do
  row="| $input |"
  base=""
  for crate in "${crates[@]}"; do
    valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
      --toggle-collect='*measured*' "$bin" "$crate" "$input" "$iters" >/dev/null 2>&1
    ir=$(grep -m1 '^summary:' "$out" | awk '{print $2}')
    per=$(( ir / iters ))
    if [ -z "$base" ]; then base=$per; row="$row $per |"
    else row="$row $per (×$(awk -v a="$per" -v b="$base" 'BEGIN{printf "%.1f", a/b}')) |"; fi
  done
  echo "$row"
done
