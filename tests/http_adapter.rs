//! The `http` adapter (feature `http`): reading repeated and over-long
//! fields (S-01, S-02), and writing decisions onto responses (C-50, C-51).
#![cfg(feature = "http")]

use conneg::adapters::http::{HeaderLines, MAX_FIELD_LINES, apply, response_builder};
use conneg::{EntityTag, Field, FieldLines, Outcome, RequestMethod, Resource, Variant};
use proptest::prelude::*;

const VARIANTS: [Variant<'static>; 2] = [
    Variant::new("text/html")
        .with_etag(EntityTag::from_static("\"h1\""))
        .with_length(1000),
    Variant::new("application/json")
        .with_etag(EntityTag::from_static("\"j1\""))
        .with_length(400),
];

fn decide(request: &http::Request<()>) -> Outcome {
    let lines = HeaderLines::from_request(request);
    Resource::new(&VARIANTS).decide(&lines.request()).outcome()
}

fn with_lines(method: &str, name: &str, lines: &[&str]) -> http::Request<()> {
    let mut builder = http::Request::builder().method(method).uri("/r");
    for line in lines {
        builder = builder.header(name, *line);
    }
    builder.body(()).unwrap()
}

#[test]
fn repeated_lines_are_one_list_in_order_s02() {
    let request = with_lines("GET", "Accept", &["text/html;q=0.5", "application/json"]);
    let lines = HeaderLines::from_request(&request);
    let decision = Resource::new(&VARIANTS).decide(&lines.request());
    assert_eq!(decision.variant_index(), Some(1));
    let accept = lines.field(Field::Accept);
    assert_eq!(accept.line(0), Some(&b"text/html;q=0.5"[..]));
    assert_eq!(accept.line(1), Some(&b"application/json"[..]));
}

#[test]
fn field_names_match_case_insensitively_s01() {
    let request = with_lines("GET", "IF-NONE-MATCH", &["\"h1\""]);
    assert_eq!(decide(&request), Outcome::NotModified);
}

#[test]
fn method_names_are_case_sensitive() {
    assert_eq!(
        conneg::adapters::http::method(&http::Method::GET),
        RequestMethod::Get
    );
    let lower = http::Method::from_bytes(b"get").unwrap();
    assert_eq!(conneg::adapters::http::method(&lower), RequestMethod::Other);
}

#[test]
fn lines_up_to_the_cap_are_all_read() {
    let mut lines = vec!["\"zz\""; MAX_FIELD_LINES - 1];
    lines.push("\"h1\"");
    let request = with_lines("GET", "if-none-match", &lines);
    assert_eq!(decide(&request), Outcome::NotModified);
}

/// One line over the cap: the `*` in the last line must not be lost, or a
/// create-only PUT would overwrite. The field reads as invalid: 412.
#[test]
fn if_none_match_over_the_cap_fails_safe_on_put() {
    let mut lines = vec!["\"zz\""; MAX_FIELD_LINES];
    lines.push("*");
    let request = with_lines("PUT", "if-none-match", &lines);
    assert_eq!(decide(&request), Outcome::PreconditionFailed);
    // On GET an invalid If-None-Match is ignored: the full 200.
    let request = with_lines("GET", "if-none-match", &lines);
    assert_eq!(decide(&request), Outcome::Full);
}

#[test]
fn if_match_over_the_cap_is_false() {
    let request = with_lines("GET", "if-match", &vec!["\"h1\""; MAX_FIELD_LINES + 1]);
    assert_eq!(decide(&request), Outcome::PreconditionFailed);
}

#[test]
fn accept_over_the_cap_reads_as_absent() {
    let request = with_lines("GET", "accept", &vec!["application/json"; MAX_FIELD_LINES + 1]);
    let lines = HeaderLines::from_request(&request);
    assert_eq!(lines.received(Field::Accept), MAX_FIELD_LINES + 1);
    assert!(lines.field(Field::Accept).is_absent());
    let decision = Resource::new(&VARIANTS).decide(&lines.request());
    assert_eq!(decision.variant_index(), Some(0));
}

#[test]
fn singleton_fields_over_the_cap_stay_repeated_and_ignored() {
    let request = with_lines("GET", "range", &vec!["bytes=0-1"; MAX_FIELD_LINES + 1]);
    assert_eq!(decide(&request), Outcome::Full);
    let request = with_lines("GET", "range", &["bytes=0-1", "bytes=0-1"]);
    assert_eq!(decide(&request), Outcome::Full);
    let request = with_lines("GET", "range", &["bytes=0-1"]);
    assert_eq!(decide(&request), Outcome::Partial);
}

fn decision_for<'a>(
    request: &'a http::Request<()>,
    variants: &'a [Variant<'static>],
) -> conneg::Decision<'a, 'static> {
    Resource::new(variants).decide(&HeaderLines::from_request(request).request())
}

#[test]
fn apply_304_keeps_c50_fields_and_drops_metadata_c51() {
    let request = with_lines("GET", "if-none-match", &["\"h1\""]);
    let decision = decision_for(&request, &VARIANTS);
    let mut response = http::Response::builder()
        .header("content-type", "text/html")
        .header("content-length", "1000")
        .header("content-encoding", "identity")
        .header("last-modified", "Sun, 06 Nov 1994 08:49:37 GMT")
        .header("cache-control", "max-age=60")
        .header("date", "Sun, 06 Nov 1994 08:49:37 GMT")
        .header("set-cookie", "a=b")
        .body(String::from("<html>"))
        .unwrap();
    apply(&decision, &mut response);
    assert_eq!(response.status(), 304);
    assert!(response.body().is_empty());
    let h = response.headers();
    for gone in [
        "content-type",
        "content-length",
        "content-encoding",
        "last-modified",
    ] {
        assert!(!h.contains_key(gone), "{gone}");
    }
    for kept in ["cache-control", "date", "set-cookie", "etag", "vary"] {
        assert!(h.contains_key(kept), "{kept}");
    }
}

#[test]
fn apply_to_head_sends_no_body_but_get_length() {
    let request = with_lines("HEAD", "accept", &["application/json"]);
    let decision = decision_for(&request, &VARIANTS);
    let mut response = http::Response::new(String::from("{}"));
    apply(&decision, &mut response);
    assert_eq!(response.status(), 200);
    assert!(response.body().is_empty());
    assert_eq!(response.headers()["content-length"], "400");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["etag"], "\"j1\"");
}

#[test]
fn apply_keeps_the_hosts_status_for_a_post_that_proceeds() {
    let request = with_lines("POST", "if-match", &["\"h1\""]);
    let decision = decision_for(&request, &VARIANTS);
    assert_eq!(decision.outcome(), Outcome::Full);
    let mut response = http::Response::builder()
        .status(201)
        .body(String::from("made"))
        .unwrap();
    apply(&decision, &mut response);
    assert_eq!(response.status(), 201);
    assert_eq!(response.body(), "made");
}

#[test]
fn apply_412_sets_the_status_and_keeps_the_hosts_error_body() {
    let request = with_lines("PUT", "if-match", &["\"old\""]);
    let decision = decision_for(&request, &VARIANTS);
    let mut response = http::Response::new(String::from("stale"));
    apply(&decision, &mut response);
    assert_eq!(response.status(), 412);
    assert_eq!(response.body(), "stale");
}

#[test]
fn builder_gets_416_with_unsatisfied_content_range_r25() {
    let request = with_lines("GET", "range", &["bytes=5000-"]);
    let decision = decision_for(&request, &VARIANTS);
    let response = response_builder(&decision, http::Response::builder())
        .body(())
        .unwrap();
    assert_eq!(response.status(), 416);
    assert_eq!(response.headers()["content-range"], "bytes */1000");
    assert_eq!(response.headers()["accept-ranges"], "bytes");
}

#[test]
fn builder_gets_406_with_vary() {
    let request = with_lines("GET", "accept", &["image/png"]);
    let decision = decision_for(&request, &VARIANTS);
    let response = response_builder(&decision, http::Response::builder())
        .body(())
        .unwrap();
    assert_eq!(response.status(), 406);
    // Every field that could change the status: Accept refused both
    // variants, Accept-Encoding could refuse identity.
    assert_eq!(response.headers()["vary"], "Accept, Accept-Encoding");
}

#[test]
fn multipart_decision_gets_multipart_content_type_and_length() {
    let request = with_lines("GET", "range", &["bytes=0-9, 100-109"]);
    let decision = decision_for(&request, &VARIANTS);
    let mut response = http::Response::new(Vec::<u8>::new());
    apply(&decision, &mut response);
    assert_eq!(response.status(), 206);
    let m = decision.multipart().unwrap();
    assert_eq!(
        response.headers()["content-type"],
        m.content_type().to_string().as_str()
    );
    assert_eq!(
        response.headers()["content-length"],
        m.body_length().to_string().as_str()
    );
    assert!(!response.headers().contains_key("content-range"));
}

/// The field names as a client might spell them (S-01), plus one conneg
/// does not read.
const SPELLINGS: [&str; 11] = [
    "Accept",
    "ACCEPT-CHARSET",
    "accept-encoding",
    "Accept-Language",
    "If-Match",
    "if-none-match",
    "If-Modified-Since",
    "IF-UNMODIFIED-SINCE",
    "If-Range",
    "range",
    "Cookie",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    /// Whatever the order and repetition of lines, each field reads as
    /// exactly its own lines in the order sent (S-02), or — beyond the
    /// cap — as the documented invalid reading; and the decision equals
    /// the one made from hand-built `FieldLines`.
    #[test]
    fn header_lines_are_each_fields_lines_in_order(
        lines in proptest::collection::vec((prop_oneof![3 => 0usize..11, 1 => Just(5usize), 1 => Just(0usize)], "[a-z0-9\"*=,;/ -]{0,12}"), 0..80),
        method in proptest::sample::select(vec!["GET", "HEAD", "PUT", "POST", "get"]),
    ) {
        let mut request = http::Request::builder().method(method);
        for (field, value) in &lines {
            request = request.header(SPELLINGS[*field], value.as_str());
        }
        let request = request.body(()).unwrap();
        let read = HeaderLines::from_request(&request);

        let mut by_field: Vec<Vec<&[u8]>> = vec![Vec::new(); 10];
        for (field, value) in &lines {
            if let Some(v) = by_field.get_mut(*field) {
                v.push(value.as_bytes());
            }
        }
        let mut manual = conneg::RequestHead::new(RequestMethod::from_bytes(method.as_bytes()));
        for field in Field::ALL {
            let expected = &by_field[field.index()];
            let got = read.field(field);
            prop_assert_eq!(read.received(field), expected.len());
            if expected.len() <= MAX_FIELD_LINES {
                prop_assert_eq!(got, FieldLines::many(expected));
                manual = manual.field(field, FieldLines::many(expected));
            } else {
                manual = manual.field(field, got);
            }
        }
        prop_assert_eq!(read.request(), manual);
        let resource = Resource::new(&VARIANTS);
        prop_assert_eq!(resource.decide(&read.request()), resource.decide(&manual));
    }
}

/// What axum's `Router::layer` needs of a layered service: Clone, Send,
/// Sync, a Send future and a Send body.
#[cfg(feature = "tower")]
#[test]
fn the_tower_layer_fits_axum_bounds() {
    use conneg::adapters::tower::{Conditional, ConditionalBody, ConditionalLayer, ResponseFuture};
    use tower::Layer;

    fn service_bounds<T: Clone + Send + Sync + 'static>(_: &T) {}
    fn send<T: Send + 'static>() {}

    type Inner = tower::util::BoxCloneSyncService<
        http::Request<String>,
        http::Response<http_body_util::Full<bytes::Bytes>>,
        std::convert::Infallible,
    >;
    let service: Conditional<Inner> = ConditionalLayer::new().layer(Inner::new(tower::service_fn(
        |_req: http::Request<String>| async {
            Ok::<_, std::convert::Infallible>(http::Response::new(http_body_util::Full::new(
                bytes::Bytes::new(),
            )))
        },
    )));
    service_bounds(&service);
    send::<ResponseFuture<<Inner as tower::Service<http::Request<String>>>::Future>>();
    send::<ConditionalBody<http_body_util::Full<bytes::Bytes>>>();
}

#[test]
fn header_lines_stays_small_enough_for_the_stack() {
    assert!(std::mem::size_of::<HeaderLines<'static>>() <= 2700);
}

/// Through the adapter too: a PUT with a malformed If-None-Match (or a
/// malformed member in If-Match) never proceeds; a GET with the same field
/// gets the full 200.
#[test]
fn malformed_tag_lists_fail_closed_on_put_through_the_adapter() {
    for v in ["*;", "\"h1", "\"h1\" \"x\"", "bogus"] {
        assert_eq!(
            decide(&with_lines("PUT", "if-none-match", &[v])),
            Outcome::PreconditionFailed,
            "{v:?}"
        );
        assert_eq!(
            decide(&with_lines("GET", "if-none-match", &[v])),
            Outcome::Full,
            "{v:?}"
        );
    }
    let put = with_lines("PUT", "if-match", &["\"h1\", bogus"]);
    assert_eq!(decide(&put), Outcome::PreconditionFailed);
}

/// The reason phrases against an independent table, the `http` crate's
/// `canonical_reason`: equal for every code conneg names, except the two
/// RFC 9110 renamed (413 "Content Too Large", §15.5.14; 422 "Unprocessable
/// Content", §15.5.21), where `http` keeps the RFC 7231/4918 phrases, and
/// 203, which `http` writes without the hyphen of RFC 9110 §15.3.4.
#[test]
fn reason_phrases_match_the_http_crate_except_rfc9110_renames() {
    let mut compared = 0;
    for code in 100..=599u16 {
        let Some(ours) = conneg::status_code::reason_phrase(code) else {
            continue;
        };
        let theirs = http::StatusCode::from_u16(code).unwrap().canonical_reason();
        match code {
            413 => assert_eq!((ours, theirs), ("Content Too Large", Some("Payload Too Large"))),
            422 => assert_eq!(
                (ours, theirs),
                ("Unprocessable Content", Some("Unprocessable Entity"))
            ),
            203 => assert_eq!(
                (ours, theirs),
                (
                    "Non-Authoritative Information",
                    Some("Non Authoritative Information")
                )
            ),
            _ => assert_eq!(Some(ours), theirs, "{code}"),
        }
        compared += 1;
    }
    assert!(compared >= 40, "{compared}");
}
