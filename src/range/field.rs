//! The `Range` request field (RFC 9110 §14.2): the view over its line, the
//! limits a server sets, and the rules that turn its range-specs and a
//! representation's length into 200, 206 or 416, in one order for every
//! parse.
use crate::field::FieldLines;
use crate::range::parse::{for_each_spec, lone_spec};
use crate::range::spec::{ByteRange, Ignored, RangeOutcome, RangeSpec};

/// Default cap on the range-specs in one `Range` field (see the
/// [`policy`](crate::policy) page).
pub const DEFAULT_MAX_RANGES: usize = 16;

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
/// Policies (the [`policy`](crate::policy) page): `bytes` is matched case-insensitively (RFC 9110 §14.1); any
/// other unit, or any invalid spec, makes the whole field ignored (200, RFC 9110 §14.1.1,
/// RFC 9110 §14.2); numbers saturate (RFC 9110 §14.1.2); unsatisfiable specs are dropped and if none
/// is left the answer is 416; an empty representation ignores Range;
/// DoS limits (RFC 9110 §14.2, §17.15) — more than [`max_ranges`](Range::max_ranges)
/// specs (16), more than [`max_overlap`](Range::max_overlap) ranges (2)
/// covering one byte, or a total larger than the representation — ignore
/// Range. With [`coalesce`](Range::coalesce), ranges that overlap or are
/// separated by at most the given gap are merged first (RFC 9110 §15.3.7.2).
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

    /// Merge ranges that overlap or lie at most `gap` bytes apart (RFC 9110 §15.3.7.2); a
    /// merged range takes the place of the earliest of its parts. Default off.
    pub const fn coalesce(mut self, gap: Option<u64>) -> Self {
        self.coalesce = gap;
        self
    }

    /// Is the field absent?
    pub const fn is_absent(&self) -> bool {
        self.field.is_absent()
    }

    /// The field's line, when there is exactly one (`Range` is a singleton
    /// field: several lines are invalid).
    #[inline(always)]
    fn line(&self) -> Option<&'h [u8]> {
        match (self.field.line_count(), self.field.line(0)) {
            (1, Some(s)) => Some(s),
            _ => None,
        }
    }

    /// Parses the field, calling `each` for every range-spec in order.
    /// Returns the number of specs, or `None` if the field is absent, not a
    /// `bytes` range, or invalid anywhere. A single forward pass.
    pub fn for_each_spec(&self, each: impl FnMut(RangeSpec)) -> Option<usize> {
        for_each_spec(self.line()?, each)
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
        let mut found = 0;
        let specs = self.for_each_spec(resolve_into(length, out, &mut found));
        self.rules(length, specs, found, out)
    }

    /// [`evaluate`](Self::evaluate) into one entry, for a field that is one
    /// line holding one spec in the exact form the fast parse reads
    /// (`bytes=0-1023`, `bytes=500-`, `bytes=-500`); `None` for every other
    /// field (which `evaluate` reads).
    ///
    /// Only the parse is faster: the spec is resolved and judged as
    /// `evaluate` does. This lets `Resource::decide` keep the one range in a
    /// local for the usual request instead of lending `evaluate` the range
    /// array of the `Decision` it builds.
    #[inline]
    pub(crate) fn evaluate_lone<'o>(
        &self,
        length: u64,
        out: &'o mut [ByteRange; 1],
    ) -> Option<RangeOutcome<'o>> {
        let spec = lone_spec(self.line()?)?;
        let mut found = 0;
        resolve_into(length, out, &mut found)(spec);
        Some(self.rules(length, Some(1), found, out))
    }

    /// The rules of RFC 9110 §14.2 and the limits, in their one order, for a
    /// field of `specs` range-specs (`None`: not a valid `bytes` range) of which
    /// `found` are satisfiable, resolved at the front of `ranges` as far as
    /// it holds them ([`resolve_into`]):
    ///
    /// 1. invalid → ignore (RFC 9110 §14.1.1, §14.2);
    /// 2. an empty representation → ignore;
    /// 3. more specs than [`max_ranges`](Self::max_ranges), or more
    ///    satisfiable ranges than `ranges` holds → ignore;
    /// 4. none satisfiable → 416;
    /// 5. [`coalesce`](Self::coalesce) (RFC 9110 §15.3.7.2), then more than
    ///    [`max_overlap`](Self::max_overlap) ranges over one byte → ignore;
    /// 6. a total over the length, when [`limit_total`](Self::limit_total)
    ///    → ignore (RFC 9110 §17.15);
    /// 7. otherwise 206 with the ranges.
    #[inline(always)]
    fn rules<'o>(
        &self,
        length: u64,
        specs: Option<usize>,
        found: usize,
        ranges: &'o mut [ByteRange],
    ) -> RangeOutcome<'o> {
        let Some(specs) = specs else {
            return RangeOutcome::Ignore(Ignored::Invalid);
        };
        if length == 0 {
            return RangeOutcome::Ignore(Ignored::Empty);
        }
        if specs > self.max_ranges || found > ranges.len() {
            return RangeOutcome::Ignore(Ignored::TooMany);
        }
        if found == 0 {
            return RangeOutcome::NotSatisfiable;
        }
        let (ranges, _) = ranges.split_at_mut(found);
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
}

/// The step between parsing and the rules: each spec resolved against
/// `length` (RFC 9110 §14.1.2); the satisfiable ones written to `out` in
/// request order while it has room, and all of them counted in `found`.
#[inline(always)]
fn resolve_into<'a>(
    length: u64,
    out: &'a mut [ByteRange],
    found: &'a mut usize,
) -> impl FnMut(RangeSpec) + 'a {
    move |spec| {
        if let Some(r) = spec.resolve(length) {
            if let Some(slot) = out.get_mut(*found) {
                *slot = r;
            }
            *found += 1;
        }
    }
}

/// Do more than `max` ranges cover one byte? One range covers its bytes
/// once (the usual request, answered inline); ascending disjoint ranges are
/// recognised in one pass; otherwise every start is checked, stopping at the
/// first byte covered too often (at most `max_ranges²` comparisons).
#[inline(always)]
fn depth_exceeds(ranges: &[ByteRange], max: usize) -> bool {
    match ranges {
        [] => false,
        [_] => max < 1,
        _ => depth_exceeds_many(ranges, max),
    }
}

/// [`depth_exceeds`] for two ranges or more.
fn depth_exceeds_many(ranges: &[ByteRange], max: usize) -> bool {
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

    /// `evaluate_lone` answers as `evaluate` (with room for the ranges) and
    /// writes the same first range, on every field it reads, and declines
    /// every other.
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
                for (max_ranges, max_overlap, limit_total, coalesce) in [
                    (16, 2, true, None),
                    (0, 2, true, None),
                    (16, 0, false, None),
                    (1, 1, true, Some(0)),
                ] {
                    let range = Range::new(field)
                        .max_ranges(max_ranges)
                        .max_overlap(max_overlap)
                        .limit_total(limit_total)
                        .coalesce(coalesce);
                    let mut out = [ByteRange::ZERO; DEFAULT_MAX_RANGES];
                    let expected = range.evaluate(length, &mut out);
                    let mut one = [ByteRange::ZERO];
                    let Some(lone) = range.evaluate_lone(length, &mut one) else {
                        assert!(lone_spec(field).is_none(), "{field:?}");
                        continue;
                    };
                    assert_eq!(lone, expected, "{field:?} {length}");
                    assert_eq!(one[0], out[0], "{field:?} {length}");
                    assert!(out[1..].iter().all(|r| *r == ByteRange::ZERO));
                }
            }
        }
    }
}
