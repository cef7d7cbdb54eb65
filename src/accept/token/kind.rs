//! What differs between the three token-valued fields (Accept-Language,
//! Accept-Encoding, Accept-Charset): validity and matching of a value, and
//! the identity coding's implicit score.

use crate::Quality;
#[cfg(doc)]
use crate::accept::TieBreak;
use crate::accept::{Order, Score};

/// What differs between the three fields.
pub(crate) trait Kind {
    /// The field's registered name.
    const FIELD: &'static str;
    /// Accept-Encoding's identity rules (RFC 9110 §12.5.3).
    const IDENTITY: bool = false;
    /// Whether the field falls back to RFC 4647 Lookup when Basic Filtering
    /// finds no acceptable offer (Accept-Language, RFC 4647 §3.4).
    const LOOKUP: bool = false;
    /// The next shorter form of a range that Lookup tries
    /// ([`LOOKUP`](Kind::LOOKUP) kinds only).
    #[inline(always)]
    fn truncate(_range: &[u8]) -> Option<&[u8]> {
        None
    }
    /// How ties after q are ordered ([`TieBreak::key`]): a range that names
    /// the value before `*`, then the client's order of the matching ranges,
    /// for every token field.
    const ORDER: Order = Order::Client;
    /// Is `value` (a token) a valid element value (`*` included)?
    fn valid_range(value: &[u8]) -> bool;
    /// Is `offer` a valid value for the server to offer?
    fn valid_offer(offer: &[u8]) -> bool;
    /// If `range` matches `offer`, its specificity (higher is more specific,
    /// and among equal q the higher ranks first). The rule as one function,
    /// for the tests: scoring uses its two parts, [`matches_key`](Kind::matches_key)
    /// and [`range_specificity`](Kind::range_specificity).
    #[cfg_attr(not(test), allow(dead_code))]
    fn matches(range: &[u8], offer: &[u8]) -> Option<u16>;
    /// Where, in a value, the form that [`matches_key`](Kind::matches_key)
    /// compares starts (Accept-Encoding skips the `x-` of its aliases): the
    /// key is `&value[key_offset(value)..]`, computed once per element and
    /// once per offer, not once per comparison. Never empty for a non-empty
    /// value, and its first octet must match case-insensitively for a range
    /// other than `*` to match. The value's own first octet must be in
    /// [`RANGE_FIRSTS`](Kind::RANGE_FIRSTS) when it differs from its key's.
    #[inline(always)]
    fn key_offset(_value: &[u8]) -> usize {
        0
    }
    /// First octets of ranges whose key starts elsewhere (see
    /// [`key_offset`](Kind::key_offset)), as a set of [`folded`] octets.
    const RANGE_FIRSTS: u32 = 0;
    /// If the keys of a range and an offer match, what the match adds to
    /// the range's own [`specificity`](Kind::specificity) (together what
    /// [`matches`](Kind::matches) gives): the range's part is then computed
    /// once per element, with its validity, not once per matching offer.
    fn matches_key(range: &[u8], offer: &[u8]) -> Option<u16>;
    /// [`matches_key`](Kind::matches_key) for a range (other than `*`)
    /// that is `key[..len]` case-insensitively, `len` ≥ 1: a range that
    /// matches a key is always such a prefix of it, so the scoring fast
    /// path finds a value's end and its match in one comparison.
    #[inline(always)]
    fn matches_prefix(key: &[u8], len: usize) -> Option<u16> {
        (len == key.len()).then_some(0)
    }
    /// Does a match of this specificity ([`matches_prefix`](Kind::matches_prefix)'s
    /// plus the range's own) with a range that [`range_specificity`](Kind::range_specificity)
    /// accepts prove the offer valid? Only when the match covers the whole
    /// key and every valid range is, in every case of its letters, a valid
    /// offer (or `*`, which `negotiate_few` never matches this way): then
    /// the offer is such a range, and need not be checked again.
    #[inline(always)]
    fn match_proves_offer(_specificity: u16) -> bool {
        false
    }
    /// Specificity of a range on its own, for the client-preference list.
    fn specificity(range: &[u8]) -> u16;
    /// [`valid_range`](Kind::valid_range) and then
    /// [`specificity`](Kind::specificity), in one pass where the kind can.
    #[inline(always)]
    fn range_specificity(value: &[u8]) -> Option<u16> {
        Self::valid_range(value).then(|| Self::specificity(value))
    }
}

/// Matching by name (case-insensitive), where a named value (specificity 1)
/// beats `*` (0), which matches every value: Accept-Charset's and
/// Accept-Encoding's rule (RFC 9110 §8.3.2, §12.5.3).
#[cfg_attr(not(test), allow(dead_code))]
#[inline(always)]
pub(crate) fn named_or_any(range: &[u8], offer: &[u8]) -> Option<u16> {
    if range == b"*" {
        Some(0)
    } else if crate::kernel::eq_ignore_case(range, offer) {
        Some(1)
    } else {
        None
    }
}

/// [`named_or_any`] as [`Kind::matches_key`] gives it: a match adds nothing
/// to the range's own specificity (1 when named, 0 for `*`).
#[inline(always)]
pub(crate) fn named_or_any_key(range: &[u8], offer: &[u8]) -> Option<u16> {
    (range == b"*" || crate::kernel::eq_ignore_case(range, offer)).then_some(0)
}

/// How an identity offer fares in Accept-Encoding when no range names it or
/// `*` covers it: acceptable, below every coding the field names (RFC 9110 §12.5.3).
///
/// The score is a sentinel no element gives (an element's position is below
/// `max_elements`, so below `u16::MAX`): its q, 0.001, ranks it below every
/// named coding in the field's own `negotiate` and `rank`, and its position
/// gives it the lowest tie-break key. [`stated_quality`] decodes it: the one
/// other place that knows the encoding.
pub(crate) const IMPLICIT_IDENTITY: Score = (
    match Quality::from_thousandths(1) {
        Some(q) => q,
        None => Quality::ZERO,
    },
    0,
    u16::MAX,
);

/// How an identity offer fares in Accept-Encoding when no range names it or
/// `*` covers it: an `empty` field (no element at all) asks for identity at
/// q=1 (RFC 9110 §12.5.3); otherwise [`IMPLICIT_IDENTITY`].
#[inline(always)]
pub(crate) const fn implicit_identity(empty: bool) -> Score {
    if empty {
        (Quality::ONE, 0, 0)
    } else {
        IMPLICIT_IDENTITY
    }
}

/// The q-value the client stated for what `score` scored, or `None` for
/// [`IMPLICIT_IDENTITY`] (identity acceptable, no q stated): what
/// `ContentNegotiation::select` multiplies into a variant's quality, where an
/// implicit identity is a neutral factor.
#[inline(always)]
pub(crate) fn stated_quality(score: Score) -> Option<Quality> {
    (score != IMPLICIT_IDENTITY).then_some(score.0)
}

pub(crate) fn is_identity(v: &[u8]) -> bool {
    // One word comparison: `identity` is all letters, and setting an
    // octet's case bit (0x20) gives a lowercase letter exactly when the
    // octet is that letter in either case.
    match v.first_chunk::<8>() {
        Some(word) if v.len() == 8 => {
            u64::from_le_bytes(*word) | 0x2020_2020_2020_2020 == u64::from_le_bytes(*b"identity")
        }
        _ => false,
    }
}
