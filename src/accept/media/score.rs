//! Scoring an `Accept` field against offers: the pre-filter that skips
//! elements no offer can match, and the per-element score.
use crate::accept::MediaRange;
use crate::accept::media::AsOffer;
use crate::accept::media::Offer;
use crate::accept::media::range::Essence;
use crate::accept::media::range::parse_at;
use crate::accept::media::range::parse_rest;
use crate::kernel::word_at;

use crate::Quality;
use crate::accept::{Choice, Score};
use crate::error::ErrorKind;
use crate::syntax::{self};

/// How [`score_element`] read an element. Each kind is a bit: the caller
/// keeps the kinds it saw in one byte.
#[derive(Clone, Copy)]
#[repr(u8)]
pub(crate) enum Read {
    /// Skipped: it cannot change a score.
    Unread = 4,
    /// Parsed, and found malformed.
    Malformed = 2,
    /// Parsed and scored.
    Valid = 1,
}

/// Scores the element that starts at `line[start]` (its `position` in the
/// field) into `out` (`out[j]` for `offers[j]`): parsed only if it can
/// change a score. Returns where the element ends and how it was read.
///
/// Not inlined: the caller's loop over the elements it skips by their first
/// octet stays in registers. The common element, an offer's type and
/// subtype alone or with a lone weight, takes [`score_plain`], in a small
/// frame; the rest [`score_general`], told which offer the element names
/// if `score_plain` found it.
#[inline(never)]
pub(crate) fn score_element<T: AsOffer>(
    line: &[u8],
    start: usize,
    position: u16,
    offers: &[T],
    out: &mut [Option<Score>],
) -> (usize, Read) {
    match score_plain(line, start, position, offers, out) {
        Ok(end) => (end, Read::Valid),
        Err(named) => score_general(line, start, position, offers, out, named),
    }
}

/// Scores the element at `line[start]` (its `position`) as
/// [`score_general`] would, if it is an offer's type and subtype, or the
/// type and `*`, in any case, alone or with a lone weight
/// (`application/xml;q=0.9`, `text/*;q=0.5`), and returns where it ends.
/// Otherwise nothing is done, and the `Err` holds the element's essence
/// and the offer it names, if found (for parameters to parse).
///
/// Such an element is valid (its type and subtype are the offer's tokens
/// or `*`, followed by the element's end or a valid weight) and is a range
/// without parameters, of specificity `2 << 8` matching exactly the offers
/// of the same type and subtype, or `1 << 8` (subtype `*`) matching those
/// of the same type: what [`relevance`] and [`essence_or_range`] find for
/// it, without the [`Relevance`] they pass between them. The essence is the
/// one [`relevance`] finds, whichever offer of the type (and subtype) it
/// stops at. An element starting with `*` is left to them (an offer of
/// type `*` is compared literally, `*/*` is another range).
#[inline(always)]
pub(crate) fn score_plain<'a, T: AsOffer>(
    line: &'a [u8],
    start: usize,
    position: u16,
    offers: &[T],
    out: &mut [Option<Score>],
) -> Result<usize, Option<(Essence<'a>, usize)>> {
    let rest = line.get(start..).ok_or(None)?;
    if rest.first() == Some(&b'*') {
        return Err(None);
    }
    // The first offer the element spells: its type, `/`, its subtype, then
    // the element's end, `,` or `;` (the subtype compared first: where
    // offers of one type differ).
    let found = offers.iter().enumerate().find_map(|(j, offer)| {
        let o = offer.offer();
        let (ty, after) = rest.split_at_checked(o.ty.len())?;
        let [b'/', after @ ..] = after else { return None };
        let &c = after.first()?;
        let wildcard = c == b'*';
        // The subtype's first octet, with the case bit set (equal octets
        // stay equal): where offers of one type differ.
        if !wildcard && c | 0x20 != o.sub_first | 0x20 {
            return None;
        }
        let (sub, tail) = after.split_at_checked(if wildcard { 1 } else { o.sub.len() })?;
        if !matches!(tail.first(), None | Some(b',' | b';')) {
            return None;
        }
        // Prepared offers: first the one-step comparisons of the words, which
        // hold when the element writes them as the offer's, lowercase.
        let words = offer.words();
        let word_is = |at: usize, len: usize, word: u64| word_at(line, at, len) == Some(word);
        let sub_ok = wildcard
            || words.is_some_and(|(_, w)| word_is(start + ty.len() + 1, sub.len(), w))
            || crate::kernel::eq_ignore_case(sub, o.sub);
        let ty_ok = || {
            words.is_some_and(|(w, _)| word_is(start, ty.len(), w))
                || crate::kernel::eq_ignore_case_long(ty, o.ty)
        };
        (sub_ok && ty_ok()).then_some((j, ty, sub, tail))
    });
    let (j, ty, sub, tail) = found.ok_or(None)?;
    // `type/*` (level 1) matches every subtype of its type.
    let level = if sub == b"*" { 1 } else { 2 };
    let sub_end = line.len() - tail.len();
    let (quality, end) = match tail.first() {
        None | Some(b',') => (Quality::ONE, sub_end),
        _ => syntax::lone_weight_inline(line, sub_end).ok_or(Some(((ty, sub, level, sub_end), j)))?,
    };
    let specificity = level << 8;
    for (k, (score, offer)) in out.iter_mut().zip(offers).enumerate() {
        if score.is_some_and(|(_, spec, _)| spec >= specificity) {
            continue;
        }
        let p = offer.offer();
        if k == j
            || ((level == 1 || crate::kernel::eq_ignore_case(sub, p.sub))
                && crate::kernel::eq_ignore_case_long(ty, p.ty))
        {
            *score = Some((quality, specificity, position));
        }
    }
    Ok(end)
}

/// [`score_element`] for any element; `named`: the element's essence and
/// an offer of that type and subtype, as [`relevance`] would find them, if
/// known.
#[inline(never)]
pub(crate) fn score_general<'a, T: AsOffer>(
    line: &'a [u8],
    start: usize,
    position: u16,
    offers: &[T],
    out: &mut [Option<Score>],
    named: Option<(Essence<'a>, usize)>,
) -> (usize, Read) {
    // An element `score_plain` named an offer for has parameters to parse.
    let relevance = match named {
        Some((essence, j)) => Relevance::Parameters(essence, j),
        None => relevance(line, start, offers),
    };
    let (parsed, known) = match relevance {
        Relevance::Parameters(essence, j) => (Err(parse_rest(line, essence, true, true, position)), Some(j)),
        Relevance::None => return (syntax::element_end(line, start), Read::Unread),
        Relevance::Essence(essence) => (essence_or_range(line, essence, position, offers, out, None), None),
        Relevance::Offer(essence, j) => (
            essence_or_range(line, essence, position, offers, out, Some(j)),
            Some(j),
        ),
        Relevance::Wildcard => (Err(parse_wildcard(line, start, position)), None),
    };
    let parsed = match parsed {
        Ok(end) => return (end, Read::Valid),
        Err(parsed) => parsed,
    };
    let Ok((range, end)) = parsed else {
        return (syntax::element_end(line, start), Read::Malformed);
    };
    let better = |score: &Option<Score>| !score.is_some_and(|(_, spec, _)| spec >= range.specificity);
    let known = known.unwrap_or(usize::MAX);
    for (j, (score, offer)) in out.iter_mut().zip(offers).enumerate() {
        // Offer `known`'s type and subtype were compared already.
        let matches = |o: &Offer<'_>| {
            if j == known {
                range.params_match(o)
            } else {
                range.matches_parsed(o)
            }
        };
        if better(score) && matches(offer.offer()) {
            *score = Some((range.quality, range.specificity, range.position));
        }
    }
    (end, Read::Valid)
}

/// Scores the element at `line[pos]` (its `position`) if it is `*/*` (or
/// a bare `*`) alone or with a lone weight (`*/*;q=0.8`, `*; q=.2`), as
/// [`score_element`] would,
/// and returns where it ends; `None` (nothing done) for any other element.
/// `*/*` matches every offer as the least specific range: it scores those
/// nothing scored yet. Not inlined, and needing few registers: cheaper
/// than [`score_element`] for the browsers' and curl's `*/*`.
#[inline(never)]
pub(crate) fn score_any(line: &[u8], pos: usize, position: u16, out: &mut [Option<Score>]) -> Option<usize> {
    // `*/*`, or a bare `*`, which lenient reading takes for `*/*` (Java's
    // default `…, *; q=.2, */*; q=.2`).
    let at = match line.get(pos..)? {
        [b'*', b'/', b'*', ..] => pos + 3,
        [b'*', ..] => pos + 1,
        _ => return None,
    };
    let (quality, end) = match line.get(at) {
        None | Some(b',') => (Quality::ONE, at),
        Some(b';') => match syntax::lone_weight_inline(line, at) {
            Some(weighed) => weighed,
            None => syntax::padded_weight(line, at)?,
        },
        Some(b' ' | b'\t') => syntax::padded_weight(line, at)?,
        Some(_) => return None,
    };
    for score in out.iter_mut().filter(|s| s.is_none()) {
        *score = Some((quality, 0, position));
    }
    Some(end)
}

/// For prepared offers: scores the element at `line[start]` (its
/// `position`) as [`score_element`] would, if it is an offer's essence
/// exactly as [`essence_of`](crate::kernel::essence_of) packs it (lowercase,
/// at most sixteen octets, the subtype not `*`), alone or with a lone
/// weight (`text/html`, `application/xml;q=0.9`); returns where it ends.
/// `None` (nothing done) for any other element, left to [`score_element`].
///
/// Such an element is a range of specificity `2 << 8` that matches the
/// offers of the same type and subtype, which are those packed to the same
/// essence: the element's sixteen octets are read once, and each offer
/// takes one masked comparison. Not inlined, and needing few registers:
/// cheaper than [`score_element`] for the browsers' plain elements.
#[inline(never)]
pub(crate) fn score_exact<T: AsOffer>(
    line: &[u8],
    start: usize,
    position: u16,
    offers: &[T],
    out: &mut [Option<Score>],
) -> Option<usize> {
    let window = crate::kernel::window16(line, start);
    let (word, o) = offers.iter().find_map(|offer| {
        let (word, mask) = offer.essence()?;
        (window & mask == word).then(|| (word, offer.offer()))
    })?;
    let essence_end = start + o.ty.len() + 1 + o.sub.len();
    let (quality, end) = match line.get(essence_end) {
        None | Some(b',') => (Quality::ONE, essence_end),
        Some(b';') => syntax::lone_weight_inline(line, essence_end)?,
        Some(_) => return None,
    };
    const SPECIFICITY: u16 = 2 << 8;
    for (score, offer) in out.iter_mut().zip(offers) {
        // Essences are equal when their words are: a word's octets are
        // not zero, so it fixes its length and mask.
        if !score.is_some_and(|(_, spec, _)| spec >= SPECIFICITY)
            && offer.essence().is_some_and(|(w, _)| w == word)
        {
            *score = Some((quality, SPECIFICITY, position));
        }
    }
    Some(end)
}

/// [`parse_at`] for an element whose type starts with `*` other than
/// `*/*` (rare, out of line): the caller keeps its registers.
#[cold]
#[inline(never)]
fn parse_wildcard(line: &[u8], start: usize, position: u16) -> Parsed<'_> {
    parse_at(line, start, true, true, position)
}

/// What [`parse_at`] and [`parse_rest`] return: the range and where its
/// element ends, or the error and its offset.
pub(crate) type Parsed<'a> = Result<(MediaRange<'a>, usize), (ErrorKind, usize)>;

/// The common elements without parameters, `type/sub` and `type/sub;q=0.9`,
/// scored straight from their essence: `Ok` with where the element ends, or
/// `Err` with what [`parse_rest`] reads for any other element.
///
/// Without parameters the range's specificity is `level << 8` and it matches
/// an offer exactly when its type and subtype do (`*` matching anything), so
/// this scores as the general loop in [`score_element`] would, without
/// building a [`MediaRange`]. Offer `known`'s type and subtype were compared
/// already.
#[inline(always)]
pub(crate) fn essence_or_range<'a, T: AsOffer>(
    line: &'a [u8],
    essence: Essence<'a>,
    position: u16,
    offers: &[T],
    out: &mut [Option<Score>],
    known: Option<usize>,
) -> Result<usize, Parsed<'a>> {
    let (ty, sub, level, sub_end) = essence;
    let tail = match line.get(sub_end) {
        None | Some(b',') => Some((Quality::ONE, sub_end)),
        Some(b';') => syntax::lone_weight_inline(line, sub_end),
        Some(_) => None,
    };
    let Some((quality, end)) = tail else {
        return Err(parse_rest(line, essence, true, true, position));
    };
    let specificity = level << 8;
    let known = known.unwrap_or(usize::MAX);
    for (j, (score, offer)) in out.iter_mut().zip(offers).enumerate() {
        if score.is_some_and(|(_, spec, _)| spec >= specificity) {
            continue;
        }
        let o = offer.offer();
        let matches = j == known
            || level == 0
            || ((level == 1 || crate::kernel::eq_ignore_case(sub, o.sub))
                && crate::kernel::eq_ignore_case(ty, o.ty));
        if matches {
            *score = Some((quality, specificity, position));
        }
    }
    Ok(end)
}

/// Copies the valid offers (`Some`) into `packed`, each with its index among
/// `offers` in `index_of`; returns how many there are. At most
/// `packed.len()` offers are read (`packed.len() <= CHUNK`).
#[inline]
pub(crate) fn pack<'a>(
    offers: impl Iterator<Item = Option<Offer<'a>>>,
    packed: &mut [Offer<'a>],
    index_of: &mut [u8],
) -> usize {
    let mut k = 0;
    for (i, offer) in offers.enumerate().take(packed.len().min(usize::from(u8::MAX))) {
        if let (Some(parsed), Some(slot), Some(at)) = (offer, packed.get_mut(k), index_of.get_mut(k)) {
            *slot = parsed;
            *at = i as u8; // i < packed.len() <= CHUNK
            k += 1;
        }
    }
    k
}

/// Hands the acceptable scores to `sink` as choices, in order: `scores[k]`
/// belongs to offer `base + index_of(k)`.
#[inline]
pub(crate) fn emit(
    base: usize,
    scores: &[Option<Score>],
    index_of: impl Fn(usize) -> Option<u8>,
    sink: &mut impl FnMut(Choice),
) {
    for (k, score) in scores.iter().enumerate() {
        if let (Some((quality, specificity, position)), Some(i)) = (*score, index_of(k)) {
            if quality.is_acceptable() {
                sink(Choice {
                    index: base + usize::from(i),
                    quality,
                    specificity,
                    position,
                });
            }
        }
    }
}

/// Whether the element at some `start` can change an offer's score, judged
/// from its type and subtype only.
pub(crate) enum Relevance<'a> {
    /// No offer's score: skip the element unread.
    None,
    /// Its type and subtype equal an offer's (the subtype maybe `*`): the
    /// essence, read while comparing, is valid; the rest is to be parsed.
    Essence(Essence<'a>),
    /// As `Essence`, found equal to offer `.1`'s type and subtype (the
    /// subtype maybe `*`): whether it matches that offer depends only on
    /// its parameters.
    Offer(Essence<'a>, usize),
    /// Its type starts with `*`: parse it whole.
    Wildcard,
    /// As `Offer`, and its essence is followed by parameters other than a
    /// lone weight (found by [`score_plain`], never by [`relevance`]).
    Parameters(Essence<'a>, usize),
}

/// Every octet lowercased ([`u8::to_ascii_lowercase`]), read from a table:
/// one load for the element's first octet, where the arithmetic takes six
/// instructions in the loop over the elements.
const LOWERCASE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = (i as u8).to_ascii_lowercase();
        i += 1;
    }
    table
};

/// The first checks of [`relevance`], inline in the loop over the elements:
/// `false` when it would find the element irrelevant by its first octets
/// (those of the subtype compared with the case bit set, a weaker test).
#[inline(always)]
pub(crate) fn may_be_relevant<T: AsOffer>(s: &[u8], start: usize, first: u8, offers: &[T]) -> bool {
    if first == b'*' {
        return true;
    }
    let first = LOWERCASE[usize::from(first)];
    offers.iter().any(|o| {
        let o = o.offer();
        if first != o.ty_first {
            return false;
        }
        // `/`, then `*` or the subtype's first two octets with the case
        // bit set (equal octets stay equal, a letter's two cases become
        // one), read as one word.
        let after = start + o.ty.len();
        if let Some(word) = s.get(after..).and_then(|rest| rest.first_chunk::<4>()) {
            let word = u32::from_le_bytes(*word);
            // The `/` alone first: most elements of another type fail it.
            return word as u8 == b'/'
                && ((word | 0x20_2000) & o.slash_mask == o.slash_key || (word >> 8) as u8 == b'*');
        }
        match s.get(after..) {
            // The subtype's second octet too, with the case bit set
            // (equal octets stay equal, a letter's two cases become
            // one): `application/xhtml+xml` is not `application/xml`.
            Some(&[b'/', c, d, ..]) => {
                c == b'*'
                    || (c.to_ascii_lowercase() == o.sub_first
                        && o.sub.get(1).is_none_or(|&e| (d | 0x20) == (e | 0x20)))
            }
            Some(&[b'/', c]) => c == b'*' || c.to_ascii_lowercase() == o.sub_first,
            _ => false,
        }
    })
}

/// Could the element starting at `s[start]` match any of `offers`?
///
/// Unless the element's type starts with `*` (rare; left to [`may_match`]
/// and a full parse), a match needs the type's first octet to be the offer
/// type's first octet, a `/` right after as many octets as the offer's type
/// has, and then `*` or the offer subtype's first octet (all
/// case-insensitively): three octets that reject most elements. The offer
/// that passes them is compared in full, and when its type and subtype match
/// (the subtype maybe `*`), what was compared is the element's essence, as
/// [`parse_essence`] would read it: the type equals the offer's valid token
/// and is followed by `/`, and the subtype is `*` or the offer's token,
/// followed by a non-`tchar`.
#[inline]
pub(crate) fn relevance<'s, T: AsOffer>(s: &'s [u8], start: usize, offers: &[T]) -> Relevance<'s> {
    let Some(&first) = s.get(start) else {
        return Relevance::None;
    };
    if first == b'*' {
        // `*/*` itself: the essence `parse_essence` reads, and it matches
        // every offer's type and subtype.
        if let Some(&[b'/', b'*']) = s.get(start + 1..start + 3) {
            if !s.get(start + 3).is_some_and(|&b| syntax::is_tchar(b)) {
                return Relevance::Essence((&s[start..start + 1], &s[start + 2..start + 3], 0, start + 3));
            }
        }
        // A bare `*` (lenient mode reads it as `*/*`), or `*` followed by
        // what may be a subtype matching some offer.
        let bare = !s
            .get(start + 1)
            .is_some_and(|&b| b == b'/' || syntax::is_tchar(b));
        return if bare || offers.iter().any(|o| may_match(s, start, o.offer())) {
            Relevance::Wildcard
        } else {
            Relevance::None
        };
    }
    let first = first.to_ascii_lowercase();
    for (j, offer) in offers.iter().enumerate() {
        let o = offer.offer();
        if first != o.ty_first {
            continue;
        }
        let slash = start + o.ty.len();
        match s.get(slash..).and_then(|rest| rest.get(..2)) {
            Some(&[b'/', c]) if c == b'*' || c.to_ascii_lowercase() == o.sub_first => {}
            _ => continue,
        }
        let (Some(ty), Some(after)) = (s.get(start..slash), s.get(slash + 1..)) else {
            continue;
        };
        // Prepared offers: first the one-step comparison of the type and
        // the subtype written as the offer's, lowercase (what `word_at`
        // reads equals the offer's word only then).
        let words = offer.words();
        let exact_ty = words.is_some_and(|(ty_word, _)| word_at(s, start, ty.len()) == Some(ty_word));
        if !(exact_ty || crate::kernel::eq_ignore_case_long(ty, o.ty)) {
            continue;
        }
        let sub_len = o.sub.len();
        let exact_sub = words.is_some_and(|(_, sub_word)| word_at(s, slash + 1, sub_len) == Some(sub_word))
            && !after.get(sub_len).is_some_and(|&b| syntax::is_tchar(b));
        if let Some(len) = if exact_sub {
            Some(sub_len)
        } else {
            token_prefix(after, o.sub)
        } {
            let sub = &after[..len.min(after.len())];
            // `ty` does not start with `*`, so it is not the wildcard type.
            let level = if sub == b"*" { 1 } else { 2 };
            return Relevance::Offer((ty, sub, level, slash + 1 + len), j);
        }
    }
    Relevance::None
}

/// Could the element starting at `s[start]` match `offer`? Compares its type
/// and subtype with the offer's in place, case-insensitively, without parsing
/// the element: `false` means the element cannot change the offer's score,
/// whatever else it holds (and whether or not it is well-formed).
#[inline]
pub(crate) fn may_match(s: &[u8], start: usize, offer: &Offer<'_>) -> bool {
    let rest = s.get(start..).unwrap_or_default();
    let Some(after_type) = token_prefix(rest, offer.ty) else {
        return false;
    };
    if rest.get(after_type) != Some(&b'/') {
        return false;
    }
    let sub = &rest[after_type + 1..];
    token_prefix(sub, offer.sub).is_some()
}

/// If `s` starts with the token `*` or with `token` (case-insensitively), and
/// that token ends there, the length matched.
#[inline]
pub(crate) fn token_prefix(s: &[u8], token: &[u8]) -> Option<usize> {
    let ends_at = |n: usize| !s.get(n).is_some_and(|&b| syntax::is_tchar(b));
    if s.first() == Some(&b'*') && ends_at(1) {
        return Some(1);
    }
    let prefix = s.get(..token.len())?;
    (crate::kernel::eq_ignore_case(prefix, token) && ends_at(token.len())).then_some(token.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn lowercase_table_agrees_with_to_ascii_lowercase() {
        for b in 0..=u8::MAX {
            assert_eq!(
                super::LOWERCASE[usize::from(b)],
                b.to_ascii_lowercase(),
                "{b:#04x}"
            );
        }
    }
}
