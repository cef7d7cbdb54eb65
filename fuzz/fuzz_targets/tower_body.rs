//! Fuzz the tower layer's body slicing (`conneg::adapters::tower::ConditionalLayer`):
//! an inner service answers 200 with arbitrary body bytes, streamed in an
//! arbitrary chunking (a sequence of frames, empty ones included), and the
//! request carries an arbitrary `Range` (a few specs, or free text) and
//! maybe `If-Range`.
//!
//! The answer must be what `Range::evaluate` says for the body's length
//! (with the layer's limits, and `If-Range` compared strongly with the ETag):
//! ignored → 200 with the whole body; unsatisfiable → 416 with
//! `Content-Range: bytes */length` and no body; one range → 206 with exactly
//! those bytes and its `Content-Range`; several → 206 `multipart/byteranges`
//! whose parts, parsed back, are the ranges in request order with exactly
//! their bytes (or the whole 200 for a content-coded body, or for ranges out
//! of order in a body larger than `max_body`). `Content-Length` is the body
//! sent.
#![no_main]

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use arbitrary::Arbitrary;
use bytes::Bytes;
use conneg::adapters::tower::ConditionalLayer;
use conneg::{ByteRange, Range, RangeOutcome};
use http::{Request, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use tower::{Layer, ServiceExt, service_fn};

#[derive(Arbitrary, Debug)]
enum Spec {
    FromTo(u16, u16),
    From(u16),
    Suffix(u16),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    body: &'a [u8],
    /// Frame sizes, in order; the rest of the body comes in one last frame.
    chunks: Vec<u8>,
    specs: Vec<Spec>,
    /// Free `Range` text instead of the specs.
    raw_range: Option<&'a str>,
    separator: u8,
    /// 0: no `If-Range`; 1: the ETag; 2: another tag; 3: the ETag, weak.
    if_range: u8,
    etag: bool,
    gzip: bool,
    head: bool,
    max_body: Option<u16>,
    max_ranges: Option<u8>,
}

const ETAG: &str = "\"v1\"";
const CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// The inner body: `data` in frames of the given sizes, then the rest.
struct Chunked {
    data: Bytes,
    sizes: Vec<usize>,
    next: usize,
}

impl Body for Chunked {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.data.is_empty() && self.next >= self.sizes.len() {
            return Poll::Ready(None);
        }
        let n = match self.sizes.get(self.next) {
            Some(&n) => n.min(self.data.len()),
            None => self.data.len(),
        };
        self.next += 1;
        let chunk = self.data.split_to(n);
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn size_hint(&self) -> SizeHint {
        let rest = self.data.len() as u64;
        SizeHint::with_exact(rest)
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().unwrap())
}

fn render(specs: &[Spec], separator: u8) -> String {
    let sep = [",", ", ", " , ", ",,"][usize::from(separator % 4)];
    let specs: Vec<String> = specs
        .iter()
        .map(|s| match s {
            Spec::FromTo(a, b) => format!("{a}-{b}"),
            Spec::From(a) => format!("{a}-"),
            Spec::Suffix(n) => format!("-{n}"),
        })
        .collect();
    format!("bytes={}", specs.join(sep))
}

/// The parts of a `multipart/byteranges` body: (first, last, bytes).
fn parse_multipart(body: &[u8], boundary: &str, length: usize) -> Vec<(u64, u64, Vec<u8>)> {
    let delimiter = format!("--{boundary}");
    let mut rest = body;
    let mut parts = Vec::new();
    loop {
        rest = rest.strip_prefix(delimiter.as_bytes()).expect("a delimiter");
        if rest == b"--\r\n" {
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after the delimiter");
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of the part's header");
        let head = std::str::from_utf8(&rest[..end]).expect("the part's header is text");
        rest = &rest[end + 4..];
        let mut range = None;
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(": ").expect("name: value");
            match name {
                "Content-Type" => assert_eq!(value, CONTENT_TYPE),
                "Content-Range" => {
                    let spec = value.strip_prefix("bytes ").expect("bytes unit");
                    let (r, complete) = spec.split_once('/').expect("complete length");
                    assert_eq!(complete.parse::<usize>().ok(), Some(length));
                    let (a, b) = r.split_once('-').expect("first-last");
                    range = Some((a.parse::<u64>().unwrap(), b.parse::<u64>().unwrap()));
                }
                other => panic!("unexpected part field {other}"),
            }
        }
        let (first, last) = range.expect("each part has a Content-Range");
        let n = usize::try_from(last - first + 1).unwrap();
        parts.push((first, last, rest[..n].to_vec()));
        rest = rest[n..]
            .strip_prefix(b"\r\n")
            .expect("CRLF before the next delimiter");
    }
}

fn slice(body: &[u8], r: &ByteRange) -> Vec<u8> {
    body[r.to_usize_range().unwrap()].to_vec()
}

fuzz_target!(|input: Input<'_>| {
    let body = &input.body[..input.body.len().min(4096)];
    let length = body.len();
    let specs = &input.specs[..input.specs.len().min(20)];
    let range_text = match input.raw_range {
        Some(text) => text.to_string(),
        None if specs.is_empty() => String::new(),
        None => render(specs, input.separator),
    };
    let has_range = input.raw_range.is_some() || !specs.is_empty();
    let if_range = [None, Some(ETAG), Some("\"v2\""), Some("W/\"v1\"")][usize::from(input.if_range % 4)];

    let mut layer = ConditionalLayer::new();
    if let Some(m) = input.max_body {
        layer = layer.max_body(u64::from(m));
    }
    if let Some(m) = input.max_ranges {
        layer = layer.max_ranges(usize::from(m));
    }
    let max_body = input.max_body.map_or(16 << 20, usize::from);
    let max_ranges = input.max_ranges.map_or(16, |m| usize::from(m).min(16));

    let data = Bytes::copy_from_slice(body);
    let sizes: Vec<usize> = input.chunks.iter().take(64).map(|&s| usize::from(s)).collect();
    let (etag, gzip) = (input.etag, input.gzip);
    let service = layer.layer(service_fn(move |_req: Request<()>| {
        let (data, sizes) = (data.clone(), sizes.clone());
        async move {
            let mut response = Response::builder().header("content-type", CONTENT_TYPE);
            if etag {
                response = response.header("etag", ETAG);
            }
            if gzip {
                response = response.header("content-encoding", "gzip");
            }
            Ok::<_, Infallible>(response.body(Chunked { data, sizes, next: 0 }).unwrap())
        }
    }));
    let mut request = Request::builder()
        .method(if input.head { "HEAD" } else { "GET" })
        .uri("/");
    if has_range {
        let Ok(value) = http::HeaderValue::from_str(&range_text) else {
            return;
        };
        request = request.header("range", value);
    }
    if let Some(tag) = if_range {
        request = request.header("if-range", tag);
    }
    let request = request.body(()).unwrap();

    let (status, headers, got) = runtime().block_on(async {
        let response = service.oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .expect("the ranged body completes")
            .to_bytes();
        (parts.status, parts.headers, body)
    });
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_string());

    // What `Range::evaluate` says.
    let mut out = [ByteRange::default(); 16];
    let applies = !input.head
        && has_range
        && match if_range {
            None => true,
            Some(tag) => etag && tag == ETAG,
        };
    let outcome = if applies {
        Range::new(range_text.as_bytes())
            .max_ranges(max_ranges)
            .evaluate(length as u64, &mut out)
    } else {
        RangeOutcome::Ignore(conneg::range::Ignored::Absent)
    };
    let full = |why: &str| {
        assert_eq!(status, StatusCode::OK, "{why}: {range_text:?} on {length} bytes");
        assert_eq!(&got[..], body, "{why}: the whole body");
    };
    match outcome {
        RangeOutcome::Ignore(_) => full("ignored"),
        RangeOutcome::NotSatisfiable => {
            assert_eq!(
                status,
                StatusCode::RANGE_NOT_SATISFIABLE,
                "{range_text:?} on {length} bytes"
            );
            assert!(got.is_empty());
            assert_eq!(header("content-range"), Some(format!("bytes */{length}")));
        }
        RangeOutcome::Satisfiable([one]) => {
            assert_eq!(
                status,
                StatusCode::PARTIAL_CONTENT,
                "{range_text:?} on {length} bytes"
            );
            assert_eq!(&got[..], &slice(body, one)[..], "{range_text:?}");
            assert_eq!(
                header("content-range"),
                Some(format!("bytes {}-{}/{length}", one.first(), one.last()))
            );
            assert_eq!(header("content-length"), Some(got.len().to_string()));
        }
        RangeOutcome::Satisfiable(ranges) => {
            let ascending = ranges.windows(2).all(|w| w[0].last() < w[1].first());
            if gzip {
                full("several ranges of a coded body");
            } else if !ascending && length > max_body {
                full("out of order over max_body");
            } else {
                assert_eq!(
                    status,
                    StatusCode::PARTIAL_CONTENT,
                    "{range_text:?} on {length} bytes"
                );
                let content_type = header("content-type").unwrap();
                let boundary = content_type
                    .strip_prefix("multipart/byteranges; boundary=")
                    .expect("multipart content type");
                let parts = parse_multipart(&got, boundary, length);
                let want: Vec<(u64, u64, Vec<u8>)> = ranges
                    .iter()
                    .map(|r| (r.first(), r.last(), slice(body, r)))
                    .collect();
                assert_eq!(parts, want, "{range_text:?}");
                assert_eq!(header("content-length"), Some(got.len().to_string()));
                assert_eq!(header("content-range"), None);
            }
        }
    }
});
