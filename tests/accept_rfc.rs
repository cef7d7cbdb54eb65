//! RFC 9110 §12.5.1 (and the §5.6 syntax it rests on), one named test per
//! checklist row (ids: `tests/REQUIREMENTS.md`).

use conneg::{Accept, ErrorKind, FieldLines, Negotiation, TieBreak, accept::Choice, accept::MediaRange};

/// q-value (thousandths) the header gives each offer.
fn q(header: &str, offer: &str) -> u16 {
    Accept::new(header.as_bytes()).quality_of(offer).thousandths()
}

fn best<'a>(header: &str, offers: &[&'a str]) -> Option<&'a str> {
    Accept::new(header.as_bytes())
        .negotiate(offers)
        .index()
        .map(|i| offers[i])
}

fn ranked<'a>(header: &str, offers: &[&'a str]) -> Vec<&'a str> {
    let mut out = vec![Choice::default(); offers.len()];
    Accept::new(header.as_bytes())
        .rank(offers, &mut out)
        .iter()
        .map(|c| offers[c.index()])
        .collect()
}

fn prefs(header: &str) -> Vec<String> {
    let mut out = [MediaRange::default(); 32];
    Accept::new(header.as_bytes())
        .preferences(&mut out)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// `name: header, offer => q (thousandths)`
macro_rules! quality {
    ($($name:ident: $header:expr, $offer:expr => $want:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(q($header, $offer), $want, "{} / {}", $header, $offer);
        }
    )*};
}

const TABLE5: &str = "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, \
                      text/plain;format=fixed;q=0.4, */*;q=0.5";

quality! {
    // N-18: RFC 9110 Table 5, with erratum 7138 for the last row.
    n18_table5_flowed_is_1: TABLE5, "text/plain;format=flowed" => 1000;
    n18_table5_plain_is_07: TABLE5, "text/plain" => 700;
    n18_table5_html_is_03: TABLE5, "text/html" => 300;
    n18_table5_jpeg_is_05: TABLE5, "image/jpeg" => 500;
    n18_table5_fixed_is_04: TABLE5, "text/plain;format=fixed" => 400;
    n18_erratum_7138_html_level3_is_03: TABLE5, "text/html;level=3" => 300;
    // N-19 example 1.
    n19_audio_basic_is_1: "audio/*; q=0.2, audio/basic", "audio/basic" => 1000;
    n19_other_audio_is_02: "audio/*; q=0.2, audio/basic", "audio/ogg" => 200;
    // N-17: the most specific range decides, even with a lower q.
    n17_specific_range_sets_q_not_highest_q: "text/plain;q=0.1, */*", "text/plain" => 100;
    n17_specific_zero_vetoes_wildcard: "text/*, text/plain;q=0", "text/plain" => 0;
    // N-03: q=0 is "not acceptable"; no q is 1; Q is case-insensitive.
    n03_missing_q_is_one: "text/html", "text/html" => 1000;
    n03_upper_case_q_is_the_weight: "text/html;Q=0.5", "text/html" => 500;
    // N-01: absent field accepts everything.
    n06_unlisted_type_is_unacceptable: "text/html", "image/png" => 0;
    // N-11: type and subtype are case-insensitive.
    n11_type_and_subtype_case_insensitive: "Text/HTML", "text/html" => 1000;
    // N-12: charset values are case-insensitive, other values are not.
    n12_charset_value_case_insensitive: "text/html;charset=UTF-8", "text/html;charset=utf-8" => 1000;
    n12_other_values_case_sensitive: "text/html;level=A", "text/html;level=a" => 0;
    // N-13: q anywhere among the parameters is the weight.
    n13_q_before_other_parameters_is_the_weight: "text/html;q=0.5;level=1", "text/html;level=1" => 500;
    // N-15: parameters after q are ordinary parameters that must match.
    n15_parameters_after_q_still_match: "text/html;q=0.5;level=1", "text/html;level=2" => 0;
    // S-18: parameter names are case-insensitive.
    s18_parameter_names_case_insensitive: "text/html;LEVEL=1", "text/html;level=1" => 1000;
    // S-19: quoted and unquoted values are equal.
    s19_quoted_equals_unquoted: "text/html;charset=\"utf-8\"", "text/html;charset=utf-8" => 1000;
    // S-21: empty parameters are legal.
    s21_empty_parameters_parse: "text/html;;charset=utf-8;", "text/html;charset=utf-8" => 1000;
    // S-14: a tab is OWS.
    s14_tab_before_weight: "text/html\t;\tq=0.4", "text/html" => 400;
    // S-20: whitespace around '=' makes the element malformed (skipped).
    s20_whitespace_around_equals_skips_element: "text/html;q = 0.5, */*;q=0.1", "text/html" => 100;
    // N-04: q outside the grammar makes the element malformed (skipped).
    n04_q_above_one_skips_element: "text/html;q=1.5, */*;q=0.2", "text/html" => 200;
    // Policy revised 2026-12-04: lenient mode reads a leading-dot weight as its value.
    n04_leading_dot_is_its_value: "text/html;q=.5, */*;q=0.2", "text/html" => 500;
    n04_four_decimals_skip_element: "text/html;q=0.1234, */*;q=0.2", "text/html" => 200;
    // N-10: */html is not a media range.
    n10_wildcard_type_with_subtype_is_skipped: "*/html, */*;q=0.3", "text/html" => 300;
}

#[test]
fn n16_specificity_precedence_orders_the_client_list() {
    assert_eq!(
        prefs("text/*, text/plain, text/plain;format=flowed, */*"),
        ["text/plain;format=flowed", "text/plain", "text/*", "*/*"]
    );
}

#[test]
fn n19_example2_html_and_xc_before_dvi_before_plain() {
    let header = "text/plain; q=0.5, text/html, text/x-dvi; q=0.8, text/x-c";
    assert_eq!(
        ranked(header, &["text/plain", "text/x-dvi", "text/x-c", "text/html"]),
        ["text/html", "text/x-c", "text/x-dvi", "text/plain"]
    );
}

#[test]
fn n01_absent_field_accepts_everything_server_order() {
    let accept = Accept::absent();
    assert_eq!(accept.negotiate(&["image/png", "text/html"]).index(), Some(0));
    assert_eq!(accept.quality_of("x/y").thousandths(), 1000);
    assert_eq!(prefs_of(accept), ["*/*"]);
}

fn prefs_of(accept: Accept<'_>) -> Vec<String> {
    let mut out = [MediaRange::default(); 8];
    accept
        .preferences(&mut out)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn n07_wildcard_zero_asks_for_406() {
    assert_eq!(
        Accept::new(b"application/json, */*;q=0").negotiate(&["text/html"]),
        Negotiation::NotAcceptable
    );
}

#[test]
fn empty_field_accepts_nothing_but_all_malformed_counts_as_absent() {
    assert_eq!(best("", &["text/html"]), None);
    assert_eq!(best(" , ,", &["text/html"]), None);
    assert_eq!(best("*/html, text", &["text/html"]), Some("text/html"));
    assert_eq!(prefs("*/html, text"), ["*/*"]);
    assert!(prefs("").is_empty());
}

#[test]
fn s02_repeated_lines_are_one_list() {
    let lines: &[&[u8]] = &[b"text/plain;q=0.5", b"", b"text/html, application/json;q=0.9"];
    let accept = Accept::from_field(FieldLines::many(lines));
    assert_eq!(
        accept
            .negotiate(&["text/plain", "application/json", "text/html"])
            .index(),
        Some(2)
    );
    // Strict errors name the line and the offset within it.
    let bad: &[&[u8]] = &[b"text/plain", b"text/html;q=2"];
    let err = Accept::from_field(FieldLines::many(bad)).validate().unwrap_err();
    assert_eq!(
        (err.line(), err.offset(), err.kind()),
        (1, 12, ErrorKind::InvalidQuality)
    );
}

#[test]
fn s12_empty_list_elements_are_ignored() {
    assert_eq!(
        prefs(", text/html ,, ,application/json;q=0.5,"),
        ["text/html", "application/json"]
    );
}

#[test]
fn ties_go_to_specificity_then_client_order_then_server_order() {
    // More specific matching range first (text/html beats image/* beats */*).
    assert_eq!(
        best("*/*, text/html, image/*", &["image/png", "text/html"]),
        Some("text/html")
    );
    // Same specificity: the client's order of the matching ranges.
    assert_eq!(
        best("text/plain, text/html", &["text/html", "text/plain"]),
        Some("text/plain")
    );
    // Same range: the server's order.
    assert_eq!(best("*/*", &["image/png", "text/html"]), Some("image/png"));
}

#[test]
fn server_order_tie_break_is_configurable() {
    let accept = Accept::new(b"text/plain, text/html").tie_break(TieBreak::ServerOrder);
    assert_eq!(accept.negotiate(&["text/html", "text/plain"]).index(), Some(0));
    // q still comes first.
    let accept = Accept::new(b"text/plain, text/html;q=0.9").tie_break(TieBreak::ServerOrder);
    assert_eq!(accept.negotiate(&["text/html", "text/plain"]).index(), Some(1));
}

#[test]
fn duplicate_range_first_occurrence_sets_q() {
    assert_eq!(
        q(
            "application/json;q=0.9, application/json;q=0.1",
            "application/json"
        ),
        900
    );
}

#[test]
fn duplicate_parameter_keeps_first_value() {
    assert_eq!(q("text/html;level=1;level=2", "text/html;level=1"), 1000);
    assert_eq!(q("text/html;level=1;level=2", "text/html;level=2"), 0);
}

#[test]
fn invalid_offers_are_never_selected_and_star_in_offer_is_literal() {
    assert_eq!(best("*/*", &["boom", "", "/*", "text/html"]), Some("text/html"));
    assert_eq!(best("image/png", &["image/*"]), None);
    assert_eq!(best("image/*", &["image/*"]), Some("image/*"));
}

#[test]
fn max_elements_caps_the_work_and_strict_mode_reports_it() {
    let accept = Accept::new(b"a/a, b/b, c/c").max_elements(2);
    assert_eq!(accept.negotiate(&["c/c"]), Negotiation::NotAcceptable);
    assert_eq!(accept.negotiate(&["b/b"]).index(), Some(0));
    let err = accept.validate().unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::TooManyElements, 10));
}

#[test]
fn rank_keeps_the_best_when_storage_is_short() {
    let mut out = [Choice::default(); 2];
    let accept = Accept::new(b"a/a;q=0.1, b/b;q=0.5, c/c, d/d;q=0.7");
    let got: Vec<usize> = accept
        .rank(&["a/a", "b/b", "c/c", "d/d"], &mut out)
        .iter()
        .map(|c| c.index())
        .collect();
    assert_eq!(got, [2, 3]);
}

#[test]
fn preferences_keep_the_best_when_storage_is_short() {
    let mut out = [MediaRange::default(); 2];
    let accept = Accept::new(b"a/a;q=0.1, b/b;q=0.5, c/c, d/d;q=0.7");
    let got: Vec<String> = accept
        .preferences(&mut out)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(got, ["c/c", "d/d"]);
}

#[cfg(feature = "mime")]
#[test]
fn offers_may_be_mime_values() {
    let offers = [mime::TEXT_HTML, mime::APPLICATION_JSON];
    let accept = Accept::new(b"application/json, text/html;q=0.5");
    assert_eq!(accept.negotiate(&offers).index(), Some(1));
    let range = accept.iter().next().unwrap().unwrap();
    assert_eq!(range.to_mime(), Some(mime::APPLICATION_JSON));
}

// ---------------------------------------------------------------------------
// Java's default `Accept` (issue 12): lenient mode reads a leading-dot weight
// (`q=.2`) as its value and a bare `*` as `*/*`; strict mode reports both.
// ---------------------------------------------------------------------------

/// What `java.net.HttpURLConnection` sends when the caller sets no `Accept`.
const JAVA: &str = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2";

#[test]
fn java_default_accept_selects_json_at_q_0_2() {
    let n = Accept::new(JAVA.as_bytes()).negotiate(&["application/json"]);
    assert_eq!(n.index(), Some(0));
    let Negotiation::Selected { quality, .. } = n else {
        panic!("{n:?}");
    };
    assert_eq!(quality.thousandths(), 200);
    assert_eq!(q(JAVA, "application/json"), 200);
    assert_eq!(ranked(JAVA, &["application/json"]), ["application/json"]);
}

#[test]
fn java_default_accept_prefers_html_over_json() {
    assert_eq!(best(JAVA, &["text/html", "application/json"]), Some("text/html"));
    assert_eq!(
        ranked(JAVA, &["application/json", "text/html"]),
        ["text/html", "application/json"]
    );
    assert_eq!(q(JAVA, "text/html"), 1000);
}

#[test]
fn java_default_accept_preferences_read_the_bare_star_as_any() {
    assert_eq!(
        prefs(JAVA),
        ["text/html", "image/gif", "image/jpeg", "*/*", "*/*"]
    );
    let ranges: Vec<(String, u16)> = Accept::new(JAVA.as_bytes())
        .iter()
        .map(|r| r.map(|r| (r.to_string(), r.quality().thousandths())).unwrap())
        .collect();
    assert_eq!(ranges[3], ("*/*".to_string(), 200));
    assert_eq!(ranges[4], ("*/*".to_string(), 200));
    // A bare `*` alone, with parameters, or with a weight.
    assert_eq!(q("*", "application/json"), 1000);
    assert_eq!(q("*;q=.5", "image/png"), 500);
    assert_eq!(q("text/html, * ;q=0.3", "image/png"), 300);
    assert_eq!(q("*;level=1", "text/html;level=1"), 1000);
    assert_eq!(q("*;level=1", "text/html"), 0);
}

#[test]
fn leading_dot_weights_read_as_their_value_in_lenient_mode() {
    assert_eq!(q("text/html;q=.2", "text/html"), 200);
    assert_eq!(q("text/html;q=.5", "text/html"), 500);
    assert_eq!(q("text/html;q=.123", "text/html"), 123);
    assert_eq!(q("text/html;q=.0, */*", "text/html"), 0);
    assert_eq!(q("text/html;level=1;q=.7;x=y", "text/html;level=1;x=y"), 700);
    assert_eq!(q("*/*;q=.4", "text/html"), 400);
    assert_eq!(q("text/*;q=.25", "text/html"), 250);
}

#[test]
fn strict_mode_reports_the_leading_dot_weight_and_the_bare_star() {
    let err = Accept::new(JAVA.as_bytes()).validate().unwrap_err();
    // The bare `*` (at 34) lacks its `/` right after it (35).
    assert_eq!((err.kind(), err.offset()), (ErrorKind::MissingSlash, 35));
    let err = Accept::new(b"text/html, */*; q=.2").validate().unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidQuality, 18));
    let err = Accept::new(b"text/html;q=.5").validate().unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidQuality, 12));
    let err = Accept::new(b"text/html, *").validate().unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::MissingSlash, 12));
    assert_eq!(MediaRange::parse(b"*").unwrap_err(), (ErrorKind::MissingSlash, 1));
    assert_eq!(
        MediaRange::parse(b"a/b;q=.2").unwrap_err(),
        (ErrorKind::InvalidQuality, 6)
    );
    assert!(Accept::new(b"text/html;q=0.2, */*").validate().is_ok());
}

#[test]
fn other_grammar_deviations_stay_malformed() {
    // Each element is skipped in lenient mode (the field then counts as
    // absent: everything at q=1) and reported in strict mode.
    for (header, kind, offset) in [
        ("text/html;q=1.5", ErrorKind::InvalidQuality, 12),
        ("text/html;q=0.1234", ErrorKind::InvalidQuality, 12),
        ("text/html;q=.1234", ErrorKind::InvalidQuality, 12),
        ("text/html;q=.", ErrorKind::InvalidQuality, 12),
        ("text/html;q=abc", ErrorKind::InvalidQuality, 12),
        ("text/html;q=\".2\"", ErrorKind::InvalidQuality, 12),
        ("text/html;q= .2", ErrorKind::InvalidParameterValue, 12),
        ("*/html", ErrorKind::WildcardType, 0),
        ("text", ErrorKind::MissingSlash, 4),
        ("**", ErrorKind::MissingSlash, 2),
    ] {
        let accept = Accept::new(header.as_bytes());
        assert_eq!(accept.iter().filter(Result::is_ok).count(), 0, "{header:?}");
        let err = accept.validate().unwrap_err();
        assert_eq!((err.kind(), err.offset()), (kind, offset), "{header:?}");
        // With a valid element beside it, only that one counts.
        let with = format!("{header}, image/png;q=0.5");
        assert_eq!(q(&with, "text/html"), 0, "{with:?}");
        assert_eq!(q(&with, "image/png"), 500, "{with:?}");
    }
}
