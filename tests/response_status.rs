//! `StatusResponse` (issue 16): each status with the fields RFC 9110 requires
//! of it and its problem+json body. Named tests per status check the exact
//! fields and the body (valid JSON, `status` equal to the status sent); the
//! property test builds every constructor from generated inputs and checks
//! the table of the `response_status` guide.

use conneg::problem::InvalidParam;
use conneg::response_status::{
    Challenge, ChallengeError, Location, Redirect, StatusField, Validators, WriteBody, WriteOutcome,
};
use conneg::{EntityTag, HttpDate, MethodSet, Problem, RequestMethod, RetryAfter, StatusResponse};
use proptest::prelude::*;
use serde_json::Value;

/// The fields as (lowercase name, value).
fn fields(r: &StatusResponse<'_>) -> Vec<(&'static str, String)> {
    r.fields()
        .map(|f| (f.name().lowercase(), f.value().to_string()))
        .collect()
}

/// The problem body as JSON, with `status` equal to the status sent and the
/// title the status's reason phrase.
fn body(r: &StatusResponse<'_>) -> Value {
    let problem = r.problem().expect("an error response has a problem body");
    let text = problem.to_string();
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(v["status"].as_u64(), Some(u64::from(r.status())), "{text}");
    assert_eq!(v["title"].as_str(), Some(r.reason_phrase()), "{text}");
    assert!(v["detail"].is_string(), "{text}");
    v
}

fn tag(s: &'static str) -> EntityTag<'static> {
    EntityTag::from_static(s)
}

const DATE: u64 = 1_700_000_000;

fn date() -> HttpDate {
    HttpDate::from_unix_seconds(DATE as i64).unwrap()
}

// ---- writes ----

#[test]
fn s201_created_carries_location_and_the_stored_validators() {
    let outcome = WriteOutcome::Created {
        location: Location::new("/notes/3").unwrap(),
        validators: Validators::etag(tag("\"r1\"")).with_last_modified(date()),
    };
    for body_choice in [WriteBody::Empty, WriteBody::Content] {
        let r = StatusResponse::written(outcome, body_choice);
        assert_eq!(r.status(), 201);
        assert_eq!(
            fields(&r),
            [
                ("location", "/notes/3".to_string()),
                ("etag", "\"r1\"".to_string()),
                ("last-modified", "Tue, 14 Nov 2023 22:13:20 GMT".to_string()),
            ]
        );
        assert!(r.problem().is_none());
    }
}

#[test]
fn s201_transformed_content_sends_no_validators() {
    let outcome = WriteOutcome::Created {
        location: Location::from_static("https://example.com/a"),
        validators: Validators::NONE,
    };
    let r = StatusResponse::written(outcome, WriteBody::Empty);
    assert_eq!(fields(&r), [("location", "https://example.com/a".to_string())]);
}

#[test]
fn s200_s204_update_carries_the_new_validators() {
    let v = Validators::last_modified(date());
    let outcome = WriteOutcome::Updated { validators: v };
    let no_content = StatusResponse::written(outcome, WriteBody::Empty);
    let content = StatusResponse::written(outcome, WriteBody::Content);
    assert_eq!((no_content.status(), content.status()), (204, 200));
    for r in [no_content, content] {
        assert_eq!(
            fields(&r),
            [("last-modified", "Tue, 14 Nov 2023 22:13:20 GMT".to_string())]
        );
        assert!(r.problem().is_none());
    }
    assert_eq!(
        no_content.to_string(),
        "HTTP/1.1 204 No Content\r\nLast-Modified: Tue, 14 Nov 2023 22:13:20 GMT\r\n"
    );
}

#[test]
fn s204_delete_has_no_fields() {
    let r = StatusResponse::written(WriteOutcome::Deleted, WriteBody::Empty);
    assert_eq!((r.status(), fields(&r).len()), (204, 0));
    assert_eq!(r.to_string(), "HTTP/1.1 204 No Content\r\n");
    let r = StatusResponse::written(WriteOutcome::Deleted, WriteBody::Content);
    assert_eq!((r.status(), fields(&r).len()), (200, 0));
}

#[test]
fn s202_accepted_points_at_the_status_monitor() {
    let monitor = Location::new("/queue/81").unwrap();
    let r = StatusResponse::written(WriteOutcome::Accepted { monitor }, WriteBody::Content);
    assert_eq!(r.status(), 202);
    assert_eq!(fields(&r), [("location", "/queue/81".to_string())]);
    assert_eq!(r.to_string(), "HTTP/1.1 202 Accepted\r\nLocation: /queue/81\r\n");
}

// ---- redirects ----

#[test]
fn s3xx_redirect_status_follows_the_intent() {
    let to = Location::from_static("/new");
    for (intent, status, line) in [
        (Redirect::Permanent, 308, "308 Permanent Redirect"),
        (Redirect::Temporary, 307, "307 Temporary Redirect"),
        (Redirect::SeeOther, 303, "303 See Other"),
        (Redirect::MovedPermanently, 301, "301 Moved Permanently"),
        (Redirect::Found, 302, "302 Found"),
    ] {
        let r = StatusResponse::redirect(intent, to);
        assert_eq!(r.status(), status);
        assert_eq!(fields(&r), [("location", "/new".to_string())]);
        assert_eq!(r.to_string(), format!("HTTP/1.1 {line}\r\nLocation: /new\r\n"));
        assert!(r.problem().is_none());
    }
    assert_eq!(
        StatusResponse::see_other(to),
        StatusResponse::redirect(Redirect::SeeOther, to)
    );
}

#[test]
fn s301_s308_https_upgrade_keeps_non_get_methods() {
    for method in [RequestMethod::Get, RequestMethod::Head] {
        let r = StatusResponse::https_redirect(method, "example.com", "/a?b=c").unwrap();
        assert_eq!(r.status(), 301);
        assert_eq!(
            fields(&r),
            [("location", "https://example.com/a?b=c".to_string())]
        );
    }
    for method in [
        RequestMethod::Post,
        RequestMethod::Put,
        RequestMethod::Delete,
        RequestMethod::Patch,
        RequestMethod::Other,
    ] {
        let r = StatusResponse::https_redirect(method, "example.com:8443", "").unwrap();
        assert_eq!(r.status(), 308, "{method:?}");
        assert_eq!(
            fields(&r),
            [("location", "https://example.com:8443/".to_string())]
        );
    }
    for (authority, target) in [
        ("", "/"),
        ("a/b", "/"),
        ("user@host", "/"),
        ("host", "x"),
        ("host", "/a#frag"),
        ("host", "/a b"),
        ("ho\r\nst", "/"),
    ] {
        assert!(StatusResponse::https_redirect(RequestMethod::Get, authority, target).is_err());
    }
}

#[test]
fn location_refuses_what_a_uri_cannot_hold() {
    for bad in [
        "",
        " ",
        "/a b",
        "/a\r\nSet-Cookie: a=b",
        "/\u{e9}",
        "/a\"b",
        "/<x>",
        "/a\\b",
    ] {
        let err = Location::new(bad).unwrap_err();
        assert_eq!(err.field(), StatusField::Location, "{bad:?}");
    }
    for good in [
        "/",
        "?q",
        "#top",
        "https://[::1]:8080/a;b=c?d=%20&e#f",
        "../up",
        "urn:isbn:0451450523",
    ] {
        assert_eq!(Location::new(good).unwrap().to_string(), good);
    }
}

// ---- authentication ----

#[test]
fn s401_carries_a_challenge_with_quoted_params() {
    let params = [
        ("error", "invalid_token"),
        ("error_description", "say \"hi\" \\ bye"),
    ];
    let challenge = Challenge::bearer("the \"api\"")
        .unwrap()
        .with_params(&params)
        .unwrap();
    let r = StatusResponse::unauthorized(challenge);
    assert_eq!(r.status(), 401);
    assert_eq!(
        fields(&r),
        [(
            "www-authenticate",
            r#"Bearer realm="the \"api\"", error="invalid_token", error_description="say \"hi\" \\ bye""#
                .to_string()
        )]
    );
    let v = body(&r);
    assert!(v["detail"].as_str().unwrap().contains("WWW-Authenticate"));
}

#[test]
fn s401_several_challenges_and_token68() {
    let negotiate = Challenge::new("Negotiate").unwrap();
    let token = Challenge::new("Custom").unwrap().with_token68("abc+/==").unwrap();
    let both = [negotiate, token];
    let r = StatusResponse::unauthorized_any(&both).unwrap();
    assert_eq!(
        fields(&r),
        [("www-authenticate", "Negotiate, Custom abc+/==".to_string())]
    );
    assert_eq!(
        StatusResponse::unauthorized_any(&[]).unwrap_err().field(),
        StatusField::WwwAuthenticate
    );
}

#[test]
fn challenge_inputs_are_checked() {
    for bad in ["", "Bad Scheme", "a,b", "x\"", "é"] {
        assert_eq!(
            Challenge::new(bad).unwrap_err(),
            ChallengeError::Scheme,
            "{bad:?}"
        );
    }
    let c = Challenge::new("X").unwrap();
    assert_eq!(c.with_realm("a\r\nb").unwrap_err(), ChallengeError::ParamValue);
    assert_eq!(c.with_realm("caf\u{e9}").unwrap_err(), ChallengeError::ParamValue);
    assert_eq!(
        c.with_params(&[("a b", "x")]).unwrap_err(),
        ChallengeError::ParamName
    );
    assert_eq!(
        c.with_params(&[("Realm", "x")]).unwrap_err(),
        ChallengeError::ParamName
    );
    assert_eq!(
        c.with_params(&[("a", "1"), ("A", "2")]).unwrap_err(),
        ChallengeError::ParamName
    );
    assert_eq!(
        c.with_params(&[("a", "\u{7f}")]).unwrap_err(),
        ChallengeError::ParamValue
    );
    for bad in ["", "=", "a b", "a=b", "a\"", "==a"] {
        assert_eq!(
            c.with_token68(bad).unwrap_err(),
            ChallengeError::Token68,
            "{bad:?}"
        );
    }
    let realm = c.with_realm("r").unwrap();
    assert_eq!(
        realm.with_token68("abc").unwrap_err(),
        ChallengeError::Token68AndParams
    );
    let token = c.with_token68("abc").unwrap();
    assert_eq!(
        token.with_realm("r").unwrap_err(),
        ChallengeError::Token68AndParams
    );
    assert_eq!(
        token.with_params(&[("a", "b")]).unwrap_err(),
        ChallengeError::Token68AndParams
    );
    assert_eq!(
        c.with_realm("tab\there").unwrap().to_string(),
        "X realm=\"tab\there\""
    );
}

#[test]
fn s407_carries_proxy_authenticate() {
    let r = StatusResponse::proxy_authentication_required(Challenge::basic("corp").unwrap());
    assert_eq!(r.status(), 407);
    assert_eq!(
        fields(&r),
        [(
            "proxy-authenticate",
            r#"Basic realm="corp", charset="UTF-8""#.to_string()
        )]
    );
    assert!(
        body(&r)["detail"]
            .as_str()
            .unwrap()
            .contains("Proxy-Authenticate")
    );
}

#[test]
fn s403_and_s404_hiding_existence() {
    let forbidden = StatusResponse::forbidden();
    assert_eq!((forbidden.status(), fields(&forbidden).len()), (403, 0));
    body(&forbidden);
    let hidden = StatusResponse::not_found();
    assert_eq!((hidden.status(), fields(&hidden).len()), (404, 0));
    // The hiding 404 is the plain 404: nothing tells a forbidden resource apart.
    assert_eq!(
        body(&hidden),
        serde_json::to_value(body(&StatusResponse::not_found())).unwrap()
    );
    assert!(
        !hidden
            .problem()
            .unwrap()
            .to_string()
            .to_lowercase()
            .contains("forbid")
    );
}

// ---- timeouts and gateways ----

#[test]
fn s408_closes_the_connection() {
    let r = StatusResponse::request_timeout();
    assert_eq!(r.status(), 408);
    assert_eq!(fields(&r), [("connection", "close".to_string())]);
    body(&r);
}

#[test]
fn s5xx_bodies_say_who_failed_and_nothing_more() {
    for (r, status, who) in [
        (StatusResponse::internal_server_error(), 500, "This server"),
        (StatusResponse::bad_gateway(), 502, "An upstream server"),
        (StatusResponse::gateway_timeout(), 504, "An upstream server"),
    ] {
        assert_eq!((r.status(), fields(&r).len()), (status, 0));
        let v = body(&r);
        assert!(v["detail"].as_str().unwrap().starts_with(who), "{v}");
        assert_eq!(v.as_object().unwrap().len(), 3, "title, status, detail only: {v}");
    }
    let r = StatusResponse::service_unavailable(RetryAfter::Delay(120));
    assert!(body(&r)["detail"].as_str().unwrap().starts_with("This server"));
}

#[test]
fn s413_s429_s503_retry_after_matches_the_body() {
    let at = RetryAfter::Date(date());
    for retry in [
        RetryAfter::Delay(0),
        RetryAfter::Delay(120),
        RetryAfter::Delay(u64::MAX),
        at,
    ] {
        for (r, status) in [
            (StatusResponse::service_unavailable(retry), 503),
            (StatusResponse::too_many_requests(retry), 429),
            (StatusResponse::content_too_large(Some(retry)), 413),
        ] {
            assert_eq!(r.status(), status);
            let [(name, value)] = &fields(&r)[..] else {
                panic!("one field")
            };
            assert_eq!(*name, "retry-after");
            assert_eq!(RetryAfter::parse(value.as_bytes(), date()), Some(retry));
            let v = body(&r);
            match retry {
                RetryAfter::Delay(s) => assert_eq!(v["retry_after"].as_u64(), Some(s)),
                RetryAfter::Date(_) => assert_eq!(v["retry_after"].as_str(), Some(value.as_str())),
            }
        }
    }
    let r = StatusResponse::content_too_large(None);
    assert_eq!((r.status(), fields(&r).len()), (413, 0));
    assert!(body(&r).get("retry_after").is_none());
}

// ---- conflicts and validation ----

#[test]
fn s409_conflict_explains_itself() {
    let taken = [InvalidParam::new("email", "is already registered")];
    let r = StatusResponse::conflict("An account with this email exists.").with_problem(
        Problem::conflict("An account with this email exists.").with_extension("conflicts", &taken[..]),
    );
    assert_eq!((r.status(), fields(&r).len()), (409, 0));
    let v = body(&r);
    assert_eq!(v["detail"], "An account with this email exists.");
    assert_eq!(
        v["conflicts"],
        serde_json::json!([{"name": "email", "reason": "is already registered"}])
    );
}

#[test]
fn s422_lists_the_invalid_params() {
    let invalid = [
        InvalidParam::new("/age", "must be a positive integer"),
        InvalidParam::new("na\"me", "must not contain \"quotes\"\n"),
    ];
    let r = StatusResponse::unprocessable_content(&invalid);
    assert_eq!((r.status(), fields(&r).len()), (422, 0));
    let v = body(&r);
    assert_eq!(
        v["invalid_params"],
        serde_json::json!([
            {"name": "/age", "reason": "must be a positive integer"},
            {"name": "na\"me", "reason": "must not contain \"quotes\"\n"},
        ])
    );
    let none = StatusResponse::unprocessable_content(&[]);
    assert_eq!(body(&none)["invalid_params"], serde_json::json!([]));
}

#[test]
fn s415_names_what_would_be_accepted_in_the_methods_field() {
    let types = ["application/json", "text/csv; charset=utf-8"];
    for (method, name) in [
        (RequestMethod::Post, "accept-post"),
        (RequestMethod::Patch, "accept-patch"),
        (RequestMethod::Put, "accept"),
        (RequestMethod::Other, "accept"),
    ] {
        let r = StatusResponse::unsupported_media_type(method, &types).unwrap();
        assert_eq!(r.status(), 415);
        assert_eq!(
            fields(&r),
            [(name, "application/json, text/csv; charset=utf-8".to_string())]
        );
        assert_eq!(body(&r)["accept"], serde_json::json!(types));
    }
    let r = StatusResponse::unsupported_content_coding(&["gzip", "br"]).unwrap();
    assert_eq!(fields(&r), [("accept-encoding", "gzip, br".to_string())]);
    for bad in [&[][..], &[""], &["a,b"], &["text/html\r\n"], &[" x"]] {
        assert_eq!(
            StatusResponse::unsupported_media_type(RequestMethod::Post, bad)
                .unwrap_err()
                .field(),
            StatusField::AcceptPost
        );
    }
    assert!(StatusResponse::unsupported_content_coding(&["x/y"]).is_err());
}

#[test]
fn s426_carries_upgrade_and_connection() {
    let r = StatusResponse::upgrade_required(&["HTTP/2.0", "websocket"]).unwrap();
    assert_eq!(r.status(), 426);
    assert_eq!(
        fields(&r),
        [
            ("upgrade", "HTTP/2.0, websocket".to_string()),
            ("connection", "upgrade".to_string())
        ]
    );
    assert_eq!(body(&r)["upgrade"], serde_json::json!(["HTTP/2.0", "websocket"]));
    for bad in [&[][..], &["a b"], &["a/"], &["/1"], &["a/b/c"]] {
        assert_eq!(
            StatusResponse::upgrade_required(bad).unwrap_err().field(),
            StatusField::Upgrade
        );
    }
}

#[test]
fn s405_from_method_not_allowed() {
    let refused = MethodSet::EMPTY
        .with(RequestMethod::Get)
        .with(RequestMethod::Put)
        .check(RequestMethod::Delete)
        .unwrap_err();
    let r = StatusResponse::from(refused);
    assert_eq!(r.status(), 405);
    assert_eq!(fields(&r), [("allow", "GET, HEAD, PUT".to_string())]);
    assert_eq!(body(&r)["allow"], "GET, HEAD, PUT");
}

// ---- rendering ----

#[test]
fn head_frames_the_problem_body() {
    let r = StatusResponse::too_many_requests(RetryAfter::Delay(5));
    let problem = r.problem().unwrap().to_string();
    assert_eq!(r.problem_length(), Some(problem.len() as u64));
    assert_eq!(
        r.to_string(),
        format!(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\nContent-Type: application/problem+json\r\nContent-Length: {}\r\n",
            problem.len()
        )
    );
    let plain = r.without_problem();
    assert_eq!((plain.status(), plain.problem_length()), (429, None));
    assert_eq!(
        plain.to_string(),
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\n"
    );
    // A problem of another status is refused: the body's status is the status sent.
    assert_eq!(
        StatusResponse::forbidden().with_problem(Problem::new(401)),
        StatusResponse::forbidden()
    );
}

#[test]
fn field_value_copies_into_a_buffer() {
    let r = StatusResponse::unauthorized(Challenge::basic("x").unwrap());
    let f = r.field(StatusField::WwwAuthenticate).unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(
        f.copy_value_to(&mut buf),
        Some(&br#"Basic realm="x", charset="UTF-8""#[..])
    );
    let mut small = [0u8; 8];
    assert_eq!(f.copy_value_to(&mut small), None);
    assert_eq!(r.field(StatusField::Location), None);
}

#[test]
fn field_names_are_distinct_and_lowercase() {
    let all = StatusField::ALL;
    for (i, f) in all.iter().enumerate() {
        assert_eq!(f.name().to_ascii_lowercase(), f.lowercase());
        assert!(all[i + 1..].iter().all(|g| g.lowercase() != f.lowercase()));
    }
}

/// The names agree with the `http` crate's constants (an independent source).
#[cfg(feature = "http")]
#[test]
fn field_names_match_the_http_crate() {
    use http::header;
    let expect = [
        (StatusField::ETag, header::ETAG),
        (StatusField::LastModified, header::LAST_MODIFIED),
        (StatusField::Accept, header::ACCEPT),
        (StatusField::AcceptEncoding, header::ACCEPT_ENCODING),
        (StatusField::Location, header::LOCATION),
        (StatusField::WwwAuthenticate, header::WWW_AUTHENTICATE),
        (StatusField::ProxyAuthenticate, header::PROXY_AUTHENTICATE),
        (StatusField::RetryAfter, header::RETRY_AFTER),
        (StatusField::Allow, header::ALLOW),
        (StatusField::Connection, header::CONNECTION),
        (StatusField::Upgrade, header::UPGRADE),
        (
            StatusField::AcceptPatch,
            http::HeaderName::from_static("accept-patch"),
        ),
        (
            StatusField::AcceptPost,
            http::HeaderName::from_static("accept-post"),
        ),
    ];
    assert_eq!(expect.len(), StatusField::ALL.len());
    for (field, name) in expect {
        assert_eq!(field.lowercase(), name.as_str());
    }
}

// ---- the guide's table, as a property ----

/// The table of the `response_status` guide: for each status, the fields
/// it must carry, and the ones it may carry besides.
fn table(status: u16) -> (&'static [&'static str], &'static [&'static str]) {
    match status {
        201 => (&["location"], &["etag", "last-modified"]),
        200 | 204 => (&[], &["etag", "last-modified"]),
        202 | 301 | 302 | 303 | 307 | 308 => (&["location"], &[]),
        401 => (&["www-authenticate"], &[]),
        407 => (&["proxy-authenticate"], &[]),
        405 => (&["allow"], &[]),
        408 => (&["connection"], &[]),
        426 => (&["upgrade", "connection"], &[]),
        429 | 503 => (&["retry-after"], &[]),
        413 => (&[], &["retry-after"]),
        415 => (&[], &["accept", "accept-post", "accept-patch", "accept-encoding"]),
        403 | 404 | 409 | 422 | 500 | 502 | 504 => (&[], &[]),
        other => panic!("status {other} is not in the guide's table"),
    }
}

/// Parses one `WWW-Authenticate` / `Proxy-Authenticate` value of
/// challenges (RFC 9110 §11.3), the values unquoted: (scheme, token68, params).
type Parsed = (String, Option<String>, Vec<(String, String)>);

fn parse_challenges(v: &str) -> Vec<Parsed> {
    fn tchar(c: u8) -> bool {
        c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
    }
    let b = v.as_bytes();
    let mut i = 0;
    let mut out: Vec<Parsed> = Vec::new();
    let token = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && tchar(b[*i]) {
            *i += 1;
        }
        assert!(*i > s, "a token at {s} of {v:?}");
        v[s..*i].to_string()
    };
    while i < b.len() {
        let name = token(&mut i);
        if i < b.len() && b[i] == b'=' {
            // auth-param of the current challenge: name="quoted"
            i += 1;
            assert_eq!(b[i], b'"', "{v:?}");
            i += 1;
            let mut value = String::new();
            loop {
                match b[i] {
                    b'"' => break,
                    b'\\' => {
                        value.push(b[i + 1] as char);
                        i += 2;
                    }
                    c => {
                        assert!(c == b'\t' || (0x20..0x7f).contains(&c), "{v:?}");
                        value.push(c as char);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.last_mut().expect("a scheme first").2.push((name, value));
        } else {
            out.push((name, None, Vec::new()));
            if i < b.len() && b[i] == b' ' {
                // token68, or the first auth-param
                i += 1;
                let s = i;
                while i < b.len() && b[i] != b',' && b[i] != b'=' && b[i] != b' ' {
                    i += 1;
                }
                let after_eq = {
                    let mut j = i;
                    while j < b.len() && b[j] == b'=' {
                        j += 1;
                    }
                    j
                };
                if i < b.len() && b[i] == b'=' && b.get(i + 1) == Some(&b'"') {
                    i = s; // an auth-param: parsed by the next turn
                    continue;
                }
                out.last_mut().unwrap().1 = Some(v[s..after_eq].to_string());
                i = after_eq;
            }
        }
        if i < b.len() {
            assert_eq!(&b[i..i + 2], b", ", "{v:?}");
            i += 2;
        }
    }
    out
}

#[test]
fn the_challenge_parser_reads_what_it_should() {
    let parsed = parse_challenges(r#"Bearer realm="a\"b", error="x", Negotiate abc==, Basic"#);
    assert_eq!(parsed.len(), 3);
    assert_eq!(
        parsed[0].2,
        [("realm".into(), "a\"b".into()), ("error".into(), "x".into())]
    );
    assert_eq!(parsed[1].1.as_deref(), Some("abc=="));
    assert_eq!(parsed[2].0, "Basic");
}

/// What a generated case built from.
#[derive(Clone, Debug)]
enum Case {
    Written(u8, String, bool, bool, bool),
    Redirect(u8, String),
    Https(RequestMethod, String, String),
    Unauthorized(String, Option<String>, Vec<(String, String)>, Option<String>),
    Proxy(String, Option<String>),
    Simple(u8),
    Retry(u8, u64, bool),
    Conflict(String),
    Unprocessable(Vec<(String, String)>),
    Unsupported(RequestMethod, Vec<String>),
    Coding(Vec<String>),
    Upgrade(Vec<String>),
    NotAllowed(u16, RequestMethod),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9/._~-]{0,12}",
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

/// Mostly tokens, sometimes anything.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}", 1 => text()]
}

fn method() -> impl Strategy<Value = RequestMethod> {
    prop_oneof![
        Just(RequestMethod::Get),
        Just(RequestMethod::Head),
        Just(RequestMethod::Post),
        Just(RequestMethod::Put),
        Just(RequestMethod::Patch),
        Just(RequestMethod::Delete),
        Just(RequestMethod::Other),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    let list = || prop::collection::vec(text(), 0..4);
    prop_oneof![
        (0u8..4, text(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(k, l, e, m, c)| Case::Written(k, l, e, m, c)),
        (0u8..5, text()).prop_map(|(k, l)| Case::Redirect(k, l)),
        (method(), text(), text()).prop_map(|(m, a, t)| Case::Https(m, a, t)),
        (
            token(),
            prop::option::of(text()),
            prop::collection::vec((token(), text()), 0..3),
            prop::option::of("[A-Za-z0-9+/~._-]{0,6}=?")
        )
            .prop_map(|(s, r, p, t)| Case::Unauthorized(s, r, p, t)),
        (token(), prop::option::of(text())).prop_map(|(s, r)| Case::Proxy(s, r)),
        (0u8..7).prop_map(Case::Simple),
        (0u8..4, any::<u64>(), any::<bool>()).prop_map(|(k, s, d)| Case::Retry(k, s, d)),
        text().prop_map(Case::Conflict),
        prop::collection::vec((text(), text()), 0..4).prop_map(Case::Unprocessable),
        (method(), list()).prop_map(|(m, l)| Case::Unsupported(m, l)),
        prop::collection::vec(token(), 0..4).prop_map(Case::Coding),
        prop::collection::vec(prop_oneof!["[a-z]{1,5}(/[0-9.]{1,3})?", text()], 0..4).prop_map(Case::Upgrade),
        (0u16..512, method()).prop_map(|(b, m)| Case::NotAllowed(b, m)),
    ]
}

/// Builds the case's response (`None` where a constructor refused its
/// input) and hands it to `check`.
fn build(case: &Case, check: &mut dyn FnMut(StatusResponse<'_>, &Case)) {
    fn strs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    match case {
        Case::Written(kind, loc, etag, modified, content) => {
            let Ok(location) = Location::new(loc) else { return };
            let mut v = Validators::NONE;
            if *etag {
                v = Validators::etag(EntityTag::from_static("\"x\""));
            }
            if *modified {
                v = v.with_last_modified(date());
            }
            let outcome = match kind {
                0 => WriteOutcome::Created {
                    location,
                    validators: v,
                },
                1 => WriteOutcome::Updated { validators: v },
                2 => WriteOutcome::Deleted,
                _ => WriteOutcome::Accepted { monitor: location },
            };
            let body = if *content {
                WriteBody::Content
            } else {
                WriteBody::Empty
            };
            check(StatusResponse::written(outcome, body), case);
        }
        Case::Redirect(kind, loc) => {
            let Ok(location) = Location::new(loc) else { return };
            let intent = [
                Redirect::Permanent,
                Redirect::Temporary,
                Redirect::SeeOther,
                Redirect::MovedPermanently,
                Redirect::Found,
            ][usize::from(*kind)];
            check(StatusResponse::redirect(intent, location), case);
        }
        Case::Https(m, a, t) => {
            if let Ok(r) = StatusResponse::https_redirect(*m, a, t) {
                check(r, case);
            }
        }
        Case::Unauthorized(scheme, realm, params, token68) => {
            let pairs: Vec<(&str, &str)> = params.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let Ok(mut c) = Challenge::new(scheme) else { return };
            if let Some(r) = realm {
                let Ok(with) = c.with_realm(r) else { return };
                c = with;
            }
            let Ok(mut c) = c.with_params(&pairs) else { return };
            if let Some(t) = token68 {
                let Ok(with) = c.with_token68(t) else { return };
                c = with;
            }
            check(StatusResponse::unauthorized(c), case);
            let twice = [c, c];
            check(StatusResponse::unauthorized_any(&twice).unwrap(), case);
        }
        Case::Proxy(scheme, realm) => {
            let Ok(c) = Challenge::new(scheme) else { return };
            let c = match realm {
                Some(r) => match c.with_realm(r) {
                    Ok(c) => c,
                    Err(_) => return,
                },
                None => c,
            };
            check(StatusResponse::proxy_authentication_required(c), case);
        }
        Case::Simple(k) => check(
            [
                StatusResponse::forbidden(),
                StatusResponse::not_found(),
                StatusResponse::request_timeout(),
                StatusResponse::internal_server_error(),
                StatusResponse::bad_gateway(),
                StatusResponse::gateway_timeout(),
                StatusResponse::content_too_large(None),
            ][usize::from(*k)],
            case,
        ),
        Case::Retry(k, seconds, as_date) => {
            let retry = if *as_date {
                RetryAfter::Date(HttpDate::from_unix_seconds((*seconds % 253_402_300_799) as i64).unwrap())
            } else {
                RetryAfter::Delay(*seconds)
            };
            let r = match k {
                0 => StatusResponse::service_unavailable(retry),
                1 => StatusResponse::too_many_requests(retry),
                _ => StatusResponse::content_too_large(Some(retry)),
            };
            check(r, case);
        }
        Case::Conflict(detail) => check(StatusResponse::conflict(detail), case),
        Case::Unprocessable(params) => {
            let invalid: Vec<InvalidParam<'_>> =
                params.iter().map(|(n, r)| InvalidParam::new(n, r)).collect();
            check(StatusResponse::unprocessable_content(&invalid), case);
        }
        Case::Unsupported(m, types) => {
            let types = strs(types);
            if let Ok(r) = StatusResponse::unsupported_media_type(*m, &types) {
                check(r, case);
            }
        }
        Case::Coding(codings) => {
            let codings = strs(codings);
            if let Ok(r) = StatusResponse::unsupported_content_coding(&codings) {
                check(r, case);
            }
        }
        Case::Upgrade(protocols) => {
            let protocols = strs(protocols);
            if let Ok(r) = StatusResponse::upgrade_required(&protocols) {
                check(r, case);
            }
        }
        Case::NotAllowed(bits, m) => {
            let all = [
                RequestMethod::Get,
                RequestMethod::Head,
                RequestMethod::Post,
                RequestMethod::Put,
                RequestMethod::Delete,
                RequestMethod::Patch,
                RequestMethod::Options,
                RequestMethod::Connect,
                RequestMethod::Trace,
            ];
            let set = (0..9)
                .filter(|i| bits & (1 << i) != 0)
                .fold(MethodSet::EMPTY, |s, i| s.with(all[i]));
            if let Err(refused) = set.check(*m) {
                check(StatusResponse::from(refused), case);
            }
        }
    }
}

/// Every property the guide promises of one response.
fn check_response(r: StatusResponse<'_>, case: &Case) {
    let (required, optional) = table(r.status());
    let got = fields(&r);
    let names: Vec<&str> = got.iter().map(|(n, _)| *n).collect();
    for name in required {
        assert!(names.contains(name), "{case:?}: {name} missing from {got:?}");
    }
    for name in &names {
        assert!(
            required.contains(name) || optional.contains(name),
            "{case:?}: {name} not in the table"
        );
    }
    if r.status() == 415 {
        assert_eq!(names.len(), 1, "{case:?}");
    }
    for (name, value) in &got {
        // An empty Allow is legal: the resource allows no methods (RFC 9110 §10.2.1).
        assert!(!value.is_empty() || *name == "allow", "{case:?}: empty {name}");
        assert!(
            value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)),
            "{case:?}: {name}: {value:?}"
        );
        assert!(
            !value.starts_with(' ') && !value.ends_with(' '),
            "{case:?}: {name}: {value:?}"
        );
        match *name {
            "location" => {
                assert!(!value.contains(' '));
                if let Case::Https(..) = case {
                    assert!(value.starts_with("https://"), "{value}");
                    assert_eq!(
                        r.status(),
                        if matches!(case, Case::Https(RequestMethod::Get | RequestMethod::Head, ..)) {
                            301
                        } else {
                            308
                        }
                    );
                }
            }
            "www-authenticate" | "proxy-authenticate" => {
                let parsed = parse_challenges(value);
                if let Case::Unauthorized(scheme, realm, ..) | Case::Proxy(scheme, realm) = case {
                    assert!(parsed.iter().all(|c| &c.0 == scheme), "{value}");
                    let mut want: Vec<(String, String)> =
                        realm.iter().map(|r| ("realm".into(), r.clone())).collect();
                    if let Case::Unauthorized(_, _, params, token68) = case {
                        want.extend(params.iter().cloned());
                        assert!(parsed.iter().all(|c| &c.1 == token68), "{value}");
                    }
                    assert!(parsed.iter().all(|c| c.2 == want), "{value}: {parsed:?}");
                }
            }
            "retry-after" => {
                assert!(RetryAfter::parse(value.as_bytes(), date()).is_some(), "{value}");
            }
            "etag" => assert_eq!(value, "\"x\""),
            "last-modified" => assert_eq!(HttpDate::parse(value.as_bytes(), date()), Some(date())),
            _ => {}
        }
    }
    // 1xx-3xx carry no problem; every error does, with `status` the status sent.
    if r.status() < 400 {
        assert!(r.problem().is_none(), "{case:?}");
    } else {
        body(&r);
    }
    // The HTTP/1.1 head: the status line, then `Name: value` lines.
    let head = r.to_string();
    let mut lines = head.split_terminator("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        format!("HTTP/1.1 {} {}", r.status(), r.reason_phrase())
    );
    assert!(head.ends_with("\r\n") && !head.contains("\r\n\r\n"), "{head:?}");
    assert!(
        lines.all(|l| l.split_once(": ").is_some_and(|(n, _)| !n.is_empty())),
        "{head:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_constructible_response_satisfies_the_guides_table(case in case()) {
        build(&case, &mut check_response);
    }
}

/// The generated cases reach every status of the table (so the property
/// above is not vacuous), including challenges with params and token68.
#[test]
fn the_generator_reaches_every_status_of_the_table() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeSet;
    let mut runner = TestRunner::deterministic();
    let mut seen = BTreeSet::new();
    let (mut with_params, mut with_token68) = (0, 0);
    for _ in 0..4000 {
        let case = case().new_tree(&mut runner).unwrap().current();
        build(&case, &mut |r, c| {
            seen.insert(r.status());
            if matches!(c, Case::Unauthorized(_, _, p, _) if !p.is_empty()) {
                with_params += 1;
            }
            if matches!(c, Case::Unauthorized(_, _, _, Some(_))) {
                with_token68 += 1;
            }
            check_response(r, c);
        });
    }
    let expect: BTreeSet<u16> = [
        200, 201, 202, 204, 301, 302, 303, 307, 308, 401, 403, 404, 405, 407, 408, 409, 413, 415, 422, 426,
        429, 500, 502, 503, 504,
    ]
    .into_iter()
    .collect();
    assert_eq!(seen, expect);
    assert!(
        with_params > 50 && with_token68 > 20,
        "{with_params} {with_token68}"
    );
}
