//! Proactive negotiation fields (RFC 9110 §12.5).
//!
//! Each field has a borrowed view type (`Accept`, `AcceptLanguage`,
//! `AcceptEncoding`, `AcceptCharset`) that parses lazily, a
//! choice among the server's offers ([`Negotiation`]), a ranking of the
//! acceptable offers ([`Choice`]), and a list of the client's own preferences.

pub(crate) mod token;
mod media;
pub(crate) mod language;
pub(crate) mod encoding;
pub(crate) mod charset;

pub use charset::AcceptCharset;
pub use encoding::AcceptEncoding;
pub use language::{AcceptLanguage, Lookup};
#[cfg(feature = "alloc")]
pub(crate) use media::OfferShape;
pub use media::{Accept, IntoMediaOffer, MediaOffer, MediaParam, MediaRange, MediaRanges};
pub use token::{Preference, Preferences};

/// Default cap on the list elements considered in one field (see
/// [`Accept::max_elements`]).
pub const DEFAULT_MAX_ELEMENTS: u16 = 256;

use crate::Quality;

/// The outcome of choosing among the server's offers.
///
/// `Selected` carries the index into the caller's offer slice and the q-value
/// the client gave it; `NotAcceptable` means no offer is acceptable, which an
/// origin answers with `406 Not Acceptable` (RFC 9110 §15.5.7) unless it
/// chooses to disregard the field (RFC 9110 §12.4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum Negotiation {
    /// Offer `index` is the best acceptable one.
    Selected {
        /// Index into the offers the caller passed.
        index: usize,
        /// The client's q-value for that offer (never zero).
        quality: Quality,
    },
    /// Nothing offered is acceptable: 406.
    NotAcceptable,
}

impl Negotiation {
    /// The selected offer's index, if any.
    #[inline]
    pub const fn index(self) -> Option<usize> {
        match self {
            Negotiation::Selected { index, .. } => Some(index),
            Negotiation::NotAcceptable => None,
        }
    }

    /// `200` when an offer was selected, `406` when none is acceptable.
    #[inline]
    pub const fn status(self) -> u16 {
        match self {
            Negotiation::Selected { .. } => 200,
            Negotiation::NotAcceptable => 406,
        }
    }
}

/// How to order offers whose q-values are equal.
///
/// RFC 9110 leaves the tie-break open (RFC 9110 §12.5.3, §12.5.4). The default follows the
/// Policy ([`policy`](crate::policy)), which depends on the field:
///
/// - `Accept` (media types): the offer matched by the more specific range
///   first (RFC 9110 §12.5.1), then the client's order of the matching
///   ranges, then the server's order.
/// - `Accept-Language`, `Accept-Encoding`, `Accept-Charset`: the client's
///   order of the matching ranges first (what a client lists first it
///   prefers: `fr, en-US` chooses `fr` over `en-US`); among offers matched
///   by the same range, an exact match before a prefix match (the range
///   `en` prefers the offer `en` to `en-US`); then the server's order.
///
/// Which range gives an offer its q does not depend on this: always the
/// most specific one that matches it (RFC 9110 §12.5.1, §12.5.4).
///
/// ```
/// use conneg::AcceptLanguage;
///
/// let field = AcceptLanguage::new(b"fr, en-US");
/// assert_eq!(field.negotiate(&["en-US", "fr"]).index(), Some(1));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TieBreak {
    /// The field's own order after q (see above), then server order.
    #[default]
    Specificity,
    /// Server order right after q: the server's preference wins every tie.
    ServerOrder,
}

/// Which comes first after q under [`TieBreak::Specificity`]: a property of
/// the field (see [`TieBreak`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Order {
    /// Media types: the more specific range, then the client's order.
    Specificity,
    /// Token fields: a range that names the value before `*`, then the
    /// client's order, then (among offers matched by the same range) the
    /// more specific match, exact before prefix.
    Client,
}

impl TieBreak {
    /// The tie-break after q as one number, larger ranking first: under
    /// [`Specificity`](TieBreak::Specificity) with [`Order::Specificity`],
    /// the more specific matching range (higher `specificity`), then the one
    /// earlier in the client's list (lower `position`); with
    /// [`Order::Client`], a range naming the value before `*`, then the earlier
    /// range, then the more specific match;
    /// under [`ServerOrder`](TieBreak::ServerOrder), 0 for every choice.
    /// Equal keys go to the server's order (the lower index).
    ///
    /// The one place the rule is written: [`rank_key`](TieBreak::rank_key)
    /// puts q above it for each field's `negotiate` and `rank`, and
    /// `ContentNegotiation::select` compares it axis by axis after the
    /// combined quality.
    #[inline(always)]
    pub(crate) const fn key(self, order: Order, specificity: u16, position: u16) -> u32 {
        match (self, order) {
            (TieBreak::Specificity, Order::Specificity) => {
                (specificity as u32) << 16 | (u16::MAX - position) as u32
            }
            // A range that names the value (specificity > 0) before `*`
            // (which matches only what no range names), then the client's
            // order, then the specificity (an exact match before a prefix).
            (TieBreak::Specificity, Order::Client) => {
                ((specificity > 0) as u32) << 31
                    | ((u16::MAX - position) as u32) << 15
                    | (specificity & 0x7FFF) as u32
            }
            (TieBreak::ServerOrder, _) => 0,
        }
    }

    /// The bits of [`key`](TieBreak::key) this tie-break keeps (all, or
    /// none): `key(o, s, p) == TieBreak::Specificity.key(o, s, p) & key_mask()`,
    /// for callers that apply it to many keys at once.
    #[inline(always)]
    pub(crate) const fn key_mask(self) -> u32 {
        match self {
            TieBreak::Specificity => u32::MAX,
            TieBreak::ServerOrder => 0,
        }
    }

    /// A choice's rank as one number, larger ranking first: q, then
    /// [`key`](TieBreak::key). Equal ranks go to the server's order.
    #[inline(always)]
    pub(crate) const fn rank_key(
        self,
        order: Order,
        quality: Quality,
        specificity: u16,
        position: u16,
    ) -> u64 {
        (quality.thousandths() as u64) << 32 | self.key(order, specificity, position) as u64
    }
}

/// One acceptable offer in a ranking, best first (see [`Accept::rank`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Choice {
    pub(crate) index: usize,
    pub(crate) quality: Quality,
    /// Specificity of the matching range (higher is more specific).
    pub(crate) specificity: u16,
    /// Position of the matching range in the client's list.
    pub(crate) position: u16,
}

impl Choice {
    /// Index into the offers the caller passed.
    #[inline]
    pub const fn index(&self) -> usize {
        self.index
    }
    /// The client's q-value for this offer (never zero in a ranking).
    #[inline]
    pub const fn quality(&self) -> Quality {
        self.quality
    }

    /// Is `self` strictly better than `other` under `tie`?
    #[inline]
    pub(crate) fn beats(&self, other: &Choice, tie: TieBreak, order: Order) -> bool {
        self.order(other, tie, order) == core::cmp::Ordering::Less
    }

    /// This choice's rank under `tie` ([`TieBreak::rank_key`]).
    #[inline(always)]
    pub(crate) const fn key(&self, tie: TieBreak, order: Order) -> u64 {
        tie.rank_key(order, self.quality, self.specificity, self.position)
    }

    /// Ranking order: `Less` means `self` ranks before `other`: the greater
    /// [`key`](Choice::key), then the server's order.
    #[inline]
    pub(crate) fn order(&self, other: &Choice, tie: TieBreak, order: Order) -> core::cmp::Ordering {
        other
            .key(tie, order)
            .cmp(&self.key(tie, order))
            .then(self.index.cmp(&other.index))
    }
}

/// Lenient mode's rule for a field as a whole: if every non-empty element is
/// malformed, the field counts as absent. The one place it is written, for
/// every field's scoring and preference list.
///
/// A pass over the field saw `valid` valid elements, `malformed` malformed
/// ones, and skipped `unread` ones unread (their validity unknown: then
/// `any_valid`, a second look at the field, decides).
#[inline(always)]
pub(crate) fn all_malformed(
    valid: usize,
    malformed: usize,
    unread: usize,
    any_valid: impl FnOnce() -> bool,
) -> bool {
    valid == 0 && (malformed > 0 || unread > 0) && (unread == 0 || !any_valid())
}

/// Offers scored per pass over a field; more offers take more passes.
pub(crate) const CHUNK: usize = 32;

/// `(q, specificity, position)` of the range that decided an offer's q.
pub(crate) type Score = (Quality, u16, u16);

/// Chunk size for few offers: the per-call arrays are sized by it, so the
/// common case (a handful of offers) does not initialise [`CHUNK`]-sized ones.
pub(crate) const SMALL_CHUNK: usize = 8;

/// Chunks `offers` by [`CHUNK`], has `score_chunk` score each chunk in one
/// pass over the field (`None` = invalid offer or no matching range), and hands
/// every acceptable offer to `sink` in server order.
#[inline]
pub(crate) fn score_offers<O: AsRef<str>>(
    offers: &[O],
    score_chunk: impl FnMut(&[&[u8]], &mut [Option<Score>]),
    sink: impl FnMut(Choice),
) {
    // Same work either way; only the size of the scratch arrays differs.
    if offers.len() <= SMALL_CHUNK {
        score_offers_by::<O, SMALL_CHUNK>(offers, score_chunk, sink);
    } else {
        score_offers_by::<O, CHUNK>(offers, score_chunk, sink);
    }
}

/// [`score_offers`] with chunks of `N` offers.
#[inline]
fn score_offers_by<O: AsRef<str>, const N: usize>(
    offers: &[O],
    mut score_chunk: impl FnMut(&[&[u8]], &mut [Option<Score>]),
    mut sink: impl FnMut(Choice),
) {
    for (chunk_no, chunk) in offers.chunks(N).enumerate() {
        let mut values: [&[u8]; N] = [&[]; N];
        let mut scores: [Option<Score>; N] = [None; N];
        let len = chunk.len();
        let mut i = 0;
        while i < len {
            values[i] = chunk[i].as_ref().as_bytes();
            i += 1;
        }
        score_chunk(&values[..len], &mut scores[..len]);
        for (i, score) in scores[..len].iter().enumerate() {
            if let Some((quality, specificity, position)) = *score {
                if quality.is_acceptable() {
                    sink(Choice {
                        index: chunk_no * N + i,
                        quality,
                        specificity,
                        position,
                    });
                }
            }
        }
    }
}

/// Inserts `item` into `out[..*len]`, kept sorted by `key` (ascending; equal
/// keys keep insertion order), keeping only the best `out.len()` items: the
/// client-preference lists of every field. Elements are few and `out` small.
#[inline]
pub(crate) fn insert_sorted<T: Copy, K: Ord>(out: &mut [T], len: &mut usize, item: T, key: impl Fn(&T) -> K) {
    let at = out[..*len].partition_point(|r| key(r) <= key(&item));
    if at >= out.len() {
        return;
    }
    let end = if *len < out.len() {
        *len += 1;
        *len
    } else {
        out.len()
    };
    out[at..end].rotate_right(1);
    out[at] = item;
}

/// The best choice seen so far, for `negotiate`, of choices handed over in
/// server order (as every field's scoring does): a later choice replaces
/// the best only on a strictly greater [`Choice::key`], which keeps the
/// last tie, the server's order, without comparing indices.
pub(crate) struct Best {
    key: u64,
    best: Option<(usize, Quality)>,
    tie: TieBreak,
    order: Order,
}

impl Best {
    /// For media types ([`Order::Specificity`]).
    #[inline]
    pub(crate) const fn new(tie: TieBreak) -> Self {
        Best::by(tie, Order::Specificity)
    }

    #[inline]
    pub(crate) const fn by(tie: TieBreak, order: Order) -> Self {
        Best {
            key: 0,
            best: None,
            tie,
            order,
        }
    }

    #[inline(always)]
    pub(crate) fn consider(&mut self, c: &Choice) {
        let key = c.key(self.tie, self.order);
        if self.best.is_none() || key > self.key {
            self.key = key;
            self.best = Some((c.index, c.quality));
        }
    }

    /// Nothing considered yet.
    #[inline(always)]
    pub(crate) const fn is_empty(&self) -> bool {
        self.best.is_none()
    }

    #[inline]
    pub(crate) fn negotiation(self) -> Negotiation {
        match self.best {
            Some((index, quality)) => Negotiation::Selected { index, quality },
            None => Negotiation::NotAcceptable,
        }
    }
}

/// `rank`: the best `out.len()` choices that `score` hands its sink, sorted
/// best first; returns the filled part of `out`. For media types
/// ([`Order::Specificity`]); [`rank_into_by`] for the others.
#[inline]
pub(crate) fn rank_into(
    out: &mut [Choice],
    tie: TieBreak,
    score: impl FnOnce(&mut dyn FnMut(Choice)),
) -> &[Choice] {
    rank_into_by(out, tie, Order::Specificity, score)
}

/// [`rank_into`] under the field's `order`.
#[inline]
pub(crate) fn rank_into_by(
    out: &mut [Choice],
    tie: TieBreak,
    order: Order,
    score: impl FnOnce(&mut dyn FnMut(Choice)),
) -> &[Choice] {
    let mut len = 0;
    score(&mut |c| {
        keep_best(out, &mut len, c, tie, order);
    });
    let filled = &mut out[..len];
    filled.sort_unstable_by(|a, b| a.order(b, tie, order));
    filled
}

/// Keeps the best `out.len()` choices seen so far in `out[..*len]` (unsorted).
/// Returns how many were dropped because `out` was full.
#[inline]
pub(crate) fn keep_best(
    out: &mut [Choice],
    len: &mut usize,
    c: Choice,
    tie: TieBreak,
    order: Order,
) -> usize {
    if *len < out.len() {
        out[*len] = c;
        *len += 1;
        return 0;
    }
    // Full: replace the worst entry if `c` beats it.
    let mut worst: Option<usize> = None;
    for (i, existing) in out.iter().enumerate() {
        if worst.is_none_or(|w| out[w].beats(existing, tie, order)) {
            worst = Some(i);
        }
    }
    if let Some(w) = worst {
        if c.beats(&out[w], tie, order) {
            out[w] = c;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`TieBreak::rank_key`] (through [`Choice::order`]) ranks choices as
    /// comparing them field by field does: higher q, then under
    /// `Specificity` (media types) higher specificity and lower position,
    /// (token fields) a named range before `*`, lower position and higher
    /// specificity, then lower index.
    #[test]
    fn rank_keys_compare_like_field_by_field() {
        const Q: [u16; 3] = [1, 500, 1000];
        // Specificities go up to 0x1FF (a language range: exact bit and
        // subtag count); the token fields' key keeps 15 bits of it.
        const SPEC: [u16; 4] = [0, 1, 0x1FF, 0x7FFF];
        const POS: [u16; 3] = [0, 7, u16::MAX];
        let naive = |a: &Choice, b: &Choice, tie: TieBreak, order: Order| {
            let by_tie = match (tie, order) {
                (TieBreak::Specificity, Order::Specificity) => b
                    .specificity
                    .cmp(&a.specificity)
                    .then(a.position.cmp(&b.position)),
                (TieBreak::Specificity, Order::Client) => (b.specificity > 0)
                    .cmp(&(a.specificity > 0))
                    .then(a.position.cmp(&b.position))
                    .then(b.specificity.cmp(&a.specificity)),
                (TieBreak::ServerOrder, _) => core::cmp::Ordering::Equal,
            };
            b.quality.cmp(&a.quality).then(by_tie).then(a.index.cmp(&b.index))
        };
        let mut choices = [Choice::default(); 2 * 3 * 4 * 3];
        let mut n = 0;
        for index in 0..2 {
            for q in Q {
                for specificity in SPEC {
                    for position in POS {
                        choices[n] = Choice {
                            index,
                            quality: Quality::from_thousandths(q).unwrap(),
                            specificity,
                            position,
                        };
                        n += 1;
                    }
                }
            }
        }
        for order in [Order::Specificity, Order::Client] {
            for tie in [TieBreak::Specificity, TieBreak::ServerOrder] {
                for a in &choices {
                    // The mask form select applies to many keys at once.
                    assert_eq!(
                        tie.key(order, a.specificity, a.position),
                        TieBreak::Specificity.key(order, a.specificity, a.position) & tie.key_mask()
                    );
                    for b in &choices {
                        assert_eq!(
                            a.order(b, tie, order),
                            naive(a, b, tie, order),
                            "{a:?} {b:?} {tie:?}"
                        );
                    }
                }
                // `Best`, handed the choices in server order, keeps the first of
                // the best.
                let mut best = Best::by(tie, order);
                let mut sorted = choices;
                sorted.sort_by_key(|c| c.index);
                for c in &sorted {
                    best.consider(c);
                }
                let first = sorted.iter().min_by(|a, b| naive(a, b, tie, order)).unwrap();
                assert_eq!(
                    best.negotiation(),
                    Negotiation::Selected {
                        index: first.index,
                        quality: first.quality
                    }
                );
            }
        }
    }
}
