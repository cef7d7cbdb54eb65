//! Choosing among multi-dimensional variants (RFC 9110 §12.1, §12.5), the
//! `Vary` value (§12.5.5) and the 406 body (§15.5.7). Row IDs from the
//! project's RFC checklist.

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Alternatives, ContentNegotiation, Quality,
    TieBreak, Variant, Vary, negotiate::Fallback, negotiate::VariantChoice,
};

const DOC: [Variant<'static>; 8] = [
    Variant::new("text/html").with_language("en"),
    Variant::new("text/html")
        .with_language("en")
        .with_encoding("gzip"),
    Variant::new("text/html").with_language("ko"),
    Variant::new("text/html")
        .with_language("ko")
        .with_encoding("gzip"),
    Variant::new("application/json").with_language("en"),
    Variant::new("application/json")
        .with_language("en")
        .with_encoding("gzip"),
    Variant::new("text/plain").with_language("en"),
    Variant::new("text/plain").with_language("ko"),
];

fn q(t: u16) -> Quality {
    Quality::from_thousandths(t).unwrap()
}

fn chrome<'h>() -> ContentNegotiation<'h> {
    ContentNegotiation::new()
        .accept(Accept::new(
            b"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ))
        .accept_language(AcceptLanguage::new(b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"))
        .accept_encoding(AcceptEncoding::new(b"gzip, deflate, br, zstd"))
}

#[test]
fn browser_gets_html_in_its_language_compressed() {
    let s = chrome().select(&DOC);
    assert_eq!(s.index(), Some(3));
    assert_eq!(s.status(), 200);
    // q(text/html)=1 × q(ko)=0.9 × q(gzip)=1 × qs=1
    assert_eq!(
        s.choice(),
        VariantChoice::Selected {
            index: 3,
            quality: q(900)
        }
    );
}

#[test]
fn n81_vary_lists_every_axis_the_variants_differ_on() {
    assert_eq!(
        chrome().select(&DOC).vary().as_str(),
        "Accept, Accept-Encoding, Accept-Language"
    );
    // Only languages differ: only Accept-Language.
    let langs = [
        Variant::new("text/html").with_language("en"),
        Variant::new("text/html").with_language("de"),
    ];
    // Only languages differ: Accept-Language for the representation, and the
    // fields that could refuse them all (a 406): Accept, Accept-Encoding.
    assert_eq!(
        chrome().select(&langs).vary().as_str(),
        "Accept, Accept-Encoding, Accept-Language"
    );
    let disregard = chrome().fallback(conneg::negotiate::Fallback::FirstVariant);
    assert_eq!(disregard.select(&langs).vary(), Vary::ACCEPT_LANGUAGE);
    // One variant: nothing to choose, but Accept, Accept-Encoding and (it
    // names a language) Accept-Language could still refuse it.
    assert_eq!(
        chrome().select(&DOC[..1]).vary().as_str(),
        "Accept, Accept-Encoding, Accept-Language"
    );
    assert!(disregard.select(&DOC[..1]).vary().is_empty());
}

#[test]
fn n82_vary_is_the_same_when_the_fields_are_absent() {
    let s = ContentNegotiation::new().select(&DOC);
    assert_eq!(s.index(), Some(0), "no preference: the server's first variant");
    assert_eq!(s.vary(), chrome().select(&DOC).vary());
}

#[test]
fn n81_gzip_and_identity_vary_on_accept_encoding_even_without_the_field() {
    let pair = [
        Variant::new("text/css"),
        Variant::new("text/css").with_encoding("gzip"),
    ];
    let s = ContentNegotiation::new().select(&pair);
    assert_eq!(s.vary().as_str(), "Accept, Accept-Encoding");
}

#[test]
fn n90_nothing_acceptable_is_406_with_vary() {
    let s = ContentNegotiation::new()
        .accept(Accept::new(b"image/*"))
        .select(&DOC);
    assert_eq!(s.choice(), VariantChoice::NotAcceptable);
    assert_eq!(s.status(), 406);
    assert_eq!(s.index(), None);
    assert!(s.vary().contains(Vary::ACCEPT));
}

#[test]
fn n02_fallback_disregards_the_fields_and_serves_the_first_variant() {
    let s = ContentNegotiation::new()
        .accept(Accept::new(b"image/*"))
        .fallback(Fallback::FirstVariant)
        .select(&DOC);
    assert_eq!(s.choice(), VariantChoice::Disregarded { index: 0 });
    assert_eq!(s.status(), 200);
    assert_eq!(
        ContentNegotiation::new()
            .fallback(Fallback::FirstVariant)
            .select(&[])
            .status(),
        406
    );
}

#[test]
fn zero_factor_on_any_axis_excludes_the_variant() {
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"ko, en;q=0"));
    assert_eq!(r.select(&[DOC[0], DOC[4]]).status(), 406);
    let r = ContentNegotiation::new().accept_encoding(AcceptEncoding::new(b"gzip, identity;q=0"));
    assert_eq!(r.select(&DOC).index(), Some(1));
    let zero_qs = [
        Variant::new("text/html").with_quality(Quality::ZERO),
        Variant::new("text/plain"),
    ];
    assert_eq!(ContentNegotiation::new().select(&zero_qs).index(), Some(1));
}

#[test]
fn server_quality_multiplies_into_the_client_q() {
    // The client prefers HTML slightly; the server rates its HTML rendering low.
    let variants = [
        Variant::new("text/html").with_quality(q(500)),
        Variant::new("application/json"),
    ];
    let r = ContentNegotiation::new().accept(Accept::new(b"text/html, application/json;q=0.9"));
    let s = r.select(&variants);
    assert_eq!(
        s.choice(),
        VariantChoice::Selected {
            index: 1,
            quality: q(900)
        }
    );
}

#[test]
fn n44_identity_unmentioned_is_neutral_in_the_product_and_loses_ties() {
    // Same content: the named coding wins the tie.
    let r = ContentNegotiation::new().accept_encoding(AcceptEncoding::new(b"gzip, br"));
    assert_eq!(r.select(&DOC[..2]).index(), Some(1));
    // Better content unencoded beats worse content compressed.
    let r = r.accept_language(AcceptLanguage::new(b"ko, en;q=0.5"));
    assert_eq!(r.select(&[DOC[1], DOC[2]]).index(), Some(1));
    // `*;q=0` without identity excludes it (N-44).
    let r = ContentNegotiation::new().accept_encoding(AcceptEncoding::new(b"br, *;q=0"));
    assert_eq!(r.select(&DOC[..2]).status(), 406);
}

#[test]
fn n48_empty_accept_encoding_wants_identity() {
    let r = ContentNegotiation::new().accept_encoding(AcceptEncoding::new(b""));
    assert_eq!(r.select(&[DOC[1], DOC[0]]).index(), Some(1));
}

#[test]
fn accept_charset_is_an_axis_too() {
    let variants = [
        Variant::new("text/plain").with_charset("iso-8859-1"),
        Variant::new("text/plain").with_charset("utf-8"),
    ];
    let r = ContentNegotiation::new().accept_charset(AcceptCharset::new(b"utf-8, iso-8859-1;q=0.5"));
    let s = r.select(&variants);
    assert_eq!(s.index(), Some(1));
    assert_eq!(s.vary().as_str(), "Accept, Accept-Charset, Accept-Encoding");
}

#[test]
fn ties_follow_axis_specificity_then_server_order() {
    // text/html matched exactly beats text/* on the type axis at equal product.
    let variants = [Variant::new("text/plain"), Variant::new("text/html")];
    let r = ContentNegotiation::new().accept(Accept::new(b"text/*, text/html"));
    assert_eq!(r.select(&variants).index(), Some(1));
    assert_eq!(
        r.tie_break(TieBreak::ServerOrder).select(&variants).index(),
        Some(0)
    );
}

/// Each field's own tie-break governs its axis in `select`, as in the
/// field's `negotiate`; the request's `ServerOrder` governs every axis.
#[test]
fn select_honours_each_fields_tie_break() {
    let by_type = [Variant::new("text/plain"), Variant::new("text/html")];
    let by_language = [
        Variant::new("text/html").with_language("fr"),
        Variant::new("text/html").with_language("en"),
    ];
    let types = ["text/plain", "text/html"];
    let languages = ["fr", "en"];
    for tie in [TieBreak::Specificity, TieBreak::ServerOrder] {
        let accept = Accept::new(b"text/*, text/html").tie_break(tie);
        let language = AcceptLanguage::new(b"en, fr").tie_break(tie);
        let want = if tie == TieBreak::Specificity {
            Some(1)
        } else {
            Some(0)
        };
        assert_eq!(accept.negotiate(&types).index(), want);
        assert_eq!(language.negotiate(&languages).index(), want);
        let r = ContentNegotiation::new().accept(accept).accept_language(language);
        assert_eq!(r.select(&by_type).index(), want, "{tie:?}");
        assert_eq!(r.select(&by_language).index(), want, "{tie:?}");
        // The other axis's tie-break does not interfere.
        let r = ContentNegotiation::new()
            .accept(accept)
            .accept_language(AcceptLanguage::new(b"en, fr"));
        assert_eq!(r.select(&by_type).index(), want, "{tie:?}");
        assert_eq!(r.select(&by_language).index(), Some(1), "{tie:?}");
        // The request's `ServerOrder` leaves every tie to the server's order.
        let r = r.tie_break(TieBreak::ServerOrder);
        assert_eq!(r.select(&by_type).index(), Some(0), "{tie:?}");
        assert_eq!(r.select(&by_language).index(), Some(0), "{tie:?}");
    }
}

#[test]
fn more_than_one_chunk_of_variants() {
    let names: Vec<String> = (0..70).map(|i| format!("application/x-v{i}")).collect();
    let variants: Vec<Variant<'_>> = names.iter().map(|n| Variant::new(n)).collect();
    let r = ContentNegotiation::new().accept(Accept::new(b"application/x-v65, application/x-v3;q=0.5"));
    assert_eq!(r.select(&variants).index(), Some(65));
    assert!(r.select(&variants).vary().contains(Vary::ACCEPT));
}

#[test]
fn n91_problem_json_lists_the_alternatives_and_parses() {
    let variants = [
        Variant::new("text/html")
            .with_language("en")
            .with_uri("/doc.en.html"),
        Variant::new("text/html")
            .with_language("ko")
            .with_encoding("gzip")
            .with_uri("/doc.ko.html.gz"),
        Variant::new("application/json").with_charset("utf-8"),
    ];
    let body = Alternatives::problem_json(&variants).to_string();
    let json: serde_json::Value = serde_json::from_str(&body).expect("problem+json is valid JSON");
    assert_eq!(json["status"], 406); // P-05: status equals the response status
    assert_eq!(json["title"], "Not Acceptable");
    assert_eq!(json["type"], "about:blank");
    let alternatives = json["alternatives"].as_array().unwrap();
    assert_eq!(alternatives.len(), 3);
    assert_eq!(alternatives[1]["encoding"], "gzip");
    assert_eq!(alternatives[1]["uri"], "/doc.ko.html.gz");
    assert_eq!(alternatives[2]["charset"], "utf-8");
    assert!(alternatives[2].get("language").is_none());
    assert_eq!(
        Alternatives::problem_json(&variants).content_type(),
        "application/problem+json"
    );
}

#[test]
fn problem_json_escapes_every_value() {
    let variants = [Variant::new("text/x\"y\\z").with_uri("/a\u{1}b\nc")];
    let body = Alternatives::problem_json(&variants).to_string();
    let json: serde_json::Value = serde_json::from_str(&body).expect("escaped JSON parses");
    assert_eq!(json["alternatives"][0]["type"], "text/x\"y\\z");
    assert_eq!(json["alternatives"][0]["uri"], "/a\u{1}b\nc");
}

#[test]
fn html_list_escapes_and_links() {
    let variants = [
        Variant::new("text/html")
            .with_language("en")
            .with_uri("/x?a=1&b=<2>"),
        Variant::new("text/plain").with_charset("utf-8"),
    ];
    let body = Alternatives::html(&variants).to_string();
    assert!(body.contains(r#"<li><a href="/x?a=1&amp;b=&lt;2&gt;">text/html; language=en</a></li>"#));
    assert!(body.contains("<li>text/plain; charset=utf-8</li>"));
    assert!(!body.contains("<2>"));
    assert_eq!(
        Alternatives::html(&variants).content_type(),
        "text/html; charset=utf-8"
    );
}

#[test]
fn vary_names_are_real_field_names_for_every_set() {
    let all = [
        Vary::ACCEPT,
        Vary::ACCEPT_CHARSET,
        Vary::ACCEPT_ENCODING,
        Vary::ACCEPT_LANGUAGE,
    ];
    for bits in 0u8..16 {
        let set = all
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .fold(Vary::NONE, |acc, (_, v)| acc.union(*v));
        let text = set.as_str();
        let names: Vec<&str> = if text.is_empty() {
            vec![]
        } else {
            text.split(", ").collect()
        };
        assert_eq!(names.len(), bits.count_ones() as usize, "{text:?}");
        for n in &names {
            assert!(["Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language"].contains(n));
        }
        for (i, v) in all.iter().enumerate() {
            assert_eq!(set.contains(*v), bits & (1 << i) != 0);
        }
    }
}

mod prepared {
    //! `VariantSet` (prepared once, by a `const fn` comparing octets) against
    //! `select` on the bare slice (planned per call, comparing addresses
    //! first): the same choice and `Vary` on any variants and fields.
    use super::*;
    use conneg::{Field, FieldLines, RequestHead, RequestMethod, Resource, VariantSet};
    use proptest::prelude::*;

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

    /// Axis values as owned strings half of the time: equal values at
    /// different addresses, which the per-call plan must still share.
    #[derive(Clone, Debug)]
    struct Spec {
        media: (usize, bool),
        language: Option<(usize, bool)>,
        coding: Option<(usize, bool)>,
        charset: Option<usize>,
        quality: u16,
    }

    fn spec() -> impl Strategy<Value = Spec> {
        (
            (0..MEDIA.len(), any::<bool>()),
            proptest::option::of((0..LANGUAGES.len(), any::<bool>())),
            proptest::option::of((0..CODINGS.len(), any::<bool>())),
            proptest::option::weighted(0.2, 0..CHARSETS.len()),
            prop_oneof![Just(1000u16), 0..=1000u16],
        )
            .prop_map(|(media, language, coding, charset, quality)| Spec {
                media,
                language,
                coding,
                charset,
                quality,
            })
    }

    fn field() -> impl Strategy<Value = Option<&'static str>> {
        proptest::option::of(prop_oneof![
            Just("text/html, application/json;q=0.5, */*;q=0.1"),
            Just("ko, en;q=0.5"),
            Just("en-US, *;q=0.2"),
            Just("gzip, br;q=0.5, identity;q=0"),
            Just("*;q=0.3, utf-8"),
            Just("text/*;q=0"),
            Just(""),
        ])
    }

    proptest! {
        #[test]
        fn prepared_and_per_call_plans_agree(
            specs in proptest::collection::vec(spec(), 0..12),
            fields in proptest::collection::vec(field(), 4),
            server_order in any::<bool>(),
        ) {
            let owned: Vec<[String; 3]> = specs
                .iter()
                .map(|s| {
                    [
                        MEDIA[s.media.0].to_string(),
                        s.language.map_or(String::new(), |(l, _)| LANGUAGES[l].to_string()),
                        s.coding.map_or(String::new(), |(c, _)| CODINGS[c].to_string()),
                    ]
                })
                .collect();
            let variants: Vec<Variant<'_>> = specs
                .iter()
                .zip(&owned)
                .map(|(s, [media, language, coding])| {
                    let mut v = Variant::new(if s.media.1 { media.as_str() } else { MEDIA[s.media.0] })
                        .with_quality(q(s.quality));
                    if let Some((l, own)) = s.language {
                        v = v.with_language(if own { language.as_str() } else { LANGUAGES[l] });
                    }
                    if let Some((c, own)) = s.coding {
                        v = v.with_encoding(if own { coding.as_str() } else { CODINGS[c] });
                    }
                    if let Some(c) = s.charset {
                        v = v.with_charset(CHARSETS[c]);
                    }
                    v.with_length(100)
                })
                .collect();
            let line = |i: usize| FieldLines::from_option(fields[i].map(str::as_bytes));
            let tie = if server_order { TieBreak::ServerOrder } else { TieBreak::Specificity };
            let request = ContentNegotiation::new()
                .accept(Accept::from_field(line(0)))
                .accept_language(AcceptLanguage::from_field(line(1)))
                .accept_encoding(AcceptEncoding::from_field(line(2)))
                .accept_charset(AcceptCharset::from_field(line(3)))
                .tie_break(tie);
            let set = VariantSet::new(&variants);
            let per_call = request.select(&variants);
            prop_assert_eq!(request.select(&set), per_call);
            prop_assert_eq!(set.vary(), per_call.vary());

            let http = RequestHead::new(RequestMethod::Get)
                .field(Field::Accept, line(0))
                .field(Field::AcceptLanguage, line(1))
                .field(Field::AcceptEncoding, line(2))
                .field(Field::AcceptCharset, line(3))
                .field(Field::Range, FieldLines::one(b"bytes=0-9"));
            prop_assert_eq!(
                Resource::new(&variants).prepared().tie_break(tie).decide(&http),
                Resource::new(&variants).tie_break(tie).decide(&http)
            );
        }
    }

    #[test]
    fn a_set_is_built_at_compile_time_and_knows_its_vary() {
        static SET: VariantSet<'static, 'static> = VariantSet::new(&DOC);
        assert_eq!(SET.vary(), chrome().select(&DOC).vary());
        assert_eq!(chrome().select(&SET), chrome().select(&DOC));
        // Equal values in other cases still make the axis vary only if they
        // differ case-insensitively (N-81).
        // (Accept and Accept-Encoding stay: either could refuse them both.)
        const SAME: [Variant<'static>; 2] = [Variant::new("text/html"), Variant::new("TEXT/HTML")];
        assert_eq!(VariantSet::new(&SAME).vary().as_str(), "Accept, Accept-Encoding");
    }
}

// Ties among the token fields (policy revised 2026-12-04): among equal q the
// client's order of the matching ranges decides, then (among offers one
// range matches) an exact match before a prefix match, then the server's
// order. Media types keep specificity first.

#[test]
fn token_tie_client_order_beats_a_more_specific_range() {
    let field = AcceptLanguage::new(b"fr, en-US");
    assert_eq!(field.negotiate(&["fr", "en-US"]).index(), Some(0));
    assert_eq!(field.negotiate(&["en-US", "fr"]).index(), Some(1));
    let mut out = [conneg::accept::Choice::default(); 2];
    let ranked: Vec<usize> = field
        .rank(&["en-US", "fr"], &mut out)
        .iter()
        .map(|c| c.index())
        .collect();
    assert_eq!(ranked, [1, 0]);
    let variants = [
        Variant::new("text/html").with_language("en-US"),
        Variant::new("text/html").with_language("fr"),
    ];
    let r = ContentNegotiation::new().accept_language(field);
    assert_eq!(r.select(&variants).index(), Some(1));
}

#[test]
fn token_tie_exact_before_prefix_under_the_same_range() {
    let field = AcceptLanguage::new(b"en");
    assert_eq!(field.negotiate(&["en-US", "en"]).index(), Some(1));
    let variants = [
        Variant::new("text/html").with_language("en-US"),
        Variant::new("text/html").with_language("en"),
    ];
    let r = ContentNegotiation::new().accept_language(field);
    assert_eq!(r.select(&variants).index(), Some(1));
}

#[test]
fn token_tie_codings_and_charsets_follow_the_clients_order() {
    // Two named ranges at equal q: the client's order, whatever the server's.
    assert_eq!(
        AcceptEncoding::new(b"br, gzip")
            .negotiate(&["gzip", "br"])
            .index(),
        Some(1)
    );
    // A range that names the offer before `*`, which matches only what no
    // range names, wherever `*` stands in the list.
    let codings = AcceptEncoding::new(b"*, gzip");
    assert_eq!(codings.negotiate(&["gzip", "compress"]).index(), Some(0));
    assert_eq!(
        AcceptEncoding::new(b"gzip, *")
            .negotiate(&["compress", "gzip"])
            .index(),
        Some(1)
    );
    // Two offers covered by the same `*`: the server's order.
    assert_eq!(
        AcceptEncoding::new(b"*").negotiate(&["br", "gzip"]).index(),
        Some(0)
    );
    assert_eq!(
        AcceptCharset::new(b"*, utf-8")
            .negotiate(&["utf-8", "iso-8859-1"])
            .index(),
        Some(0)
    );
    // An identity the field does not name still ranks below every named coding.
    assert_eq!(
        AcceptEncoding::new(b"gzip")
            .negotiate(&["identity", "gzip"])
            .index(),
        Some(1)
    );
    let variants = [
        Variant::new("text/html").with_encoding("gzip"),
        Variant::new("text/html").with_encoding("compress"),
    ];
    let r = ContentNegotiation::new().accept_encoding(codings);
    assert_eq!(r.select(&variants).index(), Some(0));
    // Media types are unchanged: the more specific range first.
    assert_eq!(
        Accept::new(b"text/*, text/html")
            .negotiate(&["text/plain", "text/html"])
            .index(),
        Some(1)
    );
}

// Language fallback (policy revised 2026-12-04): Basic Filtering first; when
// it matches nothing, RFC 4647 Lookup truncation; in a multi-axis selection,
// when even that matches nothing, Accept-Language is disregarded.

#[test]
fn language_lookup_falls_back_from_a_longer_range() {
    let field = AcceptLanguage::new(b"de-DE");
    assert_eq!(field.negotiate(&["de", "en"]).index(), Some(0));
    assert_eq!(field.quality_of("de"), Quality::ONE);
    assert_eq!(field.quality_of("en"), Quality::ZERO);
    let mut out = [conneg::accept::Choice::default(); 2];
    let ranked: Vec<usize> = field
        .rank(&["en", "de"], &mut out)
        .iter()
        .map(|c| c.index())
        .collect();
    assert_eq!(ranked, [1]);
    // Nothing even after Lookup: the single field says 406.
    assert_eq!(AcceptLanguage::new(b"fr").negotiate(&["de", "en"]).index(), None);
    // Among lookup matches: q, then the client's order, then the longer match.
    let field = AcceptLanguage::new(b"de-CH-1996, en-GB");
    assert_eq!(field.negotiate(&["en", "de", "de-CH"]).index(), Some(2));
    // A q=0 exclusion stays excluded.
    assert_eq!(
        AcceptLanguage::new(b"de-DE, de;q=0").negotiate(&["de"]).index(),
        None
    );
    let variants = [
        Variant::new("text/html").with_language("de"),
        Variant::new("text/html").with_language("en"),
    ];
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"de-DE"));
    assert_eq!(r.select(&variants).index(), Some(0));
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"de-DE, en-GB;q=0.9"));
    assert_eq!(r.select(&variants[..]).index(), Some(0));
}

#[test]
fn language_filtering_match_beats_lookup() {
    let field = AcceptLanguage::new(b"de-DE, en;q=0.1");
    assert_eq!(field.negotiate(&["de", "en"]).index(), Some(1));
    let variants = [
        Variant::new("text/html").with_language("de"),
        Variant::new("text/html").with_language("en"),
    ];
    let r = ContentNegotiation::new().accept_language(field);
    assert_eq!(r.select(&variants).index(), Some(1));
}

#[test]
fn select_disregards_accept_language_when_nothing_matches() {
    let variants = [
        Variant::new("text/html").with_language("de"),
        Variant::new("text/html").with_language("en"),
        Variant::new("application/json").with_language("en"),
    ];
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"fr"));
    let s = r.select(&variants);
    assert_eq!(s.index(), Some(0));
    assert!(s.vary().contains(Vary::ACCEPT_LANGUAGE));
    // The other axes still decide.
    let r = r.accept(Accept::new(b"application/json"));
    assert_eq!(r.select(&variants).index(), Some(2));
    // The option restores 406.
    let off = r.language_fallback(false);
    assert_eq!(off.select(&variants).status(), 406);
    assert!(off.select(&variants).vary().contains(Vary::ACCEPT_LANGUAGE));
    // Disregarded, a language the field excludes with q=0 stays excluded.
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"fr, de;q=0"));
    assert_eq!(r.select(&variants).index(), Some(1));
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"fr, *;q=0"));
    assert_eq!(r.select(&variants).status(), 406);
    // Some variant acceptable on the language axis, another axis excludes it: 406.
    let r = ContentNegotiation::new()
        .accept_language(AcceptLanguage::new(b"de"))
        .accept(Accept::new(b"application/json"));
    assert_eq!(r.select(&variants).status(), 406);
    // Many variants: decided over all of them, not per chunk.
    let mut many: Vec<Variant<'_>> = (0..40)
        .map(|_| Variant::new("text/html").with_language("en"))
        .collect();
    many.push(Variant::new("text/html").with_language("de"));
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"de-DE"));
    assert_eq!(r.select(&many).index(), Some(40));
    let r = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"fr"));
    assert_eq!(r.select(&many).index(), Some(0));
    // Resource has the option too.
    use conneg::{Field, FieldLines, RequestHead, RequestMethod, Resource};
    let head = RequestHead::new(RequestMethod::Get).field(Field::AcceptLanguage, FieldLines::one(b"fr"));
    let v = [
        Variant::new("text/html").with_language("de").with_length(1),
        Variant::new("text/html").with_language("en").with_length(1),
    ];
    assert_eq!(Resource::new(&v).decide(&head).status(), 200);
    assert_eq!(
        Resource::new(&v).language_fallback(false).decide(&head).status(),
        406
    );
}
