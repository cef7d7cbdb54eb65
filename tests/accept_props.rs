//! Property tests: `Accept` negotiation against the naive oracle in
//! `tests/naive/mod.rs`, on generated headers and offers.
//!
//! The number of cases per property is proptest's default (256), overridable
//! with the `PROPTEST_CASES` environment variable.

mod naive;

use conneg::{Accept, FieldLines, MediaOffer, Negotiation, accept::Choice, accept::MediaRange};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// Optional whitespace, mostly none.
fn ows() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just(String::new()),
        2 => Just(" ".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("  ".to_string()),
        1 => Just(" \t".to_string()),
    ]
}

fn media_type() -> impl Strategy<Value = String> {
    let types = prop_oneof![
        Just("text"),
        Just("image"),
        Just("application"),
        Just("*"),
        Just("TEXT"),
    ];
    let subtypes = prop_oneof![
        Just("html"),
        Just("plain"),
        Just("json"),
        Just("*"),
        Just("png"),
        Just("HTML"),
    ];
    prop_oneof![
        12 => (types, subtypes).prop_map(|(t, s)| format!("{t}/{s}")),
        // A bare `*`: `*/*` in lenient mode, malformed in strict mode.
        1 => Just("*".to_string()),
    ]
}

/// An ordinary parameter (never named `q`).
fn param() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("level=1"),
        Just("level=2"),
        Just("Level=1"),
        Just("level=\"1\""),
        Just("charset=UTF-8"),
        Just("charset=utf-8"),
        Just("charset=\"utf-8\""),
        Just("CHARSET=Utf-8"),
        Just("charset=latin1"),
        Just("format=flowed"),
        Just("format=\"flowed\""),
        Just("format=\"flow\\ed\""),
        Just("format=Flowed"),
        Just("format=fixed"),
        Just("x=\"a,b;c\""),
    ]
    .prop_map(str::to_string)
}

/// A weight parameter: valid and invalid q-values, `q` and `Q`.
fn weight() -> impl Strategy<Value = String> {
    let values = prop_oneof![
        Just("0"),
        Just("0."),
        Just("0.5"),
        Just("0.50"),
        Just("0.3"),
        Just("0.001"),
        Just("0.999"),
        Just("1"),
        Just("1."),
        Just("1.000"),
        Just(".5"),
        Just(".2"),
        Just(".0"),
        Just(".123"),
        Just(".1234"),
        Just("."),
        Just("1.5"),
        Just("1.001"),
        Just("0.1234"),
        Just("abc"),
        Just("\"0.5\""),
        Just("-0"),
    ];
    (prop_oneof![3 => Just("q"), 1 => Just("Q")], values).prop_map(|(n, v)| format!("{n}={v}"))
}

/// A separator between the media type and a parameter, or between parameters.
fn semicolon() -> impl Strategy<Value = String> {
    (ows(), ows(), prop_oneof![6 => Just(";"), 1 => Just(";;")]).prop_map(|(a, b, s)| format!("{a}{s}{b}"))
}

/// One list element: usually well-formed (type/subtype, parameters, maybe a
/// weight anywhere among them, maybe a second `q`), sometimes malformed.
fn element() -> impl Strategy<Value = String> {
    let part = prop_oneof![4 => param(), 2 => weight()];
    let well_formed = (
        media_type(),
        proptest::collection::vec((semicolon(), part), 0..4),
        any::<bool>(),
    )
        .prop_map(|(mt, parts, trailing_semicolon)| {
            let mut s = mt;
            for (sep, p) in parts {
                s.push_str(&sep);
                s.push_str(&p);
            }
            if trailing_semicolon {
                s.push(';');
            }
            s
        });
    let malformed = prop_oneof![
        Just("*/html".to_string()),
        Just("*/HTML;q=1".to_string()),
        Just("text".to_string()),
        Just("text/".to_string()),
        Just("/html".to_string()),
        Just("text/html foo".to_string()),
        Just("text /html".to_string()),
        Just("text/html;level".to_string()),
        Just("text/html;level =1".to_string()),
        Just("text/html;level= 1".to_string()),
        Just("text/html;q =0.5".to_string()),
        Just("text/html;a=\"x".to_string()),
        Just("text/html;a=\"x\"y".to_string()),
        Just("text/html;=1".to_string()),
        Just("text/html;a=".to_string()),
        Just("text/html;q=0.5 x".to_string()),
        Just("te\"xt/html".to_string()),
        Just(
            "text/plain;a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8;i=9;j=10;k=11;l=12;m=13;n=14;o=15;p=16;r=17"
                .to_string()
        ),
    ];
    // Exactly 16 ordinary parameters plus a weight is still valid.
    let sixteen = Just(
        "text/plain;a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8;q=0.4;i=9;j=10;k=11;l=12;m=13;n=14;o=15;p=16;q=0.9"
            .to_string(),
    );
    prop_oneof![10 => well_formed, 3 => malformed, 1 => sixteen]
}

/// Two elements for the same range (the second with its parameters reversed
/// and the type upper-cased) and independent weights: which one sets q?
fn duplicate_pair() -> impl Strategy<Value = String> {
    (
        media_type(),
        proptest::collection::vec(param(), 0..3),
        weight(),
        weight(),
    )
        .prop_map(|(mt, params, w1, w2)| {
            let first: String = params.iter().map(|p| format!(";{p}")).collect();
            let second: String = params.iter().rev().map(|p| format!("; {p}")).collect();
            format!("{mt}{first};{w1}, {}{second};{w2}", mt.to_ascii_uppercase())
        })
}

/// A header value: elements joined by commas with OWS, with empty elements.
fn header_value() -> impl Strategy<Value = String> {
    let item = prop_oneof![8 => element(), 2 => duplicate_pair(), 1 => Just(String::new())];
    proptest::collection::vec((item, ows(), ows()), 0..8).prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(i, (e, a, b))| {
                if i == 0 {
                    format!("{a}{e}{b}")
                } else {
                    format!(",{a}{e}{b}")
                }
            })
            .collect::<String>()
    })
}

/// A header value from a soup of the characters that matter, to reach
/// corners the structured generator does not.
fn soup() -> impl Strategy<Value = String> {
    "[a-z*/;=,\" \t.01qQ\\\\]{0,40}"
}

/// A header with about 256 elements: `count` copies of `filler` (malformed or
/// valid), then `tail`. Exercises the element cap.
fn long_header() -> impl Strategy<Value = String> {
    let filler = prop_oneof![Just("*/html"), Just("image/png;q=0"), Just("bad")];
    (250usize..262, filler, element()).prop_map(|(count, filler, tail)| {
        let mut parts = vec![filler.to_string(); count];
        parts.push(tail);
        parts.push(String::new());
        parts.join(", ")
    })
}

/// Absent, or any of the header generators.
fn header() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        1 => Just(None),
        12 => header_value().prop_map(Some),
        3 => soup().prop_map(Some),
        1 => long_header().prop_map(Some),
    ]
}

fn offer() -> impl Strategy<Value = String> {
    let with_params = (
        media_type(),
        proptest::collection::vec(
            (
                semicolon(),
                prop_oneof![
                    8 => param(),
                    // In an offer `q` is an ordinary parameter: any value will do.
                    1 => Just("q=1".to_string()),
                    1 => Just("Q=0".to_string()),
                    1 => Just("q=2".to_string()),
                    1 => Just("q=\"high\"".to_string()),
                ],
            ),
            0..3,
        ),
        ows(),
        ows(),
    )
        .prop_map(|(mt, parts, lead, trail)| {
            let mut s = format!("{lead}{mt}");
            for (sep, p) in parts {
                s.push_str(&sep);
                s.push_str(&p);
            }
            s.push_str(&trail);
            s
        });
    // Exactly 16 parameters: valid.
    let sixteen =
        Just("text/plain;a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8;i=9;j=10;k=11;l=12;m=13;n=14;o=15;q=0".to_string());
    let invalid = prop_oneof![
        Just("boom"),
        Just("text/"),
        Just(""),
        Just(" "),
        Just("/"),
        Just("*/html"),
        Just("text/html;level"),
        Just("text/html, image/png"),
        Just("text/html;a=\"x"),
        Just("text/html;q =1"),
        // 17 parameters (`q` counts in an offer): too many.
        Just("text/plain;a=1;b=2;c=3;d=4;e=5;f=6;g=7;h=8;q=0.4;i=9;j=10;k=11;l=12;m=13;n=14;o=15;p=16"),
    ]
    .prop_map(str::to_string);
    prop_oneof![12 => with_params, 2 => invalid, 1 => sixteen]
}

fn offers() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(offer(), 1..6)
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn accept_of(header: &Option<String>) -> Accept<'_> {
    match header {
        Some(h) => Accept::new(h.as_bytes()),
        None => Accept::absent(),
    }
}

fn ranked(accept: &Accept<'_>, offers: &[&str]) -> Vec<(usize, u16)> {
    let mut out = vec![Choice::default(); offers.len()];
    accept
        .rank(offers, &mut out)
        .iter()
        .map(|c| (c.index(), c.quality().thousandths()))
        .collect()
}

fn preferences(accept: &Accept<'_>) -> Vec<String> {
    let mut out = vec![MediaRange::default(); 300];
    accept
        .preferences(&mut out)
        .iter()
        .map(|r| r.to_string())
        .collect()
}

/// Every comparison with the oracle for one header and offer list.
fn check_against_oracle(header: &Option<String>, offers: &[String]) -> Result<(), TestCaseError> {
    let offers: Vec<&str> = offers.iter().map(String::as_str).collect();
    let h = header.as_deref();
    let accept = accept_of(header);

    // negotiate == oracle best, with the oracle's q-value.
    let want_best = naive::best(h, &offers);
    let got = accept.negotiate(&offers);
    prop_assert_eq!(
        got.index(),
        want_best,
        "negotiate: header {:?} offers {:?}",
        h,
        offers
    );
    if let Negotiation::Selected { index, quality } = got {
        prop_assert_eq!(quality.thousandths(), naive::quality(h, offers[index]));
    }

    // rank == oracle ranked, each with the oracle's q-value.
    let want_ranked: Vec<(usize, u16)> = naive::ranked(h, &offers)
        .into_iter()
        .map(|i| (i, naive::quality(h, offers[i])))
        .collect();
    prop_assert_eq!(
        ranked(&accept, &offers),
        want_ranked,
        "rank: header {:?} offers {:?}",
        h,
        offers
    );

    // Offers prepared once (`MediaOffer`): the same choice and ranking, and
    // valid exactly when the oracle can parse them.
    let prepared: Vec<MediaOffer<'_>> = offers.iter().map(|o| MediaOffer::new(o)).collect();
    prop_assert_eq!(
        accept.negotiate(&prepared),
        got,
        "negotiate (prepared): header {:?} offers {:?}",
        h,
        offers
    );
    let mut out = vec![Choice::default(); offers.len()];
    let got_ranked: Vec<(usize, u16)> = accept
        .rank(&prepared, &mut out)
        .iter()
        .map(|c| (c.index(), c.quality().thousandths()))
        .collect();
    prop_assert_eq!(
        got_ranked,
        ranked(&accept, &offers),
        "rank (prepared): header {:?} offers {:?}",
        h,
        offers
    );
    for (p, offer) in prepared.iter().zip(&offers) {
        prop_assert_eq!(
            p.is_valid(),
            naive::parse_offer(offer).is_some(),
            "is_valid({:?})",
            offer
        );
        prop_assert_eq!(p.as_str(), *offer);
    }

    // quality_of == oracle quality, per offer.
    for offer in &offers {
        prop_assert_eq!(
            accept.quality_of(offer).thousandths(),
            naive::quality(h, offer),
            "quality_of({:?}): header {:?}",
            offer,
            h
        );
    }
    Ok(())
}

fn check_preferences(header: &Option<String>) -> Result<(), TestCaseError> {
    let accept = accept_of(header);
    prop_assert_eq!(
        preferences(&accept),
        naive::preferences(header.as_deref()),
        "preferences: header {:?}",
        header
    );
    Ok(())
}

fn check_strict(header: &str) -> Result<(), TestCaseError> {
    let accept = Accept::new(header.as_bytes());
    let elements = naive::elements(header);
    let parsed: Vec<bool> = accept.iter().map(|r| r.is_ok()).collect();
    let want: Vec<bool> = elements
        .iter()
        .take(naive::MAX_ELEMENTS)
        .map(|e| naive::parse_range(e, true, 0).is_some())
        .collect();
    prop_assert_eq!(&parsed, &want, "iter() per element: header {:?}", header);
    prop_assert_eq!(
        accept.validate().is_ok(),
        naive::valid(Some(header)),
        "validate: {:?}",
        header
    );
    if elements.len() <= naive::MAX_ELEMENTS {
        // Strict mode accepts what lenient mode reads, minus its two
        // deviations (a leading-dot weight, a bare `*`).
        let strict = elements.iter().all(|e| naive::parse_range_strict(e, 0).is_some());
        prop_assert_eq!(accept.validate().is_ok(), strict, "{:?}", header);
        if strict {
            prop_assert!(parsed.iter().all(|&ok| ok), "{:?}", header);
        }
    }
    // Each parsed range shows the oracle's rendering and weight.
    for (range, element) in accept.iter().zip(&elements) {
        if let Ok(range) = range {
            let want = naive::parse_range(element, true, 0).expect("oracle agrees it parses");
            prop_assert_eq!(range.to_string(), want.rendered);
            prop_assert_eq!(range.quality().thousandths(), want.q);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #[test]
    fn negotiation_matches_the_oracle(header in header(), offers in offers()) {
        check_against_oracle(&header, &offers)?;
    }

    #[test]
    fn preferences_match_the_oracle(header in header()) {
        check_preferences(&header)?;
    }

    #[test]
    fn strict_validation_matches_element_parsing(header in prop_oneof![header_value(), soup(), long_header()]) {
        check_strict(&header)?;
    }

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        offers in offers(),
    ) {
        let accept = Accept::new(&bytes);
        for range in accept.iter().flatten() {
            let _ = range.to_string();
            let _ = range.params().count();
        }
        // Strict mode accepts at most what lenient reading parses: the two
        // deviations (a leading-dot weight, a bare `*`) parse leniently and
        // fail strictly (`*` alone is one). On text the oracle says which.
        let strict_ok = accept.validate().is_ok();
        let all_ok = accept.iter().all(|r| r.is_ok());
        prop_assert!(!strict_ok || all_ok, "strict accepts what lenient rejects: {:?}", bytes);
        if let Ok(text) = core::str::from_utf8(&bytes) {
            check_strict(text)?;
        }
        let offers: Vec<&str> = offers.iter().map(String::as_str).collect();
        let chosen = accept.negotiate(&offers);
        let ranking = ranked(&accept, &offers);
        prop_assert_eq!(chosen.index(), ranking.first().map(|&(i, _)| i));
        for offer in &offers {
            let _ = accept.quality_of(offer);
        }
        let _ = preferences(&accept);

        // The same bytes as several field lines (split at 0xFF).
        let lines: Vec<&[u8]> = bytes.split(|&b| b == 0xFF).collect();
        let accept = Accept::from_field(FieldLines::many(&lines));
        prop_assert!(accept.validate().is_err() || accept.iter().all(|r| r.is_ok()));
        prop_assert_eq!(accept.negotiate(&offers).index(), ranked(&accept, &offers).first().map(|&(i, _)| i));
        let _ = preferences(&accept);
    }

    #[test]
    fn many_offers_match_the_oracle(
        header in header(),
        offers in proptest::collection::vec(offer(), 25..80),
    ) {
        // More offers than conneg scores per pass over the field (32).
        check_against_oracle(&header, &offers)?;
    }

    #[test]
    fn bounded_outputs_keep_the_best(header in header(), offers in offers(), room in 0usize..6) {
        let h = header.as_deref();
        let accept = accept_of(&header);
        let offers: Vec<&str> = offers.iter().map(String::as_str).collect();

        let mut out = vec![Choice::default(); room];
        let got: Vec<usize> = accept.rank(&offers, &mut out).iter().map(Choice::index).collect();
        let mut want = naive::ranked(h, &offers);
        want.truncate(room);
        prop_assert_eq!(got, want, "rank into {} slots: header {:?} offers {:?}", room, h, offers);

        let mut out = vec![MediaRange::default(); room];
        let got: Vec<String> = accept.preferences(&mut out).iter().map(|r| r.to_string()).collect();
        let mut want = naive::preferences(h);
        want.truncate(room);
        prop_assert_eq!(got, want, "preferences into {} slots: header {:?}", room, h);
    }

    #[test]
    fn arbitrary_text_matches_the_oracle(
        chars in proptest::collection::vec(
            prop_oneof![
                1 => any::<char>(),
                4 => (0u8..0x80).prop_map(char::from),
                4 => proptest::sample::select(vec![',', ';', '/', '"', '=', '\\', ' ', '\t', 'q', '*', 'a', '0', '.']),
            ],
            0..60,
        ),
        offers in offers(),
    ) {
        // Any text (non-UTF-8 input is covered by the no-panic property).
        let header = Some(chars.into_iter().collect::<String>());
        check_against_oracle(&header, &offers)?;
        check_preferences(&header)?;
        check_strict(header.as_deref().unwrap_or(""))?;
    }
}

// ---------------------------------------------------------------------------
// Regression tests and oracle sanity checks
// ---------------------------------------------------------------------------

fn names(header: &str) -> Vec<String> {
    preferences(&Accept::new(header.as_bytes()))
}

#[test]
fn oracle_agrees_with_rfc_9110_table_5() {
    let h = Some(
        "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5",
    );
    assert_eq!(naive::quality(h, "text/plain;format=flowed"), 1000);
    assert_eq!(naive::quality(h, "text/plain"), 700);
    assert_eq!(naive::quality(h, "text/html"), 300);
    assert_eq!(naive::quality(h, "image/jpeg"), 500);
    assert_eq!(naive::quality(h, "text/plain;format=fixed"), 400);
    assert_eq!(naive::quality(h, "text/html;level=3"), 300);
}

#[test]
fn oracle_handles_absent_empty_and_all_malformed_fields() {
    assert_eq!(naive::best(None, &["boom", "text/html"]), Some(1));
    assert_eq!(naive::preferences(None), ["*/*"]);
    assert_eq!(naive::best(Some(" , "), &["text/html"]), None);
    assert!(naive::preferences(Some("")).is_empty());
    assert_eq!(naive::ranked(Some("*/html, text"), &["a/b", "c/d"]), [0, 1]);
    assert_eq!(naive::preferences(Some("*/html")), ["*/*"]);
}

#[test]
fn duplicate_parameter_keeps_first_value() {
    let accept = Accept::new(b"text/html;level=1;level=2;q=0.5, */*;q=0.1");
    assert_eq!(accept.quality_of("text/html;level=1").thousandths(), 500);
    assert_eq!(accept.quality_of("text/html;level=2").thousandths(), 100);
    // The offer's duplicate also counts with its first value.
    assert_eq!(accept.quality_of("text/html;level=2;level=1").thousandths(), 100);
}

#[test]
fn second_weight_is_ignored_and_not_rendered() {
    let accept = Accept::new(b"text/html;q=0.5;q=0.7");
    assert_eq!(accept.quality_of("text/html").thousandths(), 500);
    assert_eq!(names("text/html;q=0.5;q=0.7"), ["text/html"]);
}

/// Found by `preferences_match_the_oracle`: with a repeated `q`, `Display`
/// rebuilt the remaining parameters as `;name=value`, dropping empty
/// parameters and whitespace, so the same range rendered differently with and
/// without the ignored second weight.
#[test]
fn repeated_weight_is_dropped_and_the_rest_stays_as_written() {
    assert_eq!(names("text/html;q=0.5;"), ["text/html;"]);
    assert_eq!(names("text/html;q=0.5;q=0;"), ["text/html;"]);
    assert_eq!(names("a/b;q=0.5; c=d ;;Q=0.7 ; e=f"), ["a/b; c=d ;; e=f"]);
    assert_eq!(names("a/b ; q=0.5 ; q=1 ; c=\"x;q=1\""), ["a/b; c=\"x;q=1\""]);
}
