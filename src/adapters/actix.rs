//! Feature `actix`: actix-web 4 on either side of
//! [`Resource::decide`](crate::Resource::decide). actix-web has its own
//! `http` 0.2 types, so this adapter does not go through the `http`
//! adapter (and does not pull in `http` 1.x); it shares that adapter's
//! rules (the line cap, the body plan's rendering).
//!
//! - **Reading** ([`HeaderLines`]): the method and the lines of the ten
//!   [`Field`]s, borrowed from an `HttpRequest` (or its `HeaderMap` and
//!   `Method`) into caller-owned stack storage — **no allocation**. Repeated
//!   lines of one field stay one list, in order (RFC 9110 §5.1, §5.2); a
//!   field on more than [`MAX_FIELD_LINES`] lines is read as documented
//!   there, as every adapter reads it.
//! - **Writing** ([`respond`]): the complete `HttpResponse` of a decision,
//!   built through actix's `HttpResponseBuilder` — status, the decision's
//!   fields, `Content-Type` of a body conneg writes, and the body
//!   ([`Decision::body`]) as `Bytes` frames: the representation or its ranges
//!   sliced without copying, the `multipart/byteranges` framing, the 406
//!   alternatives, the 404/412/416/428 problem+json. [`method_not_allowed`]
//!   (405 with `Allow`) and [`problem`] (400, 500, …) answer the decisions
//!   made apart from `decide`; [`MethodNotAllowed`] is an actix
//!   `ResponseError` (so `?` on [`MethodSet::check`](crate::MethodSet::check)
//!   answers 405) and [`Problem`] a `Responder`.
//!
//! `Content-Length` is actix's to write, from the body's size: the body
//! [`respond`] gives states the plan's length, so HEAD gets the GET's
//! `Content-Length` and no body (RFC 9110 §9.3.2), and a 304 gets no
//! `Content-Length` at all (the body states no size; RFC 9110 §15.4.5),
//! never actix's `content-length: 0` of an empty body. What allocates: each
//! `HeaderValue`, the frame list, the text conneg writes (multipart part
//! headers, problem bodies) and actix's response itself.
//!
//! ```no_run
//! use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
//! use conneg::adapters::actix::{HeaderLines, respond};
//! use conneg::{EntityTag, MethodNotAllowed, MethodSet, RequestMethod, Resource, Variant};
//!
//! const PAGE: [Variant<'static>; 2] = [
//!     Variant::new("text/html").with_etag(EntityTag::from_static("\"h1\"")).with_length(12),
//!     Variant::new("application/json").with_etag(EntityTag::from_static("\"j1\"")).with_length(11),
//! ];
//! const BODIES: [&str; 2] = ["<p>hello</p>", r#"{"hello":1}"#];
//!
//! async fn page(req: HttpRequest) -> Result<HttpResponse, MethodNotAllowed> {
//!     let lines = HeaderLines::from_request(&req); // borrowed, no allocation
//!     MethodSet::EMPTY.with(RequestMethod::Get).check(lines.method())?; // 405 with Allow
//!     let decision = Resource::new(&PAGE).decide(&lines.request());
//!     let body = decision.variant_index().map_or("", |i| BODIES[i]);
//!     Ok(respond(&decision, body)) // 200, 206, 304, 406, 412, 416; HEAD too
//! }
//!
//! fn main() -> std::io::Result<()> {
//!     actix_web::rt::System::new().block_on(
//!         HttpServer::new(|| App::new().route("/", web::to(page)))
//!             .bind(("127.0.0.1", 8080))?
//!             .run(),
//!     )
//! }
//! ```

use core::convert::Infallible;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::collections::VecDeque;
use std::string::ToString;
use std::vec::Vec;

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, Responder, ResponseError};

use crate::adapters::frames;
use crate::decision::ResponseField;
use crate::field::HeaderField;
use crate::request::FieldLineTable;
use crate::{Decision, Field, FieldLines, MethodNotAllowed, Problem, RequestHead, RequestMethod};

// How many lines of one field `HeaderLines` holds, and how a field on more
// lines reads: one rule for every adapter (its docs are on the constant).
pub use crate::request::MAX_FIELD_LINES;

/// actix's name of each row of conneg's header-field table, in table order,
/// built at compile time from the table's names (an invalid name would
/// fail the build, not panic).
static NAMES: [HeaderName; HeaderField::ALL.len()] = {
    const ANY: HeaderName = HeaderName::from_static("accept");
    let mut names = [ANY; HeaderField::ALL.len()];
    let mut i = 0;
    while i < HeaderField::ALL.len() {
        let name = HeaderName::from_static(HeaderField::ALL[i].lowercase());
        core::mem::forget(core::mem::replace(&mut names[i], name));
        i += 1;
    }
    names
};

/// actix's name of a row of the header-field table.
fn actix_name(field: HeaderField) -> Option<&'static HeaderName> {
    NAMES.get(field as usize)
}

/// actix's name of a [`Field`].
///
/// ```
/// use conneg::Field;
/// assert_eq!(conneg::adapters::actix::header_name(Field::IfNoneMatch), actix_web::http::header::IF_NONE_MATCH);
/// ```
pub fn header_name(field: Field) -> HeaderName {
    actix_name(field.header()).cloned().unwrap_or(header::ACCEPT)
}

/// Maps actix's `Method` to a [`RequestMethod`] (method names are
/// case-sensitive: `get` is an unknown method, [`RequestMethod::Other`]).
///
/// ```
/// use actix_web::http::Method;
/// use conneg::RequestMethod;
/// assert_eq!(conneg::adapters::actix::method(&Method::HEAD), RequestMethod::Head);
/// assert_eq!(conneg::adapters::actix::method(&Method::from_bytes(b"PROPFIND").unwrap()), RequestMethod::Other);
/// ```
pub fn method(method: &Method) -> RequestMethod {
    RequestMethod::from_bytes(method.as_str().as_bytes())
}

/// The method and the field lines [`Resource::decide`](crate::Resource::decide)
/// reads, borrowed from an actix request into fixed stack storage
/// ([`MAX_FIELD_LINES`] lines per field; what happens beyond the cap is
/// documented there). Building it and calling [`request`](Self::request)
/// allocate nothing; the work is one lookup per field in actix's
/// `HeaderMap`.
///
/// Field names are matched case-insensitively (actix stores them
/// lowercase, RFC 9110 §5.1); the lines of one field are kept in the order
/// received, so they read as one list (RFC 9110 §5.2).
///
/// ```
/// use actix_web::test::TestRequest;
/// use conneg::adapters::actix::HeaderLines;
/// use conneg::{Field, RequestMethod};
///
/// let req = TestRequest::get()
///     .append_header(("If-None-Match", "\"a\""))
///     .append_header(("if-none-match", "\"b\", \"c\""))
///     .to_http_request();
/// let lines = HeaderLines::from_request(&req);
/// let request = lines.request();
/// assert_eq!(request.method(), RequestMethod::Get);
/// let inm = request.get(Field::IfNoneMatch);
/// assert_eq!((inm.line_count(), inm.line(1)), (2, Some(&b"\"b\", \"c\""[..])));
/// assert!(request.get(Field::Accept).is_absent());
/// ```
#[derive(Clone, Debug)]
pub struct HeaderLines<'h> {
    /// The method and the lines, with the over-the-cap rule (shared with
    /// the other adapters).
    table: FieldLineTable<'h>,
}

impl<'h> HeaderLines<'h> {
    /// Reads the fields from actix's header map, with the request's method.
    pub fn new(method: &Method, headers: &'h HeaderMap) -> Self {
        HeaderLines {
            table: FieldLineTable::new(self::method(method), |field| {
                actix_name(field.header())
                    .map(|name| headers.get_all(name))
                    .into_iter()
                    .flatten()
                    .map(HeaderValue::as_bytes)
            }),
        }
    }

    /// Reads the method and fields of a request (the payload is not touched).
    pub fn from_request(request: &'h HttpRequest) -> Self {
        HeaderLines::new(request.method(), request.headers())
    }

    /// The request method.
    pub const fn method(&self) -> RequestMethod {
        self.table.method()
    }

    /// How many lines of `field` the request carried (also beyond
    /// [`MAX_FIELD_LINES`]).
    pub fn received(&self, field: Field) -> usize {
        self.table.received(field)
    }

    /// A field's lines, as [`Resource::decide`](crate::Resource::decide)
    /// reads them: absent, the lines in order, or — for more than
    /// [`MAX_FIELD_LINES`] lines — the invalid reading documented there.
    ///
    /// ```
    /// use actix_web::test::TestRequest;
    /// use conneg::adapters::actix::{HeaderLines, MAX_FIELD_LINES};
    /// use conneg::Field;
    ///
    /// let mut req = TestRequest::get();
    /// for _ in 0..=MAX_FIELD_LINES {
    ///     req = req.append_header(("if-match", "\"a\""));
    /// }
    /// let req = req.to_http_request();
    /// let lines = HeaderLines::from_request(&req);
    /// assert_eq!(lines.received(Field::IfMatch), MAX_FIELD_LINES + 1);
    /// assert_eq!(lines.field(Field::IfMatch).line(0), Some(&b"*, *"[..])); // invalid: 412, fail closed
    /// ```
    pub fn field(&self, field: Field) -> FieldLines<'_> {
        self.table.field(field)
    }

    /// The [`RequestHead`] for [`Resource::decide`](crate::Resource::decide).
    pub fn request(&self) -> RequestHead<'_> {
        self.table.request()
    }
}

/// The body of the responses built here: `Bytes` frames sent in order, and
/// the size actix announces (`BodySize::Sized` → its `Content-Length`;
/// `BodySize::None` → no body and no `Content-Length`, for a 304).
#[derive(Debug)]
struct Frames {
    frames: VecDeque<Bytes>,
    size: BodySize,
}

impl MessageBody for Frames {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        self.size
    }

    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Infallible>>> {
        Poll::Ready(self.get_mut().frames.pop_front().map(Ok))
    }

    /// One frame that is the whole body (a 200, a 206 of one range, a
    /// problem): actix keeps it as `Bytes`, no boxed stream. A HEAD body
    /// (a size, no frames) stays a stream, so its size is kept.
    fn try_into_bytes(mut self) -> Result<Bytes, Self> {
        match (self.frames.len(), self.size) {
            (1, BodySize::Sized(n)) if self.frames.front().is_some_and(|b| b.len() as u64 == n) => {
                self.frames.pop_front().ok_or(self)
            }
            (0, BodySize::Sized(0)) => Ok(Bytes::new()),
            _ => Err(self),
        }
    }
}

/// An actix `HeaderValue` of a conneg header value (allocates); `None` for
/// octets a field value cannot hold (only possible if the host gave a
/// variant such a media type or language).
fn header_value(field: &ResponseField<'_>) -> Option<HeaderValue> {
    let mut bytes = Vec::with_capacity(field.value().len());
    field.value().for_each_part(|p| bytes.extend_from_slice(p));
    HeaderValue::try_from(bytes).ok()
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The complete response of a decision, with `representation` as the
/// selected variant's bytes (`Bytes`, `Vec<u8>`, `String`, `&'static [u8]`
/// or `&'static str`: each becomes `Bytes` without copying), through
/// actix's `HttpResponseBuilder`:
///
/// - the status ([`Decision::status`]; for a method other than GET/HEAD
///   that proceeds, an empty `200`: that response is the host's);
/// - the decision's header fields (the body plan's,
///   [`BodyPlan::headers`](crate::decision::BodyPlan::headers), with its
///   multipart boundary) and the `Content-Type` of a body conneg writes;
/// - the body ([`Decision::body`]): the representation, its range
///   (`Bytes::slice`), the `multipart/byteranges` parts with a boundary
///   that occurs in none of them, the 406 alternatives (HTML or
///   problem+json, as the request's `Accept` prefers), or the
///   404/412/416/428 problem+json; nothing for 304 and HEAD;
/// - `Content-Length`, which actix writes from the body's stated size: the
///   body's length; for HEAD what GET would send (RFC 9110 §9.3.2); none on
///   a 304 (RFC 9110 §15.4.5).
///
/// When the representation's bytes do not agree with the variant's length
/// (a range beyond them, or a 200 of another length), the answer is a
/// `500` problem rather than a response whose framing lies.
///
/// ```
/// use actix_web::body::MessageBody;
/// use actix_web::test::TestRequest;
/// use conneg::adapters::actix::{HeaderLines, respond};
/// use conneg::{EntityTag, Resource, Variant};
///
/// let variants = [Variant::new("text/plain").with_etag(EntityTag::from_static("\"v\"")).with_length(10)];
/// let req = TestRequest::get().insert_header(("range", "bytes=2-4")).to_http_request();
/// let lines = HeaderLines::from_request(&req);
/// let decision = Resource::new(&variants).decide(&lines.request());
///
/// let response = respond(&decision, "0123456789");
/// assert_eq!(response.status(), 206);
/// assert_eq!(response.headers().get("content-range").unwrap(), "bytes 2-4/10");
/// assert_eq!(response.into_body().try_into_bytes().unwrap(), "234");
/// ```
pub fn respond(decision: &Decision<'_, '_>, representation: impl Into<Bytes>) -> HttpResponse {
    let bytes: Bytes = representation.into();
    let plan = decision.body().avoiding(&bytes);
    let Some(frames) = frames::frames(&plan, &bytes) else {
        return problem(&frames::LENGTH_MISMATCH);
    };
    let size = if plan.forbids_content_length() {
        BodySize::None
    } else if plan.has_content() {
        BodySize::Sized(frames.iter().map(|b| b.len() as u64).sum())
    } else if decision.method() == RequestMethod::Head {
        frames::content_length(&plan, &bytes).map_or(BodySize::None, BodySize::Sized)
    } else {
        // Another method's go-ahead: an empty body, `Content-Length: 0`.
        BodySize::Sized(0)
    };
    let mut builder = HttpResponse::build(status(decision.status()));
    for h in plan.headers() {
        if let (Some(name), Some(value)) = (actix_name(h.field()), header_value(&h)) {
            builder.insert_header((name.clone(), value));
        }
    }
    if let Some(content_type) = plan.content_type() {
        builder.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(content_type)));
    }
    if decision.status() == 428 {
        // Caches must not store a 428 (RFC 6585 §3).
        builder.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    }
    builder.body(Frames { frames, size })
}

/// An RFC 9457 problem response: its status, `Content-Type:
/// application/problem+json`, the body and its `Content-Length` (a `400`
/// from a [`ParseError`](crate::ParseError) via [`Problem::bad_request`], a
/// `500`, …); a 428 also `Cache-Control: no-store` (RFC 6585 §3).
/// Allocates the body text and the fields.
///
/// ```
/// let err = conneg::Accept::new(b"text/html;q=2").validate().unwrap_err();
/// let response = conneg::adapters::actix::problem(&conneg::Problem::bad_request(&err));
/// assert_eq!(response.status(), 400);
/// assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");
/// ```
pub fn problem(problem: &Problem<'_>) -> HttpResponse {
    let mut builder = HttpResponse::build(status(problem.status()));
    builder.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static(problem.content_type()),
    ));
    if problem.status() == 428 {
        // Caches must not store a 428 (RFC 6585 §3).
        builder.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    }
    builder.body(problem.to_string())
}

/// The `405 Method Not Allowed` response of a [`MethodNotAllowed`]
/// decision: `Allow` (which a 405 MUST carry, RFC 9110 §15.5.6) and the
/// problem+json body naming the allowed methods.
///
/// ```
/// use conneg::{MethodSet, RequestMethod};
///
/// let refused = MethodSet::EMPTY.with(RequestMethod::Get).check(RequestMethod::Delete).unwrap_err();
/// let response = conneg::adapters::actix::method_not_allowed(&refused);
/// assert_eq!(response.status(), 405);
/// assert_eq!(response.headers().get("allow").unwrap(), "GET, HEAD");
/// ```
pub fn method_not_allowed(refused: &MethodNotAllowed) -> HttpResponse {
    let mut response = problem(&refused.problem());
    if let Ok(allow) = HeaderValue::from_str(refused.allow().as_str()) {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

impl ResponseError for MethodNotAllowed {
    /// `405`.
    fn status_code(&self) -> StatusCode {
        StatusCode::METHOD_NOT_ALLOWED
    }

    /// `405` with `Allow` and the problem+json body ([`method_not_allowed`]).
    fn error_response(&self) -> HttpResponse {
        method_not_allowed(self)
    }
}

impl Responder for Problem<'_> {
    type Body = actix_web::body::BoxBody;

    /// The problem's status, `Content-Type: application/problem+json` and
    /// body, written here ([`problem`]).
    fn respond_to(self, _req: &HttpRequest) -> HttpResponse {
        problem(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row of the header-field table has actix's name of the same
    /// spelling, at its position in the table.
    #[test]
    fn actix_names_match_the_table() {
        for &field in HeaderField::ALL {
            assert_eq!(
                actix_name(field).map(HeaderName::as_str),
                Some(field.lowercase()),
                "{field:?}"
            );
        }
        for field in Field::ALL {
            assert_eq!(header_name(field).as_str(), field.header().lowercase());
        }
    }
}
