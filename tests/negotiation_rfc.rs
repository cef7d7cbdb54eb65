//! RFC 9110 §12.5.2–§12.5.5, §15.5.7 and RFC 4647: one named test per
//! checklist row of the project's RFC checklist (N-30..N-92) that states a
//! behaviour of the request-side engine. Rows about responses conneg does not
//! generate (415 with Accept-Encoding, N-50..N-53) are out of scope here.

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Alternatives, ContentNegotiation, Negotiation,
    TieBreak, Variant, Vary, accept::Choice, accept::Lookup, accept::Preference, negotiate::Fallback,
    negotiate::VariantChoice,
};

fn lang_q(header: &str, tag: &str) -> u16 {
    AcceptLanguage::new(header.as_bytes())
        .quality_of(tag)
        .thousandths()
}
fn enc_q(header: &str, coding: &str) -> u16 {
    AcceptEncoding::new(header.as_bytes())
        .quality_of(coding)
        .thousandths()
}
fn charset_q(header: &str, charset: &str) -> u16 {
    AcceptCharset::new(header.as_bytes())
        .quality_of(charset)
        .thousandths()
}
fn enc_prefs(header: Option<&str>) -> Vec<String> {
    let field = AcceptEncoding::from_field(header.into());
    let mut out = [Preference::default(); 16];
    field
        .preferences(&mut out)
        .iter()
        .map(ToString::to_string)
        .collect()
}

// --- Accept-Charset (§12.5.2)

#[test]
fn n30_star_matches_every_charset_not_named() {
    assert_eq!(charset_q("utf-8;q=0.9, *;q=0.2", "iso-8859-1"), 200);
    assert_eq!(charset_q("utf-8;q=0.9, *;q=0.2", "utf-8"), 900);
    assert_eq!(charset_q("utf-8;q=0, *", "utf-8"), 0);
}

#[test]
fn n31_charset_names_case_insensitive_without_aliases() {
    assert_eq!(charset_q("UTF-8", "utf-8"), 1000);
    assert_eq!(charset_q("utf8", "utf-8"), 0);
}

#[test]
fn n32_absent_accept_charset_accepts_any() {
    assert_eq!(AcceptCharset::absent().quality_of("koi8-r").thousandths(), 1000);
}

// --- Accept-Encoding (§12.5.3)

#[test]
fn n40_identity_is_no_encoding() {
    let field = AcceptEncoding::new(b"identity");
    assert_eq!(field.negotiate(&["gzip", "identity"]).index(), Some(1));
}

#[test]
fn n41_codings_case_insensitive() {
    assert_eq!(enc_q("GZIP", "gzip"), 1000);
    assert_eq!(enc_q("gzip", "GZip"), 1000);
}

#[test]
fn n42_x_gzip_and_x_compress_are_aliases() {
    assert_eq!(enc_q("x-gzip;q=0.5", "gzip"), 500);
    assert_eq!(enc_q("gzip;q=0.5", "x-gzip"), 500);
    assert_eq!(enc_q("x-compress", "compress"), 1000);
    assert_eq!(enc_q("x-br", "br"), 0);
}

#[test]
fn n43_absent_accept_encoding_accepts_any_coding() {
    let field = AcceptEncoding::absent();
    assert_eq!(field.negotiate(&["br", "identity"]).index(), Some(0));
    assert_eq!(enc_prefs(None), ["*"]);
}

#[test]
fn n44_identity_rules() {
    // *;q=0 makes identity unacceptable; so does identity;q=0.
    assert_eq!(enc_q("*;q=0", "identity"), 0);
    assert_eq!(enc_q("identity;q=0", "identity"), 0);
    // *;q=0 with identity keeps identity at q=1.
    assert_eq!(enc_q("*;q=0, identity", "identity"), 1000);
    // identity 0.5 explicitly.
    assert_eq!(enc_q("gzip;q=1.0, identity; q=0.5, *;q=0", "identity"), 500);
    // gzip alone keeps identity acceptable, ranked below gzip.
    assert!(enc_q("gzip", "identity") > 0);
    let mut out = [Choice::default(); 2];
    let ranked: Vec<usize> = AcceptEncoding::new(b"gzip")
        .rank(&["identity", "gzip"], &mut out)
        .iter()
        .map(|c| c.index())
        .collect();
    assert_eq!(ranked, [1, 0]);
    assert_eq!(enc_prefs(Some("gzip")), ["gzip", "identity"]);
}

#[test]
fn n45_listed_coding_acceptable_unless_q0() {
    assert_eq!(enc_q("gzip, br;q=0", "br"), 0);
    assert_eq!(enc_q("gzip, br;q=0.1", "br"), 100);
}

#[test]
fn n46_star_does_not_override_a_named_coding() {
    assert_eq!(enc_q("br;q=0, *", "br"), 0);
    assert_eq!(enc_q("br;q=0, *", "gzip"), 1000);
}

#[test]
fn n47_highest_q_wins_ties_by_policy() {
    let field = AcceptEncoding::new(b"gzip;q=0.8, br");
    assert_eq!(field.negotiate(&["gzip", "br"]).index(), Some(1));
    let tie = AcceptEncoding::new(b"gzip, br");
    assert_eq!(tie.negotiate(&["br", "gzip"]).index(), Some(1), "client order");
    assert_eq!(
        tie.tie_break(TieBreak::ServerOrder)
            .negotiate(&["br", "gzip"])
            .index(),
        Some(0)
    );
}

#[test]
fn n48_empty_accept_encoding_means_identity_only() {
    let field = AcceptEncoding::new(b"");
    assert_eq!(field.negotiate(&["gzip", "identity"]).index(), Some(1));
    assert_eq!(field.negotiate(&["gzip", "br"]), Negotiation::NotAcceptable);
    assert_eq!(enc_prefs(Some("")), ["identity"]);
}

#[test]
fn n49_no_acceptable_coding_falls_back_to_identity_unless_excluded() {
    let field = AcceptEncoding::new(b"zstd");
    assert_eq!(field.negotiate(&["br", "gzip", "identity"]).index(), Some(2));
    let field = AcceptEncoding::new(b"zstd, identity;q=0");
    assert_eq!(
        field.negotiate(&["br", "gzip", "identity"]),
        Negotiation::NotAcceptable
    );
}

// --- Accept-Language (§12.5.4, RFC 4647)

#[test]
fn n60_language_range_grammar() {
    let valid = |h: &str| AcceptLanguage::new(h.as_bytes()).validate().is_ok();
    assert!(valid("*, en, en-GB, zh-Hant-TW"));
    assert!(!valid("en_US"));
    assert!(!valid("abcdefghi"));
    // Lenient: the malformed element is skipped, the rest kept.
    assert_eq!(lang_q("en_US, de", "de"), 1000);
}

#[test]
fn n61_n62_matching_is_case_insensitive() {
    assert_eq!(lang_q("EN-gb", "en-GB"), 1000);
    assert_eq!(lang_q("en", "EN-us"), 1000);
}

#[test]
fn n63_equal_q_tie_break_is_documented_client_order() {
    let field = AcceptLanguage::new(b"de, fr");
    assert_eq!(field.negotiate(&["fr", "de"]).index(), Some(1));
}

#[test]
fn n64_n65_scheme_is_explicit_filtering_or_lookup() {
    // Policy revised 2026-12-04: Basic Filtering first, then Lookup
    // truncation when filtering matches no offer.
    let field = AcceptLanguage::new(b"en-GB");
    assert_eq!(field.negotiate(&["en"]).index(), Some(0), "Lookup fallback");
    assert_eq!(field.negotiate(&["fr"]).index(), None, "nothing after Lookup");
    assert_eq!(field.lookup(&["en"], None).index(), Some(0), "Lookup");
}

#[test]
fn n66_basic_filtering_prefix_rule() {
    assert_eq!(lang_q("de-de", "de-DE-1996"), 1000);
    assert_eq!(lang_q("de-de", "de-Deva"), 0);
    assert_eq!(lang_q("de-de", "de-Latn-DE"), 0);
    assert_eq!(lang_q("en", "en-US"), 1000);
    // Not by filtering: by the Lookup fallback (policy revised 2026-12-04).
    assert_eq!(lang_q("en-US", "en"), 1000);
    assert_eq!(lang_q("en-US, en;q=0", "en"), 0);
}

#[test]
fn n67_star_covers_only_unmatched_tags() {
    assert_eq!(lang_q("da, *;q=0.1", "fr"), 100);
    assert_eq!(lang_q("da, *;q=0.1", "da"), 1000);
    assert_eq!(lang_q("da;q=0, *", "da-DK"), 0);
}

#[test]
fn n68_lookup_truncates_and_drops_singletons() {
    let field = AcceptLanguage::new(b"de-ch");
    assert_eq!(field.lookup(&["de-CH-1996", "de"], None).index(), Some(1));
    assert_eq!(field.lookup(&["de-CH", "de"], None).index(), Some(0));
    let field = AcceptLanguage::new(b"zh-Hant-CN-x-private1-private2");
    assert_eq!(field.lookup(&["zh", "zh-Hant"], None).index(), Some(1));
}

#[test]
fn n69_lookup_skips_star() {
    let field = AcceptLanguage::new(b"*, fr");
    assert_eq!(field.lookup(&["en", "fr"], None).index(), Some(1));
    let field = AcceptLanguage::new(b"*");
    assert_eq!(field.lookup(&["en", "fr"], Some(0)), Lookup::Default(0));
}

#[test]
fn n70_lookup_default_is_configurable() {
    let field = AcceptLanguage::new(b"ja");
    assert_eq!(field.lookup(&["en", "fr"], Some(1)), Lookup::Default(1));
    assert_eq!(field.lookup(&["en", "fr"], None), Lookup::NotAcceptable);
    assert_eq!(
        field.lookup(&["en", "fr"], Some(9)),
        Lookup::NotAcceptable,
        "out-of-range default"
    );
}

#[test]
fn n71_extended_ranges_are_treated_as_basic_and_never_match() {
    // `en-*-US` is not a basic range: the element is malformed and skipped.
    assert_eq!(lang_q("en-*-US, fr;q=0.5", "en-Latn-US"), 0);
    assert_eq!(lang_q("en-*-US, fr;q=0.5", "fr"), 500);
}

#[test]
fn n72_en_gb_reader_gets_en_only_through_lookup() {
    // Policy revised 2026-12-04: the single-field API falls back to Lookup
    // truncation when Basic Filtering matches no offer.
    let field = AcceptLanguage::new(b"en-gb");
    assert_eq!(field.negotiate(&["en", "fr"]).index(), Some(0));
    assert_eq!(field.negotiate(&["fr"]), Negotiation::NotAcceptable);
    assert_eq!(field.lookup(&["en", "fr"], None).index(), Some(0));
}

// --- Vary (§12.5.5)

const PAIR: [Variant<'static>; 2] = [
    Variant::new("text/css"),
    Variant::new("text/css").with_encoding("br"),
];

#[test]
fn n80_vary_field_names() {
    let vary = ContentNegotiation::new().select(&PAIR).vary();
    assert_eq!(vary, Vary::ACCEPT.union(Vary::ACCEPT_ENCODING));
    assert_eq!(vary.to_string(), "Accept, Accept-Encoding");
    // Disregarding the fields instead of answering 406: only the axis the
    // variants differ on.
    let disregard = ContentNegotiation::new().fallback(conneg::negotiate::Fallback::FirstVariant);
    assert_eq!(disregard.select(&PAIR).vary(), Vary::ACCEPT_ENCODING);
}

#[test]
fn n81_n82_vary_on_identity_responses_and_without_the_field() {
    let with_field = ContentNegotiation::new()
        .accept_encoding(AcceptEncoding::new(b"identity"))
        .select(&PAIR);
    assert_eq!(with_field.index(), Some(0));
    assert_eq!(with_field.vary(), Vary::ACCEPT.union(Vary::ACCEPT_ENCODING));
    let without = ContentNegotiation::new().select(&PAIR);
    assert_eq!(without.vary(), with_field.vary());
}

#[test]
fn n83_vary_never_star() {
    for bits in 0..16u8 {
        let mut vary = Vary::NONE;
        for (i, v) in [
            Vary::ACCEPT,
            Vary::ACCEPT_CHARSET,
            Vary::ACCEPT_ENCODING,
            Vary::ACCEPT_LANGUAGE,
        ]
        .into_iter()
        .enumerate()
        {
            if bits & (1 << i) != 0 {
                vary = vary.union(v);
            }
        }
        assert!(!vary.as_str().contains('*'));
        assert!(
            !vary.as_str().contains(",,") && !vary.as_str().ends_with(','),
            "S-11"
        );
    }
}

#[test]
fn n85_vary_is_the_same_whatever_the_outcome() {
    // The same variant set gives the same Vary on 200 and on 406 (so a 304/206
    // built from the same selection repeats it).
    let ok = ContentNegotiation::new().select(&PAIR).vary();
    let not_acceptable = ContentNegotiation::new()
        .accept(Accept::new(b"image/*"))
        .select(&PAIR)
        .vary();
    assert_eq!(ok, not_acceptable);
}

#[test]
fn n86_n87_coded_variants_are_distinct_variants() {
    // Variants that differ only in coding are distinct and selectable on their
    // own (their validators are the caller's to keep distinct).
    let r = ContentNegotiation::new().accept_encoding(AcceptEncoding::new(b"br"));
    assert_eq!(r.select(&PAIR).index(), Some(1));
}

// --- 406 (§15.5.7)

const SET: [Variant<'static>; 2] = [
    Variant::new("text/html").with_language("en").with_uri("/en"),
    Variant::new("text/html").with_language("de").with_uri("/de"),
];

#[test]
fn n90_406_when_nothing_is_acceptable_and_no_default() {
    // Without the language fallback (policy revised 2026-12-04: by
    // default an unmatched Accept-Language is disregarded).
    let s = ContentNegotiation::new()
        .accept_language(AcceptLanguage::new(b"fr"))
        .language_fallback(false)
        .select(&SET);
    assert_eq!(s.choice(), VariantChoice::NotAcceptable);
    assert_eq!(s.status(), 406);
}

#[test]
fn n91_406_body_lists_characteristics_and_uris() {
    let json: serde_json::Value =
        serde_json::from_str(&Alternatives::problem_json(&SET).to_string()).expect("valid JSON");
    assert_eq!(json["alternatives"][1]["language"], "de");
    assert_eq!(json["alternatives"][1]["uri"], "/de");
    let html = Alternatives::html(&SET).to_string();
    assert!(html.contains("href=\"/en\"") && html.contains("language=de"));
}

#[test]
fn n02_n92_serving_a_default_is_an_explicit_choice() {
    let s = ContentNegotiation::new()
        .accept_language(AcceptLanguage::new(b"fr"))
        .language_fallback(false)
        .fallback(Fallback::FirstVariant)
        .select(&SET);
    assert_eq!(s.choice(), VariantChoice::Disregarded { index: 0 });
}

// --- §12.4 common rules on the token fields

#[test]
fn n03_q_zero_excludes_on_every_field() {
    assert_eq!(lang_q("en;q=0", "en"), 0);
    assert_eq!(enc_q("gzip;q=0", "gzip"), 0);
    assert_eq!(charset_q("utf-8;q=0", "utf-8"), 0);
}

#[test]
fn n04_invalid_q_makes_the_element_malformed_on_every_field() {
    assert_eq!(lang_q("en;q=1.5, *;q=0.1", "en"), 100);
    assert_eq!(enc_q("gzip;q=.1234, *;q=0.1", "gzip"), 100);
    assert_eq!(charset_q("utf-8;q=0.1234, *;q=0.1", "utf-8"), 100);
}

#[test]
fn other_parameters_are_ignored_and_q_read_anywhere() {
    assert_eq!(enc_q("gzip;foo=bar;q=0.5", "gzip"), 500);
    assert_eq!(lang_q("en;x=\"a,b\";q=0.3", "en"), 300);
}
