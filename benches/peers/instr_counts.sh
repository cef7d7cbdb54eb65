#!/usr/bin/env bash
# Instructions per negotiation (callgrind Ir / iterations) for every crate and
# input, one table per field: a noise-free complement to the wall-clock medians
# on a shared machine. fluent-langneg's ratio is against conneg-lookup (conneg's
# RFC 4647 Lookup), every other peer's against conneg.
# Needs valgrind. Usage: bash benches/peers/instr_counts.sh [iterations]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
iters="${1:-200}"
cargo build --quiet --release --manifest-path "$here/Cargo.toml" --example profile_one
bin="${CARGO_TARGET_DIR:-$here/target}/release/examples/profile_one"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# table TITLE "crate ..." "input ..."
table() {
  local title="$1"
  local -a crates inputs
  read -r -a crates <<<"$2"
  read -r -a inputs <<<"$3"
  echo "$title:"
  echo
  printf '| input |'
  for c in "${crates[@]}"; do
    if [ "$c" = fluent-langneg ]; then printf ' %s (÷ conneg-lookup) |' "$c"; else printf ' %s |' "$c"; fi
  done
  echo
  printf '|---|'; for _ in "${crates[@]}"; do printf -- '---:|'; done; echo
  for input in "${inputs[@]}"; do
    local row="| $input |"
    declare -A per=()
    for crate in "${crates[@]}"; do
      valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
        --toggle-collect='*measured*' "$bin" "$crate" "$input" "$iters" >/dev/null 2>&1
      local ir
      ir=$(grep -m1 '^summary:' "$out" | awk '{print $2}')
      per[$crate]=$(( ir / iters ))
      local base=conneg
      [ "$crate" = fluent-langneg ] && base=conneg-lookup
      case "$crate" in
        conneg*) row="$row ${per[$crate]} |" ;;
        *) row="$row ${per[$crate]} (×$(awk -v a="${per[$crate]}" -v b="${per[$base]}" 'BEGIN{printf "%.1f", a/b}')) |" ;;
      esac
    done
    unset per
    echo "$row"
  done
  echo
}

echo "Instructions per negotiation (callgrind Ir / $iters calls); (×N) = peer / conneg."
echo
table "Accept" "conneg accept-header headers-accept negotiator actix-web mediatype" \
  "chrome firefox safari curl api20 sweep_0010 sweep_0100 sweep_1000"
table "Accept-Language" "conneg conneg-lookup negotiator actix-web accept-language fluent-langneg" \
  "lang_chrome_en lang_chrome_ko lang_zh_hant lang_fr_wildcard"
table "Accept-Encoding" "conneg negotiator actix-web" \
  "enc_chrome enc_safari enc_weighted enc_rfc_identity"
table "Accept-Charset" "conneg negotiator" "charset_utf8 charset_latin1"
