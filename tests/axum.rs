//! The `axum` adapter through an `axum::Router` served on 127.0.0.1
//! (`axum::serve`): the `RequestFields` extractor, `respond` returned from
//! handlers, `MethodNotAllowed` and `Problem` as responses. Each response is
//! read raw off the socket, so a field axum or hyper adds is seen.
#![cfg(feature = "axum")]

mod wire;

use std::net::SocketAddr;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use conneg::adapters::axum::RequestFields;
use conneg::adapters::http::respond;
use conneg::{Accept, Field, MethodNotAllowed, Outcome, Problem, RequestMethod, Resource, Variant};
use wire::heads::{self, ALLOWED, BODIES, DATA, JSON, PAGE};
use wire::send;

/// `/` and `/data` as tests/wire/heads.rs expects them, through the
/// extractor and `respond`; a PUT that passes its precondition is the
/// handler's 204.
async fn serve(
    fields: RequestFields,
    variants: &[Variant<'static>],
    bodies: &[&'static str],
) -> Result<Response, MethodNotAllowed> {
    ALLOWED.check(fields.method())?;
    // Unsafe methods must send a validator (428 without one).
    let decision = fields.decide(&Resource::new(variants).require_precondition(true));
    if fields.method() == RequestMethod::Put && decision.outcome() == Outcome::Full {
        return Ok((http::StatusCode::NO_CONTENT, [("etag", "\"h2\"")]).into_response());
    }
    let body = decision.variant_index().map_or("", |i| bodies[i]);
    Ok(respond(&decision, body).into_response())
}

async fn page(fields: RequestFields) -> Result<Response, MethodNotAllowed> {
    serve(fields, &PAGE, &BODIES).await
}

async fn data(fields: RequestFields) -> Result<Response, MethodNotAllowed> {
    serve(fields, &DATA, &[JSON]).await
}

/// Answers 400 to a malformed `Accept` (strict mode), else 204.
async fn strict(fields: RequestFields) -> Response {
    let lines = fields.lines();
    match Accept::from_field(lines.request().get(Field::Accept)).validate() {
        Err(err) => Problem::bad_request(&err).into_response(),
        Ok(()) => http::StatusCode::NO_CONTENT.into_response(),
    }
}

async fn server() -> SocketAddr {
    let app = Router::new()
        .route("/", any(page))
        .route("/data", any(data))
        .route("/strict", get(strict));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

#[tokio::test]
async fn ok_200_and_head() {
    heads::ok_200_and_head(server().await).await;
}

#[tokio::test]
async fn partial_206_single() {
    heads::partial_206_single(server().await).await;
}

#[tokio::test]
async fn partial_206_multipart() {
    heads::partial_206_multipart(server().await).await;
}

/// HEAD + If-None-Match: a 304 without axum's `Content-Length: 0`.
#[tokio::test]
async fn not_modified_304_get_and_head() {
    heads::not_modified_304_get_and_head(server().await).await;
}

#[tokio::test]
async fn method_not_allowed_405() {
    heads::method_not_allowed_405(server().await).await;
}

#[tokio::test]
async fn not_acceptable_406() {
    heads::not_acceptable_406(server().await).await;
}

#[tokio::test]
async fn precondition_failed_412_and_required_428() {
    heads::precondition_failed_412_and_required_428(server().await).await;
}

#[tokio::test]
async fn range_not_satisfiable_416() {
    heads::range_not_satisfiable_416(server().await).await;
}

#[tokio::test]
async fn problem_400_from_strict_parsing() {
    let r = send(
        server().await,
        "GET",
        "/strict",
        &[("Accept", "text/html;q=2")],
        b"",
    )
    .await;
    assert_eq!(r.status, 400);
    r.assert_fields(&["content-length", "content-type"]);
    assert_eq!(r.h("content-type"), "application/problem+json");
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 400);
    assert_eq!(r.h("content-length"), r.body.len().to_string());
}

#[path = "counting/mod.rs"]
mod counting;

/// Reading a request under axum: the extractor's copy of the ten fields costs
/// about an allocation per line kept (the map, sized once, and the values'
/// first shared clones), none without those fields; reading its lines and
/// deciding allocate nothing.
#[test]
fn the_extractor_allocates_a_bounded_map_and_reading_it_nothing() {
    let request = |lines: usize| {
        let mut builder = http::Request::get("/")
            .header("accept", "application/json")
            .header("if-none-match", "\"x\"")
            .header("cookie", "not=kept");
        for _ in 0..lines {
            builder = builder
                .header("if-none-match", "\"j1\"")
                .header("accept-language", "de");
        }
        builder.body(()).unwrap().into_parts().0
    };
    let resource = Resource::new(&PAGE);
    let mut counts = Vec::new();
    for lines in [1, 4, 12] {
        let parts = request(lines);
        let (extract, fields) = counting::allocations(|| RequestFields::from_parts(&parts));
        assert_eq!(
            fields.headers().len(),
            2 + 2 * lines,
            "only the ten fields are kept"
        );
        let (read, outcome) = counting::allocations(|| fields.decide(&resource).outcome());
        assert_eq!(read, 0, "reading and deciding allocated {read} times");
        assert_eq!(outcome, Outcome::NotModified);
        let kept = fields.headers().len();
        assert!(extract <= 3 + 2 * kept, "{extract} allocations for {kept} lines");
        counts.push(extract);
    }
    assert!(counts.windows(2).all(|w| w[0] < w[1]), "{counts:?}");
    let bare = http::Request::get("/")
        .header("cookie", "x")
        .body(())
        .unwrap()
        .into_parts()
        .0;
    let (none, fields) = counting::allocations(|| RequestFields::from_parts(&bare));
    assert_eq!((none, fields.headers().len()), (0, 0));
}
