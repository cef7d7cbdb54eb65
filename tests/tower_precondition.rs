//! `conneg::adapters::tower::PreconditionLayer`: the preconditions of unsafe
//! methods are evaluated before the handler runs (RFC 9110 §13.2.2,
//! RFC 6585 §3). Each test counts the handler's calls (and the lookups).
#![cfg(feature = "tower")]

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use conneg::adapters::tower::{PreconditionLayer, Validators};
use conneg::{EntityTagBuf, HttpDate};
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use tower::{Layer, ServiceExt, service_fn};

/// The target's state: `Some` validators, or `None` (no current
/// representation).
#[derive(Clone)]
struct Target(Option<Validators>);

fn current() -> Validators {
    Validators::new()
        .etag(EntityTagBuf::from_hash(&[0x02], false)) // "02"
        .last_modified(HttpDate::from_unix_seconds(784_111_777).unwrap()) // Sun, 06 Nov 1994 08:49:37 GMT
}

struct Outcome {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    handler_calls: usize,
    lookups: usize,
}

async fn send(target: Target, require: bool, method: Method, fields: &[(&str, &str)]) -> Outcome {
    let calls = Arc::new(AtomicUsize::new(0));
    let lookups = Arc::new(AtomicUsize::new(0));
    let lookup = {
        let lookups = Arc::clone(&lookups);
        move |parts: &http::request::Parts| {
            assert_eq!(parts.uri.path(), "/doc");
            lookups.fetch_add(1, Ordering::SeqCst);
            let state = target.0.clone();
            async move { state }
        }
    };
    let handler = {
        let calls = Arc::clone(&calls);
        service_fn(move |request: Request<Full<Bytes>>| {
            let calls = Arc::clone(&calls);
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                // The request reaches the handler whole.
                let body = request.into_body().collect().await.unwrap().to_bytes();
                assert_eq!(&body[..], b"new content");
                Ok::<_, Infallible>(Response::new(Full::new(Bytes::from_static(b"saved"))))
            }
        })
    };
    let service = PreconditionLayer::new(lookup)
        .require_precondition(require)
        .layer(handler);
    let mut request = Request::builder().method(method).uri("/doc");
    for (name, value) in fields {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Full::new(Bytes::from_static(b"new content")))
        .unwrap();
    let response = service.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    Outcome {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
        handler_calls: calls.load(Ordering::SeqCst),
        lookups: lookups.load(Ordering::SeqCst),
    }
}

fn existing() -> Target {
    Target(Some(current()))
}

/// A refusal: the status, a problem+json body whose `status` member is
/// the status, and the handler never called.
fn assert_refused(outcome: &Outcome, status: u16) {
    assert_eq!(outcome.status, status);
    assert_eq!(outcome.handler_calls, 0, "the handler ran for a {status}");
    assert_eq!(outcome.headers["content-type"], "application/problem+json");
    assert_eq!(
        outcome.headers["content-length"],
        outcome.body.len().to_string().as_str()
    );
    let body: serde_json::Value = serde_json::from_slice(&outcome.body).unwrap();
    assert_eq!(body["status"], status);
}

fn assert_handled(outcome: &Outcome) {
    assert_eq!(
        (outcome.status, outcome.handler_calls, &outcome.body[..]),
        (StatusCode::OK, 1, &b"saved"[..])
    );
}

#[tokio::test]
async fn stale_if_match_never_reaches_the_handler() {
    let outcome = send(existing(), false, Method::PUT, &[("if-match", "\"01\"")]).await;
    assert_refused(&outcome, 412);
    assert_eq!(outcome.lookups, 1);
    let names: Vec<&str> = outcome.headers.keys().map(|n| n.as_str()).collect();
    assert_eq!(names, ["content-type", "content-length"]);
}

#[tokio::test]
async fn matching_if_match_reaches_the_handler_once() {
    let outcome = send(existing(), false, Method::PUT, &[("if-match", "\"00\", \"02\"")]).await;
    assert_handled(&outcome);
    assert_eq!(outcome.lookups, 1);
}

#[tokio::test]
async fn weak_tag_never_satisfies_if_match() {
    // Strong comparison (RFC 9110 §13.1.1).
    let outcome = send(existing(), false, Method::DELETE, &[("if-match", "W/\"02\"")]).await;
    assert_refused(&outcome, 412);
}

#[tokio::test]
async fn missing_precondition_with_the_428_policy() {
    let outcome = send(existing(), true, Method::PUT, &[]).await;
    assert_refused(&outcome, 428);
    assert_eq!(outcome.headers["cache-control"], "no-store");
    assert_eq!(outcome.lookups, 0, "nothing to compare: no lookup");
}

#[tokio::test]
async fn missing_precondition_without_the_policy_passes_without_a_lookup() {
    let outcome = send(existing(), false, Method::PATCH, &[]).await;
    assert_handled(&outcome);
    assert_eq!(outcome.lookups, 0);
}

#[tokio::test]
async fn if_none_match_star_on_an_existing_target_fails() {
    let outcome = send(existing(), true, Method::PUT, &[("if-none-match", "*")]).await;
    assert_refused(&outcome, 412);
}

#[tokio::test]
async fn if_none_match_star_on_a_missing_target_passes() {
    let outcome = send(Target(None), true, Method::PUT, &[("if-none-match", "*")]).await;
    assert_handled(&outcome);
    assert_eq!(outcome.lookups, 1);
}

#[tokio::test]
async fn if_match_on_a_missing_target_fails() {
    // RFC 9110 §13.1.1: false when there is no current representation, `*` included.
    for tag in ["*", "\"02\""] {
        let outcome = send(Target(None), false, Method::PUT, &[("if-match", tag)]).await;
        assert_refused(&outcome, 412);
    }
}

#[tokio::test]
async fn if_match_star_on_an_existing_target_passes() {
    assert_handled(&send(existing(), false, Method::PUT, &[("if-match", "*")]).await);
}

#[tokio::test]
async fn if_unmodified_since() {
    let earlier = "Sat, 05 Nov 1994 08:49:37 GMT";
    let same = "Sun, 06 Nov 1994 08:49:37 GMT";
    let outcome = send(
        existing(),
        false,
        Method::POST,
        &[("if-unmodified-since", earlier)],
    )
    .await;
    assert_refused(&outcome, 412);
    assert_handled(&send(existing(), false, Method::POST, &[("if-unmodified-since", same)]).await);
    // If-Match takes precedence (RFC 9110 §13.2.2 step 1 before step 2).
    let both = [("if-match", "\"02\""), ("if-unmodified-since", earlier)];
    assert_handled(&send(existing(), false, Method::PUT, &both).await);
}

#[tokio::test]
async fn malformed_if_match_on_an_unsafe_method_fails_closed() {
    let outcome = send(existing(), false, Method::PUT, &[("if-match", "\"02\", bogus")]).await;
    assert_refused(&outcome, 412);
}

#[tokio::test]
async fn etag_value_validators_compare_like_the_buffer() {
    let target = Target(Some(
        Validators::new().etag_value(http::HeaderValue::from_static("\"v2\"")),
    ));
    assert_handled(&send(target.clone(), false, Method::PUT, &[("if-match", "\"v2\"")]).await);
    assert_refused(
        &send(target, false, Method::PUT, &[("if-match", "\"v1\"")]).await,
        412,
    );
    // Not an entity-tag: no current tag, so If-Match naming one is false.
    let broken = Target(Some(
        Validators::new().etag_value(http::HeaderValue::from_static("v2")),
    ));
    assert_refused(
        &send(broken, false, Method::PUT, &[("if-match", "\"v2\"")]).await,
        412,
    );
}

#[tokio::test]
async fn safe_methods_pass_through_without_a_lookup() {
    for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
        let outcome = send(existing(), true, method.clone(), &[("if-match", "\"01\"")]).await;
        assert_eq!((outcome.handler_calls, outcome.lookups), (1, 0), "{method}");
        assert_eq!(outcome.status, 200, "{method}");
    }
}
