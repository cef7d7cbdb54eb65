//! RFC 9110 §14 range behaviour: one named test per checklist row that states
//! one (R-02..R-47), and property tests against a naive evaluation written
//! with `split` over generated `Range` values (`tests/naive_range/mod.rs`).

mod naive_range;

use conneg::{ByteRange, ContentRange, FieldLines, Range, RangeOutcome, range::Ignored};
use proptest::prelude::*;

fn eval(value: &str, length: u64) -> (u16, Vec<(u64, u64)>) {
    let mut out = [ByteRange::default(); 16];
    let outcome = Range::new(value.as_bytes()).evaluate(length, &mut out);
    let ranges = match outcome {
        RangeOutcome::Satisfiable(r) => r.iter().map(|r| (r.first(), r.last())).collect(),
        _ => vec![],
    };
    (outcome.status(), ranges)
}

#[test]
fn r02_unit_is_case_insensitive() {
    for unit in ["bytes", "Bytes", "BYTES", "bYtEs"] {
        assert_eq!(eval(&format!("{unit}=0-1"), 10), (206, vec![(0, 1)]), "{unit}");
    }
}

#[test]
fn r03_one_invalid_spec_invalidates_the_whole_field() {
    assert_eq!(eval("bytes=5-2", 10).0, 200);
    assert_eq!(eval("bytes=0-1,5-2", 10).0, 200);
    assert_eq!(eval("bytes=0-1,x", 10).0, 200);
    assert_eq!(eval("bytes=0-1;", 10).0, 200);
}

#[test]
fn r06_last_pos_is_clamped() {
    assert_eq!(eval("bytes=9500-", 10_000).1, vec![(9500, 9999)]);
    assert_eq!(eval("bytes=9500-99999", 10_000).1, vec![(9500, 9999)]);
}

#[test]
fn r07_huge_numbers_saturate() {
    assert_eq!(eval("bytes=0-99999999999999999999999", 10).1, vec![(0, 9)]);
    assert_eq!(eval("bytes=99999999999999999999999-", 10).0, 416);
    assert_eq!(eval("bytes=-99999999999999999999999", 10).1, vec![(0, 9)]);
    assert_eq!(
        eval("bytes=0-18446744073709551615", u64::MAX).1,
        vec![(0, u64::MAX - 1)]
    );
}

#[test]
fn r08_suffix_range_selects_the_tail_or_everything() {
    assert_eq!(eval("bytes=-500", 10_000).1, vec![(9500, 9999)]);
    assert_eq!(eval("bytes=-50000", 10_000).1, vec![(0, 9999)]);
    assert_eq!(eval("bytes=-0", 10_000), (416, vec![]));
}

#[test]
fn r09_r17_zero_length_body_ignores_range() {
    let mut out = [ByteRange::default(); 4];
    assert_eq!(
        Range::new(b"bytes=-5").evaluate(0, &mut out),
        RangeOutcome::Ignore(Ignored::Empty)
    );
    assert_eq!(
        Range::new(b"bytes=0-").evaluate(0, &mut out),
        RangeOutcome::Ignore(Ignored::Empty)
    );
}

#[test]
fn r10_rfc_examples_on_10000_bytes() {
    assert_eq!(eval("bytes=0-0,-1", 10_000).1, vec![(0, 0), (9999, 9999)]);
    assert_eq!(
        eval("bytes= 0-999, 4500-5499, -1000", 10_000).1,
        vec![(0, 999), (4500, 5499), (9000, 9999)],
        "OWS after '=' (erratum 7306)"
    );
    assert_eq!(
        eval("bytes=500-600,601-999", 10_000).1,
        vec![(500, 600), (601, 999)]
    );
    assert_eq!(
        eval("bytes=500-700,601-999", 10_000).1,
        vec![(500, 700), (601, 999)]
    );
}

#[test]
fn r13_unknown_unit_is_ignored() {
    let mut out = [ByteRange::default(); 4];
    assert_eq!(
        Range::new(b"items=0-5").evaluate(10, &mut out),
        RangeOutcome::Ignore(Ignored::Invalid)
    );
    assert_eq!(eval("bytes 0-5", 10).0, 200);
    assert_eq!(eval("bytes =0-5", 10).0, 200);
}

#[test]
fn r15_dos_limits_ignore_the_field() {
    let mut out = [ByteRange::default(); 32];
    let many = format!(
        "bytes={}",
        (0..17)
            .map(|i| format!("{}-{}", i * 10, i * 10 + 1))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        Range::new(many.as_bytes()).evaluate(1000, &mut out),
        RangeOutcome::Ignore(Ignored::TooMany)
    );
    assert_eq!(
        Range::new(many.as_bytes())
            .max_ranges(17)
            .evaluate(1000, &mut out)
            .status(),
        206
    );
    let three = b"bytes=0-10,5-15,8-20";
    assert_eq!(
        Range::new(three).evaluate(1000, &mut out),
        RangeOutcome::Ignore(Ignored::Overlapping)
    );
    assert_eq!(
        Range::new(three).max_overlap(3).evaluate(1000, &mut out).status(),
        206
    );
    let large = b"bytes=0-,0-";
    assert_eq!(
        Range::new(large).evaluate(100, &mut out),
        RangeOutcome::Ignore(Ignored::TooLarge)
    );
    assert_eq!(
        Range::new(large)
            .limit_total(false)
            .evaluate(100, &mut out)
            .status(),
        206
    );
}

#[test]
fn r15_fewer_output_slots_than_ranges_is_too_many() {
    let mut out = [ByteRange::default(); 1];
    assert_eq!(
        Range::new(b"bytes=0-0,2-2").evaluate(10, &mut out),
        RangeOutcome::Ignore(Ignored::TooMany)
    );
}

#[test]
fn r19_r25_nothing_satisfiable_is_416_with_star_length() {
    assert_eq!(eval("bytes=10000-", 10_000).0, 416);
    assert_eq!(eval("bytes=10000-,20000-30000,-0", 10_000).0, 416);
    assert_eq!(ContentRange::unsatisfied(10_000).as_str(), "bytes */10000");
    // An unsatisfiable spec next to a satisfiable one is dropped.
    assert_eq!(eval("bytes=20000-,0-0", 10_000).1, vec![(0, 0)]);
}

#[test]
fn r22_r24_content_range_grammar() {
    let r = ByteRange::new(42, 1233).unwrap();
    assert_eq!(ContentRange::bytes(r, 1234).as_str(), "bytes 42-1233/1234");
    assert_eq!(ByteRange::new(5, 4), None, "last < first is not a range");
}

#[test]
fn r45_coalescing_is_optional_and_keeps_order() {
    let mut out = [ByteRange::default(); 16];
    let r = Range::new(b"bytes=500-600,0-10,601-999").coalesce(Some(0));
    match r.evaluate(10_000, &mut out) {
        RangeOutcome::Satisfiable(v) => {
            assert_eq!(
                v,
                [ByteRange::new(500, 999).unwrap(), ByteRange::new(0, 10).unwrap()]
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        eval("bytes=500-600,0-10,601-999", 10_000).1.len(),
        3,
        "off by default"
    );
}

#[test]
fn r47_ranges_keep_request_order() {
    assert_eq!(eval("bytes=-1,0-0,5-6", 10).1, vec![(9, 9), (0, 0), (5, 6)]);
}

#[test]
fn s12_empty_list_elements_are_ignored() {
    assert_eq!(eval("bytes=,0-0, ,1-1,", 10).1, vec![(0, 0), (1, 1)]);
    assert_eq!(eval("bytes=", 10).0, 200);
    assert_eq!(eval("bytes=,", 10).0, 200);
}

#[test]
fn range_is_a_singleton_field() {
    let two: &[&[u8]] = &[b"bytes=0-0", b"bytes=1-1"];
    let mut out = [ByteRange::default(); 4];
    assert_eq!(
        Range::from_field(FieldLines::many(two)).evaluate(10, &mut out),
        RangeOutcome::Ignore(Ignored::Invalid)
    );
    assert_eq!(
        Range::from_field(FieldLines::ABSENT).evaluate(10, &mut out),
        RangeOutcome::Ignore(Ignored::Absent)
    );
}

// ---- property test against a naive evaluation ----

#[derive(Clone, Debug)]
enum Spec {
    FromTo(u64, u64),
    From(u64),
    Suffix(u64),
    Bogus(&'static str),
}

fn spec() -> impl Strategy<Value = Spec> {
    let n = prop_oneof![0u64..40, Just(u64::MAX)];
    prop_oneof![
        4 => (n.clone(), n.clone()).prop_map(|(a, b)| Spec::FromTo(a, b)),
        2 => n.clone().prop_map(Spec::From),
        2 => n.prop_map(Spec::Suffix),
        1 => prop::sample::select(&["-", "--1", "a-b", "1-2-3", "*"][..]).prop_map(Spec::Bogus),
    ]
}

fn render(s: &Spec, huge: bool) -> String {
    let num = |v: u64| {
        if v == u64::MAX && huge {
            "99999999999999999999999".to_string()
        } else {
            v.to_string()
        }
    };
    match s {
        Spec::FromTo(a, b) => format!("{}-{}", num(*a), num(*b)),
        Spec::From(a) => format!("{}-", num(*a)),
        Spec::Suffix(n) => format!("-{}", num(*n)),
        Spec::Bogus(b) => (*b).to_string(),
    }
}

/// The crate's outcome in the naive evaluation's terms.
fn outcome_answer(outcome: RangeOutcome<'_>) -> naive_range::Answer {
    use naive_range::{Answer, Why};
    match outcome {
        RangeOutcome::Satisfiable(r) => Answer::Partial(r.iter().map(|r| (r.first(), r.last())).collect()),
        RangeOutcome::NotSatisfiable => Answer::Unsatisfiable,
        RangeOutcome::Ignore(why) => Answer::Ignore(match why {
            Ignored::Absent => Why::Absent,
            Ignored::Invalid => Why::Invalid,
            Ignored::Empty => Why::Empty,
            Ignored::TooMany => Why::TooMany,
            Ignored::Overlapping => Why::Overlapping,
            Ignored::TooLarge => Why::TooLarge,
        }),
    }
}

/// The DESIGN policy, written the slow obvious way (`tests/naive_range`,
/// shared with the `range` and `tower_body` fuzz targets).
fn naive(value: &str, length: u64) -> (u16, Vec<(u64, u64)>) {
    match naive_range::evaluate_one(value.as_bytes(), length) {
        naive_range::Answer::Partial(ranges) => (206, ranges),
        other => (other.status(), vec![]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4096)
    ))]

    #[test]
    fn evaluation_matches_the_naive_policy(
        unit in prop::sample::select(&["bytes", "Bytes", "items", "byte"][..]),
        specs in prop::collection::vec(spec(), 0..19),
        sep in prop::sample::select(&[",", ", ", " ,\t", ",,"][..]),
        ows in prop::sample::select(&["", " ", "\t "][..]),
        huge in any::<bool>(),
        length in 0u64..60,
    ) {
        let value = format!("{unit}={ows}{}", specs.iter().map(|s| render(s, huge)).collect::<Vec<_>>().join(sep));
        prop_assert_eq!(eval(&value, length), naive(&value, length), "{}", value);
    }

    /// Every option of `Range` (and the room of the output slice) against
    /// the naive evaluation, reason for ignoring included.
    #[test]
    fn options_match_the_naive_policy(
        specs in prop::collection::vec(spec(), 0..19),
        length in 0u64..60,
        max_ranges in 0usize..18,
        max_overlap in 0usize..4,
        limit_total in any::<bool>(),
        coalesce in prop::option::of(0u64..8),
        room in 0usize..18,
    ) {
        let value = format!("bytes={}", specs.iter().map(|s| render(s, false)).collect::<Vec<_>>().join(","));
        let mut out = vec![ByteRange::default(); room];
        let got = Range::new(value.as_bytes())
            .max_ranges(max_ranges)
            .max_overlap(max_overlap)
            .limit_total(limit_total)
            .coalesce(coalesce)
            .evaluate(length, &mut out);
        let policy = naive_range::Policy { max_ranges, max_overlap, limit_total, coalesce, room };
        let want = naive_range::evaluate(Some(&[value.as_bytes()]), length, &policy);
        prop_assert_eq!(outcome_answer(got), want, "{} length {}", value, length);
    }

    /// Arbitrary bytes: no panic; ranges within bounds and first ≤ last; 416
    /// only when no spec is satisfiable; every Content-Range names the length.
    #[test]
    fn arbitrary_input_stays_in_bounds(bytes in prop::collection::vec(any::<u8>(), 0..64), length in 0u64..100) {
        let mut out = [ByteRange::default(); 16];
        let r = Range::new(&bytes);
        let outcome = r.evaluate(length, &mut out);
        let mut satisfiable = 0;
        let parsed = r.for_each_spec(|s| satisfiable += usize::from(s.resolve(length).is_some()));
        match outcome {
            RangeOutcome::Satisfiable(v) => {
                prop_assert!(!v.is_empty() && parsed.is_some());
                for b in v {
                    prop_assert!(b.first() <= b.last() && b.last() < length);
                    let cr = ContentRange::bytes(*b, length);
                    let suffix = format!("/{}", length);
                    prop_assert!(cr.as_str().ends_with(&suffix));
                }
            }
            RangeOutcome::NotSatisfiable => prop_assert_eq!((parsed.is_some(), satisfiable), (true, 0)),
            RangeOutcome::Ignore(_) => {}
        }
    }
}
