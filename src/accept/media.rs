//! `Accept` (RFC 9110 §12.5.1): media ranges, and choosing a media type.

use core::fmt;

use super::{CHUNK, Choice, DEFAULT_MAX_ELEMENTS, Negotiation, SMALL_CHUNK, Score, TieBreak, rank_into};
use crate::Quality;
use crate::error::{ErrorKind, ParseError};
use crate::field::{Cursor, FieldLines, first_octet_key, is_separator};
use crate::syntax::{self, ParamStep, Params};

/// Parameters per element beyond which the element is malformed
/// ([`ErrorKind::TooManyParameters`]): it bounds the parameter matching work.
const MAX_PARAMS: usize = 16;

const FIELD: &str = "Accept";

/// The `Accept` request field (RFC 9110 §12.5.1), borrowed and parsed lazily.
///
/// ```abnf
/// Accept      = #( media-range [ weight ] )
/// media-range = ( "*/*" / ( type "/*" ) / ( type "/" subtype ) ) parameters
/// ```
///
/// What it does, in RFC terms:
///
/// - Type and subtype compare case-insensitively (N-11); parameter names too
///   (S-18); parameter values case-sensitively, except `charset` (N-12), with a
///   quoted value equal to its unquoted form (S-19).
/// - `q` is the weight wherever it appears among the parameters (N-13);
///   parameters after it are ordinary parameters (N-15).
/// - An offer's q-value comes from the **most specific** range that matches it
///   (N-16, N-17): `type/subtype` with more parameters beats `type/subtype`, which
///   beats `type/*`, which beats `*/*`. Among equally specific ranges, the first
///   in the client's order counts. A range with parameters matches only offers
///   that carry all of them; a range without parameters matches any parameters.
/// - `q=0` means "not acceptable" (N-03), so `text/*, text/plain;q=0` vetoes
///   `text/plain` (N-07).
/// - An absent field accepts everything (N-01): the server's first offer wins.
///
/// Malformed elements (`*/html`, `text/html;q=1.5`, `text/html foo`) are
/// skipped (lenient, the default). If every non-empty element is malformed the
/// field counts as absent. [`validate`](Accept::validate) is strict mode: it
/// reports the first error with its byte offset.
///
/// Ties after q follow [`TieBreak`] (default: the more specific matching range,
/// then the client's order, then the server's order).
///
/// Work is one forward pass over the field per 32 offers, plus
/// elements × offers comparisons, with at most [`max_elements`](Accept::max_elements)
/// elements considered; nothing allocates.
///
/// # Examples
///
/// ```
/// use conneg::{Accept, Negotiation, Quality};
///
/// let accept = Accept::new(b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
/// let offers = ["application/json", "text/html"];
/// assert_eq!(accept.negotiate(&offers).index(), Some(1));
///
/// // Nothing acceptable: 406.
/// let accept = Accept::new(b"image/*, */*;q=0");
/// assert_eq!(accept.negotiate(&["text/html"]), Negotiation::NotAcceptable);
/// assert_eq!(accept.negotiate(&["text/html"]).status(), 406);
///
/// // Strict mode reports where the field is malformed; lenient mode skips it.
/// let accept = Accept::new(b"text/html;q=1.5, application/json");
/// assert!(accept.validate().is_err());
/// assert_eq!(accept.negotiate(&["text/html", "application/json"]).index(), Some(1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accept<'h> {
    field: FieldLines<'h>,
    max_elements: u16,
    tie: TieBreak,
}

impl<'h> Accept<'h> {
    /// One `Accept` field line.
    #[inline]
    pub const fn new(value: &'h [u8]) -> Self {
        Accept::from_field(FieldLines::one(value))
    }

    /// No `Accept` field: every media type is acceptable (N-01).
    #[inline]
    pub const fn absent() -> Self {
        Accept::from_field(FieldLines::ABSENT)
    }

    /// Any number of `Accept` field lines (none = absent), combined in order (S-02).
    #[inline]
    pub const fn from_field(field: FieldLines<'h>) -> Self {
        Accept {
            field,
            max_elements: DEFAULT_MAX_ELEMENTS,
            tie: TieBreak::Specificity,
        }
    }

    /// Caps the list elements considered (default [`DEFAULT_MAX_ELEMENTS`], 256).
    /// Lenient parsing ignores the elements past the cap; strict parsing reports
    /// [`ErrorKind::TooManyElements`].
    #[inline]
    pub const fn max_elements(mut self, max: u16) -> Self {
        self.max_elements = max;
        self
    }

    /// Sets how ties after q are broken (default [`TieBreak::Specificity`]).
    #[inline]
    pub const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.tie = tie;
        self
    }

    /// Is the field absent?
    #[inline]
    pub const fn is_absent(&self) -> bool {
        self.field.is_absent()
    }

    /// The media ranges in the client's order, each parsed or an error
    /// (at most `max_elements` of them; empty elements are skipped, S-12).
    ///
    /// ```
    /// use conneg::Accept;
    ///
    /// let accept = Accept::new(b"text/plain; q=0.5; format=flowed, */html");
    /// let mut it = accept.iter();
    /// let plain = it.next().unwrap().unwrap();
    /// assert_eq!((plain.type_(), plain.subtype()), ("text", "plain"));
    /// assert_eq!(plain.quality().thousandths(), 500);
    /// assert_eq!(plain.to_string(), "text/plain; format=flowed");
    /// assert!(it.next().unwrap().is_err());
    /// assert!(it.next().is_none());
    /// ```
    #[inline]
    pub fn iter(&self) -> MediaRanges<'h> {
        MediaRanges {
            cursor: Cursor::new(self.field),
            position: 0,
            max: self.max_elements,
        }
    }

    /// Strict mode: `Ok` if every element is a valid media range and there are
    /// at most `max_elements` of them; otherwise the first error, with the field
    /// line and byte offset.
    ///
    /// # Errors
    ///
    /// The first malformed element's [`ParseError`], or
    /// [`ErrorKind::TooManyElements`] at the first element past the cap.
    pub fn validate(&self) -> Result<(), ParseError> {
        let mut cursor = Cursor::new(self.field);
        let mut count = 0usize;
        while let Some(start) = cursor.next_start() {
            if count >= usize::from(self.max_elements) {
                return Err(error_at(&cursor, start, ErrorKind::TooManyElements));
            }
            count += 1;
            match parse_at(cursor.line_bytes(), start, true, 0) {
                Ok((_, end)) => cursor.finish(end),
                Err((kind, at)) => return Err(error_at(&cursor, at, kind)),
            }
        }
        Ok(())
    }

    /// Chooses the best acceptable offer, or [`Negotiation::NotAcceptable`].
    ///
    /// `offers` are media types in the server's order of preference, as `&str`,
    /// `String`, or `mime::Mime` (anything `AsRef<str>`); they may carry
    /// parameters (`text/html;level=1`). An offer that is not a valid media type
    /// is never selected; a `*` in an offer is compared literally.
    ///
    /// ```
    /// use conneg::Accept;
    ///
    /// // RFC 9110 §12.5.1: the most specific range sets the q-value (N-17).
    /// let accept = Accept::new(b"text/*;q=0.3, text/plain;q=0.7, */*;q=0.5");
    /// assert_eq!(accept.negotiate(&["text/html", "image/png", "text/plain"]).index(), Some(2));
    /// ```
    pub fn negotiate<O: AsRef<str>>(&self, offers: &[O]) -> Negotiation {
        let mut best = Top::new(self.tie);
        self.score_offers(offers, |c| best.consider(&c));
        best.negotiation()
    }

    /// [`negotiate`](Accept::negotiate) for offers prepared once
    /// ([`MediaOffer`]): the same choice, without checking and splitting the
    /// offers again on every call.
    ///
    /// ```
    /// use conneg::{Accept, MediaOffer};
    ///
    /// const OFFERS: [MediaOffer<'static>; 2] = [MediaOffer::new("text/html"), MediaOffer::new("image/png")];
    /// let accept = Accept::new(b"image/*, text/html;q=0.9");
    /// assert_eq!(accept.negotiate_offers(&OFFERS).index(), Some(1));
    /// assert_eq!(accept.negotiate_offers(&OFFERS), accept.negotiate(&["text/html", "image/png"]));
    /// ```
    pub fn negotiate_offers(&self, offers: &[MediaOffer<'_>]) -> Negotiation {
        let mut best = Top::new(self.tie);
        if offers.len() <= SMALL_CHUNK && offers.iter().all(|o| o.valid) {
            // The common case, a few valid offers, scored in place; the
            // general path (more offers, invalid ones) is kept out of line,
            // with its larger scratch arrays.
            let mut scores = [None; SMALL_CHUNK];
            let scores = &mut scores[..offers.len()];
            self.score_parsed(offers, scores);
            emit(0, scores, |i| u8::try_from(i).ok(), &mut |c| best.consider(&c));
        } else {
            self.negotiate_offers_by_chunks(offers, &mut best);
        }
        best.negotiation()
    }

    /// [`negotiate_offers`](Accept::negotiate_offers) for many offers, or
    /// invalid ones.
    #[inline(never)]
    fn negotiate_offers_by_chunks(&self, offers: &[MediaOffer<'_>], best: &mut Top) {
        self.score_prepared(offers, |c| best.consider(&c));
    }

    /// The q-value the field gives `offer`: `0` when nothing matches or the
    /// offer is not a valid media type, `1` when the field is absent.
    ///
    /// ```
    /// use conneg::Accept;
    ///
    /// // RFC 9110 Table 5, with erratum 7138 (N-18).
    /// let accept = Accept::new(b"text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, \
    ///                            text/plain;format=fixed;q=0.4, */*;q=0.5");
    /// let q = |t: &str| accept.quality_of(t).thousandths();
    /// assert_eq!(q("text/plain;format=flowed"), 1000);
    /// assert_eq!(q("text/plain"), 700);
    /// assert_eq!(q("text/html"), 300);
    /// assert_eq!(q("image/jpeg"), 500);
    /// assert_eq!(q("text/plain;format=fixed"), 400);
    /// assert_eq!(q("text/html;level=3"), 300);
    /// ```
    pub fn quality_of(&self, offer: &str) -> Quality {
        let mut q = Quality::ZERO;
        self.score_offers(&[offer], |c| q = c.quality);
        q
    }

    /// The acceptable offers (q > 0), best first, written into `out`.
    ///
    /// Returns the filled part of `out`. When there are more acceptable offers
    /// than `out` has room for, only the best `out.len()` are kept.
    ///
    /// ```
    /// use conneg::{Accept, Choice};
    ///
    /// let accept = Accept::new(b"text/*, text/plain;q=0.5");
    /// let offers = ["text/plain", "image/png", "text/html"];
    /// let mut out = [Choice::default(); 3];
    /// let ranked: Vec<usize> = accept.rank(&offers, &mut out).iter().map(|c| c.index()).collect();
    /// assert_eq!(ranked, [2, 0]);
    /// ```
    pub fn rank<'o, O: AsRef<str>>(&self, offers: &[O], out: &'o mut [Choice]) -> &'o [Choice] {
        rank_into(out, self.tie, |sink| self.score_offers(offers, sink))
    }

    /// [`rank`](Accept::rank) for offers prepared once ([`MediaOffer`]).
    ///
    /// ```
    /// use conneg::{Accept, Choice, MediaOffer};
    ///
    /// let offers = ["text/plain", "image/png", "text/html"].map(MediaOffer::new);
    /// let mut out = [Choice::default(); 3];
    /// let ranked = Accept::new(b"text/*, text/plain;q=0.5").rank_offers(&offers, &mut out);
    /// assert_eq!(ranked.iter().map(|c| c.index()).collect::<Vec<_>>(), [2, 0]);
    /// ```
    pub fn rank_offers<'o>(&self, offers: &[MediaOffer<'_>], out: &'o mut [Choice]) -> &'o [Choice] {
        rank_into(out, self.tie, |sink| self.score_prepared(offers, sink))
    }

    /// The client's own preferences (no offers), best first: q descending, then
    /// the more specific range, then the client's order; `q=0` ranges are left
    /// out. An absent field (or one with only malformed elements) lists `*/*`.
    ///
    /// Returns the filled part of `out`; when `out` is too small the best
    /// `out.len()` ranges are kept.
    ///
    /// ```
    /// use conneg::{Accept, MediaRange};
    ///
    /// let accept = Accept::new(b"text/*, text/plain, text/plain;format=flowed, */*");
    /// let mut out = [MediaRange::default(); 8];
    /// let prefs = accept.preferences(&mut out);
    /// let names: Vec<String> = prefs.iter().map(|r| r.to_string()).collect();
    /// assert_eq!(names, ["text/plain;format=flowed", "text/plain", "text/*", "*/*"]);
    /// ```
    pub fn preferences<'o>(&self, out: &'o mut [MediaRange<'h>]) -> &'o [MediaRange<'h>] {
        let mut len = 0;
        let (mut valid, mut malformed) = (0usize, 0usize);
        for range in self.iter() {
            match range {
                Ok(range) => {
                    valid += 1;
                    if range.quality.is_acceptable() {
                        insert_preference(out, &mut len, range);
                    }
                }
                Err(_) => malformed += 1,
            }
        }
        if self.is_absent() || (valid == 0 && malformed > 0) {
            if let Some(slot) = out.first_mut() {
                *slot = MediaRange::ANY;
                len = 1;
            }
        }
        &out[..len]
    }

    /// Scores every valid, acceptable offer and hands it to `sink` in server
    /// order. One pass over the field per `CHUNK` offers.
    #[inline]
    fn score_offers<O: AsRef<str>>(&self, offers: &[O], sink: impl FnMut(Choice)) {
        // Same work either way; only the size of the scratch arrays differs.
        if offers.len() <= SMALL_CHUNK {
            self.score_offers_by::<O, SMALL_CHUNK>(offers, sink);
        } else {
            self.score_offers_by::<O, CHUNK>(offers, sink);
        }
    }

    /// [`score_offers`](Accept::score_offers) with chunks of `N` offers.
    #[inline]
    fn score_offers_by<O: AsRef<str>, const N: usize>(&self, offers: &[O], mut sink: impl FnMut(Choice)) {
        for (chunk_no, chunk) in offers.chunks(N).enumerate() {
            let parsed = chunk.iter().map(|o| parse_offer(o.as_ref().as_bytes()));
            self.score_packed::<N>(chunk_no * N, parsed, &mut sink);
        }
    }

    /// Packs the valid offers of one chunk (at most `N`, the first at index
    /// `base`), scores them, and hands the acceptable ones to `sink`.
    #[inline]
    fn score_packed<'a, const N: usize>(
        &self,
        base: usize,
        offers: impl Iterator<Item = Option<Offer<'a>>>,
        sink: &mut impl FnMut(Choice),
    ) {
        let mut packed = [Offer::EMPTY; N];
        let mut index_of = [0u8; N];
        let k = pack(offers, &mut packed, &mut index_of);
        let mut scores = [None; N];
        self.score_parsed(&packed[..k], &mut scores[..k]);
        emit(base, &scores[..k], |i| index_of.get(i).copied(), sink);
    }

    /// [`score_offers`](Accept::score_offers) for offers validated beforehand.
    #[inline]
    fn score_prepared(&self, offers: &[MediaOffer<'_>], sink: impl FnMut(Choice)) {
        if offers.len() <= SMALL_CHUNK {
            self.score_prepared_by::<SMALL_CHUNK>(offers, sink);
        } else {
            self.score_prepared_by::<CHUNK>(offers, sink);
        }
    }

    /// [`score_prepared`](Accept::score_prepared) with chunks of `N` offers.
    #[inline]
    fn score_prepared_by<const N: usize>(&self, offers: &[MediaOffer<'_>], mut sink: impl FnMut(Choice)) {
        for (chunk_no, chunk) in offers.chunks(N).enumerate() {
            let mut scores = [None; N];
            if chunk.iter().all(|o| o.valid) {
                // The common case: score the caller's offers in place.
                let scores = &mut scores[..chunk.len()];
                self.score_parsed(chunk, scores);
                emit(chunk_no * N, scores, |i| u8::try_from(i).ok(), &mut sink);
            } else {
                let valid = chunk.iter().map(|o| o.valid.then_some(o.offer));
                self.score_packed::<N>(chunk_no * N, valid, &mut sink);
            }
        }
    }

    /// Scores valid offers in one pass over the field: `out[j]` (`None` on
    /// entry) becomes the score of `offers[j]`'s most specific matching range
    /// (its q may be 0), or stays `None` when nothing matches it.
    pub(crate) fn score_parsed<T: AsOffer>(&self, offers: &[T], out: &mut [Option<Score>]) {
        if offers.is_empty() {
            return;
        }
        if self.is_absent() {
            out.fill(Some((Quality::ONE, 0, 0)));
            return;
        }
        // Elements whose type and subtype match no offer cannot change a
        // score: they are skipped to their comma unread (`unread`), and their
        // validity only matters for the all-malformed rule, checked below.
        let (mut valid, mut malformed, mut unread) = (0usize, 0usize, 0usize);
        // The first octets an element needs to be relevant: an offer's
        // type's, or `*`.
        // An ASCII letter's two cases differ in bit 5 (0x20) only, so their
        // keys are `k` and `k ^ 32`: one shift sets both (for other octets it
        // sets one more bit than needed, which only lets more through).
        let firsts = offers.iter().fold(1u64 << first_octet_key(b'*'), |set, o| {
            set | 0x1_0000_0001u64 << (first_octet_key(o.offer().ty_first) & 31)
        });
        let max = self.max_elements;
        let mut position: u16 = 0;
        let mut line_no = 0;
        // Line by line (elements never span lines), element by element.
        'lines: while let Some(line) = self.field.line(line_no) {
            line_no += 1;
            let mut pos = 0;
            loop {
                while let Some(&b) = line.get(pos) {
                    if !is_separator(b) {
                        break;
                    }
                    pos += 1;
                }
                let Some(&first) = line.get(pos) else {
                    continue 'lines;
                };
                if position >= max {
                    break 'lines;
                }
                let this = position;
                position += 1;
                // Every element ends at its `,` or at the end of the line:
                // continue after it (past the end: the line is done).
                if firsts >> first_octet_key(first) & 1 == 0 || !may_be_relevant(line, pos, first, offers) {
                    unread += 1;
                    pos = syntax::element_end(line, pos) + 1;
                    continue;
                }
                let (end, read) = score_element(line, pos, this, offers, out);
                pos = end + 1;
                match read {
                    Read::Unread => unread += 1,
                    Read::Malformed => malformed += 1,
                    Read::Valid => valid += 1,
                }
            }
        }
        let all_malformed =
            valid == 0 && (malformed > 0 || unread > 0) && (unread == 0 || !self.iter().any(|r| r.is_ok()));
        if all_malformed {
            out.fill(Some((Quality::ONE, 0, 0)));
        }
    }
}

/// The best choice so far, for `negotiate`: what `Best` keeps, for
/// choices handed over in server order (as `score_offers` and
/// `score_prepared` do), ranked by one integer key instead of
/// [`Choice::order`]'s comparisons.
///
/// The key orders q, then (for [`TieBreak::Specificity`]) the specificity,
/// then the client's order (a smaller position is better) exactly as
/// `Choice::order` does; the last tie, the server's order, is kept by
/// replacing the best only on a strictly greater key, since later choices
/// have greater indices.
struct Top {
    key: u64,
    best: Option<(usize, Quality)>,
    tie: TieBreak,
}

impl Top {
    #[inline]
    const fn new(tie: TieBreak) -> Self {
        Top {
            key: 0,
            best: None,
            tie,
        }
    }

    #[inline(always)]
    fn consider(&mut self, c: &Choice) {
        let q = u64::from(c.quality.thousandths()) << 32;
        let key = match self.tie {
            TieBreak::Specificity => q | u64::from(c.specificity) << 16 | u64::from(u16::MAX - c.position),
            TieBreak::ServerOrder => q,
        };
        if self.best.is_none() || key > self.key {
            self.key = key;
            self.best = Some((c.index, c.quality));
        }
    }

    #[inline]
    fn negotiation(self) -> Negotiation {
        match self.best {
            Some((index, quality)) => Negotiation::Selected { index, quality },
            None => Negotiation::NotAcceptable,
        }
    }
}

/// How [`score_element`] read an element.
#[derive(Clone, Copy)]
enum Read {
    /// Skipped: it cannot change a score.
    Unread,
    /// Parsed, and found malformed.
    Malformed,
    /// Parsed and scored.
    Valid,
}

/// Scores the element that starts at `line[start]` (its `position` in the
/// field) into `out` (`out[j]` for `offers[j]`): parsed only if it can
/// change a score. Returns where the element ends and how it was read.
///
/// Not inlined: the caller's loop over the elements it skips by their first
/// octet stays in registers.
#[inline(never)]
fn score_element<T: AsOffer>(
    line: &[u8],
    start: usize,
    position: u16,
    offers: &[T],
    out: &mut [Option<Score>],
) -> (usize, Read) {
    let (parsed, known) = match relevance(line, start, offers) {
        Relevance::None => return (syntax::element_end(line, start), Read::Unread),
        Relevance::Essence(essence) => (essence_or_range(line, essence, position, offers, out, None), None),
        Relevance::Offer(essence, j) => (
            essence_or_range(line, essence, position, offers, out, Some(j)),
            Some(j),
        ),
        Relevance::Wildcard => (Err(parse_at(line, start, true, position)), None),
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

/// What [`parse_at`] and [`parse_rest`] return: the range and where its
/// element ends, or the error and its offset.
type Parsed<'a> = Result<(MediaRange<'a>, usize), (ErrorKind, usize)>;

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
fn essence_or_range<'a, T: AsOffer>(
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
        return Err(parse_rest(line, essence, true, position));
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
            || ((level == 1 || syntax::eq_ignore_case(sub, o.sub)) && syntax::eq_ignore_case(ty, o.ty));
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
fn pack<'a>(
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
fn emit(
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

impl Default for Accept<'_> {
    /// An absent field.
    fn default() -> Self {
        Accept::absent()
    }
}

impl<'h> IntoIterator for &Accept<'h> {
    type Item = Result<MediaRange<'h>, ParseError>;
    type IntoIter = MediaRanges<'h>;
    fn into_iter(self) -> MediaRanges<'h> {
        self.iter()
    }
}

fn insert_preference<'h>(out: &mut [MediaRange<'h>], len: &mut usize, range: MediaRange<'h>) {
    // q descending, then the more specific, then the client's order.
    super::insert_sorted(out, len, range, |r| {
        (
            core::cmp::Reverse(r.quality),
            core::cmp::Reverse(r.specificity),
            r.position,
        )
    });
}

fn error_at(cursor: &Cursor<'_>, offset: usize, kind: ErrorKind) -> ParseError {
    ParseError {
        field: FIELD,
        kind,
        line: cursor.line_index(),
        offset,
    }
}

/// Iterator over the media ranges of an [`Accept`] field, in the client's order.
#[derive(Clone, Debug)]
pub struct MediaRanges<'h> {
    cursor: Cursor<'h>,
    position: u16,
    max: u16,
}

impl<'h> Iterator for MediaRanges<'h> {
    type Item = Result<MediaRange<'h>, ParseError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.position >= self.max {
            return None;
        }
        let start = self.cursor.next_start()?;
        let position = self.position;
        self.position += 1;
        Some(match parse_at(self.cursor.line_bytes(), start, true, position) {
            Ok((range, end)) => {
                self.cursor.finish(end);
                Ok(range)
            }
            Err((kind, at)) => {
                let err = error_at(&self.cursor, at, kind);
                self.cursor.skip_element();
                Err(err)
            }
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(usize::from(self.max - self.position)))
    }
}

impl core::iter::FusedIterator for MediaRanges<'_> {}

/// One media range of an `Accept` field: type, subtype, parameters and weight,
/// borrowed from the field value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MediaRange<'h> {
    ty: &'h [u8],
    sub: &'h [u8],
    /// Raw parameters before the weight, starting at `;` (or empty).
    params: &'h [u8],
    /// Raw parameters after the weight, starting at `;` (or empty).
    ext: &'h [u8],
    quality: Quality,
    /// `level << 8 | distinct parameter count`; level 0 `*/*`, 1 `type/*`, 2 `type/subtype`.
    specificity: u16,
    position: u16,
}

impl<'h> MediaRange<'h> {
    /// `*/*` with q=1: what an absent field stands for.
    pub const ANY: MediaRange<'static> = MediaRange {
        ty: b"*",
        sub: b"*",
        params: b"",
        ext: b"",
        quality: Quality::ONE,
        specificity: 0,
        position: 0,
    };

    /// Parses one media range (`text/html;level=1;q=0.5`), strictly.
    ///
    /// # Errors
    ///
    /// The [`ErrorKind`] and byte offset of the first problem.
    ///
    /// ```
    /// use conneg::{ErrorKind, MediaRange};
    ///
    /// let r = MediaRange::parse(b"text/html;level=1;q=0.5").unwrap();
    /// assert!(r.matches("text/html;level=1;charset=utf-8"));
    /// assert!(!r.matches("text/html"));
    /// assert_eq!(MediaRange::parse(b"*/html").unwrap_err(), (ErrorKind::WildcardType, 0));
    /// ```
    pub fn parse(value: &'h [u8]) -> Result<MediaRange<'h>, (ErrorKind, usize)> {
        let value = syntax::trim_ows(value);
        match parse_at(value, 0, true, 0)? {
            (range, end) if end == value.len() => Ok(range),
            (_, end) => Err((ErrorKind::UnexpectedOctet, end)),
        }
    }

    /// The type, as written (`"text"`, `"*"`).
    #[inline]
    pub fn type_(&self) -> &'h str {
        syntax::ascii_str(self.ty)
    }

    /// The subtype, as written (`"html"`, `"*"`).
    #[inline]
    pub fn subtype(&self) -> &'h str {
        syntax::ascii_str(self.sub)
    }

    /// The weight (1 when absent).
    #[inline]
    pub const fn quality(&self) -> Quality {
        self.quality
    }

    /// Position of this range in the client's list (0-based, empty elements not counted).
    #[inline]
    pub const fn position(&self) -> usize {
        self.position as usize
    }

    /// Is this `*/*` or `type/*`?
    #[inline]
    pub fn is_wildcard(&self) -> bool {
        self.sub == b"*"
    }

    /// The parameters other than the weight, in order (those after `q` included,
    /// N-15).
    #[inline]
    pub fn params(&self) -> impl Iterator<Item = MediaParam<'h>> + 'h {
        let (params, ext) = (self.params, self.ext);
        Params::new(params)
            .chain(Params::new(ext))
            .filter(|p| !p.name.eq_ignore_ascii_case(b"q"))
            .map(|p| MediaParam {
                name: p.name,
                value: p.value,
            })
    }

    /// Does this range match the media type `offer` (which may carry parameters)?
    /// An invalid offer matches nothing.
    pub fn matches(&self, offer: &str) -> bool {
        parse_offer(offer.as_bytes()).is_some_and(|o| self.matches_parsed(&o))
    }

    /// This range as a `mime::Mime` (its text without the weight). `None` if the
    /// `mime` crate rejects it. Allocates; for adapters, not the request path.
    #[cfg(feature = "mime")]
    pub fn to_mime(&self) -> Option<mime::Mime> {
        use alloc::string::ToString;
        self.to_string().parse().ok()
    }

    #[inline(always)]
    fn matches_parsed(&self, offer: &Offer<'_>) -> bool {
        // The subtype first: offers differ there more often than in the type.
        let sub_ok = self.sub == b"*" || syntax::eq_ignore_case(self.sub, offer.sub);
        if !sub_ok || !(self.ty == b"*" || syntax::eq_ignore_case(self.ty, offer.ty)) {
            return false;
        }
        self.params_match(offer)
    }

    /// Does the offer carry this range's parameters (given that the type and
    /// subtype match)?
    #[inline(always)]
    fn params_match(&self, offer: &Offer<'_>) -> bool {
        self.specificity & 0xFF == 0 || params_subset(self.params, self.ext, offer.params)
    }
}

/// Every distinct (first-occurrence) non-`q` parameter of the range appears in
/// the offer with an equal value.
fn params_subset(params: &[u8], ext: &[u8], offer: &[u8]) -> bool {
    let all = || Params::new(params).chain(Params::new(ext));
    for (i, p) in all().enumerate() {
        if p.name.eq_ignore_ascii_case(b"q") || all().take(i).any(|e| e.name.eq_ignore_ascii_case(p.name)) {
            continue;
        }
        let Some(o) = Params::new(offer).find(|o| o.name.eq_ignore_ascii_case(p.name)) else {
            return false;
        };
        let ignore_case = p.name.eq_ignore_ascii_case(b"charset");
        if !syntax::param_value_eq(p.value, o.value, ignore_case) {
            return false;
        }
    }
    true
}

impl Default for MediaRange<'_> {
    /// `*/*` (q=1).
    fn default() -> Self {
        MediaRange::ANY
    }
}

impl fmt::Display for MediaRange<'_> {
    /// The range as written, without its weight: `text/html;level=1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        syntax::write_lossy(f, self.ty)?;
        f.write_str("/")?;
        syntax::write_lossy(f, self.sub)?;
        syntax::write_lossy(f, self.params)?;
        // A repeated `q` after the weight is not a parameter (the first `q` is
        // the weight): leave it out, like the weight, with its `;` and the OWS
        // around it, so the text means what was parsed. The rest stays as written.
        let mut pending_ows: &[u8] = b"";
        for segment in param_segments(self.ext) {
            if Params::new(segment)
                .next()
                .is_some_and(|p| p.name.eq_ignore_ascii_case(b"q"))
            {
                pending_ows = b"";
                continue;
            }
            let kept = trim_end_ows(segment);
            syntax::write_lossy(f, pending_ows)?;
            syntax::write_lossy(f, kept)?;
            pending_ows = &segment[kept.len()..];
        }
        syntax::write_lossy(f, pending_ows)
    }
}

/// Splits a validated parameter section (empty, or starting at `;`) into its
/// raw segments, each from its `;` up to the next `;` outside a quoted-string.
fn param_segments(mut rest: &[u8]) -> impl Iterator<Item = &[u8]> {
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut i = 1;
        let mut quoted = false;
        while i < rest.len() {
            match rest[i] {
                b'\\' if quoted => i += 1,
                b'"' => quoted = !quoted,
                b';' if !quoted => break,
                _ => {}
            }
            i += 1;
        }
        let (segment, tail) = rest.split_at(i.min(rest.len()));
        rest = tail;
        Some(segment)
    })
}

impl fmt::Debug for MediaRange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaRange(\"{self}\", {:?})", self.quality)
    }
}

/// A media-range parameter: its name and its raw value (a token, or a
/// quoted-string with its quotes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MediaParam<'h> {
    name: &'h [u8],
    value: &'h [u8],
}

impl<'h> MediaParam<'h> {
    /// The name as written (compare it case-insensitively, S-18).
    pub fn name(&self) -> &'h str {
        syntax::ascii_str(self.name)
    }
    /// The value as written: a token, or a quoted-string including its DQUOTEs.
    pub fn raw_value(&self) -> &'h [u8] {
        self.value
    }
}

/// A media type the server offers, parsed: what matching needs of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Offer<'a> {
    ty: &'a [u8],
    sub: &'a [u8],
    /// Raw parameters, starting at OWS or `;` (or empty).
    params: &'a [u8],
    /// The first octets of `ty` and `sub`, lowercased (for [`relevance`]).
    ty_first: u8,
    sub_first: u8,
}

impl<'a> Offer<'a> {
    const EMPTY: Offer<'static> = Offer::new(b"", b"", b"");

    #[inline]
    const fn new(ty: &'a [u8], sub: &'a [u8], params: &'a [u8]) -> Self {
        Offer {
            ty,
            sub,
            params,
            ty_first: first_lowercase(ty),
            sub_first: first_lowercase(sub),
        }
    }
}

/// Offers as the scoring pass reads them: parsed per call, or prepared once.
pub(crate) trait AsOffer {
    fn offer(&self) -> &Offer<'_>;

    /// The offer's type and subtype as [`word_of`] packs them, if prepared
    /// (packing them per call would cost more than it saves).
    #[inline(always)]
    fn words(&self) -> Option<(u64, u64)> {
        None
    }
}

impl<T: AsOffer> AsOffer for &T {
    #[inline(always)]
    fn offer(&self) -> &Offer<'_> {
        (**self).offer()
    }

    #[inline(always)]
    fn words(&self) -> Option<(u64, u64)> {
        (**self).words()
    }
}

impl AsOffer for Offer<'_> {
    #[inline(always)]
    fn offer(&self) -> &Offer<'_> {
        self
    }
}

impl AsOffer for MediaOffer<'_> {
    #[inline(always)]
    fn offer(&self) -> &Offer<'_> {
        &self.offer
    }

    #[inline(always)]
    fn words(&self) -> Option<(u64, u64)> {
        Some(self.words)
    }
}

/// A media type the server offers, checked and split once, for
/// [`Accept::negotiate_offers`] and [`Accept::rank_offers`].
///
/// A server's offers rarely change between requests; preparing them (in a
/// `const`, or once at start-up) leaves each request only its header to
/// parse. The outcome is the same as offering the text itself to
/// [`Accept::negotiate`]: an offer that is not a valid media type (see
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
/// assert_eq!(accept.negotiate_offers(&OFFERS).index(), Some(1));
/// assert_eq!(OFFERS[2].as_str(), "text/plain; charset=utf-8");
///
/// // Invalid offers are never chosen, as with `negotiate`.
/// assert!(!MediaOffer::new("text/html;q").is_valid());
/// assert_eq!(Accept::new(b"*/*").negotiate_offers(&[MediaOffer::new("html")]).status(), 406);
/// ```
#[derive(Clone, Copy)]
pub struct MediaOffer<'a> {
    text: &'a str,
    offer: Offer<'a>,
    /// The type and subtype as [`word_of`] packs them (for [`relevance`]).
    words: (u64, u64),
    valid: bool,
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
                valid: true,
            },
            None => MediaOffer {
                text: media_type,
                offer: Offer::EMPTY,
                words: (u64::MAX, u64::MAX),
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

/// The first octet of `s`, lowercased (0 for an empty `s`).
const fn first_lowercase(s: &[u8]) -> u8 {
    match s.first() {
        Some(b) => b.to_ascii_lowercase(),
        None => 0,
    }
}

/// Whether the element at some `start` can change an offer's score, judged
/// from its type and subtype only.
enum Relevance<'a> {
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
}

/// The first checks of [`relevance`], inline in the loop over the elements:
/// `false` when it would find the element irrelevant by its first octets.
#[inline(always)]
fn may_be_relevant<T: AsOffer>(s: &[u8], start: usize, first: u8, offers: &[T]) -> bool {
    if first == b'*' {
        return true;
    }
    let first = first.to_ascii_lowercase();
    offers.iter().any(|o| {
        let o = o.offer();
        first == o.ty_first
            && match s.get(start + o.ty.len()..).and_then(|rest| rest.get(..2)) {
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
fn relevance<'s, T: AsOffer>(s: &'s [u8], start: usize, offers: &[T]) -> Relevance<'s> {
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
        return if offers.iter().any(|o| may_match(s, start, o.offer())) {
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
        if !(exact_ty || syntax::eq_ignore_case(ty, o.ty)) {
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

/// The `len` octets at `s[at..]` as a little-endian word (as [`word_of`]
/// packs a token), when `len <= 8` and eight octets are there to read.
#[inline(always)]
fn word_at(s: &[u8], at: usize, len: usize) -> Option<u64> {
    let word = s.get(at..)?.first_chunk::<8>()?;
    let unused = 8usize.checked_sub(len)?;
    // `unused <= 8`: a shift by 64 would overflow, so shift twice.
    Some(u64::from_le_bytes(*word) << (4 * unused) << (4 * unused) >> (4 * unused) >> (4 * unused))
}

/// A token of up to eight octets, lowercased, as a little-endian word (for
/// [`word_at`] comparisons); `u64::MAX` (which no token packs to: its top
/// octet would be 0xFF) for a longer or empty one.
const fn word_of(token: &[u8]) -> u64 {
    if token.is_empty() || token.len() > 8 {
        return u64::MAX;
    }
    let mut word = 0u64;
    let mut i = token.len();
    while i > 0 {
        i -= 1;
        word = word << 8 | token[i].to_ascii_lowercase() as u64;
    }
    word
}

/// Could the element starting at `s[start]` match `offer`? Compares its type
/// and subtype with the offer's in place, case-insensitively, without parsing
/// the element: `false` means the element cannot change the offer's score,
/// whatever else it holds (and whether or not it is well-formed).
#[inline]
fn may_match(s: &[u8], start: usize, offer: &Offer<'_>) -> bool {
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
fn token_prefix(s: &[u8], token: &[u8]) -> Option<usize> {
    let ends_at = |n: usize| !s.get(n).is_some_and(|&b| syntax::is_tchar(b));
    if s.first() == Some(&b'*') && ends_at(1) {
        return Some(1);
    }
    let prefix = s.get(..token.len())?;
    (syntax::eq_ignore_case(prefix, token) && ends_at(token.len())).then_some(token.len())
}

/// Parses an offer (`text/html`, `text/html;level=1`); `None` if it is not a
/// valid media type. What [`parse_at`] accepts with `q` as an ordinary
/// parameter, OWS around the offer ignored, nothing after it; a `const fn`
/// for [`MediaOffer::new`].
#[inline]
const fn parse_offer(offer: &[u8]) -> Option<Offer<'_>> {
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
const fn trim_ows_const(s: &[u8]) -> Option<&[u8]> {
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

/// Parses the media range that starts at `s[start]` (not OWS, not `,`), in one
/// forward pass. `weight`: whether `q` is the weight (field elements) or an
/// ordinary parameter (offers).
///
/// Returns the range and the index where its element ends (the `,` that
/// follows, or `s.len()`), or the error and its offset in `s`.
#[inline]
fn parse_at(
    s: &[u8],
    start: usize,
    weight: bool,
    position: u16,
) -> Result<(MediaRange<'_>, usize), (ErrorKind, usize)> {
    let essence = parse_essence(s, start)?;
    parse_rest(s, essence, weight, position)
}

/// Type, subtype, wildcard level (0 `*/*`, 1 `type/*`, 2 `type/subtype`) and
/// where the subtype ends.
type Essence<'a> = (&'a [u8], &'a [u8], u16, usize);

/// Parses `type "/" subtype` at `s[start]`.
#[inline]
fn parse_essence(s: &[u8], start: usize) -> Result<Essence<'_>, (ErrorKind, usize)> {
    let ty_end = syntax::token_end(s, start);
    if ty_end == start {
        return Err((ErrorKind::InvalidToken, start));
    }
    if s.get(ty_end) != Some(&b'/') {
        return Err((ErrorKind::MissingSlash, ty_end));
    }
    let sub_start = ty_end + 1;
    let sub_end = syntax::token_end(s, sub_start);
    if sub_end == sub_start {
        return Err((ErrorKind::InvalidSubtype, sub_start));
    }
    let (ty, sub) = (&s[start..ty_end], &s[sub_start..sub_end]);
    let level: u16 = match (ty == b"*", sub == b"*") {
        (true, true) => 0,
        (true, false) => return Err((ErrorKind::WildcardType, start)),
        (false, true) => 1,
        (false, false) => 2,
    };
    Ok((ty, sub, level, sub_end))
}

/// Parses the parameters (and weight) after an essence, to the element's end.
#[inline]
fn parse_rest<'a>(
    s: &'a [u8],
    (ty, sub, level, sub_end): Essence<'a>,
    weight: bool,
    position: u16,
) -> Result<(MediaRange<'a>, usize), (ErrorKind, usize)> {
    let bare = |quality, params: &'a [u8], end| {
        let range = MediaRange {
            ty,
            sub,
            params,
            ext: &s[end..end],
            quality,
            specificity: level << 8,
            position,
        };
        Ok((range, end))
    };
    // Fast paths for the common shapes: `type/sub` and `type/sub;q=0.9`.
    if matches!(s.get(sub_end), None | Some(b',')) {
        return bare(Quality::ONE, &s[sub_end..sub_end], sub_end);
    }
    if weight {
        if let Some((q, end)) = syntax::lone_weight(s, sub_end) {
            return bare(q, &s[sub_end..sub_end], end);
        }
    }
    let mut quality = Quality::ONE;
    // Where the weight's `;` is, and where its value ends, once seen.
    let mut weight_at: Option<(usize, usize)> = None;
    let mut count = 0usize;
    // End of the last thing consumed (never trailing OWS).
    let mut last = sub_end;
    let end = loop {
        let (semicolon, name, (vs, ve)) = match syntax::param_step(s, last)? {
            ParamStep::End(end) => break end,
            ParamStep::Empty(next) => {
                last = next;
                continue;
            }
            ParamStep::Param {
                semicolon,
                name,
                value,
            } => (semicolon, name, value),
        };
        let is_q = weight && s[name.0..name.1].eq_ignore_ascii_case(b"q");
        if is_q {
            if weight_at.is_none() {
                quality = Quality::parse(&s[vs..ve]).ok_or((ErrorKind::InvalidQuality, vs))?;
                weight_at = Some((semicolon, ve));
            }
        } else {
            count += 1;
            if count > MAX_PARAMS {
                return Err((ErrorKind::TooManyParameters, name.0));
            }
        }
        last = ve;
    };
    let (params, ext) = match weight_at {
        None => (&s[sub_end..last], &s[last..last]),
        Some((semicolon, value_end)) => {
            let ext_start = syntax::skip_ows(s, value_end).min(last);
            (trim_end_ows(&s[sub_end..semicolon]), &s[ext_start..last])
        }
    };
    let distinct = if count <= 1 {
        count
    } else {
        distinct_params(params, ext, weight)
    };
    Ok((
        MediaRange {
            ty,
            sub,
            params,
            ext,
            quality,
            specificity: (level << 8) | distinct as u16,
            position,
        },
        end,
    ))
}

fn trim_end_ows(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., last] = s {
        if syntax::is_ows(*last) {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Number of distinct parameter names (a repeated name counts once, N-12/S-18).
fn distinct_params(params: &[u8], ext: &[u8], weight: bool) -> usize {
    let all = || {
        Params::new(params)
            .chain(Params::new(ext))
            .filter(|p| !(weight && p.name.eq_ignore_ascii_case(b"q")))
    };
    all()
        .enumerate()
        .filter(|(i, p)| !all().take(*i).any(|e| e.name.eq_ignore_ascii_case(p.name)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(s: &str) -> MediaRange<'_> {
        MediaRange::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn specificity_orders_wildcards_types_and_parameters_n16() {
        let spec = |s| range(s).specificity;
        assert!(spec("*/*") < spec("text/*"));
        assert!(spec("text/*") < spec("text/plain"));
        assert!(spec("text/plain") < spec("text/plain;format=flowed"));
        assert!(spec("text/*;a=1;b=2") < spec("text/plain"));
        assert_eq!(spec("text/plain;a=1;A=2"), spec("text/plain;a=1"));
    }

    #[test]
    fn weight_splits_parameters_and_extension_n13_n15() {
        let r = range("text/html ; level=1 ;q=0.5; foo=bar");
        assert_eq!(r.params, b" ; level=1");
        assert_eq!(r.ext, b"; foo=bar");
        assert_eq!(r.quality.thousandths(), 500);
        assert_eq!(r.specificity & 0xFF, 2);
    }

    #[test]
    fn display_drops_the_weight_and_repeated_weights() {
        let shown = |s: &str| {
            let mut buf = [0u8; 64];
            let mut w = crate::fmt_buf::FmtBuf::new(&mut buf);
            core::fmt::write(&mut w, format_args!("{}", range(s))).unwrap();
            let mut out = [0u8; 64];
            out[..w.as_bytes().len()].copy_from_slice(w.as_bytes());
            (out, w.as_bytes().len())
        };
        let (b, n) = shown("text/html; level=1 ;q=0.5 ; a=b");
        assert_eq!(&b[..n], b"text/html; level=1; a=b");
        let (b, n) = shown("a/b;q=0.5;q=0.7;c=d");
        assert_eq!(&b[..n], b"a/b;c=d");
        // Only the repeated weight goes; the rest stays as written.
        let (b, n) = shown("a/b;q=0.5; c=d ;;Q=0.7 ; e=\"x;y\";");
        assert_eq!(&b[..n], b"a/b; c=d ;; e=\"x;y\";");
    }

    #[test]
    fn element_errors_name_the_offset() {
        let err = |s: &str| MediaRange::parse(s.as_bytes()).unwrap_err();
        assert_eq!(err("text"), (ErrorKind::MissingSlash, 4));
        assert_eq!(err("text/"), (ErrorKind::InvalidSubtype, 5));
        assert_eq!(err("text/html foo"), (ErrorKind::UnexpectedOctet, 10));
        assert_eq!(err("text/html;q = 1"), (ErrorKind::MissingEquals, 11));
        assert_eq!(err("text/html;q=.5"), (ErrorKind::InvalidQuality, 12));
        assert_eq!(err("text/html;a=\"x"), (ErrorKind::InvalidQuotedString, 14));
        assert_eq!(err("text/html;a="), (ErrorKind::InvalidParameterValue, 12));
        assert_eq!(err("text/html;=1"), (ErrorKind::InvalidParameterName, 10));
        assert_eq!(err(",x"), (ErrorKind::InvalidToken, 0));
    }

    /// The one-step word comparison of prepared offers (`word_at`) agrees
    /// with the octet-by-octet one: prefixes, case, eight-octet tokens,
    /// tokens at the end of the line.
    #[test]
    fn prepared_offers_compare_words_as_octets() {
        let offers = [
            "text/html",
            "abcdefgh/abcdefgh",
            "abcdefghi/x",
            "text/htm",
            "image/png",
        ];
        let prepared = offers.map(MediaOffer::new);
        let headers: [&[u8]; 10] = [
            b"text/htmlx, text/html;q=0.5",
            b"TEXT/HTML;q=0.4, text/htm;q=0.3",
            b"abcdefgh/abcdefgh;q=0.7,abcdefgh/abcdefghi",
            b"abcdefgh/abcdefg, abcdefgh/*;q=0.2",
            b"abcdefghi/x;q=0.6, text/*;q=0.1",
            b"image/png",
            b"image/pngg;q=0.9, image/PNG;q=0.8",
            b"text/htm, text/html;q=0.9",
            b"text/h\xff\xff\xff\xff\xff, text/html;q=0.2",
            b"abcdefgh/abcdefgh-, */*;q=0.05",
        ];
        for h in headers {
            let accept = Accept::new(h);
            for n in 1..=offers.len() {
                let want = accept.negotiate(&offers[..n]);
                assert_eq!(accept.negotiate_offers(&prepared[..n]), want, "{h:?} {n}");
                for (o, p) in offers.iter().zip(&prepared) {
                    let mut a = [Choice::default(); 1];
                    let mut b = [Choice::default(); 1];
                    assert_eq!(
                        accept.rank(&[o], &mut a),
                        accept.rank_offers(core::slice::from_ref(p), &mut b),
                        "{h:?} {o}"
                    );
                }
            }
        }
    }

    #[test]
    fn too_many_parameters_is_an_error() {
        let mut buf = [0u8; 512];
        let mut len = 0;
        for part in core::iter::once(&b"a/b"[..]).chain(core::iter::repeat_n(&b";p=1"[..], MAX_PARAMS + 1)) {
            buf[len..len + part.len()].copy_from_slice(part);
            len += part.len();
        }
        assert_eq!(
            MediaRange::parse(&buf[..len]).unwrap_err().0,
            ErrorKind::TooManyParameters
        );
    }
}
