//! RFC 9110 §13 behaviour, one named test per checklist row that states one
//! (ids C-01..C-55, V-01..V-12: `tests/REQUIREMENTS.md`), and every
//! pairwise combination of the five conditional fields (C-40).

use conneg::{
    Conditions, EntityTag, EntityTagBuf, FieldLines, HttpDate, Precondition, Representation, RequestMethod,
    etag::Comparison, etag::EntityTagList, etag::ListMatch, precondition::ModifiedSince,
    precondition::NotModifiedField, precondition::RangeCondition, precondition::not_modified_field,
};

const T: i64 = 1_704_110_400; // Mon, 01 Jan 2024 12:00:00 GMT
const T_STR: &str = "Mon, 01 Jan 2024 12:00:00 GMT";
const T_MINUS_1: &str = "Mon, 01 Jan 2024 11:59:59 GMT";
const T_PLUS_1: &str = "Mon, 01 Jan 2024 12:00:01 GMT";

const V1: EntityTag<'static> = EntityTag::from_static("\"v1\"");
const WEAK_V1: EntityTag<'static> = EntityTag::from_static("W/\"v1\"");

fn t() -> HttpDate {
    HttpDate::from_unix_seconds(T).unwrap()
}

fn rep() -> Representation<'static> {
    Representation::new().etag(V1).last_modified(t())
}

fn one(s: &str) -> FieldLines<'_> {
    FieldLines::one(s.as_bytes())
}

const PROCEED: Precondition = Precondition::Proceed(RangeCondition::NoRange);
const APPLY: Precondition = Precondition::Proceed(RangeCondition::Apply);
const IR_FAILED: Precondition = Precondition::Proceed(RangeCondition::IfRangeFailed);

// ---- entity-tags (V-01..V-06) ----

#[test]
fn v01_entity_tag_grammar_is_exact() {
    for bad in ["w/\"x\"", "\"a b\"", "\"a\"b\"", "abc", "W/ \"x\"", "\"x", "W/"] {
        assert!(EntityTag::parse(bad.as_bytes()).is_err(), "{bad}");
    }
    for good in ["\"\"", "W/\"\"", "\"a\\b\"", "\"!#~\""] {
        assert!(EntityTag::parse(good.as_bytes()).is_ok(), "{good}");
    }
    assert!(
        EntityTag::parse(b"\"caf\xc3\xa9\"").is_ok(),
        "obs-text inside the quotes"
    );
}

#[test]
fn v02_weak_flag_is_emitted_when_asked() {
    assert!(
        EntityTagBuf::from_hash(b"\x01\x02", true)
            .as_str()
            .starts_with("W/\"")
    );
    assert!(
        EntityTagBuf::from_len_mtime(1, 2, false)
            .as_str()
            .starts_with('"')
    );
}

#[test]
fn v03_generated_tags_never_contain_a_backslash() {
    for i in 0u64..2000 {
        let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_be_bytes();
        let a = EntityTagBuf::from_hash(&h, i % 2 == 0);
        let b = EntityTagBuf::from_len_mtime(i * 977, (i * 31) as i64, i % 3 == 0);
        for tag in [a, b] {
            assert!(!tag.as_bytes().contains(&b'\\'));
            assert_eq!(
                EntityTag::parse(tag.as_bytes()),
                Ok(tag.entity_tag()),
                "round trip"
            );
        }
    }
}

#[test]
fn v04_v05_v06_comparison_table_3() {
    let w1 = EntityTag::from_static("W/\"1\"");
    let w2 = EntityTag::from_static("W/\"2\"");
    let s1 = EntityTag::from_static("\"1\"");
    assert_eq!((w1.strong_eq(&w1), w1.weak_eq(&w1)), (false, true));
    assert_eq!((w1.strong_eq(&w2), w1.weak_eq(&w2)), (false, false));
    assert_eq!((w1.strong_eq(&s1), w1.weak_eq(&s1)), (false, true));
    assert_eq!((s1.strong_eq(&s1), s1.weak_eq(&s1)), (true, true));
}

#[test]
fn v12_last_modified_later_than_now_is_clamped() {
    let future = HttpDate::from_unix_seconds(T + 3600).unwrap();
    let rep = Representation::new().last_modified(future);
    // Without clamping, IMS = T would say "modified" (200); clamped to now = T it is 304.
    let c = Conditions::new(RequestMethod::Get).if_modified_since(one(T_STR));
    assert_eq!(c.evaluate(&rep), PROCEED);
    assert_eq!(c.now(t()).evaluate(&rep), Precondition::NotModified);
    assert_eq!(future.clamp_to(t()), t());
}

// ---- If-Match (C-01..C-06) ----

#[test]
fn c01_if_match_star_mixed_with_tags_is_false_412() {
    for v in ["*, \"v1\"", "\"v1\", *", "*, *"] {
        for m in [RequestMethod::Get, RequestMethod::Put] {
            let c = Conditions::new(m).if_match(one(v));
            assert_eq!(c.evaluate(&rep()), Precondition::Failed, "{v} {m:?}");
        }
    }
}

#[test]
fn c02_if_match_uses_strong_comparison() {
    let weak_rep = Representation::new().etag(WEAK_V1);
    let c = Conditions::new(RequestMethod::Put).if_match(one("W/\"v1\""));
    assert_eq!(c.evaluate(&weak_rep), Precondition::Failed);
    let c = Conditions::new(RequestMethod::Put).if_match(one("\"v1\""));
    assert_eq!(c.evaluate(&weak_rep), Precondition::Failed);
    assert_eq!(c.evaluate(&rep()), PROCEED);
}

#[test]
fn c04_if_match_star_is_true_iff_a_representation_exists() {
    let c = Conditions::new(RequestMethod::Put).if_match(one("*"));
    assert_eq!(c.evaluate(&Representation::new()), PROCEED, "no ETag needed");
    assert_eq!(c.evaluate(&Representation::missing()), Precondition::Failed);
    let tags = Conditions::new(RequestMethod::Put).if_match(one("\"a\", \"v1\""));
    assert_eq!(tags.evaluate(&rep()), PROCEED, "any tag matching is enough");
    assert_eq!(
        tags.evaluate(&Representation::new()),
        Precondition::Failed,
        "tags vs no ETag"
    );
}

#[test]
fn c05_if_match_false_is_412_for_every_method() {
    for m in [
        RequestMethod::Get,
        RequestMethod::Head,
        RequestMethod::Post,
        RequestMethod::Put,
        RequestMethod::Delete,
        RequestMethod::Patch,
        RequestMethod::Other,
    ] {
        let c = Conditions::new(m).if_match(one("\"nope\""));
        assert_eq!(c.evaluate(&rep()), Precondition::Failed, "{m:?}");
    }
}

#[test]
fn c06_get_with_failing_if_match_is_412_not_304() {
    let c = Conditions::new(RequestMethod::Get)
        .if_match(one("\"old\""))
        .range(one("bytes=100-"));
    assert_eq!(c.evaluate(&rep()).status(), 412);
}

#[test]
fn c01_if_match_without_a_valid_member_is_412() {
    for v in ["X1Exyz", "", ",", "w/\"v1\""] {
        assert_eq!(
            Conditions::new(RequestMethod::Get)
                .if_match(one(v))
                .evaluate(&rep()),
            Precondition::Failed,
            "{v:?}"
        );
    }
}

// ---- If-None-Match (C-08..C-12) ----

#[test]
fn c08_if_none_match_uses_weak_comparison() {
    let c = Conditions::new(RequestMethod::Get).if_none_match(one("\"v1\""));
    assert_eq!(
        c.evaluate(&Representation::new().etag(WEAK_V1)),
        Precondition::NotModified
    );
    let c = Conditions::new(RequestMethod::Get).if_none_match(one("W/\"v1\""));
    assert_eq!(c.evaluate(&rep()), Precondition::NotModified);
}

#[test]
fn c10_if_none_match_star_is_false_iff_a_representation_exists() {
    let c = Conditions::new(RequestMethod::Get).if_none_match(one("*"));
    assert_eq!(c.evaluate(&Representation::new()), Precondition::NotModified);
    assert_eq!(c.evaluate(&Representation::missing()), PROCEED);
}

#[test]
fn c11_if_none_match_false_is_304_for_get_head_and_412_otherwise() {
    for (m, want) in [
        (RequestMethod::Get, Precondition::NotModified),
        (RequestMethod::Head, Precondition::NotModified),
        (RequestMethod::Put, Precondition::Failed),
        (RequestMethod::Post, Precondition::Failed),
        (RequestMethod::Delete, Precondition::Failed),
        (RequestMethod::Other, Precondition::Failed),
    ] {
        let c = Conditions::new(m).if_none_match(one("\"v1\""));
        assert_eq!(c.evaluate(&rep()), want, "{m:?}");
    }
    // Create-only PUT.
    let put = Conditions::new(RequestMethod::Put).if_none_match(one("*"));
    assert_eq!(put.evaluate(&rep()), Precondition::Failed);
    assert_eq!(put.evaluate(&Representation::missing()), PROCEED);
}

#[test]
fn c12_if_none_match_star_mixed_is_ignored_on_get_and_false_otherwise() {
    let get = Conditions::new(RequestMethod::Get).if_none_match(one("*, \"x\""));
    assert_eq!(get.evaluate(&rep()), PROCEED);
    let put = Conditions::new(RequestMethod::Put).if_none_match(one("*, \"x\""));
    assert_eq!(put.evaluate(&rep()), Precondition::Failed);
}

#[test]
fn s02_if_none_match_lines_are_one_list() {
    let lines: &[&[u8]] = &[b"\"a\"", b"\"b\", \"v1\""];
    let c = Conditions::new(RequestMethod::Get).if_none_match(FieldLines::many(lines));
    assert_eq!(c.evaluate(&rep()), Precondition::NotModified);
    let list = EntityTagList::from_field(FieldLines::many(lines));
    assert_eq!(list.iter().count(), 3);
    let quoted_comma = EntityTagList::new(b"\"a,b\", \"c\"");
    assert_eq!(quoted_comma.iter().flatten().count(), 2, "\"a,b\" is one tag");
    let a_b = EntityTag::from_static("\"a,b\"");
    assert_eq!(
        quoted_comma.matches(Some(&a_b), true, Comparison::Strong),
        ListMatch::Matched
    );
}

// ---- If-Modified-Since (C-13..C-21) ----

#[test]
fn c14_if_modified_since_is_ignored_when_if_none_match_is_present() {
    // If-None-Match true (no match) → IMS (which would say 304) is not looked at.
    let c = Conditions::new(RequestMethod::Get)
        .if_none_match(one("\"other\""))
        .if_modified_since(one(T_STR));
    assert_eq!(c.evaluate(&rep()), PROCEED);
    // Even an If-None-Match with no valid member.
    let c = Conditions::new(RequestMethod::Get)
        .if_none_match(one("1234"))
        .if_modified_since(one(T_STR));
    assert_eq!(c.evaluate(&rep()), PROCEED);
}

#[test]
fn c15_if_modified_since_ignored_when_invalid_repeated_or_not_get_head() {
    for v in [
        "foo",
        "Mon, 01 Jan 2024 12:00:00 GMT, Mon, 01 Jan 2024 12:00:00 GMT",
        "",
    ] {
        let c = Conditions::new(RequestMethod::Get).if_modified_since(one(v));
        assert_eq!(c.evaluate(&rep()), PROCEED, "{v:?}");
    }
    let lines: &[&[u8]] = &[T_STR.as_bytes(), T_STR.as_bytes()];
    let c = Conditions::new(RequestMethod::Get).if_modified_since(FieldLines::many(lines));
    assert_eq!(c.evaluate(&rep()), PROCEED, "two lines");
    for m in [RequestMethod::Post, RequestMethod::Put, RequestMethod::Delete] {
        let c = Conditions::new(m).if_modified_since(one(T_STR));
        assert_eq!(c.evaluate(&rep()), PROCEED, "{m:?}");
    }
}

#[test]
fn c16_if_modified_since_ignored_without_last_modified() {
    let c = Conditions::new(RequestMethod::Get).if_modified_since(one(T_STR));
    assert_eq!(c.evaluate(&Representation::new().etag(V1)), PROCEED);
}

#[test]
fn c19_if_modified_since_is_earlier_or_equal_at_one_second() {
    let get = |d: &str| {
        Conditions::new(RequestMethod::Get)
            .if_modified_since(one(d))
            .evaluate(&rep())
    };
    assert_eq!(get(T_STR), Precondition::NotModified, "equal");
    assert_eq!(
        get(T_PLUS_1),
        Precondition::NotModified,
        "header after Last-Modified"
    );
    assert_eq!(get(T_MINUS_1), PROCEED, "modified since");
    assert_eq!(
        Conditions::new(RequestMethod::Head)
            .if_modified_since(one(T_STR))
            .evaluate(&rep()),
        Precondition::NotModified,
        "HEAD like GET (C-39)"
    );
}

#[test]
fn c21_exact_mode_only_matches_equal_dates() {
    let get = |d: &str| {
        Conditions::new(RequestMethod::Get)
            .if_modified_since(one(d))
            .modified_since(ModifiedSince::Exact)
            .evaluate(&rep())
    };
    assert_eq!(get(T_STR), Precondition::NotModified);
    assert_eq!(get(T_PLUS_1), PROCEED);
    assert_eq!(get(T_MINUS_1), PROCEED);
}

// ---- If-Unmodified-Since (C-22..C-28) ----

#[test]
fn c22_if_unmodified_since_is_ignored_when_if_match_is_present() {
    let c = Conditions::new(RequestMethod::Put)
        .if_match(one("\"v1\""))
        .if_unmodified_since(one(T_MINUS_1));
    assert_eq!(c.evaluate(&rep()), PROCEED);
}

#[test]
fn c23_invalid_if_unmodified_since_is_ignored_not_412() {
    for v in [
        "foo",
        "Mon, 01 Jan 2024 11:00:00 GMT, Mon, 01 Jan 2024 11:00:00 GMT",
    ] {
        let c = Conditions::new(RequestMethod::Put).if_unmodified_since(one(v));
        assert_eq!(c.evaluate(&rep()), PROCEED, "{v}");
    }
}

#[test]
fn c24_if_unmodified_since_is_ignored_without_last_modified() {
    let c = Conditions::new(RequestMethod::Put).if_unmodified_since(one(T_MINUS_1));
    assert_eq!(c.evaluate(&Representation::new().etag(V1)), PROCEED);
}

#[test]
fn c27_c28_if_unmodified_since_true_when_not_modified_after() {
    let put = |d: &str| {
        Conditions::new(RequestMethod::Put)
            .if_unmodified_since(one(d))
            .evaluate(&rep())
    };
    assert_eq!(put(T_STR), PROCEED);
    assert_eq!(put(T_PLUS_1), PROCEED);
    assert_eq!(put(T_MINUS_1), Precondition::Failed);
    let get = Conditions::new(RequestMethod::Get).if_unmodified_since(one(T_MINUS_1));
    assert_eq!(get.evaluate(&rep()), Precondition::Failed, "412 on GET too");
}

// ---- If-Range (C-29..C-34) ----

#[test]
fn c29_if_range_dquote_in_first_three_octets_means_entity_tag() {
    let now = t();
    assert!(matches!(
        conneg::precondition::IfRange::parse(b"W/\"x\"", now),
        conneg::precondition::IfRange::Tag(_)
    ));
    assert!(matches!(
        conneg::precondition::IfRange::parse(T_STR.as_bytes(), now),
        conneg::precondition::IfRange::Date(_)
    ));
    assert_eq!(
        conneg::precondition::IfRange::parse(b"xx\"a\"", now),
        conneg::precondition::IfRange::Invalid
    );
}

#[test]
fn c30_if_range_without_range_is_ignored() {
    let c = Conditions::new(RequestMethod::Get).if_range(one("\"nope\""));
    assert_eq!(c.evaluate(&rep()), PROCEED);
}

#[test]
fn c32_if_range_date_must_equal_last_modified_exactly() {
    let get = |d: &str| {
        Conditions::new(RequestMethod::Get)
            .range(one("bytes=0-0"))
            .if_range(one(d))
            .evaluate(&rep())
    };
    assert_eq!(get(T_STR), APPLY);
    assert_eq!(get(T_PLUS_1), IR_FAILED, "later is not equal");
    assert_eq!(get(T_MINUS_1), IR_FAILED);
}

#[test]
fn c33_weak_if_range_is_always_false() {
    let weak_rep = Representation::new().etag(WEAK_V1);
    for r in [rep(), weak_rep] {
        let c = Conditions::new(RequestMethod::Get)
            .range(one("bytes=0-0"))
            .if_range(one("W/\"v1\""));
        assert_eq!(c.evaluate(&r), IR_FAILED);
    }
}

#[test]
fn c34_if_range_decides_whether_range_applies() {
    let c = |v: &'static str| {
        Conditions::new(RequestMethod::Get)
            .range(one("bytes=0-0"))
            .if_range(one(v))
    };
    assert_eq!(c("\"v1\"").evaluate(&rep()), APPLY);
    assert_eq!(c("\"v0\"").evaluate(&rep()), IR_FAILED);
    assert_eq!(c("garbage").evaluate(&rep()), IR_FAILED, "invalid → false");
    let two: &[&[u8]] = &[b"\"v1\"", b"\"v1\""];
    let c = Conditions::new(RequestMethod::Get)
        .range(one("bytes=0-0"))
        .if_range(FieldLines::many(two));
    assert_eq!(c.evaluate(&rep()), IR_FAILED, "two If-Range lines are invalid");
}

// ---- When and in which order (C-36..C-47) ----

#[test]
fn c37_connect_options_trace_ignore_preconditions() {
    for m in [
        RequestMethod::Connect,
        RequestMethod::Options,
        RequestMethod::Trace,
    ] {
        let c = Conditions::new(m)
            .if_match(one("\"nope\""))
            .if_none_match(one("*"))
            .if_unmodified_since(one(T_MINUS_1))
            .range(one("bytes=0-0"))
            .require_precondition(true);
        assert_eq!(c.evaluate(&rep()), PROCEED, "{m:?}");
    }
}

#[test]
fn c39_head_is_conditional_like_get() {
    for (field, v) in [("inm", "\"v1\""), ("ims", T_STR)] {
        let mk = |m| {
            let c = Conditions::new(m);
            if field == "inm" {
                c.if_none_match(one(v))
            } else {
                c.if_modified_since(one(v))
            }
        };
        assert_eq!(
            mk(RequestMethod::Head).evaluate(&rep()),
            mk(RequestMethod::Get).evaluate(&rep())
        );
    }
}

#[test]
fn c41_if_match_true_and_if_none_match_false_on_get_is_304() {
    let c = Conditions::new(RequestMethod::Get)
        .if_match(one("\"v1\""))
        .if_none_match(one("\"v1\""));
    assert_eq!(c.evaluate(&rep()), Precondition::NotModified);
}

#[test]
fn c42_passing_if_match_skips_if_unmodified_since() {
    let c = Conditions::new(RequestMethod::Delete)
        .if_match(one("*"))
        .if_unmodified_since(one(T_MINUS_1));
    assert_eq!(c.evaluate(&rep()), PROCEED);
}

#[test]
fn c43_if_none_match_decides_over_if_modified_since() {
    let c = Conditions::new(RequestMethod::Get)
        .if_none_match(one("\"v1\""))
        .if_modified_since(one(T_MINUS_1));
    assert_eq!(
        c.evaluate(&rep()),
        Precondition::NotModified,
        "INM false wins over IMS true"
    );
    let c = Conditions::new(RequestMethod::Get)
        .if_none_match(one("\"v0\""))
        .if_modified_since(one(T_STR));
    assert_eq!(c.evaluate(&rep()), PROCEED, "INM true skips IMS false");
}

#[test]
fn c44_range_never_applies_after_304_or_412_nor_on_other_methods() {
    let c = Conditions::new(RequestMethod::Get)
        .if_none_match(one("\"v1\""))
        .range(one("bytes=0-0"))
        .if_range(one("\"v1\""));
    assert_eq!(c.evaluate(&rep()), Precondition::NotModified);
    for m in [RequestMethod::Head, RequestMethod::Post, RequestMethod::Put] {
        let c = Conditions::new(m).range(one("bytes=0-0"));
        assert_eq!(c.evaluate(&rep()), PROCEED, "{m:?}: R-12");
    }
}

#[test]
fn c46_already_applied_hook_turns_412_into_2xx() {
    let c = Conditions::new(RequestMethod::Put).if_match(one("\"v0\""));
    assert_eq!(c.evaluate_with(&rep(), || true), Precondition::AlreadyApplied);
    let c = Conditions::new(RequestMethod::Put).if_unmodified_since(one(T_MINUS_1));
    assert_eq!(c.evaluate_with(&rep(), || true), Precondition::AlreadyApplied);
    // Not consulted for If-None-Match, nor for safe methods.
    let c = Conditions::new(RequestMethod::Put).if_none_match(one("*"));
    assert_eq!(c.evaluate_with(&rep(), || true), Precondition::Failed);
    let c = Conditions::new(RequestMethod::Get).if_match(one("\"v0\""));
    assert_eq!(
        c.evaluate_with(&rep(), || panic!("not asked on GET")),
        Precondition::Failed
    );
}

#[test]
fn c47_hook_defaults_to_no() {
    let c = Conditions::new(RequestMethod::Post).if_match(one("\"v0\""));
    assert_eq!(c.evaluate(&rep()), Precondition::Failed);
}

#[test]
fn rfc6585_require_precondition_gives_428_on_unsafe_methods_only() {
    for m in [
        RequestMethod::Put,
        RequestMethod::Post,
        RequestMethod::Delete,
        RequestMethod::Patch,
        RequestMethod::Other,
    ] {
        let c = Conditions::new(m).require_precondition(true);
        assert_eq!(c.evaluate(&rep()), Precondition::Required, "{m:?}");
        assert_eq!(c.evaluate(&rep()).status(), 428);
        assert_eq!(c.if_match(one("\"v1\"")).evaluate(&rep()), PROCEED);
        assert_eq!(c.if_unmodified_since(one(T_STR)).evaluate(&rep()), PROCEED);
        assert_eq!(
            c.if_none_match(one("*")).evaluate(&Representation::missing()),
            PROCEED
        );
    }
    for m in [RequestMethod::Get, RequestMethod::Head] {
        assert_eq!(
            Conditions::new(m).require_precondition(true).evaluate(&rep()),
            PROCEED
        );
    }
    assert_eq!(
        Conditions::new(RequestMethod::Put).evaluate(&rep()),
        PROCEED,
        "off by default"
    );
}

// ---- 304 fields (C-50, C-51, C-53) ----

#[test]
fn c50_304_keeps_cache_metadata() {
    for name in [
        "Cache-Control",
        "content-location",
        "DATE",
        "ETag",
        "Expires",
        "Vary",
    ] {
        for has_etag in [true, false] {
            assert_eq!(
                not_modified_field(name.as_bytes(), has_etag),
                NotModifiedField::Keep,
                "{name}"
            );
        }
    }
}

#[test]
fn c51_c53_304_drops_representation_metadata() {
    for name in [
        "Content-Type",
        "Content-Encoding",
        "Content-Language",
        "Content-Length",
        "Content-Range",
    ] {
        assert_eq!(
            not_modified_field(name.as_bytes(), false),
            NotModifiedField::Drop,
            "{name}"
        );
    }
    assert_eq!(not_modified_field(b"Last-Modified", true), NotModifiedField::Drop);
    assert_eq!(
        not_modified_field(b"last-modified", false),
        NotModifiedField::Keep
    );
    assert_eq!(
        not_modified_field(b"Content-Security-Policy", true),
        NotModifiedField::Other
    );
}

#[test]
fn c55_304_only_for_get_and_head() {
    let methods = [
        RequestMethod::Get,
        RequestMethod::Head,
        RequestMethod::Post,
        RequestMethod::Put,
        RequestMethod::Delete,
        RequestMethod::Patch,
    ];
    for m in methods {
        for c in [
            Conditions::new(m).if_none_match(one("*")),
            Conditions::new(m).if_none_match(one("\"v1\"")),
            Conditions::new(m).if_modified_since(one(T_STR)),
        ] {
            let got = c.evaluate(&rep());
            assert_eq!(
                got == Precondition::NotModified,
                m.is_get_or_head(),
                "{m:?} {got:?}"
            );
        }
    }
}

// ---- every pairwise combination of the five fields (C-40) ----

/// The five fields, each true (`true`) or false (`false`) against `rep()`.
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(clippy::enum_variant_names)]
enum F {
    IfMatch,
    IfUnmodifiedSince,
    IfNoneMatch,
    IfModifiedSince,
    IfRange,
}

fn with(c: Conditions<'static>, f: F, condition: bool) -> Conditions<'static> {
    let one = |s: &'static str| FieldLines::one(s.as_bytes());
    match (f, condition) {
        (F::IfMatch, true) => c.if_match(one("\"v1\"")),
        (F::IfMatch, false) => c.if_match(one("\"v0\"")),
        (F::IfUnmodifiedSince, true) => c.if_unmodified_since(one(T_STR)),
        (F::IfUnmodifiedSince, false) => c.if_unmodified_since(one(T_MINUS_1)),
        (F::IfNoneMatch, true) => c.if_none_match(one("\"v0\"")),
        (F::IfNoneMatch, false) => c.if_none_match(one("\"v1\"")),
        (F::IfModifiedSince, true) => c.if_modified_since(one(T_MINUS_1)),
        (F::IfModifiedSince, false) => c.if_modified_since(one(T_STR)),
        (F::IfRange, true) => c.if_range(one("\"v1\"")),
        (F::IfRange, false) => c.if_range(one("\"v0\"")),
    }
}

/// `(a, b, [GET: TT, TF, FT, FF], [PUT: TT, TF, FT, FF])`, written out from
/// the six steps by hand. Range is always present.
fn pair_table() -> Vec<(F, F, [Precondition; 4], [Precondition; 4])> {
    use F::*;
    use Precondition::{Failed as P412, NotModified as P304};
    vec![
        // Step 1 passes → step 2 skipped (C-42); step 1 fails → 412.
        (
            IfMatch,
            IfUnmodifiedSince,
            [APPLY, APPLY, P412, P412],
            [PROCEED, PROCEED, P412, P412],
        ),
        // C-41: If-Match true, If-None-Match false → 304 on GET, 412 on PUT.
        (
            IfMatch,
            IfNoneMatch,
            [APPLY, P304, P412, P412],
            [PROCEED, P412, P412, P412],
        ),
        // If-Modified-Since only for GET/HEAD (C-15).
        (
            IfMatch,
            IfModifiedSince,
            [APPLY, P304, P412, P412],
            [PROCEED, PROCEED, P412, P412],
        ),
        // If-Range only for GET (step 5).
        (
            IfMatch,
            IfRange,
            [APPLY, IR_FAILED, P412, P412],
            [PROCEED, PROCEED, P412, P412],
        ),
        (
            IfUnmodifiedSince,
            IfNoneMatch,
            [APPLY, P304, P412, P412],
            [PROCEED, P412, P412, P412],
        ),
        (
            IfUnmodifiedSince,
            IfModifiedSince,
            [APPLY, P304, P412, P412],
            [PROCEED, PROCEED, P412, P412],
        ),
        (
            IfUnmodifiedSince,
            IfRange,
            [APPLY, IR_FAILED, P412, P412],
            [PROCEED, PROCEED, P412, P412],
        ),
        // If-None-Match present → If-Modified-Since ignored (C-14, C-43).
        (
            IfNoneMatch,
            IfModifiedSince,
            [APPLY, APPLY, P304, P304],
            [PROCEED, PROCEED, P412, P412],
        ),
        // 304 wins over Range (C-44).
        (
            IfNoneMatch,
            IfRange,
            [APPLY, IR_FAILED, P304, P304],
            [PROCEED, PROCEED, P412, P412],
        ),
        (
            IfModifiedSince,
            IfRange,
            [APPLY, IR_FAILED, P304, P304],
            [PROCEED, PROCEED, PROCEED, PROCEED],
        ),
    ]
}

#[test]
fn c40_every_pair_of_fields_follows_the_six_steps() {
    let table = pair_table();
    assert_eq!(table.len(), 10, "five fields give ten pairs");
    for (a, b, get, put) in table {
        for (method, want) in [(RequestMethod::Get, get), (RequestMethod::Put, put)] {
            for (k, (ca, cb)) in [(true, true), (true, false), (false, true), (false, false)]
                .into_iter()
                .enumerate()
            {
                let c = Conditions::new(method).range(FieldLines::one(b"bytes=0-0"));
                let c = with(with(c, a, ca), b, cb);
                // Same answer whichever order the fields were added in.
                let c2 = with(
                    with(
                        Conditions::new(method).range(FieldLines::one(b"bytes=0-0")),
                        b,
                        cb,
                    ),
                    a,
                    ca,
                );
                assert_eq!(c.evaluate(&rep()), want[k], "{method:?} {a:?}={ca} {b:?}={cb}");
                assert_eq!(c2.evaluate(&rep()), want[k]);
            }
        }
    }
}

#[test]
fn c40_each_field_alone() {
    use F::*;
    for (f, get_true, get_false) in [
        (IfMatch, APPLY, Precondition::Failed),
        (IfUnmodifiedSince, APPLY, Precondition::Failed),
        (IfNoneMatch, APPLY, Precondition::NotModified),
        (IfModifiedSince, APPLY, Precondition::NotModified),
        (IfRange, APPLY, IR_FAILED),
    ] {
        let base = Conditions::new(RequestMethod::Get).range(FieldLines::one(b"bytes=0-0"));
        assert_eq!(with(base, f, true).evaluate(&rep()), get_true, "{f:?}");
        assert_eq!(with(base, f, false).evaluate(&rep()), get_false, "{f:?}");
    }
}

/// S-26 through the §13.2.2 evaluation: read on 2026-12-04, the rfc850 date
/// `05-Dec-76` is more than 50 years ahead, so it is 1976. A GET whose
/// If-Modified-Since is that date gets the full 200 (not a 304 for a
/// representation modified in 2024), and a PUT whose If-Unmodified-Since is
/// that date gets 412.
#[test]
fn s26_two_digit_year_more_than_fifty_years_ahead_is_in_the_past() {
    let now = HttpDate::from_unix_seconds(1_796_400_000).unwrap(); // 2026-12-04 16:00:00
    let date = one("Saturday, 05-Dec-76 00:00:00 GMT");
    let get = Conditions::new(RequestMethod::Get)
        .if_modified_since(date)
        .now(now);
    assert_eq!(get.evaluate(&rep()), PROCEED);
    let put = Conditions::new(RequestMethod::Put)
        .if_unmodified_since(date)
        .now(now);
    assert_eq!(put.evaluate(&rep()), Precondition::Failed);
    // One day earlier is exactly within 50 years: 2076, so 304 / proceed.
    let date = one("Friday, 04-Dec-76 16:00:00 GMT");
    let get = Conditions::new(RequestMethod::Get)
        .if_modified_since(date)
        .now(now);
    assert_eq!(get.evaluate(&rep()), Precondition::NotModified);
    let put = Conditions::new(RequestMethod::Put)
        .if_unmodified_since(date)
        .now(now);
    assert_eq!(put.evaluate(&rep()), PROCEED);
}

/// The values an adversarial review sent as `If-None-Match` against the
/// current tag `"v1"`: each has a malformed member. `"v1" "v0"` (no comma)
/// even lists the current tag.
const MALFORMED_LISTS: [&str; 10] = [
    "*;",
    "* x",
    "*x",
    "W/*",
    "'*'",
    "\"v1",
    "\"v1\"x",
    "\"v1\" \"v0\"",
    "v1",
    "bogus",
];

/// C-08..C-12 with fail-closed reading (policy "unsafe methods fail closed"):
/// on PUT, POST, DELETE, PATCH and unknown methods, an `If-None-Match` with
/// any malformed member is a failed condition (412), never "not matched".
#[test]
fn c11_malformed_if_none_match_fails_closed_on_unsafe_methods() {
    let unsafe_methods = [
        RequestMethod::Put,
        RequestMethod::Post,
        RequestMethod::Delete,
        RequestMethod::Patch,
        RequestMethod::Other,
    ];
    for v in MALFORMED_LISTS {
        for m in unsafe_methods {
            let c = Conditions::new(m).if_none_match(one(v));
            assert_eq!(c.evaluate(&rep()), Precondition::Failed, "{m:?} {v:?}");
        }
        // `*` alone and the current tag alone still give 412, a stale tag proceeds.
    }
    for (v, want) in [
        ("*", Precondition::Failed),
        ("\"v1\"", Precondition::Failed),
        ("\"v0\"", PROCEED),
    ] {
        assert_eq!(
            Conditions::new(RequestMethod::Put)
                .if_none_match(one(v))
                .evaluate(&rep()),
            want,
            "{v:?}"
        );
    }
}

/// On GET and HEAD the lenient reading stays: malformed members are skipped
/// (a field with no valid member matches nothing: the full 200).
#[test]
fn c11_malformed_if_none_match_is_lenient_on_get_and_head() {
    for v in MALFORMED_LISTS {
        for m in [RequestMethod::Get, RequestMethod::Head] {
            let got = Conditions::new(m).if_none_match(one(v)).evaluate(&rep());
            assert_eq!(got, PROCEED, "{m:?} {v:?}");
        }
    }
}

/// C-01..C-03 with fail-closed reading: on unsafe methods an `If-Match` with
/// any malformed member is false (412) even when it also lists the current
/// tag; on GET the malformed member is skipped and the current tag matches.
#[test]
fn c01_malformed_if_match_member_fails_closed_on_unsafe_methods() {
    // (`"v1" x` is one malformed member: on GET too nothing valid is left, so 412.)
    for (v, get) in [
        ("\"v1\", bogus", PROCEED),
        ("bogus, \"v1\"", PROCEED),
        ("\"v1\", \"v2", PROCEED),
        ("\"v1\" x", Precondition::Failed),
    ] {
        for m in [
            RequestMethod::Put,
            RequestMethod::Delete,
            RequestMethod::Patch,
            RequestMethod::Post,
        ] {
            assert_eq!(
                Conditions::new(m).if_match(one(v)).evaluate(&rep()),
                Precondition::Failed,
                "{m:?} {v:?}"
            );
        }
        assert_eq!(
            Conditions::new(RequestMethod::Get)
                .if_match(one(v))
                .evaluate(&rep()),
            get,
            "GET {v:?}"
        );
    }
    assert_eq!(
        Conditions::new(RequestMethod::Put)
            .if_match(one("\"v1\", \"v2\""))
            .evaluate(&rep()),
        PROCEED
    );
}

/// C-22..C-24 (RFC 9110 §13.1.4): an invalid If-Unmodified-Since date is
/// ignored even on unsafe methods — the RFC requires it, so this is the one
/// malformed conditional field that does not fail closed. Documented on the
/// policy page.
#[test]
fn c23_invalid_if_unmodified_since_is_ignored_even_on_put() {
    for v in ["yesterday", "Mon, 32 Jan 2024 12:00:00 GMT", ""] {
        let c = Conditions::new(RequestMethod::Put).if_unmodified_since(one(v));
        assert_eq!(c.evaluate(&rep()), PROCEED, "{v:?}");
    }
}
