//! The `Accept` request field (RFC 9110 §12.5.1), borrowed and parsed lazily.
use crate::MediaOffer;
use crate::accept::MediaRange;
use crate::accept::MediaRanges;
use crate::accept::media::AsOffer;
use crate::accept::media::Offer;
use crate::accept::media::offer::parse_offer;
use crate::accept::media::range::error_at;
use crate::accept::media::range::parse_at;
use crate::accept::media::score::Read;
use crate::accept::media::score::emit;
use crate::accept::media::score::may_be_relevant;
use crate::accept::media::score::pack;
use crate::accept::media::score::score_any;
use crate::accept::media::score::score_element;
use crate::accept::media::score::score_exact;

use crate::Quality;
use crate::accept::{
    Best, CHUNK, Choice, DEFAULT_MAX_ELEMENTS, Negotiation, SMALL_CHUNK, Score, TieBreak, all_malformed,
    rank_into,
};
use crate::error::{ErrorKind, ParseError};
use crate::field::{Cursor, FieldLines, is_separator};
use crate::kernel::first_octet_key;
use crate::syntax::{self};

/// The `Accept` request field (RFC 9110 §12.5.1), borrowed and parsed lazily.
///
/// ```abnf
/// Accept      = #( media-range [ weight ] )
/// media-range = ( "*/*" / ( type "/*" ) / ( type "/" subtype ) ) parameters
/// ```
///
/// What it does, in RFC terms:
///
/// - Type and subtype compare case-insensitively (RFC 9110 §8.3.1); parameter names too
///   (RFC 9110 §5.6.6); parameter values case-sensitively, except `charset`, with a
///   quoted value equal to its unquoted form.
/// - `q` is the weight wherever it appears among the parameters (RFC 9110 §12.5.1);
///   parameters after it are ordinary parameters.
/// - An offer's q-value comes from the **most specific** range that matches it:
///   `type/subtype` with more parameters beats `type/subtype`, which
///   beats `type/*`, which beats `*/*`. Among equally specific ranges, the first
///   in the client's order counts. A range with parameters matches only offers
///   that carry all of them; a range without parameters matches any parameters.
/// - `q=0` means "not acceptable" (RFC 9110 §12.4.2), so `text/*, text/plain;q=0` vetoes
///   `text/plain` (RFC 9110 §12.4.3).
/// - An absent field accepts everything (RFC 9110 §12.4.1): the server's first offer wins.
///
/// Malformed elements (`*/html`, `text/html;q=1.5`, `text/html foo`) are
/// skipped (lenient, the default). If every non-empty element is malformed the
/// field counts as absent. Lenient mode reads two deviations from the grammar
/// the way the clients that send them mean them (Java's default
/// `text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2`): a leading-dot
/// weight (`q=.2`: a `.` and 1 to 3 digits) as its value, and a bare `*` as
/// `*/*` (with the parameters and weight written after it).
/// [`validate`](Accept::validate) is strict mode: it reports the first error,
/// those two deviations included, with its byte offset.
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
///
/// // Java's default: `q=.2` is 0.2 and the bare `*` is `*/*` in lenient mode.
/// let java = Accept::new(b"text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2");
/// assert_eq!(java.quality_of("application/json"), Quality::from_thousandths(200).unwrap());
/// assert!(java.validate().is_err());
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

    /// No `Accept` field: every media type is acceptable (RFC 9110 §12.4.1).
    #[inline]
    pub const fn absent() -> Self {
        Accept::from_field(FieldLines::ABSENT)
    }

    /// Any number of `Accept` field lines (none = absent), combined in order (RFC 9110 §5.2).
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

    /// Sets how ties after q are broken (default [`TieBreak::Specificity`]),
    /// here and on the type axis of
    /// [`ContentNegotiation::select`](crate::ContentNegotiation::select).
    #[inline]
    pub const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.tie = tie;
        self
    }

    /// How ties after q are broken.
    #[inline]
    pub(crate) const fn tie(&self) -> TieBreak {
        self.tie
    }

    /// Is the field absent?
    #[inline]
    pub const fn is_absent(&self) -> bool {
        self.field.is_absent()
    }

    /// Does the field rank every media type alike: absent, or the one
    /// element `*/*` (the default of curl, wget and most HTTP libraries)?
    /// Then every valid offer scores q=1 at specificity 0 and position 0
    /// (the `*/*` range's, or an absent field's), and the first valid offer
    /// wins, without a pass over the field.
    #[inline]
    fn ranks_all_alike(&self) -> bool {
        self.is_absent()
            || (matches!(self.field.line(0), Some([b'*', b'/', b'*']))
                && self.field.line(1).is_none()
                && self.max_elements > 0)
    }

    /// The media ranges in the client's order, each parsed or an error
    /// (at most `max_elements` of them; empty elements are skipped, RFC 9110 §5.6.1.2).
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
            match parse_at(cursor.line_bytes(), start, true, false, 0) {
                Ok((_, end)) => cursor.finish(end),
                Err((kind, at)) => return Err(error_at(&cursor, at, kind)),
            }
        }
        Ok(())
    }

    /// Chooses the best acceptable offer, or [`Negotiation::NotAcceptable`].
    ///
    /// `offers` are media types in the server's order of preference: text
    /// (`&str`, `String`, `mime::Mime`: anything `AsRef<str>`), checked and
    /// split on every call, or [`MediaOffer`]s, checked and split once (see
    /// [`IntoMediaOffer`]); the choice is the same. They may carry parameters
    /// (`text/html;level=1`). An offer that is not a valid media type is never
    /// selected; a `*` in an offer is compared literally.
    ///
    /// ```
    /// use conneg::{Accept, MediaOffer};
    ///
    /// // RFC 9110 §12.5.1: the most specific range sets the q-value.
    /// let accept = Accept::new(b"text/*;q=0.3, text/plain;q=0.7, */*;q=0.5");
    /// assert_eq!(accept.negotiate(&["text/html", "image/png", "text/plain"]).index(), Some(2));
    ///
    /// // The same offers prepared once, in a `const`.
    /// const OFFERS: [MediaOffer<'static>; 3] =
    ///     [MediaOffer::new("text/html"), MediaOffer::new("image/png"), MediaOffer::new("text/plain")];
    /// assert_eq!(accept.negotiate(&OFFERS).index(), Some(2));
    /// ```
    #[inline]
    pub fn negotiate<O: IntoMediaOffer>(&self, offers: &[O]) -> Negotiation {
        O::negotiate(self, offers)
    }

    /// [`negotiate`](Accept::negotiate) for offers as text.
    #[inline]
    fn negotiate_text<O: AsRef<str>>(&self, offers: &[O]) -> Negotiation {
        if self.ranks_all_alike() {
            return first_valid_text(offers);
        }
        let mut best = Best::new(self.tie);
        self.score_offers(offers, |c| best.consider(&c));
        best.negotiation()
    }

    /// [`negotiate`](Accept::negotiate) for offers prepared once.
    #[inline]
    fn negotiate_prepared<T: AsOffer>(&self, offers: &[T]) -> Negotiation {
        if self.ranks_all_alike() {
            return first_alike(offers.iter().position(|o| o.is_valid()));
        }
        let mut best = Best::new(self.tie);
        if offers.len() <= SMALL_CHUNK && offers.iter().all(|o| o.is_valid()) {
            // The common case, a few valid offers, scored in place; the
            // general path (more offers, invalid ones) is kept out of line,
            // with its larger scratch arrays.
            let mut scores = [None; SMALL_CHUNK];
            let scores = &mut scores[..offers.len()];
            self.score_parsed(offers, scores);
            emit(0, scores, |i| u8::try_from(i).ok(), &mut |c| best.consider(&c));
        } else {
            self.negotiate_prepared_by_chunks(offers, &mut best);
        }
        best.negotiation()
    }

    /// [`negotiate_prepared`](Accept::negotiate_prepared) for many offers,
    /// or invalid ones.
    #[inline(never)]
    fn negotiate_prepared_by_chunks<T: AsOffer>(&self, offers: &[T], best: &mut Best) {
        self.score_prepared(offers, |c| best.consider(&c));
    }

    /// The q-value the field gives `offer`: `0` when nothing matches or the
    /// offer is not a valid media type, `1` when the field is absent.
    ///
    /// ```
    /// use conneg::Accept;
    ///
    /// // RFC 9110 Table 5, with erratum 7138 (RFC 9110 §12.5.1).
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
    /// `offers` as for [`negotiate`](Accept::negotiate): text or prepared
    /// [`MediaOffer`]s. Returns the filled part of `out`. When there are more
    /// acceptable offers than `out` has room for, only the best `out.len()`
    /// are kept.
    ///
    /// ```
    /// use conneg::{Accept, MediaOffer, accept::Choice};
    ///
    /// let accept = Accept::new(b"text/*, text/plain;q=0.5");
    /// let offers = ["text/plain", "image/png", "text/html"];
    /// let mut out = [Choice::default(); 3];
    /// let ranked: Vec<usize> = accept.rank(&offers, &mut out).iter().map(|c| c.index()).collect();
    /// assert_eq!(ranked, [2, 0]);
    ///
    /// let prepared = offers.map(MediaOffer::new);
    /// let mut again = [Choice::default(); 3];
    /// assert_eq!(accept.rank(&prepared, &mut again), accept.rank(&offers, &mut out));
    /// ```
    #[inline]
    pub fn rank<'o, O: IntoMediaOffer>(&self, offers: &[O], out: &'o mut [Choice]) -> &'o [Choice] {
        rank_into(out, self.tie, |sink| O::score(self, offers, sink))
    }

    /// The client's own preferences (no offers), best first: q descending, then
    /// the more specific range, then the client's order; `q=0` ranges are left
    /// out. An absent field (or one with only malformed elements) lists `*/*`.
    ///
    /// Returns the filled part of `out`; when `out` is too small the best
    /// `out.len()` ranges are kept.
    ///
    /// ```
    /// use conneg::{Accept, accept::MediaRange};
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
        if self.is_absent() || all_malformed(valid, malformed, 0, || false) {
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
    pub(crate) fn score_offers<O: AsRef<str>>(&self, offers: &[O], sink: impl FnMut(Choice)) {
        // Same work either way; only the size of the scratch arrays differs
        // (four offers or fewer, the usual, initialise half of them).
        if offers.len() <= 4 {
            self.score_offers_by::<O, 4>(offers, sink);
        } else if offers.len() <= SMALL_CHUNK {
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
    fn score_prepared<T: AsOffer>(&self, offers: &[T], sink: impl FnMut(Choice)) {
        if offers.len() <= SMALL_CHUNK {
            self.score_prepared_by::<T, SMALL_CHUNK>(offers, sink);
        } else {
            self.score_prepared_by::<T, CHUNK>(offers, sink);
        }
    }

    /// [`score_prepared`](Accept::score_prepared) with chunks of `N` offers.
    #[inline]
    fn score_prepared_by<T: AsOffer, const N: usize>(&self, offers: &[T], mut sink: impl FnMut(Choice)) {
        for (chunk_no, chunk) in offers.chunks(N).enumerate() {
            let mut scores = [None; N];
            if chunk.iter().all(|o| o.is_valid()) {
                // The common case: score the caller's offers in place.
                let scores = &mut scores[..chunk.len()];
                self.score_parsed(chunk, scores);
                emit(chunk_no * N, scores, |i| u8::try_from(i).ok(), &mut sink);
            } else {
                let valid = chunk.iter().map(|o| o.is_valid().then_some(*o.offer()));
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
        // score: they are skipped to their comma unread, and their validity
        // only matters for the all-malformed rule, checked below. The kinds
        // of elements seen, as `Read` bits (that rule needs no counts: one
        // register, not three counters, which the loop spilled), and the
        // bit `NO_EXACT`.
        const NO_EXACT: u8 = 8;
        let mut seen = if T::HAS_WORDS { 0 } else { NO_EXACT };
        // The first octets an element needs to be relevant: an offer's
        // type's, or `*`.
        // An ASCII letter's two cases differ in bit 5 (0x20) only, so their
        // keys are `k` and `k ^ 32`: one shift sets both (for other octets it
        // sets one more bit than needed, which only lets more through).
        let firsts = offers.iter().fold(1u64 << first_octet_key(b'*'), |set, o| {
            set | 0x1_0000_0001u64 << (first_octet_key(o.offer().ty_first) & 31)
        });
        // Browsers list their plain `type/subtype` elements first: once an
        // element is not one of the offers written plainly, the rest are
        // not tried as such either (`score_exact` failing costs a little):
        // the bit `NO_EXACT` of `seen`, set from the start for offers
        // without words, which `score_exact` needs.
        // The elements left before the cap, counted down: one value in the
        // loop, not a position and its cap (an element's position is worked
        // out only when it is scored).
        let mut left = self.max_elements;
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
                if left == 0 {
                    break 'lines;
                }
                left -= 1;
                // Every element ends at its `,` or at the end of the line:
                // continue after it (past the end: the line is done).
                if firsts >> first_octet_key(first) & 1 == 0 || !may_be_relevant(line, pos, first, offers) {
                    seen |= Read::Unread as u8;
                    pos = syntax::element_end(line, pos) + 1;
                    continue;
                }
                let this = self.max_elements - left - 1;
                if seen & NO_EXACT == 0 && first != b'*' {
                    if let Some(end) = score_exact(line, pos, this, offers, out) {
                        seen |= Read::Valid as u8;
                        pos = end + 1;
                        continue;
                    }
                    seen |= NO_EXACT;
                } else if first == b'*' {
                    if let Some(end) = score_any(line, pos, this, out) {
                        seen |= Read::Valid as u8;
                        pos = end + 1;
                        continue;
                    }
                }
                let (end, read) = score_element(line, pos, this, offers, out);
                pos = end + 1;
                seen |= read as u8;
            }
        }
        let count = |read: Read| usize::from(seen & read as u8 != 0);
        let (valid, malformed, unread) = (count(Read::Valid), count(Read::Malformed), count(Read::Unread));
        if all_malformed(valid, malformed, unread, || self.iter().any(|r| r.is_ok())) {
            out.fill(Some((Quality::ONE, 0, 0)));
        }
    }
}

/// The choice when the field ranks every offer alike
/// ([`Accept::ranks_all_alike`]): the first valid one (its index, `first`),
/// at q=1, as the general pass would choose (equal keys: the server's order).
#[inline]
fn first_alike(first: Option<usize>) -> Negotiation {
    match first {
        Some(index) => Negotiation::Selected {
            index,
            quality: Quality::ONE,
        },
        None => Negotiation::NotAcceptable,
    }
}

/// [`first_alike`] for offers as text: the first valid offer (the rest
/// need not be parsed). Out of line: the usual negotiation keeps its frame.
#[inline(never)]
fn first_valid_text<O: AsRef<str>>(offers: &[O]) -> Negotiation {
    first_alike(
        offers
            .iter()
            .position(|o| parse_offer(o.as_ref().as_bytes()).is_some()),
    )
}

/// The offers [`Accept::negotiate`] and [`Accept::rank`] take: media types
/// as text (`&str`, `String`, `mime::Mime`: anything `AsRef<str>`), checked
/// and split on every call, or prepared once as [`MediaOffer`]s (or
/// references to them), which leaves each call only the header to parse.
/// Either way the answer is the same.
///
/// Sealed: implemented by the crate only.
///
/// ```
/// use conneg::{Accept, MediaOffer};
///
/// let accept = Accept::new(b"application/json, text/*;q=0.5");
/// let text = ["text/html", "application/json"];
/// let owned = text.map(String::from);
/// let prepared = text.map(MediaOffer::new);
/// assert_eq!(accept.negotiate(&text).index(), Some(1));
/// assert_eq!(accept.negotiate(&owned), accept.negotiate(&text));
/// assert_eq!(accept.negotiate(&prepared), accept.negotiate(&text));
/// ```
pub trait IntoMediaOffer: sealed::Sealed {}

/// The dispatch behind [`IntoMediaOffer`]: each kind of offer takes its own
/// scoring path.
mod sealed {
    use crate::Accept;
    use crate::accept::{Choice, Negotiation};

    pub trait Sealed: Sized {
        /// Hands every valid, acceptable offer to `sink` as a choice, in
        /// server order.
        fn score(accept: &Accept<'_>, offers: &[Self], sink: impl FnMut(Choice));
        /// The best choice.
        fn negotiate(accept: &Accept<'_>, offers: &[Self]) -> Negotiation;
    }
}

// Text offers. (`MediaOffer` must not implement `AsRef<str>`: its own impls
// below would then overlap this one.)
impl<T: AsRef<str>> IntoMediaOffer for T {}

impl<T: AsRef<str>> sealed::Sealed for T {
    #[inline(always)]
    fn score(accept: &Accept<'_>, offers: &[Self], sink: impl FnMut(Choice)) {
        accept.score_offers(offers, sink);
    }

    #[inline(always)]
    fn negotiate(accept: &Accept<'_>, offers: &[Self]) -> Negotiation {
        accept.negotiate_text(offers)
    }
}

impl IntoMediaOffer for MediaOffer<'_> {}

impl sealed::Sealed for MediaOffer<'_> {
    #[inline(always)]
    fn score(accept: &Accept<'_>, offers: &[Self], sink: impl FnMut(Choice)) {
        accept.score_prepared(offers, sink);
    }

    #[inline(always)]
    fn negotiate(accept: &Accept<'_>, offers: &[Self]) -> Negotiation {
        accept.negotiate_prepared(offers)
    }
}

impl IntoMediaOffer for &MediaOffer<'_> {}

impl sealed::Sealed for &MediaOffer<'_> {
    #[inline(always)]
    fn score(accept: &Accept<'_>, offers: &[Self], sink: impl FnMut(Choice)) {
        accept.score_prepared(offers, sink);
    }

    #[inline(always)]
    fn negotiate(accept: &Accept<'_>, offers: &[Self]) -> Negotiation {
        accept.negotiate_prepared(offers)
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

pub(crate) fn insert_preference<'h>(out: &mut [MediaRange<'h>], len: &mut usize, range: MediaRange<'h>) {
    // q descending, then the more specific, then the client's order.
    crate::accept::insert_sorted(out, len, range, |r| {
        (
            core::cmp::Reverse(r.quality),
            core::cmp::Reverse(r.specificity),
            r.position,
        )
    });
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
