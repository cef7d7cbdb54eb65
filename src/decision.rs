//! The combined decision: one call from a request's fields and a resource's
//! variants to the status, the chosen variant, the ranges and the response
//! header fields (RFC 9110 §12, §13.2.2, §14), in the order the RFC fixes:
//! negotiation → preconditions on the selected variant → Range.

use core::fmt;

use crate::field::Field;
use crate::multipart::{Boundary, Multipart};
use crate::precondition::{Policy, evaluate};
use crate::range::LoneOutcome;
use crate::request::Request;
use crate::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Alternatives, ByteRange, ContentNegotiation,
    ContentRange, DEFAULT_MAX_RANGES, DateBuf, EntityTag, Fallback, HttpDate, Method, ModifiedSince,
    Precondition, Problem, Range, RangeCondition, RangeOutcome, Representation, TieBreak, Variant,
    VariantSet, Vary,
};

/// What [`Resource::decide`] concluded, naming the status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Perform the method. For GET and HEAD: send the whole selected
    /// representation, `200 OK`. For other methods the final status (200,
    /// 201, 204…) is the host's: [`Decision::status`] says 200.
    Full,
    /// `206 Partial Content`: GET, `Range` applied, at least one range
    /// satisfiable ([`Decision::ranges`]).
    Partial,
    /// `304 Not Modified` (GET/HEAD only).
    NotModified,
    /// `404 Not Found`: GET or HEAD of a resource without a representation.
    NotFound,
    /// `406 Not Acceptable` (GET/HEAD only): no variant is acceptable.
    NotAcceptable,
    /// `412 Precondition Failed`.
    PreconditionFailed,
    /// `416 Range Not Satisfiable`, with `Content-Range: bytes */length`.
    RangeNotSatisfiable,
    /// `428 Precondition Required` ([`Resource::require_precondition`]).
    PreconditionRequired,
}

impl Outcome {
    /// The status code.
    pub const fn status(self) -> u16 {
        match self {
            Outcome::Full => 200,
            Outcome::Partial => 206,
            Outcome::NotModified => 304,
            Outcome::NotFound => 404,
            Outcome::NotAcceptable => 406,
            Outcome::PreconditionFailed => 412,
            Outcome::RangeNotSatisfiable => 416,
            Outcome::PreconditionRequired => 428,
        }
    }
}

/// A resource: its variants (with their validators and lengths, see
/// [`Variant::with_etag`], [`Variant::with_last_modified`],
/// [`Variant::with_length`]) and the server's policies. No variants means no
/// current representation (a PUT that would create it, or a 404).
///
/// # Examples
///
/// ```
/// use conneg::{EntityTag, Field, FieldLines, Method, Outcome, Request, Resource, Variant};
///
/// let variants = [
///     Variant::new("text/html").with_etag(EntityTag::from_static("\"h1\"")).with_length(1000),
///     Variant::new("application/json").with_etag(EntityTag::from_static("\"j1\"")).with_length(400),
/// ];
/// let resource = Resource::new(&variants);
///
/// // A browser revalidating its copy of the HTML: 304, with Vary and the ETag.
/// let request = Request::new(Method::Get)
///     .field(Field::Accept, FieldLines::one(b"text/html,*/*;q=0.8"))
///     .field(Field::IfNoneMatch, FieldLines::one(b"\"h1\""));
/// let decision = resource.decide(&request);
/// assert_eq!(decision.outcome(), Outcome::NotModified);
/// let headers: Vec<String> = decision.headers().map(|h| h.to_string()).collect();
/// assert_eq!(headers, ["Vary: Accept", "ETag: \"h1\""]);
///
/// // Resuming a download of the JSON.
/// let request = Request::new(Method::Get)
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
    fallback: Fallback,
    tie: TieBreak,
    modified_since: ModifiedSince,
    require: bool,
    now: Option<HttpDate>,
    ranges: bool,
    max_ranges: usize,
    max_overlap: usize,
    limit_total: bool,
    coalesce: Option<u64>,
    boundary_seed: u64,
}

impl<'r, 'v> Resource<'r, 'v> {
    /// A resource with these variants (in the server's order of preference)
    /// and the default policies: 406 when nothing is acceptable, RFC
    /// `If-Modified-Since` comparison, no 428, byte ranges accepted with the
    /// [`Range`] defaults.
    ///
    /// Each [`decide`](Resource::decide) works out what it needs from the
    /// variants alone; [`from_set`](Resource::from_set) does that once.
    pub const fn new(variants: &'r [Variant<'v>]) -> Self {
        Resource::from_set(VariantSet::unprepared(variants))
    }

    /// [`new`](Resource::new) with variants prepared once: what negotiation
    /// needs from the variants alone is not worked out again on every
    /// [`decide`](Resource::decide).
    ///
    /// ```
    /// use conneg::{Field, FieldLines, Method, Request, Resource, Variant, VariantSet};
    ///
    /// const VARIANTS: [Variant<'static>; 2] = [
    ///     Variant::new("text/html").with_length(100),
    ///     Variant::new("application/json").with_length(40),
    /// ];
    /// static PAGE: Resource<'static, 'static> = Resource::from_set(VariantSet::new(&VARIANTS));
    ///
    /// let request = Request::new(Method::Get).field(Field::Accept, FieldLines::one(b"application/json"));
    /// let decision = PAGE.decide(&request);
    /// assert_eq!((decision.status(), decision.variant_index()), (200, Some(1)));
    /// assert_eq!(decision, Resource::new(&VARIANTS).decide(&request));
    /// ```
    pub const fn from_set(variants: VariantSet<'r, 'v>) -> Self {
        Resource {
            variants,
            fallback: Fallback::NotAcceptable,
            tie: TieBreak::Specificity,
            modified_since: ModifiedSince::EarlierOrEqual,
            require: false,
            now: None,
            ranges: true,
            max_ranges: DEFAULT_MAX_RANGES,
            max_overlap: 2,
            limit_total: true,
            coalesce: None,
            boundary_seed: 0,
        }
    }

    /// The variants.
    pub const fn variants(&self) -> &'r [Variant<'v>] {
        self.variants.variants()
    }

    /// What to do when no variant is acceptable (default 406; see [`Fallback`]).
    pub const fn fallback(mut self, fallback: Fallback) -> Self {
        self.fallback = fallback;
        self
    }

    /// How negotiation ties are broken ([`TieBreak`]).
    pub const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.tie = tie;
        self
    }

    /// How `If-Modified-Since` compares ([`ModifiedSince`]).
    pub const fn modified_since(mut self, mode: ModifiedSince) -> Self {
        self.modified_since = mode;
        self
    }

    /// Answer 428 to unsafe methods without a precondition (RFC 6585 §3, E-04).
    pub const fn require_precondition(mut self, require: bool) -> Self {
        self.require = require;
        self
    }

    /// The server's clock (see [`Conditions::now`]).
    pub const fn now(mut self, now: HttpDate) -> Self {
        self.now = Some(now);
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
        self.max_ranges = if max < DEFAULT_MAX_RANGES {
            max
        } else {
            DEFAULT_MAX_RANGES
        };
        self
    }

    /// Most ranges allowed to cover one byte ([`Range::max_overlap`]).
    pub const fn max_overlap(mut self, max: usize) -> Self {
        self.max_overlap = max;
        self
    }

    /// Whether ranges adding up to more than the length are ignored
    /// ([`Range::limit_total`]).
    pub const fn limit_total(mut self, on: bool) -> Self {
        self.limit_total = on;
        self
    }

    /// Coalesce ranges at most `gap` bytes apart ([`Range::coalesce`], R-45).
    pub const fn coalesce(mut self, gap: Option<u64>) -> Self {
        self.coalesce = gap;
        self
    }

    /// Mixed into the multipart boundary (R-49). The boundary is otherwise a
    /// hash of the variant's validators and the ranges; a host serving
    /// content that third parties write can pass a random value per response
    /// so that no body can predict, and contain, its boundary.
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
    /// 2. **Preconditions** ([`Conditions::evaluate`], RFC 9110 §13.2.2) on
    ///    the selected variant's ETag and Last-Modified: 304 (GET/HEAD only),
    ///    412 or 428 — never evaluated on a 404 or 406 (C-36).
    /// 3. **Range** ([`Range::evaluate`]), only for GET, only when the
    ///    preconditions passed and `If-Range` (if any) holds, and only for a
    ///    variant with a known length: 206 with the ranges, or 416. Several
    ///    ranges of a content-coded variant get the full 200 (a
    ///    `multipart/byteranges` body cannot say its parts are coded).
    ///
    /// So a POST never gets 206, a PUT never gets 304, and a failed
    /// `If-Range` always gets the full representation. Pure, no allocation,
    /// work linear in the fields' bytes (times the variants, in chunks of 32).
    pub fn decide(&self, request: &Request<'_>) -> Decision<'r, 'v> {
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
                self.fallback,
                self.tie,
            )
            .select_set(&self.variants);
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
        let policy = Policy {
            modified_since: self.modified_since,
            require: self.require,
            now: self.now,
        };
        let range_condition = match evaluate(request, policy, &representation, || false) {
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
        let range = Range::from_field(request.get(Field::Range))
            .max_ranges(self.max_ranges)
            .max_overlap(self.max_overlap)
            .limit_total(self.limit_total)
            .coalesce(self.coalesce);
        // One spec (the usual request): evaluated by value. The range
        // `evaluate` would have written first is kept in the array as before.
        match range.evaluate_lone(length) {
            Some((written, outcome)) => {
                let written = written.unwrap_or(zero);
                let (outcome, count) = match outcome {
                    LoneOutcome::Ignore(_) => (Outcome::Full, 0),
                    LoneOutcome::NotSatisfiable => (Outcome::RangeNotSatisfiable, 0),
                    LoneOutcome::Satisfiable(_) => (Outcome::Partial, 1),
                };
                self.decision(request, outcome, index, vary, true, written, count)
            }
            None => self.decide_ranges(request, range, length, is_identity(v.encoding()), index, vary),
        }
    }

    /// The `Decision` with these parts, `first` as the first entry of the
    /// range array (the rest default) and `range_count` of them valid.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn decision(
        &self,
        request: &Request<'_>,
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
        }
    }

    /// Step 3 for a `Range` field other than one spec in the usual form:
    /// the general evaluation, into the decision's own array.
    #[inline(never)]
    fn decide_ranges(
        &self,
        request: &Request<'_>,
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

fn is_identity(coding: Option<&str>) -> bool {
    coding.is_none_or(|c| c.eq_ignore_ascii_case("identity"))
}

/// The response [`Resource::decide`] chose: status, variant, ranges, and the
/// header fields to send ([`Decision::headers`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct Decision<'r, 'v> {
    outcome: Outcome,
    method: Method,
    variants: &'r [Variant<'v>],
    index: Option<usize>,
    vary: Vary,
    accept_ranges: bool,
    ranges: [ByteRange; DEFAULT_MAX_RANGES],
    range_count: u8,
    boundary_seed: u64,
    if_range: bool,
}

impl<'r, 'v> Decision<'r, 'v> {
    /// The outcome.
    pub const fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The status code: 200, 206, 304, 404, 406, 412, 416 or 428.
    pub const fn status(&self) -> u16 {
        self.outcome.status()
    }

    /// The request's method. An adapter needs it to tell a GET's 200 (the
    /// representation) from a POST's go-ahead (whose final status is the
    /// host's), and to send no content for HEAD.
    pub const fn method(&self) -> Method {
        self.method
    }

    /// The selected variant's index: set for 200, 206, 304, 412 and 416 on
    /// an existing resource; `None` for 404, 406, and a request on a resource
    /// without variants.
    pub const fn variant_index(&self) -> Option<usize> {
        self.index
    }

    /// The selected variant.
    pub fn variant(&self) -> Option<&'r Variant<'v>> {
        self.variants.get(self.index?)
    }

    /// The `Vary` value (GET and HEAD; empty otherwise). Already among
    /// [`headers`](Self::headers) when not empty.
    pub const fn vary(&self) -> Vary {
        self.vary
    }

    /// The ranges of a 206, clamped, in request order (R-47); empty otherwise.
    pub fn ranges(&self) -> &[ByteRange] {
        self.ranges.get(..usize::from(self.range_count)).unwrap_or(&[])
    }

    /// Whether the response carries the representation: false for HEAD and
    /// 304; for 404/406/412/416/428 the content is an error body
    /// ([`problem`](Self::problem), [`alternatives`](Self::alternatives)).
    pub const fn sends_representation(&self) -> bool {
        !matches!(self.method, Method::Head)
            && matches!(self.outcome, Outcome::Full | Outcome::Partial)
            && self.index.is_some()
            && self.method.is_get_or_head()
    }

    /// The RFC 9457 problem+json body for a 404, 412, 416 or 428 (its
    /// `status` member equals [`status`](Self::status), P-05); `None` for
    /// other outcomes (a 406 lists its alternatives: [`alternatives`](Self::alternatives)).
    ///
    /// ```
    /// use conneg::{Field, FieldLines, Method, Request, Resource, Variant};
    ///
    /// let variants = [Variant::new("text/plain").with_length(10)];
    /// let request = Request::new(Method::Get).field(Field::Range, FieldLines::one(b"bytes=20-"));
    /// let decision = Resource::new(&variants).decide(&request);
    /// let body = decision.problem().unwrap().to_string();
    /// assert!(body.contains(r#""status":416"#));
    /// ```
    pub fn problem(&self) -> Option<Problem<'static>> {
        Some(match self.outcome {
            Outcome::NotFound => Problem::new(404),
            Outcome::PreconditionFailed => Problem::precondition_failed(),
            Outcome::RangeNotSatisfiable => Problem::range_not_satisfiable(self.variant()?.length()?),
            Outcome::PreconditionRequired => Problem::precondition_required(),
            _ => return None,
        })
    }

    /// The 406 body listing the variants (problem+json; `.html()`-style
    /// bodies via [`Alternatives::html`]); `None` unless the outcome is 406.
    pub fn alternatives(&self) -> Option<Alternatives<'r, 'v>> {
        (self.outcome == Outcome::NotAcceptable).then(|| Alternatives::problem_json(self.variants))
    }

    /// The `Content-Length` of the representation part of the response (for
    /// HEAD: what GET would send): the variant's length for 200, the range's
    /// length for a single-part 206, the whole multipart body for several
    /// ranges. `None` for other outcomes or an unknown length.
    pub fn content_length(&self) -> Option<u64> {
        let v = self.variant()?;
        match self.outcome {
            Outcome::Full if self.method.is_get_or_head() => v.length(),
            Outcome::Partial => match self.ranges() {
                [one] => Some(one.len()),
                _ => self.multipart().map(|m| m.body_length()),
            },
            _ => None,
        }
    }

    /// The `multipart/byteranges` framing of a 206 with several ranges
    /// (RFC 9110 §14.6), `None` otherwise.
    pub fn multipart(&self) -> Option<Multipart<'_>> {
        if self.outcome != Outcome::Partial || self.range_count < 2 {
            return None;
        }
        let v = self.variant()?;
        let length = v.length()?;
        let boundary = Boundary::for_representation(
            self.boundary_seed,
            v.etag(),
            v.last_modified(),
            length,
            self.ranges(),
        );
        Some(Multipart::new(boundary, v.media_type(), length, self.ranges()).with_charset(v.charset()))
    }

    /// The header fields this response must carry, in a fixed order: `Vary`,
    /// `ETag`, `Last-Modified`, `Accept-Ranges`, `Content-Type`,
    /// `Content-Language`, `Content-Encoding`, `Content-Range` — each only
    /// where it belongs:
    ///
    /// | outcome | fields |
    /// |---|---|
    /// | 200 (GET/HEAD) | Vary, ETag, Last-Modified, Accept-Ranges¹, Content-Type/-Language/-Encoding |
    /// | 206, one range | the same, plus `Content-Range: bytes first-last/length` (R-42) |
    /// | 206, several | the same, with `Content-Type: multipart/byteranges; boundary=…` and no Content-Range or Content-Encoding (R-43; [`multipart`](Self::multipart) writes the parts) |
    /// | 206 to an `If-Range` request | Vary, ETag, Accept-Ranges, and Content-Range or the multipart Content-Type: not the representation fields the client already has (R-41) |
    /// | 304 | Vary, ETag, and Last-Modified only without an ETag (C-50, C-51) |
    /// | 406 | Vary |
    /// | 412 | Vary (GET/HEAD) |
    /// | 416 | Vary, Accept-Ranges, `Content-Range: bytes */length` (R-25) |
    /// | 200 for other methods, 404, 428 | none |
    ///
    /// ¹ when the variant has a length and [`Resource::accept_ranges`] is on.
    /// `Content-Length`, `Date`, `Cache-Control` are the host's
    /// ([`content_length`](Self::content_length) helps).
    pub fn headers(&self) -> Headers<'_, 'v> {
        Headers {
            decision: self,
            next: 0,
            boundary: self.multipart().map(|m| *m.boundary()),
        }
    }
}

/// The header fields of a [`Decision`], from [`Decision::headers`].
#[derive(Clone, Debug)]
pub struct Headers<'d, 'v> {
    decision: &'d Decision<'d, 'v>,
    next: u8,
    boundary: Option<Boundary>,
}

impl<'d, 'v> Headers<'d, 'v> {
    fn field(&self, slot: u8) -> Option<Header<'d>> {
        let d = self.decision;
        let variant = d.variant();
        let full = matches!(d.outcome, Outcome::Full | Outcome::Partial) && d.method.is_get_or_head();
        // A 206 to an If-Range request leaves out the representation fields
        // the client already has (R-41); the 200 and other 206s carry them.
        let metadata = full && !(d.outcome == Outcome::Partial && d.if_range);
        let value = match slot {
            0 => (!d.vary.is_empty()).then_some(Value::Text(d.vary.as_str()))?,
            1 if full || d.outcome == Outcome::NotModified => Value::Tag(variant?.etag()?),
            2 if metadata || (d.outcome == Outcome::NotModified && variant?.etag().is_none()) => {
                Value::Date(variant?.last_modified()?.format())
            }
            3 if d.accept_ranges && (full || d.outcome == Outcome::RangeNotSatisfiable) => {
                Value::Text("bytes")
            }
            4 if full => match self.boundary {
                Some(b) => Value::Multipart(b),
                None if metadata => Value::ContentType(variant?.media_type(), variant?.charset()),
                None => return None,
            },
            5 if metadata => Value::Text(variant?.language()?),
            6 if metadata && self.boundary.is_none() => Value::Text(variant?.encoding()?),
            7 => match (d.outcome, d.ranges()) {
                (Outcome::Partial, [one]) => {
                    Value::ContentRange(ContentRange::bytes(*one, variant?.length()?))
                }
                (Outcome::RangeNotSatisfiable, _) => {
                    Value::ContentRange(ContentRange::unsatisfied(variant?.length()?))
                }
                _ => return None,
            },
            _ => return None,
        };
        Some(Header {
            name: HEADER_NAMES.get(usize::from(slot)).copied().unwrap_or(""),
            value: HeaderValue(value),
        })
    }
}

const HEADER_NAMES: [&str; 8] = [
    "Vary",
    "ETag",
    "Last-Modified",
    "Accept-Ranges",
    "Content-Type",
    "Content-Language",
    "Content-Encoding",
    "Content-Range",
];

impl<'d> Iterator for Headers<'d, '_> {
    type Item = Header<'d>;

    fn next(&mut self) -> Option<Header<'d>> {
        while usize::from(self.next) < HEADER_NAMES.len() {
            let slot = self.next;
            self.next += 1;
            if let Some(h) = self.field(slot) {
                return Some(h);
            }
        }
        None
    }
}

/// One response header field: a name and a [`HeaderValue`]. `Display`
/// writes `Name: value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header<'d> {
    name: &'static str,
    value: HeaderValue<'d>,
}

impl<'d> Header<'d> {
    /// The field name, as usually capitalised (`ETag`).
    pub const fn name(&self) -> &'static str {
        self.name
    }
    /// The field value.
    pub const fn value(&self) -> &HeaderValue<'d> {
        &self.value
    }
}

impl fmt::Display for Header<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.value)
    }
}

/// A response field value, kept as up to four borrowed or stack-held pieces
/// so that nothing allocates: [`for_each_part`](Self::for_each_part) gives
/// the exact octets, [`copy_to`](Self::copy_to) joins them into the
/// caller's buffer, `Display` writes them as text.
///
/// ```
/// use conneg::{EntityTag, Field, FieldLines, Method, Request, Resource, Variant};
///
/// let variants = [Variant::new("text/html").with_charset("utf-8").with_etag(EntityTag::from_static("W/\"x\""))];
/// let decision = Resource::new(&variants).decide(&Request::new(Method::Get));
/// let mut buf = [0u8; 64];
/// let values: Vec<String> = decision.headers().map(|h| h.value().to_string()).collect();
/// assert_eq!(values, ["W/\"x\"", "text/html; charset=utf-8"]);
/// let etag = decision.headers().next().unwrap();
/// assert_eq!(etag.value().copy_to(&mut buf), Some(&b"W/\"x\""[..]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderValue<'d>(Value<'d>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value<'d> {
    Text(&'d str),
    Tag(EntityTag<'d>),
    Date(DateBuf),
    ContentRange(ContentRange),
    ContentType(&'d str, Option<&'d str>),
    Multipart(Boundary),
}

impl HeaderValue<'_> {
    /// Calls `each` with the value's pieces, in order; together they are the
    /// value's octets.
    pub fn for_each_part(&self, mut each: impl FnMut(&[u8])) {
        match &self.0 {
            Value::Text(s) => each(s.as_bytes()),
            Value::Tag(tag) => {
                each(if tag.is_weak() { b"W/\"" } else { b"\"" });
                each(tag.opaque());
                each(b"\"");
            }
            Value::Date(d) => each(d.as_bytes()),
            Value::ContentRange(c) => each(c.as_bytes()),
            Value::ContentType(media, charset) => {
                each(media.as_bytes());
                if let Some(cs) = charset {
                    each(b"; charset=");
                    each(cs.as_bytes());
                }
            }
            Value::Multipart(b) => {
                each(b"multipart/byteranges; boundary=");
                each(b.as_str().as_bytes());
            }
        }
    }

    /// The value's length in octets.
    pub fn len(&self) -> usize {
        let mut n = 0;
        self.for_each_part(|p| n += p.len());
        n
    }

    /// Whether the value is empty (never, for the fields conneg emits).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies the value's octets into `buf`; `None` if it does not fit.
    pub fn copy_to<'b>(&self, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let mut at = 0usize;
        let mut fits = true;
        self.for_each_part(|p| {
            let end = at + p.len();
            match buf.get_mut(at..end) {
                Some(dst) if fits => {
                    dst.copy_from_slice(p);
                    at = end;
                }
                _ => fits = false,
            }
        });
        if fits { buf.get(..at) } else { None }
    }
}

impl fmt::Display for HeaderValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.for_each_part(|p| {
            if result.is_ok() {
                result = crate::syntax::write_lossy(f, p);
            }
        });
        result
    }
}
