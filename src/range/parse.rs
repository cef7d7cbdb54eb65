//! The `Range` field value's grammar (RFC 9110 §14.1.1, §14.2): the unit,
//! the range-set and its range-specs, read in one forward pass; and the fast
//! read of the usual one-spec value.
//!
//! ```abnf
//! ranges-specifier = range-unit "=" OWS range-set   ; OWS: erratum 7306
//! range-set        = 1#range-spec
//! range-spec       = int-range / suffix-range / other-range
//! int-range        = first-pos "-" [ last-pos ]
//! suffix-range     = "-" suffix-length
//! ```
use crate::kernel::eq_ignore_case;
use crate::range::spec::RangeSpec;
use crate::syntax::{element_start, skip_ows, token_end, trim_ows};

/// Reads one `Range` field line, calling `each` for every range-spec in
/// order. Returns the number of specs, or `None` if the line is not a
/// `bytes` range (matched case-insensitively, RFC 9110 §14.1, RFC 9110 §14.2) or is invalid
/// anywhere (RFC 9110 §14.1.1). Numbers saturate (RFC 9110 §14.1.2).
#[inline(always)]
pub(super) fn for_each_spec(s: &[u8], mut each: impl FnMut(RangeSpec)) -> Option<usize> {
    // Fast path for the usual request, one spec and nothing else: what the
    // general parse below finds in it.
    if let Some(spec) = lone_spec(s) {
        each(spec);
        return Some(1);
    }
    specs(s, each)
}

/// [`for_each_spec`] past its fast path.
#[inline]
fn specs(s: &[u8], mut each: impl FnMut(RangeSpec)) -> Option<usize> {
    let s = trim_ows(s);
    let (unit, rest) = s.split_at_checked(token_end(s, 0))?;
    if !eq_ignore_case(unit, b"bytes") {
        return None;
    }
    let rest = rest.strip_prefix(b"=")?;
    let mut i = 0;
    let mut count = 0usize;
    loop {
        // OWS and empty list elements before a spec.
        i = element_start(rest, i);
        if i >= rest.len() {
            break;
        }
        let (spec, end) = parse_spec(rest, i)?;
        each(spec);
        count += 1;
        i = skip_ows(rest, end);
        match rest.get(i) {
            None => break,
            Some(b',') => i += 1,
            Some(_) => return None,
        }
    }
    (count > 0).then_some(count)
}

/// `bytes=first-last`, `bytes=first-` or `bytes=-suffix` exactly (lowercase
/// unit, no OWS, `last >= first`): the one spec, as the general parse reads
/// it; `None` for anything else (which the general parse reads).
#[inline(always)]
pub(super) fn lone_spec(s: &[u8]) -> Option<RangeSpec> {
    let rest = s.strip_prefix(b"bytes=")?;
    if rest.first() == Some(&b'-') {
        let (n, end) = short_number(rest, 1)?;
        return (end == rest.len()).then_some(RangeSpec::Suffix(n));
    }
    let (first, end) = short_number(rest, 0)?;
    if rest.get(end) != Some(&b'-') {
        return None;
    }
    match short_number(rest, end + 1) {
        Some((last, end)) if end == rest.len() && last >= first => Some(RangeSpec::FromTo(first, last)),
        None if end + 1 == rest.len() => Some(RangeSpec::From(first)),
        _ => None,
    }
}

/// One range-spec from `pos`, and where it ends; `last < first` is invalid
/// (RFC 9110 §14.1.1).
fn parse_spec(s: &[u8], pos: usize) -> Option<(RangeSpec, usize)> {
    if s.get(pos) == Some(&b'-') {
        let (n, end) = number(s, pos + 1)?;
        return Some((RangeSpec::Suffix(n), end));
    }
    let (first, end) = number(s, pos)?;
    if s.get(end) != Some(&b'-') {
        return None;
    }
    match number(s, end + 1) {
        Some((last, end)) if last >= first => Some((RangeSpec::FromTo(first, last), end)),
        Some(_) => None,
        None => Some((RangeSpec::From(first), end + 1)),
    }
}

/// Digits from `pos`, saturating; returns (value, end). No digits → `None`.
/// Up to 19 digits cannot overflow a `u64`, so they take the plain path;
/// any further digits saturate (RFC 9110 §14.1.2).
#[inline(always)]
fn number(s: &[u8], pos: usize) -> Option<(u64, usize)> {
    let mut i = pos;
    let mut v: u64 = 0;
    let fast_end = pos.saturating_add(19).min(s.len());
    while i < fast_end {
        let d = s[i].wrapping_sub(b'0');
        if d > 9 {
            return (i > pos).then_some((v, i));
        }
        v = v * 10 + u64::from(d);
        i += 1;
    }
    while let Some(&b) = s.get(i) {
        if !b.is_ascii_digit() {
            break;
        }
        v = v.saturating_mul(10).saturating_add(u64::from(b - b'0'));
        i += 1;
    }
    (i > pos).then_some((v, i))
}

/// [`number`] for the one-spec fast parse, without its set-up: up to 19
/// digits, which cannot overflow; `None` for longer runs (the general parse
/// saturates them) and for no digits.
#[inline(always)]
fn short_number(s: &[u8], pos: usize) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    let mut i = pos;
    while let Some(&b) = s.get(i) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        v = v.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    (i > pos && i - pos <= 19).then_some((v, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `short_number` reads what `number` reads, up to 19 digits.
    #[test]
    fn short_number_agrees_with_number() {
        let digits = b"98765432109876543210123";
        let others: [u8; 8] = [b'-', b'/', b':', b' ', 0, 0x80, 0xBA, 0xFF];
        for len in 0..digits.len() {
            for start in 0..4 {
                for &o in &others {
                    let mut s = std::vec![b'x'; start];
                    s.extend_from_slice(&digits[..len]);
                    s.push(o);
                    s.extend_from_slice(b"1234");
                    let expected = number(&s, start).filter(|&(_, end)| end - start <= 19);
                    assert_eq!(short_number(&s, start), expected, "{s:?}");
                    let t = &s[..start + len];
                    let expected = number(t, start).filter(|&(_, end)| end - start <= 19);
                    assert_eq!(short_number(t, start), expected, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn numbers_saturate_past_nineteen_digits() {
        assert_eq!(
            number(b"9999999999999999999-", 0),
            Some((9_999_999_999_999_999_999, 19))
        );
        assert_eq!(number(b"18446744073709551615", 0), Some((u64::MAX, 20)));
        assert_eq!(number(b"18446744073709551616", 0), Some((u64::MAX, 20)));
        assert_eq!(number(b"000000000000000000000000042", 0), Some((42, 27)));
        assert_eq!(number(b"x", 0), None);
        assert_eq!(number(b"12", 5), None);
    }
}
