//! Choosing among a resource's variants on every negotiation axis at once
//! (RFC 9110 §12.1, §12.5), the `Vary` value that goes with the choice
//! (§12.5.5), and the 406 body listing the alternatives (§15.5.7).

use core::fmt;

use crate::accept::language::is_basic_tag;
use crate::accept::token::{IMPLICIT_IDENTITY, Kind, TokenField};
use crate::accept::{CHUNK, SMALL_CHUNK, Score, TieBreak};
use crate::json;
use crate::syntax::is_token;
use crate::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, EntityTag, HttpDate, MediaOffer, Problem, Quality,
};

/// A representation the server can send, described on the four axes of
/// proactive negotiation, with an optional server-side quality (Apache's
/// `qs`) and a URI for the 406 list of alternatives.
///
/// An axis left unset (`None`) does not vary for this variant: any value of
/// that request field accepts it. A variant without a content coding is sent
/// as `identity`.
///
/// ```
/// use conneg::{Quality, Variant};
///
/// const HTML_EN_GZ: Variant<'static> = Variant::new("text/html")
///     .with_language("en")
///     .with_charset("utf-8")
///     .with_encoding("gzip")
///     .with_uri("/doc.en.html.gz");
/// const JSON: Variant<'static> = Variant::new("application/json")
///     .with_quality(Quality::from_thousandths(900).unwrap());
/// assert_eq!(HTML_EN_GZ.encoding(), Some("gzip"));
/// assert_eq!(JSON.quality().thousandths(), 900);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant<'v> {
    /// The media type, checked and split once here (negotiation never
    /// parses it again); equality and hashing go by its text.
    media: MediaOffer<'v>,
    language: Option<&'v str>,
    charset: Option<&'v str>,
    encoding: Option<&'v str>,
    /// Per axis (language, charset, coding): the value is unset, or valid
    /// as it is (checked once here, not on every negotiation).
    checked: [bool; 3],
    quality: Quality,
    uri: Option<&'v str>,
    etag: Option<EntityTag<'v>>,
    last_modified: Option<HttpDate>,
    length: Option<u64>,
}

impl<'v> Variant<'v> {
    /// A variant of this media type (`text/html`, `application/json;profile=x`),
    /// with server quality 1 and no other axis set.
    #[inline]
    pub const fn new(media_type: &'v str) -> Self {
        Variant {
            media: MediaOffer::new(media_type),
            language: None,
            charset: None,
            encoding: None,
            checked: [true; 3],
            quality: Quality::ONE,
            uri: None,
            etag: None,
            last_modified: None,
            length: None,
        }
    }

    /// Sets the language tag (`en`, `ko-KR`).
    #[inline]
    pub const fn with_language(mut self, tag: &'v str) -> Self {
        self.language = Some(tag);
        self.checked[0] = is_basic_tag(tag.as_bytes());
        self
    }

    /// Sets the charset (`utf-8`).
    #[inline]
    pub const fn with_charset(mut self, charset: &'v str) -> Self {
        self.charset = Some(charset);
        self.checked[1] = is_token(charset.as_bytes());
        self
    }

    /// Sets the content coding (`gzip`, `br`); unset means `identity`.
    #[inline]
    pub const fn with_encoding(mut self, coding: &'v str) -> Self {
        self.encoding = Some(coding);
        self.checked[2] = is_token(coding.as_bytes());
        self
    }

    /// Sets the server quality (Apache's `qs`, default 1): multiplied into the
    /// client's q-values, so a lossy variant can rank below a faithful one.
    /// Zero means "never choose this variant".
    #[inline]
    pub const fn with_quality(mut self, quality: Quality) -> Self {
        self.quality = quality;
        self
    }

    /// Sets the URI listed for this variant in a 406 body (N-91).
    #[inline]
    pub const fn with_uri(mut self, uri: &'v str) -> Self {
        self.uri = Some(uri);
        self
    }

    /// Sets the entity-tag this variant is sent with (RFC 9110 §8.8.3): each
    /// variant of a negotiated resource needs its own (V-10). Used by
    /// [`Resource::decide`](crate::Resource::decide) for preconditions and the
    /// `ETag` field.
    #[inline]
    pub const fn with_etag(mut self, etag: EntityTag<'v>) -> Self {
        self.etag = Some(etag);
        self
    }

    /// Sets the variant's Last-Modified date (RFC 9110 §8.8.2).
    #[inline]
    pub const fn with_last_modified(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
        self
    }

    /// Sets the variant's length in bytes (after its content coding): what
    /// `Range` is evaluated against. Without it, `Range` is ignored.
    #[inline]
    pub const fn with_length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// The media type.
    #[inline]
    pub const fn media_type(&self) -> &'v str {
        self.media.as_str()
    }
    /// The language tag, if set.
    #[inline]
    pub const fn language(&self) -> Option<&'v str> {
        self.language
    }
    /// The charset, if set.
    #[inline]
    pub const fn charset(&self) -> Option<&'v str> {
        self.charset
    }
    /// The content coding, if set (unset = identity).
    #[inline]
    pub const fn encoding(&self) -> Option<&'v str> {
        self.encoding
    }
    /// The server quality.
    #[inline]
    pub const fn quality(&self) -> Quality {
        self.quality
    }
    /// The URI for the 406 list, if set.
    #[inline]
    pub const fn uri(&self) -> Option<&'v str> {
        self.uri
    }
    /// The entity-tag, if set.
    #[inline]
    pub const fn etag(&self) -> Option<EntityTag<'v>> {
        self.etag
    }
    /// The Last-Modified date, if set.
    #[inline]
    pub const fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }
    /// The length in bytes, if set.
    #[inline]
    pub const fn length(&self) -> Option<u64> {
        self.length
    }
    /// The value on `axis` (0 type, 1 language, 2 charset, 3 coding, where
    /// an unset coding is `identity`), as negotiation compares it.
    #[inline(always)]
    const fn axis(&self, axis: usize) -> Option<&'v [u8]> {
        match axis {
            0 => Some(self.media.as_str().as_bytes()),
            1 => match self.language {
                Some(tag) => Some(tag.as_bytes()),
                None => None,
            },
            2 => match self.charset {
                Some(charset) => Some(charset.as_bytes()),
                None => None,
            },
            _ => match self.encoding {
                Some(coding) => Some(coding.as_bytes()),
                None => Some(b"identity"),
            },
        }
    }
}

impl fmt::Debug for Variant<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("media_type", &self.media.as_str())
            .field("language", &self.language)
            .field("charset", &self.charset)
            .field("encoding", &self.encoding)
            .field("quality", &self.quality)
            .field("uri", &self.uri)
            .field("etag", &self.etag)
            .field("last_modified", &self.last_modified)
            .field("length", &self.length)
            .finish()
    }
}

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

const VARY_NAMES: [&str; 16] = [
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

/// What to do when no variant is acceptable (RFC 9110 §12.4.1, N-02).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Fallback {
    /// Answer `406 Not Acceptable` (the default).
    #[default]
    NotAcceptable,
    /// Disregard the negotiation fields and send the first variant.
    FirstVariant,
}

/// Which variant to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum VariantChoice {
    /// Variant `index` is the best acceptable one; `quality` is the product of
    /// the client's q-values and the server quality (never zero).
    Selected {
        /// Index into the variants.
        index: usize,
        /// Combined quality.
        quality: Quality,
    },
    /// Nothing was acceptable and [`Fallback::FirstVariant`] disregarded the
    /// fields: send variant `index` (0) with 200.
    Disregarded {
        /// Index into the variants.
        index: usize,
    },
    /// Nothing acceptable: 406, with a body listing the alternatives
    /// ([`Alternatives`]).
    NotAcceptable,
}

/// The outcome of [`ContentNegotiation::select`]: the variant to send (or 406)
/// and the `Vary` value the response must carry (N-81, N-82) — on a 406 too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub struct Selection {
    choice: VariantChoice,
    vary: Vary,
}

impl Selection {
    /// The decision.
    #[inline]
    pub const fn choice(&self) -> VariantChoice {
        self.choice
    }
    /// The variant to send, if any.
    #[inline]
    pub const fn index(&self) -> Option<usize> {
        match self.choice {
            VariantChoice::Selected { index, .. } | VariantChoice::Disregarded { index } => Some(index),
            VariantChoice::NotAcceptable => None,
        }
    }
    /// `200`, or `406` when nothing is acceptable.
    #[inline]
    pub const fn status(&self) -> u16 {
        match self.choice {
            VariantChoice::NotAcceptable => 406,
            _ => 200,
        }
    }
    /// The request fields the choice depends on: each axis on which the
    /// variants differ, whether or not the request carried the field.
    #[inline]
    pub const fn vary(&self) -> Vary {
        self.vary
    }
}

/// The request's proactive negotiation fields, for choosing among variants.
///
/// Each field defaults to absent. Selection multiplies, per variant, the q the
/// request gives its media type, language, charset and coding with the
/// variant's server quality, drops every variant with a zero factor, and takes
/// the highest product. Ties: per axis in that order, the more specific
/// matching range and then the client's order; then the server's order of
/// variants ([`TieBreak::ServerOrder`] skips the per-axis step).
///
/// An unencoded variant whose `identity` the `Accept-Encoding` field neither
/// names nor covers with `*` counts as a factor of 1 (acceptable, no stated
/// preference, N-44) and loses ties to the codings the field names: a
/// browser's `gzip, br` picks the gzip variant of the best content, but never
/// English gzip over Korean identity for a reader who prefers Korean.
/// ([`AcceptEncoding::negotiate`] alone, choosing a coding for one content,
/// ranks such an identity below every named coding.)
///
/// Work: one pass over each field per 32 variants (values shared by several
/// variants are scored once), no allocation.
///
/// # Examples
///
/// ```
/// use conneg::{Accept, AcceptEncoding, AcceptLanguage, ContentNegotiation, Variant, Vary};
///
/// let variants = [
///     Variant::new("text/html").with_language("en"),
///     Variant::new("text/html").with_language("en").with_encoding("gzip"),
///     Variant::new("text/html").with_language("ko"),
///     Variant::new("application/json").with_language("en"),
/// ];
/// let request = ContentNegotiation::new()
///     .accept(Accept::new(b"text/html,*/*;q=0.8"))
///     .accept_language(AcceptLanguage::new(b"ko-KR,ko;q=0.9,en;q=0.7"))
///     .accept_encoding(AcceptEncoding::new(b"gzip, br"));
/// let selection = request.select(&variants);
/// assert_eq!(selection.index(), Some(2)); // Korean, even though only English comes gzipped
/// // With the Korean variant gone, English gzip beats English identity.
/// assert_eq!(request.select(&variants[..2]).index(), Some(1));
/// assert_eq!(selection.vary().as_str(), "Accept, Accept-Encoding, Accept-Language");
///
/// // Nothing acceptable: 406, still with Vary.
/// let picky = ContentNegotiation::new().accept(Accept::new(b"image/*"));
/// assert_eq!(picky.select(&variants).status(), 406);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContentNegotiation<'h> {
    accept: Accept<'h>,
    language: AcceptLanguage<'h>,
    encoding: AcceptEncoding<'h>,
    charset: AcceptCharset<'h>,
    fallback: Fallback,
    tie: TieBreak,
}

/// Per-variant scores on the four axes plus the server quality.
#[derive(Clone, Copy)]
struct Scored {
    /// Product of thousandths over five factors (≤ 10^15).
    product: u64,
    /// The tie-break keys, `(specificity, position)` per axis (type,
    /// language, charset, coding), each packed into 32 bits (see
    /// [`Scored::key`]), the type's highest: comparing the numbers orders
    /// them as comparing the pairs axis by axis would.
    keys: u128,
}

impl Scored {
    /// Every axis at `(0, 0)`, what an axis without a score leaves.
    const NO_KEYS: u128 = Scored::keys([Scored::key(0, 0); 4]);

    /// One axis's tie-break key: higher specificity first, then the lower
    /// (earlier) position, as one number where larger is better: the
    /// specificity in the high 16 bits, `0xFFFF - position` in the low 16.
    const fn key(specificity: u16, position: u16) -> u32 {
        ((specificity as u32) << 16) | (0xFFFF - position) as u32
    }

    /// The four axes' keys as one number, the first axis highest.
    #[inline(always)]
    const fn keys(keys: [u32; 4]) -> u128 {
        (keys[0] as u128) << 96 | (keys[1] as u128) << 64 | (keys[2] as u128) << 32 | keys[3] as u128
    }

    /// Sets `axis` (0..4)'s key.
    #[cfg(test)]
    fn set_key(&mut self, axis: usize, specificity: u16, position: u16) {
        let shift = 32 * (3 - axis as u32);
        self.keys = self.keys & !(u128::from(u32::MAX) << shift)
            | u128::from(Scored::key(specificity, position)) << shift;
    }
}

impl<'h> ContentNegotiation<'h> {
    /// Every field absent.
    #[inline]
    pub const fn new() -> Self {
        ContentNegotiation::from_parts(
            Accept::absent(),
            AcceptLanguage::absent(),
            AcceptEncoding::absent(),
            AcceptCharset::absent(),
            Fallback::NotAcceptable,
            TieBreak::Specificity,
        )
    }
    /// Every part at once (for `Resource::decide`: one struct expression
    /// rather than a chain of by-value builders).
    #[inline(always)]
    pub(crate) const fn from_parts(
        accept: Accept<'h>,
        language: AcceptLanguage<'h>,
        encoding: AcceptEncoding<'h>,
        charset: AcceptCharset<'h>,
        fallback: Fallback,
        tie: TieBreak,
    ) -> Self {
        ContentNegotiation {
            accept,
            language,
            encoding,
            charset,
            fallback,
            tie,
        }
    }

    /// The request's `Accept`.
    #[inline]
    pub const fn accept(mut self, field: Accept<'h>) -> Self {
        self.accept = field;
        self
    }
    /// The request's `Accept-Language` (Basic Filtering).
    #[inline]
    pub const fn accept_language(mut self, field: AcceptLanguage<'h>) -> Self {
        self.language = field;
        self
    }
    /// The request's `Accept-Encoding`.
    #[inline]
    pub const fn accept_encoding(mut self, field: AcceptEncoding<'h>) -> Self {
        self.encoding = field;
        self
    }
    /// The request's `Accept-Charset`.
    #[inline]
    pub const fn accept_charset(mut self, field: AcceptCharset<'h>) -> Self {
        self.charset = field;
        self
    }
    /// What to do when nothing is acceptable (default: 406).
    #[inline]
    pub const fn fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = fallback;
        self
    }
    /// How ties after the combined quality are broken.
    #[inline]
    pub const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.tie = tie;
        self
    }

    /// Chooses the variant to send (see the type's docs), and the `Vary` value.
    ///
    /// What depends on the variants alone (the distinct values on each axis,
    /// the `Vary` value) is worked out on every call; [`select_set`] takes a
    /// [`VariantSet`] that did it once.
    ///
    /// [`select_set`]: ContentNegotiation::select_set
    #[inline]
    pub fn select(&self, variants: &[Variant<'_>]) -> Selection {
        self.select_set(&VariantSet::unprepared(variants))
    }

    /// [`select`](ContentNegotiation::select) on variants prepared once.
    ///
    /// ```
    /// use conneg::{AcceptLanguage, ContentNegotiation, Variant, VariantSet};
    ///
    /// const VARIANTS: [Variant<'static>; 2] =
    ///     [Variant::new("text/html").with_language("en"), Variant::new("text/html").with_language("ko")];
    /// static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);
    ///
    /// let request = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"ko, en;q=0.5"));
    /// assert_eq!(request.select_set(&SET).index(), Some(1));
    /// assert_eq!(request.select_set(&SET), request.select(&VARIANTS));
    /// ```
    pub fn select_set(&self, set: &VariantSet<'_, '_>) -> Selection {
        let variants = set.variants;
        let (best, vary) = match &set.prepared {
            Prepared::Small(plan) => (self.best_in_chunk(variants, plan, 0, None, false), plan.vary),
            Prepared::No if variants.len() <= SMALL_CHUNK => {
                let plan = Plan::<SMALL_CHUNK>::new_fast(variants);
                (self.best_in_chunk(variants, &plan, 0, None, false), plan.vary)
            }
            Prepared::No | Prepared::Large(_) => {
                let mut best = None;
                for (chunk_no, chunk) in variants.chunks(CHUNK).enumerate() {
                    let plan = Plan::<CHUNK>::new_fast(chunk);
                    best = self.best_in_chunk(chunk, &plan, chunk_no * CHUNK, best, true);
                }
                (best, set.vary())
            }
        };
        let choice = match best {
            Some((index, s)) => VariantChoice::Selected {
                index,
                quality: combined_quality(s.product),
            },
            None if self.fallback == Fallback::FirstVariant && !variants.is_empty() => {
                VariantChoice::Disregarded { index: 0 }
            }
            None => VariantChoice::NotAcceptable,
        };
        Selection { choice, vary }
    }

    /// Scores one chunk of at most `N` variants (the first at index `base`)
    /// with its plan, and returns the better of `best` and the chunk's best.
    /// `chunked`: whether other chunks are scored too (a later one may need
    /// this one's tie-break keys).
    #[inline]
    fn best_in_chunk<const N: usize>(
        &self,
        chunk: &[Variant<'_>],
        plan: &Plan<N>,
        base: usize,
        best: Option<(usize, Scored)>,
        chunked: bool,
    ) -> Option<(usize, Scored)> {
        let chunk = &chunk[..chunk.len().min(N)];
        let n_media = usize::from(plan.n[0]).min(N);
        let mut scores: [[Option<Score>; N]; 4] = [[None; N]; 4];
        let [media_scores, language_scores, charset_scores, encoding_scores] = &mut scores;
        // Each axis's distinct values, taken from their first variants.
        let mut media: [&MediaOffer<'_>; N] = [&DUMMY_OFFER; N];
        for (k, slot) in media.iter_mut().enumerate().take(n_media) {
            if let Some(v) = chunk.get(usize::from(plan.rep[0][k])) {
                *slot = &v.media;
            }
        }
        self.score_media(&media[..n_media], media_scores);
        let [language_checked, charset_checked, encoding_checked] = plan.checked;
        score_axis(
            &self.language.0,
            chunk,
            plan,
            1,
            language_checked,
            language_scores,
        );
        score_axis(&self.charset.0, chunk, plan, 2, charset_checked, charset_scores);
        score_axis(
            &self.encoding.0,
            chunk,
            plan,
            3,
            encoding_checked,
            encoding_scores,
        );
        let slots = &plan.slot;
        // Each axis's factor per distinct value, then the products and the
        // chunk's best.
        let mut factors = [[0u64; N]; 4];
        for (axis, (f, s)) in factors.iter_mut().zip(&scores).enumerate() {
            for (f, s) in f.iter_mut().zip(s).take(usize::from(plan.n[axis])) {
                *f = factor(*s);
            }
            if plan.unset[axis] {
                // The unset slot (`N - 1`, free when some variant is unset).
                f[N - 1] = 1000;
            }
        }
        let mut products = [0u64; N];
        let mut max = 0;
        for ((i, v), product) in chunk.iter().enumerate().zip(products.iter_mut()) {
            let mut p = u64::from(v.quality.thousandths());
            for (slot, f) in slots.iter().zip(&factors) {
                // At most five factors of at most 1000: below 10^15. A slot
                // is below `N` (`% N` only spares the bounds check).
                p *= f[usize::from(slot[i % N]) % N];
            }
            *product = p;
            max = max.max(p);
        }
        if max == 0 || best.as_ref().is_some_and(|(_, b)| b.product > max) {
            return best;
        }
        // The first variant with the highest product, unless a later one
        // wins the tie: axis by axis, the more specific range, then the
        // client's order. The keys are only computed for ties.
        let mut tied = products
            .iter()
            .enumerate()
            .filter(|&(_, &p)| p == max)
            .map(|(i, _)| i);
        let Some(mut winner) = tied.next() else {
            return best;
        };
        let mut winner_keys = None;
        if self.tie == TieBreak::Specificity {
            for j in tied {
                let current = *winner_keys.get_or_insert_with(|| keys(&scores, slots, winner));
                let candidate = keys(&scores, slots, j);
                if candidate > current {
                    (winner, winner_keys) = (j, Some(candidate));
                }
            }
        }
        let beats = match &best {
            None => true,
            Some((_, b)) if max != b.product => max > b.product,
            Some(_) if self.tie == TieBreak::ServerOrder => false,
            Some((_, b)) => *winner_keys.get_or_insert_with(|| keys(&scores, slots, winner)) > b.keys,
        };
        if !beats {
            return best;
        }
        let keys = match (self.tie, winner_keys) {
            (TieBreak::ServerOrder, _) => Scored::NO_KEYS,
            (_, Some(k)) => k,
            // Only needed if a later chunk ties.
            (_, None) if chunked => keys(&scores, slots, winner),
            (_, None) => Scored::NO_KEYS,
        };
        Some((base + winner, Scored { product: max, keys }))
    }

    /// Scores the distinct media types of a chunk (`None` for an invalid one).
    #[inline]
    fn score_media<const N: usize>(&self, offers: &[&MediaOffer<'_>], out: &mut [Option<Score>; N]) {
        let n = offers.len().min(N);
        if offers.iter().all(|o| o.is_valid()) {
            self.accept.score_parsed(offers, &mut out[..n]);
            return;
        }
        // Rare: some are not media types. Score the valid ones only.
        let mut packed = [&DUMMY_OFFER; N];
        let mut index_of = [0u8; N];
        let mut k = 0;
        for (i, o) in offers.iter().enumerate() {
            if let (true, Some(slot), Some(at)) = (o.is_valid(), packed.get_mut(k), index_of.get_mut(k)) {
                *slot = *o;
                *at = i as u8; // i < N <= CHUNK
                k += 1;
            }
        }
        let mut scores = [None; N];
        self.accept.score_parsed(&packed[..k], &mut scores[..k]);
        for (&i, score) in index_of[..k].iter().zip(&scores[..k]) {
            if let Some(slot) = out.get_mut(usize::from(i)) {
                *slot = *score;
            }
        }
    }

    #[cfg(test)]
    fn beats(&self, a: &Scored, b: &Scored) -> bool {
        if a.product != b.product {
            return a.product > b.product;
        }
        if self.tie == TieBreak::ServerOrder {
            return false;
        }
        // Axis by axis: the more specific range, then the client's order.
        a.keys > b.keys
    }
}

/// Scores the distinct values of token axis `axis` (1 language, 2 charset,
/// 3 coding) of a planned chunk with `field`, into `out` (none: nothing).
#[inline(always)]
fn score_axis<K: Kind, const N: usize>(
    field: &TokenField<'_, K>,
    chunk: &[Variant<'_>],
    plan: &Plan<N>,
    axis: usize,
    checked: bool,
    out: &mut [Option<Score>; N],
) {
    let n = usize::from(plan.n[axis]).min(N);
    if n == 0 {
        return;
    }
    let mut values: [&[u8]; N] = [&[]; N];
    for (k, slot) in values.iter_mut().enumerate().take(n) {
        *slot = chunk
            .get(usize::from(plan.rep[axis][k]))
            .and_then(|v| v.axis(axis))
            .unwrap_or_default();
    }
    field.score_chunk_checked(&values[..n], &mut out[..n], checked);
}

/// A placeholder for the unused entries of a [`Distinct`] of media types.
static DUMMY_OFFER: MediaOffer<'static> = MediaOffer::new("");

/// What choosing among (a chunk of at most `N`) variants needs from the
/// variants alone: on each axis (type, language, charset, coding), the
/// distinct values, so that a value shared by several variants is scored
/// once, and each variant's slot among them; and whether the builders
/// checked every value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Plan<const N: usize> {
    /// Per axis: how many distinct values.
    n: [u8; 4],
    /// Per axis: the index of the first variant with each distinct value.
    rep: [[u8; N]; 4],
    /// Per axis: each variant's slot among the distinct values; `N - 1`
    /// when it leaves the axis unset (a slot no value takes then, as at
    /// most `N - 1` variants set the axis), where the factor is 1 and the
    /// score `None`.
    slot: [[u8; N]; 4],
    /// Per axis (language, charset, coding): is every value unset, or valid
    /// as it is?
    checked: [bool; 3],
    /// Per axis: does some variant leave it unset?
    unset: [bool; 4],
    /// The `Vary` value of the planned variants (of all the variants, when
    /// they fit in one chunk).
    vary: Vary,
}

/// Defines a `Plan` constructor around an equality of axis values (`$same`):
/// the same code as a `const fn` comparing octets, and as a run-time
/// function comparing addresses, which is cheaper and which a `const fn`
/// cannot do.
macro_rules! plan_constructor {
    ($(#[$doc:meta])* [$($const:tt)?] fn $name:ident, $axis:ident, $same:ident) => {
        $(#[$doc])*
        #[inline(always)]
        $($const)? fn $name(variants: &[Variant<'_>]) -> Self {
            let mut plan = Plan {
                n: [0; 4],
                rep: [[0; N]; 4],
                slot: [[0; N]; 4],
                checked: [true; 3],
                unset: [false; 4],
                vary: Vary::NONE,
            };
            let count = if variants.len() < N { variants.len() } else { N };
            // Each axis's distinct values so far, and whether some variant
            // leaves it unset.
            let mut values: [[&[u8]; N]; 4] = [[&[]; N]; 4];
            let mut unset = [false; 4];
            let mut i = 0;
            while i < count {
                let v = &variants[i];
                plan.checked[0] &= v.checked[0];
                plan.checked[1] &= v.checked[1];
                plan.checked[2] &= v.checked[2];
                Self::$axis::<0>(&mut plan, &mut values[0], &mut unset[0], i, v.axis(0));
                Self::$axis::<1>(&mut plan, &mut values[1], &mut unset[1], i, v.axis(1));
                Self::$axis::<2>(&mut plan, &mut values[2], &mut unset[2], i, v.axis(2));
                Self::$axis::<3>(&mut plan, &mut values[3], &mut unset[3], i, v.axis(3));
                i += 1;
            }
            // `Vary`: an axis counts when some variant leaves it unset and
            // some sets it, or when two distinct values differ
            // case-insensitively.
            let mut axis = 0;
            while axis < 4 {
                let n = plan.n[axis] as usize;
                let mut differs = n > 0 && unset[axis];
                let mut k = 1;
                while !differs && k < n {
                    differs = !eq_ignore_case(values[axis][0], values[axis][k]);
                    k += 1;
                }
                if differs {
                    plan.vary = plan.vary.union(AXIS_FIELDS[axis]);
                }
                axis += 1;
            }
            plan.unset = unset;
            plan
        }

        /// Variant `i`'s `value` on one axis: its slot among the distinct
        /// `values` (a value `$same` as an earlier one's shares its slot;
        /// one new value per variant at most).
        #[inline(always)]
        $($const)? fn $axis<'a, const AXIS: usize>(
            plan: &mut Self,
            values: &mut [&'a [u8]; N],
            unset: &mut bool,
            i: usize,
            value: Option<&'a [u8]>,
        ) {
            let Some(value) = value else {
                *unset = true;
                plan.slot[AXIS][i] = (N - 1) as u8; // N <= CHUNK
                return;
            };
            let n = plan.n[AXIS] as usize;
            let mut at = 0;
            while at < n && !$same(values[at], value) {
                at += 1;
            }
            if at == n {
                values[at] = value;
                plan.rep[AXIS][at] = i as u8; // i < N <= CHUNK
                plan.n[AXIS] += 1;
            }
            plan.slot[AXIS][i] = at as u8;
        }
    };
}

/// The request field of each axis (type, language, charset, coding).
const AXIS_FIELDS: [Vary; 4] = [
    Vary::ACCEPT,
    Vary::ACCEPT_LANGUAGE,
    Vary::ACCEPT_CHARSET,
    Vary::ACCEPT_ENCODING,
];

impl<const N: usize> Plan<N> {
    plan_constructor! {
        /// The plan of the first `N` (at most) of `variants`: values equal
        /// octet for octet share a slot.
        [const] fn new, axis, bytes_eq
    }

    plan_constructor! {
        /// [`new`](Plan::new) at run time, for a plan used once: values at
        /// the same address share a slot (variants usually share one
        /// `&'static str` per value). Equal values elsewhere get slots of
        /// their own, which only costs scoring them twice: their scores,
        /// factors and tie-break keys are equal, and `Vary` compares the
        /// values themselves.
        [] fn new_fast, axis_fast, same_address
    }
}

/// The same slice: address and length.
#[inline(always)]
fn same_address(a: &[u8], b: &[u8]) -> bool {
    core::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()
}

/// Octet equality, as a `const fn`: the length and the last octet first,
/// where short values such as language tags and codings mostly differ.
const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = a.len();
    while i > 0 {
        i -= 1;
        if a[i] != b[i] {
            return false;
        }
    }
    true
}

/// ASCII case-insensitive equality, as a `const fn`.
const fn eq_ignore_case(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// A resource's variants, prepared once for [`ContentNegotiation::select_set`]
/// (and held by [`Resource`](crate::Resource)): what negotiation needs from
/// the variants alone, the distinct values on each axis and the `Vary`
/// value, is worked out here rather than on every request.
///
/// `VariantSet::new` is a `const fn`, so a set can be a `static`; building
/// one costs about what one [`select`](ContentNegotiation::select) spends on
/// the same work. Sets of up to 8 variants are prepared in full; larger ones
/// get their `Vary` here and the rest on every call.
///
/// ```
/// use conneg::{Variant, VariantSet, Vary};
///
/// const VARIANTS: [Variant<'static>; 3] = [
///     Variant::new("text/html").with_language("en"),
///     Variant::new("text/html").with_language("en").with_encoding("gzip"),
///     Variant::new("application/json").with_language("en"),
/// ];
/// static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);
/// // Known before any request: the variants differ by type and coding.
/// assert_eq!(SET.vary(), Vary::ACCEPT.union(Vary::ACCEPT_ENCODING));
/// assert_eq!(SET.variants().len(), 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VariantSet<'r, 'v> {
    variants: &'r [Variant<'v>],
    prepared: Prepared,
}

/// How much of a [`VariantSet`] is worked out in advance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Prepared {
    /// Nothing: every selection plans the variants itself.
    No,
    /// At most `SMALL_CHUNK` variants, planned in full (`Vary` included).
    Small(Plan<SMALL_CHUNK>),
    /// More: the `Vary` value; the chunks are planned on every selection.
    Large(Vary),
}

impl<'r, 'v> VariantSet<'r, 'v> {
    /// Prepares `variants` (in the server's order of preference).
    #[inline]
    pub const fn new(variants: &'r [Variant<'v>]) -> Self {
        let prepared = if variants.len() <= SMALL_CHUNK {
            Prepared::Small(Plan::new(variants))
        } else {
            Prepared::Large(vary_of(variants))
        };
        VariantSet { variants, prepared }
    }

    /// `variants`, to be planned by the selection that uses them (once):
    /// cheaper at run time than [`new`](VariantSet::new), which as a
    /// `const fn` cannot compare addresses.
    #[inline]
    pub(crate) const fn unprepared(variants: &'r [Variant<'v>]) -> Self {
        VariantSet {
            variants,
            prepared: Prepared::No,
        }
    }

    /// The variants.
    #[inline]
    pub const fn variants(&self) -> &'r [Variant<'v>] {
        self.variants
    }

    /// The `Vary` value every selection among these variants gives: each
    /// field whose axis the variants differ on (N-81, N-82).
    #[inline]
    pub const fn vary(&self) -> Vary {
        match self.prepared {
            Prepared::Small(plan) => plan.vary,
            Prepared::Large(vary) => vary,
            Prepared::No => vary_of(self.variants),
        }
    }
}

impl<'r, 'v> From<&'r [Variant<'v>]> for VariantSet<'r, 'v> {
    fn from(variants: &'r [Variant<'v>]) -> Self {
        VariantSet::new(variants)
    }
}

/// The factor (thousandths) a score gives a variant: 1000 for an identity
/// `Accept-Encoding` does not mention, 0 when nothing matches. (An axis the
/// variant leaves unset is a factor of 1000 too.)
#[inline(always)]
fn factor(score: Option<Score>) -> u64 {
    match score {
        // Identity the Accept-Encoding field does not mention is acceptable
        // with no stated q: neutral in the product, and it loses ties to
        // the codings the field names.
        Some(score) if score == IMPLICIT_IDENTITY => 1000,
        Some((q, _, _)) => u64::from(q.thousandths()),
        None => 0,
    }
}

/// Variant `i`'s tie-break keys (see [`Scored::key`]); an unset axis (whose
/// slot has no score) is at `(0, 0)`.
#[inline(always)]
fn keys<const N: usize>(scores: &[[Option<Score>; N]; 4], slots: &[[u8; N]; 4], i: usize) -> u128 {
    let mut keys = [Scored::key(0, 0); 4];
    for ((key, scores), slots) in keys.iter_mut().zip(scores).zip(slots) {
        if let Some((_, spec, pos)) = scores[usize::from(slots[i % N]) % N] {
            *key = Scored::key(spec, pos);
        }
    }
    Scored::keys(keys)
}

/// The combined quality in thousandths: the five-factor product of
/// thousandths scaled back, never rounded down to zero.
fn combined_quality(product: u64) -> Quality {
    let t = (product / 1_000_000_000_000).clamp(1, 1000) as u16;
    Quality::from_thousandths(t).unwrap_or(Quality::ONE)
}

/// Do `variants` differ on `axis`: some set and some not, or two values
/// unequal (case-insensitively)?
const fn differs(variants: &[Variant<'_>], axis: usize) -> bool {
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
const fn vary_of(variants: &[Variant<'_>]) -> Vary {
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

/// The body of a 406 response: the available variants with their
/// characteristics and URIs (RFC 9110 §15.5.7, N-91), written through
/// `Display` (so into any `core::fmt::Write`, without allocating).
///
/// [`problem_json`](Alternatives::problem_json) writes an RFC 9457
/// `application/problem+json` document with an `alternatives` extension
/// member; [`html`](Alternatives::html) a small `text/html` page with a list.
/// Every value is escaped for its format.
///
/// ```
/// use conneg::{Alternatives, Variant};
///
/// let variants = [Variant::new("text/html").with_language("en").with_uri("/en")];
/// let json = Alternatives::problem_json(&variants).to_string();
/// assert!(json.starts_with(r#"{"type":"about:blank","title":"Not Acceptable","status":406"#));
/// assert!(json.contains(r#"{"type":"text/html","language":"en","uri":"/en"}"#));
/// let html = Alternatives::html(&variants).to_string();
/// assert!(html.contains(r#"<li><a href="/en">text/html; language=en</a></li>"#));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Alternatives<'a, 'v> {
    variants: &'a [Variant<'v>],
    html: bool,
}

impl<'a, 'v> Alternatives<'a, 'v> {
    /// The `application/problem+json` body (RFC 9457).
    pub const fn problem_json(variants: &'a [Variant<'v>]) -> Self {
        Alternatives {
            variants,
            html: false,
        }
    }
    /// The `text/html` body.
    pub const fn html(variants: &'a [Variant<'v>]) -> Self {
        Alternatives { variants, html: true }
    }
    /// The media type of this body.
    pub const fn content_type(&self) -> &'static str {
        if self.html {
            "text/html; charset=utf-8"
        } else {
            "application/problem+json"
        }
    }
}

impl fmt::Display for Alternatives<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.html {
            write_html(f, self.variants)
        } else {
            write_problem_json(f, self.variants)
        }
    }
}

fn axes<'v>(v: &Variant<'v>) -> [(&'static str, Option<&'v str>); 5] {
    [
        ("type", Some(v.media_type())),
        ("language", v.language),
        ("charset", v.charset),
        ("encoding", v.encoding),
        ("uri", v.uri),
    ]
}

/// The members every 406 problem+json body starts with.
const NOT_ACCEPTABLE: Problem<'static> = Problem::new(406).with_type("about:blank").with_detail(
    "No available representation is acceptable under the request's Accept, Accept-Language, Accept-Encoding and Accept-Charset fields; the alternatives are listed.",
);

fn write_problem_json(f: &mut fmt::Formatter<'_>, variants: &[Variant<'_>]) -> fmt::Result {
    let mut body = NOT_ACCEPTABLE.write_members(f)?;
    let list = body.member("alternatives")?;
    list.write_str("[")?;
    for (i, v) in variants.iter().enumerate() {
        if i > 0 {
            list.write_str(",")?;
        }
        let mut alternative = json::Object::open(&mut *list)?;
        for (name, value) in axes(v) {
            if let Some(value) = value {
                alternative.string(name, value)?;
            }
        }
        alternative.close()?;
    }
    list.write_str("]")?;
    body.close()
}

fn html_escape(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        f.write_str(&s[start..i])?;
        f.write_str(escape)?;
        start = i + 1;
    }
    f.write_str(&s[start..])
}

fn write_html(f: &mut fmt::Formatter<'_>, variants: &[Variant<'_>]) -> fmt::Result {
    f.write_str(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>406 Not Acceptable</title></head>\n<body><h1>Not Acceptable</h1>\n<p>No available representation is acceptable. Alternatives:</p>\n<ul>\n",
    )?;
    for v in variants {
        f.write_str("<li>")?;
        if let Some(uri) = v.uri {
            f.write_str("<a href=\"")?;
            html_escape(f, uri)?;
            f.write_str("\">")?;
        }
        html_escape(f, v.media_type())?;
        for (name, value) in &axes(v)[1..4] {
            if let Some(value) = value {
                write!(f, "; {name}=")?;
                html_escape(f, value)?;
            }
        }
        if v.uri.is_some() {
            f.write_str("</a>")?;
        }
        f.write_str("</li>\n")?;
    }
    f.write_str("</ul>\n</body></html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packed keys order variants exactly as comparing the
    /// `(specificity, position)` pairs axis by axis does (higher specificity,
    /// then lower position, wins), including the extreme values.
    #[test]
    fn packed_keys_compare_like_axis_by_axis_pairs() {
        const VALUES: [(u16, u16); 6] = [(0, 0), (0, 1), (1, 0), (2, 5), (0x1FF, u16::MAX), (u16::MAX, 0)];
        let naive = |a: &[(u16, u16); 4], b: &[(u16, u16); 4]| {
            for (ka, kb) in a.iter().zip(b) {
                if ka.0 != kb.0 {
                    return ka.0 > kb.0;
                }
                if ka.1 != kb.1 {
                    return ka.1 < kb.1;
                }
            }
            false
        };
        let packed = |k: &[(u16, u16); 4]| {
            let mut s = Scored {
                product: 1,
                keys: Scored::NO_KEYS,
            };
            for (axis, &(spec, pos)) in k.iter().enumerate() {
                if (spec, pos) != (0, 0) || axis % 2 == 0 {
                    s.set_key(axis, spec, pos);
                }
            }
            s
        };
        let negotiation = ContentNegotiation::new();
        // Two axes vary over every pair of values; the others are fixed.
        for &a0 in &VALUES {
            for &a2 in &VALUES {
                for &b0 in &VALUES {
                    for &b2 in &VALUES {
                        for &(x, y) in &[(0usize, 2usize), (1, 3)] {
                            let mut a = [(0, 0); 4];
                            let mut b = [(0, 0); 4];
                            (a[x], a[y], b[x], b[y]) = (a0, a2, b0, b2);
                            assert_eq!(
                                negotiation.beats(&packed(&a), &packed(&b)),
                                naive(&a, &b),
                                "{a:?} vs {b:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
