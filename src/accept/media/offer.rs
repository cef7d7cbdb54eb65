//! Media types the server offers: parsed per call ([`Offer`]) or checked
//! once ([`MediaOffer`]), and the [`AsOffer`] view scoring reads both through.
use crate::accept::media::MAX_PARAMS;
use crate::kernel::essence_of;
use crate::kernel::first_lowercase;
use crate::kernel::word_of;

use core::fmt;

use crate::syntax::{self, ParamStep};

/// A media type the server offers, parsed: what matching needs of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Offer<'a> {
    pub(crate) ty: &'a [u8],
    pub(crate) sub: &'a [u8],
    /// Raw parameters, starting at OWS or `;` (or empty).
    pub(crate) params: &'a [u8],
    /// The first octets of `ty` and `sub`, lowercased (for [`relevance`]).
    pub(crate) ty_first: u8,
    pub(crate) sub_first: u8,
    /// `/` and the subtype's first two octets with the case bit set, as a
    /// little-endian word, and the mask of the octets it holds (the second
    /// octet left out of a one-octet subtype): what
    /// [`may_be_relevant`](crate::accept::media::score::may_be_relevant)
    /// compares after the type in one step.
    pub(crate) slash_key: u32,
    pub(crate) slash_mask: u32,
}

impl<'a> Offer<'a> {
    pub(crate) const EMPTY: Offer<'static> = Offer::new(b"", b"", b"");

    #[inline]
    pub(crate) const fn new(ty: &'a [u8], sub: &'a [u8], params: &'a [u8]) -> Self {
        Offer {
            ty,
            sub,
            params,
            ty_first: first_lowercase(ty),
            sub_first: first_lowercase(sub),
            slash_key: slash_key(sub).0,
            slash_mask: slash_key(sub).1,
        }
    }
}

/// [`Offer::slash_key`] and [`Offer::slash_mask`] for a subtype.
const fn slash_key(sub: &[u8]) -> (u32, u32) {
    match sub {
        [] => (b'/' as u32, 0xFF),
        [c] => (b'/' as u32 | ((*c | 0x20) as u32) << 8, 0xFFFF),
        [c, d, ..] => (
            b'/' as u32 | ((*c | 0x20) as u32) << 8 | ((*d | 0x20) as u32) << 16,
            0xFF_FFFF,
        ),
    }
}

/// Offers as the scoring pass reads them: parsed per call, or prepared once.
pub(crate) trait AsOffer {
    /// Does [`words`](AsOffer::words) give the words (prepared offers)?
    /// Known per type: the pass leaves out what needs them for the others.
    const HAS_WORDS: bool = false;

    fn offer(&self) -> &Offer<'_>;

    /// The offer's type and subtype as [`word_of`] packs them, if prepared
    /// (packing them per call would cost more than it saves).
    #[inline(always)]
    fn words(&self) -> Option<(u64, u64)> {
        None
    }

    /// The offer's essence as [`essence_of`] packs it, if prepared.
    #[inline(always)]
    fn essence(&self) -> Option<(u128, u128)> {
        None
    }

    /// Is it a valid media type? (A parsed [`Offer`] always is.)
    #[inline(always)]
    fn is_valid(&self) -> bool {
        true
    }
}

impl<T: AsOffer> AsOffer for &T {
    const HAS_WORDS: bool = T::HAS_WORDS;

    #[inline(always)]
    fn offer(&self) -> &Offer<'_> {
        (**self).offer()
    }

    #[inline(always)]
    fn words(&self) -> Option<(u64, u64)> {
        (**self).words()
    }

    #[inline(always)]
    fn essence(&self) -> Option<(u128, u128)> {
        (**self).essence()
    }

    #[inline(always)]
    fn is_valid(&self) -> bool {
        (**self).is_valid()
    }
}

impl AsOffer for Offer<'_> {
    #[inline(always)]
    fn offer(&self) -> &Offer<'_> {
        self
    }
}

impl AsOffer for MediaOffer<'_> {
    const HAS_WORDS: bool = true;

    #[inline(always)]
    fn offer(&self) -> &Offer<'_> {
        &self.offer
    }

    #[inline(always)]
    fn words(&self) -> Option<(u64, u64)> {
        Some(self.words)
    }

    #[inline(always)]
    fn essence(&self) -> Option<(u128, u128)> {
        Some(self.essence)
    }

    #[inline(always)]
    fn is_valid(&self) -> bool {
        self.valid
    }
}

/// A media type the server offers, checked and split once, for
/// [`Accept::negotiate`](crate::Accept::negotiate) and [`Accept::rank`](crate::Accept::rank).
///
/// A server's offers rarely change between requests; preparing them (in a
/// `const`, or once at start-up) leaves each request only its header to
/// parse. The outcome is the same as offering the text itself: an offer
/// that is not a valid media type (see
/// [`is_valid`](MediaOffer::is_valid)) is never selected.
///
/// # Examples
///
/// ```
/// use conneg::{Accept, MediaOffer};
///
/// const OFFERS: [MediaOffer<'static>; 3] = [
///     MediaOffer::new("text/html"),
///     MediaOffer::new("application/json"),
///     MediaOffer::new("text/plain; charset=utf-8"),
/// ];
/// let accept = Accept::new(b"application/json, text/*;q=0.5");
/// assert_eq!(accept.negotiate(&OFFERS).index(), Some(1));
/// assert_eq!(OFFERS[2].as_str(), "text/plain; charset=utf-8");
///
/// // Invalid offers are never chosen, as with text offers.
/// assert!(!MediaOffer::new("text/html;q").is_valid());
/// assert_eq!(Accept::new(b"*/*").negotiate(&[MediaOffer::new("html")]).status(), 406);
/// ```
#[derive(Clone, Copy)]
pub struct MediaOffer<'a> {
    text: &'a str,
    pub(crate) offer: Offer<'a>,
    /// The type and subtype as [`word_of`] packs them (for [`relevance`]).
    words: (u64, u64),
    /// The essence as [`essence_of`] packs it (for [`score_exact`]).
    ///
    /// [`score_exact`]: crate::accept::media::score::score_exact
    essence: (u128, u128),
    pub(crate) valid: bool,
}

impl<'a> MediaOffer<'a> {
    /// Checks and splits a media type (`text/html`, `text/html;level=1`):
    /// `type "/" subtype` and parameters, surrounding whitespace ignored.
    /// Never fails: an invalid offer is kept, and never selected.
    #[inline]
    pub const fn new(media_type: &'a str) -> Self {
        match parse_offer(media_type.as_bytes()) {
            Some(offer) => MediaOffer {
                text: media_type,
                offer,
                words: (word_of(offer.ty), word_of(offer.sub)),
                essence: essence_of(offer.ty, offer.sub),
                valid: true,
            },
            None => MediaOffer {
                text: media_type,
                offer: Offer::EMPTY,
                words: (u64::MAX, u64::MAX),
                essence: essence_of(b"", b""),
                valid: false,
            },
        }
    }

    /// The media type as given to [`new`](MediaOffer::new).
    #[inline]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// Is this a valid media type (which negotiation may select)?
    #[inline]
    pub const fn is_valid(&self) -> bool {
        self.valid
    }
}

/// Where a checked media type's parts lie in its text: what
/// [`MediaOffer::with_shape`] needs to give the same text, copied elsewhere
/// (an owned variant's), its [`MediaOffer`] back without parsing it again.
#[cfg(feature = "alloc")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct OfferShape {
    /// Byte ranges of the type, subtype and parameters; `None` if the text
    /// is not a valid media type.
    parts: Option<[(usize, usize); 3]>,
    words: (u64, u64),
    essence: (u128, u128),
}

/// Where `part` lies in `text`, as a byte range (an empty part anywhere is
/// `0..0`).
#[cfg(feature = "alloc")]
fn span(part: &[u8], text: &[u8]) -> (usize, usize) {
    if part.is_empty() {
        return (0, 0);
    }
    let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    (start, start.wrapping_add(part.len()))
}

#[cfg(feature = "alloc")]
impl<'a> MediaOffer<'a> {
    /// Where this offer's parts lie in its text.
    pub(crate) fn shape(&self) -> OfferShape {
        let text = self.text.as_bytes();
        OfferShape {
            parts: self.valid.then(|| {
                [
                    span(self.offer.ty, text),
                    span(self.offer.sub, text),
                    span(self.offer.params, text),
                ]
            }),
            words: self.words,
            essence: self.essence,
        }
    }

    /// The offer of `text`, a copy of the text `shape` was taken from:
    /// [`new`](MediaOffer::new)'s result without the parsing. (Text that
    /// does not fit the shape is parsed.)
    #[inline]
    pub(crate) fn with_shape(text: &'a str, shape: &OfferShape) -> Self {
        let b = text.as_bytes();
        let Some([ty, sub, params]) = shape.parts else {
            return MediaOffer::new(text);
        };
        match (b.get(ty.0..ty.1), b.get(sub.0..sub.1), b.get(params.0..params.1)) {
            (Some(ty), Some(sub), Some(params)) => MediaOffer {
                text,
                offer: Offer::new(ty, sub, params),
                words: shape.words,
                essence: shape.essence,
                valid: true,
            },
            _ => MediaOffer::new(text),
        }
    }
}

impl fmt::Debug for MediaOffer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaOffer({:?})", self.text)
    }
}

impl fmt::Display for MediaOffer<'_> {
    /// The media type as given.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl PartialEq for MediaOffer<'_> {
    /// Same text (the parts follow from it).
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for MediaOffer<'_> {}

impl core::hash::Hash for MediaOffer<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Parses an offer (`text/html`, `text/html;level=1`); `None` if it is not a
/// valid media type. What [`parse_at`] accepts with `q` as an ordinary
/// parameter, OWS around the offer ignored, nothing after it; a `const fn`
/// for [`MediaOffer::new`].
#[inline]
pub(crate) const fn parse_offer(offer: &[u8]) -> Option<Offer<'_>> {
    // Fast path for the common offer, `type/subtype` without parameters or
    // OWS, its type other than `*`: the general parse below gives the same.
    let ty_end = syntax::token_end(offer, 0);
    if ty_end > 0 && ty_end < offer.len() && offer[ty_end] == b'/' && !(ty_end == 1 && offer[0] == b'*') {
        let sub_end = syntax::token_end(offer, ty_end + 1);
        if sub_end == offer.len() && sub_end > ty_end + 1 {
            if let Some((ty, slash_sub)) = offer.split_at_checked(ty_end) {
                if let Some((_, sub)) = slash_sub.split_at_checked(1) {
                    return Some(Offer::new(ty, sub, b""));
                }
            }
        }
    }
    parse_offer_general(offer)
}

/// [`parse_offer`] past its fast path: OWS, parameters, a wildcard, or
/// anything invalid. Out of line: the fast path needs few registers, none
/// saved and restored on every call.
#[inline(never)]
const fn parse_offer_general(offer: &[u8]) -> Option<Offer<'_>> {
    let Some(s) = trim_ows_const(offer) else {
        return None;
    };
    let ty_end = syntax::token_end(s, 0);
    if ty_end == 0 || ty_end >= s.len() || s[ty_end] != b'/' {
        return None;
    }
    let sub_start = ty_end + 1;
    let sub_end = syntax::token_end(s, sub_start);
    if sub_end == sub_start {
        return None;
    }
    // `*/subtype` is not a media type (what `parse_essence` rejects).
    if ty_end == 1 && s[0] == b'*' && !(sub_end == sub_start + 1 && s[sub_start] == b'*') {
        return None;
    }
    let mut count = 0usize;
    let mut last = sub_end;
    loop {
        match syntax::param_step(s, last) {
            Ok(ParamStep::End(end)) if end == s.len() => break,
            Ok(ParamStep::Empty(next)) => last = next,
            Ok(ParamStep::Param { value, .. }) => {
                count += 1;
                if count > MAX_PARAMS {
                    return None;
                }
                last = value.1;
            }
            Ok(ParamStep::End(_)) | Err(_) => return None,
        }
    }
    // `ty_end < sub_start <= sub_end <= last <= s.len()`: the splits succeed.
    let Some((ty_sub, _)) = s.split_at_checked(last) else {
        return None;
    };
    let Some((ty_sub, params)) = ty_sub.split_at_checked(sub_end) else {
        return None;
    };
    let Some((ty, slash_sub)) = ty_sub.split_at_checked(ty_end) else {
        return None;
    };
    let Some((_, sub)) = slash_sub.split_at_checked(1) else {
        return None;
    };
    Some(Offer::new(ty, sub, params))
}

/// `s` without leading and trailing OWS (a `const fn`; `None` never happens).
#[inline]
pub(crate) const fn trim_ows_const(s: &[u8]) -> Option<&[u8]> {
    let start = syntax::skip_ows(s, 0);
    let mut end = s.len();
    while end > start && syntax::is_ows(s[end - 1]) {
        end -= 1;
    }
    match s.split_at_checked(end) {
        Some((head, _)) => match head.split_at_checked(start) {
            Some((_, trimmed)) => Some(trimmed),
            None => None,
        },
        None => None,
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use std::string::String;

    /// `with_shape` on a copy of the text gives what `new` gives on it:
    /// the same parts (at the copy's addresses), words and validity.
    #[test]
    fn with_shape_on_a_copy_equals_parsing_the_copy() {
        for text in [
            "text/html",
            "application/problem+json",
            "text/html;level=1",
            " text/plain ; charset=utf-8 ",
            "TEXT/HTML",
            "*/*",
            "*/html",
            "text/",
            "bad",
            "",
            "text/html;q",
        ] {
            let original = MediaOffer::new(text);
            let copy = String::from(text);
            let parsed = MediaOffer::new(&copy);
            let shaped = MediaOffer::with_shape(&copy, &original.shape());
            let parts = |o: &MediaOffer<'_>| {
                (
                    o.offer.ty.as_ptr(),
                    o.offer.ty.len(),
                    o.offer.sub.as_ptr(),
                    o.offer.sub.len(),
                    o.offer.params.to_vec(),
                    o.offer.ty_first,
                    o.offer.sub_first,
                    o.words,
                    o.essence,
                    o.valid,
                )
            };
            if parsed.valid {
                assert_eq!(parts(&shaped), parts(&parsed), "{text:?}");
            } else {
                assert!(!shaped.valid, "{text:?}");
            }
            assert_eq!(shaped.as_str().as_ptr(), copy.as_ptr());
        }
    }
}
