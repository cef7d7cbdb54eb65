//! The combined decision (`Resource::decide`) over 8 variants with Chrome's
//! Accept, Accept-Encoding and Accept-Language, If-None-Match (a stale tag),
//! If-Modified-Since (ignored next to If-None-Match, C-14) and Range: the
//! whole request path from raw header bytes to a 206. Also the same with the
//! response header values copied out, a revalidation answered 304, and the
//! 206 again with the variants prepared once (`Resource::prepared`), and
//! with owned variants held in state, viewed per request (`VariantViews`).
//! Every input's answer is asserted before it is measured.

use std::hint::black_box;

use conneg::{
    EntityTag, Field, FieldLines, HttpDate, OwnedVariant, RequestHead, RequestMethod, Resource, Variant,
    VariantViews,
};
use criterion::{Criterion, criterion_group, criterion_main};

const LM: HttpDate = HttpDate::UNIX_EPOCH;

const fn v(media: &'static str, lang: &'static str, gzip: bool, tag: &'static str) -> Variant<'static> {
    let v = Variant::new(media)
        .with_language(lang)
        .with_etag(EntityTag::from_static(tag))
        .with_last_modified(LM)
        .with_length(20_000);
    if gzip { v.with_encoding("gzip") } else { v }
}

/// The demo server's shape: HTML (en/ko, identity/gzip), JSON and text (en/ko).
const VARIANTS: [Variant<'static>; 8] = [
    v("text/html", "en", false, "\"html-en\""),
    v("text/html", "en", true, "\"html-en-gz\""),
    v("text/html", "ko", false, "\"html-ko\""),
    v("text/html", "ko", true, "\"html-ko-gz\""),
    v("application/json", "en", false, "\"json-en\""),
    v("application/json", "ko", false, "\"json-ko\""),
    v("text/plain", "en", false, "\"text-en\""),
    v("text/plain", "ko", false, "\"text-ko\""),
];

const CHROME_ACCEPT: &[u8] = b"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

fn request<'h>(inm: &'h [u8], range: &'h [u8]) -> RequestHead<'h> {
    RequestHead::new(RequestMethod::Get)
        .field(Field::Accept, FieldLines::one(CHROME_ACCEPT))
        .field(Field::AcceptEncoding, FieldLines::one(b"gzip, deflate, br, zstd"))
        .field(
            Field::AcceptLanguage,
            FieldLines::one(b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
        )
        .field(Field::IfNoneMatch, FieldLines::one(inm))
        .field(
            Field::IfModifiedSince,
            FieldLines::one(b"Thu, 01 Jan 1970 00:00:00 GMT"),
        )
        .field(Field::Range, FieldLines::one(range))
}

fn decide(c: &mut Criterion) {
    let resource = Resource::new(&VARIANTS);
    // The same resource with its variants prepared once (`VariantSet`), as a
    // server holds a resource it serves many times.
    let prepared = Resource::new(&VARIANTS).prepared();
    let partial = request(b"\"html-ko-gz-old\"", b"bytes=0-1023");
    let revalidate = request(b"\"html-ko-gz\"", b"bytes=0-1023");
    let d = resource.decide(&partial);
    assert_eq!((d.status(), d.variant_index()), (206, Some(3)));
    assert_eq!(resource.decide(&revalidate).status(), 304);
    assert_eq!(prepared.decide(&partial), d);
    // The same variants owned (as application state holds them).
    let owned: Vec<OwnedVariant> = VARIANTS.iter().map(|v| OwnedVariant::from(*v)).collect();
    assert_eq!(Resource::new(&VariantViews::new(&owned)).decide(&partial), d);

    let mut g = c.benchmark_group("decide");
    g.bench_function("chrome_8_variants_206", |b| {
        b.iter(|| resource.decide(black_box(&partial)).status())
    });
    g.bench_function("chrome_8_variants_206_prepared", |b| {
        b.iter(|| prepared.decide(black_box(&partial)).status())
    });
    g.bench_function("chrome_8_owned_variants_206", |b| {
        b.iter(|| {
            let views = VariantViews::new(black_box(&owned));
            Resource::new(&views).decide(black_box(&partial)).status()
        })
    });
    g.bench_function("chrome_8_variants_206_with_headers", |b| {
        b.iter(|| {
            let d = resource.decide(black_box(&partial));
            let mut buf = [0u8; 128];
            let mut n = 0;
            for h in d.headers() {
                n += h.value().copy_to(&mut buf).map_or(0, <[u8]>::len);
            }
            n
        })
    });
    g.bench_function("chrome_8_variants_304", |b| {
        b.iter(|| resource.decide(black_box(&revalidate)).status())
    });
    g.finish();
}

criterion_group!(benches, decide);
criterion_main!(benches);
