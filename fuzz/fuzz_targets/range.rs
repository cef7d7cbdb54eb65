//! Fuzz `Range` evaluation. Input: 8 bytes of length (little endian, reduced
//! to keep it interesting unless flags bit 0), a flags byte, then the field
//! value (flags bit 7: split at 0xFF into several field lines).
//!
//! Flags pick the options: bit 1 coalescing (gap 80), bits 2-3 the overlap
//! limit (2, 0, 1, 3), bit 4 no total limit, bits 5-6 the spec limit (16, 1,
//! 2, 17 — more than the 16 output slots).
//!
//! Compares the whole outcome (ranges, or the reason for ignoring) with the
//! naive evaluation of `tests/naive_range/mod.rs` (shared with
//! `tests/ranges.rs`); and asserts: satisfiable ranges are within the
//! length with first ≤ last, in request order of their specs, within the
//! limits; 416 only when the field parses and no spec is satisfiable; every
//! Content-Range is well formed.
#![no_main]

#[path = "../../tests/naive_range/mod.rs"]
mod naive;

use conneg::{ByteRange, ContentRange, FieldLines, Range, RangeOutcome, range::Ignored};
use libfuzzer_sys::fuzz_target;

fn answer(outcome: RangeOutcome<'_>) -> naive::Answer {
    use naive::{Answer, Why};
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

fuzz_target!(|data: &[u8]| {
    let Some((len, rest)) = data.split_first_chunk::<8>() else {
        return;
    };
    let Some((&flags, value)) = rest.split_first() else {
        return;
    };
    let raw = u64::from_le_bytes(*len);
    let length = if flags & 1 != 0 { raw } else { raw % 10_000 };
    let coalesce = (flags & 2 != 0).then_some(80);
    let max_overlap = [2, 0, 1, 3][usize::from(flags >> 2 & 3)];
    let limit_total = flags & 0x10 == 0;
    let max_ranges = [16, 1, 2, 17][usize::from(flags >> 5 & 3)];
    let lines: Vec<&[u8]> = if flags & 0x80 != 0 {
        value.split(|&b| b == 0xFF).collect()
    } else {
        vec![value]
    };
    let mut out = [ByteRange::default(); 16];
    let room = out.len();
    let range = Range::from_field(FieldLines::many(&lines))
        .coalesce(coalesce)
        .max_overlap(max_overlap)
        .limit_total(limit_total)
        .max_ranges(max_ranges);
    let outcome = range.evaluate(length, &mut out);

    // The naive evaluation.
    let policy = naive::Policy {
        max_ranges,
        max_overlap,
        limit_total,
        coalesce,
        room,
    };
    let want = naive::evaluate(Some(&lines), length, &policy);
    assert_eq!(answer(outcome), want, "{lines:?} length {length} {policy:?}");

    // The invariants that need no oracle.
    let mut specs = 0usize;
    let mut resolved = [ByteRange::default(); 64];
    let mut satisfiable = 0usize;
    let parsed = range.for_each_spec(|s| {
        specs += 1;
        if let Some(r) = s.resolve(length) {
            if let Some(slot) = resolved.get_mut(satisfiable) {
                *slot = r;
            }
            satisfiable += 1;
        }
    });
    match outcome {
        RangeOutcome::Satisfiable(v) => {
            assert!(parsed.is_some() && !v.is_empty() && v.len() <= 16 && specs <= max_ranges);
            let mut total = 0u64;
            for r in v {
                assert!(r.first() <= r.last() && r.last() < length);
                total = total.saturating_add(r.len());
                let cr = ContentRange::bytes(*r, length);
                let text = cr.as_str();
                assert!(text.starts_with("bytes ") && text.ends_with(&format!("/{length}")));
            }
            assert!(!limit_total || total <= length, "sum over length is ignored");
            if coalesce.is_none() {
                assert_eq!(
                    v,
                    &resolved[..satisfiable.min(64)],
                    "request order, not coalesced"
                );
            }
        }
        RangeOutcome::NotSatisfiable => {
            assert!(parsed.is_some() && length > 0);
            assert_eq!(satisfiable, 0, "416 only when nothing is satisfiable");
            assert_eq!(
                ContentRange::unsatisfied(length).as_str(),
                format!("bytes */{length}")
            );
        }
        RangeOutcome::Ignore(_) => {}
    }
});
