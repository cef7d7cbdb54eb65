//! The `Vary` value (RFC 9110 §12.5.5): which request fields the choice
//! depended on.

use core::fmt;

use crate::Variant;
use crate::kernel::eq_ignore_case;

/// The request fields that name a `Vary` value: a set of the four proactive
/// negotiation fields (RFC 9110 §12.5.5).
///
/// [`as_str`](Vary::as_str) gives the field value as a `&'static str`, in a
/// fixed order, without allocating; empty when the set is.
///
/// ```
/// use conneg::Vary;
///
/// let vary = Vary::ACCEPT.union(Vary::ACCEPT_ENCODING);
/// assert_eq!(vary.as_str(), "Accept, Accept-Encoding");
/// assert!(vary.contains(Vary::ACCEPT) && !vary.contains(Vary::ACCEPT_LANGUAGE));
/// assert_eq!(Vary::NONE.as_str(), "");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Vary(u8);

pub(crate) const VARY_NAMES: [&str; 16] = [
    "",
    "Accept",
    "Accept-Charset",
    "Accept, Accept-Charset",
    "Accept-Encoding",
    "Accept, Accept-Encoding",
    "Accept-Charset, Accept-Encoding",
    "Accept, Accept-Charset, Accept-Encoding",
    "Accept-Language",
    "Accept, Accept-Language",
    "Accept-Charset, Accept-Language",
    "Accept, Accept-Charset, Accept-Language",
    "Accept-Encoding, Accept-Language",
    "Accept, Accept-Encoding, Accept-Language",
    "Accept-Charset, Accept-Encoding, Accept-Language",
    "Accept, Accept-Charset, Accept-Encoding, Accept-Language",
];

impl Vary {
    /// No field.
    pub const NONE: Vary = Vary(0);
    /// `Accept`.
    pub const ACCEPT: Vary = Vary(1);
    /// `Accept-Charset`.
    pub const ACCEPT_CHARSET: Vary = Vary(2);
    /// `Accept-Encoding`.
    pub const ACCEPT_ENCODING: Vary = Vary(4);
    /// `Accept-Language`.
    pub const ACCEPT_LANGUAGE: Vary = Vary(8);

    /// Both sets.
    #[inline]
    pub const fn union(self, other: Vary) -> Vary {
        Vary(self.0 | other.0)
    }
    /// Are all of `other`'s fields in `self`?
    #[inline]
    pub const fn contains(self, other: Vary) -> bool {
        self.0 & other.0 == other.0
    }
    /// Is the set empty (no `Vary` needed for negotiation)?
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The field value: field names separated by `, ` (RFC 9110 §5.6.1.1: no empty elements).
    #[inline]
    pub const fn as_str(self) -> &'static str {
        VARY_NAMES[(self.0 & 0x0F) as usize]
    }
}

impl fmt::Display for Vary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Vary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Vary({:?})", self.as_str())
    }
}

/// The request field of each negotiation axis (type, language, charset,
/// coding), as [`Variant::axis`] numbers them.
pub(crate) const AXIS_FIELDS: [Vary; 4] = [
    Vary::ACCEPT,
    Vary::ACCEPT_LANGUAGE,
    Vary::ACCEPT_CHARSET,
    Vary::ACCEPT_ENCODING,
];

/// The `Vary` rule for one axis (RFC 9110 §12.5.5), fed the axis's values one at
/// a time (`None`: a variant leaves the axis unset): the axis varies when
/// some variant sets it and another does not, or when two values differ
/// case-insensitively. The one place the rule is written: [`vary_of`] feeds
/// it every variant's value, a chunk's plan its distinct values.
#[derive(Clone, Copy)]
pub(crate) struct AxisVary<'a> {
    /// The first value set, if any.
    first: Option<&'a [u8]>,
    /// Some value fed was `None`.
    unset: bool,
    varies: bool,
}

impl<'a> AxisVary<'a> {
    /// No value fed yet.
    pub(crate) const NEW: AxisVary<'static> = AxisVary {
        first: None,
        unset: false,
        varies: false,
    };

    /// Feeds one more value.
    #[inline(always)]
    pub(crate) const fn add(mut self, value: Option<&'a [u8]>) -> Self {
        match (value, self.first) {
            (None, first) => {
                self.unset = true;
                self.varies = self.varies || first.is_some();
            }
            (Some(value), None) => {
                self.first = Some(value);
                self.varies = self.varies || self.unset;
            }
            (Some(value), Some(first)) => self.varies = self.varies || !eq_ignore_case(first, value),
        }
        self
    }

    /// Does the axis vary, by the values fed so far? (Once it does, more
    /// values change nothing.)
    #[inline(always)]
    pub(crate) const fn varies(self) -> bool {
        self.varies
    }

    /// `vary` with this axis's field added if it varies.
    #[inline(always)]
    pub(crate) const fn into_vary(self, axis: usize, vary: Vary) -> Vary {
        if self.varies() {
            vary.union(AXIS_FIELDS[axis])
        } else {
            vary
        }
    }
}

/// The fields that could refuse every variant (and so change the status to
/// 406): each axis some variant sets. A media type is always set, and so is
/// a coding (a variant without one is `identity`, which `identity;q=0`
/// refuses, RFC 9110 §12.5.3); a language or charset only where a variant
/// names one (an unset axis accepts any value). Under the 406 policy these
/// join the axes that differ in [`Vary`], one variant or many (RFC 9110
/// §12.5.5): a cache must not serve a 406 made for one `Accept` to another.
pub(crate) const fn refusable_of(variants: &[Variant<'_>]) -> Vary {
    let mut vary = Vary::NONE;
    let mut i = 0;
    while i < variants.len() {
        let mut axis = 0;
        while axis < 4 {
            if variants[i].axis(axis).is_some() {
                vary = vary.union(AXIS_FIELDS[axis]);
            }
            axis += 1;
        }
        i += 1;
    }
    vary
}

/// [`refusable_of`] from a plan's count of distinct values per axis (type,
/// language, charset, coding): an axis with a value set can refuse.
#[inline(always)]
pub(crate) const fn refusable_from_counts(n: [u8; 4]) -> Vary {
    Vary(
        ((n[0] > 0) as u8 * Vary::ACCEPT.0)
            | ((n[1] > 0) as u8 * Vary::ACCEPT_LANGUAGE.0)
            | ((n[2] > 0) as u8 * Vary::ACCEPT_CHARSET.0)
            | ((n[3] > 0) as u8 * Vary::ACCEPT_ENCODING.0),
    )
}

/// Each axis on which the variants differ (RFC 9110 §12.5.5).
pub(crate) const fn vary_of(variants: &[Variant<'_>]) -> Vary {
    let mut vary = Vary::NONE;
    let mut axis = 0;
    while axis < 4 {
        let mut values = AxisVary::NEW;
        let mut i = 0;
        while i < variants.len() && !values.varies() {
            values = values.add(variants[i].axis(axis));
            i += 1;
        }
        vary = values.into_vary(axis, vary);
        axis += 1;
    }
    vary
}
