//! A fixed workload for instruction counting of the conditional and
//! token-field hot paths: 100,000 calls of one, for `valgrind --tool=callgrind`
//! (repeatable numbers on a noisy machine).
//!
//! ```text
//! cargo build --release --example prof_fields
//! valgrind --tool=callgrind target/release/examples/prof_fields MODE [CALLS]
//! ```
//!
//! MODE: `inm1` (If-None-Match with the current tag alone: the one-tag fast
//! path), `inm3` (`W/"a", W/"b", "xyzzy"`, the last matching), `inm50` (50
//! 42-octet tags, the last matching: `benches/conditional.rs`), `imf`,
//! `rfc850` and `asctime` (`HttpDate::parse` of each form), `lang`
//! (Chrome's Accept-Language × `["en", "ko", "ja"]`), `enc` (Chrome's
//! Accept-Encoding × `["br", "gzip", "identity"]`). CALLS defaults to
//! 100,000; instructions per call = (total − total at another CALLS) /
//! (difference in CALLS), or roughly callgrind's total / CALLS.

use conneg::*;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let calls: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(100_000);
    let xyzzy = EntityTag::from_static("\"xyzzy\"");
    let current = EntityTag::from_static("\"33a64df551425fcc55e4d42a148795d9f25f89d4\"");
    let mut tags: Vec<String> = (1..50u128)
        .map(|i| format!("\"{:040x}\"", i.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    tags.push(current.to_string());
    let inm50 = tags.join(", ");
    let now = HttpDate::from_unix_seconds(1_795_651_200).unwrap_or(HttpDate::UNIX_EPOCH);
    let mut n = 0usize;
    for _ in 0..calls {
        match mode.as_str() {
            "inm1" | "inm3" | "inm50" => {
                let (value, tag): (&[u8], _) = match mode.as_str() {
                    "inm1" => (b"\"xyzzy\"", xyzzy),
                    "inm3" => (b"W/\"a\", W/\"b\", \"xyzzy\"", xyzzy),
                    _ => (inm50.as_bytes(), current),
                };
                let rep = Representation::new().etag(black_box(tag));
                let outcome = Conditions::new(RequestMethod::Get)
                    .if_none_match(FieldLines::one(black_box(value)))
                    .evaluate(black_box(&rep));
                n += usize::from(outcome.status());
            }
            "imf" | "rfc850" | "asctime" => {
                let value: &[u8] = match mode.as_str() {
                    "imf" => b"Wed, 21 Oct 2015 07:28:00 GMT",
                    "rfc850" => b"Wednesday, 21-Oct-15 07:28:00 GMT",
                    _ => b"Wed Oct 21 07:28:00 2015",
                };
                let date = HttpDate::parse(black_box(value), black_box(now));
                n += date.map_or(0, |d| d.unix_seconds() as usize);
            }
            "lang" => {
                n += AcceptLanguage::new(black_box(b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"))
                    .negotiate(black_box(&["en", "ko", "ja"]))
                    .index()
                    .unwrap_or(9);
            }
            "enc" => {
                n += AcceptEncoding::new(black_box(b"gzip, deflate, br, zstd"))
                    .negotiate(black_box(&["br", "gzip", "identity"]))
                    .index()
                    .unwrap_or(9);
            }
            _ => {
                eprintln!("MODE: inm1, inm3, inm50, imf, rfc850, asctime, lang or enc");
                std::process::exit(2);
            }
        }
    }
    println!("{n}");
}
