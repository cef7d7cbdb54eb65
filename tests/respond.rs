//! `conneg::adapters::http::respond` over real sockets: a hyper HTTP/1.1
//! server answering every status conneg decides with one call, each
//! response checked on the wire for exactly the fields RFC 9110 requires
//! and its body. `cargo test --all-features --test respond -- --nocapture`
//! prints each response head.
#![cfg(feature = "response")]

mod wire;

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use conneg::adapters::http::{Body, HeaderLines, method_not_allowed, respond};
use conneg::{EntityTag, MethodSet, Outcome, RequestMethod, Resource, Variant};
use hyper_util::rt::TokioIo;
use wire::{parts, send};

const HTML: &str = "<p>hello, world</p>"; // 19 bytes
const JSON: &str = r#"{"hello":"world"}"#; // 17 bytes
const PAGE: [Variant<'static>; 2] = [
    Variant::new("text/html")
        .with_etag(EntityTag::from_static("\"h1\""))
        .with_length(19),
    Variant::new("application/json")
        .with_etag(EntityTag::from_static("\"j1\""))
        .with_length(17),
];
const BODIES: [&str; 2] = [HTML, JSON];
/// `/data`: JSON only, so a browser's `Accept: text/html` gets the HTML 406.
const DATA: [Variant<'static>; 1] = [Variant::new("application/json").with_length(17)];
const ALLOWED: MethodSet = MethodSet::EMPTY.with(RequestMethod::Get).with(RequestMethod::Put);

fn handle(req: &http::Request<hyper::body::Incoming>) -> http::Response<Body> {
    let lines = HeaderLines::from_request(req);
    if let Err(refused) = ALLOWED.check(lines.method()) {
        return method_not_allowed(&refused);
    }
    let (variants, bodies): (&[Variant<'static>], &[&str]) = match req.uri().path() {
        "/data" => (&DATA, &[JSON]),
        _ => (&PAGE, &BODIES),
    };
    let decision = Resource::new(variants)
        .require_precondition(true)
        .decide(&lines.request());
    if decision.method() == RequestMethod::Put && decision.outcome() == Outcome::Full {
        // The update (the host's response).
        return http::Response::builder()
            .status(204)
            .header("etag", "\"h2\"")
            .body(Body::empty())
            .unwrap();
    }
    let body = decision.variant_index().map_or("", |i| bodies[i]);
    respond(&decision, Bytes::from_static(body.as_bytes()))
}

async fn server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(|req| async move { Ok::<_, Infallible>(handle(&req)) });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

const JSON_ACCEPT: (&str, &str) = ("Accept", "application/json");

#[tokio::test]
async fn ok_200_and_head() {
    let addr = server().await;
    let r = send(addr, "GET", "/", &[JSON_ACCEPT], b"").await;
    assert_eq!(r.status, 200);
    r.assert_fields(&["accept-ranges", "content-length", "content-type", "etag", "vary"]);
    assert_eq!(
        (r.h("etag"), r.h("content-type"), r.h("content-length")),
        ("\"j1\"", "application/json", "17")
    );
    assert_eq!(
        (r.h("vary"), r.h("accept-ranges")),
        ("Accept, Accept-Encoding", "bytes")
    );
    assert_eq!(r.body, JSON.as_bytes());

    // HEAD: the GET's fields, its Content-Length, no body.
    let h = send(addr, "HEAD", "/", &[JSON_ACCEPT], b"").await;
    assert_eq!(h.status, 200);
    assert_eq!(
        h.fields.iter().filter(|(n, _)| n != "date").collect::<Vec<_>>(),
        r.fields.iter().filter(|(n, _)| n != "date").collect::<Vec<_>>()
    );
    assert!(h.body.is_empty());
}

#[tokio::test]
async fn partial_206_single() {
    let addr = server().await;
    let r = send(addr, "GET", "/", &[("Range", "bytes=3-4")], b"").await;
    assert_eq!(r.status, 206);
    r.assert_fields(&[
        "accept-ranges",
        "content-length",
        "content-range",
        "content-type",
        "etag",
        "vary",
    ]);
    assert_eq!(
        (r.h("content-range"), r.h("content-length"), r.h("content-type")),
        ("bytes 3-4/19", "2", "text/html")
    );
    assert_eq!(r.body, b"he");
}

#[tokio::test]
async fn partial_206_multipart() {
    let addr = server().await;
    let r = send(addr, "GET", "/", &[JSON_ACCEPT, ("Range", "bytes=0-1,-2")], b"").await;
    assert_eq!(r.status, 206);
    r.assert_fields(&["accept-ranges", "content-length", "content-type", "etag", "vary"]);
    let boundary = r
        .h("content-type")
        .strip_prefix("multipart/byteranges; boundary=")
        .expect("multipart")
        .to_owned();
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    let parts = parts(&r.body, &boundary);
    assert_eq!(
        parts,
        [
            (
                "Content-Type: application/json\r\nContent-Range: bytes 0-1/17".to_owned(),
                b"{\"".to_vec()
            ),
            (
                "Content-Type: application/json\r\nContent-Range: bytes 15-16/17".to_owned(),
                b"\"}".to_vec()
            ),
        ]
    );
}

#[tokio::test]
async fn not_modified_304_get_and_head() {
    let addr = server().await;
    for method in ["GET", "HEAD"] {
        let r = send(
            addr,
            method,
            "/",
            &[JSON_ACCEPT, ("If-None-Match", "\"j1\"")],
            b"",
        )
        .await;
        assert_eq!(r.status, 304);
        // Vary and ETag; no Content-Length (RFC 9110 §15.4.5), no Content-Type.
        r.assert_fields(&["etag", "vary"]);
        assert_eq!((r.h("etag"), r.h("vary")), ("\"j1\"", "Accept, Accept-Encoding"));
        assert!(r.body.is_empty());
    }
}

#[tokio::test]
async fn method_not_allowed_405() {
    let addr = server().await;
    let r = send(addr, "DELETE", "/", &[], b"").await;
    assert_eq!(r.status, 405);
    r.assert_fields(&["allow", "content-length", "content-type"]);
    assert_eq!(
        (r.h("allow"), r.h("content-type")),
        ("GET, HEAD, PUT", "application/problem+json")
    );
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (json["status"].as_u64(), json["allow"].as_str()),
        (Some(405), Some("GET, HEAD, PUT"))
    );
    assert_eq!(r.h("content-length"), r.body.len().to_string());
}

#[tokio::test]
async fn not_acceptable_406() {
    let addr = server().await;
    let r = send(addr, "GET", "/", &[("Accept", "image/png")], b"").await;
    assert_eq!(r.status, 406);
    r.assert_fields(&["content-length", "content-type", "vary"]);
    assert_eq!(
        (r.h("vary"), r.h("content-type")),
        ("Accept, Accept-Encoding", "application/problem+json")
    );
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 406);
    assert_eq!(
        json["alternatives"],
        serde_json::json!([{"type": "text/html"}, {"type": "application/json"}])
    );
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    // A browser gets the list as HTML (the form its Accept prefers).
    let r = send(
        addr,
        "GET",
        "/data",
        &[("Accept", "text/html,application/xhtml+xml")],
        b"",
    )
    .await;
    assert_eq!(r.status, 406);
    r.assert_fields(&["content-length", "content-type", "vary"]);
    assert_eq!(r.h("content-type"), "text/html; charset=utf-8");
    assert!(
        String::from_utf8(r.body.clone())
            .unwrap()
            .contains("<li>application/json</li>")
    );
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    // HEAD: the same fields, no body.
    let h = send(
        addr,
        "HEAD",
        "/data",
        &[("Accept", "text/html,application/xhtml+xml")],
        b"",
    )
    .await;
    assert_eq!(
        (h.status, h.h("content-length"), h.body.len()),
        (406, r.h("content-length"), 0)
    );
}

#[tokio::test]
async fn precondition_failed_412_and_required_428() {
    let addr = server().await;
    let r = send(addr, "PUT", "/", &[("If-Match", "\"old\"")], b"x").await;
    assert_eq!(r.status, 412);
    r.assert_fields(&["content-length", "content-type"]);
    assert_eq!(r.h("content-type"), "application/problem+json");
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 412);
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    let r = send(addr, "PUT", "/", &[], b"x").await;
    assert_eq!(r.status, 428);
    r.assert_fields(&["content-length", "content-type"]);
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 428);

    // The current tag: the update goes ahead (the host's 204).
    let r = send(addr, "PUT", "/", &[("If-Match", "\"h1\"")], b"x").await;
    assert_eq!((r.status, r.h("etag")), (204, "\"h2\""));
}

#[tokio::test]
async fn range_not_satisfiable_416() {
    let addr = server().await;
    let r = send(addr, "GET", "/", &[("Range", "bytes=100-")], b"").await;
    assert_eq!(r.status, 416);
    r.assert_fields(&[
        "accept-ranges",
        "content-length",
        "content-range",
        "content-type",
        "vary",
    ]);
    assert_eq!(
        (r.h("content-range"), r.h("content-type")),
        ("bytes */19", "application/problem+json")
    );
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 416);
    assert_eq!(r.h("content-length"), r.body.len().to_string());
}

#[tokio::test]
async fn not_found_404_and_a_lying_length_500() {
    // No variants: 404 with its problem body.
    let decision = Resource::new(&[]).decide(&conneg::RequestHead::new(RequestMethod::Get));
    let response = respond(&decision, Bytes::new());
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    // Bytes shorter than the variant's length: 500, not a lying Content-Length.
    let decision = Resource::new(&PAGE).decide(&conneg::RequestHead::new(RequestMethod::Get));
    assert_eq!(respond(&decision, "short").status(), 500);
}
