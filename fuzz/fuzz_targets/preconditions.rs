//! Fuzz the RFC 9110 §13.2.2 evaluation, two ways on every input.
//!
//! 1. Differential: the input drives `arbitrary` to build a model of a
//!    request (method, the tag fields, dates, If-Range, Range, the current
//!    representation and the options) from `tests/naive_conditional/mod.rs`,
//!    the model is rendered to field lines, and `Conditions::evaluate` must
//!    answer what the naive transcription of the six steps over the model
//!    (`oracle`, shared with `tests/precondition_props.rs`) answers.
//! 2. Raw bytes: a method byte, representation flags, then the five
//!    conditional fields and Range separated by 0xFF. Asserts: without
//!    options the outcome is Proceed, 304 or 412; 304 only for GET/HEAD;
//!    CONNECT/OPTIONS/TRACE always proceed with no range; Range is only
//!    applied on GET; the result does not depend on being asked twice.
#![no_main]

#[path = "../../tests/naive_conditional/mod.rs"]
mod naive;

use arbitrary::{Result, Unstructured};
use conneg::{
    Conditions, EntityTag, FieldLines, HttpDate, Precondition, Representation, RequestMethod,
    precondition::ModifiedSince, precondition::RangeCondition,
};
use libfuzzer_sys::fuzz_target;

const METHODS: [&[u8]; 10] = [
    b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"CONNECT", b"BREW",
];

fn pick<T: Copy>(u: &mut Unstructured<'_>, items: &[T]) -> Result<T> {
    Ok(items[u.choose_index(items.len())?])
}

/// An opaque tag: one of the model's, or a short one from the input.
fn opaque<'a>(u: &mut Unstructured<'a>) -> Result<&'a str> {
    if u.ratio(1, 2)? {
        return pick(u, &naive::OPAQUE);
    }
    let s: &'a str = u.arbitrary()?;
    if s.len() <= 6 && naive::is_opaque(s) {
        Ok(s)
    } else {
        pick(u, &naive::OPAQUE)
    }
}

fn mem<'a>(u: &mut Unstructured<'a>) -> Result<naive::Mem<'a>> {
    Ok(if u.ratio(3, 4)? {
        naive::Mem::Tag {
            weak: u.arbitrary()?,
            opaque: opaque(u)?,
        }
    } else if u.ratio(1, 2)? {
        naive::Mem::Bogus(pick(u, &naive::BOGUS)?)
    } else {
        let s: &'a str = u.arbitrary()?;
        naive::Mem::Bogus(if naive::Mem::bogus_ok(s) { s } else { "bogus" })
    })
}

fn mems<'a>(u: &mut Unstructured<'a>, max: usize) -> Result<Vec<naive::Mem<'a>>> {
    let n = u.choose_index(max)?;
    (0..n).map(|_| mem(u)).collect()
}

fn tag_field<'a>(u: &mut Unstructured<'a>) -> Result<naive::TagField<'a>> {
    Ok(match u.choose_index(9)? {
        0..=2 => naive::TagField::Absent,
        3 => naive::TagField::Star,
        4 => naive::TagField::Mixed(mems(u, 3)?),
        _ => naive::TagField::Lines(mems(u, 5)?, mems(u, 2)?),
    })
}

/// Seconds from the model's instant: small, so that every date format
/// (rfc850's two-digit year included) reads back the same.
fn offset(u: &mut Unstructured<'_>) -> Result<i64> {
    Ok(match u.choose_index(4)? {
        0 => 0,
        1 => -1,
        2 => 1,
        _ => u.int_in_range(-5000i64..=5000)?,
    })
}

fn date_field<'a>(u: &mut Unstructured<'a>) -> Result<naive::DateField<'a>> {
    Ok(match u.choose_index(9)? {
        0..=2 => naive::DateField::Absent,
        3..=6 => naive::DateField::Valid(offset(u)?, u.choose_index(3)? as u8),
        7 => naive::DateField::Invalid(pick(u, &naive::BAD_DATES)?),
        _ => naive::DateField::TwoLines(offset(u)?),
    })
}

fn if_range_field<'a>(u: &mut Unstructured<'a>) -> Result<naive::IfRangeField<'a>> {
    Ok(match u.choose_index(7)? {
        0 | 1 => naive::IfRangeField::Absent,
        2 | 3 => naive::IfRangeField::Tag {
            weak: u.arbitrary()?,
            opaque: opaque(u)?,
        },
        4 | 5 => naive::IfRangeField::Date(offset(u)?),
        _ => naive::IfRangeField::Invalid(pick(u, &naive::BAD_IF_RANGE)?),
    })
}

fn case<'a>(u: &mut Unstructured<'a>) -> Result<naive::Case<'a>> {
    let method = pick(u, &naive::METHODS)?;
    let (im, inm) = (tag_field(u)?, tag_field(u)?);
    let (ims, ius) = (date_field(u)?, date_field(u)?);
    let ir = if_range_field(u)?;
    let range = u.arbitrary()?;
    let exists = u.ratio(6, 7)?;
    let etag = if exists && u.ratio(5, 6)? {
        Some((u.arbitrary()?, opaque(u)?))
    } else {
        None
    };
    let lm = if exists && u.arbitrary()? {
        Some(offset(u)?)
    } else {
        None
    };
    let now = if u.arbitrary()? { Some(offset(u)?) } else { None };
    let exact = u.arbitrary()?;
    let require = u.ratio(1, 5)?;
    Ok(naive::Case {
        method,
        im,
        inm,
        ims,
        ius,
        ir,
        range,
        exists,
        etag,
        lm,
        now,
        exact,
        require,
    })
}

fuzz_target!(|data: &[u8]| {
    // 1. The model, rendered, against the naive six steps.
    if let Ok(c) = case(&mut Unstructured::new(data)) {
        let (owned, etag) = naive::render(&c);
        assert_eq!(
            naive::run(&c, &owned, &etag),
            naive::oracle(&c),
            "{c:?} rendered {owned:?}"
        );
    }

    // 2. Raw bytes.
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
