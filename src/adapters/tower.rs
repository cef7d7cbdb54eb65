//! Feature `tower`: [`ConditionalLayer`], conditional GET/HEAD (304, 412)
//! and byte ranges (206, 416) for any `tower` service — axum routers
//! included — decided by [`Resource::decide`] from the inner response's
//! validators.
//!
//! The inner service answers every GET as if unconditional: a `200 OK`
//! with the whole representation, its `ETag` and/or `Last-Modified`. The
//! layer then evaluates the request's `If-Match`, `If-Unmodified-Since`,
//! `If-None-Match`, `If-Modified-Since`, `If-Range` and `Range` against
//! that response (RFC 9110 §13.2.2, §14) and turns it into:
//!
//! | outcome | response |
//! |---|---|
//! | `304 Not Modified` | the 200's fields minus what a 304 should not carry (`Content-Type`, `Content-Length`, `Last-Modified` next to an `ETag`…, C-50/C-51, [`not_modified_field`](crate::precondition::not_modified_field)); no body |
//! | `412 Precondition Failed` | no body, no `Content-*` fields |
//! | `206 Partial Content`, one range | the slice, `Content-Range: bytes first-last/length`, `Content-Length` |
//! | `206 Partial Content`, several | a `multipart/byteranges` body ([`Multipart`](crate::Multipart)) |
//! | `416 Range Not Satisfiable` | `Content-Range: bytes */length`, no body |
//! | otherwise | the inner response, plus `Accept-Ranges: bytes` where ranges are served |
//!
//! Responses other than `200 OK` pass through untouched: a 404, a redirect
//! or a 401 is never turned into a 304 or 412 (C-36); nor is a 206 or 304
//! the inner service produced itself.
//!
//! # Safe methods only
//!
//! **The layer handles GET and HEAD only. Every other method passes through
//! untouched, and its preconditions are NOT evaluated.** The layer sees the
//! validators only after the inner service has run — for a PUT, DELETE,
//! PATCH or POST that is after the state change, too late for
//! `If-Match: "v1"` to prevent a lost update. Unsafe methods must evaluate
//! their preconditions in the handler, before changing anything, with
//! [`Resource::decide`] (see [`crate::adapters::http::HeaderLines`]) or
//! [`Conditions`](crate::Conditions).
//!
//! # Ranges
//!
//! `Range` is served on GET only (R-12; HEAD gets the 200 head), for a
//! `200` whose body has an exact known length
//! ([`http_body::Body::size_hint`]`.exact()`); an unknown-length body is
//! served `200` unchanged and gets no `Accept-Ranges`. An inner response
//! that already says `Accept-Ranges: none`, or carries its own
//! `Content-Range`, is left to its own range handling.
//!
//! A single range, and several ranges in ascending order, are **streamed**:
//! the inner body's chunks are cut as they arrive and dropped once passed,
//! so a resumed download of a large file costs no memory, and the inner
//! body is not read past the last range. Several ranges out of order (or
//! overlapping) need the whole body at once: it is collected, up to
//! [`max_body`](ConditionalLayer::max_body) bytes (default
//! [`DEFAULT_MAX_BODY`], 16 MiB); a larger body gets the full `200`.
//! Several ranges are served as `multipart/byteranges` in request order,
//! within the crate's DoS limits ([`Range`](crate::Range): at most 16
//! specs, at most 2 overlapping, not more bytes than the body); several
//! ranges of a content-coded response get the full 200. `If-Range` is
//! honoured: a weak or different ETag, or a date other than
//! Last-Modified, gets the full 200 (C-32..C-34).
//!
//! If the body turns out shorter than its size hint said (or, where it is
//! read to the end, longer), the ranged body ends with a [`LengthMismatch`]
//! error: the server then resets the connection or stream rather than
//! sending wrong bytes.
//!
//! # With compression
//!
//! Representations that differ only in content coding need different
//! strong ETags (N-86); reusing one ETag for the gzip and the identity body
//! makes it weak by definition (N-87). Where to put the layer:
//!
//! - **Outside** the compression layer (`ServiceBuilder::new()
//!   .layer(ConditionalLayer::new()).layer(CompressionLayer::new())`, the
//!   safer default): the layer sees the response as sent. Streamed
//!   compression has no exact length, so no ranges are served for
//!   compressed responses (identity ones still get them). 304 works with
//!   any ETag (`If-None-Match` compares weakly). A compression layer that
//!   passes the inner ETag through unchanged sends one validator for two
//!   codings, which is only correct if the ETag is weak (`W/"…"`, N-87):
//!   have the handler send weak ETags for compressible content. Weak ETags
//!   never satisfy `If-Match` or `If-Range` (strong comparison), so such a
//!   resumed download gets the full 200 rather than wrong bytes.
//! - **Inside** the compression layer (`ServiceBuilder::new()
//!   .layer(CompressionLayer::new()).layer(ConditionalLayer::new())`):
//!   preconditions and ranges apply to the identity representation and
//!   its strong ETag. This is only correct if the compression layer leaves
//!   206 responses alone — compressing one makes its `Content-Range`
//!   (identity byte offsets) describe bytes that were not sent, a known
//!   bug class in compression middleware (tower-http issue 416) — and
//!   gives what it compresses a different or weak ETag (N-86). Check your
//!   compression layer for both, or turn ranges off
//!   ([`ConditionalLayer::ranges`]).
//!
//! # Examples
//!
//! ```
//! use conneg::adapters::tower::ConditionalLayer;
//! use http_body_util::{BodyExt, Full};
//! use tower::{Layer, ServiceExt, service_fn};
//!
//! let inner = service_fn(|_req: http::Request<()>| async {
//!     Ok::<_, std::convert::Infallible>(
//!         http::Response::builder()
//!             .header("etag", "\"v1\"")
//!             .header("content-type", "text/plain")
//!             .body(Full::new(bytes::Bytes::from_static(b"hello, world")))
//!             .unwrap(),
//!     )
//! });
//! let service = ConditionalLayer::new().layer(inner);
//!
//! let request = http::Request::get("/").header("range", "bytes=7-").body(()).unwrap();
//! let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let response = runtime.block_on(service.oneshot(request)).unwrap();
//! assert_eq!(response.status(), 206);
//! assert_eq!(response.headers()["content-range"], "bytes 7-11/12");
//! let body = runtime.block_on(response.into_body().collect()).unwrap().to_bytes();
//! assert_eq!(&body[..], b"world");
//! ```

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::boxed::Box;
use std::string::ToString;
use std::vec::Vec;

use ::bytes::{Buf, BufMut, Bytes, BytesMut};
use ::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use ::http::{Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use crate::adapters::http::HeaderLines;
use crate::{ByteRange, EntityTag, Field, HttpDate, Outcome, Resource, Variant, range::DEFAULT_MAX_RANGES};

/// The error type of a [`ConditionalBody`]: the inner body's error, or a
/// [`LengthMismatch`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The default [`ConditionalLayer::max_body`]: 16 MiB.
pub const DEFAULT_MAX_BODY: u64 = 16 * 1024 * 1024;

/// A `tower` layer giving the wrapped service conditional GET/HEAD and byte
/// ranges (see the [module docs](self), and their warning: GET and HEAD
/// only; unsafe methods pass through unchecked).
///
/// ```
/// use conneg::adapters::tower::ConditionalLayer;
///
/// let layer = ConditionalLayer::new().max_body(1 << 20).max_ranges(4);
/// # let _ = layer;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionalLayer {
    config: Config,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Config {
    max_body: u64,
    ranges: bool,
    max_ranges: usize,
}

impl ConditionalLayer {
    /// Preconditions and ranges on, bodies up to [`DEFAULT_MAX_BODY`]
    /// sliced, at most [`DEFAULT_MAX_RANGES`] ranges.
    pub const fn new() -> Self {
        ConditionalLayer {
            config: Config {
                max_body: DEFAULT_MAX_BODY,
                ranges: true,
                max_ranges: DEFAULT_MAX_RANGES,
            },
        }
    }

    /// The largest body (bytes) collected to serve several ranges out of
    /// ascending order; a larger one gets the full `200` for such requests.
    /// Single and ascending ranges are streamed whatever the size.
    pub const fn max_body(mut self, bytes: u64) -> Self {
        self.config.max_body = bytes;
        self
    }

    /// Whether `Range` is served (default on). Off: `Range` is ignored and
    /// no `Accept-Ranges` is added; preconditions still apply.
    pub const fn ranges(mut self, on: bool) -> Self {
        self.config.ranges = on;
        self
    }

    /// Most range-specs served (default and maximum [`DEFAULT_MAX_RANGES`]);
    /// more → the full 200.
    pub const fn max_ranges(mut self, max: usize) -> Self {
        self.config.max_ranges = max;
        self
    }
}

impl Default for ConditionalLayer {
    fn default() -> Self {
        ConditionalLayer::new()
    }
}

impl<S> Layer<S> for ConditionalLayer {
    type Service = Conditional<S>;

    fn layer(&self, inner: S) -> Conditional<S> {
        Conditional {
            inner,
            config: self.config,
        }
    }
}

/// The service [`ConditionalLayer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct Conditional<S> {
    inner: S,
    config: Config,
}

impl<S> Conditional<S> {
    /// Wraps `inner` with the default [`ConditionalLayer`] settings.
    pub const fn new(inner: S) -> Self {
        Conditional {
            inner,
            config: ConditionalLayer::new().config,
        }
    }

    /// The inner service.
    pub const fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, ReqBody, ResBody> Service<::http::Request<ReqBody>> for Conditional<S>
where
    S: Service<::http::Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Body,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response<ConditionalBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: ::http::Request<ReqBody>) -> Self::Future {
        let captured = Captured::read(&request);
        ResponseFuture {
            inner: self.inner.call(request),
            captured,
            config: self.config,
        }
    }
}

/// The conditional fields of a GET or HEAD, kept until the response comes.
#[derive(Clone, Debug)]
struct Captured {
    method: ::http::Method,
    headers: HeaderMap,
}

/// The `If-*` fields and `Range`: the layer negotiates nothing, so the
/// `Accept*` fields are not kept.
fn is_conditional(field: Field) -> bool {
    !matches!(
        field,
        Field::Accept | Field::AcceptCharset | Field::AcceptEncoding | Field::AcceptLanguage
    )
}

impl Captured {
    /// `None` for methods other than GET and HEAD (passed through).
    fn read<B>(request: &::http::Request<B>) -> Option<Captured> {
        if !crate::adapters::http::method(request.method()).is_get_or_head() {
            return None;
        }
        let mut headers = HeaderMap::new();
        for field in Field::ALL.into_iter().filter(|&f| is_conditional(f)) {
            let name = crate::adapters::http::header_name(field);
            for value in request.headers().get_all(&name) {
                headers.append(name.clone(), value.clone());
            }
        }
        Some(Captured {
            method: request.method().clone(),
            headers,
        })
    }
}

pin_project! {
    /// The future of a [`Conditional`] service's response.
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        captured: Option<Captured>,
        config: Config,
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Body,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response<ConditionalBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.inner.poll(cx))?;
        Poll::Ready(Ok(conditional(response, this.captured.take(), *this.config)))
    }
}

/// What to do with a 200, decided while the response's fields are borrowed.
enum Plan {
    Pass {
        accept_ranges: bool,
    },
    NotModified,
    Failed,
    Unsatisfiable {
        length: u64,
    },
    Single {
        range: ByteRange,
        length: u64,
        slicer: Slicer,
    },
    Multi {
        content_type: Option<HeaderValue>,
        slicer: Slicer,
    },
}

fn conditional<B: Body>(
    response: Response<B>,
    captured: Option<Captured>,
    config: Config,
) -> Response<ConditionalBody<B>> {
    let Some(captured) = captured.filter(|_| response.status() == StatusCode::OK) else {
        return response.map(ConditionalBody::inner);
    };
    let (mut parts, body) = response.into_parts();
    let plan = plan(&parts.headers, body.size_hint(), &captured, config);
    let headers = &mut parts.headers;
    let body = match plan {
        Plan::Pass { accept_ranges } => {
            if accept_ranges && !headers.contains_key(header::ACCEPT_RANGES) {
                headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            }
            ConditionalBody::inner(body)
        }
        Plan::NotModified => {
            parts.status = StatusCode::NOT_MODIFIED;
            crate::adapters::http::strip_for_not_modified(headers);
            ConditionalBody::empty()
        }
        Plan::Failed => {
            parts.status = StatusCode::PRECONDITION_FAILED;
            strip_content_fields(headers);
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(0u64));
            ConditionalBody::empty()
        }
        Plan::Unsatisfiable { length } => {
            parts.status = StatusCode::RANGE_NOT_SATISFIABLE;
            strip_content_fields(headers);
            insert_text(
                headers,
                header::CONTENT_RANGE,
                crate::ContentRange::unsatisfied(length).as_str(),
            );
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(0u64));
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            ConditionalBody::empty()
        }
        Plan::Single {
            range,
            length,
            slicer,
        } => {
            parts.status = StatusCode::PARTIAL_CONTENT;
            insert_text(
                headers,
                header::CONTENT_RANGE,
                crate::ContentRange::bytes(range, length).as_str(),
            );
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(range.len()));
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            ConditionalBody::ranges(body, slicer)
        }
        Plan::Multi { content_type, slicer } => {
            parts.status = StatusCode::PARTIAL_CONTENT;
            headers.remove(header::CONTENT_RANGE);
            if let Some(ct) = content_type {
                headers.insert(header::CONTENT_TYPE, ct);
            }
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(slicer.output_len));
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            ConditionalBody::ranges(body, slicer)
        }
    };
    Response::from_parts(parts, body)
}

fn plan(headers: &HeaderMap, size: SizeHint, captured: &Captured, config: Config) -> Plan {
    let now = now();
    let etag = headers
        .get(header::ETAG)
        .and_then(|v| EntityTag::parse(v.as_bytes()).ok());
    let last_modified = headers
        .get(header::LAST_MODIFIED)
        .and_then(|v| HttpDate::parse(v.as_bytes(), now));
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    let ranges_ok = config.ranges
        && !headers.contains_key(header::CONTENT_RANGE)
        && headers
            .get(header::ACCEPT_RANGES)
            .is_none_or(|v| v.as_bytes().eq_ignore_ascii_case(b"bytes"));
    let length = size.exact().filter(|_| ranges_ok);

    let mut variant = Variant::new(content_type);
    if let Some(tag) = etag {
        variant = variant.with_etag(tag);
    }
    if let Some(date) = last_modified {
        variant = variant.with_last_modified(date);
    }
    if let Some(n) = length {
        variant = variant.with_length(n);
    }
    if let Some(coding) = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
    {
        variant = variant.with_encoding(coding);
    }
    let variants = [variant];
    let lines = HeaderLines::new(&captured.method, &captured.headers);
    let decision = Resource::new(&variants)
        .now(now)
        .max_ranges(config.max_ranges)
        .boundary_seed(random_seed())
        .decide(&lines.request());

    let accept_ranges = decision.headers().any(|h| h.name() == "Accept-Ranges");
    let pass = Plan::Pass { accept_ranges };
    match (decision.outcome(), decision.ranges(), length) {
        (Outcome::NotModified, _, _) => Plan::NotModified,
        (Outcome::PreconditionFailed, _, _) => Plan::Failed,
        (Outcome::RangeNotSatisfiable, _, Some(length)) => Plan::Unsatisfiable { length },
        (Outcome::Partial, [range], Some(length)) => Plan::Single {
            range: *range,
            length,
            slicer: Slicer::new(length, Vec::from([Segment::range(*range)]), range.len(), false),
        },
        (Outcome::Partial, ranges, Some(length)) => {
            // Out of order (or overlapping): the body must be held whole.
            let buffered = !ranges.windows(2).all(|w| w[0].last() < w[1].first());
            match decision.multipart() {
                Some(m) if !buffered || length <= config.max_body => {
                    let mut segments = Vec::with_capacity(2 * ranges.len() + 1);
                    for part in m.parts() {
                        segments.push(Segment::Literal(Bytes::from(part.header().to_string())));
                        segments.push(Segment::range(part.range()));
                    }
                    segments.push(Segment::Literal(Bytes::from(m.closing().to_string())));
                    Plan::Multi {
                        content_type: HeaderValue::try_from(m.content_type().to_string()).ok(),
                        slicer: Slicer::new(length, segments, m.body_length(), buffered),
                    }
                }
                _ => pass,
            }
        }
        _ => pass,
    }
}

/// The fields describing a body that a 412 or 416 no longer has.
fn strip_content_fields(headers: &mut HeaderMap) {
    const NAMES: [HeaderName; 5] = [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::CONTENT_LANGUAGE,
        header::CONTENT_RANGE,
    ];
    for name in NAMES {
        headers.remove(name);
    }
    headers.remove("content-md5");
    headers.remove(header::CONTENT_DISPOSITION);
}

fn insert_text(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn now() -> HttpDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    HttpDate::saturating_from_unix_seconds(secs)
}

/// A per-response random value for the multipart boundary (R-49), from the
/// standard library's randomly keyed hasher: no body can predict it.
fn random_seed() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(0u8)
}

/// A piece of a ranged body: framing text, or bytes `first..end` of the
/// inner body.
#[derive(Debug)]
enum Segment {
    Literal(Bytes),
    Range { first: u64, end: u64 },
}

impl Segment {
    fn range(r: ByteRange) -> Segment {
        Segment::Range {
            first: r.first(),
            end: r.last().saturating_add(1),
        }
    }
}

/// Cuts the segments out of the inner body as it arrives. Ranges in
/// ascending order are streamed (a chunk is dropped once no range needs
/// it; nothing is buffered); otherwise the whole body (`expected` bytes,
/// at most `max_body`) is collected first.
#[derive(Debug)]
struct Slicer {
    segments: Vec<Segment>,
    next: usize,
    /// The current input chunk and the offset of its first byte.
    chunk: Option<(u64, Bytes)>,
    /// Offset of the next input byte.
    pos: u64,
    /// Buffering mode: the body so far.
    collect: Option<BytesMut>,
    expected: u64,
    output_len: u64,
    done: bool,
}

type FramePoll = Poll<Option<Result<Frame<Bytes>, BoxError>>>;

impl Slicer {
    fn new(expected: u64, segments: Vec<Segment>, output_len: u64, buffered: bool) -> Slicer {
        Slicer {
            segments,
            next: 0,
            chunk: None,
            pos: 0,
            collect: buffered.then(|| BytesMut::with_capacity(usize::try_from(expected).unwrap_or(0))),
            expected,
            output_len,
            done: false,
        }
    }

    fn poll<B>(&mut self, mut body: Pin<&mut B>, cx: &mut Context<'_>) -> FramePoll
    where
        B: Body,
        B::Error: Into<BoxError>,
    {
        loop {
            if self.done {
                return Poll::Ready(None);
            }
            // Emit what the current chunk allows.
            match self.segments.get_mut(self.next) {
                None => {
                    // Everything is out; the rest of the inner body is not needed.
                    self.done = true;
                    return Poll::Ready(None);
                }
                Some(Segment::Literal(text)) => {
                    let text = core::mem::take(text);
                    self.next += 1;
                    return Poll::Ready(Some(Ok(Frame::data(text))));
                }
                Some(Segment::Range { first, end }) => {
                    if let Some((start, chunk)) = &self.chunk {
                        let chunk_end = start.saturating_add(chunk.len() as u64);
                        if chunk_end <= *first {
                            self.chunk = None; // wholly before the range
                            continue;
                        }
                        let (Some(from), Some(to)) = (
                            first.checked_sub(*start).and_then(|n| usize::try_from(n).ok()),
                            usize::try_from((*end).min(chunk_end) - start).ok(),
                        ) else {
                            // Bytes already dropped: cannot happen for
                            // ascending ranges or a whole buffered body.
                            return self.fail(self.pos);
                        };
                        let out = chunk.slice(from..to);
                        *first = (*end).min(chunk_end);
                        if *first == *end {
                            self.next += 1;
                        }
                        return Poll::Ready(Some(Ok(Frame::data(out))));
                    }
                }
            }
            // Need more input.
            match ready!(body.as_mut().poll_frame(cx)) {
                Some(Ok(frame)) => {
                    // Trailers of a sliced body are dropped.
                    let Ok(mut data) = frame.into_data() else { continue };
                    let n = data.remaining() as u64;
                    let received = self.pos.saturating_add(n);
                    if received > self.expected {
                        return self.fail(received);
                    }
                    self.pos = received;
                    match &mut self.collect {
                        Some(buf) => buf.put(data),
                        None => {
                            let start = received - n;
                            self.chunk = Some((start, data.copy_to_bytes(data.remaining())));
                        }
                    }
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(e.into())));
                }
                None if self.pos != self.expected => return self.fail(self.pos),
                None => match self.collect.take() {
                    Some(buf) => self.chunk = Some((0, buf.freeze())),
                    // Streaming, input over, segments left: only if a range
                    // lay past `expected`, which `decide` rules out.
                    None => return self.fail(self.pos),
                },
            }
        }
    }

    fn fail(&mut self, received: u64) -> FramePoll {
        self.done = true;
        let error = LengthMismatch {
            expected: self.expected,
            received,
        };
        Poll::Ready(Some(Err(Box::new(error))))
    }
}

/// The inner body of a ranged response ended at a different length than
/// its size hint promised; the response (already sent with a
/// `Content-Length`) cannot be completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LengthMismatch {
    expected: u64,
    received: u64,
}

impl LengthMismatch {
    /// The length the body's size hint promised.
    pub const fn expected(&self) -> u64 {
        self.expected
    }

    /// The bytes received when the mismatch was noticed: fewer than
    /// expected at the body's end, or more as soon as it ran over.
    pub const fn received(&self) -> u64 {
        self.received
    }
}

impl fmt::Display for LengthMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response body length {} differs from its exact size hint {}",
            self.received, self.expected
        )
    }
}

impl std::error::Error for LengthMismatch {}

pin_project! {
    /// The body of a [`Conditional`] service's response: the inner body
    /// unchanged, nothing (304, 412, 416), or the requested ranges of it
    /// (206). Data is [`Bytes`]; errors are boxed ([`BoxError`]).
    pub struct ConditionalBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Inner { #[pin] body: B },
        Empty,
        Ranges { #[pin] body: B, slicer: Box<Slicer> },
    }
}

impl<B> ConditionalBody<B> {
    /// The inner body, passed through.
    pub const fn inner(body: B) -> Self {
        ConditionalBody {
            kind: Kind::Inner { body },
        }
    }

    /// No content.
    pub const fn empty() -> Self {
        ConditionalBody { kind: Kind::Empty }
    }

    fn ranges(body: B, slicer: Slicer) -> Self {
        ConditionalBody {
            kind: Kind::Ranges {
                body,
                slicer: Box::new(slicer),
            },
        }
    }
}

impl<B> fmt::Debug for ConditionalBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Inner { .. } => "Inner",
            Kind::Empty => "Empty",
            Kind::Ranges { .. } => "Ranges",
        };
        f.debug_tuple("ConditionalBody").field(&kind).finish()
    }
}

impl<B> Body for ConditionalBody<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => body.poll_frame(cx).map(|frame| {
                frame.map(|r| {
                    r.map(|f| f.map_data(|mut d| d.copy_to_bytes(d.remaining())))
                        .map_err(Into::into)
                })
            }),
            KindProj::Empty => Poll::Ready(None),
            KindProj::Ranges { body, slicer } => slicer.poll(body, cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Empty => true,
            Kind::Ranges { slicer, .. } => slicer.done,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Empty => SizeHint::with_exact(0),
            Kind::Ranges { slicer, .. } => SizeHint::with_exact(slicer.output_len),
        }
    }
}
