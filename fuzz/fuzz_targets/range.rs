//! Fuzz `Range` evaluation. Input: 8 bytes of length (little endian, reduced
//! to keep it interesting), a flags byte, then the field value. Asserts:
//! satisfiable ranges are within the length with first ≤ last, in request
//! order of their specs, at most the limit, and within the DoS limits; 416
//! only when the field parses and no spec is satisfiable; every Content-Range
//! is well formed.
#![no_main]

use conneg::{ByteRange, ContentRange, Range, RangeOutcome};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((len, rest)) = data.split_first_chunk::<8>() else {
        return;
    };
    let Some((&flags, value)) = rest.split_first() else {
        return;
    };
    let raw = u64::from_le_bytes(*len);
    let length = if flags & 1 != 0 { raw } else { raw % 10_000 };
    let coalesce = flags & 2 != 0;
    let mut out = [ByteRange::default(); 16];
    let range = Range::new(value).coalesce(coalesce.then_some(80));
    let outcome = range.evaluate(length, &mut out);

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
            assert!(parsed.is_some() && !v.is_empty() && v.len() <= 16 && specs <= 16);
            let mut total = 0u64;
            for r in v {
                assert!(r.first() <= r.last() && r.last() < length);
                total = total.saturating_add(r.len());
                let cr = ContentRange::bytes(*r, length);
                let text = cr.as_str();
                assert!(text.starts_with("bytes ") && text.ends_with(&format!("/{length}")));
            }
            assert!(total <= length, "sum over length is ignored");
            if !coalesce {
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
