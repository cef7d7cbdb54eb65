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
    /// The field value: field names separated by `, ` (S-11: no empty elements).
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

/// Do `variants` differ on `axis`: some set and some not, or two values
/// unequal (case-insensitively)?
pub(crate) const fn differs(variants: &[Variant<'_>], axis: usize) -> bool {
    let Some((first, rest)) = variants.split_first() else {
        return false;
    };
    let first = first.axis(axis);
    let mut i = 0;
    while i < rest.len() {
        match (rest[i].axis(axis), first) {
            (Some(a), Some(b)) => {
                if !eq_ignore_case(a, b) {
                    return true;
                }
            }
            (None, None) => {}
            _ => return true,
        }
        i += 1;
    }
    false
}

/// Each axis on which the variants differ (N-81, N-82).
pub(crate) const fn vary_of(variants: &[Variant<'_>]) -> Vary {
    let mut vary = Vary::NONE;
    if differs(variants, 0) {
        vary = vary.union(Vary::ACCEPT);
    }
    if differs(variants, 2) {
        vary = vary.union(Vary::ACCEPT_CHARSET);
    }
    if differs(variants, 3) {
        vary = vary.union(Vary::ACCEPT_ENCODING);
    }
    if differs(variants, 1) {
        vary = vary.union(Vary::ACCEPT_LANGUAGE);
    }
    vary
}
