//! Conditional requests (RFC 9110 §13.1, §13.2): the §13.2.2 evaluation that
//! answers 304, 412 or "proceed", and which fields a 304 keeps (§15.4.5).

use crate::date::HttpDate;
use crate::etag::{Comparison, EntityTag, EntityTagList, ListMatch};
use crate::field::{Field, FieldLines, HeaderField, NotModifiedRule};
use crate::method::RequestMethod;
use crate::negotiate::Variant;
use crate::request::RequestHead;
use crate::syntax::trim_ows;

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
    #[inline]
    pub const fn new() -> Self {
        Representation {
            exists: true,
            etag: None,
            last_modified: None,
        }
    }

    /// No current representation (a PUT that would create it).
    #[inline]
    pub const fn missing() -> Self {
        Representation {
            exists: false,
            etag: None,
            last_modified: None,
        }
    }

    /// Sets the entity-tag the response would carry.
    #[inline]
    pub const fn etag(mut self, etag: EntityTag<'v>) -> Self {
        self.etag = Some(etag);
        self
    }

    /// Sets the Last-Modified date the response would carry.
    #[inline]
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

/// How `If-Modified-Since` compares (RFC 9110 §13.1.3).
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
    /// No `Range` field, or the method is not GET (RFC 9110 §14.2): serve the full
    /// representation. `If-Range` without `Range` is ignored (RFC 9110 §13.1.5).
    NoRange,
    /// `Range` is to be processed: `If-Range` was absent or true (RFC 9110 §13.1.5).
    Apply,
    /// `If-Range` was false (or invalid): ignore `Range`, full 200 (RFC 9110 §13.1.5).
    IfRangeFailed,
}

/// The outcome of the RFC 9110 §13.2.2 evaluation, naming the status.
///
/// ```
/// use conneg::{Precondition, precondition::RangeCondition};
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
    /// `304 Not Modified` (GET/HEAD only, RFC 9110 §13.1.2, RFC 9110 §15.4.5).
    NotModified,
    /// `412 Precondition Failed` (RFC 9110 §15.5.13).
    Failed,
    /// `If-Match` / `If-Unmodified-Since` was false but the host's hook said
    /// the state change is already in place (RFC 9110 §13.1.1, §13.1.4, §13.2.2): answer 2xx without
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
/// told apart by a DQUOTE in the first three octets.
///
/// ```
/// use conneg::{HttpDate, precondition::IfRange};
///
/// let now = HttpDate::UNIX_EPOCH;
/// assert!(matches!(IfRange::parse(b"\"v1\"", now), IfRange::Tag(t) if t.opaque() == b"v1"));
/// assert_eq!(IfRange::parse(b"Thu, 01 Jan 1970 00:00:00 GMT", now), IfRange::Date(now));
/// assert_eq!(IfRange::parse(b"unquoted", now), IfRange::Invalid);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IfRange<'h> {
    /// An entity-tag (possibly weak; a weak one never matches, RFC 9110 §13.1.5).
    Tag(EntityTag<'h>),
    /// An HTTP-date.
    Date(HttpDate),
    /// Neither: the condition is false (see [`policy`](crate::policy)).
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

    /// The condition (RFC 9110 §13.1.5): a strong entity-tag equal to the current
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
/// The six steps, in order (RFC 9110 §13.2.2):
///
/// 1. `If-Match` present: strong comparison (RFC 9110 §13.1.1); `*` is true iff a
///    representation exists. False → 412.
/// 2. Otherwise `If-Unmodified-Since`: true when Last-Modified ≤ the date
///    (RFC 9110 §13.1.4). Ignored when the date is invalid, on more than one field line,
///    or without a Last-Modified. False → 412.
/// 3. `If-None-Match` present: weak comparison (RFC 9110 §13.1.2); `*` is false iff a
///    representation exists. False → 304 for GET/HEAD, 412 otherwise.
/// 4. Otherwise, GET/HEAD only: `If-Modified-Since` false when Last-Modified ≤
///    the date ([`ModifiedSince`]); ignored when invalid, repeated, or without
///    a Last-Modified (RFC 9110 §13.1.3). False → 304.
/// 5. GET with `Range` and `If-Range`: [`IfRange::matches`] decides whether
///    `Range` applies ([`RangeCondition`]).
/// 6. Otherwise proceed.
///
/// Policies (see [`policy`](crate::policy)): on GET and HEAD, invalid
/// members of a tag list are skipped; on unsafe methods (PUT, POST, DELETE,
/// PATCH, unknown) a tag list with any invalid member is false (412). `*`
/// mixed with tags makes `If-Match` false (412) and `If-None-Match` ignored
/// on GET/HEAD but false (412) on other methods; an invalid date in
/// `If-Modified-Since` or `If-Unmodified-Since` is ignored, as RFC 9110
/// §13.1.3 and §13.1.4 require, and an invalid `If-Range` is false (the full
/// 200); CONNECT, OPTIONS and TRACE ignore
/// every precondition (RFC 9110 §13.2.1); times compare at 1-second resolution and a
/// Last-Modified later than [`now`](Conditions::now) is clamped to it (RFC 9110 §8.8.2.1).
///
/// The host evaluates only when the response without the conditions would be
/// 2xx or 412 (RFC 9110 §13.2.1): a 404 or a redirect stays what it is.
///
/// # Examples
///
/// ```
/// use conneg::{Conditions, EntityTag, FieldLines, HttpDate, RequestMethod, Precondition, Representation};
///
/// let rep = Representation::new().etag(EntityTag::from_static("\"v2\""));
///
/// // A revalidating GET: 304.
/// let get = Conditions::new(RequestMethod::Get).if_none_match(FieldLines::one(b"\"v1\", \"v2\""));
/// assert_eq!(get.evaluate(&rep), Precondition::NotModified);
///
/// // A lost update: the PUT was based on v1, the server has v2.
/// let put = Conditions::new(RequestMethod::Put).if_match(FieldLines::one(b"\"v1\""));
/// assert_eq!(put.evaluate(&rep).status(), 412);
///
/// // Create-only PUT on an existing resource.
/// let create = Conditions::new(RequestMethod::Put).if_none_match(FieldLines::one(b"*"));
/// assert_eq!(create.evaluate(&rep), Precondition::Failed);
/// assert!(create.evaluate(&Representation::missing()).is_proceed());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conditions<'h> {
    // The method and the six fields the evaluation reads, each by name
    // (not a whole `RequestHead`): a `Conditions` built and evaluated in
    // one place stays a handful of values the compiler sees through.
    method: RequestMethod,
    if_match: FieldLines<'h>,
    if_none_match: FieldLines<'h>,
    if_modified_since: FieldLines<'h>,
    if_unmodified_since: FieldLines<'h>,
    if_range: FieldLines<'h>,
    range: FieldLines<'h>,
    policy: Policy,
}

impl<'h> Conditions<'h> {
    /// No conditional fields yet.
    #[inline]
    pub const fn new(method: RequestMethod) -> Self {
        Conditions {
            method,
            if_match: FieldLines::ABSENT,
            if_none_match: FieldLines::ABSENT,
            if_modified_since: FieldLines::ABSENT,
            if_unmodified_since: FieldLines::ABSENT,
            if_range: FieldLines::ABSENT,
            range: FieldLines::ABSENT,
            policy: Policy::DEFAULT,
        }
    }

    /// The `If-Match` field lines.
    #[inline]
    pub const fn if_match(mut self, field: FieldLines<'h>) -> Self {
        self.if_match = field;
        self
    }

    /// The `If-None-Match` field lines.
    #[inline]
    pub const fn if_none_match(mut self, field: FieldLines<'h>) -> Self {
        self.if_none_match = field;
        self
    }

    /// The `If-Modified-Since` field lines (more than one line: ignored,
    /// RFC 9110 §13.1.3).
    #[inline]
    pub const fn if_modified_since(mut self, field: FieldLines<'h>) -> Self {
        self.if_modified_since = field;
        self
    }

    /// The `If-Unmodified-Since` field lines (more than one line: ignored,
    /// RFC 9110 §13.1.4).
    #[inline]
    pub const fn if_unmodified_since(mut self, field: FieldLines<'h>) -> Self {
        self.if_unmodified_since = field;
        self
    }

    /// The `If-Range` field lines (more than one line: invalid, so false).
    #[inline]
    pub const fn if_range(mut self, field: FieldLines<'h>) -> Self {
        self.if_range = field;
        self
    }

    /// The `Range` field lines; only its presence matters here (step 5).
    #[inline]
    pub const fn range(mut self, field: FieldLines<'h>) -> Self {
        self.range = field;
        self
    }

    /// A field's lines, as a [`RequestHead`] holds them (absent for the
    /// fields that are not conditional).
    #[inline(always)]
    const fn get(&self, field: Field) -> FieldLines<'h> {
        match field {
            Field::IfMatch => self.if_match,
            Field::IfNoneMatch => self.if_none_match,
            Field::IfModifiedSince => self.if_modified_since,
            Field::IfUnmodifiedSince => self.if_unmodified_since,
            Field::IfRange => self.if_range,
            Field::Range => self.range,
            _ => FieldLines::ABSENT,
        }
    }

    /// How `If-Modified-Since` compares (default [`ModifiedSince::EarlierOrEqual`]).
    #[inline]
    pub const fn modified_since(mut self, mode: ModifiedSince) -> Self {
        self.policy.modified_since = mode;
        self
    }

    /// Answer `428 Precondition Required` to an unsafe method (anything but
    /// GET, HEAD, OPTIONS, TRACE, CONNECT) that carries none of `If-Match`,
    /// `If-Unmodified-Since`, `If-None-Match` (RFC 6585 §3). Default off.
    #[inline]
    pub const fn require_precondition(mut self, require: bool) -> Self {
        self.policy.require = require;
        self
    }

    /// The server's current time: a Last-Modified later than it is clamped
    /// (RFC 9110 §8.8.2.1), and rfc850 two-digit years are read relative to
    /// it (§5.6.7). Without it, two-digit years are read relative to
    /// Last-Modified (every date comparison needs one) and no clamping happens.
    #[inline]
    pub const fn now(mut self, now: HttpDate) -> Self {
        self.policy.now = Some(now);
        self
    }

    /// The method these conditions were built for.
    #[inline]
    pub const fn method(&self) -> RequestMethod {
        self.method
    }

    /// Evaluates the conditions against the selected representation
    /// (RFC 9110 §13.2.2). A pure function of its inputs; no allocation; work
    /// linear in the field bytes.
    ///
    /// Inlined, so that conditions built where they are evaluated (as
    /// handlers do) fold to the steps their fields need: with
    /// `If-None-Match` alone (and no `Range` on a GET) that is step 3 only,
    /// read out of line without the rest of the evaluation.
    #[inline]
    pub fn evaluate(&self, rep: &Representation<'_>) -> Precondition {
        let method = self.method;
        // With If-Match and If-Unmodified-Since absent, steps 1 and 2 pass;
        // If-None-Match present skips step 4 and the 428 policy; without
        // `Range` (or on another method than GET) step 5 says `NoRange`.
        // What is left is step 3, which reads neither the dates nor the
        // policy.
        if self.if_match.is_absent()
            && self.if_unmodified_since.is_absent()
            && (method != RequestMethod::Get || self.range.is_absent())
            && self.if_none_match.line_count() == 1
            && let Some(line) = self.if_none_match.line(0)
        {
            return if_none_match_alone(line, method, rep);
        }
        self.evaluate_all(rep)
    }

    /// [`evaluate`](Self::evaluate) past its inlined dispatch: every step.
    #[inline(never)]
    fn evaluate_all(&self, rep: &Representation<'_>) -> Precondition {
        steps(self.method, |f| self.get(f), self.policy, rep, || false)
    }

    /// [`evaluate`](Self::evaluate) with the hook of RFC 9110 §13.1.1: when
    /// `If-Match` or `If-Unmodified-Since` is false, `already_applied` is
    /// asked whether the requested state change is already in effect (a
    /// retried PUT of identical content); `true` gives
    /// [`Precondition::AlreadyApplied`] instead of 412. Resources that are
    /// not idempotent in this sense must answer `false`. The hook is called
    /// at most once, and only on unsafe methods.
    ///
    /// ```
    /// use conneg::{Conditions, EntityTag, FieldLines, RequestMethod, Precondition, Representation};
    ///
    /// let rep = Representation::new().etag(EntityTag::from_static("\"v2\""));
    /// let retry = Conditions::new(RequestMethod::Put).if_match(FieldLines::one(b"\"v1\""));
    /// assert_eq!(retry.evaluate_with(&rep, || true), Precondition::AlreadyApplied);
    /// assert_eq!(retry.evaluate_with(&rep, || false), Precondition::Failed);
    /// ```
    pub fn evaluate_with(
        &self,
        rep: &Representation<'_>,
        already_applied: impl FnOnce() -> bool,
    ) -> Precondition {
        steps(self.method, |f| self.get(f), self.policy, rep, already_applied)
    }
}

impl<'h> RequestHead<'h> {
    /// The request's conditional fields (`If-*` and `Range`) with the
    /// method, ready to [`evaluate`](Conditions::evaluate) with the default
    /// policies; [`Resource::decide`](crate::Resource::decide) adds the
    /// resource's.
    ///
    /// ```
    /// use conneg::{EntityTag, Field, FieldLines, RequestMethod, Precondition, RequestHead, Variant};
    ///
    /// let v = Variant::new("text/html").with_etag(EntityTag::from_static("\"v1\""));
    /// let request = RequestHead::new(RequestMethod::Get).field(Field::IfNoneMatch, FieldLines::one(b"\"v1\""));
    /// assert_eq!(request.conditions().evaluate(&v.representation()), Precondition::NotModified);
    /// ```
    #[inline]
    pub const fn conditions(&self) -> Conditions<'h> {
        Conditions {
            method: self.method(),
            if_match: self.get(Field::IfMatch),
            if_none_match: self.get(Field::IfNoneMatch),
            if_modified_since: self.get(Field::IfModifiedSince),
            if_unmodified_since: self.get(Field::IfUnmodifiedSince),
            if_range: self.get(Field::IfRange),
            range: self.get(Field::Range),
            policy: Policy::DEFAULT,
        }
    }
}

impl<'v> Variant<'v> {
    /// The variant as the current representation its validators describe,
    /// for [`Conditions::evaluate`](crate::Conditions::evaluate).
    #[inline]
    pub const fn representation(&self) -> Representation<'v> {
        let rep = Representation::new();
        let rep = match self.etag() {
            Some(tag) => rep.etag(tag),
            None => rep,
        };
        match self.last_modified() {
            Some(date) => rep.last_modified(date),
            None => rep,
        }
    }
}

/// The server's side of an evaluation: what [`Conditions`] holds besides
/// the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Policy {
    pub(crate) modified_since: ModifiedSince,
    pub(crate) require: bool,
    pub(crate) now: Option<HttpDate>,
}

impl Policy {
    pub(crate) const DEFAULT: Policy = Policy {
        modified_since: ModifiedSince::EarlierOrEqual,
        require: false,
        now: None,
    };
}

/// The §13.2.2 evaluation of a request's fields, for `Resource::decide`
/// (the request is read in place, never copied).
#[inline(always)]
pub(crate) fn evaluate(
    request: &RequestHead<'_>,
    policy: Policy,
    rep: &Representation<'_>,
    already_applied: impl FnOnce() -> bool,
) -> Precondition {
    steps(request.method(), |f| request.get(f), policy, rep, already_applied)
}

/// The §13.2.2 evaluation: the one place the order of the steps is written
/// ([`Conditions`] and `Resource::decide`, through [`evaluate`], both call
/// it). `field` gives a field's lines.
#[inline(always)]
fn steps<'h>(
    method: RequestMethod,
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
        let list = EntityTagList::from_field(if_match).field_name(Field::IfMatch.name());
        matches!(
            read_list(list, method, &rep, Comparison::Strong),
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
        if let Some(answer) = if_none_match_step(if_none_match, method, &rep) {
            return answer;
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
    if method != RequestMethod::Get || field(Field::Range).is_absent() {
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

/// Step 3 (`If-None-Match`, present): the answer when the condition is
/// false (304 for GET and HEAD, 412 otherwise), `None` to go on.
#[inline(always)]
fn if_none_match_step(
    field: FieldLines<'_>,
    method: RequestMethod,
    rep: &Representation<'_>,
) -> Option<Precondition> {
    let list = EntityTagList::from_field(field);
    let condition = match read_list(list, method, rep, Comparison::Weak) {
        ListMatch::Matched | ListMatch::Any => false,
        ListMatch::NotMatched | ListMatch::Absent => true,
        ListMatch::Invalid => method.is_get_or_head(),
    };
    if condition {
        None
    } else if method.is_get_or_head() {
        Some(Precondition::NotModified)
    } else {
        Some(Precondition::Failed)
    }
}

/// [`evaluate`] of a request whose only condition that counts is
/// `If-None-Match`, on one field line (If-Match and If-Unmodified-Since
/// absent; no `Range` on a GET; see [`Conditions::evaluate`]): the
/// method's exemption (RFC 9110 §13.2.1), then step 3; everything else
/// proceeds without a range, as the full evaluation says.
///
/// GET and HEAD (nearly every conditional request) test the method once:
/// not exempt, and safe (no strict pass), as the compiler then knows.
#[inline(never)]
fn if_none_match_alone(line: &[u8], method: RequestMethod, rep: &Representation<'_>) -> Precondition {
    if method.is_get_or_head() {
        return if_none_match_step(FieldLines::one(line), method, rep)
            .unwrap_or(Precondition::Proceed(RangeCondition::NoRange));
    }
    if_none_match_other(line, method, rep)
}

/// [`if_none_match_alone`] for a method other than GET and HEAD, out of line.
#[inline(never)]
fn if_none_match_other(line: &[u8], method: RequestMethod, rep: &Representation<'_>) -> Precondition {
    if method.ignores_preconditions() {
        return Precondition::Proceed(RangeCondition::NoRange);
    }
    if_none_match_step(FieldLines::one(line), method, rep)
        .unwrap_or(Precondition::Proceed(RangeCondition::NoRange))
}

/// What a tag-list field (`If-Match`, `If-None-Match`) says, read as the
/// method needs it. On an unsafe method, a field with any malformed member
/// (`bogus`, `"v2` unterminated, `*;`, `"v2" "v1"` without a comma) reads as
/// [`ListMatch::Invalid`]: a request about to change state never runs on a
/// half-read condition (RFC 9110 §2.4 lets a recipient recover from an
/// invalid construct; for a state change recovering means guessing). On safe
/// methods malformed members are skipped and the rest is evaluated. The
/// strict pass runs only for unsafe methods, so GET and HEAD pay nothing.
#[inline(always)]
fn read_list(
    list: EntityTagList<'_>,
    method: RequestMethod,
    rep: &Representation<'_>,
    cmp: Comparison,
) -> ListMatch {
    if !method.is_safe() && strict_pass(list).is_err() {
        return ListMatch::Invalid;
    }
    list.matches(rep.etag.as_ref(), rep.exists, cmp)
}

/// [`EntityTagList::validate`] out of line, the list by value: the safe
/// methods' path does not lay the list out in memory for it.
#[inline(never)]
fn strict_pass(list: EntityTagList<'_>) -> Result<(), crate::error::ParseError> {
    list.validate()
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
    /// Must be sent (RFC 9110 §15.4.5): Cache-Control, Content-Location, Date, ETag,
    /// Expires, Vary; and Last-Modified when there is no ETag.
    Keep,
    /// Representation metadata a 304 should not carry (RFC 9110 §15.4.5): Content-Type,
    /// Content-Encoding, Content-Language, Content-Length, Content-Range,
    /// Content-MD5, Content-Disposition, and Last-Modified next to an ETag.
    Drop,
    /// Not representation metadata (Server, Set-Cookie, …): §15.4.5 does not
    /// govern it; the host keeps or drops it as for any response.
    Other,
}

/// Classifies a header field name for a 304 (case-insensitive, RFC 9110 §5.1).
/// `has_etag` is whether the 304 carries an ETag.
///
/// Content-Length is dropped: a 304 may carry it only with the 200's length
/// (RFC 9110 §8.6), and it tells a cache nothing it needs.
///
/// ```
/// use conneg::{precondition::NotModifiedField, precondition::not_modified_field};
///
/// assert_eq!(not_modified_field(b"ETag", true), NotModifiedField::Keep);
/// assert_eq!(not_modified_field(b"content-type", true), NotModifiedField::Drop);
/// assert_eq!(not_modified_field(b"Last-Modified", true), NotModifiedField::Drop);
/// assert_eq!(not_modified_field(b"Last-Modified", false), NotModifiedField::Keep);
/// assert_eq!(not_modified_field(b"Set-Cookie", true), NotModifiedField::Other);
/// ```
pub fn not_modified_field(name: &[u8], has_etag: bool) -> NotModifiedField {
    // The rule of each field is the header-field table's 304 column.
    match HeaderField::from_name(name).map(HeaderField::not_modified) {
        Some(NotModifiedRule::Keep) => NotModifiedField::Keep,
        Some(NotModifiedRule::KeepWithoutEtag) if !has_etag => NotModifiedField::Keep,
        Some(NotModifiedRule::KeepWithoutEtag | NotModifiedRule::Drop) => NotModifiedField::Drop,
        Some(NotModifiedRule::Other) | None => NotModifiedField::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Conditions::evaluate`'s dispatch (If-None-Match alone on one line,
    /// read out of line) answers as every step does, as the request's own
    /// conditions do, and as `evaluate_with` does.
    #[test]
    fn if_none_match_alone_agrees_with_every_step() {
        let methods = b"GET HEAD POST PUT DELETE PATCH CONNECT OPTIONS TRACE FOO".split(|&b| b == b' ');
        const TAGS: [&[u8]; 12] = [
            b"\"v1\"",
            b"W/\"v1\"",
            b" \"v1\" ",
            b"\"v0\", \"v1\"",
            b"W/\"a\", W/\"b\", \"v1\"",
            b"\"v0\"",
            b"*",
            b"*, \"v1\"",
            b"bogus, \"v1\"",
            b"\"v1",
            b"",
            b", ,",
        ];
        let date = FieldLines::one(b"Thu, 01 Jan 1970 00:00:00 GMT");
        let reps = [
            Representation::new().etag(EntityTag::from_static("\"v1\"")),
            Representation::new().etag(EntityTag::from_static("W/\"v1\"")),
            Representation::new()
                .etag(EntityTag::from_static("\"v1\""))
                .last_modified(HttpDate::UNIX_EPOCH),
            Representation::new(),
            Representation::missing(),
        ];
        let lines: &[&[u8]] = &[b"\"v0\"", b"\"v1\""];
        for method in methods.map(RequestMethod::from_bytes) {
            for tag in TAGS {
                for field in [FieldLines::one(tag), FieldLines::many(lines)] {
                    let base = Conditions::new(method).if_none_match(field);
                    let variants = [
                        base,
                        base.range(FieldLines::one(b"bytes=0-1")),
                        base.range(FieldLines::one(b"bytes=0-1"))
                            .if_range(FieldLines::one(b"\"v1\"")),
                        base.if_modified_since(date),
                        base.if_match(FieldLines::one(b"\"v1\"")),
                        base.if_unmodified_since(date),
                        base.require_precondition(true).now(HttpDate::UNIX_EPOCH),
                    ];
                    for c in variants {
                        let head = RequestHead::new(method)
                            .field(Field::IfNoneMatch, c.if_none_match)
                            .field(Field::IfMatch, c.if_match)
                            .field(Field::IfModifiedSince, c.if_modified_since)
                            .field(Field::IfUnmodifiedSince, c.if_unmodified_since)
                            .field(Field::IfRange, c.if_range)
                            .field(Field::Range, c.range);
                        for rep in &reps {
                            let all = c.evaluate_all(rep);
                            assert_eq!(c.evaluate(rep), all, "{method:?} {tag:?} {c:?} {rep:?}");
                            assert_eq!(c.evaluate_with(rep, || false), all);
                            assert_eq!(evaluate(&head, c.policy, rep, || false), all);
                            let from_head = head.conditions();
                            assert_eq!(from_head.policy, Policy::DEFAULT);
                            assert_eq!(from_head.evaluate(rep), head.conditions().evaluate_all(rep));
                        }
                    }
                }
            }
        }
    }
}
