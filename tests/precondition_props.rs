//! Property tests: the §13.2.2 evaluation is a pure function of its inputs
//! and agrees with a naive transcription of the six steps (written over a
//! model of the request, not over its bytes: `tests/naive_conditional/mod.rs`,
//! shared with the `preconditions` fuzz target) on generated requests.

mod naive_conditional;

use conneg::Precondition;
use naive_conditional::{
    BAD_DATES, BAD_IF_RANGE, BOGUS, Case, DateField, IfRangeField, METHODS, Mem, OPAQUE, TagField, oracle,
    render, run,
};
use proptest::prelude::*;

fn mem() -> impl Strategy<Value = Mem<'static>> {
    prop_oneof![
        3 => (any::<bool>(), prop::sample::select(&OPAQUE[..])).prop_map(|(weak, opaque)| Mem::Tag { weak, opaque }),
        1 => prop::sample::select(&BOGUS[..]).prop_map(Mem::Bogus),
    ]
}

fn tag_field() -> impl Strategy<Value = TagField<'static>> {
    prop_oneof![
        3 => Just(TagField::Absent),
        1 => Just(TagField::Star),
        1 => prop::collection::vec(mem(), 0..3).prop_map(TagField::Mixed),
        4 => (prop::collection::vec(mem(), 0..4), prop::collection::vec(mem(), 0..2))
            .prop_map(|(a, b)| TagField::Lines(a, b)),
    ]
}

fn offset() -> impl Strategy<Value = i64> {
    prop_oneof![Just(0i64), Just(-1), Just(1), -5000i64..5000]
}

fn date_field() -> impl Strategy<Value = DateField<'static>> {
    prop_oneof![
        3 => Just(DateField::Absent),
        4 => (offset(), 0u8..3).prop_map(|(o, f)| DateField::Valid(o, f)),
        1 => prop::sample::select(&BAD_DATES[..])
            .prop_map(DateField::Invalid),
        1 => offset().prop_map(DateField::TwoLines),
    ]
}

fn if_range_field() -> impl Strategy<Value = IfRangeField<'static>> {
    prop_oneof![
        2 => Just(IfRangeField::Absent),
        2 => (any::<bool>(), prop::sample::select(&OPAQUE[..2])).prop_map(|(weak, opaque)| IfRangeField::Tag { weak, opaque }),
        2 => offset().prop_map(IfRangeField::Date),
        1 => prop::sample::select(&BAD_IF_RANGE[..]).prop_map(IfRangeField::Invalid),
    ]
}

prop_compose! {
    fn case()(
        method in prop::sample::select(&METHODS[..]),
        im in tag_field(), inm in tag_field(), ims in date_field(), ius in date_field(), ir in if_range_field(),
        range in any::<bool>(), exists in prop::bool::weighted(0.85),
        etag in prop::option::of((any::<bool>(), prop::sample::select(&OPAQUE[..]))),
        lm in prop::option::of(offset()), now in prop::option::of(offset()),
        exact in any::<bool>(), require in prop::bool::weighted(0.2),
    ) -> Case<'static> {
        let (etag, lm) = if exists { (etag, lm) } else { (None, None) };
        Case { method, im, inm, ims, ius, ir, range, exists, etag, lm, now, exact, require }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(4096)
    ))]

    #[test]
    fn evaluation_matches_the_naive_six_steps(c in case()) {
        let (owned, etag) = render(&c);
        prop_assert_eq!(run(&c, &owned, &etag), oracle(&c), "{:?} rendered {:?}", c, owned);
    }

    #[test]
    fn evaluation_is_a_pure_function(c in case()) {
        let (owned, etag) = render(&c);
        let first = run(&c, &owned, &etag);
        // Same inputs in freshly allocated buffers, evaluated again.
        let (copy, etag2) = render(&c.clone());
        prop_assert_eq!(first, run(&c, &copy, &etag2));
        prop_assert_eq!(first, run(&c, &owned, &etag));
        // Outcome set without the options is the three of the issue.
        if !c.require {
            prop_assert!(!matches!(first, Precondition::Required | Precondition::AlreadyApplied));
        }
        if first == Precondition::NotModified {
            prop_assert!(c.method == "GET" || c.method == "HEAD");
        }
    }
}
