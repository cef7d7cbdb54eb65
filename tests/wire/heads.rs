//! The response heads every adapter's socket test holds its server to: the
//! same requests, the same exact field sets and bodies, so hyper
//! (`tests/respond.rs`), an axum `Router` (`tests/axum.rs`) and actix-web
//! (`tests/actix.rs`) answer alike. Each
//! check takes the address of a server whose `/` serves `PAGE`-like variants
//! (`text/html` "h1" of 19 bytes, `application/json` "j1" of 17; GET, HEAD,
//! PUT allowed) and whose `/data` serves JSON only.
#![allow(dead_code)]

use std::net::SocketAddr;

use conneg::{EntityTag, MethodSet, RequestMethod, Variant};

use super::{parts, send};

pub const HTML: &str = "<p>hello, world</p>"; // 19 bytes
pub const JSON: &str = r#"{"hello":"world"}"#; // 17 bytes
pub const PAGE: [Variant<'static>; 2] = [
    Variant::new("text/html")
        .with_etag(EntityTag::from_static("\"h1\""))
        .with_length(19),
    Variant::new("application/json")
        .with_etag(EntityTag::from_static("\"j1\""))
        .with_length(17),
];
pub const BODIES: [&str; 2] = [HTML, JSON];
/// `/data`: JSON only, so a browser's `Accept: text/html` gets the HTML 406.
pub const DATA: [Variant<'static>; 1] = [Variant::new("application/json").with_length(17)];
pub const ALLOWED: MethodSet = MethodSet::EMPTY.with(RequestMethod::Get).with(RequestMethod::Put);

const JSON_ACCEPT: (&str, &str) = ("Accept", "application/json");

pub async fn ok_200_and_head(addr: SocketAddr) {
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

    // HEAD: the GET's fields, its Content-Length (not actix's 0), no body.
    let h = send(addr, "HEAD", "/", &[JSON_ACCEPT], b"").await;
    assert_eq!(h.status, 200);
    let mut head_fields: Vec<_> = h.fields.iter().filter(|(n, _)| n != "date").collect();
    let mut get_fields: Vec<_> = r.fields.iter().filter(|(n, _)| n != "date").collect();
    head_fields.sort();
    get_fields.sort();
    assert_eq!(head_fields, get_fields);
    assert!(h.body.is_empty());
}

pub async fn partial_206_single(addr: SocketAddr) {
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

    // Range is defined for GET only (RFC 9110 §14.2): HEAD gets the 200's
    // head, with the whole representation's Content-Length and no body.
    let h = send(addr, "HEAD", "/", &[("Range", "bytes=3-4")], b"").await;
    h.assert_fields(&["accept-ranges", "content-length", "content-type", "etag", "vary"]);
    assert_eq!((h.status, h.h("content-length"), h.body.len()), (200, "19", 0));
}

pub async fn partial_206_multipart(addr: SocketAddr) {
    let r = send(addr, "GET", "/", &[JSON_ACCEPT, ("Range", "bytes=0-1,-2")], b"").await;
    assert_eq!(r.status, 206);
    r.assert_fields(&["accept-ranges", "content-length", "content-type", "etag", "vary"]);
    let boundary = r
        .h("content-type")
        .strip_prefix("multipart/byteranges; boundary=")
        .expect("multipart")
        .to_owned();
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    assert_eq!(
        parts(&r.body, &boundary),
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

pub async fn not_modified_304_get_and_head(addr: SocketAddr) {
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

pub async fn method_not_allowed_405(addr: SocketAddr) {
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

pub async fn not_acceptable_406(addr: SocketAddr) {
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
    let browser = [("Accept", "text/html,application/xhtml+xml")];
    let r = send(addr, "GET", "/data", &browser, b"").await;
    assert_eq!(r.status, 406);
    r.assert_fields(&["content-length", "content-type", "vary"]);
    assert_eq!(r.h("content-type"), "text/html; charset=utf-8");
    assert!(
        String::from_utf8(r.body.clone())
            .unwrap()
            .contains("<li>application/json</li>")
    );
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    // HEAD: the same fields and Content-Length, no body.
    let h = send(addr, "HEAD", "/data", &browser, b"").await;
    h.assert_fields(&["content-length", "content-type", "vary"]);
    assert_eq!(
        (h.status, h.h("content-length"), h.body.len()),
        (406, r.h("content-length"), 0)
    );
}

pub async fn precondition_failed_412_and_required_428(addr: SocketAddr) {
    let r = send(addr, "PUT", "/", &[("If-Match", "\"old\"")], b"x").await;
    assert_eq!(r.status, 412);
    r.assert_fields(&["content-length", "content-type"]);
    assert_eq!(r.h("content-type"), "application/problem+json");
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 412);
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    let r = send(addr, "PUT", "/", &[], b"x").await;
    assert_eq!(r.status, 428);
    r.assert_fields(&["cache-control", "content-length", "content-type"]);
    // Caches must not store a 428 (RFC 6585 §3).
    assert_eq!(r.h("cache-control"), "no-store");
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 428);
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    // The current tag: the update goes ahead (the host's 204).
    let r = send(addr, "PUT", "/", &[("If-Match", "\"h1\"")], b"x").await;
    assert_eq!((r.status, r.h("etag")), (204, "\"h2\""));
}

pub async fn range_not_satisfiable_416(addr: SocketAddr) {
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
