//! What a server author needs around the decision (issue 14, "Owned
//! variants and helpers"): owned variants that decide exactly as borrowed
//! ones (RFC 9110 §12.1, §12.5, §13.2.2, §14), variants from `mime::Mime`,
//! entity-tags from content (RFC 9110 §8.8.3), and the `Variant` docs'
//! claims about unset axes and `Vary` (§12.5.3, §12.5.5) checked.
#![cfg(all(feature = "alloc", feature = "mime", feature = "xxhash"))]

use conneg::{
    AcceptEncoding, AcceptLanguage, ContentNegotiation, EntityTag, EntityTagBuf, Field, FieldLines, HttpDate,
    OwnedVariant, Quality, RequestHead, RequestMethod, Resource, Variant, VariantSet, VariantViews,
    negotiate::Fallback,
};
use proptest::prelude::*;

fn headers(d: &conneg::Decision<'_, '_>) -> Vec<String> {
    d.headers().map(|h| h.to_string()).collect()
}

#[test]
fn owned_variants_are_send_sync_static() {
    fn state<T: Send + Sync + 'static>() {}
    state::<OwnedVariant>();
    state::<Vec<OwnedVariant>>();
    state::<std::sync::Arc<[OwnedVariant]>>();
}

#[test]
fn an_owned_variant_views_as_the_borrowed_one() {
    let tag = EntityTag::from_static("W/\"v1\"");
    let date = HttpDate::from_unix_seconds(784_111_777).unwrap();
    let q = Quality::from_thousandths(500).unwrap();
    let borrowed = Variant::new("text/html;level=1")
        .with_language("en-US")
        .with_charset("utf-8")
        .with_encoding("gzip")
        .with_quality(q)
        .with_uri("/doc.en.html.gz")
        .with_etag(tag)
        .with_last_modified(date)
        .with_length(1234);
    let owned = OwnedVariant::new(String::from("text/html;level=1"))
        .with_language("en-US")
        .with_charset(String::from("utf-8"))
        .with_encoding("gzip")
        .with_quality(q)
        .with_uri("/doc.en.html.gz")
        .with_etag(tag)
        .with_last_modified(date)
        .with_length(1234);
    assert_eq!(owned.as_variant(), borrowed);
    assert_eq!(Variant::from(&owned), borrowed);
    assert_eq!(OwnedVariant::from(borrowed), owned);
    // Invalid values stay invalid (never selected), as in the borrowed form.
    let bad = OwnedVariant::new("text/html").with_language("x bad");
    assert_eq!(bad.as_variant(), Variant::new("text/html").with_language("x bad"));
    let only_bad = [bad];
    let request = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"en"));
    assert_eq!(
        request.select(&VariantViews::new(&only_bad)),
        request.select(&[Variant::new("text/html").with_language("x bad")])
    );
}

#[test]
fn variants_from_mime_compile_and_keep_the_text() {
    let owned = OwnedVariant::new(mime::TEXT_CSV_UTF_8);
    assert_eq!(owned.as_variant().media_type(), "text/csv; charset=utf-8");
    let csv = mime::TEXT_CSV_UTF_8;
    assert_eq!(Variant::from_mime(&csv), Variant::new("text/csv; charset=utf-8"));
    assert_eq!(Variant::from(&csv), Variant::from_mime(&csv));
    // A parsed `Mime` with parameters, too.
    let parsed: mime::Mime = "application/vnd.api+json; profile=x".parse().unwrap();
    assert_eq!(Variant::from_mime(&parsed).media_type(), parsed.as_ref());
    // What the docs say of `Accept::negotiate`: `Mime` offers, by value.
    let offers = [mime::TEXT_HTML, mime::TEXT_CSV];
    assert_eq!(
        conneg::Accept::new(b"text/csv").negotiate(&offers).index(),
        Some(1)
    );
}

#[test]
fn views_beyond_the_inline_capacity_are_all_there() {
    let owned: Vec<OwnedVariant> = (0..VariantViews::INLINE + 3)
        .map(|i| OwnedVariant::new(format!("application/x-{i}")))
        .collect();
    let views = VariantViews::new(&owned);
    assert_eq!(views.len(), VariantViews::INLINE + 3);
    let last = format!("application/x-{}", VariantViews::INLINE + 2);
    assert_eq!(views.last().map(Variant::media_type), Some(last.as_str()));
    let request = RequestHead::new(RequestMethod::Get).field(Field::Accept, FieldLines::one(last.as_bytes()));
    assert_eq!(
        Resource::new(&views).decide(&request).variant_index(),
        Some(VariantViews::INLINE + 2)
    );
    // Collected from borrowed variants as well.
    let mixed: VariantViews<'_> = [Variant::new("text/html")]
        .into_iter()
        .chain(owned.iter().map(Variant::from))
        .collect();
    assert_eq!(mixed.len(), owned.len() + 1);
    assert_eq!(VariantViews::from(&owned[..0]).len(), 0);
}

/// A helper builds the variants from run-time strings and hands them back:
/// the case that fails with E0515 for borrowed variants.
#[test]
fn a_helper_returns_owned_variants_to_decide_over() {
    fn variants_for(name: &str) -> Vec<OwnedVariant> {
        ["en", "de"]
            .iter()
            .map(|lang| {
                let body = format!("{name} in {lang}");
                OwnedVariant::new("text/plain")
                    .with_language(lang)
                    .with_uri(format!("/{name}.{lang}.txt"))
                    .with_etag(EntityTagBuf::from_content(body.as_bytes(), false).entity_tag())
                    .with_length(body.len() as u64)
            })
            .collect()
    }
    let owned = variants_for("notes");
    let views = VariantViews::new(&owned);
    let de_tag = EntityTagBuf::from_content(b"notes in de", false);
    let request = RequestHead::new(RequestMethod::Get)
        .field(Field::AcceptLanguage, FieldLines::one(b"de"))
        .field(Field::IfNoneMatch, FieldLines::one(de_tag.as_bytes()));
    let d = Resource::new(&views).decide(&request);
    assert_eq!((d.status(), d.variant_index()), (304, Some(1)));
    assert_eq!(
        headers(&d),
        [
            "Vary: Accept, Accept-Encoding, Accept-Language".to_string(),
            format!("ETag: {de_tag}")
        ]
    );
}

// Entity-tags from content (RFC 9110 §8.8.3): XXH3-64, seed 0, the digest's
// 8 big-endian bytes in lower-case hex. The values are pinned: they were
// computed with the xxHash reference C library (libxxhash 0.8.1,
// `XXH3_64bits`) and agree with xxhash-rust; the empty input's is the
// published XXH3-64 constant 0x2D06800538D394C2. They must never change.

/// `(i * 7 + 3) % 251` for each byte index: deterministic content of any
/// length, to reach each of XXH3's input-length paths.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| ((i * 7 + 3) % 251) as u8).collect()
}

#[test]
fn etag_from_content_is_xxh3_64_pinned() {
    let cases: [(&[u8], &str); 5] = [
        (b"", "2d06800538d394c2"),
        (b"a", "e6c632b61e964e1f"),
        (b"abc", "78af5f94892f3950"),
        (b"hello world", "d447b1ea40e6988b"),
        (b"<p>hello</p>", "585b02659c3ebc57"),
    ];
    for (content, hex) in cases {
        assert_eq!(
            EntityTagBuf::from_content(content, false).as_str(),
            format!("\"{hex}\"")
        );
        assert_eq!(
            EntityTagBuf::from_content(content, true).as_str(),
            format!("W/\"{hex}\"")
        );
    }
    // 1-3, 4-8, 9-16, 17-128, 129-240 and 241+ bytes take different paths.
    for (len, hex) in [
        (8, "60539db630471163"),
        (16, "b8c859b0f030b585"),
        (100, "0de27c6732e616cb"),
        (200, "a369f2930049476f"),
        (240, "887af00281f75d38"),
        (241, "82b1de299f6e411e"),
        (1024, "f75e768c7cdd54b2"),
        (100_000, "d449c3d3e190d6d6"),
    ] {
        let tag = EntityTagBuf::from_content(&pattern(len), false);
        assert_eq!(tag.as_str(), format!("\"{hex}\""), "{len} bytes");
    }
}

#[test]
fn etag_from_content_is_from_hash_of_the_digest_and_parses_back() {
    // One place for the tag text: `from_hash` of the digest's big-endian bytes.
    assert_eq!(
        EntityTagBuf::from_content(b"hello world", false),
        EntityTagBuf::from_hash(&0xd447_b1ea_40e6_988b_u64.to_be_bytes(), false)
    );
    let tag = EntityTagBuf::from_content(&pattern(5000), true);
    let parsed = EntityTag::parse(tag.as_bytes()).unwrap();
    assert!(parsed.is_weak() && parsed.opaque().len() == 16);
    assert_eq!(parsed, tag.entity_tag());
    assert_ne!(
        EntityTagBuf::from_content(b"v1", false),
        EntityTagBuf::from_content(b"v2", false)
    );
    // Leading zero digits are kept: always 16 digits.
    assert_eq!(
        EntityTagBuf::from_hash(&0x00ab_u64.to_be_bytes(), false).as_str(),
        "\"00000000000000ab\""
    );
}

// The `Variant` docs' claims (RFC 9110 §12.5.3, §12.5.5).

#[test]
fn an_unset_language_or_charset_accepts_any_field_but_an_unset_coding_is_identity() {
    let plain = [Variant::new("text/html")];
    // No language, no charset: even fields refusing every named value accept it.
    let request = RequestHead::new(RequestMethod::Get)
        .field(Field::AcceptLanguage, FieldLines::one(b"fr, *;q=0"))
        .field(Field::AcceptCharset, FieldLines::one(b"iso-8859-1, *;q=0"));
    assert_eq!(Resource::new(&plain).decide(&request).status(), 200);
    // No coding is identity, which `identity;q=0` (or `*;q=0`) refuses: 406.
    for refuse in [&b"identity;q=0"[..], b"gzip, *;q=0"] {
        let request =
            RequestHead::new(RequestMethod::Get).field(Field::AcceptEncoding, FieldLines::one(refuse));
        let d = Resource::new(&plain).decide(&request);
        assert_eq!(d.status(), 406, "{}", String::from_utf8_lossy(refuse));
        assert_eq!(d.vary().as_str(), "Accept, Accept-Encoding");
    }
    // `*;q=0` with identity named keeps it.
    let neg = ContentNegotiation::new().accept_encoding(AcceptEncoding::new(b"identity, *;q=0"));
    assert_eq!(neg.select(&plain).status(), 200);
}

#[test]
fn with_charset_and_with_language_add_their_field_to_vary() {
    let base = Variant::new("text/html");
    // One variant naming a charset: Accept-Charset could refuse it (406 policy).
    assert_eq!(
        VariantSet::from(&[base.with_charset("utf-8")]).vary().as_str(),
        "Accept, Accept-Charset, Accept-Encoding"
    );
    // Two variants, one naming a charset: they differ on it, under either policy.
    let differ = [base.with_charset("utf-8"), base];
    let neg = ContentNegotiation::new();
    assert_eq!(
        neg.select(&differ).vary().as_str(),
        "Accept, Accept-Charset, Accept-Encoding"
    );
    assert_eq!(
        neg.fallback(Fallback::FirstVariant)
            .select(&differ)
            .vary()
            .as_str(),
        "Accept-Charset"
    );
    // The same charset on both, differing case: no difference, only refusable.
    let same = [base.with_charset("utf-8"), base.with_charset("UTF-8")];
    assert!(
        neg.fallback(Fallback::FirstVariant)
            .select(&same)
            .vary()
            .is_empty()
    );
    assert_eq!(
        VariantSet::from(&[base.with_language("en")]).vary().as_str(),
        "Accept, Accept-Encoding, Accept-Language"
    );
    // Codings: Accept-Encoding always under the 406 policy; with the
    // fallback only when they differ (identity counting as one).
    assert!(
        neg.fallback(Fallback::FirstVariant)
            .select(&[base])
            .vary()
            .is_empty()
    );
    assert_eq!(
        neg.fallback(Fallback::FirstVariant)
            .select(&[base, base.with_encoding("gzip")])
            .vary()
            .as_str(),
        "Accept-Encoding"
    );
}

mod equivalence {
    //! Deciding over owned variants (through `VariantViews`) equals deciding
    //! over the borrowed variants they were built like: status, variant,
    //! every header field, and the whole `Decision`.
    use super::*;

    const MEDIA: [&str; 5] = [
        "text/html",
        "TEXT/HTML",
        "application/json",
        "text/plain;format=flowed",
        "bad",
    ];
    const LANGUAGES: [&str; 5] = ["en", "EN", "ko", "en-US", "x bad"];
    const CODINGS: [&str; 4] = ["gzip", "identity", "br", "GZIP"];
    const CHARSETS: [&str; 2] = ["utf-8", "iso-8859-1"];
    const TAGS: [&str; 4] = ["\"a\"", "W/\"a\"", "\"b\"", "\"\""];

    #[derive(Clone, Debug)]
    struct Spec {
        media: usize,
        language: Option<usize>,
        coding: Option<usize>,
        charset: Option<usize>,
        quality: u16,
        tag: Option<usize>,
        modified: Option<i64>,
        length: Option<u64>,
        uri: bool,
    }

    fn spec() -> impl Strategy<Value = Spec> {
        (
            0..MEDIA.len(),
            proptest::option::of(0..LANGUAGES.len()),
            proptest::option::of(0..CODINGS.len()),
            proptest::option::weighted(0.3, 0..CHARSETS.len()),
            prop_oneof![Just(1000u16), 0..=1000u16],
            proptest::option::of(0..TAGS.len()),
            proptest::option::of(0i64..3),
            proptest::option::of(0u64..50),
            any::<bool>(),
        )
            .prop_map(
                |(media, language, coding, charset, quality, tag, modified, length, uri)| Spec {
                    media,
                    language,
                    coding,
                    charset,
                    quality,
                    tag,
                    modified,
                    length,
                    uri,
                },
            )
    }

    fn borrowed(s: &Spec) -> Variant<'static> {
        let mut v = Variant::new(MEDIA[s.media]).with_quality(Quality::from_thousandths(s.quality).unwrap());
        if let Some(l) = s.language {
            v = v.with_language(LANGUAGES[l]);
        }
        if let Some(c) = s.coding {
            v = v.with_encoding(CODINGS[c]);
        }
        if let Some(c) = s.charset {
            v = v.with_charset(CHARSETS[c]);
        }
        if let Some(t) = s.tag {
            v = v.with_etag(EntityTag::from_static(TAGS[t]));
        }
        if let Some(m) = s.modified {
            v = v.with_last_modified(HttpDate::from_unix_seconds(m * 1000).unwrap());
        }
        if let Some(n) = s.length {
            v = v.with_length(n);
        }
        if s.uri {
            v = v.with_uri("/x?a=<b>");
        }
        v
    }

    /// The same variant built through the owned builders (each value copied
    /// into its own allocation, so equal values are at different addresses).
    fn owned(s: &Spec) -> OwnedVariant {
        let mut v =
            OwnedVariant::new(MEDIA[s.media]).with_quality(Quality::from_thousandths(s.quality).unwrap());
        if let Some(l) = s.language {
            v = v.with_language(LANGUAGES[l]);
        }
        if let Some(c) = s.coding {
            v = v.with_encoding(CODINGS[c]);
        }
        if let Some(c) = s.charset {
            v = v.with_charset(CHARSETS[c]);
        }
        if let Some(t) = s.tag {
            let text = TAGS[t].to_string();
            v = v.with_etag(EntityTag::parse(text.as_bytes()).unwrap());
        }
        if let Some(m) = s.modified {
            v = v.with_last_modified(HttpDate::from_unix_seconds(m * 1000).unwrap());
        }
        if let Some(n) = s.length {
            v = v.with_length(n);
        }
        if s.uri {
            v = v.with_uri(String::from("/x?a=<b>"));
        }
        v
    }

    fn field() -> impl Strategy<Value = Option<&'static str>> {
        proptest::option::of(prop_oneof![
            Just("text/html, application/json;q=0.5, */*;q=0.1"),
            Just("ko, en;q=0.5"),
            Just("en-US, *;q=0.2"),
            Just("gzip, br;q=0.5, identity;q=0"),
            Just("*;q=0.3, utf-8"),
            Just("text/*;q=0"),
            Just("\"a\", W/\"b\""),
            Just("*"),
            Just("Thu, 01 Jan 1970 00:16:40 GMT"),
            Just("bytes=0-9, 20-"),
            Just("bytes=5-"),
            Just(""),
        ])
    }

    const FIELDS: [Field; 10] = [
        Field::Accept,
        Field::AcceptLanguage,
        Field::AcceptEncoding,
        Field::AcceptCharset,
        Field::IfMatch,
        Field::IfNoneMatch,
        Field::IfModifiedSince,
        Field::IfUnmodifiedSince,
        Field::IfRange,
        Field::Range,
    ];

    proptest! {
        #[test]
        fn owned_and_borrowed_variants_decide_alike(
            specs in proptest::collection::vec(spec(), 0..20),
            fields in proptest::collection::vec(field(), FIELDS.len()),
            method in prop_oneof![Just(RequestMethod::Get), Just(RequestMethod::Head), Just(RequestMethod::Put)],
            first_variant in any::<bool>(),
        ) {
            let borrowed: Vec<Variant<'static>> = specs.iter().map(borrowed).collect();
            let owned: Vec<OwnedVariant> = specs.iter().map(owned).collect();
            let views = VariantViews::new(&owned);
            prop_assert_eq!(&views[..], &borrowed[..]);

            let mut request = RequestHead::new(method);
            for (field, value) in FIELDS.iter().zip(&fields) {
                request = request.field(*field, FieldLines::from_option(value.map(str::as_bytes)));
            }
            let fallback = if first_variant { Fallback::FirstVariant } else { Fallback::NotAcceptable };
            let want = Resource::new(&borrowed).fallback(fallback).decide(&request);
            for got in [
                Resource::new(&views).fallback(fallback).decide(&request),
                Resource::new(&views).prepared().fallback(fallback).decide(&request),
            ] {
                prop_assert_eq!((got.status(), got.variant_index()), (want.status(), want.variant_index()));
                prop_assert_eq!(headers(&got), headers(&want));
                prop_assert_eq!(got.alternatives().map(|a| a.to_string()),
                    want.alternatives().map(|a| a.to_string()));
                prop_assert_eq!(got, want);
            }
        }
    }
}
