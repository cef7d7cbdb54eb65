//! A resource and the combined decision: one call from a request's fields
//! and a resource's variants to the status, the chosen variant and the
//! ranges (RFC 9110 §12, §13.2.2, §14), in the order the RFC fixes:
//! negotiation, then preconditions on the selected variant, then Range.
use crate::Decision;
use crate::Outcome;

use crate::field::Field;
use crate::negotiate;
use crate::precondition::{self, evaluate};
use crate::request::RequestHead;
use crate::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, ByteRange, ContentNegotiation, FieldLines,
    HttpDate, Precondition, Range, RangeOutcome, Representation, TieBreak, Variant, VariantSet, Vary,
    negotiate::Fallback, precondition::ModifiedSince, precondition::RangeCondition,
    range::DEFAULT_MAX_RANGES,
};

/// A resource: its variants (with their validators and lengths, see
/// [`Variant::with_etag`], [`Variant::with_last_modified`],
/// [`Variant::with_length`]) and the server's policies. No variants means no
/// current representation (a PUT that would create it, or a 404).
///
/// # Examples
///
/// ```
/// use conneg::{EntityTag, Field, FieldLines, RequestMethod, Outcome, RequestHead, Resource, Variant};
///
/// let variants = [
///     Variant::new("text/html").with_etag(EntityTag::from_static("\"h1\"")).with_length(1000),
///     Variant::new("application/json").with_etag(EntityTag::from_static("\"j1\"")).with_length(400),
/// ];
/// let resource = Resource::new(&variants);
///
/// // A browser revalidating its copy of the HTML: 304, with Vary and the ETag.
/// let request = RequestHead::new(RequestMethod::Get)
///     .field(Field::Accept, FieldLines::one(b"text/html,*/*;q=0.8"))
///     .field(Field::IfNoneMatch, FieldLines::one(b"\"h1\""));
/// let decision = resource.decide(&request);
/// assert_eq!(decision.outcome(), Outcome::NotModified);
/// let headers: Vec<String> = decision.headers().map(|h| h.to_string()).collect();
/// assert_eq!(headers, ["Vary: Accept, Accept-Encoding", "ETag: \"h1\""]);
///
/// // Resuming a download of the JSON.
/// let request = RequestHead::new(RequestMethod::Get)
///     .field(Field::Accept, FieldLines::one(b"application/json"))
///     .field(Field::Range, FieldLines::one(b"bytes=100-"))
///     .field(Field::IfRange, FieldLines::one(b"\"j1\""));
/// let decision = resource.decide(&request);
/// assert_eq!((decision.status(), decision.variant_index()), (206, Some(1)));
/// assert!(decision.headers().any(|h| h.to_string() == "Content-Range: bytes 100-399/400"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resource<'r, 'v> {
    variants: VariantSet<'r, 'v>,
    /// What [`ContentNegotiation`] holds besides the request's fields.
    negotiation: negotiate::Policy,
    /// What [`Conditions`](crate::Conditions) holds besides the request.
    conditions: precondition::Policy,
    /// The limits, in a [`Range`] without a field: `decide` gives it the
    /// request's.
    range: Range<'static>,
    /// Whether byte ranges are served at all.
    ranges: bool,
    boundary_seed: u64,
}

impl<'r, 'v> Resource<'r, 'v> {
    /// A resource with these variants (in the server's order of preference)
    /// and the default policies: those of [`ContentNegotiation`] (406 when
    /// nothing is acceptable), of [`Conditions`](crate::Conditions) (RFC
    /// `If-Modified-Since` comparison, no 428) and of [`Range`], byte ranges
    /// accepted.
    ///
    /// Cheap: each [`decide`](Resource::decide) works out what it needs from
    /// the variants alone, as [`VariantSet::from`] does;
    /// [`prepared`](Resource::prepared) does that once.
    pub const fn new(variants: &'r [Variant<'v>]) -> Self {
        Resource {
            variants: VariantSet::unprepared(variants),
            negotiation: negotiate::Policy::DEFAULT,
            conditions: precondition::Policy::DEFAULT,
            range: Range::from_field(FieldLines::ABSENT),
            ranges: true,
            boundary_seed: 0,
        }
    }

    /// The variants prepared once ([`VariantSet::new`]): what negotiation
    /// needs from the variants alone is not worked out again on every
    /// [`decide`](Resource::decide). A `const fn`, for a resource in a
    /// `static` or `const`; at run time it costs about one decision's worth
    /// of that work.
    ///
    /// ```
    /// use conneg::{Field, FieldLines, RequestMethod, RequestHead, Resource, Variant};
    ///
    /// const VARIANTS: [Variant<'static>; 2] = [
    ///     Variant::new("text/html").with_length(100),
    ///     Variant::new("application/json").with_length(40),
    /// ];
    /// static PAGE: Resource<'static, 'static> = Resource::new(&VARIANTS).prepared();
    ///
    /// let request = RequestHead::new(RequestMethod::Get).field(Field::Accept, FieldLines::one(b"application/json"));
    /// let decision = PAGE.decide(&request);
    /// assert_eq!((decision.status(), decision.variant_index()), (200, Some(1)));
    /// assert_eq!(decision, Resource::new(&VARIANTS).decide(&request));
    /// ```
    pub const fn prepared(mut self) -> Self {
        self.variants = VariantSet::new(self.variants.variants());
        self
    }

    /// The variants.
    pub const fn variants(&self) -> &'r [Variant<'v>] {
        self.variants.variants()
    }

    /// What to do when no variant is acceptable
    /// ([`ContentNegotiation::fallback`]).
    pub const fn fallback(mut self, fallback: Fallback) -> Self {
        self.negotiation = self.negotiation.fallback(fallback);
        self
    }

    /// Whether `Accept-Language` falls back to RFC 4647 Lookup, then is
    /// disregarded, when no variant's language is acceptable
    /// ([`ContentNegotiation::language_fallback`]; default on).
    pub const fn language_fallback(mut self, on: bool) -> Self {
        self.negotiation = self.negotiation.language_fallback(on);
        self
    }

    /// How negotiation ties are broken ([`ContentNegotiation::tie_break`]).
    pub const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.negotiation = self.negotiation.tie_break(tie);
        self
    }

    /// How `If-Modified-Since` compares ([`Conditions::modified_since`](crate::Conditions::modified_since)).
    pub const fn modified_since(mut self, mode: ModifiedSince) -> Self {
        self.conditions.modified_since = mode;
        self
    }

    /// Answer 428 to unsafe methods without a precondition
    /// ([`Conditions::require_precondition`](crate::Conditions::require_precondition)).
    pub const fn require_precondition(mut self, require: bool) -> Self {
        self.conditions.require = require;
        self
    }

    /// The server's clock ([`Conditions::now`](crate::Conditions::now)).
    pub const fn now(mut self, now: HttpDate) -> Self {
        self.conditions.now = Some(now);
        self
    }

    /// Whether byte ranges are served (default on): off ignores `Range` and
    /// sends no `Accept-Ranges`.
    pub const fn accept_ranges(mut self, on: bool) -> Self {
        self.ranges = on;
        self
    }

    /// Most range-specs accepted ([`Range::max_ranges`]); at most
    /// [`DEFAULT_MAX_RANGES`], the decision's own storage.
    pub const fn max_ranges(mut self, max: usize) -> Self {
        let max = if max < DEFAULT_MAX_RANGES {
            max
        } else {
            DEFAULT_MAX_RANGES
        };
        self.range = self.range.max_ranges(max);
        self
    }

    /// Most ranges allowed to cover one byte ([`Range::max_overlap`]).
    pub const fn max_overlap(mut self, max: usize) -> Self {
        self.range = self.range.max_overlap(max);
        self
    }

    /// Whether ranges adding up to more than the length are ignored
    /// ([`Range::limit_total`]).
    pub const fn limit_total(mut self, on: bool) -> Self {
        self.range = self.range.limit_total(on);
        self
    }

    /// Coalesce ranges at most `gap` bytes apart ([`Range::coalesce`], RFC 9110 §15.3.7.2).
    pub const fn coalesce(mut self, gap: Option<u64>) -> Self {
        self.range = self.range.coalesce(gap);
        self
    }

    /// Mixed into the multipart boundary (RFC 9110 §14.6). With `std` the
    /// boundary already carries a secret drawn once per process, so no
    /// client can predict it; without `std` this seed is the only secret:
    /// pass a random value per process (or per response) when serving
    /// content that third parties write. [`Multipart::avoiding`](crate::Multipart::avoiding)
    /// also makes sure no part's bytes contain the boundary.
    pub const fn boundary_seed(mut self, seed: u64) -> Self {
        self.boundary_seed = seed;
        self
    }

    /// Decides the response to `request`:
    ///
    /// 1. **Negotiation** ([`ContentNegotiation::select`]) on the four
    ///    `Accept*` fields. Nothing acceptable: 406 for GET and HEAD; other
    ///    methods go on with the first variant (the response to an unsafe
    ///    method is not the negotiated representation). No variants at all:
    ///    404 for GET and HEAD; other methods go on with no current
    ///    representation.
    /// 2. **Preconditions** ([`Conditions::evaluate`](crate::Conditions::evaluate), RFC 9110 §13.2.2) on
    ///    the selected variant's ETag and Last-Modified: 304 (GET/HEAD only),
    ///    412 or 428 — never evaluated on a 404 or 406 (RFC 9110 §13.2.1).
    /// 3. **Range** ([`Range::evaluate`]), only for GET, only when the
    ///    preconditions passed and `If-Range` (if any) holds, and only for a
    ///    variant with a known length: 206 with the ranges, or 416. Several
    ///    ranges of a content-coded variant get the full 200 (a
    ///    `multipart/byteranges` body cannot say its parts are coded).
    ///
    /// So a POST never gets 206, a PUT never gets 304, and a failed
    /// `If-Range` always gets the full representation. Pure, no allocation,
    /// work linear in the fields' bytes (times the variants, in chunks of 32).
    pub fn decide(&self, request: &RequestHead<'_>) -> Decision<'r, 'v> {
        // Every return below builds its `Decision` as one struct expression
        // ([`Resource::decision`]), written straight into the caller's slot:
        // a local `Decision` lent to `Range::evaluate` was copied out whole
        // (304 bytes) on every call. Only several ranges take that way
        // ([`Resource::decide_ranges`]).
        let method = request.method();
        let get_or_head = method.is_get_or_head();
        let zero = ByteRange::ZERO;

        // 1. Negotiation.
        let variants = self.variants.variants();
        let mut vary = Vary::NONE;
        let (variant, index) = if variants.is_empty() {
            if get_or_head {
                return self.decision(request, Outcome::NotFound, None, vary, false, zero, 0);
            }
            (None, None)
        } else {
            let selection = ContentNegotiation::from_parts(
                Accept::from_field(request.get(Field::Accept)),
                AcceptLanguage::from_field(request.get(Field::AcceptLanguage)),
                AcceptEncoding::from_field(request.get(Field::AcceptEncoding)),
                AcceptCharset::from_field(request.get(Field::AcceptCharset)),
                self.negotiation,
            )
            .select_in(&self.variants);
            if get_or_head {
                vary = selection.vary();
            }
            let index = match selection.index() {
                Some(index) => index,
                None if get_or_head => {
                    return self.decision(request, Outcome::NotAcceptable, None, vary, false, zero, 0);
                }
                None => 0,
            };
            (variants.get(index), Some(index))
        };

        // 2. Preconditions, read straight from the request (no `Conditions`
        // copy of its fields).
        let representation = match variant {
            Some(v) => v.representation(),
            None => Representation::missing(),
        };
        let range_condition = match evaluate(request, self.conditions, &representation, || false) {
            Precondition::Proceed(rc) => rc,
            Precondition::NotModified => {
                return self.decision(request, Outcome::NotModified, index, vary, false, zero, 0);
            }
            Precondition::Required => {
                return self.decision(
                    request,
                    Outcome::PreconditionRequired,
                    index,
                    vary,
                    false,
                    zero,
                    0,
                );
            }
            // `AlreadyApplied` needs the host's hook, which `evaluate` does
            // not have; fail safe if it ever appears.
            Precondition::Failed | Precondition::AlreadyApplied => {
                return self.decision(request, Outcome::PreconditionFailed, index, vary, false, zero, 0);
            }
        };

        // 3. Range (GET only: `Conditions` says `NoRange` for every other method).
        let full = |accept_ranges| self.decision(request, Outcome::Full, index, vary, accept_ranges, zero, 0);
        let Some(v) = variant else { return full(false) };
        let Some(length) = v.length().filter(|_| self.ranges && get_or_head) else {
            return full(false);
        };
        if range_condition != RangeCondition::Apply {
            return full(true);
        }
        let range = self.range.with_field(request.get(Field::Range));
        // One spec (the usual request): evaluated into a local. The range
        // `evaluate` would have written first is kept in the array as before.
        let mut written = [zero];
        let (outcome, count) = match range.evaluate_lone(length, &mut written) {
            Some(RangeOutcome::Ignore(_)) => (Outcome::Full, 0),
            Some(RangeOutcome::NotSatisfiable) => (Outcome::RangeNotSatisfiable, 0),
            Some(RangeOutcome::Satisfiable(_)) => (Outcome::Partial, 1),
            None => {
                return self.decide_ranges(request, range, length, is_identity(v.encoding()), index, vary);
            }
        };
        self.decision(request, outcome, index, vary, true, written[0], count)
    }

    /// The `Decision` with these parts, `first` as the first entry of the
    /// range array (the rest default) and `range_count` of them valid.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn decision(
        &self,
        request: &RequestHead<'_>,
        outcome: Outcome,
        index: Option<usize>,
        vary: Vary,
        accept_ranges: bool,
        first: ByteRange,
        range_count: u8,
    ) -> Decision<'r, 'v> {
        const Z: ByteRange = ByteRange::ZERO;
        Decision {
            outcome,
            method: request.method(),
            variants: self.variants.variants(),
            index,
            vary,
            accept_ranges,
            // DEFAULT_MAX_RANGES entries (the field's type checks the count).
            ranges: [first, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z],
            range_count,
            boundary_seed: self.boundary_seed,
            if_range: !request.get(Field::IfRange).is_absent(),
            html_alternatives: matches!(outcome, Outcome::NotAcceptable) && prefers_html(request),
        }
    }

    /// Step 3 for a `Range` field other than one spec in the usual form:
    /// the general evaluation, into the decision's own array.
    #[inline(never)]
    fn decide_ranges(
        &self,
        request: &RequestHead<'_>,
        range: Range<'_>,
        length: u64,
        identity: bool,
        index: Option<usize>,
        vary: Vary,
    ) -> Decision<'r, 'v> {
        let mut decision = self.decision(request, Outcome::Full, index, vary, true, ByteRange::ZERO, 0);
        // The satisfiable ranges go straight into the decision (a prefix of
        // its array); `range_count` stays 0 unless the outcome is 206.
        match range.evaluate(length, &mut decision.ranges) {
            RangeOutcome::Ignore(_) => {}
            RangeOutcome::NotSatisfiable => decision.outcome = Outcome::RangeNotSatisfiable,
            RangeOutcome::Satisfiable(ranges) => {
                if ranges.len() == 1 || identity {
                    // At most DEFAULT_MAX_RANGES (16): fits in a u8.
                    decision.range_count = ranges.len().min(DEFAULT_MAX_RANGES) as u8;
                    decision.outcome = Outcome::Partial;
                }
            }
        }
        decision
    }
}

pub(crate) fn is_identity(coding: Option<&str>) -> bool {
    coding.is_none_or(|c| c.eq_ignore_ascii_case("identity"))
}

/// Whether a 406's body goes out as HTML: the request's `Accept` prefers
/// `text/html` to `application/problem+json` (RFC 9110 §12.5.1; a tie, or
/// no `Accept`, keeps problem+json, the first offer). Out of line: only the
/// 406 path asks.
#[inline(never)]
#[cold]
fn prefers_html(request: &RequestHead<'_>) -> bool {
    const FORMS: [&str; 2] = ["application/problem+json", "text/html"];
    Accept::from_field(request.get(Field::Accept))
        .negotiate(&FORMS)
        .index()
        == Some(1)
}
