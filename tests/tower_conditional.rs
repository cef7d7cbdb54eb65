//! `conneg::adapters::tower::ConditionalLayer` around `tower::service_fn` inner
//! services: conditional GET/HEAD (RFC 9110 §13.2.2) and ranges (§14).
#![cfg(feature = "tower")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use conneg::adapters::tower::{ConditionalLayer, LengthMismatch};
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Full};
use tower::{Layer, ServiceExt, service_fn};

const BODY: &[u8] = b"0123456789abcdefghij"; // 20 bytes
const ETAG: &str = "\"v1\"";
const LAST_MODIFIED: &str = "Sun, 06 Nov 1994 08:49:37 GMT";

/// The inner 200: ETag, Last-Modified, Content-Type, Cache-Control and an
/// exact-length body.
fn page() -> Response<Full<Bytes>> {
    Response::builder()
        .header("etag", ETAG)
        .header("last-modified", LAST_MODIFIED)
        .header("content-type", "text/plain; charset=utf-8")
        .header("content-length", BODY.len())
        .header("cache-control", "max-age=60")
        .body(Full::new(Bytes::from_static(BODY)))
        .unwrap()
}

/// Sends `request` through the layer around an inner service that answers
/// with `inner()`; returns the status, headers and collected body.
async fn send_with<B>(
    layer: ConditionalLayer,
    inner: fn() -> Response<B>,
    request: Request<()>,
) -> (StatusCode, HeaderMap, Bytes)
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<conneg::adapters::tower::BoxError>,
{
    let service = layer.layer(service_fn(move |_req: Request<()>| async move {
        Ok::<_, Infallible>(inner())
    }));
    let response = service.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (parts.status, parts.headers, body)
}

async fn send(request: Request<()>) -> (StatusCode, HeaderMap, Bytes) {
    send_with(ConditionalLayer::new(), page, request).await
}

fn get(headers: &[(&str, &str)]) -> Request<()> {
    request(Method::GET, headers)
}

fn request(method: Method, headers: &[(&str, &str)]) -> Request<()> {
    let mut builder = Request::builder().method(method).uri("/doc");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(()).unwrap()
}

#[tokio::test]
async fn unconditional_get_passes_through_with_accept_ranges() {
    let (status, headers, body) = send(get(&[])).await;
    assert_eq!(status, 200);
    assert_eq!(&body[..], BODY);
    assert_eq!(headers["accept-ranges"], "bytes");
    assert_eq!(headers["etag"], ETAG);
}

#[tokio::test]
async fn if_none_match_match_gives_304_c11() {
    let (status, headers, body) = send(get(&[("if-none-match", "\"v0\", W/\"v1\"")])).await;
    assert_eq!(status, 304);
    assert!(body.is_empty());
    assert_eq!(headers["etag"], ETAG);
    assert_eq!(headers["cache-control"], "max-age=60"); // C-50
}

#[tokio::test]
async fn not_modified_strips_representation_metadata_c51() {
    let (status, headers, _) = send(get(&[("if-none-match", ETAG)])).await;
    assert_eq!(status, 304);
    for name in ["content-type", "content-length", "last-modified"] {
        assert!(!headers.contains_key(name), "{name} on a 304");
    }
}

/// The request gets the inner 200 with the whole body.
async fn assert_full(request: Request<()>) {
    let why = format!("{:?}", request.headers());
    let (status, _, body) = send(request).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, BODY), "{why}");
}

#[tokio::test]
async fn if_none_match_mismatch_gives_200() {
    assert_full(get(&[("if-none-match", "\"v0\"")])).await;
}

#[tokio::test]
async fn if_match_mismatch_on_get_gives_412_without_body_c05() {
    let (status, headers, body) = send(get(&[("if-match", "\"v0\"")])).await;
    assert_eq!(status, 412);
    assert!(body.is_empty());
    assert!(!headers.contains_key("content-type"));
    assert_eq!(headers["content-length"], "0");
}

#[tokio::test]
async fn if_match_weak_tag_never_matches_c02() {
    let (status, _, _) = send(get(&[("if-match", "W/\"v1\"")])).await;
    assert_eq!(status, 412);
}

#[tokio::test]
async fn if_modified_since_not_later_gives_304() {
    let (status, headers, body) = send(get(&[("if-modified-since", LAST_MODIFIED)])).await;
    assert_eq!(status, 304);
    assert!(body.is_empty());
    // With an ETag on the 304, Last-Modified is dropped (C-51).
    assert!(!headers.contains_key("last-modified"));
}

#[tokio::test]
async fn if_modified_since_earlier_gives_200() {
    assert_full(get(&[("if-modified-since", "Sat, 05 Nov 1994 08:49:37 GMT")])).await;
}

#[tokio::test]
async fn if_none_match_overrides_if_modified_since_c14() {
    let (status, _, _) = send(get(&[
        ("if-none-match", "\"v0\""),
        ("if-modified-since", LAST_MODIFIED),
    ]))
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn single_range_gives_206_with_the_bytes_r18() {
    let (status, headers, body) = send(get(&[("range", "bytes=5-9")])).await;
    assert_eq!(status, 206);
    assert_eq!(&body[..], b"56789");
    assert_eq!(headers["content-range"], "bytes 5-9/20");
    assert_eq!(headers["content-length"], "5");
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(headers["accept-ranges"], "bytes");
}

#[tokio::test]
async fn suffix_range_gives_the_last_bytes() {
    let (status, headers, body) = send(get(&[("range", "bytes=-3")])).await;
    assert_eq!(status, 206);
    assert_eq!(&body[..], b"hij");
    assert_eq!(headers["content-range"], "bytes 17-19/20");
}

#[tokio::test]
async fn several_ranges_give_multipart_byteranges_r46() {
    let (status, headers, body) = send(get(&[("range", "bytes=0-1, 18-")])).await;
    assert_eq!(status, 206);
    let content_type = headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap();
    let expected = format!(
        "--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/20\r\n\r\n01\
         \r\n--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 18-19/20\r\n\r\nij\
         \r\n--{boundary}--\r\n"
    );
    assert_eq!(std::str::from_utf8(&body).unwrap(), expected);
    assert_eq!(headers["content-length"], expected.len().to_string());
    assert!(!headers.contains_key("content-range"));
}

#[tokio::test]
async fn unsatisfiable_range_gives_416_with_length_r25() {
    let (status, headers, body) = send(get(&[("range", "bytes=20-")])).await;
    assert_eq!(status, 416);
    assert_eq!(headers["content-range"], "bytes */20");
    assert!(body.is_empty());
    assert!(!headers.contains_key("content-type"));
}

#[tokio::test]
async fn invalid_or_unknown_unit_range_gives_200_r13() {
    for range in ["items=0-5", "bytes=5-2", "bytes=x"] {
        assert_full(get(&[("range", range)])).await;
    }
}

#[tokio::test]
async fn if_range_match_gives_206() {
    let (status, _, body) = send(get(&[("range", "bytes=0-3"), ("if-range", ETAG)])).await;
    assert_eq!((status, &body[..]), (StatusCode::PARTIAL_CONTENT, &b"0123"[..]));
    let (status, _, _) = send(get(&[("range", "bytes=0-3"), ("if-range", LAST_MODIFIED)])).await;
    assert_eq!(status, 206);
}

#[tokio::test]
async fn if_range_mismatch_gives_full_200_c34() {
    for if_range in ["\"v0\"", "W/\"v1\"", "Sat, 05 Nov 1994 08:49:37 GMT"] {
        let (status, headers, body) = send(get(&[("range", "bytes=0-3"), ("if-range", if_range)])).await;
        assert_eq!((status, &body[..]), (StatusCode::OK, BODY), "{if_range}");
        assert!(!headers.contains_key("content-range"));
    }
}

#[tokio::test]
async fn head_gets_no_206_r12() {
    let (status, headers, _) = send(request(Method::HEAD, &[("range", "bytes=0-3")])).await;
    assert_eq!(status, 200);
    assert!(!headers.contains_key("content-range"));
}

#[tokio::test]
async fn head_gets_304() {
    let (status, _, body) = send(request(Method::HEAD, &[("if-none-match", ETAG)])).await;
    assert_eq!(status, 304);
    assert!(body.is_empty());
}

#[tokio::test]
async fn not_modified_wins_over_range_r14() {
    let (status, headers, _) = send(get(&[("range", "bytes=0-3"), ("if-none-match", ETAG)])).await;
    assert_eq!(status, 304);
    assert!(!headers.contains_key("content-range"));
}

#[tokio::test]
async fn post_passes_through_untouched() {
    let headers = [
        ("if-match", "\"v0\""),
        ("if-none-match", ETAG),
        ("range", "bytes=0-3"),
    ];
    let (status, response_headers, body) = send(request(Method::POST, &headers)).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, BODY));
    assert!(!response_headers.contains_key("accept-ranges"));
    assert!(!response_headers.contains_key("content-range"));
}

#[tokio::test]
async fn non_200_inner_responses_are_untouched_c36() {
    fn not_found() -> Response<Full<Bytes>> {
        Response::builder()
            .status(404)
            .header("etag", ETAG)
            .body(Full::new(Bytes::from_static(b"no such page")))
            .unwrap()
    }
    fn redirect() -> Response<Full<Bytes>> {
        Response::builder()
            .status(302)
            .header("etag", ETAG)
            .header("location", "/elsewhere")
            .body(Full::new(Bytes::new()))
            .unwrap()
    }
    let conditional = [
        ("if-none-match", ETAG),
        ("if-match", "\"v0\""),
        ("range", "bytes=0-1"),
    ];
    let (status, headers, body) = send_with(ConditionalLayer::new(), not_found, get(&conditional)).await;
    assert_eq!((status, &body[..]), (StatusCode::NOT_FOUND, &b"no such page"[..]));
    assert!(!headers.contains_key("accept-ranges"));
    let (status, _, _) = send_with(ConditionalLayer::new(), redirect, get(&conditional)).await;
    assert_eq!(status, 302);
}

/// A test body: `data` in chunks of 1, 2, 3, 1, 2, 3… bytes, with the
/// size hint `hint` (`None`: unknown length), which may lie.
struct TestBody {
    data: &'static [u8],
    hint: Option<u64>,
    step: usize,
}

impl TestBody {
    fn new(data: &'static [u8], hint: Option<u64>) -> Self {
        TestBody { data, hint, step: 0 }
    }
}

impl Body for TestBody {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.data.is_empty() {
            return Poll::Ready(None);
        }
        let (chunk, rest) = self.data.split_at((self.step % 3 + 1).min(self.data.len()));
        self.data = rest;
        self.step += 1;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(chunk)))))
    }
    fn size_hint(&self) -> SizeHint {
        match self.hint {
            Some(n) => SizeHint::with_exact(n),
            None => SizeHint::default(),
        }
    }
}

fn unsized_page() -> Response<TestBody> {
    Response::builder()
        .header("etag", ETAG)
        .body(TestBody::new(BODY, None))
        .unwrap()
}

#[tokio::test]
async fn unknown_length_body_gets_no_206_but_still_304() {
    let (status, headers, body) = send_with(
        ConditionalLayer::new(),
        unsized_page,
        get(&[("range", "bytes=0-3")]),
    )
    .await;
    assert_eq!((status, &body[..]), (StatusCode::OK, BODY));
    assert!(!headers.contains_key("accept-ranges"));
    let (status, _, _) = send_with(
        ConditionalLayer::new(),
        unsized_page,
        get(&[("if-none-match", ETAG)]),
    )
    .await;
    assert_eq!(status, 304);
}

#[tokio::test]
async fn single_and_ascending_ranges_stream_past_max_body() {
    let layer = ConditionalLayer::new().max_body(10);
    let (status, _, body) = send_with(layer.clone(), page, get(&[("range", "bytes=12-15")])).await;
    assert_eq!((status, &body[..]), (StatusCode::PARTIAL_CONTENT, &b"cdef"[..]));
    let (status, _, _) = send_with(layer, page, get(&[("range", "bytes=0-1, 12-15")])).await;
    assert_eq!(status, 206);
}

#[tokio::test]
async fn out_of_order_ranges_over_max_body_are_served_whole() {
    let layer = ConditionalLayer::new().max_body(10);
    let (status, headers, body) = send_with(layer, page, get(&[("range", "bytes=12-15, 0-1")])).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, BODY));
    assert_eq!(headers["accept-ranges"], "bytes");
    // Within the limit they are buffered and served in request order.
    let (status, _, body) = send(get(&[("range", "bytes=12-15, 0-1")])).await;
    assert_eq!(status, 206);
    let text = std::str::from_utf8(&body).unwrap();
    assert!(text.find("\r\n\r\ncdef").unwrap() < text.find("\r\n\r\n01").unwrap());
}

fn chunked_page() -> Response<TestBody> {
    Response::new(TestBody::new(BODY, Some(BODY.len() as u64)))
}

/// Every single range, and every ascending and descending pair, of a body
/// arriving in small chunks: the streamed (or buffered) bytes are the
/// naive slices.
#[tokio::test]
async fn ranges_across_chunk_boundaries_match_naive_slicing() {
    let n = BODY.len();
    for first in 0..n {
        for last in first..n {
            let range = format!("bytes={first}-{last}");
            let (status, _, body) =
                send_with(ConditionalLayer::new(), chunked_page, get(&[("range", &range)])).await;
            assert_eq!(
                (status, &body[..]),
                (StatusCode::PARTIAL_CONTENT, &BODY[first..=last]),
                "{range}"
            );
        }
    }
    for (a, b) in [(0, 5), (3, 4), (7, 19), (18, 19)] {
        for c in (b + 1)..n {
            for (x, y) in [((a, b), (c, c)), ((c, c), (a, b))] {
                let range = format!("bytes={}-{}, {}-{}", x.0, x.1, y.0, y.1);
                let (status, headers, body) =
                    send_with(ConditionalLayer::new(), chunked_page, get(&[("range", &range)])).await;
                assert_eq!(status, 206, "{range}");
                let body = std::str::from_utf8(&body).unwrap();
                for (i, (f, l)) in [x, y].into_iter().enumerate() {
                    let head = format!("Content-Range: bytes {f}-{l}/{n}\r\n\r\n");
                    let at = body.find(&head).unwrap() + head.len();
                    assert_eq!(
                        &body.as_bytes()[at..=at + l - f],
                        &BODY[f..=l],
                        "{range} part {i}"
                    );
                }
                assert_eq!(headers["content-length"], body.len().to_string(), "{range}");
            }
        }
    }
}

#[tokio::test]
async fn ranges_off_ignores_range_keeps_preconditions() {
    let layer = ConditionalLayer::new().ranges(false);
    let (status, headers, _) = send_with(layer.clone(), page, get(&[("range", "bytes=0-3")])).await;
    assert_eq!(status, 200);
    assert!(!headers.contains_key("accept-ranges"));
    let (status, _, _) = send_with(layer, page, get(&[("if-none-match", ETAG)])).await;
    assert_eq!(status, 304);
}

#[tokio::test]
async fn inner_accept_ranges_none_is_respected() {
    fn no_ranges() -> Response<Full<Bytes>> {
        let mut response = page();
        response
            .headers_mut()
            .insert("accept-ranges", "none".parse().unwrap());
        response
    }
    let (status, headers, _) =
        send_with(ConditionalLayer::new(), no_ranges, get(&[("range", "bytes=0-3")])).await;
    assert_eq!(status, 200);
    assert_eq!(headers["accept-ranges"], "none");
}

#[tokio::test]
async fn repeated_if_none_match_lines_are_one_list_s02() {
    let request = Request::get("/doc")
        .header("if-none-match", "\"a\"")
        .header("if-none-match", "\"b\", \"v1\"")
        .body(())
        .unwrap();
    let (status, _, _) = send(request).await;
    assert_eq!(status, 304);
}

#[tokio::test]
async fn short_body_ends_ranged_response_with_an_error() {
    // The size hint says 20; nothing comes.
    fn liar() -> Response<TestBody> {
        Response::new(TestBody::new(b"", Some(20)))
    }
    let service = ConditionalLayer::new().layer(service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(liar())
    }));
    let response = service.oneshot(get(&[("range", "bytes=0-3")])).await.unwrap();
    assert_eq!(response.status(), 206);
    let error = response.into_body().collect().await.unwrap_err();
    let mismatch = error.downcast_ref::<LengthMismatch>().unwrap();
    assert_eq!((mismatch.expected(), mismatch.received()), (20, 0));
}

// ---- Memory: out-of-order ranges hold only what they need (issue 13) ----

/// Counts the bytes the current thread asks the allocator for (allocations
/// and reallocations, not frees), so that a test can tell what a request
/// costs without the harness's other threads interfering.
struct CountingBytes;

thread_local! {
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    let _ = ALLOCATED.try_with(|c| c.set(c.get() + bytes as u64));
}

unsafe impl GlobalAlloc for CountingBytes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingBytes = CountingBytes;

/// Bytes allocated by `f` on this thread, and its result.
fn allocated<R>(f: impl FnOnce() -> R) -> (u64, R) {
    let before = ALLOCATED.with(Cell::get);
    let r = f();
    (ALLOCATED.with(Cell::get) - before, r)
}

const MIB: u64 = 1024 * 1024;

/// Byte `i` of a [`Pattern`] body.
fn pattern_byte(i: u64) -> u8 {
    (i % 251) as u8
}

/// 251 + 64 KiB bytes of the pattern from offset 0: any 64 KiB window of
/// the pattern starting at offset `o` is `PATTERN[o % 251..]`.
static PATTERN: [u8; 251 + 65536] = {
    let mut p = [0u8; 251 + 65536];
    let mut i = 0;
    while i < p.len() {
        p[i] = (i % 251) as u8;
        i += 1;
    }
    p
};

/// A streamed body: `sent` bytes of the pattern in 64 KiB frames of static
/// bytes (reading it allocates nothing), with an exact size hint of
/// `length` (which may promise more than is sent).
struct Pattern {
    at: u64,
    sent: u64,
    length: u64,
}

impl Pattern {
    fn new(length: u64) -> Self {
        Pattern {
            at: 0,
            sent: length,
            length,
        }
    }
}

impl Body for Pattern {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let n = (self.sent - self.at).min(65536) as usize;
        if n == 0 {
            return Poll::Ready(None);
        }
        let from = (self.at % 251) as usize;
        self.at += n as u64;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
            &PATTERN[from..from + n],
        )))))
    }
    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.length - self.at)
    }
}

fn pattern_response(body: Pattern) -> Response<Pattern> {
    Response::builder()
        .header("etag", ETAG)
        .header("content-type", "application/octet-stream")
        .body(body)
        .unwrap()
}

/// The parts of a `multipart/byteranges` body: each part's
/// `Content-Range` (`first`, `last`) and bytes, in the order sent.
fn multipart_parts(headers: &HeaderMap, body: &[u8]) -> Vec<((u64, u64), Vec<u8>)> {
    let content_type = headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap();
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    loop {
        let at = find(rest, delimiter.as_bytes()).unwrap();
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            return parts;
        }
        let head_end = find(rest, b"\r\n\r\n").unwrap();
        let head = std::str::from_utf8(&rest[..head_end]).unwrap();
        let range = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Range: bytes "))
            .unwrap();
        let (first, last) = range.split_once('/').unwrap().0.split_once('-').unwrap();
        let (first, last): (u64, u64) = (first.parse().unwrap(), last.parse().unwrap());
        let data = &rest[head_end + 4..];
        let len = (last - first + 1) as usize;
        parts.push(((first, last), data[..len].to_vec()));
        assert!(data[len..].starts_with(b"\r\n"));
        rest = &data[len..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Each part carries the pattern's bytes for its range.
fn assert_pattern_parts(parts: &[((u64, u64), Vec<u8>)]) {
    for ((first, last), bytes) in parts {
        assert_eq!(bytes.len() as u64, last - first + 1);
        assert!(
            bytes.iter().zip(*first..).all(|(&b, i)| b == pattern_byte(i)),
            "bytes of part {first}-{last}"
        );
    }
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().build().unwrap()
}

/// Issue 13: the response head of out-of-order ranges over a 16 MiB
/// streamed body allocated the whole 16 MiB before a byte was read (32
/// clients that did not read held 512 MiB). Nothing like the body's length
/// may be allocated before the body is read.
#[test]
fn out_of_order_ranges_allocate_nothing_like_the_body_at_the_response_head() {
    let runtime = current_thread();
    let service = ConditionalLayer::new().layer(service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(pattern_response(Pattern::new(16 * MIB)))
    }));
    for range in ["bytes=1-1,0-0", "bytes=8388608-16777215,0-8388607"] {
        let (bytes, response) = allocated(|| {
            runtime
                .block_on(service.clone().oneshot(get(&[("range", range)])))
                .unwrap()
        });
        assert_eq!(response.status(), 206, "{range}");
        assert!(bytes < 64 * 1024, "{range}: {bytes} bytes allocated for the head");
    }
}

/// Reading the response to `bytes=1-1,0-0` reads the first frame of the
/// inner body, holds its byte 0 until the second part, and stops: it
/// allocates next to nothing, not the 16 MiB body.
#[test]
fn out_of_order_ranges_hold_only_the_bytes_requested() {
    let runtime = current_thread();
    let service = ConditionalLayer::new().layer(service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(pattern_response(Pattern::new(16 * MIB)))
    }));
    let (bytes, (headers, body)) = allocated(|| {
        runtime.block_on(async {
            let response = service.oneshot(get(&[("range", "bytes=1-1,0-0")])).await.unwrap();
            let (parts, body) = response.into_parts();
            (parts.headers, body.collect().await.unwrap().to_bytes())
        })
    });
    let parts = multipart_parts(&headers, &body);
    assert_eq!(
        parts,
        [((1, 1), vec![pattern_byte(1)]), ((0, 0), vec![pattern_byte(0)])]
    );
    assert!(bytes < 64 * 1024, "{bytes} bytes allocated");
}

/// A body whose exact size hint says 64 GiB, with `max_body(u64::MAX)`:
/// the layer used to allocate the hinted length at once, and the process
/// aborted (`memory allocation of 68719476736 bytes failed`). Now the
/// ranges are read as they arrive; a body that ends early ends the 206
/// with a `LengthMismatch`.
#[test]
fn a_64_gib_size_hint_with_max_body_u64_max_does_not_abort() {
    const HINT: u64 = 64 << 30;
    let runtime = current_thread();
    let service = ConditionalLayer::new()
        .max_body(u64::MAX)
        .layer(service_fn(|_req: Request<()>| async {
            Ok::<_, Infallible>(pattern_response(Pattern {
                at: 0,
                sent: 10_000,
                length: HINT,
            }))
        }));
    let (bytes, ()) = allocated(|| {
        runtime.block_on(async {
            // The two ranges lie in the bytes that come.
            let response = service
                .clone()
                .oneshot(get(&[("range", "bytes=1-1,0-0")]))
                .await
                .unwrap();
            assert_eq!(response.status(), 206);
            let (parts, body) = response.into_parts();
            let body = body.collect().await.unwrap().to_bytes();
            assert_eq!(
                multipart_parts(&parts.headers, &body),
                [((1, 1), vec![pattern_byte(1)]), ((0, 0), vec![pattern_byte(0)])]
            );
            // The first range is the last byte, which never comes.
            let response = service
                .clone()
                .oneshot(get(&[("range", "bytes=-1,0-0")]))
                .await
                .unwrap();
            assert_eq!(response.status(), 206);
            let error = response.into_body().collect().await.unwrap_err();
            let mismatch = error.downcast_ref::<LengthMismatch>().unwrap();
            assert_eq!((mismatch.expected(), mismatch.received()), (HINT, 10_000));
        })
    });
    assert!(bytes < MIB, "{bytes} bytes allocated");
}

/// The order of a 206's parts, by their first byte.
fn part_order(headers: &HeaderMap, body: &[u8]) -> Vec<u64> {
    let parts = multipart_parts(headers, body);
    assert_pattern_parts(&parts);
    parts.iter().map(|((first, _), _)| *first).collect()
}

/// The default budget (1 MiB for all the layer's in-flight responses):
/// each `bytes=1048576-1310719,0-262143` holds the 256 KiB of its second
/// part, which pass before its turn. Four responses fit; while they are in
/// flight, the fifth and sixth are served in ascending order, holding
/// nothing. Once they are done the budget is free again.
#[tokio::test]
async fn out_of_order_ranges_beyond_the_budget_are_served_in_ascending_order() {
    let service = ConditionalLayer::new().layer(service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(pattern_response(Pattern::new(4 * MIB)))
    }));
    let range = [("range", "bytes=1048576-1310719,0-262143")];
    let mut in_flight = Vec::new();
    for _ in 0..6 {
        in_flight.push(service.clone().oneshot(get(&range)).await.unwrap());
    }
    let mut orders = Vec::new();
    for response in in_flight {
        assert_eq!(response.status(), 206);
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        assert_eq!(parts.headers["content-length"], body.len().to_string());
        orders.push(part_order(&parts.headers, &body));
    }
    let requested = vec![1048576, 0];
    let ascending = vec![0, 1048576];
    let mut expected = vec![requested.clone(); 4];
    expected.extend([ascending.clone(), ascending]);
    assert_eq!(orders, expected);
    let response = service.oneshot(get(&range)).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    assert_eq!(part_order(&parts.headers, &body), requested);
}

/// `buffer_budget`: a response's share is taken when its head is made and
/// given back when its body is dropped unread (or finished); clones of a
/// layer share one budget. Overlapping ranges that do not fit get the full
/// 200.
#[tokio::test]
async fn buffer_budget_is_shared_and_given_back() {
    let layer = ConditionalLayer::new().buffer_budget(2);
    let service = layer.clone().layer(service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(page())
    }));
    let other = layer.layer(service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(page())
    }));
    let out_of_order = [("range", "bytes=12-15, 0-1")]; // holds 2 bytes
    let held = service.clone().oneshot(get(&out_of_order)).await.unwrap();
    assert_eq!(held.status(), 206);
    // The budget is taken: the other service built by the same layer
    // serves the parts in ascending order.
    let (parts, body) = other
        .clone()
        .oneshot(get(&out_of_order))
        .await
        .unwrap()
        .into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let text = std::str::from_utf8(&body).unwrap();
    assert_eq!(parts.status, 206);
    assert!(
        text.find("\r\n\r\n01").unwrap() < text.find("\r\n\r\ncdef").unwrap(),
        "{text}"
    );
    assert_eq!(parts.headers["content-length"], body.len().to_string());
    // Overlapping ranges cannot be put in ascending order: the full 200.
    let (parts, body) = other
        .clone()
        .oneshot(get(&[("range", "bytes=4-7, 2-5")]))
        .await
        .unwrap()
        .into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    assert_eq!((parts.status, &body[..]), (StatusCode::OK, BODY));
    // Dropped unread: the budget is back, the request order served again.
    drop(held);
    let (parts, body) = other.oneshot(get(&out_of_order)).await.unwrap().into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let text = std::str::from_utf8(&body).unwrap();
    assert_eq!(parts.status, 206);
    assert!(
        text.find("\r\n\r\ncdef").unwrap() < text.find("\r\n\r\n01").unwrap(),
        "{text}"
    );
}

/// A budget of 0 serves every out-of-order request in ascending order.
#[tokio::test]
async fn zero_budget_serves_out_of_order_ranges_ascending() {
    let layer = ConditionalLayer::new().buffer_budget(0);
    let (status, headers, body) =
        send_with(layer.clone(), page, get(&[("range", "bytes=18-19, 5-6, 0-1")])).await;
    assert_eq!(status, 206);
    let text = std::str::from_utf8(&body).unwrap();
    let at = |s: &str| text.find(&format!("\r\n\r\n{s}")).unwrap();
    assert!(at("01") < at("56") && at("56") < at("ij"), "{text}");
    assert_eq!(headers["content-length"], body.len().to_string());
    // Ascending ranges are streamed and need no budget.
    let (status, _, _) = send_with(layer, page, get(&[("range", "bytes=0-1, 5-6")])).await;
    assert_eq!(status, 206);
}

/// With an unlimited budget and `max_body`, a request whose held bytes
/// would be 1 MiB of a 64 GiB body that sends 10,000 bytes allocates for
/// the bytes that came, not for the budget's share.
#[test]
fn held_bytes_grow_with_what_arrives_not_with_the_reservation() {
    let runtime = current_thread();
    let service = ConditionalLayer::new()
        .max_body(u64::MAX)
        .buffer_budget(u64::MAX)
        .layer(service_fn(|_req: Request<()>| async {
            Ok::<_, Infallible>(pattern_response(Pattern {
                at: 0,
                sent: 10_000,
                length: 64 << 30,
            }))
        }));
    let (bytes, ()) = allocated(|| {
        runtime.block_on(async {
            let response = service
                .oneshot(get(&[("range", "bytes=-1,0-1048575")]))
                .await
                .unwrap();
            assert_eq!(response.status(), 206);
            let error = response.into_body().collect().await.unwrap_err();
            assert!(error.downcast_ref::<LengthMismatch>().is_some());
        })
    });
    assert!(bytes < 256 * 1024, "{bytes} bytes allocated");
}

/// Out of order, overlapping and repeated ranges of a body arriving in
/// small chunks, within the budget: the parts come in request order with
/// the naive slices' bytes.
#[tokio::test]
async fn held_ranges_across_chunk_boundaries_match_naive_slicing() {
    let n = BODY.len();
    for ranges in [
        "bytes=10-14, 2-5, 0-0",
        "bytes=0-9, 5-14",
        "bytes=5-14, 0-9",
        "bytes=3-4, 3-4",
        "bytes=15-19, 0-2, 10-12",
        "bytes=0-9, 7-8",
        "bytes=8-9, 0-9",
        "bytes=19-19, 0-18",
    ] {
        let (status, headers, body) =
            send_with(ConditionalLayer::new(), chunked_page, get(&[("range", ranges)])).await;
        assert_eq!(status, 206, "{ranges}");
        assert_eq!(headers["content-length"], body.len().to_string(), "{ranges}");
        let expected: Vec<(usize, usize)> = ranges
            .strip_prefix("bytes=")
            .unwrap()
            .split(", ")
            .map(|r| {
                let (f, l) = r.split_once('-').unwrap();
                (f.parse().unwrap(), l.parse().unwrap())
            })
            .collect();
        let text = std::str::from_utf8(&body).unwrap();
        let mut from = 0;
        for (f, l) in expected {
            let head = format!("Content-Range: bytes {f}-{l}/{n}\r\n\r\n");
            let at = from + text[from..].find(&head).unwrap() + head.len();
            assert_eq!(&body[at..=at + l - f], &BODY[f..=l], "{ranges} part {f}-{l}");
            from = at;
        }
    }
}

// HEAD answered 304 under axum (issue 14). axum's router wraps every layer
// it is given in a step that sets `Content-Length` from the body's exact
// size hint when the response has none (`set_content_length` in
// axum/src/routing/route.rs), and, for HEAD, replaces the body with an
// empty one afterwards; hyper drops a 304's `Content-Length` for GET but
// sends it for HEAD. So the layer's 304 must not report an exact size of 0
// (nor carry a length other than the 200's): RFC 9110 §8.6 allows
// `Content-Length` on a 304 or a HEAD response only with the 200's value.

/// axum's last step on a response, as in `RouteFuture::poll`: an exact
/// size hint becomes `Content-Length` unless the response has one; then a
/// HEAD response's body is dropped.
fn axum_like_finish<B: Body>(method: &Method, response: Response<B>) -> Response<Full<Bytes>>
where
    B::Data: Send,
{
    let (mut parts, body) = response.into_parts();
    if !parts.headers.contains_key("content-length")
        && let Some(size) = body.size_hint().exact()
    {
        parts.headers.insert("content-length", size.into());
    }
    assert!(*method == Method::HEAD, "only HEAD is served here");
    Response::from_parts(parts, Full::new(Bytes::new()))
}

/// The inner 200 to HEAD as an axum handler's route gives it: the GET's
/// `Content-Length` (20) and an empty body whose exact size is 0.
fn axum_head_page() -> Response<Full<Bytes>> {
    let (parts, _) = page().into_parts();
    Response::from_parts(parts, Full::new(Bytes::new()))
}

#[tokio::test]
async fn head_304_has_no_content_length_other_than_the_200s_under_an_axum_like_router() {
    let service = ConditionalLayer::new().layer(service_fn(|_req: Request<()>| async {
        Ok::<_, Infallible>(axum_head_page())
    }));
    let request = request(Method::HEAD, &[("if-none-match", ETAG)]);
    let response = service.oneshot(request).await.unwrap();
    let response = axum_like_finish(&Method::HEAD, response);
    assert_eq!(response.status(), 304);
    let length = response.headers().get("content-length");
    assert!(
        length.is_none() || length.unwrap() == "20",
        "304 to HEAD with Content-Length {length:?} (the 200's is 20)"
    );
}

/// The same over a real socket: hyper serves the layer behind the axum-like
/// step on 127.0.0.1, and the raw response head is read off the wire.
#[tokio::test]
async fn head_304_on_the_wire_has_no_content_length_0() {
    use hyper::server::conn::http1;
    use hyper_util::rt::TokioIo;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let service = hyper::service::service_fn(|req: Request<hyper::body::Incoming>| async move {
            let method = req.method().clone();
            let inner = ConditionalLayer::new().layer(service_fn(|_req: Request<()>| async {
                Ok::<_, Infallible>(axum_head_page())
            }));
            let response = inner.oneshot(req.map(|_| ())).await.unwrap();
            Ok::<_, Infallible>(axum_like_finish(&method, response))
        });
        http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service)
            .await
            .unwrap();
    });
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request =
        format!("HEAD /doc HTTP/1.1\r\nhost: x\r\nif-none-match: {ETAG}\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut wire = Vec::new();
    stream.read_to_end(&mut wire).await.unwrap();
    server.await.unwrap();
    let wire = String::from_utf8(wire).unwrap().to_ascii_lowercase();
    assert!(wire.starts_with("http/1.1 304 not modified\r\n"), "{wire}");
    assert!(wire.contains(&format!("etag: {ETAG}\r\n")), "{wire}");
    assert!(!wire.contains("content-length"), "{wire}");
    assert!(wire.ends_with("\r\n\r\n"), "{wire}");
}
