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
use conneg::{Outcome, RequestMethod, Resource, Variant};
use hyper_util::rt::TokioIo;
use wire::heads::{self, ALLOWED, BODIES, DATA, JSON, PAGE};

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
