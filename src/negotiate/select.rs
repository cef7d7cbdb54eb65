//! Choosing among a resource's variants on every negotiation axis at once
//! (RFC 9110 §12.1, §12.5): the request's fields, the scoring, the selection.

use crate::Variant;
use crate::VariantSet;
use crate::Vary;
use crate::accept::{CHUNK, SMALL_CHUNK, Score, TieBreak};
use crate::negotiate::IntoVariantSet;
use crate::negotiate::score::{
    DISREGARD, FILTER, LOOKUP, Scored, axis_factors, break_tie, combined_quality, fallback_axis, highest,
    keys, keys_above, score_axis,
};
use crate::negotiate::set::DUMMY_OFFER;
use crate::negotiate::set::Plan;
use crate::negotiate::set::Prepared;
use crate::{Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, MediaOffer, Quality};

/// What to do when no variant is acceptable (RFC 9110 §12.4.1).
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
    /// ([`Alternatives`](crate::Alternatives)).
    NotAcceptable,
}

/// The outcome of [`ContentNegotiation::select`]: the variant to send (or 406)
/// and the `Vary` value the response must carry (RFC 9110 §12.5.5) — on a 406 too.
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
/// the highest product. Ties: axis by axis in that order, as that field's
/// own tie-break says (its `tie_break`, by default [`TieBreak::Specificity`]:
/// for the media type the more specific matching range, then the client's
/// order; for language, charset and coding the client's order of the
/// matching ranges, then an exact match before a prefix; an axis whose
/// field says [`TieBreak::ServerOrder`] breaks no tie); then the server's
/// order of variants. [`ContentNegotiation::tie_break`] with
/// [`TieBreak::ServerOrder`] skips the per-axis step for every axis.
///
/// An unencoded variant whose `identity` the `Accept-Encoding` field neither
/// names nor covers with `*` counts as a factor of 1 (acceptable, no stated
/// preference, RFC 9110 §12.5.3) and loses ties to the codings the field names: a
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
    policy: Policy,
}

/// The server's side of a selection: what [`ContentNegotiation`] holds
/// besides the request's fields (and what [`Resource`](crate::Resource)
/// keeps for it). The defaults and the setters' meaning live here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Policy {
    fallback: Fallback,
    tie: TieBreak,
    language_fallback: bool,
}

impl Policy {
    /// 406 when nothing is acceptable; ties by specificity.
    pub(crate) const DEFAULT: Policy = Policy {
        fallback: Fallback::NotAcceptable,
        tie: TieBreak::Specificity,
        language_fallback: true,
    };

    /// See [`ContentNegotiation::fallback`].
    #[inline]
    pub(crate) const fn fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = fallback;
        self
    }

    /// See [`ContentNegotiation::tie_break`].
    #[inline]
    pub(crate) const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.tie = tie;
        self
    }

    /// See [`ContentNegotiation::language_fallback`].
    #[inline]
    pub(crate) const fn language_fallback(mut self, on: bool) -> Self {
        self.language_fallback = on;
        self
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::DEFAULT
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
            Policy::DEFAULT,
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
        policy: Policy,
    ) -> Self {
        ContentNegotiation {
            accept,
            language,
            encoding,
            charset,
            policy,
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
        self.policy = self.policy.fallback(fallback);
        self
    }
    /// How ties after the combined quality are broken:
    /// [`TieBreak::Specificity`] (the default) breaks them axis by axis, each
    /// as its field's own tie-break says; [`TieBreak::ServerOrder`] leaves
    /// them to the server's order of variants, whatever the fields say.
    ///
    /// ```
    /// use conneg::{Accept, ContentNegotiation, TieBreak, Variant};
    ///
    /// // `text/html` is matched by the more specific range, at the same q.
    /// let variants = [Variant::new("text/plain"), Variant::new("text/html")];
    /// let accept = Accept::new(b"text/*, text/html");
    /// let request = ContentNegotiation::new().accept(accept);
    /// assert_eq!(request.select(&variants).index(), Some(1));
    /// // The field's own tie-break governs its axis...
    /// let by_server = ContentNegotiation::new().accept(accept.tie_break(TieBreak::ServerOrder));
    /// assert_eq!(by_server.select(&variants).index(), Some(0));
    /// // ...and the request's governs them all.
    /// assert_eq!(request.tie_break(TieBreak::ServerOrder).select(&variants).index(), Some(0));
    /// ```
    #[inline]
    pub const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.policy = self.policy.tie_break(tie);
        self
    }

    /// Whether `Accept-Language` falls back when no variant's language is
    /// acceptable on that axis alone (default: on). On: RFC 4647 Lookup
    /// truncation first (`de-DE` → `de`, RFC 4647 §3.4); when even that
    /// matches no variant, the field is disregarded (RFC 9110 §12.1: the
    /// server may disregard it) and the choice is made as if it were
    /// absent, by the other axes and then the server's order (a language
    /// the field excludes with q=0 stays excluded); `Vary` still
    /// lists `Accept-Language` when the variants differ in language. Off:
    /// Basic Filtering only, and 406 when it matches nothing.
    ///
    /// ```
    /// use conneg::{AcceptLanguage, ContentNegotiation, Variant, Vary};
    ///
    /// let variants = [Variant::new("text/html").with_language("de"), Variant::new("text/html").with_language("en")];
    /// let request = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"de-DE"));
    /// assert_eq!(request.select(&variants).index(), Some(0)); // de-DE → de
    /// let request = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"fr"));
    /// let selection = request.select(&variants);
    /// assert_eq!(selection.index(), Some(0)); // disregarded: the server's first
    /// assert!(selection.vary().contains(Vary::ACCEPT_LANGUAGE));
    /// assert_eq!(request.language_fallback(false).select(&variants).status(), 406);
    /// ```
    #[inline]
    pub const fn language_fallback(mut self, on: bool) -> Self {
        self.policy = self.policy.language_fallback(on);
        self
    }

    /// Chooses the variant to send (see the type's docs), and the `Vary` value.
    ///
    /// `variants` are the variants themselves (`&[Variant]`, `&[Variant; N]`,
    /// `&Vec<Variant>`), and what depends on them alone (the distinct values
    /// on each axis, the `Vary` value) is worked out on every call; or a
    /// [`VariantSet`] that did it once ([`VariantSet::new`]). See
    /// [`IntoVariantSet`](crate::negotiate::IntoVariantSet).
    ///
    /// ```
    /// use conneg::{AcceptLanguage, ContentNegotiation, Variant, VariantSet};
    ///
    /// const VARIANTS: [Variant<'static>; 2] =
    ///     [Variant::new("text/html").with_language("en"), Variant::new("text/html").with_language("ko")];
    /// static SET: VariantSet<'static, 'static> = VariantSet::new(&VARIANTS);
    ///
    /// let request = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"ko, en;q=0.5"));
    /// assert_eq!(request.select(&SET).index(), Some(1));
    /// assert_eq!(request.select(&SET), request.select(&VARIANTS));
    /// ```
    #[inline]
    pub fn select(&self, variants: impl IntoVariantSet) -> Selection {
        variants.with_set(|set| self.select_in(set))
    }

    /// [`select`](ContentNegotiation::select) on a set. Inlined into
    /// `select` and [`Resource::decide`](crate::Resource::decide), and the
    /// prepared set's scoring ([`best_in_chunk`](Self::best_in_chunk)) into
    /// it: the selection's fields and arrays stay in the caller's frame
    /// rather than going through two calls (decide8/prepared 3,791 → 3,735).
    #[inline(always)]
    pub(crate) fn select_in(&self, set: &VariantSet<'_, '_>) -> Selection {
        let variants = set.variants;
        let (mut best, (vary, vary_refusing)) = self.best_in::<FILTER>(set);
        if best.is_none() && self.policy.language_fallback {
            best = self.language_fallback_in(set);
        }
        // `Vary` names every field that could change the status or the
        // representation under this policy (RFC 9110 §12.5.5), on the 406
        // too: the axes that differ, and under the 406 policy the fields that
        // could refuse every variant (Accept-Language among them where a
        // variant names a language: a language the client excludes with q=0
        // stays excluded even when the field is otherwise disregarded).
        let vary = match self.policy.fallback {
            Fallback::NotAcceptable => vary_refusing,
            Fallback::FirstVariant => vary,
        };
        let choice = match best {
            Some((index, s)) => VariantChoice::Selected {
                index,
                quality: combined_quality(s.product),
            },
            None if self.policy.fallback == Fallback::FirstVariant && !variants.is_empty() => {
                VariantChoice::Disregarded { index: 0 }
            }
            None => VariantChoice::NotAcceptable,
        };
        Selection { choice, vary }
    }

    /// The best variant of `set` and the `Vary` value; `LANGUAGE`: how the
    /// language axis is scored ([`FILTER`], [`LOOKUP`] or [`DISREGARD`]).
    #[inline(always)]
    fn best_in<const LANGUAGE: u8>(
        &self,
        set: &VariantSet<'_, '_>,
    ) -> (Option<(usize, Scored)>, (Vary, Vary)) {
        let variants = set.variants;
        match &set.prepared {
            Prepared::Small(plan) => (
                self.best_in_chunk::<SMALL_CHUNK, LANGUAGE>(variants, plan, 0, None, false),
                (plan.vary, plan.vary_refusing),
            ),
            Prepared::No if variants.len() <= SMALL_CHUNK => self.best_in_unprepared::<LANGUAGE>(variants),
            Prepared::No | Prepared::Large(..) => {
                (self.best_in_chunks::<LANGUAGE>(variants), set.vary_parts())
            }
        }
    }

    /// [`best_in`](Self::best_in) for at most [`SMALL_CHUNK`] variants not
    /// prepared: planned here, then scored. Out of line, as
    /// [`best_in_chunk`](Self::best_in_chunk) is inlined into each caller:
    /// the prepared selection, the usual one, keeps its copy to itself.
    #[inline(never)]
    fn best_in_unprepared<const LANGUAGE: u8>(
        &self,
        variants: &[Variant<'_>],
    ) -> (Option<(usize, Scored)>, (Vary, Vary)) {
        let plan = Plan::<SMALL_CHUNK>::new_fast(variants);
        (
            self.best_in_chunk::<SMALL_CHUNK, LANGUAGE>(variants, &plan, 0, None, false),
            (plan.vary, plan.vary_refusing),
        )
    }

    /// [`best_in`](Self::best_in) for more than [`SMALL_CHUNK`] variants:
    /// chunk by chunk, each planned here. Out of line: the usual selection
    /// keeps a small frame.
    #[inline(never)]
    fn best_in_chunks<const LANGUAGE: u8>(&self, variants: &[Variant<'_>]) -> Option<(usize, Scored)> {
        let mut best = None;
        for (chunk_no, chunk) in variants.chunks(CHUNK).enumerate() {
            let plan = Plan::<CHUNK>::new_fast(chunk);
            best = self.best_in_chunk::<CHUNK, LANGUAGE>(chunk, &plan, chunk_no * CHUNK, best, true);
        }
        best
    }

    /// When nothing is acceptable ([`language_fallback`](Self::language_fallback)
    /// on): if no variant is acceptable on the language axis alone (every
    /// variant has a language, and Basic Filtering accepts none of them),
    /// RFC 4647 Lookup over all the variants; if that matches none either,
    /// the choice as if `Accept-Language` were absent (RFC 9110 §12.1),
    /// except that a language it excludes with q=0 stays excluded.
    /// Decided over every variant, not per chunk. Off the usual path.
    #[cold]
    #[inline(never)]
    fn language_fallback_in(&self, set: &VariantSet<'_, '_>) -> Option<(usize, Scored)> {
        let language = &self.language.0;
        let mut any_lookup = false;
        for v in set.variants {
            let Some(tag) = v.axis(1) else {
                // Acceptable on the language axis: nothing to fall back from.
                return None;
            };
            let mut filtered = [None];
            language.score_chunk(&[tag], &mut filtered);
            if filtered[0].is_some_and(|(q, _, _): Score| q.is_acceptable()) {
                return None;
            }
            any_lookup |= language
                .lookup_score(tag)
                .is_some_and(|(q, _, _)| q.is_acceptable());
        }
        if any_lookup {
            self.best_in::<LOOKUP>(set).0
        } else {
            self.best_in::<DISREGARD>(set).0
        }
    }

    /// Scores one chunk of at most `N` variants (the first at index `base`)
    /// with its plan, and returns the better of `best` and the chunk's best.
    /// `chunked`: whether other chunks are scored too (a later one may need
    /// this one's tie-break keys). Inlined into each caller (see
    /// [`select_in`](Self::select_in)).
    #[inline(always)]
    fn best_in_chunk<const N: usize, const LANGUAGE: u8>(
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
        self.score_media(&media[..n_media], plan.valid_media, media_scores);
        let [language_checked, charset_checked, encoding_checked] = plan.checked;
        if LANGUAGE != FILTER {
            fallback_axis(
                &self.language.0,
                chunk,
                plan,
                language_scores,
                LANGUAGE == DISREGARD,
            );
        } else {
            score_axis(
                &self.language.0,
                chunk,
                plan,
                1,
                language_checked,
                language_scores,
            );
        }
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
        // Each axis's factor per distinct value, then the products, the
        // chunk's highest and the variants that reach it (a bit set: a
        // chunk has at most 32 variants).
        let mut factors = [[0u64; N]; 4];
        for axis in 0..4 {
            axis_factors(&scores[axis], plan.n[axis], plan.unset[axis], &mut factors[axis]);
        }
        // Every variant leaving the charset unset and at server quality 1
        // (the usual case), those factors are 1000 for all: multiplied into
        // the highest product once rather than into each.
        let (max, tied) = match (plan.n[2] == 0, plan.unit_quality) {
            (true, true) => highest::<N, true, true>(chunk, slots, &factors),
            (true, false) => highest::<N, true, false>(chunk, slots, &factors),
            (false, _) => highest::<N, false, false>(chunk, slots, &factors),
        };
        if max == 0 || best.as_ref().is_some_and(|(_, b)| b.product > max) {
            return best;
        }
        // The first variant with the highest product, unless a later one
        // wins the tie: axis by axis, as each axis's `Order` says. The keys
        // are only computed for ties.
        let mut winner = tied.trailing_zeros() as usize;
        let mut winner_keys = None;
        let masks = self.axis_masks();
        let mut rest = tied & tied.wrapping_sub(1);
        if rest != 0 && self.policy.tie == TieBreak::Specificity {
            if tied.count_ones() > 3 {
                // Many: each distinct value's keys once, then lookups.
                let (w, k) = break_tie(&scores, plan, tied, masks);
                (winner, winner_keys) = (w, Some(k));
            } else {
                // A few: compared pairwise, on the axes where they differ.
                let axis_masks = self.axis_ties().map(TieBreak::key_mask);
                while rest != 0 {
                    let j = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    if keys_above(&scores, slots, j, winner, axis_masks) {
                        winner = j;
                    }
                }
            }
        }
        let beats = match &best {
            None => true,
            Some((_, b)) if max != b.product => max > b.product,
            Some(_) if self.policy.tie == TieBreak::ServerOrder => false,
            Some((_, b)) => *winner_keys.get_or_insert_with(|| keys(&scores, slots, winner, masks)) > b.keys,
        };
        if !beats {
            return best;
        }
        let keys = match (self.policy.tie, winner_keys) {
            (TieBreak::ServerOrder, _) => Scored::NO_KEYS,
            (_, Some(k)) => k,
            // Only needed if a later chunk ties.
            (_, None) if chunked => keys(&scores, slots, winner, masks),
            (_, None) => Scored::NO_KEYS,
        };
        Some((base + winner, Scored { product: max, keys }))
    }

    /// Each axis's tie-break (type, language, charset, coding): its field's,
    /// unless the request's is [`TieBreak::ServerOrder`].
    #[inline(always)]
    fn axis_ties(&self) -> [TieBreak; 4] {
        match self.policy.tie {
            TieBreak::ServerOrder => [TieBreak::ServerOrder; 4],
            TieBreak::Specificity => [
                self.accept.tie(),
                self.language.0.tie,
                self.charset.0.tie,
                self.encoding.0.tie,
            ],
        }
    }

    /// The [`TieBreak::key_mask`]s of [`axis_ties`](Self::axis_ties),
    /// packed as [`keys`] packs the keys; `None` when every axis keeps its
    /// whole key (the usual case: nothing to mask).
    #[inline(always)]
    fn axis_masks(&self) -> Option<u128> {
        let ties = self.axis_ties();
        if ties == [TieBreak::Specificity; 4] {
            None
        } else {
            Some(Scored::pack(ties.map(TieBreak::key_mask)))
        }
    }

    /// Scores the distinct media types of a chunk (`None` for an invalid
    /// one); `valid`: the plan knows them all valid.
    #[inline(always)]
    fn score_media<const N: usize>(
        &self,
        offers: &[&MediaOffer<'_>],
        valid: bool,
        out: &mut [Option<Score>; N],
    ) {
        let n = offers.len().min(N);
        if valid || offers.iter().all(|o| o.is_valid()) {
            self.accept.score_parsed(offers, &mut out[..n]);
        } else {
            self.score_some_media(offers, out);
        }
    }

    /// [`score_media`](Self::score_media) where some offers are not media
    /// types: scores the valid ones only. Rare.
    #[cold]
    #[inline(never)]
    fn score_some_media<const N: usize>(&self, offers: &[&MediaOffer<'_>], out: &mut [Option<Score>; N]) {
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
    pub(crate) fn beats(&self, a: &Scored, b: &Scored) -> bool {
        if a.product != b.product {
            return a.product > b.product;
        }
        if self.policy.tie == TieBreak::ServerOrder {
            return false;
        }
        // Axis by axis, as each axis's `Order` says.
        a.keys > b.keys
    }
}
#[cfg(test)]
#[path = "select_tests.rs"]
mod tests;
