//! Fuzz the RFC 9110 §13.2.2 evaluation. Input: a method byte, representation
//! flags, then the five conditional fields and Range separated by 0xFF.
//! Asserts: without options the outcome is Proceed, 304 or 412; 304 only for
//! GET/HEAD; CONNECT/OPTIONS/TRACE always proceed with no range; Range is only
//! applied on GET; the result does not depend on being asked twice.
#![no_main]

use conneg::{
    Conditions, EntityTag, FieldLines, HttpDate, Precondition, Representation, RequestMethod,
    precondition::ModifiedSince, precondition::RangeCondition,
};
use libfuzzer_sys::fuzz_target;

const METHODS: [&[u8]; 10] = [
    b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"CONNECT", b"BREW",
];

fuzz_target!(|data: &[u8]| {
    let Some((&[m, flags], rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let method = RequestMethod::from_bytes(METHODS[usize::from(m) % METHODS.len()]);
    let mut fields: [&[u8]; 6] = [b""; 6];
    let mut present = [false; 6];
    for (i, part) in rest.splitn(6, |&b| b == 0xFF).enumerate() {
        fields[i] = part;
        present[i] = flags & (1 << (i % 6)) != 0 || !part.is_empty();
    }
    let line = |i: usize| {
        if present[i] {
            FieldLines::one(fields[i])
        } else {
            FieldLines::ABSENT
        }
    };
    let etag = match flags >> 6 {
        0 => None,
        1 => Some(EntityTag::from_static("\"v1\"")),
        2 => Some(EntityTag::from_static("W/\"v1\"")),
        _ => EntityTag::parse(fields[0]).ok(),
    };
    let mut rep = if flags & 0x20 != 0 && m & 0x80 != 0 {
        Representation::missing()
    } else {
        Representation::new()
    };
    if rep.exists() {
        if let Some(t) = etag {
            rep = rep.etag(t);
        }
        if m & 0x40 != 0 {
            rep = rep.last_modified(HttpDate::from_unix_seconds(784_111_777).unwrap());
        }
    }
    let c = Conditions::new(method)
        .if_match(line(0))
        .if_unmodified_since(line(1))
        .if_none_match(line(2))
        .if_modified_since(line(3))
        .if_range(line(4))
        .range(line(5))
        .modified_since(if m & 0x20 != 0 {
            ModifiedSince::Exact
        } else {
            ModifiedSince::EarlierOrEqual
        })
        .now(HttpDate::from_unix_seconds(1_795_651_200).unwrap());
    let got = c.evaluate(&rep);
    assert!(matches!(
        got,
        Precondition::Proceed(_) | Precondition::NotModified | Precondition::Failed
    ));
    assert_eq!(got, c.evaluate(&rep), "pure");
    if got == Precondition::NotModified {
        assert!(method.is_get_or_head());
    }
    if method.ignores_preconditions() {
        assert_eq!(got, Precondition::Proceed(RangeCondition::NoRange));
    }
    if let Precondition::Proceed(r) = got {
        if r != RangeCondition::NoRange {
            assert!(method == RequestMethod::Get && present[5]);
        }
    }
    // The hook only turns 412 into AlreadyApplied, and only on unsafe methods.
    let hooked = c.evaluate_with(&rep, || true);
    match (got, hooked) {
        (Precondition::Failed, Precondition::AlreadyApplied) => assert!(!method.is_safe()),
        (a, b) => assert_eq!(a, b),
    }
    // Requiring a precondition only adds 428 for unsafe methods without one.
    let required = c.require_precondition(true).evaluate(&rep);
    if required == Precondition::Required {
        assert!(!method.is_safe() && !method.ignores_preconditions());
        assert!(!present[0] && !present[1] && !present[2]);
    } else {
        assert_eq!(required, got);
    }
});
