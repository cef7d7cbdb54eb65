//! Problem details for HTTP APIs (RFC 9457): `application/problem+json`
//! bodies for the status codes conneg decides, written through
//! `core::fmt::Display` without allocating.

use core::fmt::{self, Write};

use crate::date::HttpDate;
use crate::error::ParseError;
use crate::json::{Escaped, Object};
use crate::method::{MethodNotAllowed, MethodSet, RequestMethod, method_name};
use crate::status_code::{RetryAfter, is_valid_status, reason_phrase};

/// How many extension members one [`Problem`] holds (RFC 9457 §3.2).
pub const MAX_EXTENSIONS: usize = 8;

/// The value of a [`Problem`] extension member: a JSON string or number.
///
/// ```
/// use conneg::{HttpDate, Problem, problem::ProblemValue};
///
/// let body = Problem::new(409)
///     .with_extension("balance", 30_u64)
///     .with_extension("account", "/account/12345")
///     .with_extension("raw", &b"caf\xe9"[..]) // not UTF-8: written with U+FFFD
///     .with_extension("since", HttpDate::UNIX_EPOCH)
///     .to_string();
/// assert!(body.ends_with(
///     r#""balance":30,"account":"/account/12345","raw":"caf�","since":"Thu, 01 Jan 1970 00:00:00 GMT"}"#
/// ));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemValue<'a> {
    /// A string.
    Str(&'a str),
    /// A string from octets: UTF-8 as is, each invalid sequence as U+FFFD.
    Bytes(&'a [u8]),
    /// A number.
    Int(i64),
    /// A number.
    UInt(u64),
    /// A string holding the IMF-fixdate.
    Date(HttpDate),
    /// A string holding the `Allow` value of the set (`"GET, HEAD"`).
    Methods(MethodSet),
    /// An array of strings (for example the media types a 415 would accept).
    ///
    /// ```
    /// use conneg::Problem;
    /// let body = Problem::new(415).with_extension("accept", &["application/json", "text/csv"][..]).to_string();
    /// assert!(body.ends_with(r#""accept":["application/json","text/csv"]}"#));
    /// ```
    List(&'a [&'a str]),
    /// An array of `{"name": …, "reason": …}` objects, one per invalid
    /// request member (the `invalid_params` of
    /// [`Problem::unprocessable_content`]).
    Params(&'a [InvalidParam<'a>]),
}

/// One invalid member of a request's content, for a 422 or 400 problem
/// (RFC 9457 §3's `invalid-params` example, under an extension name RFC 9457 §4
/// allows: `invalid_params`): which member, and why, in words the client can act on.
///
/// `name` is how the client names the member: a field name, or a JSON
/// Pointer (RFC 6901) such as `/items/0/price`.
///
/// ```
/// use conneg::problem::InvalidParam;
/// const AGE: InvalidParam<'static> = InvalidParam::new("age", "must be a positive integer");
/// assert_eq!((AGE.name(), AGE.reason()), ("age", "must be a positive integer"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidParam<'a> {
    name: &'a str,
    reason: &'a str,
}

impl<'a> InvalidParam<'a> {
    /// The member `name` is invalid because of `reason`.
    pub const fn new(name: &'a str, reason: &'a str) -> Self {
        InvalidParam { name, reason }
    }

    /// The member's name.
    pub const fn name(&self) -> &'a str {
        self.name
    }

    /// Why it is invalid.
    pub const fn reason(&self) -> &'a str {
        self.reason
    }
}

macro_rules! from_values {
    ($($ty:ty => $variant:ident),*) => {$(
        impl<'a> From<$ty> for ProblemValue<'a> {
            fn from(value: $ty) -> Self {
                ProblemValue::$variant(value)
            }
        }
    )*};
}
from_values!(
    &'a str => Str, &'a [u8] => Bytes, i64 => Int, u64 => UInt, HttpDate => Date, MethodSet => Methods,
    &'a [&'a str] => List, &'a [InvalidParam<'a>] => Params
);

/// Why [`Problem::try_with_extension`] refused a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExtensionError {
    /// The name does not start with an ALPHA, has a character other than
    /// ALPHA, DIGIT and `_`, or is shorter than 3 characters (RFC 9457 §4).
    InvalidName,
    /// The name is a standard member: `type`, `title`, `status`, `detail`, `instance`.
    ReservedName,
    /// The problem already has a member of that name.
    Duplicate,
    /// The problem already has [`MAX_EXTENSIONS`] extension members.
    Full,
}

impl fmt::Display for ExtensionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExtensionError::InvalidName => {
                "extension member name is not ALPHA *(ALPHA / DIGIT / \"_\") of 3 or more"
            }
            ExtensionError::ReservedName => "extension member name is a standard member",
            ExtensionError::Duplicate => "duplicate extension member name",
            ExtensionError::Full => "too many extension members",
        })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ExtensionError {}

/// The `detail` member: given text, or a sentence written from a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Detail<'a> {
    None,
    Text(&'a str),
    Bytes(&'a [u8]),
    Parse(ParseError),
    NotAllowed(RequestMethod, MethodSet),
    Retry(&'static str, RetryAfter),
    FieldTooLarge(&'a str),
}

impl Detail<'_> {
    fn write(&self, w: &mut dyn Write) -> fmt::Result {
        match *self {
            Detail::None => Ok(()),
            Detail::Text(s) => w.write_str(s),
            Detail::Bytes(b) => crate::syntax::write_lossy(w, b),
            Detail::Parse(e) => write!(
                w,
                "The {} field is malformed at byte {} of line {}: {}.",
                e.field(),
                e.offset(),
                e.line(),
                e.kind()
            ),
            Detail::NotAllowed(method, allowed) => {
                match method_name(method) {
                    Some(name) => write!(w, "The {name} method")?,
                    None => w.write_str("This method")?,
                }
                w.write_str(" is not allowed for the target resource; ")?;
                if allowed.is_empty() {
                    w.write_str("it currently allows no methods.")
                } else {
                    write!(w, "it allows {}.", allowed.allow())
                }
            }
            Detail::Retry(lead, RetryAfter::Delay(1)) => write!(w, "{lead} Retry after 1 second."),
            Detail::Retry(lead, RetryAfter::Delay(s)) => write!(w, "{lead} Retry after {s} seconds."),
            Detail::Retry(lead, RetryAfter::Date(d)) => write!(w, "{lead} Retry after {d}."),
            Detail::FieldTooLarge(name) => write!(
                w,
                "The request's {name} field is larger than the server is willing to process."
            ),
        }
    }
}

const RESERVED: [&str; 5] = ["type", "title", "status", "detail", "instance"];

/// RFC 9457 §4: `ALPHA *(ALPHA / DIGIT / "_")`, 3 characters or more.
fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 3
        && b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

/// A problem details object (RFC 9457) for an error response, written as
/// `application/problem+json` through `Display`, so into any
/// `core::fmt::Write` (a stack buffer, a `String`, a response writer).
///
/// Members, in this order: `type` if set (absent means `about:blank`, RFC 9457 §3.1.1),
/// `title` (by default the status code's [`reason_phrase`], RFC 9457 §4.2.1), `status`
/// as a JSON number always equal to the code the problem was built with
/// (RFC 9457 §3.1, §3.1.2), `detail` and `instance` if set, then up to
/// [`MAX_EXTENSIONS`] extension members (RFC 9457 §3.2). Every string is JSON-escaped;
/// octets that are not UTF-8 are written with U+FFFD.
///
/// The constructors for the statuses conneg decides fill in a `detail` that
/// tells the client how to fix the request (RFC 9457 §3.1.4) and the extension members
/// noted on each; [`with_detail`](Self::with_detail) and the other builders
/// override or add to them. Send the body with
/// `Content-Type: `[`content_type()`](Self::content_type) and the status
/// [`status()`](Self::status).
///
/// ```
/// use conneg::Problem;
///
/// let problem = Problem::new(404).with_detail("No order 7 exists.").with_instance("/orders/7");
/// assert_eq!(
///     problem.to_string(),
///     r#"{"title":"Not Found","status":404,"detail":"No order 7 exists.","instance":"/orders/7"}"#
/// );
/// assert_eq!(problem.content_type(), "application/problem+json");
/// assert_eq!(problem, Problem::new(404).with_instance("/orders/7").with_detail("No order 7 exists."));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Problem<'a> {
    status: u16,
    type_uri: Option<&'a str>,
    title: Option<&'a str>,
    detail: Detail<'a>,
    instance: Option<&'a str>,
    extensions: [Option<(&'a str, ProblemValue<'a>)>; MAX_EXTENSIONS],
}

impl<'a> Problem<'a> {
    /// A problem with status `status`, its reason phrase as `title`, and no
    /// other members.
    ///
    /// A code outside `100..=599` is not a status code (RFC 9110 §15): the problem
    /// becomes a `500`, and [`status`](Self::status) says so; send that.
    ///
    /// ```
    /// use conneg::Problem;
    /// assert_eq!(Problem::new(422).to_string(), r#"{"title":"Unprocessable Content","status":422}"#);
    /// assert_eq!(Problem::new(499).to_string(), r#"{"status":499}"#); // no registered phrase
    /// assert_eq!(Problem::new(1000).status(), 500);
    /// ```
    pub const fn new(status: u16) -> Problem<'a> {
        Problem {
            status: if is_valid_status(status) { status } else { 500 },
            type_uri: None,
            title: None,
            detail: Detail::None,
            instance: None,
            extensions: [None; MAX_EXTENSIONS],
        }
    }

    /// The `type` member: a URI reference that identifies the problem type
    /// (RFC 9457 §3.1.1), preferably absolute. A problem type other
    /// than `about:blank` usually has its own `title` too.
    ///
    /// ```
    /// use conneg::Problem;
    /// let p = Problem::new(403).with_type("https://example.com/probs/out-of-credit").with_title("Out of credit");
    /// assert!(p.to_string().starts_with(r#"{"type":"https://example.com/probs/out-of-credit","title":"Out of credit","#));
    /// ```
    pub const fn with_type(mut self, uri: &'a str) -> Self {
        self.type_uri = Some(uri);
        self
    }

    /// The `title` member, replacing the reason phrase (for a problem type of
    /// its own, or a localized phrase, RFC 9457 §3.1.3).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert_eq!(Problem::new(404).with_title("Nicht gefunden").title(), Some("Nicht gefunden"));
    /// ```
    pub const fn with_title(mut self, title: &'a str) -> Self {
        self.title = Some(title);
        self
    }

    /// The `detail` member: about this occurrence, helping the client to
    /// correct it (RFC 9457 §3.1.4), never debugging output (RFC 9457 §5).
    ///
    /// ```
    /// use conneg::Problem;
    /// let p = Problem::new(400).with_detail("\"id\" must be a number");
    /// assert!(p.to_string().contains(r#""detail":"\"id\" must be a number""#));
    /// ```
    pub const fn with_detail(mut self, detail: &'a str) -> Self {
        self.detail = Detail::Text(detail);
        self
    }

    /// The `detail` member from octets (for example echoing part of a
    /// request): UTF-8 as is, each invalid sequence as U+FFFD, control
    /// characters escaped.
    ///
    /// ```
    /// use conneg::Problem;
    /// let p = Problem::new(400).with_detail_bytes(b"bad \xff\x01");
    /// assert!(p.to_string().contains(r#""detail":"bad �\u0001""#));
    /// ```
    pub const fn with_detail_bytes(mut self, detail: &'a [u8]) -> Self {
        self.detail = Detail::Bytes(detail);
        self
    }

    /// The `instance` member: a URI reference for this occurrence (RFC 9457 §3.1.5).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert!(Problem::new(500).with_instance("/errors/81").to_string().contains(r#""instance":"/errors/81""#));
    /// ```
    pub const fn with_instance(mut self, uri: &'a str) -> Self {
        self.instance = Some(uri);
        self
    }

    /// Adds an extension member (RFC 9457 §3.2), or leaves the problem
    /// unchanged when [`try_with_extension`](Self::try_with_extension) would
    /// refuse it (an invalid, reserved or duplicate name, or no room).
    ///
    /// ```
    /// use conneg::Problem;
    /// let p = Problem::new(409).with_extension("balance", 30_u64).with_extension("x", 1_u64);
    /// assert_eq!(p.to_string(), r#"{"title":"Conflict","status":409,"balance":30}"#); // "x" is too short
    /// ```
    pub fn with_extension(self, name: &'a str, value: impl Into<ProblemValue<'a>>) -> Self {
        self.try_with_extension(name, value).unwrap_or(self)
    }

    /// Adds an extension member (RFC 9457 §3.2). Its name must be an ALPHA
    /// followed by ALPHA, DIGIT or `_`, 3 characters or more (RFC 9457 §4), and
    /// neither a standard member nor one the problem already has.
    ///
    /// # Errors
    ///
    /// [`ExtensionError`] says which rule the name breaks, or that the
    /// problem already has [`MAX_EXTENSIONS`] extension members.
    ///
    /// ```
    /// use conneg::{problem::ExtensionError, Problem};
    /// let p = Problem::new(400).try_with_extension("param_2", "id").unwrap();
    /// assert_eq!(p.try_with_extension("param_2", "x").unwrap_err(), ExtensionError::Duplicate);
    /// assert_eq!(p.try_with_extension("2nd", "x").unwrap_err(), ExtensionError::InvalidName);
    /// assert_eq!(p.try_with_extension("status", 1_u64).unwrap_err(), ExtensionError::ReservedName);
    /// ```
    pub fn try_with_extension(
        mut self,
        name: &'a str,
        value: impl Into<ProblemValue<'a>>,
    ) -> Result<Self, ExtensionError> {
        if !valid_name(name) {
            return Err(ExtensionError::InvalidName);
        }
        if RESERVED.contains(&name) {
            return Err(ExtensionError::ReservedName);
        }
        if self.extensions.iter().flatten().any(|(n, _)| *n == name) {
            return Err(ExtensionError::Duplicate);
        }
        let slot = self.extensions.iter_mut().find(|e| e.is_none());
        *slot.ok_or(ExtensionError::Full)? = Some((name, value.into()));
        Ok(self)
    }

    /// The status code the body carries; the response must be sent with it
    /// (RFC 9457 §3.1.2).
    pub const fn status(&self) -> u16 {
        self.status
    }

    /// The `title` member: the one set, or the status code's reason phrase,
    /// or `None` when there is neither.
    pub const fn title(&self) -> Option<&'a str> {
        match self.title {
            Some(t) => Some(t),
            None => reason_phrase(self.status),
        }
    }

    /// `application/problem+json` (RFC 9457 §3).
    pub const fn content_type(&self) -> &'static str {
        "application/problem+json"
    }

    /// `400 Bad Request` for a strict-mode parse error: `detail` names the
    /// field, line and byte offset; extension members `field` (string),
    /// `line` and `offset` (numbers) and `error` (the [`ErrorKind`](crate::ErrorKind)
    /// text).
    ///
    /// ```
    /// use conneg::{Accept, Problem};
    ///
    /// let err = Accept::new(b"text/html;q=2").validate().unwrap_err();
    /// assert_eq!(
    ///     Problem::bad_request(&err).to_string(),
    ///     concat!(
    ///         r#"{"title":"Bad Request","status":400,"#,
    ///         r#""detail":"The Accept field is malformed at byte 12 of line 0: q-value outside the RFC 9110 grammar (0 to 1, at most 3 decimals).","#,
    ///         r#""field":"Accept","line":0,"offset":12,"error":"q-value outside the RFC 9110 grammar (0 to 1, at most 3 decimals)"}"#
    ///     )
    /// );
    /// ```
    pub fn bad_request(error: &ParseError) -> Problem<'static> {
        let mut p = Problem::new(400);
        p.detail = Detail::Parse(*error);
        let number = |n: usize| ProblemValue::UInt(u64::try_from(n).unwrap_or(u64::MAX));
        p.extensions[0] = Some(("field", ProblemValue::Str(error.field())));
        p.extensions[1] = Some(("line", number(error.line())));
        p.extensions[2] = Some(("offset", number(error.offset())));
        p.extensions[3] = Some(("error", ProblemValue::Str(error.kind().as_str())));
        p
    }

    /// `405 Method Not Allowed`: `detail` names the method and the allowed
    /// ones; extension member `allow` holds the `Allow` value, which the
    /// response MUST also carry as a field (RFC 9110 §15.5.6). See [`MethodSet::check`].
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet, Problem};
    /// let p = Problem::method_not_allowed(RequestMethod::Delete, MethodSet::EMPTY.with(RequestMethod::Get));
    /// assert!(p.to_string().ends_with(
    ///     r#""detail":"The DELETE method is not allowed for the target resource; it allows GET, HEAD.","allow":"GET, HEAD"}"#
    /// ));
    /// ```
    pub const fn method_not_allowed(method: RequestMethod, allowed: MethodSet) -> Problem<'static> {
        let mut p = Problem::new(405);
        p.detail = Detail::NotAllowed(method, allowed);
        p.extensions[0] = Some(("allow", ProblemValue::Methods(allowed)));
        p
    }

    /// `412 Precondition Failed` (RFC 9110 §15.5.13), for
    /// [`Precondition::Failed`](crate::Precondition::Failed).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert_eq!(Problem::precondition_failed().status(), 412);
    /// ```
    pub const fn precondition_failed() -> Problem<'static> {
        Problem::new(412).with_detail(
            "A condition in the request's If-Match, If-Unmodified-Since or If-None-Match field is false for the target resource's current state; fetch its current representation and retry.",
        )
    }

    /// `416 Range Not Satisfiable` (RFC 9110 §15.5.17): extension member
    /// `length` holds the representation's length, which the response's
    /// `Content-Range: bytes */length` also carries
    /// ([`ContentRange::unsatisfied`](crate::ContentRange::unsatisfied)).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert!(Problem::range_not_satisfiable(1000).to_string().ends_with(r#","length":1000}"#));
    /// ```
    pub const fn range_not_satisfiable(complete_length: u64) -> Problem<'static> {
        let mut p = Problem::new(416).with_detail(
            "No range in the request's Range field overlaps the current representation, whose length in bytes is the length member.",
        );
        p.extensions[0] = Some(("length", ProblemValue::UInt(complete_length)));
        p
    }

    /// `428 Precondition Required` (RFC 6585 §3): `detail` explains how
    /// to resubmit the request. A cache must not store the response
    /// (RFC 6585 §3, §4, §5, §6; send `Cache-Control: no-store` to be safe).
    ///
    /// ```
    /// use conneg::Problem;
    /// let body = Problem::precondition_required().to_string();
    /// assert!(body.contains("If-Match") && body.contains("If-Unmodified-Since"));
    /// ```
    pub const fn precondition_required() -> Problem<'static> {
        Problem::new(428).with_detail(
            "This request must be conditional: fetch the current representation, then resubmit the request with If-Match carrying its ETag value (or If-Unmodified-Since carrying its Last-Modified date).",
        )
    }

    /// `413 Content Too Large` (RFC 9110 §15.5.14). When the condition is
    /// temporary, pass `retry` and send it as the `Retry-After` field too
    ///; see [`too_many_requests`](Self::too_many_requests) for the
    /// members it adds.
    ///
    /// ```
    /// use conneg::{Problem, RetryAfter};
    /// assert!(Problem::content_too_large(None).to_string().contains("larger than"));
    /// assert!(Problem::content_too_large(Some(RetryAfter::Delay(60))).to_string().ends_with(r#""retry_after":60}"#));
    /// ```
    pub const fn content_too_large(retry: Option<RetryAfter>) -> Problem<'static> {
        Problem::new(413).retrying(
            "The request content is larger than the server is willing or able to process.",
            retry,
        )
    }

    /// `429 Too Many Requests` (RFC 6585 §4). With `retry`, `detail`
    /// says when to retry and extension member `retry_after` holds the
    /// seconds (a number) or the date (an IMF-fixdate string); send the same
    /// value as the `Retry-After` field (RFC 9457 §4). To explain the limit, replace
    /// `detail` with [`with_detail`](Self::with_detail). Caches must not
    /// store a 429 (RFC 6585 §3, §4, §5, §6).
    ///
    /// ```
    /// use conneg::{Problem, RetryAfter};
    /// let p = Problem::too_many_requests(Some(RetryAfter::Delay(120)));
    /// assert_eq!(
    ///     p.to_string(),
    ///     r#"{"title":"Too Many Requests","status":429,"detail":"Too many requests from this client. Retry after 120 seconds.","retry_after":120}"#
    /// );
    /// ```
    pub const fn too_many_requests(retry: Option<RetryAfter>) -> Problem<'static> {
        Problem::new(429).retrying("Too many requests from this client.", retry)
    }

    /// `503 Service Unavailable` (RFC 9110 §15.6.4), with an optional
    /// `Retry-After`; the members are as for
    /// [`too_many_requests`](Self::too_many_requests).
    ///
    /// ```
    /// use conneg::{HttpDate, Problem, RetryAfter};
    /// let at = HttpDate::from_unix_seconds(1_000_000_000).unwrap();
    /// let body = Problem::service_unavailable(Some(RetryAfter::Date(at))).to_string();
    /// assert!(body.ends_with(r#""retry_after":"Sun, 09 Sep 2001 01:46:40 GMT"}"#));
    /// ```
    pub const fn service_unavailable(retry: Option<RetryAfter>) -> Problem<'static> {
        Problem::new(503).retrying("This server is temporarily unable to handle the request.", retry)
    }

    /// `431 Request Header Fields Too Large` (RFC 6585 §5): with `field`,
    /// `detail` and extension member `field` name the field that is too large
    ///. Caches must not store a 431 (RFC 6585 §3, §4, §5, §6).
    ///
    /// ```
    /// use conneg::Problem;
    /// let p = Problem::request_header_fields_too_large(Some("Cookie"));
    /// assert!(p.to_string().ends_with(r#""field":"Cookie"}"#));
    /// assert_eq!(Problem::request_header_fields_too_large(None).status(), 431);
    /// ```
    pub const fn request_header_fields_too_large(field: Option<&'a str>) -> Problem<'a> {
        let mut p = Problem::new(431);
        match field {
            Some(name) => {
                p.detail = Detail::FieldTooLarge(name);
                p.extensions[0] = Some(("field", ProblemValue::Str(name)));
                p
            }
            None => {
                p.with_detail("The request's header section is larger than the server is willing to process.")
            }
        }
    }

    /// `401 Unauthorized` (RFC 9110 §15.5.2): the request lacks valid
    /// credentials. The response MUST carry a `WWW-Authenticate` challenge
    /// (RFC 9110 §11.6.1): send it with
    /// [`StatusResponse::unauthorized`](crate::StatusResponse::unauthorized),
    /// which cannot be built without one.
    ///
    /// ```
    /// use conneg::Problem;
    /// assert!(Problem::unauthorized().to_string().contains("WWW-Authenticate"));
    /// ```
    pub const fn unauthorized() -> Problem<'static> {
        Problem::new(401).with_detail(
            "The request lacks valid credentials for the target resource; authenticate with a scheme the WWW-Authenticate field names and retry.",
        )
    }

    /// `403 Forbidden` (RFC 9110 §15.5.4): the server understood the request
    /// and refuses it; authenticating again will not help.
    ///
    /// ```
    /// use conneg::Problem;
    /// assert_eq!(Problem::forbidden().status(), 403);
    /// ```
    pub const fn forbidden() -> Problem<'static> {
        Problem::new(403)
            .with_detail("The server understood the request but refuses to fulfil it; other credentials will not change that.")
    }

    /// `404 Not Found` (RFC 9110 §15.5.5), also the answer that hides a
    /// forbidden resource's existence (RFC 9110 §15.5.4): the body says
    /// nothing that tells the two apart.
    ///
    /// ```
    /// use conneg::Problem;
    /// assert_eq!(Problem::not_found().to_string(), r#"{"title":"Not Found","status":404,"detail":"The server has no current representation of the target resource."}"#);
    /// ```
    pub const fn not_found() -> Problem<'static> {
        Problem::new(404).with_detail("The server has no current representation of the target resource.")
    }

    /// `407 Proxy Authentication Required` (RFC 9110 §15.5.8): the client
    /// must authenticate to the proxy; the response MUST carry a
    /// `Proxy-Authenticate` challenge (RFC 9110 §11.7.1), as
    /// [`StatusResponse::proxy_authentication_required`](crate::StatusResponse::proxy_authentication_required) does.
    ///
    /// ```
    /// use conneg::Problem;
    /// assert!(Problem::proxy_authentication_required().to_string().contains("Proxy-Authenticate"));
    /// ```
    pub const fn proxy_authentication_required() -> Problem<'static> {
        Problem::new(407).with_detail(
            "The proxy requires authentication; authenticate with a scheme the Proxy-Authenticate field names and retry.",
        )
    }

    /// `408 Request Timeout` (RFC 9110 §15.5.9): the server did not receive
    /// a complete request in time and closes the connection (send
    /// `Connection: close`, as
    /// [`StatusResponse::request_timeout`](crate::StatusResponse::request_timeout) does).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert_eq!(Problem::request_timeout().status(), 408);
    /// ```
    pub const fn request_timeout() -> Problem<'static> {
        Problem::new(408).with_detail(
            "The server did not receive a complete request message in time and closed the connection; repeat the request on a new connection.",
        )
    }

    /// `409 Conflict` (RFC 9110 §15.5.10): the request conflicts with the
    /// target resource's current state. `detail` is required: the server
    /// SHOULD say enough for the user to recognise the source of the conflict
    /// (RFC 9110 §15.5.10). Extension members (the conflicting fields, as
    /// a [`ProblemValue::Params`] list) can be added.
    ///
    /// ```
    /// use conneg::{Problem, problem::InvalidParam};
    /// const TAKEN: [InvalidParam<'static>; 1] = [InvalidParam::new("email", "is already registered")];
    /// let p = Problem::conflict("An account with this email address exists.").with_extension("conflicts", &TAKEN[..]);
    /// assert!(p.to_string().ends_with(r#""conflicts":[{"name":"email","reason":"is already registered"}]}"#));
    /// ```
    pub const fn conflict(detail: &'a str) -> Problem<'a> {
        Problem::new(409).with_detail(detail)
    }

    /// `415 Unsupported Media Type` (RFC 9110 §15.5.16): extension member
    /// `accept` lists the media types (or content codings) that would have
    /// been accepted, which the response also carries as a field
    /// ([`StatusResponse::unsupported_media_type`](crate::StatusResponse::unsupported_media_type)).
    ///
    /// ```
    /// use conneg::Problem;
    /// let body = Problem::unsupported_media_type(&["application/json"]).to_string();
    /// assert!(body.ends_with(r#""accept":["application/json"]}"#));
    /// ```
    pub const fn unsupported_media_type(accepted: &'a [&'a str]) -> Problem<'a> {
        let mut p = Problem::new(415).with_detail(
            "The request content's media type or content coding is not supported for this method on the target resource; the accept member lists those that are.",
        );
        p.extensions[0] = Some(("accept", ProblemValue::List(accepted)));
        p
    }

    /// `422 Unprocessable Content` (RFC 9110 §15.5.21): the content is
    /// well-formed and of a supported type, but its members break the
    /// resource's rules; extension member `invalid_params` lists each
    /// invalid member and why (RFC 9457 §3's example, with an extension name
    /// RFC 9457 §4 allows).
    ///
    /// ```
    /// use conneg::{Problem, problem::InvalidParam};
    /// let invalid = [InvalidParam::new("age", "must be a positive integer"), InvalidParam::new("color", "must be 'green', 'red' or 'blue'")];
    /// let body = Problem::unprocessable_content(&invalid).to_string();
    /// assert!(body.ends_with(concat!(
    ///     r#""invalid_params":[{"name":"age","reason":"must be a positive integer"},"#,
    ///     r#"{"name":"color","reason":"must be 'green', 'red' or 'blue'"}]}"#
    /// )));
    /// ```
    pub const fn unprocessable_content(invalid: &'a [InvalidParam<'a>]) -> Problem<'a> {
        let mut p = Problem::new(422).with_detail(
            "The request content is well-formed but some of its members are invalid; the invalid_params member lists them and why.",
        );
        p.extensions[0] = Some(("invalid_params", ProblemValue::Params(invalid)));
        p
    }

    /// `426 Upgrade Required` (RFC 9110 §15.5.22): extension member
    /// `upgrade` lists the protocols to switch to, which the response MUST
    /// also carry as an `Upgrade` field
    /// ([`StatusResponse::upgrade_required`](crate::StatusResponse::upgrade_required)).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert!(Problem::upgrade_required(&["HTTP/2.0"]).to_string().ends_with(r#""upgrade":["HTTP/2.0"]}"#));
    /// ```
    pub const fn upgrade_required(protocols: &'a [&'a str]) -> Problem<'a> {
        let mut p = Problem::new(426).with_detail(
            "The server refuses to perform the request using the current protocol; upgrade to a protocol the upgrade member lists.",
        );
        p.extensions[0] = Some(("upgrade", ProblemValue::List(protocols)));
        p
    }

    /// `500 Internal Server Error` (RFC 9110 §15.6.1): this server failed.
    /// The body says so and nothing more: no stack trace, error text or
    /// internal name (RFC 9457 §5); log those, and give the client an
    /// [`instance`](Self::with_instance) to quote.
    ///
    /// ```
    /// use conneg::Problem;
    /// let body = Problem::internal_server_error().with_instance("urn:uuid:0f5c7d3e").to_string();
    /// assert!(body.contains("This server") && body.contains(r#""instance":"urn:uuid:0f5c7d3e""#));
    /// ```
    pub const fn internal_server_error() -> Problem<'static> {
        Problem::new(500).with_detail(
            "This server encountered an unexpected condition and could not fulfil the request; the request was not at fault.",
        )
    }

    /// `502 Bad Gateway` (RFC 9110 §15.6.3): an upstream server that this
    /// gateway or proxy contacted answered with an invalid response. The body
    /// names no upstream host (RFC 9457 §5).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert!(Problem::bad_gateway().to_string().contains("upstream server"));
    /// ```
    pub const fn bad_gateway() -> Problem<'static> {
        Problem::new(502).with_detail(
            "An upstream server that this gateway contacted returned an invalid response; the request was not at fault.",
        )
    }

    /// `504 Gateway Timeout` (RFC 9110 §15.6.5): an upstream server that this
    /// gateway or proxy needed did not answer in time. The body names no
    /// upstream host (RFC 9457 §5).
    ///
    /// ```
    /// use conneg::Problem;
    /// assert!(Problem::gateway_timeout().to_string().contains("did not answer in time"));
    /// ```
    pub const fn gateway_timeout() -> Problem<'static> {
        Problem::new(504).with_detail(
            "An upstream server that this gateway contacted did not answer in time; the request was not at fault.",
        )
    }

    const fn retrying(mut self, lead: &'static str, retry: Option<RetryAfter>) -> Self {
        match retry {
            None => self.with_detail(lead),
            Some(after) => {
                self.detail = Detail::Retry(lead, after);
                self.extensions[0] = Some((
                    "retry_after",
                    match after {
                        RetryAfter::Delay(s) => ProblemValue::UInt(s),
                        RetryAfter::Date(d) => ProblemValue::Date(d),
                    },
                ));
                self
            }
        }
    }

    /// Opens the JSON object and writes every member, leaving the object
    /// open for members only the caller knows (the 406's `alternatives`).
    pub(crate) fn write_members<'w>(&self, out: &'w mut dyn Write) -> Result<Object<'w>, fmt::Error> {
        let mut obj = Object::open(out)?;
        if let Some(uri) = self.type_uri {
            obj.string("type", uri)?;
        }
        if let Some(title) = self.title() {
            obj.string("title", title)?;
        }
        obj.number("status", self.status)?;
        if !matches!(self.detail, Detail::None) {
            obj.string_with("detail", |w| self.detail.write(w))?;
        }
        if let Some(uri) = self.instance {
            obj.string("instance", uri)?;
        }
        for &(name, value) in self.extensions.iter().flatten() {
            match value {
                ProblemValue::Str(s) => obj.string(name, s)?,
                ProblemValue::Bytes(b) => obj.lossy(name, b)?,
                ProblemValue::Int(n) => obj.number(name, n)?,
                ProblemValue::UInt(n) => obj.number(name, n)?,
                ProblemValue::Date(d) => obj.string(name, d.format().as_str())?,
                ProblemValue::Methods(m) => obj.string(name, m.allow().as_str())?,
                ProblemValue::List(items) => write_array(obj.member(name)?, items, |w, item| {
                    w.write_str("\"")?;
                    Escaped(&mut *w).write_str(item)?;
                    w.write_str("\"")
                })?,
                ProblemValue::Params(params) => write_array(obj.member(name)?, params, |w, p| {
                    let mut inner = Object::open(w)?;
                    inner.string("name", p.name)?;
                    inner.string("reason", p.reason)?;
                    inner.close()
                })?,
            }
        }
        Ok(obj)
    }
}

/// Writes `[item,item,…]`, each item by `each`.
fn write_array<T>(
    out: &mut dyn Write,
    items: &[T],
    mut each: impl FnMut(&mut dyn Write, &T) -> fmt::Result,
) -> fmt::Result {
    out.write_str("[")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_str(",")?;
        }
        each(&mut *out, item)?;
    }
    out.write_str("]")
}

impl fmt::Display for Problem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_members(f)?.close()
    }
}

impl MethodNotAllowed {
    /// The problem+json body: see [`Problem::method_not_allowed`].
    pub const fn problem(&self) -> Problem<'static> {
        Problem::method_not_allowed(self.method(), self.allowed())
    }
}
