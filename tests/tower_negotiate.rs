//! `conneg::adapters::tower::NegotiateLayer`: proactive negotiation in
//! front of a handler (RFC 9110 §12.1, §12.5): 406 without calling it, or
//! the chosen variant handed to it and `Vary` added to its response.
#![cfg(feature = "tower")]

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use conneg::Variant;
use conneg::adapters::tower::{ConditionalLayer, NegotiateLayer, Negotiated};
use conneg::negotiate::Fallback;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use tower::{Layer, ServiceExt, service_fn};

static VARIANTS: [Variant<'static>; 3] = [
    // The crate's Vary for these names Accept-Encoding too: `identity;q=0`
    // can refuse a variant without a coding (RFC 9110 §12.5.3).
    Variant::new("text/html")
        .with_language("en")
        .with_uri("/doc.en.html"),
    Variant::new("text/html")
        .with_language("fr")
        .with_uri("/doc.fr.html"),
    Variant::new("application/json")
        .with_language("en")
        .with_uri("/doc.json"),
];

struct Outcome {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    calls: usize,
    /// What the handler found in the request's extensions.
    seen: Option<Negotiated>,
}

/// Sends a request through the layer to a handler that counts its calls,
/// records the `Negotiated` extension and answers with `vary` (if any).
async fn send_with(
    layer: NegotiateLayer,
    method: Method,
    fields: &[(&str, &str)],
    vary: Option<&'static str>,
) -> Outcome {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(std::sync::Mutex::new(None));
    let handler = {
        let (calls, seen) = (Arc::clone(&calls), Arc::clone(&seen));
        service_fn(move |request: Request<()>| {
            calls.fetch_add(1, Ordering::SeqCst);
            *seen.lock().unwrap() = request.extensions().get::<Negotiated>().copied();
            async move {
                let mut response = Response::builder().header("content-type", "text/html");
                if let Some(v) = vary {
                    response = response.header("vary", v);
                }
                Ok::<_, Infallible>(
                    response
                        .body(Full::new(Bytes::from_static(b"<p>doc</p>")))
                        .unwrap(),
                )
            }
        })
    };
    let mut request = Request::builder().method(method).uri("/doc");
    for (name, value) in fields {
        request = request.header(*name, *value);
    }
    let response = layer
        .layer(handler)
        .oneshot(request.body(()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let seen = *seen.lock().unwrap();
    Outcome {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
        calls: calls.load(Ordering::SeqCst),
        seen,
    }
}

async fn send(method: Method, fields: &[(&str, &str)]) -> Outcome {
    send_with(NegotiateLayer::new(&VARIANTS), method, fields, None).await
}

fn vary_lines(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

#[tokio::test]
async fn unacceptable_type_gets_406_without_calling_the_handler() {
    let outcome = send(Method::GET, &[("accept", "image/png")]).await;
    assert_eq!(outcome.status, 406);
    assert_eq!(outcome.calls, 0);
    assert_eq!(
        vary_lines(&outcome.headers),
        ["Accept, Accept-Encoding, Accept-Language"]
    );
    assert_eq!(outcome.headers["content-type"], "application/problem+json");
    assert_eq!(
        outcome.headers["content-length"],
        outcome.body.len().to_string().as_str()
    );
    let body: serde_json::Value = serde_json::from_slice(&outcome.body).unwrap();
    assert_eq!(body["status"], 406);
    let uris: Vec<&str> = body["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, ["/doc.en.html", "/doc.fr.html", "/doc.json"]);
}

#[tokio::test]
async fn a_browser_gets_the_406_alternatives_as_html() {
    static IMAGES: [Variant<'static>; 2] = [
        Variant::new("image/png").with_uri("/logo.png"),
        Variant::new("image/svg+xml").with_uri("/logo.svg"),
    ];
    let browser = "text/html, application/xhtml+xml, application/xml;q=0.9";
    let outcome = send_with(
        NegotiateLayer::new(&IMAGES),
        Method::GET,
        &[("accept", browser)],
        None,
    )
    .await;
    assert_eq!((outcome.status, outcome.calls), (StatusCode::NOT_ACCEPTABLE, 0));
    assert_eq!(outcome.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(vary_lines(&outcome.headers), ["Accept, Accept-Encoding"]);
    let html = std::str::from_utf8(&outcome.body).unwrap();
    assert!(
        html.contains(r#"<li><a href="/logo.svg">image/svg+xml</a></li>"#),
        "{html}"
    );
}

#[tokio::test]
async fn head_406_has_the_fields_and_no_body() {
    let get = send(Method::GET, &[("accept", "image/png")]).await;
    let head = send(Method::HEAD, &[("accept", "image/png")]).await;
    assert_eq!((head.status, head.calls), (StatusCode::NOT_ACCEPTABLE, 0));
    assert!(head.body.is_empty());
    assert_eq!(head.headers, get.headers); // Content-Length: the GET's
}

#[tokio::test]
async fn acceptable_request_reaches_the_handler_with_the_chosen_variant() {
    let outcome = send(Method::GET, &[("accept", "text/html"), ("accept-language", "fr")]).await;
    assert_eq!((outcome.status, outcome.calls), (StatusCode::OK, 1));
    let seen = outcome.seen.expect("no Negotiated extension");
    assert_eq!(seen.index(), 1);
    assert_eq!(*seen.variant(), VARIANTS[1]);
    assert_eq!(
        vary_lines(&outcome.headers),
        ["Accept, Accept-Encoding, Accept-Language"]
    );
    assert_eq!(seen.vary().as_str(), "Accept, Accept-Encoding, Accept-Language");
    assert_eq!(&outcome.body[..], b"<p>doc</p>");
}

#[tokio::test]
async fn vary_is_merged_with_the_handlers_without_duplicates() {
    let layer = NegotiateLayer::new(&VARIANTS);
    let fields = [("accept", "application/json")];
    let outcome = send_with(layer, Method::GET, &fields, Some("accept-language, Origin")).await;
    assert_eq!(outcome.seen.map(|n| n.index()), Some(2));
    assert_eq!(
        vary_lines(&outcome.headers),
        ["accept-language, Origin, Accept, Accept-Encoding"]
    );

    let outcome = send_with(
        layer,
        Method::GET,
        &fields,
        Some("Accept, accept-encoding, Accept-Language"),
    )
    .await;
    assert_eq!(
        vary_lines(&outcome.headers),
        ["Accept, accept-encoding, Accept-Language"]
    );

    let outcome = send_with(layer, Method::GET, &fields, Some("*")).await;
    assert_eq!(vary_lines(&outcome.headers), ["*"]);
}

#[tokio::test]
async fn unsafe_methods_are_not_refused() {
    // The response to a POST is not the negotiated representation: the
    // handler gets the first variant and no Vary is added.
    let outcome = send(Method::POST, &[("accept", "image/png")]).await;
    assert_eq!((outcome.status, outcome.calls), (StatusCode::OK, 1));
    assert_eq!(outcome.seen.map(|n| n.index()), Some(0));
    assert!(vary_lines(&outcome.headers).is_empty());
}

#[tokio::test]
async fn fallback_first_variant_serves_instead_of_406() {
    let layer = NegotiateLayer::new(&VARIANTS).fallback(Fallback::FirstVariant);
    let outcome = send_with(layer, Method::GET, &[("accept", "image/png")], None).await;
    assert_eq!((outcome.status, outcome.calls), (StatusCode::OK, 1));
    assert_eq!(outcome.seen.map(|n| n.index()), Some(0));
}

#[tokio::test]
async fn no_variants_pass_through_without_an_extension() {
    static NONE: [Variant<'static>; 0] = [];
    let outcome = send_with(
        NegotiateLayer::new(&NONE),
        Method::GET,
        &[("accept", "image/png")],
        None,
    )
    .await;
    assert_eq!((outcome.status, outcome.calls), (StatusCode::OK, 1));
    assert!(outcome.seen.is_none());
}

/// With `ConditionalLayer` inside: the chosen representation's 304 carries
/// the Vary the negotiation added (RFC 9110 §15.4.5).
#[tokio::test]
async fn conditional_inside_negotiation_gets_vary_on_304() {
    let handler = service_fn(|_request: Request<()>| async {
        Ok::<_, Infallible>(
            Response::builder()
                .header("etag", "\"en\"")
                .header("content-type", "text/html")
                .body(Full::new(Bytes::from_static(b"<p>doc</p>")))
                .unwrap(),
        )
    });
    let service = NegotiateLayer::new(&VARIANTS).layer(ConditionalLayer::new().layer(handler));
    let request = Request::get("/doc")
        .header("accept", "text/html")
        .header("if-none-match", "\"en\"")
        .body(())
        .unwrap();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 304);
    assert_eq!(
        vary_lines(response.headers()),
        ["Accept, Accept-Encoding, Accept-Language"]
    );
    assert!(!response.headers().contains_key("content-length"));
}

#[tokio::test]
async fn accept_text_html_calls_the_handler_once_with_the_first_html_variant() {
    let outcome = send(Method::GET, &[("accept", "text/html")]).await;
    assert_eq!((outcome.status, outcome.calls), (StatusCode::OK, 1));
    assert_eq!(
        outcome.seen.map(|n| (n.index(), *n.variant())),
        Some((0, VARIANTS[0]))
    );
    assert_eq!(
        vary_lines(&outcome.headers),
        ["Accept, Accept-Encoding, Accept-Language"]
    );
}
