//! `conneg::adapters::tower::ConditionalLayer` around `tower::service_fn` inner
//! services: conditional GET/HEAD (RFC 9110 §13.2.2) and ranges (§14).
#![cfg(feature = "tower")]

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
    let (status, _, body) = send_with(layer, page, get(&[("range", "bytes=12-15")])).await;
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
    assert!(text.find("cdef").unwrap() < text.find("\r\n\r\n01").unwrap());
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
    let (status, headers, _) = send_with(layer, page, get(&[("range", "bytes=0-3")])).await;
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
