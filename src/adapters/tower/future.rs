//! The request path of a [`Conditional`](super::Conditional) service: what
//! it keeps of the request ([`Captured`]), the [`ResponseFuture`], and what
//! it makes of the inner `200` (RFC 9110 §13.2.2, §14): the [`Plan`],
//! decided by [`Resource::decide`] on the response's validators.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::string::ToString;
use std::vec::Vec;

use ::bytes::Bytes;
use ::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use ::http::{Response, StatusCode};
use http_body::{Body, SizeHint};
use pin_project_lite::pin_project;

use super::body::{BoxError, ConditionalBody, Segment, Slicer};
use super::budget::Pool;
use crate::adapters::http::HeaderLines;
use crate::field::{HeaderField, NotModifiedRule};
use crate::{ByteRange, EntityTag, Field, HttpDate, Multipart, Outcome, Resource, Variant};

/// A [`ConditionalLayer`](super::ConditionalLayer)'s settings, as the plan
/// reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Config {
    pub(super) max_body: u64,
    pub(super) buffer_budget: u64,
    pub(super) ranges: bool,
    pub(super) max_ranges: usize,
}

/// The conditional fields of a GET or HEAD, kept until the response comes.
#[derive(Clone, Debug)]
pub(super) struct Captured {
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
    pub(super) fn read<B>(request: &::http::Request<B>) -> Option<Captured> {
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
    /// The future of a [`Conditional`](crate::adapters::tower::Conditional)
    /// service's response.
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        captured: Option<Captured>,
        config: Config,
        pool: Pool,
    }
}

impl<F> ResponseFuture<F> {
    pub(super) fn new(inner: F, captured: Option<Captured>, config: Config, pool: Pool) -> Self {
        ResponseFuture {
            inner,
            captured,
            config,
            pool,
        }
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
        Poll::Ready(Ok(conditional(
            response,
            this.captured.take(),
            *this.config,
            this.pool,
        )))
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
    pool: &Pool,
) -> Response<ConditionalBody<B>> {
    let Some(captured) = captured.filter(|_| response.status() == StatusCode::OK) else {
        return response.map(ConditionalBody::inner);
    };
    let (mut parts, body) = response.into_parts();
    let plan = plan(&parts.headers, body.size_hint(), &captured, config, pool);
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
            // No Content-Length (RFC 9110 §8.6 allows only the 200's), and
            // a body that gives none to a router deriving it from the size
            // hint (axum, whose HEAD 304 hyper would send with it).
            crate::adapters::http::strip_for_not_modified(headers);
            ConditionalBody::not_modified()
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

fn plan(headers: &HeaderMap, size: SizeHint, captured: &Captured, config: Config, pool: &Pool) -> Plan {
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

    let accept_ranges = decision.headers().any(|h| h.field() == HeaderField::AcceptRanges);
    let pass = Plan::Pass { accept_ranges };
    match (decision.outcome(), decision.ranges(), length) {
        (Outcome::NotModified, _, _) => Plan::NotModified,
        (Outcome::PreconditionFailed, _, _) => Plan::Failed,
        (Outcome::RangeNotSatisfiable, _, Some(length)) => Plan::Unsatisfiable { length },
        (Outcome::Partial, [range], Some(length)) => Plan::Single {
            range: *range,
            length,
            slicer: Slicer::new(length, Vec::from([Segment::range(*range)]), range.len()),
        },
        (Outcome::Partial, ranges, Some(length)) => {
            let (Some(m), Some(v)) = (decision.multipart(), decision.variant()) else {
                return pass;
            };
            let (content_type, slicer) = multipart(&m, length);
            if slicer.held() == 0 {
                // Ascending and not overlapping: streamed.
                return Plan::Multi { content_type, slicer };
            }
            if length > config.max_body {
                return pass;
            }
            // Out of order (or overlapping): served in request order
            // (RFC 9110 §15.3.7.2) if the bytes that pass before their
            // part's turn fit the layer's budget ...
            if let Some(reservation) = pool.reserve(slicer.held(), config.buffer_budget) {
                return Plan::Multi {
                    content_type,
                    slicer: slicer.holding(reservation),
                };
            }
            // ... else in ascending order, which holds nothing, if they do
            // not overlap; else the full 200 (a server may ignore Range,
            // RFC 9110 §14.2).
            let mut ascending = Vec::from(ranges);
            ascending.sort_unstable_by_key(|r| r.first());
            if !ascending.windows(2).all(|w| w[0].last() < w[1].first()) {
                return pass;
            }
            let m =
                Multipart::new(*m.boundary(), v.media_type(), length, &ascending).with_charset(v.charset());
            let (content_type, slicer) = multipart(&m, length);
            Plan::Multi { content_type, slicer }
        }
        _ => pass,
    }
}

/// The `Content-Type` of a `multipart/byteranges` 206 with `m`'s parts of
/// a body of `length` bytes, and the slicer cutting them out.
fn multipart(m: &Multipart<'_>, length: u64) -> (Option<HeaderValue>, Slicer) {
    let mut segments = Vec::with_capacity(2 * m.parts().len() + 1);
    for part in m.parts() {
        segments.push(Segment::Literal(Bytes::from(part.header().to_string())));
        segments.push(Segment::range(part.range()));
    }
    segments.push(Segment::Literal(Bytes::from(m.closing().to_string())));
    (
        HeaderValue::try_from(m.content_type().to_string()).ok(),
        Slicer::new(length, segments, m.body_length()),
    )
}

/// The fields describing a body that a 412 or 416 no longer has: the
/// content metadata a 304 drops too (the header-field table's
/// [`NotModifiedRule::Drop`] rows, RFC 9110 §15.4.5).
fn strip_content_fields(headers: &mut HeaderMap) {
    for &field in HeaderField::ALL {
        if field.not_modified() == NotModifiedRule::Drop {
            headers.remove(crate::adapters::http::http_name(field));
        }
    }
}

fn insert_text(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

/// The server's clock, as conneg reads dates (whole seconds).
pub(super) fn now() -> HttpDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    HttpDate::saturating_from_unix_seconds(secs)
}

/// A per-response random value for the multipart boundary (RFC 9110 §14.6), from the
/// standard library's randomly keyed hasher: no body can predict it.
fn random_seed() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(0u8)
}
