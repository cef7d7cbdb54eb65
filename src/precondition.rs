//! Conditional requests (RFC 9110 §13.1, §13.2): the §13.2.2 evaluation that
//! answers 304, 412 or "proceed", and which fields a 304 keeps (§15.4.5).

use crate::date::HttpDate;
use crate::decision::{Field, Request};
use crate::etag::{Comparison, EntityTag, EntityTagList, ListMatch};
use crate::field::FieldLines;
use crate::syntax::trim_ows;

/// The request method, as far as preconditions care (RFC 9110 §9).
///
/// Method names are case-sensitive (§9.1): `get` is an unknown method.
///
/// ```
/// use conneg::Method;
/// assert_eq!(Method::from_bytes(b"GET"), Method::Get);
/// assert_eq!(Method::from_bytes(b"get"), Method::Other);
/// assert!(Method::Options.is_safe() && !Method::Other.is_safe());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `HEAD`
    Head,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH` (RFC 5789)
    Patch,
    /// `CONNECT`
    Connect,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
    /// Any other method; treated as unsafe.
    Other,
}

impl Method {
    /// Classifies a method token (case-sensitive).
    pub const fn from_bytes(method: &[u8]) -> Method {
        match method {
            b"GET" => Method::Get,
            b"HEAD" => Method::Head,
            b"POST" => Method::Post,
            b"PUT" => Method::Put,
            b"DELETE" => Method::Delete,
            b"PATCH" => Method::Patch,
            b"CONNECT" => Method::Connect,
            b"OPTIONS" => Method::Options,
            b"TRACE" => Method::Trace,
            _ => Method::Other,
        }
    }

    /// Safe methods (RFC 9110 §9.2.1): GET, HEAD, OPTIONS, TRACE.
    pub const fn is_safe(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Options | Method::Trace)
    }

    /// GET or HEAD: the methods that get 304 (C-11, C-39).
    pub const fn is_get_or_head(self) -> bool {
        matches!(self, Method::Get | Method::Head)
    }

    /// CONNECT, OPTIONS, TRACE: preconditions are ignored (C-37).
    pub const fn ignores_preconditions(self) -> bool {
        matches!(self, Method::Connect | Method::Options | Method::Trace)
    }
}

/// The selected representation's state: whether it exists, its entity-tag and
/// its last modification date (at 1-second resolution).
///
/// ```
/// use conneg::{EntityTag, HttpDate, Representation};
///
/// let rep = Representation::new()
///     .etag(EntityTag::from_static("\"v1\""))
///     .last_modified(HttpDate::from_unix_seconds(784_111_777).unwrap());
/// assert!(rep.exists());
/// assert!(!Representation::missing().exists());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Representation<'v> {
    exists: bool,
    etag: Option<EntityTag<'v>>,
    last_modified: Option<HttpDate>,
}

impl<'v> Representation<'v> {
    /// A current representation with no validators yet.
    pub const fn new() -> Self {
        Representation {
            exists: true,
            etag: None,
            last_modified: None,
        }
    }

    /// No current representation (a PUT that would create it).
    pub const fn missing() -> Self {
        Representation {
            exists: false,
            etag: None,
            last_modified: None,
        }
    }

    /// Sets the entity-tag the response would carry.
    pub const fn etag(mut self, etag: EntityTag<'v>) -> Self {
        self.etag = Some(etag);
        self
    }

    /// Sets the Last-Modified date the response would carry.
    pub const fn last_modified(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
        self
    }

    /// Is there a current representation?
    pub const fn exists(&self) -> bool {
        self.exists
    }

    /// The entity-tag, if any.
    pub const fn entity_tag(&self) -> Option<EntityTag<'v>> {
        self.etag
    }

    /// The Last-Modified date, if any.
    pub const fn modified(&self) -> Option<HttpDate> {
        self.last_modified
    }
}

impl Default for Representation<'_> {
    fn default() -> Self {
        Representation::new()
    }
}

/// How `If-Modified-Since` compares (C-19, C-21).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ModifiedSince {
    /// RFC 9110: not modified when Last-Modified is earlier than or equal to
    /// the field's date.
    #[default]
    EarlierOrEqual,
    /// Not modified only when Last-Modified equals the field's date exactly
    /// (nginx's default, `if_modified_since exact`).
    Exact,
}

/// What the `If-Range` step decided for a request that proceeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeCondition {
    /// No `Range` field, or the method is not GET (R-12): serve the full
    /// representation. `If-Range` without `Range` is ignored (C-30).
    NoRange,
    /// `Range` is to be processed: `If-Range` was absent or true (C-34).
    Apply,
    /// `If-Range` was false (or invalid): ignore `Range`, full 200 (C-34).
    IfRangeFailed,
}

/// The outcome of the RFC 9110 §13.2.2 evaluation, naming the status.
///
/// ```
/// use conneg::{Precondition, RangeCondition};
/// assert_eq!(Precondition::NotModified.status(), 304);
/// assert_eq!(Precondition::Failed.status(), 412);
/// assert_eq!(Precondition::Proceed(RangeCondition::NoRange).status(), 200);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum Precondition {
    /// Every condition passed (or none applied): perform the method. For GET,
    /// the range condition says whether to process `Range`.
    Proceed(RangeCondition),
    /// `304 Not Modified` (GET/HEAD only, C-11, C-55).
    NotModified,
    /// `412 Precondition Failed` (C-54).
    Failed,
    /// `If-Match` / `If-Unmodified-Since` was false but the host's hook said
    /// the state change is already in place (C-46): answer 2xx without
    /// performing the method again. Only with [`Conditions::evaluate_with`].
    AlreadyApplied,
    /// `428 Precondition Required` (RFC 6585 §3): the host requires
    /// conditional unsafe requests and this one has no precondition.
    Required,
}

impl Precondition {
    /// The status code: 200, 304, 412, 200 (already applied; the host may
    /// prefer 204) or 428. A proceeding request's final status (200, 206, 416,
    /// 201…) is the host's and the range evaluation's to decide.
    pub const fn status(self) -> u16 {
        match self {
            Precondition::Proceed(_) | Precondition::AlreadyApplied => 200,
            Precondition::NotModified => 304,
            Precondition::Failed => 412,
            Precondition::Required => 428,
        }
    }

    /// May the method be performed?
    pub const fn is_proceed(self) -> bool {
        matches!(self, Precondition::Proceed(_))
    }
}

/// An `If-Range` value (RFC 9110 §13.1.5): an entity-tag or an HTTP-date,
/// told apart by a DQUOTE in the first three octets (C-29).
///
/// ```
/// use conneg::{HttpDate, IfRange};
///
/// let now = HttpDate::UNIX_EPOCH;
/// assert!(matches!(IfRange::parse(b"\"v1\"", now), IfRange::Tag(t) if t.opaque() == b"v1"));
/// assert_eq!(IfRange::parse(b"Thu, 01 Jan 1970 00:00:00 GMT", now), IfRange::Date(now));
/// assert_eq!(IfRange::parse(b"unquoted", now), IfRange::Invalid);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IfRange<'h> {
    /// An entity-tag (possibly weak; a weak one never matches, C-33).
    Tag(EntityTag<'h>),
    /// An HTTP-date.
    Date(HttpDate),
    /// Neither: the condition is false (DESIGN policy).
    Invalid,
}

impl<'h> IfRange<'h> {
    /// Parses one `If-Range` value; `now` is for rfc850 two-digit years.
    pub fn parse(value: &'h [u8], now: HttpDate) -> IfRange<'h> {
        let v = trim_ows(value);
        if v.iter().take(3).any(|&b| b == b'"') {
            match EntityTag::parse(v) {
                Ok(tag) => IfRange::Tag(tag),
                Err(_) => IfRange::Invalid,
            }
        } else {
            match HttpDate::parse(v, now) {
                Some(date) => IfRange::Date(date),
                None => IfRange::Invalid,
            }
        }
    }

    /// The condition (C-32, C-33): a strong entity-tag equal to the current
    /// one under strong comparison, or a date exactly equal to Last-Modified
    /// (taken to be a strong validator).
    pub fn matches(&self, rep: &Representation<'_>) -> bool {
        match self {
            IfRange::Tag(tag) => rep.etag.is_some_and(|cur| tag.strong_eq(&cur)),
            IfRange::Date(date) => rep.last_modified == Some(*date),
            IfRange::Invalid => false,
        }
    }
}

/// The conditional fields of one request and how to evaluate them
/// (RFC 9110 §13.2.2). Build with the method, add the fields present, then
/// [`evaluate`](Conditions::evaluate) against the selected representation.
///
/// The six steps, in order (C-40):
///
/// 1. `If-Match` present: strong comparison (C-02); `*` is true iff a
///    representation exists (C-04). False → 412 (C-05).
/// 2. Otherwise `If-Unmodified-Since`: true when Last-Modified ≤ the date
///    (C-27). Ignored when the date is invalid, on more than one field line,
///    or without a Last-Modified (C-22..C-24). False → 412.
/// 3. `If-None-Match` present: weak comparison (C-08); `*` is false iff a
///    representation exists (C-10). False → 304 for GET/HEAD, 412 otherwise
///    (C-11).
/// 4. Otherwise, GET/HEAD only: `If-Modified-Since` false when Last-Modified ≤
///    the date ([`ModifiedSince`]); ignored when invalid, repeated, or without
///    a Last-Modified (C-14..C-16). False → 304.
/// 5. GET with `Range` and `If-Range`: [`IfRange::matches`] decides whether
///    `Range` applies ([`RangeCondition`]).
/// 6. Otherwise proceed.
///
/// Policies (DESIGN.md): invalid members of a tag list are skipped; `*` mixed
/// with tags makes `If-Match` false (412) and `If-None-Match` ignored on
/// GET/HEAD but false (412) on other methods; CONNECT, OPTIONS and TRACE ignore
/// every precondition (C-37); times compare at 1-second resolution and a
/// Last-Modified later than [`now`](Conditions::now) is clamped to it (V-12).
///
/// The host evaluates only when the response without the conditions would be
/// 2xx or 412 (C-36): a 404 or a redirect stays what it is.
///
/// # Examples
///
/// ```
/// use conneg::{Conditions, EntityTag, FieldLines, HttpDate, Method, Precondition, Representation};
///
/// let rep = Representation::new().etag(EntityTag::from_static("\"v2\""));
///
/// // A revalidating GET: 304.
/// let get = Conditions::new(Method::Get).if_none_match(FieldLines::one(b"\"v1\", \"v2\""));
/// assert_eq!(get.evaluate(&rep), Precondition::NotModified);
///
/// // A lost update: the PUT was based on v1, the server has v2.
/// let put = Conditions::new(Method::Put).if_match(FieldLines::one(b"\"v1\""));
/// assert_eq!(put.evaluate(&rep).status(), 412);
///
/// // Create-only PUT on an existing resource.
/// let create = Conditions::new(Method::Put).if_none_match(FieldLines::one(b"*"));
/// assert_eq!(create.evaluate(&rep), Precondition::Failed);
/// assert!(create.evaluate(&Representation::missing()).is_proceed());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conditions<'h> {
    method: Method,
    if_match: FieldLines<'h>,
    if_none_match: FieldLines<'h>,
    if_modified_since: FieldLines<'h>,
    if_unmodified_since: FieldLines<'h>,
    if_range: FieldLines<'h>,
    range: FieldLines<'h>,
    modified_since: ModifiedSince,
    require: bool,
    now: Option<HttpDate>,
}

impl<'h> Conditions<'h> {
    /// No conditional fields yet.
    pub const fn new(method: Method) -> Self {
        Conditions {
            method,
            if_match: FieldLines::ABSENT,
            if_none_match: FieldLines::ABSENT,
            if_modified_since: FieldLines::ABSENT,
            if_unmodified_since: FieldLines::ABSENT,
            if_range: FieldLines::ABSENT,
            range: FieldLines::ABSENT,
            modified_since: ModifiedSince::EarlierOrEqual,
            require: false,
            now: None,
        }
    }

    /// The `If-Match` field lines.
    pub const fn if_match(mut self, field: FieldLines<'h>) -> Self {
        self.if_match = field;
        self
    }

    /// The `If-None-Match` field lines.
    pub const fn if_none_match(mut self, field: FieldLines<'h>) -> Self {
        self.if_none_match = field;
        self
    }

    /// The `If-Modified-Since` field lines (more than one line: ignored, C-15).
    pub const fn if_modified_since(mut self, field: FieldLines<'h>) -> Self {
        self.if_modified_since = field;
        self
    }

    /// The `If-Unmodified-Since` field lines (more than one line: ignored, C-23).
    pub const fn if_unmodified_since(mut self, field: FieldLines<'h>) -> Self {
        self.if_unmodified_since = field;
        self
    }

    /// The `If-Range` field lines (more than one line: invalid, so false).
    pub const fn if_range(mut self, field: FieldLines<'h>) -> Self {
        self.if_range = field;
        self
    }

    /// The `Range` field lines; only its presence matters here (step 5).
    pub const fn range(mut self, field: FieldLines<'h>) -> Self {
        self.range = field;
        self
    }

    /// How `If-Modified-Since` compares (default [`ModifiedSince::EarlierOrEqual`]).
    pub const fn modified_since(mut self, mode: ModifiedSince) -> Self {
        self.modified_since = mode;
        self
    }

    /// Answer `428 Precondition Required` to an unsafe method (anything but
    /// GET, HEAD, OPTIONS, TRACE, CONNECT) that carries none of `If-Match`,
    /// `If-Unmodified-Since`, `If-None-Match` (RFC 6585 §3). Default off.
    pub const fn require_precondition(mut self, require: bool) -> Self {
        self.require = require;
        self
    }

    /// The server's current time: Last-Modified later than it is clamped
    /// (V-12), and rfc850 two-digit years are read relative to it (S-26).
    /// Without it, two-digit years are read relative to Last-Modified (every
    /// date comparison needs one) and no clamping happens.
    pub const fn now(mut self, now: HttpDate) -> Self {
        self.now = Some(now);
        self
    }

    /// The method these conditions were built for.
    pub const fn method(&self) -> Method {
        self.method
    }

    /// Evaluates the conditions against the selected representation
    /// (RFC 9110 §13.2.2). A pure function of its inputs; no allocation; work
    /// linear in the field bytes.
    pub fn evaluate(&self, rep: &Representation<'_>) -> Precondition {
        self.evaluate_with(rep, || false)
    }

    /// [`evaluate`](Self::evaluate) with the C-46 hook: when `If-Match` or
    /// `If-Unmodified-Since` is false, `already_applied` is asked whether the
    /// requested state change is already in effect (a retried PUT of identical
    /// content); `true` gives [`Precondition::AlreadyApplied`] instead of 412.
    /// Resources that are not idempotent in this sense must answer `false`
    /// (C-47). The hook is called at most once, and only on unsafe methods.
    ///
    /// ```
    /// use conneg::{Conditions, EntityTag, FieldLines, Method, Precondition, Representation};
    ///
    /// let rep = Representation::new().etag(EntityTag::from_static("\"v2\""));
    /// let retry = Conditions::new(Method::Put).if_match(FieldLines::one(b"\"v1\""));
    /// assert_eq!(retry.evaluate_with(&rep, || true), Precondition::AlreadyApplied);
    /// assert_eq!(retry.evaluate_with(&rep, || false), Precondition::Failed);
    /// ```
    pub fn evaluate_with(
        &self,
        rep: &Representation<'_>,
        already_applied: impl FnOnce() -> bool,
    ) -> Precondition {
        let fields = |field: Field| match field {
            Field::IfMatch => self.if_match,
            Field::IfNoneMatch => self.if_none_match,
            Field::IfModifiedSince => self.if_modified_since,
            Field::IfUnmodifiedSince => self.if_unmodified_since,
            Field::IfRange => self.if_range,
            Field::Range => self.range,
            _ => FieldLines::ABSENT,
        };
        let policy = Policy {
            modified_since: self.modified_since,
            require: self.require,
            now: self.now,
        };
        evaluate_fields(self.method, fields, policy, rep, already_applied)
    }
}

/// The server's side of an evaluation: what [`Conditions`] holds besides
/// the method and the fields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Policy {
    pub(crate) modified_since: ModifiedSince,
    pub(crate) require: bool,
    pub(crate) now: Option<HttpDate>,
}

/// [`Conditions::evaluate`] reading the fields straight from a [`Request`]:
/// what `Resource::decide` calls, so that it does not copy the six fields
/// into a `Conditions` first (the same evaluation, the same result).
#[inline(always)]
pub(crate) fn evaluate_request(
    request: &Request<'_>,
    policy: Policy,
    rep: &Representation<'_>,
) -> Precondition {
    evaluate_fields(
        request.method(),
        |field| request.get(field),
        policy,
        rep,
        || false,
    )
}

/// The §13.2.2 evaluation over fields read through `field` (only the six
/// conditional [`Field`]s are asked for; each at most once or twice).
#[inline(always)]
fn evaluate_fields<'h>(
    method: Method,
    field: impl Fn(Field) -> FieldLines<'h>,
    policy: Policy,
    rep: &Representation<'_>,
    already_applied: impl FnOnce() -> bool,
) -> Precondition {
    if method.ignores_preconditions() {
        return Precondition::Proceed(RangeCondition::NoRange);
    }
    let modified = match (rep.last_modified, policy.now) {
        (Some(lm), Some(now)) => Some(lm.clamp_to(now)),
        (lm, _) => lm,
    };
    let rep = Representation {
        last_modified: modified,
        ..*rep
    };
    let reference = policy.now.or(modified).unwrap_or(HttpDate::UNIX_EPOCH);
    let if_match = field(Field::IfMatch);
    let if_none_match = field(Field::IfNoneMatch);

    if policy.require
        && !method.is_safe()
        && if_match.is_absent()
        && field(Field::IfUnmodifiedSince).is_absent()
        && if_none_match.is_absent()
    {
        return Precondition::Required;
    }

    // Steps 1 and 2.
    let passed = if !if_match.is_absent() {
        let list = EntityTagList::from_field(if_match).field_name("If-Match");
        matches!(
            list.matches(rep.etag.as_ref(), rep.exists, Comparison::Strong),
            ListMatch::Matched | ListMatch::Any
        )
    } else {
        match (single_date(field(Field::IfUnmodifiedSince), reference), modified) {
            (Some(date), Some(lm)) => lm <= date,
            _ => true,
        }
    };
    if !passed {
        return if !method.is_safe() && already_applied() {
            Precondition::AlreadyApplied
        } else {
            Precondition::Failed
        };
    }

    // Steps 3 and 4.
    if !if_none_match.is_absent() {
        let list = EntityTagList::from_field(if_none_match);
        let condition = match list.matches(rep.etag.as_ref(), rep.exists, Comparison::Weak) {
            ListMatch::Matched | ListMatch::Any => false,
            ListMatch::NotMatched | ListMatch::Absent => true,
            ListMatch::Invalid => method.is_get_or_head(),
        };
        if !condition {
            return if method.is_get_or_head() {
                Precondition::NotModified
            } else {
                Precondition::Failed
            };
        }
    } else if method.is_get_or_head()
        && let (Some(date), Some(lm)) = (single_date(field(Field::IfModifiedSince), reference), modified)
    {
        let not_modified = match policy.modified_since {
            ModifiedSince::EarlierOrEqual => lm <= date,
            ModifiedSince::Exact => lm == date,
        };
        if not_modified {
            return Precondition::NotModified;
        }
    }

    // Step 5.
    if method != Method::Get || field(Field::Range).is_absent() {
        return Precondition::Proceed(RangeCondition::NoRange);
    }
    let if_range = field(Field::IfRange);
    if if_range.is_absent() {
        return Precondition::Proceed(RangeCondition::Apply);
    }
    let matched = match (if_range.line_count(), if_range.line(0)) {
        (1, Some(value)) => IfRange::parse(value, reference).matches(&rep),
        _ => false,
    };
    Precondition::Proceed(if matched {
        RangeCondition::Apply
    } else {
        RangeCondition::IfRangeFailed
    })
}

/// The date of a field with exactly one line holding one valid HTTP-date.
fn single_date(field: FieldLines<'_>, now: HttpDate) -> Option<HttpDate> {
    match (field.line_count(), field.line(0)) {
        (1, Some(value)) => HttpDate::parse(value, now),
        _ => None,
    }
}

/// What a `304 Not Modified` does with a header field the `200` would carry
/// (RFC 9110 §15.4.5), from [`not_modified_field`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NotModifiedField {
    /// Must be sent (C-50): Cache-Control, Content-Location, Date, ETag,
    /// Expires, Vary; and Last-Modified when there is no ETag (C-51).
    Keep,
    /// Representation metadata a 304 should not carry (C-51): Content-Type,
    /// Content-Encoding, Content-Language, Content-Length, Content-Range,
    /// Content-MD5, Content-Disposition, and Last-Modified next to an ETag.
    Drop,
    /// Not representation metadata (Server, Set-Cookie, …): §15.4.5 does not
    /// govern it; the host keeps or drops it as for any response.
    Other,
}

/// Classifies a header field name for a 304 (case-insensitive, S-01).
/// `has_etag` is whether the 304 carries an ETag.
///
/// Content-Length is dropped: a 304 may carry it only with the 200's length
/// (C-53), and it tells a cache nothing it needs.
///
/// ```
/// use conneg::{NotModifiedField, not_modified_field};
///
/// assert_eq!(not_modified_field(b"ETag", true), NotModifiedField::Keep);
/// assert_eq!(not_modified_field(b"content-type", true), NotModifiedField::Drop);
/// assert_eq!(not_modified_field(b"Last-Modified", true), NotModifiedField::Drop);
/// assert_eq!(not_modified_field(b"Last-Modified", false), NotModifiedField::Keep);
/// assert_eq!(not_modified_field(b"Set-Cookie", true), NotModifiedField::Other);
/// ```
pub fn not_modified_field(name: &[u8], has_etag: bool) -> NotModifiedField {
    const KEEP: [&[u8]; 6] = [
        b"cache-control",
        b"content-location",
        b"date",
        b"etag",
        b"expires",
        b"vary",
    ];
    const DROP: [&[u8]; 7] = [
        b"content-type",
        b"content-encoding",
        b"content-language",
        b"content-length",
        b"content-range",
        b"content-md5",
        b"content-disposition",
    ];
    let is = |list: &[&[u8]]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
    if is(&KEEP) {
        NotModifiedField::Keep
    } else if name.eq_ignore_ascii_case(b"last-modified") {
        if has_etag {
            NotModifiedField::Drop
        } else {
            NotModifiedField::Keep
        }
    } else if is(&DROP) {
        NotModifiedField::Drop
    } else {
        NotModifiedField::Other
    }
}
