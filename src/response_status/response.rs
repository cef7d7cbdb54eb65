//! [`StatusResponse`]: a status code with the header fields it requires and
//! its problem+json body, built only by constructors that take those fields.

use core::fmt;

use crate::date::HttpDate;
use crate::etag::EntityTag;
use crate::method::{MethodNotAllowed, RequestMethod};
use crate::problem::{InvalidParam, Problem};
use crate::status_code::{RetryAfter, reason_phrase};
use crate::syntax::is_token;

use super::challenge::Challenge;
use super::field::{Counter, StatusHeader, Value, is_plain_value};
use super::location::{InvalidValue, Location};
use super::names::StatusField;

/// The most header fields one [`StatusResponse`] carries (a 201's
/// `Location`, `ETag` and `Last-Modified`).
pub const MAX_FIELDS: usize = 3;

/// A response status with the header fields RFC 9110 requires of it and,
/// for an error, an RFC 9457 problem+json body whose `status` is the
/// status sent. Only its constructors make one, and each takes the fields
/// its status needs: a 401 cannot exist without a challenge, a 201 or a
/// redirect without a `Location`, a 503 without a `Retry-After`.
///
/// It never allocates and is written through `core::fmt`: `Display` gives
/// the HTTP/1.1 status line and header fields (for a hand-written server),
/// [`status`](Self::status), [`fields`](Self::fields) and
/// [`problem`](Self::problem) give the parts (for an adapter that builds
/// its own response type). The [guide](super) lists which constructor fits
/// which situation.
///
/// ```
/// use conneg::{StatusResponse, response_status::Challenge};
///
/// let r = StatusResponse::unauthorized(Challenge::bearer("api").unwrap());
/// assert_eq!(r.status(), 401);
/// assert_eq!(r.problem().unwrap().status(), 401);
/// let head = r.to_string();
/// assert!(head.starts_with("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\"\r\n"));
/// assert!(head.contains("Content-Type: application/problem+json\r\n"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusResponse<'a> {
    status: u16,
    fields: [Option<StatusHeader<'a>>; MAX_FIELDS],
    problem: Option<Problem<'a>>,
}

/// What an unsafe request that passed its preconditions did, for
/// [`StatusResponse::written`]: each case carries the fields its status
/// requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome<'a> {
    /// A new resource was created at `location` (POST, or a PUT to a new
    /// URI): `201 Created` with `Location` (RFC 9110 §15.3.2, §10.2.2). For a
    /// PUT that created its own target, `location` is the target URI.
    Created {
        /// The new resource.
        location: Location<'a>,
        /// The new representation's validators, if it was stored as received.
        validators: Validators<'a>,
    },
    /// The target's state was replaced or updated (PUT, PATCH): `204 No
    /// Content`, or `200 OK` with content (RFC 9110 §9.3.4, §15.3.1, §15.3.5).
    Updated {
        /// The new representation's validators, if it was stored as received.
        validators: Validators<'a>,
    },
    /// The target was deleted (DELETE): `204`, or `200` with a
    /// representation describing the status (RFC 9110 §9.3.5). No
    /// validators: there is no representation left to validate.
    Deleted,
    /// The request was accepted for processing, not yet done: `202
    /// Accepted`, with `Location` pointing at a status monitor the client can
    /// poll (RFC 9110 §15.3.3).
    Accepted {
        /// The status monitor.
        monitor: Location<'a>,
    },
}

/// Whether the response to a write carries content, for
/// [`StatusResponse::written`]: it chooses 200 or 204 for an update or a
/// delete (RFC 9110 §15.3.5); a 201 or 202 keeps its status either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WriteBody {
    /// No content: an update or a delete answers `204 No Content`.
    Empty,
    /// Content follows (the new representation, or a description of the
    /// outcome): an update or a delete answers `200 OK`.
    Content,
}

/// The validators of the representation a write stored (RFC 9110 §8.8),
/// for the response to that write.
///
/// A successful PUT MUST NOT carry `ETag` or `Last-Modified` unless the
/// content was stored without any transformation and the validator is the
/// new representation's (RFC 9110 §9.3.4): pass [`Validators::NONE`] when the
/// server normalised, merged or added to what it received. A client that
/// gets validators can then send `If-Match` on its next write without a
/// GET in between.
///
/// ```
/// use conneg::{EntityTag, HttpDate, response_status::Validators};
/// let v = Validators::etag(EntityTag::from_static("\"v2\"")).with_last_modified(HttpDate::UNIX_EPOCH);
/// assert_eq!(v.etag_value().unwrap().to_string(), "\"v2\"");
/// assert_eq!(Validators::NONE.etag_value(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Validators<'a> {
    etag: Option<EntityTag<'a>>,
    last_modified: Option<HttpDate>,
}

impl<'a> Validators<'a> {
    /// No validators: the stored representation is not what was received.
    pub const NONE: Validators<'static> = Validators {
        etag: None,
        last_modified: None,
    };

    /// The stored representation's entity tag.
    pub const fn etag(tag: EntityTag<'a>) -> Self {
        Validators {
            etag: Some(tag),
            last_modified: None,
        }
    }

    /// The stored representation's modification date.
    pub const fn last_modified(date: HttpDate) -> Self {
        Validators {
            etag: None,
            last_modified: Some(date),
        }
    }

    /// Adds the modification date.
    pub const fn with_last_modified(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
        self
    }

    /// The entity tag, if any.
    pub const fn etag_value(&self) -> Option<EntityTag<'a>> {
        self.etag
    }

    /// The modification date, if any.
    pub const fn last_modified_value(&self) -> Option<HttpDate> {
        self.last_modified
    }
}

/// Which redirect, by intent (RFC 9110 §15.4): whether the move is
/// permanent, and whether the client repeats the request method and content
/// at the new URI. For [`StatusResponse::redirect`].
///
/// | intent | status | method at the new URI |
/// |---|---|---|
/// | [`Permanent`](Self::Permanent) | 308 | the same, with the content |
/// | [`Temporary`](Self::Temporary) | 307 | the same, with the content |
/// | [`SeeOther`](Self::SeeOther) | 303 | GET (or HEAD): the answer to a POST lives there |
/// | [`MovedPermanently`](Self::MovedPermanently) | 301 | the same, but user agents may turn a POST into a GET |
/// | [`Found`](Self::Found) | 302 | the same, but user agents may turn a POST into a GET |
///
/// 301 and 302 are the historical codes: for historical reasons a user
/// agent MAY change a POST to a GET when following them (RFC 9110 §15.4.2,
/// §15.4.3), and browsers do, dropping the content. Use them only for GET and
/// HEAD targets (where they are understood by every client ever written);
/// 308/307 for anything else, and 303 when the rewrite to GET is what you
/// mean (after a POST, to the result).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Redirect {
    /// `308 Permanent Redirect` (RFC 9110 §15.4.9): permanent; the method
    /// and content are kept.
    Permanent,
    /// `307 Temporary Redirect` (RFC 9110 §15.4.8): temporary; the method
    /// and content are kept.
    Temporary,
    /// `303 See Other` (RFC 9110 §15.4.4): the result is at another URI, to
    /// be fetched with GET (the Post/Redirect/Get pattern).
    SeeOther,
    /// `301 Moved Permanently` (RFC 9110 §15.4.2): permanent, and a POST may
    /// be rewritten to a GET by the client.
    MovedPermanently,
    /// `302 Found` (RFC 9110 §15.4.3): temporary, and a POST may be
    /// rewritten to a GET by the client.
    Found,
}

impl Redirect {
    /// The status code.
    ///
    /// ```
    /// use conneg::response_status::Redirect;
    /// assert_eq!(Redirect::Permanent.status(), 308);
    /// ```
    pub const fn status(self) -> u16 {
        match self {
            Redirect::Permanent => 308,
            Redirect::Temporary => 307,
            Redirect::SeeOther => 303,
            Redirect::MovedPermanently => 301,
            Redirect::Found => 302,
        }
    }
}

/// Items for a list-valued field: at least one, each a plain field value
/// without a comma (so the list splits back into the same items).
fn check_items(field: StatusField, items: &[&str], each: impl Fn(&[u8]) -> bool) -> Result<(), InvalidValue> {
    let ok = !items.is_empty()
        && items.iter().all(|i| {
            let b = i.as_bytes();
            is_plain_value(b) && !b.contains(&b',') && each(b)
        });
    if ok { Ok(()) } else { Err(InvalidValue(field)) }
}

/// `protocol = protocol-name ["/" protocol-version]` (RFC 9110 §7.8), both tokens.
fn is_protocol(b: &[u8]) -> bool {
    let mut parts = b.splitn(2, |&c| c == b'/');
    parts.next().is_some_and(is_token) && parts.next().is_none_or(is_token)
}

const fn field(name: StatusField, value: Value<'_>) -> Option<StatusHeader<'_>> {
    Some(StatusHeader { name, value })
}

impl<'a> StatusResponse<'a> {
    const fn bare(status: u16) -> Self {
        StatusResponse {
            status,
            fields: [None; MAX_FIELDS],
            problem: None,
        }
    }

    const fn of_problem(problem: Problem<'a>) -> Self {
        StatusResponse {
            status: problem.status(),
            fields: [None; MAX_FIELDS],
            problem: Some(problem),
        }
    }

    const fn with_field(mut self, index: usize, name: StatusField, value: Value<'a>) -> Self {
        if index < MAX_FIELDS {
            self.fields[index] = field(name, value);
        }
        self
    }

    /// The response to a write that succeeded (RFC 9110 §9.3.3–§9.3.5,
    /// §15.3), from what happened and whether content follows:
    ///
    /// | outcome | [`WriteBody::Empty`] | [`WriteBody::Content`] | fields |
    /// |---|---|---|---|
    /// | `Created` | 201 | 201 | `Location`, and `ETag` / `Last-Modified` given |
    /// | `Updated` | 204 | 200 | `ETag` / `Last-Modified` given |
    /// | `Deleted` | 204 | 200 | none |
    /// | `Accepted` | 202 | 202 | `Location` (the status monitor) |
    ///
    /// ```
    /// use conneg::{EntityTag, StatusResponse};
    /// use conneg::response_status::{Location, Validators, WriteBody, WriteOutcome};
    ///
    /// let created = WriteOutcome::Created {
    ///     location: Location::from_static("/orders/8"),
    ///     validators: Validators::etag(EntityTag::from_static("\"1\"")),
    /// };
    /// let r = StatusResponse::written(created, WriteBody::Empty);
    /// assert_eq!(r.to_string(), "HTTP/1.1 201 Created\r\nLocation: /orders/8\r\nETag: \"1\"\r\n");
    ///
    /// let updated = WriteOutcome::Updated { validators: Validators::etag(EntityTag::from_static("\"2\"")) };
    /// assert_eq!(StatusResponse::written(updated, WriteBody::Empty).status(), 204);
    /// assert_eq!(StatusResponse::written(updated, WriteBody::Content).status(), 200);
    /// assert_eq!(StatusResponse::written(WriteOutcome::Deleted, WriteBody::Empty).fields().count(), 0);
    /// ```
    pub const fn written(outcome: WriteOutcome<'a>, body: WriteBody) -> Self {
        let with_content = matches!(body, WriteBody::Content);
        match outcome {
            WriteOutcome::Created { location, validators } => StatusResponse::bare(201)
                .with_field(0, StatusField::Location, Value::Location(location))
                .validators(1, validators),
            WriteOutcome::Updated { validators } => {
                StatusResponse::bare(if with_content { 200 } else { 204 }).validators(0, validators)
            }
            WriteOutcome::Deleted => StatusResponse::bare(if with_content { 200 } else { 204 }),
            WriteOutcome::Accepted { monitor } => {
                StatusResponse::bare(202).with_field(0, StatusField::Location, Value::Location(monitor))
            }
        }
    }

    /// `ETag` then `Last-Modified`, from field `at` on.
    const fn validators(self, at: usize, v: Validators<'a>) -> Self {
        let mut r = self;
        let mut at = at;
        if let Some(tag) = v.etag {
            r = r.with_field(at, StatusField::ETag, Value::Tag(tag));
            at += 1;
        }
        if let Some(date) = v.last_modified {
            r = r.with_field(at, StatusField::LastModified, Value::Date(date));
        }
        r
    }

    /// A redirect to `location`, chosen by intent ([`Redirect`]'s table,
    /// RFC 9110 §15.4).
    ///
    /// ```
    /// use conneg::{StatusResponse, response_status::{Location, Redirect}};
    /// let r = StatusResponse::redirect(Redirect::Temporary, Location::from_static("https://mirror.example/a"));
    /// assert_eq!(r.to_string(), "HTTP/1.1 307 Temporary Redirect\r\nLocation: https://mirror.example/a\r\n");
    /// ```
    pub const fn redirect(redirect: Redirect, location: Location<'a>) -> Self {
        StatusResponse::bare(redirect.status()).with_field(
            0,
            StatusField::Location,
            Value::Location(location),
        )
    }

    /// `303 See Other` to `location`: after a POST, where its result can be
    /// fetched with GET (RFC 9110 §15.4.4).
    ///
    /// ```
    /// use conneg::{StatusResponse, response_status::Location};
    /// assert_eq!(StatusResponse::see_other(Location::from_static("/orders/7")).status(), 303);
    /// ```
    pub const fn see_other(location: Location<'a>) -> Self {
        StatusResponse::redirect(Redirect::SeeOther, location)
    }

    /// The same resource over HTTPS (RFC 9110 §4.2.2): `301` for GET and
    /// HEAD, `308` for every other method, so that a POST stays a POST
    /// with its content (a 301 would let the client turn it into a GET).
    ///
    /// For GET and HEAD, 301 and 308 mean the same, and 301 is understood by
    /// every client and cached as permanent by default (RFC 9110 §15.4.2);
    /// to move GETs with 308 too, use [`redirect`](Self::redirect) with
    /// [`Location::https`]. Pair the redirect with
    /// `Strict-Transport-Security` (RFC 6797) on the HTTPS side. Take
    /// `authority` from the server's configuration, or check the request's
    /// `Host` against it first: redirecting to whatever `Host` said makes an
    /// open redirect.
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] when `authority` or `target` cannot form the URL
    /// ([`Location::https`]).
    ///
    /// ```
    /// use conneg::{RequestMethod, StatusResponse};
    /// let get = StatusResponse::https_redirect(RequestMethod::Get, "example.com", "/cart").unwrap();
    /// assert_eq!(get.to_string(), "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/cart\r\n");
    /// let post = StatusResponse::https_redirect(RequestMethod::Post, "example.com", "/cart").unwrap();
    /// assert_eq!(post.status(), 308);
    /// ```
    pub const fn https_redirect(
        method: RequestMethod,
        authority: &'a str,
        target: &'a str,
    ) -> Result<Self, InvalidValue> {
        let kind = if method.is_get_or_head() {
            Redirect::MovedPermanently
        } else {
            Redirect::Permanent
        };
        match Location::https(authority, target) {
            Ok(l) => Ok(StatusResponse::redirect(kind, l)),
            Err(e) => Err(e),
        }
    }

    /// `401 Unauthorized` with its `WWW-Authenticate` challenge (RFC 9110
    /// §15.5.2, §11.6.1) and [`Problem::unauthorized`].
    ///
    /// ```
    /// use conneg::{StatusResponse, response_status::{Challenge, StatusField}};
    /// let r = StatusResponse::unauthorized(Challenge::basic("admin").unwrap());
    /// let www = r.field(StatusField::WwwAuthenticate).unwrap();
    /// assert_eq!(www.value().to_string(), r#"Basic realm="admin", charset="UTF-8""#);
    /// ```
    pub const fn unauthorized(challenge: Challenge<'a>) -> Self {
        StatusResponse::of_problem(Problem::unauthorized()).with_field(
            0,
            StatusField::WwwAuthenticate,
            Value::Challenge(challenge),
        )
    }

    /// `401 Unauthorized` offering several challenges, in order of
    /// preference (RFC 9110 §11.6.1).
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] (for `WWW-Authenticate`) when `challenges` is empty.
    ///
    /// ```
    /// use conneg::{StatusResponse, response_status::{Challenge, StatusField}};
    /// let both = [Challenge::bearer("api").unwrap(), Challenge::basic("api").unwrap()];
    /// let r = StatusResponse::unauthorized_any(&both).unwrap();
    /// let value = r.field(StatusField::WwwAuthenticate).unwrap().value().to_string();
    /// assert_eq!(value, r#"Bearer realm="api", Basic realm="api", charset="UTF-8""#);
    /// assert!(StatusResponse::unauthorized_any(&[]).is_err());
    /// ```
    pub const fn unauthorized_any(challenges: &'a [Challenge<'a>]) -> Result<Self, InvalidValue> {
        if challenges.is_empty() {
            return Err(InvalidValue(StatusField::WwwAuthenticate));
        }
        Ok(StatusResponse::of_problem(Problem::unauthorized()).with_field(
            0,
            StatusField::WwwAuthenticate,
            Value::Challenges(challenges),
        ))
    }

    /// `407 Proxy Authentication Required` with its `Proxy-Authenticate`
    /// challenge (RFC 9110 §15.5.8, §11.7.1).
    ///
    /// ```
    /// use conneg::{StatusResponse, response_status::{Challenge, StatusField}};
    /// let r = StatusResponse::proxy_authentication_required(Challenge::basic("proxy").unwrap());
    /// assert_eq!((r.status(), r.fields().next().unwrap().name()), (407, StatusField::ProxyAuthenticate));
    /// ```
    pub const fn proxy_authentication_required(challenge: Challenge<'a>) -> Self {
        StatusResponse::of_problem(Problem::proxy_authentication_required()).with_field(
            0,
            StatusField::ProxyAuthenticate,
            Value::Challenge(challenge),
        )
    }

    /// `403 Forbidden` (RFC 9110 §15.5.4): the client is known and not
    /// allowed; new credentials will not help. To keep the resource's
    /// existence secret from this client, answer
    /// [`not_found`](Self::not_found) instead, which RFC 9110 §15.5.4
    /// allows (and answer it for resources that do not exist too, so the
    /// two cannot be told apart). A client that sent no or invalid
    /// credentials gets [`unauthorized`](Self::unauthorized).
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// assert_eq!(StatusResponse::forbidden().status(), 403);
    /// ```
    pub const fn forbidden() -> Self {
        StatusResponse::of_problem(Problem::forbidden())
    }

    /// `404 Not Found` (RFC 9110 §15.5.5), also the answer that hides a
    /// forbidden resource's existence (RFC 9110 §15.5.4).
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// assert_eq!(StatusResponse::not_found().problem().unwrap().status(), 404);
    /// ```
    pub const fn not_found() -> Self {
        StatusResponse::of_problem(Problem::not_found())
    }

    /// `408 Request Timeout` with `Connection: close`: the server closes
    /// the connection after it (RFC 9110 §15.5.9).
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// assert!(StatusResponse::request_timeout().to_string().starts_with("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"));
    /// ```
    pub const fn request_timeout() -> Self {
        StatusResponse::of_problem(Problem::request_timeout()).with_field(
            0,
            StatusField::Connection,
            Value::Static("close"),
        )
    }

    /// `409 Conflict` (RFC 9110 §15.5.10): `detail` says what conflicts, so
    /// the user can resolve it ([`Problem::conflict`]).
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// let r = StatusResponse::conflict("The order was already shipped.");
    /// assert!(r.problem().unwrap().to_string().contains("already shipped"));
    /// ```
    pub const fn conflict(detail: &'a str) -> Self {
        StatusResponse::of_problem(Problem::conflict(detail))
    }

    /// `422 Unprocessable Content` listing the invalid members
    /// ([`Problem::unprocessable_content`], RFC 9110 §15.5.21).
    ///
    /// ```
    /// use conneg::{StatusResponse, problem::InvalidParam};
    /// let invalid = [InvalidParam::new("/quantity", "must be at least 1")];
    /// assert_eq!(StatusResponse::unprocessable_content(&invalid).status(), 422);
    /// ```
    pub const fn unprocessable_content(invalid: &'a [InvalidParam<'a>]) -> Self {
        StatusResponse::of_problem(Problem::unprocessable_content(invalid))
    }

    /// `415 Unsupported Media Type` naming the media types that would be
    /// accepted (RFC 9110 §15.5.16) in the field for the request's method:
    /// `Accept-Post` for POST (W3C LDP §7.1), `Accept-Patch` for PATCH
    /// (RFC 5789 §3.1), `Accept` otherwise; the problem's `accept` member
    /// lists them too.
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] when `accepted` is empty, or an item is empty, has a
    /// comma or a control character.
    ///
    /// ```
    /// use conneg::{RequestMethod, StatusResponse};
    /// let r = StatusResponse::unsupported_media_type(RequestMethod::Patch, &["application/merge-patch+json"]).unwrap();
    /// assert!(r.to_string().contains("\r\nAccept-Patch: application/merge-patch+json\r\n"));
    /// let r = StatusResponse::unsupported_media_type(RequestMethod::Post, &["application/json", "text/csv"]).unwrap();
    /// assert!(r.to_string().contains("\r\nAccept-Post: application/json, text/csv\r\n"));
    /// ```
    pub fn unsupported_media_type(
        method: RequestMethod,
        accepted: &'a [&'a str],
    ) -> Result<Self, InvalidValue> {
        let name = match method {
            RequestMethod::Post => StatusField::AcceptPost,
            RequestMethod::Patch => StatusField::AcceptPatch,
            _ => StatusField::Accept,
        };
        check_items(name, accepted, |_| true)?;
        Ok(
            StatusResponse::of_problem(Problem::unsupported_media_type(accepted)).with_field(
                0,
                name,
                Value::List(accepted),
            ),
        )
    }

    /// `415 Unsupported Media Type` for an unsupported content coding, with
    /// `Accept-Encoding` naming the codings that would be accepted
    /// (RFC 9110 §15.5.16, §12.5.3); `identity` alone means none.
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] when `codings` is empty or an item is not a token.
    ///
    /// ```
    /// use conneg::{StatusResponse, response_status::StatusField};
    /// let r = StatusResponse::unsupported_content_coding(&["gzip", "identity"]).unwrap();
    /// assert_eq!(r.field(StatusField::AcceptEncoding).unwrap().value().to_string(), "gzip, identity");
    /// assert!(StatusResponse::unsupported_content_coding(&["x y"]).is_err());
    /// ```
    pub fn unsupported_content_coding(codings: &'a [&'a str]) -> Result<Self, InvalidValue> {
        check_items(StatusField::AcceptEncoding, codings, is_token)?;
        Ok(
            StatusResponse::of_problem(Problem::unsupported_media_type(codings)).with_field(
                0,
                StatusField::AcceptEncoding,
                Value::List(codings),
            ),
        )
    }

    /// `426 Upgrade Required` with `Upgrade` naming the protocols to switch
    /// to (RFC 9110 §15.5.22, MUST) and `Connection: upgrade`, which must
    /// accompany an `Upgrade` field (RFC 9110 §7.8).
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] (for `Upgrade`) when `protocols` is empty or an item
    /// is not `name[/version]` of tokens.
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// let r = StatusResponse::upgrade_required(&["HTTP/3.0"]).unwrap();
    /// assert!(r.to_string().starts_with("HTTP/1.1 426 Upgrade Required\r\nUpgrade: HTTP/3.0\r\nConnection: upgrade\r\n"));
    /// ```
    pub fn upgrade_required(protocols: &'a [&'a str]) -> Result<Self, InvalidValue> {
        check_items(StatusField::Upgrade, protocols, is_protocol)?;
        Ok(StatusResponse::of_problem(Problem::upgrade_required(protocols))
            .with_field(0, StatusField::Upgrade, Value::List(protocols))
            .with_field(1, StatusField::Connection, Value::Static("upgrade")))
    }

    /// `413 Content Too Large` (RFC 9110 §15.5.14), with `Retry-After` when
    /// the condition is temporary ([`Problem::content_too_large`]).
    ///
    /// ```
    /// use conneg::{RetryAfter, StatusResponse};
    /// assert_eq!(StatusResponse::content_too_large(None).fields().count(), 0);
    /// assert_eq!(StatusResponse::content_too_large(Some(RetryAfter::Delay(9))).fields().count(), 1);
    /// ```
    pub const fn content_too_large(retry: Option<RetryAfter>) -> Self {
        let r = StatusResponse::of_problem(Problem::content_too_large(retry));
        match retry {
            Some(after) => r.with_field(0, StatusField::RetryAfter, Value::Retry(after)),
            None => r,
        }
    }

    /// `429 Too Many Requests` (RFC 6585 §4) with `Retry-After` (and the
    /// same value in the problem's `retry_after`): a client told when to
    /// come back does not hammer the server meanwhile.
    ///
    /// ```
    /// use conneg::{RetryAfter, StatusResponse};
    /// assert!(StatusResponse::too_many_requests(RetryAfter::Delay(30)).to_string().contains("\r\nRetry-After: 30\r\n"));
    /// ```
    pub const fn too_many_requests(retry: RetryAfter) -> Self {
        StatusResponse::of_problem(Problem::too_many_requests(Some(retry))).with_field(
            0,
            StatusField::RetryAfter,
            Value::Retry(retry),
        )
    }

    /// `503 Service Unavailable` (RFC 9110 §15.6.4) with `Retry-After`: this
    /// server is overloaded or down for maintenance, and says when to come back.
    ///
    /// ```
    /// use conneg::{RetryAfter, StatusResponse};
    /// let r = StatusResponse::service_unavailable(RetryAfter::Delay(120));
    /// assert!(r.to_string().starts_with("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\n"));
    /// ```
    pub const fn service_unavailable(retry: RetryAfter) -> Self {
        StatusResponse::of_problem(Problem::service_unavailable(Some(retry))).with_field(
            0,
            StatusField::RetryAfter,
            Value::Retry(retry),
        )
    }

    /// `500 Internal Server Error`: this server failed
    /// ([`Problem::internal_server_error`]; nothing internal in the body).
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// assert_eq!(StatusResponse::internal_server_error().status(), 500);
    /// ```
    pub const fn internal_server_error() -> Self {
        StatusResponse::of_problem(Problem::internal_server_error())
    }

    /// `502 Bad Gateway`: an upstream server answered badly ([`Problem::bad_gateway`]).
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// assert_eq!(StatusResponse::bad_gateway().status(), 502);
    /// ```
    pub const fn bad_gateway() -> Self {
        StatusResponse::of_problem(Problem::bad_gateway())
    }

    /// `504 Gateway Timeout`: an upstream server did not answer in time
    /// ([`Problem::gateway_timeout`]).
    ///
    /// ```
    /// use conneg::StatusResponse;
    /// assert_eq!(StatusResponse::gateway_timeout().status(), 504);
    /// ```
    pub const fn gateway_timeout() -> Self {
        StatusResponse::of_problem(Problem::gateway_timeout())
    }

    /// The status code to send.
    pub const fn status(&self) -> u16 {
        self.status
    }

    /// The status code's reason phrase, from the one status table
    /// ([`reason_phrase`]); every constructor's status has one.
    pub const fn reason_phrase(&self) -> &'static str {
        match reason_phrase(self.status) {
            Some(p) => p,
            None => "",
        }
    }

    /// The header fields the status requires, in a fixed order.
    pub fn fields(&self) -> impl Iterator<Item = StatusHeader<'a>> + '_ {
        self.fields.iter().flatten().copied()
    }

    /// The field named `name`, if the response carries it.
    pub fn field(&self, name: StatusField) -> Option<StatusHeader<'a>> {
        self.fields().find(|f| f.name == name)
    }

    /// The problem+json body of an error response (`None` for the 2xx and
    /// 3xx ones), whose `status` is [`status`](Self::status). Send it with
    /// `Content-Type: application/problem+json`.
    pub const fn problem(&self) -> Option<&Problem<'a>> {
        self.problem.as_ref()
    }

    /// Replaces the problem body with `problem`, if it has the same status
    /// (the body's `status` must be the status sent, RFC 9457 §3.1.2);
    /// otherwise the response is unchanged.
    ///
    /// ```
    /// use conneg::{Problem, StatusResponse};
    /// let r = StatusResponse::forbidden().with_problem(Problem::new(403).with_detail("Read-only account."));
    /// assert!(r.problem().unwrap().to_string().contains("Read-only account."));
    /// let same = StatusResponse::forbidden().with_problem(Problem::new(200));
    /// assert_eq!(same, StatusResponse::forbidden());
    /// ```
    pub const fn with_problem(mut self, problem: Problem<'a>) -> Self {
        if problem.status() == self.status {
            self.problem = Some(problem);
        }
        self
    }

    /// Drops the problem body, for a host that sends its own (an HTML
    /// error page); the status and fields stay.
    pub const fn without_problem(mut self) -> Self {
        self.problem = None;
        self
    }

    /// The problem body's length in octets, for `Content-Length`.
    pub fn problem_length(&self) -> Option<u64> {
        let problem = self.problem.as_ref()?;
        let mut count = Counter(0);
        fmt::write(&mut count, format_args!("{problem}")).ok()?;
        Some(count.0)
    }
}

impl From<MethodNotAllowed> for StatusResponse<'static> {
    /// `405 Method Not Allowed` with `Allow` (RFC 9110 §15.5.6) and
    /// [`MethodNotAllowed::problem`].
    ///
    /// ```
    /// use conneg::{MethodSet, RequestMethod, StatusResponse};
    /// let refused = MethodSet::EMPTY.with(RequestMethod::Get).check(RequestMethod::Put).unwrap_err();
    /// let r = StatusResponse::from(refused);
    /// assert!(r.to_string().starts_with("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\n"));
    /// ```
    fn from(refused: MethodNotAllowed) -> Self {
        StatusResponse::of_problem(refused.problem()).with_field(
            0,
            StatusField::Allow,
            Value::Methods(refused.allowed()),
        )
    }
}

/// The HTTP/1.1 status line and header fields, each line ending in CRLF,
/// and for a problem body its `Content-Type` and `Content-Length`; without
/// the empty line that ends the header section, so the host can add
/// `Date` and its own fields first. The body is
/// [`problem`](StatusResponse::problem)'s `Display`.
///
/// ```
/// use conneg::StatusResponse;
/// let r = StatusResponse::not_found();
/// let body = r.problem().unwrap().to_string();
/// let message = format!("{r}\r\n{body}");
/// assert!(message.starts_with("HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\n"));
/// assert!(message.contains(&format!("Content-Length: {}\r\n\r\n{{", body.len())));
/// ```
impl fmt::Display for StatusResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP/1.1 {} {}\r\n", self.status, self.reason_phrase())?;
        for field in self.fields() {
            write!(f, "{field}\r\n")?;
        }
        if let (Some(problem), Some(length)) = (self.problem.as_ref(), self.problem_length()) {
            write!(
                f,
                "Content-Type: {}\r\nContent-Length: {length}\r\n",
                problem.content_type()
            )?;
        }
        Ok(())
    }
}
