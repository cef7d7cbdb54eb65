//! A fixed workload for instruction counting: 100,000 calls of one hot path,
//! for `valgrind --tool=callgrind` (repeatable numbers on a noisy machine).
//!
//! ```text
//! cargo build --release --example prof_accept
//! valgrind --tool=callgrind target/release/examples/prof_accept MODE
//! ```
//!
//! MODE: `x` (Chrome's Accept × 3 offers, the default), `star` (`*/*` × 3
//! offers), `xp` and `starp` (the same with the offers prepared once as
//! `MediaOffer`s, `Accept::negotiate` on `&[MediaOffer]`), `variants` (8 variants ×
//! Chrome's Accept, Accept-Language and Accept-Encoding), `curl` (8 variants
//! × `Accept: */*`), `decide` (the `variants` case through
//! `Resource::decide` with If-None-Match, If-Modified-Since and Range: a
//! 206); `variants_set` and `decide_set` are the same with the variants
//! prepared once (`VariantSet::new`, `Resource::prepared`); `decide304` is
//! `decide_set` revalidating the current tag (a 304). `decide_body` is
//! `decide` plus the body plan walked (`Decision::body`, its segments and
//! `Content-Length`, no allocation); `respond` (feature `response`) is
//! `decide` plus the whole `http::Response` over a `Bytes`
//! (`adapters::http::respond`): the one-call path's cost on top of `decide`
//! is `respond` − `decide`. Instructions per call = callgrind's total / 100,000.

use conneg::*;
const VARIANTS: [Variant<'static>; 8] = [
    Variant::new("text/html").with_language("en"),
    Variant::new("text/html")
        .with_language("en")
        .with_encoding("gzip"),
    Variant::new("text/html").with_language("ko"),
    Variant::new("text/html")
        .with_language("ko")
        .with_encoding("gzip"),
    Variant::new("application/json").with_language("en"),
    Variant::new("application/json").with_language("ko"),
    Variant::new("text/plain").with_language("en"),
    Variant::new("text/plain").with_language("ko"),
];
static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);
/// `VARIANTS` with validators and lengths, for the `decide` modes.
const DECIDE_VARIANTS: [Variant<'static>; 8] = {
    let mut v = VARIANTS;
    let mut i = 0;
    while i < v.len() {
        v[i] = v[i]
            .with_etag(EntityTag::from_static("\"html-ko-gz\""))
            .with_last_modified(HttpDate::UNIX_EPOCH)
            .with_length(20_000);
        i += 1;
    }
    v
};
static RESOURCE: Resource<'static, 'static> = Resource::new(&DECIDE_VARIANTS).prepared();
/// The selected representation's 20,000 bytes, for the `respond` mode.
#[cfg(feature = "response")]
static REPRESENTATION: [u8; 20_000] = [b'x'; 20_000];
fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let h = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
    let offers = ["text/html", "application/json", "text/plain"];
    let decide_variants = DECIDE_VARIANTS;
    let prepared = offers.map(MediaOffer::new);
    let mut n = 0;
    for _ in 0..100_000 {
        if mode == "decide"
            || mode == "decide_set"
            || mode == "decide304"
            || mode == "decide_body"
            || mode == "respond"
        {
            // Chrome's negotiation fields, If-None-Match, If-Modified-Since
            // and Range over the 8 variants (with validators): a stale tag
            // gives a 206; `decide304` revalidates the selected variant's
            // current tag, a 304 (`benches/decide.rs`' revalidation).
            let tag: &[u8] = if mode == "decide304" {
                b"\"html-ko-gz\""
            } else {
                b"\"html-ko-gz-old\""
            };
            let request = RequestHead::new(RequestMethod::Get)
                .field(Field::Accept, FieldLines::one(std::hint::black_box(h.as_bytes())))
                .field(Field::AcceptEncoding, FieldLines::one(b"gzip, deflate, br, zstd"))
                .field(
                    Field::AcceptLanguage,
                    FieldLines::one(b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
                )
                .field(Field::IfNoneMatch, FieldLines::one(tag))
                .field(
                    Field::IfModifiedSince,
                    FieldLines::one(b"Thu, 01 Jan 1970 00:00:00 GMT"),
                )
                .field(Field::Range, FieldLines::one(b"bytes=0-1023"));
            let resource = if mode == "decide" || mode == "decide_body" || mode == "respond" {
                Resource::new(std::hint::black_box(&decide_variants))
            } else {
                *std::hint::black_box(&RESOURCE)
            };
            let decision = resource.decide(&request);
            n += decision.variant_index().unwrap_or(9) + usize::from(decision.status());
            if mode == "decide_body" {
                let plan = decision.body();
                n += plan.segments().count() + plan.content_length().unwrap_or(0) as usize;
                n += plan.headers().count();
            } else if mode == "respond" {
                n += respond(&decision);
            }
        } else if mode == "curl" {
            n += ContentNegotiation::new()
                .accept(Accept::new(std::hint::black_box(b"*/*")))
                .select(std::hint::black_box(&VARIANTS))
                .index()
                .unwrap_or(9);
        } else if mode == "xp" || mode == "starp" {
            let header: &[u8] = if mode == "xp" { h.as_bytes() } else { b"*/*" };
            n += Accept::new(std::hint::black_box(header))
                .negotiate(std::hint::black_box(&prepared))
                .index()
                .unwrap_or(9);
        } else if mode == "star" {
            n += Accept::new(std::hint::black_box(b"*/*"))
                .negotiate(std::hint::black_box(&offers))
                .index()
                .unwrap_or(9);
        } else if mode == "variants" || mode == "variants_set" {
            let request = ContentNegotiation::new()
                .accept(Accept::new(std::hint::black_box(h.as_bytes())))
                .accept_language(AcceptLanguage::new(std::hint::black_box(
                    b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
                )))
                .accept_encoding(AcceptEncoding::new(std::hint::black_box(
                    b"gzip, deflate, br, zstd",
                )));
            let selection = if mode == "variants" {
                request.select(std::hint::black_box(&VARIANTS))
            } else {
                request.select(std::hint::black_box(&SET))
            };
            n += selection.index().unwrap_or(9);
        } else {
            n += Accept::new(std::hint::black_box(h.as_bytes()))
                .negotiate(std::hint::black_box(&offers))
                .index()
                .unwrap_or(9);
        }
    }
    println!("{n}");
}

/// The one-call response over a `Bytes` (no copy of the 20,000 bytes);
/// returns something of it so that nothing is optimised away.
#[cfg(feature = "response")]
fn respond(decision: &Decision<'_, '_>) -> usize {
    let bytes = bytes::Bytes::from_static(std::hint::black_box(&REPRESENTATION));
    let response = conneg::adapters::http::respond(decision, bytes);
    response.headers().len() + usize::from(response.status().as_u16())
}

#[cfg(not(feature = "response"))]
fn respond(_: &Decision<'_, '_>) -> usize {
    eprintln!("the respond mode needs --features response");
    std::process::exit(2)
}
