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
use conneg::{
    Accept, EntityTag, Field, MethodNotAllowed, MethodSet, Outcome, Problem, RequestMethod, Resource, Variant,
};
use wire::{parts, send};

const PAGE: [Variant<'static>; 2] = [
    Variant::new("text/html")
        .with_etag(EntityTag::from_static("\"h1\""))
        .with_length(19),
    Variant::new("application/json")
        .with_etag(EntityTag::from_static("\"j1\""))
        .with_length(17),
];
const BODIES: [&str; 2] = ["<p>hello, world</p>", r#"{"hello":"world"}"#];
const ALLOWED: MethodSet = MethodSet::EMPTY.with(RequestMethod::Get).with(RequestMethod::Put);

async fn page(fields: RequestFields) -> Result<Response, MethodNotAllowed> {
    ALLOWED.check(fields.method())?;
    // Unsafe methods must send a validator (428 without one).
    let decision = fields.decide(&Resource::new(&PAGE).require_precondition(true));
    if fields.method() == RequestMethod::Put && decision.outcome() == Outcome::Full {
        return Ok((http::StatusCode::NO_CONTENT, [("etag", "\"h2\"")]).into_response());
    }
    let body = decision.variant_index().map_or("", |i| BODIES[i]);
    Ok(respond(&decision, body).into_response())
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
    let app = Router::new().route("/", any(page)).route("/strict", get(strict));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

#[tokio::test]
async fn head_if_none_match_gets_304_without_content_length() {
    let addr = server().await;
    for method in ["HEAD", "GET"] {
        let r = send(
            addr,
            method,
            "/",
            &[("Accept", "application/json"), ("If-None-Match", "\"j1\"")],
            b"",
        )
        .await;
        assert_eq!(r.status, 304);
        r.assert_fields(&["etag", "vary"]);
        assert_eq!((r.h("etag"), r.h("vary")), ("\"j1\"", "Accept, Accept-Encoding"));
        assert!(r.body.is_empty());
    }
}

#[tokio::test]
async fn negotiated_get_200_head_and_406() {
    let addr = server().await;
    let r = send(addr, "GET", "/", &[("Accept", "application/json")], b"").await;
    assert_eq!(r.status, 200);
    r.assert_fields(&["accept-ranges", "content-length", "content-type", "etag", "vary"]);
    assert_eq!(
        (r.h("content-type"), r.h("content-length")),
        ("application/json", "17")
    );
    assert_eq!(r.body, BODIES[1].as_bytes());

    let h = send(addr, "HEAD", "/", &[("Accept", "application/json")], b"").await;
    h.assert_fields(&["accept-ranges", "content-length", "content-type", "etag", "vary"]);
    assert_eq!((h.status, h.h("content-length"), h.body.len()), (200, "17", 0));

    let r = send(addr, "GET", "/", &[("Accept", "image/png")], b"").await;
    assert_eq!(r.status, 406);
    r.assert_fields(&["content-length", "content-type", "vary"]);
    assert_eq!(
        (r.h("vary"), r.h("content-type")),
        ("Accept, Accept-Encoding", "application/problem+json")
    );
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        json["alternatives"],
        serde_json::json!([{"type": "text/html"}, {"type": "application/json"}])
    );
    assert_eq!(r.h("content-length"), r.body.len().to_string());
}

#[tokio::test]
async fn conditional_put_412_428_and_go_ahead() {
    let addr = server().await;
    let r = send(addr, "PUT", "/", &[("If-Match", "\"stale\"")], b"new").await;
    assert_eq!(r.status, 412);
    r.assert_fields(&["content-length", "content-type"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["status"],
        412
    );

    let r = send(addr, "PUT", "/", &[], b"new").await;
    assert_eq!(r.status, 428);
    r.assert_fields(&["content-length", "content-type"]);
    assert_eq!(r.h("content-type"), "application/problem+json");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["status"],
        428
    );

    let r = send(addr, "PUT", "/", &[("If-Match", "\"h1\"")], b"new").await;
    assert_eq!((r.status, r.h("etag")), (204, "\"h2\""));
}

#[tokio::test]
async fn multipart_206_and_416() {
    let addr = server().await;
    let r = send(addr, "GET", "/", &[("Range", "bytes=0-2,16-")], b"").await;
    assert_eq!(r.status, 206);
    r.assert_fields(&["accept-ranges", "content-length", "content-type", "etag", "vary"]);
    let boundary = r
        .h("content-type")
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap()
        .to_owned();
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    assert_eq!(
        parts(&r.body, &boundary),
        [
            (
                "Content-Type: text/html\r\nContent-Range: bytes 0-2/19".to_owned(),
                b"<p>".to_vec()
            ),
            (
                "Content-Type: text/html\r\nContent-Range: bytes 16-18/19".to_owned(),
                b"/p>".to_vec()
            ),
        ]
    );

    let r = send(addr, "GET", "/", &[("Range", "bytes=5-9")], b"").await;
    assert_eq!(
        (r.status, r.h("content-range"), r.body.as_slice()),
        (206, "bytes 5-9/19", &b"llo, "[..])
    );

    let r = send(addr, "GET", "/", &[("Range", "bytes=19-")], b"").await;
    assert_eq!(r.status, 416);
    r.assert_fields(&[
        "accept-ranges",
        "content-length",
        "content-range",
        "content-type",
        "vary",
    ]);
    assert_eq!(r.h("content-range"), "bytes */19");
}

#[tokio::test]
async fn method_not_allowed_405_and_problem_400() {
    let addr = server().await;
    let r = send(addr, "DELETE", "/", &[], b"").await;
    assert_eq!(r.status, 405);
    r.assert_fields(&["allow", "content-length", "content-type"]);
    assert_eq!(
        (r.h("allow"), r.h("content-type")),
        ("GET, HEAD, PUT", "application/problem+json")
    );
    assert_eq!(r.h("content-length"), r.body.len().to_string());

    let r = send(addr, "GET", "/strict", &[("Accept", "text/html;q=2")], b"").await;
    assert_eq!(r.status, 400);
    r.assert_fields(&["content-length", "content-type"]);
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["status"], 400);
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
