//! The benchmark matrix: the request headers real clients send, each against
//! several offer sets, plus the conditional, date, language, encoding and
//! whole-decision rows. Plain data (no dependency on conneg), shared by
//!
//! - `examples/matrix.rs` and `scripts/matrix.py` (instructions per call,
//!   callgrind, a base revision against the working tree),
//! - `benches/matrix.rs` (criterion, conneg alone),
//! - `benches/peers` (criterion and callgrind, conneg beside its peers),
//! - `tests/matrix_alloc.rs` (no row allocates).
//!
//! Include it with `#[path = ".../benches/cases/matrix.rs"] mod matrix;`.
//! A row of the matrix is one header (or one workload); its cells are the
//! offer sets (and, for `Accept`, offers given as `&str` or prepared). The
//! reports give each row's worst cell, not its best.
#![allow(dead_code)]

/// `Accept` headers as clients send them: `(row name, value)`.
pub const ACCEPT_HEADERS: [(&str, &str); 9] = [
    // Chrome 120+ navigation (MDN's list of default Accept values).
    (
        "chrome",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    ),
    // Firefox 128+ navigation.
    (
        "firefox",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,image/svg+xml,*/*;q=0.8",
    ),
    // Safari navigation.
    (
        "safari",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ),
    // Edge navigation.
    (
        "edge",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    ),
    // curl, wget, most HTTP libraries.
    ("curl", "*/*"),
    // Java's HttpURLConnection default: a bare `*` and `q=.2` (read leniently).
    ("java", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"),
    // Googlebot.
    (
        "googlebot",
        "text/html,application/xhtml+xml,application/signed-exchange;v=b3,application/xml;q=0.9,*/*;q=0.8",
    ),
    // A JSON API client (axios' default).
    ("json_client", "application/json, text/plain, */*"),
    // A 20-element API client header: types, suffixes, parameters, q-values.
    (
        "api20",
        "application/vnd.api+json;q=0.5, application/xml;q=0.9, text/html;q=0.8, \
application/*;q=0.6, text/plain;charset=utf-8;q=0.4, image/png;q=0.1, application/json;version=2;q=1.0, \
application/cbor;q=0.7, application/msgpack;q=0.7, text/csv;q=0.3, application/yaml;q=0.5, \
application/x-protobuf;q=0.9, application/problem+json;q=0.2, text/*;q=0.2, application/ld+json;q=0.6, \
application/hal+json;q=0.65, application/geo+json;q=0.1, application/atom+xml;q=0.3, \
application/rss+xml;q=0.3, */*;q=0.01",
    ),
];

/// The server's offer sets, best first: `(cell name, offers)`.
pub const OFFER_SETS: [(&str, &[&str]); 4] = [
    // A web page that also answers JSON and XML.
    (
        "html_first",
        &["text/html", "application/json", "application/xml"],
    ),
    // The README's example.
    ("html_text", &["text/html", "application/json", "text/plain"]),
    // A JSON API that also renders HTML.
    (
        "api_first",
        &["application/json", "application/problem+json", "text/html"],
    ),
    // An image endpoint.
    ("image", &["image/avif", "image/webp", "image/png", "image/jpeg"]),
];

/// `Accept-Language` headers: `(row name, value)`.
pub const LANGUAGE_HEADERS: [(&str, &str); 4] = [
    ("chrome_ko", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
    ("en_us", "en-US,en;q=0.9"),
    ("swiss", "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5"),
    (
        "zh_hant",
        "zh-Hant-TW,zh-Hant;q=0.9,zh;q=0.8,en-US;q=0.7,en;q=0.6",
    ),
];

/// The language offer sets: `(cell name, offers)`.
pub const LANGUAGE_OFFERS: [(&str, &[&str]); 2] = [
    ("en_ko_ja", &["en", "ko", "ja"]),
    ("de_fr_zh", &["de", "fr-CH", "zh-Hant"]),
];

/// `Accept-Encoding` headers: `(row name, value)`.
pub const ENCODING_HEADERS: [(&str, &str); 3] = [
    ("browser", "gzip, deflate, br, zstd"),
    ("q_values", "br;q=1.0, gzip;q=0.8, *;q=0.1"),
    ("identity_half", "gzip;q=1.0, identity; q=0.5, *;q=0"),
];

/// The content-coding offer sets: `(cell name, offers)`.
pub const ENCODING_OFFERS: [(&str, &[&str]); 2] = [
    ("br_gzip_identity", &["br", "gzip", "identity"]),
    ("zstd_gzip", &["zstd", "gzip"]),
];

/// The current entity-tag of the If-None-Match rows.
pub const CURRENT_TAG: &str = "\"xyzzy\"";

/// `If-None-Match` values against [`CURRENT_TAG`] (weak comparison, GET).
pub const IF_NONE_MATCH: [(&str, &str); 3] = [
    ("one", "\"xyzzy\""),
    ("three", "W/\"a\", W/\"b\", \"xyzzy\""),
    ("three_stale", "\"xyzzy-1\", \"xyzzy-2\", \"xyzzy-3\""),
];

/// `If-None-Match` with `n` 42-byte tags, the last one [`CURRENT_TAG`]'s.
pub fn if_none_match_list(n: usize) -> String {
    let mut tags: Vec<String> = (1..n)
        .map(|i| format!("\"{:040x}\"", (i as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    tags.push(CURRENT_TAG.to_string());
    tags.join(", ")
}

/// `If-Modified-Since` values in the three HTTP-date forms.
pub const DATES: [(&str, &str); 3] = [
    ("imf_fixdate", "Wed, 21 Oct 2015 07:28:00 GMT"),
    ("rfc850", "Wednesday, 21-Oct-15 07:28:00 GMT"),
    ("asctime", "Wed Oct 21 07:28:00 2015"),
];

/// A `n`-element `Accept` of `type{i}/sub{i};q=0.d` elements joined by
/// `", "`, with `application/json;q=0.9` second to last: every offer set's
/// answer needs the whole header (2,000 elements: 45,778 bytes).
pub fn long_accept(n: usize) -> String {
    let at = n.saturating_sub(2);
    let mut out = String::with_capacity(n * 24);
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        if i == at {
            out.push_str("application/json;q=0.9");
        } else {
            out.push_str(&format!("type{i}/sub{i};q=0.{}", i % 9 + 1));
        }
    }
    out
}
