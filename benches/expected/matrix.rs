//! Hand-checked answers for the benchmark matrix (`benches/cases/matrix.rs`),
//! written from RFC 9110 §12.5 and RFC 4647, not from any crate's output:
//! `benches/matrix.rs` (conneg alone) asserts conneg's answer for every cell
//! against these before timing, and `benches/peers` checks conneg (and
//! reports every peer that disagrees) against them. Plain data, no
//! dependency; include it with `#[path = ".../benches/expected/matrix.rs"]`.
//!
//! The `Accept` rule: an offer's q is that of the most specific range that
//! matches it (parameters of a range must be present in the offer); the
//! highest q wins; ties go to the more specific range, then the range the
//! client listed first, then the server's first offer. q=0 is "not
//! acceptable". `Accept-Language`: RFC 4647 Basic Filtering (a range matches
//! a tag equal to it or starting with it and `-`); Lookup (truncating each
//! range until an offer equals it) gives the same answer on every cell here.
//! `Accept-Encoding`: `identity` is acceptable unless excluded, below any
//! coding the client names; equal q goes to the client's order.
#![allow(dead_code)]

/// `(Accept row, offer set, offer index)`; `None` is a 406.
///
/// - Browsers (chrome, firefox, safari, edge, googlebot): `text/html` is
///   named at q=1, so it wins wherever offered; `api_first` gives index 2
///   (`application/json` only gets `*/*;q=0.8`). `image`: Chrome and
///   Firefox name `image/avif` first at q=1 (avif, listed before webp);
///   Edge names only `image/webp` (1); Safari and Googlebot name no image
///   type, so all four offers get `*/*;q=0.8` and the server's first wins.
/// - curl `*/*`: every offer q=1, the server's first (0).
/// - java `text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2`: `text/html`
///   at 1 (0, 0, 2); `image/jpeg` is named (3), the rest only get 0.2.
/// - json_client `application/json, text/plain, */*`: `application/json`
///   is named at q=1 and its range is more specific than `*/*` (text/html's),
///   so 1, 1 (json before text/plain: the client lists it first), 0; `image`:
///   only `*/*`, the server's first.
/// - api20: html_first: xml 0.9 > html 0.8 > json 0.6 (`application/*`;
///   `application/json;version=2` needs a parameter the offer lacks) → 2;
///   html_text: html 0.8 (text/plain only gets `text/*;q=0.2`:
///   `text/plain;charset=utf-8` needs the parameter) → 0; api_first: html 0.8
///   > json 0.6 > problem+json 0.2 → 2; image: png 0.1 > `*/*;q=0.01` → 2.
/// - long2000 (`type{i}/sub{i}` ranges and `application/json;q=0.9` second
///   to last): only json matches: 1, 1, 0, none.
pub const ACCEPT: [(&str, &str, Option<usize>); 40] = [
    ("chrome", "html_first", Some(0)),
    ("chrome", "html_text", Some(0)),
    ("chrome", "api_first", Some(2)),
    ("chrome", "image", Some(0)),
    ("firefox", "html_first", Some(0)),
    ("firefox", "html_text", Some(0)),
    ("firefox", "api_first", Some(2)),
    ("firefox", "image", Some(0)),
    ("safari", "html_first", Some(0)),
    ("safari", "html_text", Some(0)),
    ("safari", "api_first", Some(2)),
    ("safari", "image", Some(0)),
    ("edge", "html_first", Some(0)),
    ("edge", "html_text", Some(0)),
    ("edge", "api_first", Some(2)),
    ("edge", "image", Some(1)),
    ("curl", "html_first", Some(0)),
    ("curl", "html_text", Some(0)),
    ("curl", "api_first", Some(0)),
    ("curl", "image", Some(0)),
    ("java", "html_first", Some(0)),
    ("java", "html_text", Some(0)),
    ("java", "api_first", Some(2)),
    ("java", "image", Some(3)),
    ("googlebot", "html_first", Some(0)),
    ("googlebot", "html_text", Some(0)),
    ("googlebot", "api_first", Some(2)),
    ("googlebot", "image", Some(0)),
    ("json_client", "html_first", Some(1)),
    ("json_client", "html_text", Some(1)),
    ("json_client", "api_first", Some(0)),
    ("json_client", "image", Some(0)),
    ("api20", "html_first", Some(2)),
    ("api20", "html_text", Some(0)),
    ("api20", "api_first", Some(2)),
    ("api20", "image", Some(2)),
    ("long2000", "html_first", Some(1)),
    ("long2000", "html_text", Some(1)),
    ("long2000", "api_first", Some(0)),
    ("long2000", "image", None),
];

/// `(Accept-Language row, offer set, offer index)`, Basic Filtering and
/// Lookup alike. chrome_ko: `ko` 0.9 > `en` 0.7 (`ko-KR`, `en-US` match no
/// offer under filtering; Lookup truncates them to the same); nothing of
/// de/fr-CH/zh-Hant. en_us: `en` 0.9; nothing. swiss: `en` 0.8 > ko, ja at
/// `*;q=0.5`; `fr-CH` 1. zh_hant: `en` 0.6 (ko, ja unmatched); `zh-Hant` 0.9.
pub const LANGUAGE: [(&str, &str, Option<usize>); 8] = [
    ("chrome_ko", "en_ko_ja", Some(1)),
    ("chrome_ko", "de_fr_zh", None),
    ("en_us", "en_ko_ja", Some(0)),
    ("en_us", "de_fr_zh", None),
    ("swiss", "en_ko_ja", Some(0)),
    ("swiss", "de_fr_zh", Some(1)),
    ("zh_hant", "en_ko_ja", Some(0)),
    ("zh_hant", "de_fr_zh", Some(2)),
];

/// `(Accept-Encoding row, offer set, offer index)`. browser: gzip, br, zstd
/// all q=1, gzip listed first by the client (1, 1). q_values: br 1 (0); gzip
/// 0.8 > zstd's `*;q=0.1` (1). identity_half: gzip 1 (1, 1; br and zstd are
/// vetoed by `*;q=0`, identity 0.5).
pub const ENCODING: [(&str, &str, Option<usize>); 6] = [
    ("browser", "br_gzip_identity", Some(1)),
    ("browser", "zstd_gzip", Some(1)),
    ("q_values", "br_gzip_identity", Some(0)),
    ("q_values", "zstd_gzip", Some(1)),
    ("identity_half", "br_gzip_identity", Some(1)),
    ("identity_half", "zstd_gzip", Some(1)),
];

/// The hand-checked answer of `(row, cell)` in `table`; panics on a cell
/// the table does not have (a matrix cell nobody checked).
pub fn answer(table: &[(&str, &str, Option<usize>)], row: &str, cell: &str) -> Option<usize> {
    table
        .iter()
        .find(|(r, c, _)| *r == row && *c == cell)
        .unwrap_or_else(|| panic!("no hand-checked answer for {row}/{cell}"))
        .2
}
