//! `StatusResponse` over real sockets: a hyper HTTP/1.1 server (and an
//! axum Router, for `IntoResponse`) answering with
//! `conneg::adapters::http::status_response`, each response read raw off
//! the socket and checked for exactly the fields its status requires.
//! `cargo test --all-features --test status_wire -- --nocapture` prints
//! each response head.
#![cfg(feature = "response")]

// The multipart helpers are for the other socket tests.
#[allow(dead_code)]
mod wire;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use conneg::adapters::http::{Body, status_response, status_response_with};
use conneg::response_status::{Challenge, Location, Redirect, Validators, WriteBody, WriteOutcome};
use conneg::{EntityTag, HttpDate, RetryAfter, StatusResponse};
use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wire::send;

/// 2026-12-04 00:00:00 GMT.
const STORED_AT: i64 = 1_796_342_400;
const PARAMS: [(&str, &str); 1] = [("error_description", "token \"expired\"")];

/// The handler: each path answers one status response; `/echo` says which
/// method and content it received (the target of the redirects).
async fn handle(req: http::Request<hyper::body::Incoming>) -> http::Response<Body> {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let content = req
        .into_body()
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let stored = Validators::etag(EntityTag::from_static("\"r2\""))
        .with_last_modified(HttpDate::saturating_from_unix_seconds(STORED_AT));
    match path.as_str() {
        "/notes" => status_response(&StatusResponse::written(
            WriteOutcome::Created {
                location: Location::from_static("/notes/7"),
                validators: Validators::etag(EntityTag::from_static("\"r1\"")),
            },
            WriteBody::Empty,
        )),
        "/notes-with-body" => status_response_with(
            &StatusResponse::written(
                WriteOutcome::Created {
                    location: Location::from_static("/notes/8"),
                    validators: Validators::NONE,
                },
                WriteBody::Content,
            ),
            "application/json",
            Bytes::from_static(br#"{"id":8}"#),
        ),
        "/notes/7" if method == http::Method::DELETE => {
            status_response(&StatusResponse::written(WriteOutcome::Deleted, WriteBody::Empty))
        }
        "/notes/7" => status_response(&StatusResponse::written(
            WriteOutcome::Updated { validators: stored },
            WriteBody::Empty,
        )),
        "/old-301" => status_response(&StatusResponse::redirect(
            Redirect::MovedPermanently,
            Location::from_static("/echo"),
        )),
        "/old-308" => status_response(&StatusResponse::redirect(
            Redirect::Permanent,
            Location::from_static("/echo"),
        )),
        "/echo" => {
            let mut said = format!("{method} ").into_bytes();
            said.extend_from_slice(&content);
            http::Response::builder()
                .header("content-type", "text/plain")
                .header("content-length", said.len())
                .body(Body::from(Bytes::from(said)))
                .unwrap()
        }
        "/private" => {
            let challenge = Challenge::bearer("conneg \"test\"")
                .unwrap()
                .with_params(&PARAMS)
                .unwrap();
            status_response(&StatusResponse::unauthorized(challenge))
        }
        "/busy" => status_response(&StatusResponse::service_unavailable(RetryAfter::Delay(120))),
        "/slow" => status_response(&StatusResponse::request_timeout()),
        _ => status_response(&StatusResponse::not_found()),
    }
}

async fn server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(|req| async move { Ok::<_, Infallible>(handle(req).await) });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).expect("valid JSON")
}

#[tokio::test]
async fn s201_created_with_location_and_etag() {
    let addr = server().await;
    let r = send(
        addr,
        "POST",
        "/notes",
        &[("Content-Type", "text/plain")],
        b"buy milk",
    )
    .await;
    assert_eq!(r.status, 201);
    r.assert_fields(&["content-length", "etag", "location"]);
    assert_eq!(
        (r.h("location"), r.h("etag"), r.h("content-length")),
        ("/notes/7", "\"r1\"", "0")
    );
    assert!(r.body.is_empty());

    // With the handler's own content: its type and length, the same Location.
    let r = send(addr, "POST", "/notes-with-body", &[], b"x").await;
    assert_eq!(r.status, 201);
    r.assert_fields(&["content-length", "content-type", "location"]);
    assert_eq!(
        (r.h("location"), r.h("content-type")),
        ("/notes/8", "application/json")
    );
    assert_eq!(
        (r.h("content-length"), r.body.as_slice()),
        ("8", &br#"{"id":8}"#[..])
    );
}

#[tokio::test]
async fn s204_after_put_and_delete_with_the_new_validators() {
    let addr = server().await;
    let r = send(
        addr,
        "PUT",
        "/notes/7",
        &[("If-Match", "\"r1\"")],
        b"buy oat milk",
    )
    .await;
    assert_eq!(r.status, 204);
    // No Content-Length on a 204 (RFC 9110 §8.6), and no content.
    r.assert_fields(&["etag", "last-modified"]);
    assert_eq!(
        (r.h("etag"), r.h("last-modified")),
        ("\"r2\"", "Fri, 04 Dec 2026 00:00:00 GMT")
    );
    assert!(r.body.is_empty());

    let r = send(addr, "DELETE", "/notes/7", &[("If-Match", "\"r2\"")], b"").await;
    assert_eq!(r.status, 204);
    r.assert_fields(&[]);
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn s301_and_s308_carry_location_and_308_keeps_the_post() {
    let addr = server().await;
    for (path, status) in [("/old-301", 301), ("/old-308", 308)] {
        let r = send(addr, "POST", path, &[("Content-Type", "text/plain")], b"hello").await;
        assert_eq!(r.status, status);
        r.assert_fields(&["content-length", "location"]);
        assert_eq!((r.h("location"), r.h("content-length")), ("/echo", "0"));
        assert!(r.body.is_empty());
    }
    // A 308 target gets the same method and content (RFC 9110 §15.4.9):
    // what a client following it sends reaches the handler as a POST.
    let r = send(addr, "POST", "/echo", &[], b"hello").await;
    assert_eq!(r.body, b"POST hello");

    // A real user agent: curl follows a 308 with the POST and its content,
    // and turns the POST into a GET on a 301 (RFC 9110 §15.4.2 lets it),
    // which is why `Redirect::Permanent` is the default for a move.
    let Some(curl) = curl() else {
        eprintln!("curl not found: the user-agent half of this test is skipped");
        return;
    };
    let follow = move |path: &str| {
        let out = std::process::Command::new(&curl)
            .args(["-sS", "--noproxy", "*", "-L", "--data-binary", "hello"])
            .arg(format!("http://{addr}{path}"))
            .output()
            .expect("run curl");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let (via_308, via_301) = tokio::task::spawn_blocking(move || (follow("/old-308"), follow("/old-301")))
        .await
        .unwrap();
    assert_eq!(via_308, "POST hello");
    assert_eq!(via_301, "GET ");
}

fn curl() -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| std::path::Path::new(dir).join("curl"))
        .find(|p| p.is_file())
}

/// Parses `scheme 1*SP auth-param *( OWS "," OWS auth-param )` with
/// quoted-string values (RFC 9110 §11.3, §5.6.4): the scheme and the
/// parameters, unescaped.
fn parse_challenge(value: &str) -> (String, Vec<(String, String)>) {
    let (scheme, mut rest) = value.split_once(' ').expect("scheme SP params");
    let mut params = Vec::new();
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=').expect("name=");
        let mut chars = after.chars();
        assert_eq!(chars.next(), Some('"'), "a quoted value in {value}");
        let mut v = String::new();
        loop {
            match chars.next().expect("closing quote") {
                '\\' => v.push(chars.next().expect("escaped char")),
                '"' => break,
                c => v.push(c),
            }
        }
        params.push((name.trim().to_ascii_lowercase(), v));
        rest = chars.as_str().trim_start().trim_start_matches(',').trim_start();
    }
    (scheme.to_owned(), params)
}

#[tokio::test]
async fn s401_carries_a_parsable_challenge_with_a_quoted_realm() {
    let addr = server().await;
    let r = send(addr, "GET", "/private", &[], b"").await;
    assert_eq!(r.status, 401);
    r.assert_fields(&["content-length", "content-type", "www-authenticate"]);
    assert_eq!(
        r.h("www-authenticate"),
        r#"Bearer realm="conneg \"test\"", error_description="token \"expired\"""#
    );
    let (scheme, params) = parse_challenge(r.h("www-authenticate"));
    assert_eq!(scheme, "Bearer");
    assert_eq!(
        params,
        [
            ("realm".to_owned(), "conneg \"test\"".to_owned()),
            ("error_description".to_owned(), "token \"expired\"".to_owned())
        ]
    );
    assert_eq!(r.h("content-type"), "application/problem+json");
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    assert_eq!(json(&r.body)["status"], 401);

    // HEAD: the same head, no content (hyper drops the body).
    let h = send(addr, "HEAD", "/private", &[], b"").await;
    assert_eq!(
        (h.status, h.h("content-length"), h.body.len()),
        (401, r.h("content-length"), 0)
    );
    assert_eq!(h.h("www-authenticate"), r.h("www-authenticate"));
}

#[tokio::test]
async fn s503_says_when_to_come_back() {
    let addr = server().await;
    let r = send(addr, "GET", "/busy", &[], b"").await;
    assert_eq!(r.status, 503);
    r.assert_fields(&["content-length", "content-type", "retry-after"]);
    assert_eq!(r.h("retry-after"), "120");
    assert_eq!(r.h("content-type"), "application/problem+json");
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    let problem = json(&r.body);
    assert_eq!(problem["status"], 503);
    assert_eq!(problem["retry_after"], 120);
}

/// Two requests pipelined on one keep-alive connection: the responses read
/// until the server closes it (or 5 s pass).
async fn pipelined(addr: SocketAddr, first: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let requests = format!(
        "GET {first} HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /busy HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(requests.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut raw))
        .await
        .expect("the server closes the connection")
        .unwrap();
    String::from_utf8(raw).unwrap()
}

#[tokio::test]
async fn s408_closes_the_connection() {
    let addr = server().await;
    let r = send(addr, "GET", "/slow", &[], b"").await;
    assert_eq!(r.status, 408);
    r.assert_fields(&["content-length", "content-type"]);
    assert_eq!(r.h("connection"), "close");
    assert_eq!(json(&r.body)["status"], 408);

    // On a keep-alive connection: after the 408 the server closes, and the
    // request behind it gets no answer (RFC 9112 §9.6).
    let raw = pipelined(addr, "/slow").await;
    assert_eq!(raw.matches("HTTP/1.1 ").count(), 1, "{raw}");
    assert!(raw.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "{raw}");
    // Control: after a 503 the connection stays open for the next request.
    let raw = pipelined(addr, "/busy").await;
    assert_eq!(raw.matches("HTTP/1.1 503 ").count(), 2, "{raw}");
}

#[cfg(feature = "axum")]
mod axum_router {
    use super::*;
    use axum::Router;
    use axum::response::{IntoResponse, Response};
    use axum::routing::{get, post};

    async fn create() -> StatusResponse<'static> {
        StatusResponse::written(
            WriteOutcome::Created {
                location: Location::from_static("/notes/9"),
                validators: Validators::etag(EntityTag::from_static("\"a1\"")),
            },
            WriteBody::Empty,
        )
    }

    async fn private() -> Response {
        StatusResponse::unauthorized(Challenge::bearer("conneg-demo").unwrap()).into_response()
    }

    async fn server() -> SocketAddr {
        let app = Router::new()
            .route("/notes", post(create))
            .route("/private", get(private))
            .route(
                "/moved",
                get(|| async { StatusResponse::redirect(Redirect::Permanent, Location::from_static("/")) }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    #[tokio::test]
    async fn status_responses_through_axum() {
        let addr = server().await;
        let r = send(addr, "POST", "/notes", &[], b"x").await;
        assert_eq!(r.status, 201);
        r.assert_fields(&["content-length", "etag", "location"]);
        assert_eq!(
            (r.h("location"), r.h("etag"), r.h("content-length")),
            ("/notes/9", "\"a1\"", "0")
        );

        let r = send(addr, "GET", "/private", &[], b"").await;
        assert_eq!(r.status, 401);
        r.assert_fields(&["content-length", "content-type", "www-authenticate"]);
        assert_eq!(r.h("www-authenticate"), "Bearer realm=\"conneg-demo\"");
        assert_eq!(json(&r.body)["status"], 401);

        let r = send(addr, "GET", "/moved", &[], b"").await;
        assert_eq!(r.status, 308);
        r.assert_fields(&["content-length", "location"]);
        assert_eq!(r.h("location"), "/");
    }
}
