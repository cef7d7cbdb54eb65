//! The `actix` adapter over real sockets: an `actix_web::HttpServer` on
//! 127.0.0.1 answering every status conneg decides with
//! `conneg::adapters::actix::respond`, each response read raw off the
//! socket (tests/wire) and checked for exactly the fields RFC 9110 requires
//! — the same heads tests/respond.rs (hyper) and tests/axum.rs hold their
//! adapters to. Also: reading an actix request allocates nothing.
//! `cargo test --features actix --test actix -- --nocapture` prints each
//! response head.
#![cfg(feature = "actix")]

mod counting;
mod wire;

use std::net::SocketAddr;
use std::sync::OnceLock;

use actix_web::test::TestRequest;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use conneg::adapters::actix::{HeaderLines, MAX_FIELD_LINES, problem, respond};
use conneg::{
    Accept, EntityTag, Field, MethodNotAllowed, MethodSet, Outcome, Problem, RequestMethod, Resource, Variant,
};
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

async fn handle(req: HttpRequest) -> Result<HttpResponse, MethodNotAllowed> {
    let lines = HeaderLines::from_request(&req);
    ALLOWED.check(lines.method())?; // 405 with Allow (MethodNotAllowed: ResponseError)
    let (variants, bodies): (&[Variant<'static>], &[&'static str]) = match req.path() {
        "/data" => (&DATA, &[JSON]),
        _ => (&PAGE, &BODIES),
    };
    let decision = Resource::new(variants)
        .require_precondition(true)
        .decide(&lines.request());
    if decision.method() == RequestMethod::Put && decision.outcome() == Outcome::Full {
        // The update (the host's response).
        return Ok(HttpResponse::NoContent()
            .insert_header(("etag", "\"h2\""))
            .finish());
    }
    let body = decision.variant_index().map_or("", |i| bodies[i]);
    Ok(respond(&decision, body))
}

/// Answers 400 to a malformed `Accept` (strict mode), else 204.
async fn strict(req: HttpRequest) -> HttpResponse {
    let lines = HeaderLines::from_request(&req);
    match Accept::from_field(lines.request().get(Field::Accept)).validate() {
        Err(err) => problem(&Problem::bad_request(&err)),
        Ok(()) => HttpResponse::NoContent().finish(),
    }
}

/// The server, started once on its own thread (actix runs its own
/// single-threaded runtime), shared by the tests.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                HttpServer::new(|| {
                    App::new()
                        .route("/strict", web::get().to(strict))
                        .default_service(web::to(handle))
                })
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run()
                .await
            })
        });
        addr
    })
}

const JSON_ACCEPT: (&str, &str) = ("Accept", "application/json");

#[tokio::test]
async fn ok_200_and_head() {
    let addr = server();
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

#[tokio::test]
async fn partial_206_single() {
    let addr = server();
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

#[tokio::test]
async fn partial_206_multipart() {
    let addr = server();
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

#[tokio::test]
async fn not_modified_304_get_and_head() {
    let addr = server();
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
    let addr = server();
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
    let addr = server();
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

#[tokio::test]
async fn precondition_failed_412_and_required_428() {
    let addr = server();
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
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    // The current tag: the update goes ahead (the host's 204).
    let r = send(addr, "PUT", "/", &[("If-Match", "\"h1\"")], b"x").await;
    assert_eq!((r.status, r.h("etag")), (204, "\"h2\""));
}

#[tokio::test]
async fn range_not_satisfiable_416() {
    let addr = server();
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
async fn bad_request_400() {
    let addr = server();
    let r = send(addr, "GET", "/strict", &[("Accept", "text/html;q=2")], b"").await;
    assert_eq!(r.status, 400);
    r.assert_fields(&["content-length", "content-type"]);
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 400);
    assert_eq!(r.h("content-length"), r.body.len().to_string());
}

#[test]
fn not_found_404_and_a_lying_length_500() {
    use actix_web::body::MessageBody;
    // No variants: 404 with its problem body.
    let decision = Resource::new(&[]).decide(&conneg::RequestHead::new(RequestMethod::Get));
    let response = respond(&decision, "");
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    let body = response.into_body().try_into_bytes().unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["status"],
        404
    );
    // Bytes shorter than the variant's length: 500, not a lying Content-Length.
    let decision = Resource::new(&PAGE).decide(&conneg::RequestHead::new(RequestMethod::Get));
    assert_eq!(respond(&decision, "short").status(), 500);
}

/// `Problem` is a `Responder`, `MethodNotAllowed` a `ResponseError` (the
/// 405 test above goes through `?`): both give the adapter's responses.
#[test]
fn problem_responder_and_method_not_allowed_error() {
    use actix_web::{Responder, ResponseError};
    let req = TestRequest::get().to_http_request();
    let err = Accept::new(b"text/html;q=2").validate().unwrap_err();
    let response = Problem::bad_request(&err).respond_to(&req);
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    let refused = ALLOWED.check(RequestMethod::Delete).unwrap_err();
    assert_eq!(refused.status_code(), 405);
    assert_eq!(
        refused.error_response().headers().get("allow").unwrap(),
        "GET, HEAD, PUT"
    );
}

/// Reading the method and the ten fields out of an actix `HttpRequest`,
/// and deciding on them, allocates nothing — also with a field over the
/// line cap (read as invalid, not truncated).
#[test]
fn reading_an_actix_request_is_allocation_free() {
    use std::hint::black_box;
    let mut req = TestRequest::get()
        .uri("/doc")
        .append_header(("Accept", "text/html;q=0.9"))
        .append_header(("accept", "application/json"))
        .append_header(("Accept-Language", "de, en;q=0.5"))
        .append_header(("Accept-Encoding", "gzip, br"))
        .append_header(("Accept-Charset", "utf-8"))
        .append_header(("If-Match", "\"j1\""))
        .append_header(("If-None-Match", "\"x\""))
        .append_header(("If-None-Match", "\"j1\""))
        .append_header(("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"))
        .append_header(("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"))
        .append_header(("If-Range", "\"j1\""))
        .append_header(("Range", "bytes=0-9, 20-29"))
        .append_header(("Cookie", "not=read"));
    for _ in 0..=MAX_FIELD_LINES {
        req = req.append_header(("accept-charset", "latin1"));
    }
    let req = req.to_http_request();
    let variants = [
        Variant::new("text/html")
            .with_etag(EntityTag::from_static("\"h1\""))
            .with_length(100),
        Variant::new("application/json")
            .with_etag(EntityTag::from_static("\"j1\""))
            .with_length(40),
    ];
    let resource = Resource::new(&variants);
    let (n, (outcome, charset_lines, received)) = counting::allocations(|| {
        let lines = black_box(HeaderLines::from_request(black_box(&req)));
        let head = lines.request();
        black_box(head.get(Field::Accept).line_count());
        let outcome = resource.decide(&head).outcome();
        let lines = HeaderLines::new(black_box(req.method()), black_box(req.headers()));
        black_box(conneg::adapters::actix::method(req.method()));
        (
            outcome,
            lines.field(Field::AcceptCharset).is_absent(),
            lines.received(Field::AcceptCharset),
        )
    });
    assert_eq!(n, 0, "reading allocated {n} times");
    // And the reading was the real thing: JSON chosen, its tag matched by
    // If-None-Match on the second line; Accept-Charset over the cap reads
    // as absent, all 18 lines counted.
    assert_eq!(outcome, Outcome::NotModified);
    assert!(charset_lines);
    assert_eq!(received, MAX_FIELD_LINES + 2);
}
