//! Proactive negotiation fields (RFC 9110 §12.5).
//!
//! Each field has a borrowed view type (`Accept`, `AcceptLanguage`,
//! `AcceptEncoding`, `AcceptCharset`) that parses lazily, a
//! choice among the server's offers ([`Negotiation`]), a ranking of the
//! acceptable offers ([`Choice`]), and a list of the client's own preferences.

pub(crate) mod token;
mod media;
pub(crate) mod language;
mod encoding;
mod charset;

pub use charset::AcceptCharset;
pub use encoding::AcceptEncoding;
pub use language::{AcceptLanguage, Lookup};
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
/// chooses to disregard the field (§12.4.1, N-02).
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
/// RFC 9110 leaves the tie-break open (N-47, N-63). The default follows the
/// DESIGN policy: the offer matched by the more specific range first (N-16), then
/// the client's order of the matching ranges, then the server's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TieBreak {
    /// More specific matching range, then client order, then server order.
    #[default]
    Specificity,
    /// Server order right after q: the server's preference wins every tie.
    ServerOrder,
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
    pub(crate) fn beats(&self, other: &Choice, tie: TieBreak) -> bool {
        self.order(other, tie) == core::cmp::Ordering::Less
    }

    /// Ranking order: `Less` means `self` ranks before `other`.
    #[inline]
    pub(crate) fn order(&self, other: &Choice, tie: TieBreak) -> core::cmp::Ordering {
        let by_q = other.quality.cmp(&self.quality);
        let by_tie = match tie {
            TieBreak::Specificity => other
                .specificity
                .cmp(&self.specificity)
                .then(self.position.cmp(&other.position)),
            TieBreak::ServerOrder => core::cmp::Ordering::Equal,
        };
        by_q.then(by_tie).then(self.index.cmp(&other.index))
    }
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

/// The best choice seen so far, for `negotiate`.
pub(crate) struct Best {
    best: Option<Choice>,
    tie: TieBreak,
}

impl Best {
    #[inline]
    pub(crate) const fn new(tie: TieBreak) -> Self {
        Best { best: None, tie }
    }

    #[inline]
    pub(crate) fn consider(&mut self, c: Choice) {
        if self.best.is_none_or(|b| c.beats(&b, self.tie)) {
            self.best = Some(c);
        }
    }

    #[inline]
    pub(crate) fn negotiation(self) -> Negotiation {
        match self.best {
            Some(c) => Negotiation::Selected {
                index: c.index,
                quality: c.quality,
            },
            None => Negotiation::NotAcceptable,
        }
    }
}

/// `rank`: the best `out.len()` choices that `score` hands its sink, sorted
/// best first; returns the filled part of `out`.
#[inline]
pub(crate) fn rank_into(
    out: &mut [Choice],
    tie: TieBreak,
    score: impl FnOnce(&mut dyn FnMut(Choice)),
) -> &[Choice] {
    let mut len = 0;
    score(&mut |c| {
        keep_best(out, &mut len, c, tie);
    });
    let filled = &mut out[..len];
    filled.sort_unstable_by(|a, b| a.order(b, tie));
    filled
}

/// Keeps the best `out.len()` choices seen so far in `out[..*len]` (unsorted).
/// Returns how many were dropped because `out` was full.
#[inline]
pub(crate) fn keep_best(out: &mut [Choice], len: &mut usize, c: Choice, tie: TieBreak) -> usize {
    if *len < out.len() {
        out[*len] = c;
        *len += 1;
        return 0;
    }
    // Full: replace the worst entry if `c` beats it.
    let mut worst: Option<usize> = None;
    for (i, existing) in out.iter().enumerate() {
        if worst.is_none_or(|w| out[w].beats(existing, tie)) {
            worst = Some(i);
        }
    }
    if let Some(w) = worst {
        if c.beats(&out[w], tie) {
            out[w] = c;
        }
    }
    1
}
