//! What a `Range` field holds and what it comes to (RFC 9110 §14.1.1,
//! §14.2): a range-spec as written, a resolved byte range, and the outcome of
//! evaluating the field against a representation's length.

/// One range-spec as written (RFC 9110 §14.1.1); numbers saturate at
/// `u64::MAX` (RFC 9110 §14.1.2).
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
    /// clamped (RFC 9110 §14.1.2), or `None` when unsatisfiable.
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

/// An inclusive byte range `first..=last` (RFC 9110 §14.1.2), always `first <= last`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ByteRange {
    pub(super) first: u64,
    pub(super) last: u64,
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
    /// Not `bytes=` (RFC 9110 §14.2), or a syntax error anywhere, including `last < first`
    /// (RFC 9110 §14.1.1); or several `Range` lines.
    Invalid,
    /// The representation is empty (RFC 9110 §14.2).
    Empty,
    /// More range-specs than the limit (RFC 9110 §14.2).
    TooMany,
    /// More than the allowed number of ranges overlap one byte (RFC 9110 §14.2).
    Overlapping,
    /// The ranges add up to more bytes than the representation (RFC 9110 §17.15).
    TooLarge,
}

/// The outcome of evaluating `Range` against a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum RangeOutcome<'o> {
    /// Serve the full representation (200), for this reason.
    Ignore(Ignored),
    /// `206 Partial Content`: the satisfiable ranges, clamped, in request order
    /// (RFC 9110 §15.3.7.2); one range → single part, several → multipart.
    Satisfiable(&'o [ByteRange]),
    /// `416 Range Not Satisfiable` with `Content-Range: bytes */length` (RFC 9110 §14.2, §14.4, §15.5.17).
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
