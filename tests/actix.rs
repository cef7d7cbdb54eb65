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
    Accept, EntityTag, Field, MethodNotAllowed, Outcome, Problem, RequestMethod, Resource, Variant,
};
use wire::heads::{self, ALLOWED, BODIES, DATA, JSON, PAGE};
use wire::send;

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

#[tokio::test]
async fn ok_200_and_head() {
    heads::ok_200_and_head(server()).await;
}

#[tokio::test]
async fn partial_206_single() {
    heads::partial_206_single(server()).await;
}

#[tokio::test]
async fn partial_206_multipart() {
    heads::partial_206_multipart(server()).await;
}

#[tokio::test]
async fn not_modified_304_get_and_head() {
    heads::not_modified_304_get_and_head(server()).await;
}

#[tokio::test]
async fn method_not_allowed_405() {
    heads::method_not_allowed_405(server()).await;
}

#[tokio::test]
async fn not_acceptable_406() {
    heads::not_acceptable_406(server()).await;
}

#[tokio::test]
async fn precondition_failed_412_and_required_428() {
    heads::precondition_failed_412_and_required_428(server()).await;
}

#[tokio::test]
async fn range_not_satisfiable_416() {
    heads::range_not_satisfiable_416(server()).await;
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
