//! Accept-Language / Accept-Encoding / Accept-Charset on their own (every
//! corpus value), and choosing among 8 variants with a browser's three
//! negotiation fields. Answers are asserted before timing.
//!
//! Run: `cargo bench --bench negotiate`.

use std::hint::black_box;

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, ContentNegotiation, Variant, VariantSet,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// (field name, value, offers, index conneg must choose)
const SINGLE: [(&str, &str, &[&str], Option<usize>); 6] = [
    (
        "language/chrome-ko",
        "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
        &["en", "ko", "de"],
        Some(1),
    ),
    (
        "language/zh-tw",
        "zh-Hant-TW,zh-Hant;q=0.9,zh;q=0.8,en-US;q=0.7,en;q=0.6",
        &["en", "zh-Hans", "zh-Hant"],
        Some(2),
    ),
    (
        "encoding/chrome",
        "gzip, deflate, br, zstd",
        &["br", "gzip", "identity"],
        Some(1),
    ),
    (
        "encoding/weighted",
        "br;q=1.0, gzip;q=0.8, *;q=0.1",
        &["gzip", "br", "identity"],
        Some(1),
    ),
    (
        "charset/legacy",
        "ISO-8859-1,utf-8;q=0.7,*;q=0.7",
        &["utf-8", "iso-8859-1"],
        Some(1),
    ),
    (
        "charset/utf8",
        "utf-8, iso-8859-1;q=0.5",
        &["iso-8859-1", "utf-8"],
        Some(1),
    ),
];

fn single_fields(c: &mut Criterion) {
    let mut group = c.benchmark_group("negotiate/field");
    for (name, value, offers, want) in SINGLE {
        let field = name.split('/').next().unwrap();
        let got = match field {
            "language" => AcceptLanguage::new(value.as_bytes()).negotiate(offers),
            "encoding" => AcceptEncoding::new(value.as_bytes()).negotiate(offers),
            _ => AcceptCharset::new(value.as_bytes()).negotiate(offers),
        };
        assert_eq!(got.index(), want, "{name}");
        group.throughput(Throughput::Bytes(value.len() as u64));
        group.bench_function(name, |b| match field {
            "language" => {
                b.iter(|| AcceptLanguage::new(black_box(value.as_bytes())).negotiate(black_box(offers)))
            }
            "encoding" => {
                b.iter(|| AcceptEncoding::new(black_box(value.as_bytes())).negotiate(black_box(offers)))
            }
            _ => b.iter(|| AcceptCharset::new(black_box(value.as_bytes())).negotiate(black_box(offers))),
        });
    }
    group.finish();
}

const CHROME_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
const CHROME_LANGUAGE: &str = "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7";
const CHROME_ENCODING: &str = "gzip, deflate, br, zstd";

/// A document in HTML, JSON and plain text, English and Korean, identity and
/// gzip (HTML only): 8 variants.
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

fn request<'h>(accept: &'h str, language: &'h str, encoding: &'h str) -> ContentNegotiation<'h> {
    ContentNegotiation::new()
        .accept(Accept::new(accept.as_bytes()))
        .accept_language(AcceptLanguage::new(language.as_bytes()))
        .accept_encoding(AcceptEncoding::new(encoding.as_bytes()))
}

fn variants(c: &mut Criterion) {
    let mut group = c.benchmark_group("negotiate/variants");
    let bytes = CHROME_ACCEPT.len() + CHROME_LANGUAGE.len() + CHROME_ENCODING.len();
    let selection = request(CHROME_ACCEPT, CHROME_LANGUAGE, CHROME_ENCODING).select(&VARIANTS);
    assert_eq!(selection.index(), Some(3));
    assert_eq!(
        selection.vary().as_str(),
        "Accept, Accept-Encoding, Accept-Language"
    );
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("chrome-8", |b| {
        b.iter(|| {
            request(
                black_box(CHROME_ACCEPT),
                black_box(CHROME_LANGUAGE),
                black_box(CHROME_ENCODING),
            )
            .select(black_box(&VARIANTS))
        })
    });
    // The same with the variants prepared once (`VariantSet`, a `static`).
    static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);
    assert_eq!(
        request(CHROME_ACCEPT, CHROME_LANGUAGE, CHROME_ENCODING).select(&SET),
        selection
    );
    group.bench_function("chrome-8-prepared", |b| {
        b.iter(|| {
            request(
                black_box(CHROME_ACCEPT),
                black_box(CHROME_LANGUAGE),
                black_box(CHROME_ENCODING),
            )
            .select(black_box(&SET))
        })
    });
    let curl = request("*/*", "", "");
    assert_eq!(
        curl.accept_language(AcceptLanguage::absent())
            .select(&VARIANTS)
            .index(),
        Some(0)
    );
    group.bench_function("curl-8", |b| {
        b.iter(|| {
            ContentNegotiation::new()
                .accept(Accept::new(black_box(b"*/*")))
                .select(black_box(&VARIANTS))
        })
    });
    group.finish();
}

/// The field values of one field in the real-world corpus
/// (`tests/data/request-headers.txt`).
fn corpus(name: &str) -> Vec<&'static str> {
    include_str!("../tests/data/request-headers.txt")
        .lines()
        .filter_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
        .collect()
}

/// Every corpus value of each field, negotiated in turn against fixed offers;
/// the answers are checked against a first run before timing.
fn corpus_fields(c: &mut Criterion) {
    let mut group = c.benchmark_group("negotiate/corpus");
    let languages = corpus("Accept-Language");
    let encodings = corpus("Accept-Encoding");
    let charsets = corpus("Accept-Charset");
    assert!(languages.len() >= 7 && encodings.len() >= 7 && charsets.len() >= 2);
    const LANGS: [&str; 4] = ["en", "ko", "de", "zh-Hant"];
    const CODINGS: [&str; 3] = ["br", "gzip", "identity"];
    const CHARSETS: [&str; 2] = ["utf-8", "iso-8859-1"];
    // Each run returns a checksum of the chosen indices (no allocation in the
    // timed loop); the checksum is pinned before timing.
    let checksum = |picks: &mut dyn Iterator<Item = Option<usize>>| -> usize {
        picks
            .enumerate()
            .map(|(i, p)| (i + 1) * p.map_or(7, |x| x + 1))
            .sum()
    };
    let run_lang = |vs: &[&str]| {
        checksum(
            &mut vs
                .iter()
                .map(|v| AcceptLanguage::new(v.as_bytes()).negotiate(&LANGS).index()),
        )
    };
    let run_enc = |vs: &[&str]| {
        checksum(
            &mut vs
                .iter()
                .map(|v| AcceptEncoding::new(v.as_bytes()).negotiate(&CODINGS).index()),
        )
    };
    let run_cs = |vs: &[&str]| {
        checksum(
            &mut vs
                .iter()
                .map(|v| AcceptCharset::new(v.as_bytes()).negotiate(&CHARSETS).index()),
        )
    };
    // Spot checks of the answers being timed.
    assert_eq!(
        AcceptLanguage::new(languages[2].as_bytes())
            .negotiate(&LANGS)
            .index(),
        Some(1),
        "{}",
        languages[2]
    );
    assert_eq!(
        AcceptEncoding::new(encodings[3].as_bytes())
            .negotiate(&CODINGS)
            .index(),
        Some(2),
        "{}",
        encodings[3]
    );
    assert_eq!(
        AcceptCharset::new(charsets[0].as_bytes())
            .negotiate(&CHARSETS)
            .index(),
        Some(0),
        "{}",
        charsets[0]
    );
    for (name, values, run) in [
        (
            "accept-language",
            &languages,
            &run_lang as &dyn Fn(&[&str]) -> usize,
        ),
        ("accept-encoding", &encodings, &run_enc),
        ("accept-charset", &charsets, &run_cs),
    ] {
        let bytes: usize = values.iter().map(|v| v.len()).sum();
        let want = run(values);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let got = run(black_box(values));
                assert_eq!(got, want);
                got
            })
        });
    }
    group.finish();
}

criterion_group!(benches, single_fields, variants, corpus_fields);
criterion_main!(benches);
