//! Feature `response`: the whole `http::Response` of a [`Decision`] in one
//! call ([`respond`]), its body type ([`Body`]), and the responses of the
//! decisions made apart from [`Resource::decide`](crate::Resource::decide)
//! ([`method_not_allowed`], [`problem`], and every [`StatusResponse`]:
//! [`status_response`], [`status_response_with`]).

use core::convert::Infallible;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::collections::VecDeque;
use std::string::ToString;

use ::http::header::{self, HeaderValue};
use ::http::{Response, StatusCode};
use bytes::Bytes;
use http_body::{Frame, SizeHint};

use super::{header_value, http_name};
use crate::adapters::frames;
use crate::decision::BodyPlan;
use crate::{Decision, MethodNotAllowed, Outcome, Problem, StatusResponse};

/// The body of a response built by [`respond`], [`problem`] or
/// [`method_not_allowed`]: `Bytes` frames sent in order — slices of the
/// representation (`Bytes::slice`, no copy) and the text conneg wrote. An
/// `http_body::Body` with `Data = Bytes` and `Error = Infallible`, so hyper
/// serves it as is and axum takes it (`axum::body::Body::new`, or an
/// `http::Response<Body>` returned from a handler).
///
/// Its [`size_hint`](http_body::Body::size_hint) is exact when it has
/// content and unknown when it is empty for a 304 or a HEAD request: a
/// framework that derives `Content-Length` from an exact hint (axum does,
/// for a response without one) then adds none, so a 304 goes out without
/// `Content-Length: 0` and a HEAD keeps the GET's length ([`respond`] sets it).
#[derive(Debug, Default)]
pub struct Body {
    frames: VecDeque<Bytes>,
    /// The total length, when it is to be announced.
    exact: Option<u64>,
}

impl Body {
    /// An empty body whose length is not announced (for a 304 or HEAD).
    pub const fn empty() -> Body {
        Body {
            frames: VecDeque::new(),
            exact: None,
        }
    }

    /// The body's bytes in one `Bytes` (no copy when it is one frame, as
    /// a problem or alternatives body is), for the `tower` layers' refusals.
    #[cfg(feature = "tower")]
    pub(crate) fn into_bytes(mut self) -> Bytes {
        match self.frames.len() {
            0 => Bytes::new(),
            1 => self.frames.pop_front().unwrap_or_default(),
            _ => self.frames.into_iter().flatten().collect(),
        }
    }

    fn of(frames: VecDeque<Bytes>) -> Body {
        let exact = frames.iter().map(|b| b.len() as u64).sum();
        Body {
            frames,
            exact: Some(exact),
        }
    }
}

impl From<Bytes> for Body {
    /// One frame of these bytes, with an exact length.
    fn from(bytes: Bytes) -> Body {
        Body::of(VecDeque::from([bytes]))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.frames.pop_front().map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        self.frames.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        match self.exact {
            Some(n) => SizeHint::with_exact(n),
            None => SizeHint::default(),
        }
    }
}

/// The complete response of a decision, with `representation` as the
/// selected variant's bytes (`Bytes`, `Vec<u8>`, `String`, `&'static [u8]`
/// or `&'static str`: each becomes `Bytes` without copying):
///
/// - the status ([`Decision::status`]; for a method other than GET/HEAD
///   that proceeds, an empty `200` — that response is the host's);
/// - the decision's header fields ([`Decision::headers`], with the body
///   plan's multipart boundary), `Content-Type` of a body conneg writes,
///   and `Content-Length` ([`BodyPlan::content_length`]): never on a 304
///   (RFC 9110 §15.4.5), for HEAD what GET would send (RFC 9110 §9.3.2);
/// - the body ([`Decision::body`]): the representation, its range
///   (`Bytes::slice`), the `multipart/byteranges` parts with a boundary that
///   occurs in none of them ([`Multipart::avoiding`](crate::Multipart::avoiding)),
///   the 406 alternatives (HTML or problem+json, as the request's `Accept`
///   prefers), or the 404/412/416/428 problem+json; nothing for 304 and HEAD.
///
/// When the representation's bytes do not agree with the variant's
/// length (a range beyond them, or a 200 of another length), the answer is
/// a `500` problem rather than a response whose framing lies.
///
/// What allocates: the `HeaderMap` and each `HeaderValue` (the `http`
/// crate's types), the frame list, and the text conneg writes (multipart
/// part headers, problem+json and alternatives bodies) as `Bytes`. The
/// representation is never copied.
///
/// The host adds its own fields (`Date`, `Cache-Control`) to the result;
/// a 428 already has `Cache-Control: no-store` (caches must not store it,
/// RFC 6585 §3).
///
/// ```
/// use conneg::adapters::http::{HeaderLines, respond};
/// use conneg::{EntityTag, Resource, Variant};
///
/// const BODY: &[u8] = b"0123456789";
/// let variants = [Variant::new("text/plain").with_etag(EntityTag::from_static("\"v\"")).with_length(10)];
/// let request = http::Request::get("/").header("range", "bytes=2-4").body(()).unwrap();
/// let lines = HeaderLines::from_request(&request);
/// let decision = Resource::new(&variants).decide(&lines.request());
///
/// let response = respond(&decision, BODY);
/// assert_eq!(response.status(), 206);
/// assert_eq!(response.headers()["content-range"], "bytes 2-4/10");
/// assert_eq!(response.headers()["content-length"], "3");
/// ```
pub fn respond(decision: &Decision<'_, '_>, representation: impl Into<Bytes>) -> Response<Body> {
    let bytes: Bytes = representation.into();
    let plan = decision.body().avoiding(&bytes);
    let Some(body) = render(&plan, &bytes) else {
        return problem(&frames::LENGTH_MISMATCH);
    };
    let mut response = response(&plan, body);
    if !response.headers().contains_key(header::CONTENT_LENGTH)
        && let Some(length) = frames::content_length(&plan, &bytes)
    {
        // A whole representation of unknown length: the bytes given.
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    response
}

/// The response of a [`BodyPlan`] whose segments the host renders itself
/// into `body` (a file read in chunks, say): what [`respond`] sets — the
/// status, the decision's fields with the plan's multipart boundary, the
/// `Content-Type` of a body conneg writes, and the plan's `Content-Length`
/// (none on a 304; for HEAD the GET's) — around the host's body. `body`
/// must be what the plan's [`segments`](BodyPlan::segments) describe
/// (nothing when [`has_content`](BodyPlan::has_content) is false).
///
/// ```
/// use conneg::decision::Segment;
/// use conneg::{Field, FieldLines, RequestHead, RequestMethod, Resource, Variant};
///
/// let variants = [Variant::new("text/plain").with_length(10)];
/// let request = RequestHead::new(RequestMethod::Get).field(Field::Range, FieldLines::one(b"bytes=-4"));
/// let decision = Resource::new(&variants).decide(&request);
/// let plan = decision.body();
/// let mut body = Vec::new();
/// for segment in plan.segments() {
///     if let Segment::Range(r) = segment {
///         body.extend_from_slice(&b"0123456789"[r.to_usize_range().unwrap()]); // read from a file, say
///     }
/// }
/// let response = conneg::adapters::http::response(&plan, body);
/// assert_eq!((response.status().as_u16(), response.body().as_slice()), (206, &b"6789"[..]));
/// assert_eq!(response.headers()["content-length"], "4");
/// ```
pub fn response<B>(plan: &BodyPlan<'_>, body: B) -> Response<B> {
    let decision = plan.decision();
    let mut response = Response::new(body);
    // Room for the fields set here at once (at most 8 from the decision,
    // Content-Type, Content-Length) and a few of the host's: the map grows
    // no further.
    *response.headers_mut() = ::http::HeaderMap::with_capacity(16);
    if decision.outcome() != Outcome::Full || decision.method().is_get_or_head() {
        *response.status_mut() = StatusCode::from_u16(decision.status()).unwrap_or(StatusCode::OK);
    }
    let headers = response.headers_mut();
    for h in plan.headers() {
        if let Some(value) = header_value(&h) {
            headers.insert(http_name(h.field()), value);
        }
    }
    if let Some(content_type) = plan.content_type() {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if let Some(length) = plan.content_length() {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    if decision.status() == 428 {
        // Caches must not store a 428 (RFC 6585 §3).
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The body of the plan over `bytes` (the frames, [`frames::frames`]);
/// `None` when a segment lies outside them, or a whole representation's
/// length differs from the decided one.
fn render(plan: &BodyPlan<'_>, bytes: &Bytes) -> Option<Body> {
    let frames = frames::frames(plan, bytes)?;
    Some(if plan.has_content() {
        Body::of(frames)
    } else {
        Body::empty()
    })
}

/// An RFC 9457 problem response: its status, `Content-Type:
/// application/problem+json`, `Content-Length`, and the body (a `400` from
/// a [`ParseError`](crate::ParseError) via [`Problem::bad_request`], a
/// `500`, …); a 428 also `Cache-Control: no-store` (RFC 6585 §3).
/// Allocates the body text and the fields.
///
/// ```
/// let err = conneg::Accept::new(b"text/html;q=2").validate().unwrap_err();
/// let response = conneg::adapters::http::problem(&conneg::Problem::bad_request(&err));
/// assert_eq!(response.status(), 400);
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// ```
pub fn problem(problem: &Problem<'_>) -> Response<Body> {
    let text = Bytes::from(problem.to_string());
    let length = text.len() as u64;
    let mut response = Response::new(Body::from(text));
    *response.status_mut() =
        StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(problem.content_type()),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if problem.status() == 428 {
        // Caches must not store a 428 (RFC 6585 §3).
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The `405 Method Not Allowed` response of a [`MethodNotAllowed`]
/// decision: `Allow` (which a 405 MUST carry, RFC 9110 §15.5.6) and the
/// problem+json body naming the allowed methods.
///
/// ```
/// use conneg::{MethodSet, RequestMethod};
///
/// let refused = MethodSet::EMPTY.with(RequestMethod::Get).check(RequestMethod::Delete).unwrap_err();
/// let response = conneg::adapters::http::method_not_allowed(&refused);
/// assert_eq!((response.status().as_u16(), response.headers()["allow"].to_str().unwrap()), (405, "GET, HEAD"));
/// ```
pub fn method_not_allowed(refused: &MethodNotAllowed) -> Response<Body> {
    status_response(&StatusResponse::from(*refused))
}

/// The response of a [`StatusResponse`]: its status, every header field it
/// carries (`Location`, `WWW-Authenticate`, `Retry-After`…, named by the
/// crate's one field table), and its body:
///
/// - an error's problem+json body ([`StatusResponse::problem`]) with
///   `Content-Type: application/problem+json` and its `Content-Length`;
/// - otherwise no content: `Content-Length: 0` (a 201, 202, 200 or a
///   redirect), and no `Content-Length` at all on a `204`, which must not
///   carry one (RFC 9110 §8.6, §15.3.5).
///
/// For a HEAD request the server sends the head alone (hyper and axum drop
/// the body and keep its `Content-Length`, RFC 9110 §9.3.2). A `408`'s
/// `Connection: close` makes hyper close the connection after the response
/// (RFC 9112 §9.6). To send the handler's own content (a 201 with the
/// created representation, an HTML error page), use [`status_response_with`].
///
/// What allocates: the `HeaderMap`, each `HeaderValue` and the problem text.
///
/// ```
/// use conneg::adapters::http::status_response;
/// use conneg::{RetryAfter, StatusResponse, response_status::{Location, Redirect}};
///
/// let moved = status_response(&StatusResponse::redirect(Redirect::Permanent, Location::from_static("/v2/orders")));
/// assert_eq!((moved.status().as_u16(), moved.headers()["location"].to_str().unwrap()), (308, "/v2/orders"));
/// assert_eq!(moved.headers()["content-length"], "0");
///
/// let busy = status_response(&StatusResponse::service_unavailable(RetryAfter::Delay(120)));
/// assert_eq!((busy.status().as_u16(), busy.headers()["retry-after"].to_str().unwrap()), (503, "120"));
/// assert_eq!(busy.headers()["content-type"], "application/problem+json");
/// ```
pub fn status_response(status: &StatusResponse<'_>) -> Response<Body> {
    let mut response = match status.problem() {
        Some(p) => problem(p),
        None => {
            let mut response = Response::new(Body::empty());
            if status.status() != 204 {
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(0u64));
            }
            response
        }
    };
    *response.status_mut() =
        StatusCode::from_u16(status.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    write_status_fields(status, response.headers_mut());
    response
}

/// The response of a [`StatusResponse`] with the handler's own content:
/// its status and fields, then `body` with `content_type` and its
/// `Content-Length` — in place of the problem body, if it had one (an HTML
/// error page; the status and its required fields stay). For a write that
/// returns content build the status with
/// [`WriteBody::Content`](crate::response_status::WriteBody::Content): an
/// update or delete then answers `200`, a create `201`.
///
/// A `204` cannot carry content (RFC 9110 §15.3.5), and a `Content-Type`
/// must be a valid field value: given either, the answer is a `500`
/// problem rather than a response that lies about its content.
///
/// ```
/// use conneg::adapters::http::status_response_with;
/// use conneg::{StatusResponse, response_status::{Location, Validators, WriteBody, WriteOutcome}};
///
/// let created = WriteOutcome::Created { location: Location::from_static("/notes/3"), validators: Validators::NONE };
/// let r = StatusResponse::written(created, WriteBody::Content);
/// let response = status_response_with(&r, "application/json", r#"{"id":3}"#);
/// assert_eq!((response.status().as_u16(), response.headers()["location"].to_str().unwrap()), (201, "/notes/3"));
/// assert_eq!((response.headers()["content-type"].to_str().unwrap(), response.headers()["content-length"].to_str().unwrap()), ("application/json", "8"));
/// ```
pub fn status_response_with<T: TryInto<HeaderValue>>(
    status: &StatusResponse<'_>,
    content_type: T,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let content_type = match content_type.try_into() {
        Ok(value) if status.status() != 204 => value,
        _ => {
            return problem(
                &Problem::new(500).with_detail("The response cannot carry the content it was given."),
            );
        }
    };
    let bytes: Bytes = body.into();
    let length = bytes.len() as u64;
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() =
        StatusCode::from_u16(status.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    write_status_fields(status, headers);
    response
}

/// The fields of a status response, each under the `http` crate's name of
/// its row of the field table.
fn write_status_fields(status: &StatusResponse<'_>, headers: &mut ::http::HeaderMap) {
    for field in status.fields() {
        if let Ok(value) = HeaderValue::try_from(field.value().to_string()) {
            headers.insert(http_name(field.name().header()), value);
        }
    }
}
