//! Range requests (RFC 9110 §14): parse `Range`, evaluate it against the
//! representation's length, format `Content-Range`.

use crate::field::FieldLines;
use crate::syntax::{is_ows, is_tchar};
use crate::text_buf::{TextBuf, text_value};

/// Default cap on the range-specs in one `Range` field (DESIGN policy).
pub const DEFAULT_MAX_RANGES: usize = 16;

/// One range-spec as written (RFC 9110 §14.1.1); numbers saturate at
/// `u64::MAX` (R-07).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeSpec {
    /// `first-last`
    FromTo(u64, u64),
    /// `first-`
    From(u64),
    /// `-suffix-length`: the last N bytes.
    Suffix(u64),
}

impl RangeSpec {
    /// The bytes this spec selects in a representation of `length` bytes,
    /// clamped (R-06, R-08), or `None` when unsatisfiable (R-09).
    ///
    /// ```
    /// use conneg::{ByteRange, range::RangeSpec};
    /// assert_eq!(RangeSpec::From(9500).resolve(10_000), ByteRange::new(9500, 9999));
    /// assert_eq!(RangeSpec::FromTo(9500, 99_999).resolve(10_000), ByteRange::new(9500, 9999));
    /// assert_eq!(RangeSpec::Suffix(500).resolve(10_000), ByteRange::new(9500, 9999));
    /// assert_eq!(RangeSpec::Suffix(0).resolve(10_000), None);
    /// assert_eq!(RangeSpec::From(10_000).resolve(10_000), None);
    /// ```
    pub const fn resolve(self, length: u64) -> Option<ByteRange> {
        if length == 0 {
            return None;
        }
        let last_pos = length - 1;
        match self {
            RangeSpec::FromTo(first, last) if first < length => Some(ByteRange {
                first,
                last: if last < last_pos { last } else { last_pos },
            }),
            RangeSpec::From(first) if first < length => Some(ByteRange {
                first,
                last: last_pos,
            }),
            RangeSpec::Suffix(n) if n > 0 => Some(ByteRange {
                first: length.saturating_sub(n),
                last: last_pos,
            }),
            _ => None,
        }
    }
}

/// An inclusive byte range `first..=last` (R-05), always `first <= last`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ByteRange {
    first: u64,
    last: u64,
}

impl ByteRange {
    /// `0..=0`, the `Default`, usable in `const` context.
    pub(crate) const ZERO: ByteRange = ByteRange { first: 0, last: 0 };

    /// `first..=last`, or `None` if `last < first`.
    pub const fn new(first: u64, last: u64) -> Option<ByteRange> {
        if last < first {
            None
        } else {
            Some(ByteRange { first, last })
        }
    }
    /// First byte position (inclusive).
    pub const fn first(&self) -> u64 {
        self.first
    }
    /// Last byte position (inclusive).
    pub const fn last(&self) -> u64 {
        self.last
    }
    /// Number of bytes (saturating at `u64::MAX`).
    pub const fn len(&self) -> u64 {
        (self.last - self.first).saturating_add(1)
    }
    /// Never true: a range holds at least one byte.
    pub const fn is_empty(&self) -> bool {
        false
    }
    /// As a `usize` range for slicing a body (`None` if it does not fit).
    pub fn to_usize_range(&self) -> Option<core::ops::RangeInclusive<usize>> {
        Some(usize::try_from(self.first).ok()?..=usize::try_from(self.last).ok()?)
    }
}

/// Why a `Range` field is ignored (answer the full 200).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ignored {
    /// No `Range` field.
    Absent,
    /// Not `bytes=` (R-13), or a syntax error anywhere, including `last < first`
    /// (R-03); or several `Range` lines.
    Invalid,
    /// The representation is empty (R-17).
    Empty,
    /// More range-specs than the limit (R-15).
    TooMany,
    /// More than the allowed number of ranges overlap one byte (R-15).
    Overlapping,
    /// The ranges add up to more bytes than the representation (R-16).
    TooLarge,
}

/// The outcome of evaluating `Range` against a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum RangeOutcome<'o> {
    /// Serve the full representation (200), for this reason.
    Ignore(Ignored),
    /// `206 Partial Content`: the satisfiable ranges, clamped, in request order
    /// (R-47); one range → single part, several → multipart (R-46).
    Satisfiable(&'o [ByteRange]),
    /// `416 Range Not Satisfiable` with `Content-Range: bytes */length` (R-19, R-25).
    NotSatisfiable,
}

impl RangeOutcome<'_> {
    /// 200, 206 or 416.
    pub const fn status(&self) -> u16 {
        match self {
            RangeOutcome::Ignore(_) => 200,
            RangeOutcome::Satisfiable(_) => 206,
            RangeOutcome::NotSatisfiable => 416,
        }
    }
}

/// The `Range` request field (RFC 9110 §14.2), borrowed and parsed lazily.
///
/// ```abnf
/// Range            = ranges-specifier
/// ranges-specifier = range-unit "=" OWS range-set        ; OWS: erratum 7306
/// range-set        = 1#range-spec
/// range-spec       = int-range / suffix-range / other-range
/// int-range        = first-pos "-" [ last-pos ]
/// suffix-range     = "-" suffix-length
/// ```
///
/// Policies (DESIGN.md): `bytes` is matched case-insensitively (R-02); any
/// other unit, or any invalid spec, makes the whole field ignored (200, R-03,
/// R-13); numbers saturate (R-07); unsatisfiable specs are dropped and if none
/// is left the answer is 416 (R-19); an empty representation ignores Range;
/// DoS limits (R-15, R-16) — more than [`max_ranges`](Range::max_ranges)
/// specs (16), more than [`max_overlap`](Range::max_overlap) ranges (2)
/// covering one byte, or a total larger than the representation — ignore
/// Range. With [`coalesce`](Range::coalesce), ranges that overlap or are
/// separated by at most the given gap are merged first (R-45).
///
/// Work is one forward pass over the value plus at most `max_ranges²`
/// comparisons; ranges go into the caller's slice, nothing allocates.
///
/// # Examples
///
/// ```
/// use conneg::{ByteRange, Range, RangeOutcome, range::Ignored};
///
/// let mut out = [ByteRange::default(); 16];
/// let r = Range::new(b"bytes=0-0, -1");
/// match r.evaluate(10_000, &mut out) {
///     RangeOutcome::Satisfiable(ranges) => {
///         assert_eq!(ranges, [ByteRange::new(0, 0).unwrap(), ByteRange::new(9999, 9999).unwrap()]);
///     }
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(Range::new(b"bytes=10000-").evaluate(10_000, &mut out).status(), 416);
/// assert_eq!(Range::new(b"items=0-5").evaluate(10_000, &mut out), RangeOutcome::Ignore(Ignored::Invalid));
/// assert_eq!(Range::new(b"bytes=5-2").evaluate(10_000, &mut out).status(), 200);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range<'h> {
    field: FieldLines<'h>,
    max_ranges: usize,
    max_overlap: usize,
    limit_total: bool,
    coalesce: Option<u64>,
}

impl<'h> Range<'h> {
    /// One `Range` field line.
    pub const fn new(value: &'h [u8]) -> Self {
        Range::from_field(FieldLines::one(value))
    }

    /// The `Range` field lines (none = absent; more than one = invalid, since
    /// `Range` is a singleton field).
    pub const fn from_field(field: FieldLines<'h>) -> Self {
        Range {
            field,
            max_ranges: DEFAULT_MAX_RANGES,
            max_overlap: 2,
            limit_total: true,
            coalesce: None,
        }
    }

    /// These limits for `field` (`Resource` keeps its limits in a `Range`
    /// without a field).
    pub(crate) const fn with_field(mut self, field: FieldLines<'h>) -> Self {
        self.field = field;
        self
    }

    /// Most range-specs accepted (default 16); more → ignore.
    pub const fn max_ranges(mut self, max: usize) -> Self {
        self.max_ranges = max;
        self
    }

    /// Most ranges allowed to cover one byte (default 2); more → ignore.
    pub const fn max_overlap(mut self, max: usize) -> Self {
        self.max_overlap = max;
        self
    }

    /// Whether ranges adding up to more than the length are ignored (default on).
    pub const fn limit_total(mut self, on: bool) -> Self {
        self.limit_total = on;
        self
    }

    /// Merge ranges that overlap or lie at most `gap` bytes apart (R-45); a
    /// merged range takes the place of the earliest of its parts. Default off.
    pub const fn coalesce(mut self, gap: Option<u64>) -> Self {
        self.coalesce = gap;
        self
    }

    /// Is the field absent?
    pub const fn is_absent(&self) -> bool {
        self.field.is_absent()
    }

    /// Parses the field, calling `each` for every range-spec in order.
    /// Returns the number of specs, or `None` if the field is absent, not a
    /// `bytes` range, or invalid anywhere. A single forward pass.
    pub fn for_each_spec(&self, mut each: impl FnMut(RangeSpec)) -> Option<usize> {
        if self.field.line_count() != 1 {
            return None;
        }
        let s = self.field.line(0)?;
        // Fast path for the usual request, one spec and nothing else: what
        // the general parse below finds in it.
        if let Some(spec) = lone_spec(s) {
            each(spec);
            return Some(1);
        }
        let s = crate::syntax::trim_ows(s);
        let unit_end = s.iter().position(|&b| !is_tchar(b)).unwrap_or(s.len());
        let (unit, rest) = s.split_at(unit_end);
        if !unit.eq_ignore_ascii_case(b"bytes") {
            return None;
        }
        let rest = rest.strip_prefix(b"=")?;
        let mut i = 0;
        let mut count = 0usize;
        loop {
            // OWS and empty list elements before a spec.
            while i < rest.len() && ((rest[i] == b' ') | (rest[i] == b'\t') | (rest[i] == b',')) {
                i += 1;
            }
            if i >= rest.len() {
                break;
            }
            let (spec, end) = parse_spec(rest, i)?;
            each(spec);
            count += 1;
            i = end;
            while i < rest.len() && is_ows(rest[i]) {
                i += 1;
            }
            match rest.get(i) {
                None => break,
                Some(b',') => i += 1,
                Some(_) => return None,
            }
        }
        (count > 0).then_some(count)
    }

    /// Evaluates the field against a representation of `length` bytes,
    /// writing the satisfiable ranges into `out` in request order.
    ///
    /// `out` should hold [`max_ranges`](Self::max_ranges) entries; a request
    /// with more satisfiable ranges than `out` holds is ignored like one over
    /// the limit.
    pub fn evaluate<'o>(&self, length: u64, out: &'o mut [ByteRange]) -> RangeOutcome<'o> {
        if self.field.is_absent() {
            return RangeOutcome::Ignore(Ignored::Absent);
        }
        let cap = out.len();
        let mut n = 0usize;
        let mut overflow = false;
        let specs = self.for_each_spec(|spec| {
            if let Some(r) = spec.resolve(length) {
                match out.get_mut(n) {
                    Some(slot) => {
                        *slot = r;
                        n += 1;
                    }
                    None => overflow = true,
                }
            }
        });
        let Some(specs) = specs else {
            return RangeOutcome::Ignore(Ignored::Invalid);
        };
        if length == 0 {
            return RangeOutcome::Ignore(Ignored::Empty);
        }
        if specs > self.max_ranges || overflow || n > cap {
            return RangeOutcome::Ignore(Ignored::TooMany);
        }
        if n == 0 {
            return RangeOutcome::NotSatisfiable;
        }
        let (ranges, _) = out.split_at_mut(n);
        let ranges = match self.coalesce {
            Some(gap) => {
                let kept = coalesce(ranges, gap);
                let (r, _) = ranges.split_at_mut(kept);
                r
            }
            None => ranges,
        };
        if depth_exceeds(ranges, self.max_overlap) {
            return RangeOutcome::Ignore(Ignored::Overlapping);
        }
        if self.limit_total {
            let total = ranges.iter().fold(0u64, |t, r| t.saturating_add(r.len()));
            if total > length {
                return RangeOutcome::Ignore(Ignored::TooLarge);
            }
        }
        RangeOutcome::Satisfiable(ranges)
    }

    /// [`evaluate`](Self::evaluate) with room for at least one range, for a
    /// field that is one line holding one spec in the exact form the fast
    /// parse reads (`bytes=0-1023`, `bytes=500-`, `bytes=-500`): the range
    /// `evaluate` would write first (if the spec is satisfiable) and the
    /// outcome, without an output slice. `None` for every other field.
    ///
    /// This lets `Resource::decide` build its `Decision` in place for the
    /// usual request instead of lending its range array to `evaluate`. Each
    /// step is `evaluate`'s for one spec: coalescing one range changes
    /// nothing, and one range covers a byte once.
    #[inline]
    pub(crate) fn evaluate_lone(&self, length: u64) -> Option<(Option<ByteRange>, LoneOutcome)> {
        let s = match (self.field.line_count(), self.field.line(0)) {
            (1, Some(s)) => s,
            _ => return None,
        };
        let resolved = lone_spec(s)?.resolve(length);
        let outcome = if length == 0 {
            LoneOutcome::Ignore(Ignored::Empty)
        } else if self.max_ranges < 1 {
            LoneOutcome::Ignore(Ignored::TooMany)
        } else if let Some(r) = resolved {
            if self.max_overlap < 1 {
                LoneOutcome::Ignore(Ignored::Overlapping)
            } else if self.limit_total && r.len() > length {
                LoneOutcome::Ignore(Ignored::TooLarge)
            } else {
                LoneOutcome::Satisfiable(r)
            }
        } else {
            LoneOutcome::NotSatisfiable
        };
        Some((resolved, outcome))
    }
}

/// [`RangeOutcome`] for one spec ([`Range::evaluate_lone`]), the range by value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LoneOutcome {
    Ignore(Ignored),
    Satisfiable(ByteRange),
    NotSatisfiable,
}

/// Digits from `pos`, saturating; returns (value, end). No digits → `None`.
/// Up to 19 digits cannot overflow a `u64`, so they take the plain path;
/// any further digits saturate (R-07).
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

/// `bytes=first-last`, `bytes=first-` or `bytes=-suffix` exactly (lowercase
/// unit, no OWS, `last >= first`): the one spec, as the general parse reads
/// it; `None` for anything else (which the general parse reads).
#[inline(always)]
fn lone_spec(s: &[u8]) -> Option<RangeSpec> {
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

/// Do more than `max` ranges cover one byte? Ascending disjoint ranges (the
/// usual request) are recognised in one pass; otherwise every start is
/// checked, stopping at the first byte covered too often (at most
/// `max_ranges²` comparisons).
fn depth_exceeds(ranges: &[ByteRange], max: usize) -> bool {
    let ascending = ranges.windows(2).all(|w| w[0].last < w[1].first);
    if ascending {
        return ranges.len().min(1) > max;
    }
    ranges.iter().any(|p| {
        let mut covering = 0usize;
        for r in ranges {
            covering += usize::from(r.first <= p.first && p.first <= r.last);
        }
        covering > max
    })
}

/// The largest number of ranges covering one byte (checked at every start).
#[cfg(test)]
fn max_depth(ranges: &[ByteRange]) -> usize {
    ranges
        .iter()
        .map(|p| {
            ranges
                .iter()
                .filter(|r| r.first <= p.first && p.first <= r.last)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Merges ranges closer than `gap` into the earliest one (request order kept);
/// returns how many remain at the front of `ranges`.
fn coalesce(ranges: &mut [ByteRange], gap: u64) -> usize {
    let mut n = ranges.len();
    let mut i = 0;
    while i < n {
        let mut merged = false;
        let mut j = i + 1;
        while j < n {
            let (a, b) = (ranges[i], ranges[j]);
            let near = a.first <= b.last.saturating_add(gap).saturating_add(1)
                && b.first <= a.last.saturating_add(gap).saturating_add(1);
            if near {
                ranges[i] = ByteRange {
                    first: a.first.min(b.first),
                    last: a.last.max(b.last),
                };
                ranges.copy_within(j + 1..n, j);
                n -= 1;
                merged = true;
            } else {
                j += 1;
            }
        }
        if !merged {
            i += 1;
        }
    }
    n
}

/// Longest `Content-Range` value: `bytes ` + three 20-digit numbers + `-` + `/`.
const CONTENT_RANGE_LEN: usize = 6 + 20 + 1 + 20 + 1 + 20;

/// A `Content-Range` value (RFC 9110 §14.4) in a stack buffer:
/// `bytes 42-1233/1234` for a 206 part, `bytes */1234` for a 416 (R-22, R-25).
///
/// ```
/// use conneg::{ByteRange, ContentRange};
///
/// let r = ByteRange::new(0, 4).unwrap();
/// assert_eq!(ContentRange::bytes(r, 8).as_str(), "bytes 0-4/8");
/// assert_eq!(ContentRange::unsatisfied(8).as_str(), "bytes */8");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentRange(TextBuf<CONTENT_RANGE_LEN>);

impl ContentRange {
    fn start() -> TextBuf<CONTENT_RANGE_LEN> {
        let mut c = TextBuf::new();
        c.push(b"bytes ");
        c
    }

    /// `bytes first-last/complete_length` for a 206 part (R-23, R-24).
    pub fn bytes(range: ByteRange, complete_length: u64) -> Self {
        let mut c = Self::start();
        c.push_u64(range.first);
        c.push(b"-");
        c.push_u64(range.last);
        c.push(b"/");
        c.push_u64(complete_length);
        ContentRange(c)
    }

    /// `bytes */complete_length` for a 416 (R-25).
    pub fn unsatisfied(complete_length: u64) -> Self {
        let mut c = Self::start();
        c.push(b"*/");
        c.push_u64(complete_length);
        ContentRange(c)
    }
}

text_value!(ContentRange);

#[cfg(test)]
mod tests {
    use super::*;

    fn br(a: u64, b: u64) -> ByteRange {
        ByteRange::new(a, b).unwrap()
    }

    #[test]
    fn coalescing_keeps_request_order_r45_r47() {
        let mut v = [br(500, 600), br(0, 10), br(601, 999), br(20, 30)];
        let n = coalesce(&mut v, 0);
        assert_eq!(&v[..n], [br(500, 999), br(0, 10), br(20, 30)]);
        let mut v = [br(500, 600), br(0, 10), br(601, 999), br(20, 30)];
        let n = coalesce(&mut v, 80);
        assert_eq!(&v[..n], [br(500, 999), br(0, 30)]);
    }

    #[test]
    fn depth_check_agrees_with_the_count() {
        let sets: [&[ByteRange]; 5] = [
            &[br(0, 10), br(5, 6), br(6, 20)],
            &[br(0, 10), br(11, 20)],
            &[],
            &[br(5, 5)],
            &[br(11, 20), br(0, 10), br(0, 0)],
        ];
        for set in sets {
            for max in 0..4 {
                assert_eq!(depth_exceeds(set, max), max_depth(set) > max, "{set:?} {max}");
            }
        }
    }

    #[test]
    fn depth_counts_ranges_covering_one_byte() {
        assert_eq!(max_depth(&[br(0, 10), br(5, 6), br(6, 20)]), 3);
        assert_eq!(max_depth(&[br(0, 10), br(11, 20)]), 1);
        assert_eq!(max_depth(&[]), 0);
    }

    /// `evaluate_lone` agrees with `evaluate` (with room for the ranges) on
    /// every field it reads, and declines every other.
    #[test]
    fn lone_evaluation_agrees_with_evaluate() {
        let fields: [&[u8]; 16] = [
            b"bytes=0-1023",
            b"bytes=0-0",
            b"bytes=500-",
            b"bytes=-500",
            b"bytes=-0",
            b"bytes=9999-",
            b"bytes=10000-",
            b"bytes=5-2",
            b"bytes=0-99999999999999999999999",
            b"bytes=-",
            b"bytes=0-1,2-3",
            b"bytes= 0-1",
            b"Bytes=0-1",
            b"bytes=0-1 ",
            b"items=0-1",
            b"bytes=1-1-",
        ];
        for field in fields {
            for length in [0, 1, 500, 1024, 10_000] {
                for (max_ranges, max_overlap, limit_total) in
                    [(16, 2, true), (0, 2, true), (16, 0, false), (1, 1, true)]
                {
                    let range = Range::new(field)
                        .max_ranges(max_ranges)
                        .max_overlap(max_overlap)
                        .limit_total(limit_total);
                    let mut out = [ByteRange::ZERO; DEFAULT_MAX_RANGES];
                    let expected = match range.evaluate(length, &mut out) {
                        RangeOutcome::Satisfiable(r) => Err(r.to_vec()),
                        other => Ok(other),
                    };
                    let Some((written, lone)) = range.evaluate_lone(length) else {
                        assert!(lone_spec(field).is_none(), "{field:?}");
                        continue;
                    };
                    let lone = match lone {
                        LoneOutcome::Ignore(why) => Ok(RangeOutcome::Ignore(why)),
                        LoneOutcome::NotSatisfiable => Ok(RangeOutcome::NotSatisfiable),
                        LoneOutcome::Satisfiable(r) => {
                            assert_eq!(Some(r), written);
                            Err(std::vec![r])
                        }
                    };
                    assert_eq!(lone, expected, "{field:?} {length}");
                    assert_eq!(written.unwrap_or(ByteRange::ZERO), out[0], "{field:?} {length}");
                    assert!(out[1..].iter().all(|r| *r == ByteRange::ZERO));
                }
            }
        }
    }

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

    #[test]
    fn content_range_longest_value_fits() {
        let c = ContentRange::bytes(br(u64::MAX - 1, u64::MAX), u64::MAX);
        assert_eq!(c.as_bytes().len(), CONTENT_RANGE_LEN);
        assert_eq!(ContentRange::unsatisfied(0).as_str(), "bytes */0");
    }
}
