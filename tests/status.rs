//! Status decisions outside negotiation and preconditions: 405 + Allow,
//! Retry-After, and RFC 9457 problem+json bodies. Test names cite the rows of
//! `tests/REQUIREMENTS.md` (E-xx: RFC 9110 §15 / RFC 6585, P-xx: RFC 9457).
//!
//! Rows with nothing for conneg to do:
//! - E-03 (405 is heuristically cacheable): a caching fact; `MethodNotAllowed`'s
//!   rustdoc tells the host to add `Cache-Control` when it matters.
//! - E-06 (caches must not store 428/429/431/511): a cache requirement; the
//!   constructors' rustdoc suggests `Cache-Control: no-store`.
//! - E-08 (428/429 are optional and do not guarantee lost-update protection):
//!   a definition; the host decides when to answer 428 (E-04).
//! - E-13 (415 covers Content-Type/Content-Encoding of the request): conneg does
//!   not look at request content; `e13_…` only checks the 415 problem's title.
//! - E-14 (reason phrases are recommendations): `e14_…` checks they can be replaced.

use conneg::{
    Accept, AcceptLanguage, ErrorKind, HttpDate, MethodSet, ParseError, Problem, RequestMethod, RetryAfter,
    etag::EntityTagList, problem::ExtensionError, problem::MAX_EXTENSIONS, problem::ProblemValue,
    status_code::is_valid_status, status_code::reason_phrase,
};
use proptest::prelude::*;
use serde_json::Value;

/// The standard methods, in `Allow` order.
fn standard() -> Vec<RequestMethod> {
    let names = "GET HEAD POST PUT DELETE PATCH OPTIONS CONNECT TRACE";
    names
        .split(' ')
        .map(|m| RequestMethod::from_bytes(m.as_bytes()))
        .collect()
}

/// The standard methods whose bit is set in `bits`.
fn subset(bits: u16) -> Vec<RequestMethod> {
    let all = standard();
    (0..9).filter(|i| bits & (1 << i) != 0).map(|i| all[i]).collect()
}

/// The body as JSON, checking the members RFC 9457 defines have their types
/// (P-02) and that `status` is the problem's status (P-05).
fn json(problem: &Problem<'_>) -> Value {
    let body = problem.to_string();
    let v: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let obj = v.as_object().expect("a JSON object (P-01)");
    assert_eq!(
        obj["status"].as_u64(),
        Some(u64::from(problem.status())),
        "{body}"
    );
    for name in ["type", "title", "detail", "instance"] {
        if let Some(m) = obj.get(name) {
            assert!(m.is_string(), "{name} is a string: {body}");
        }
    }
    v
}

fn every_constructor() -> Vec<Problem<'static>> {
    let err = Accept::new(b"text/html;q=2").validate().unwrap_err();
    let date = RetryAfter::Date(HttpDate::from_unix_seconds(1_000_000_000).unwrap());
    vec![
        Problem::bad_request(&err),
        Problem::method_not_allowed(RequestMethod::Delete, MethodSet::EMPTY.with(RequestMethod::Get)),
        Problem::method_not_allowed(RequestMethod::Other, MethodSet::EMPTY),
        Problem::precondition_failed(),
        Problem::range_not_satisfiable(u64::MAX),
        Problem::precondition_required(),
        Problem::content_too_large(None),
        Problem::content_too_large(Some(RetryAfter::Delay(1))),
        Problem::too_many_requests(Some(RetryAfter::Delay(120))),
        Problem::too_many_requests(None),
        Problem::service_unavailable(Some(date)),
        Problem::service_unavailable(None),
        Problem::request_header_fields_too_large(Some("Cookie")),
        Problem::request_header_fields_too_large(None),
        Problem::new(404),
    ]
}

// ---- 405 and Allow ----

#[test]
fn e01_every_405_carries_the_allow_value() {
    for bits in 0u16..512 {
        let set = subset(bits).into_iter().fold(MethodSet::EMPTY, MethodSet::with);
        for method in standard().into_iter().chain([RequestMethod::Other]) {
            match set.check(method) {
                Ok(()) => assert!(set.contains(method)),
                Err(refused) => {
                    assert!(!set.contains(method));
                    assert_eq!((refused.status(), refused.method()), (405, method));
                    assert_eq!(refused.allow(), set.allow());
                    let body = json(&refused.problem());
                    assert_eq!(body["status"], 405);
                    assert_eq!(body["allow"], set.allow().as_str());
                }
            }
        }
    }
}

#[test]
fn e02_empty_allow_is_legal_and_allows_nothing() {
    assert_eq!(MethodSet::EMPTY.allow().as_str(), "");
    for method in standard() {
        let refused = MethodSet::EMPTY.check(method).unwrap_err();
        assert_eq!(refused.allow().as_str(), "");
    }
    let body = json(&Problem::method_not_allowed(RequestMethod::Get, MethodSet::EMPTY));
    assert_eq!(body["allow"], "");
    assert_eq!(
        body["detail"],
        "The GET method is not allowed for the target resource; it currently allows no methods."
    );
}

#[test]
fn s11_allow_lists_each_method_once_in_fixed_order_without_empty_elements() {
    for bits in 0u16..512 {
        let methods = subset(bits);
        // `without` undoes the implied HEAD when HEAD was not chosen.
        let mut set = MethodSet::of(&methods);
        if !methods.contains(&RequestMethod::Head) {
            set = set.without(RequestMethod::Head);
        }
        let allow = set.allow();
        assert!(set.iter().eq(methods.iter().copied()), "{methods:?}");
        if methods.is_empty() {
            assert_eq!(allow.as_str(), "");
            continue;
        }
        let parsed: Vec<RequestMethod> = allow
            .as_str()
            .split(", ")
            .map(|name| RequestMethod::from_bytes(name.as_bytes()))
            .collect();
        assert_eq!(parsed, methods, "{allow}");
    }
    let all = MethodSet::of(&standard()).allow();
    assert_eq!(
        all.as_str(),
        "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE"
    );
    assert_eq!(all.to_string(), all.as_str());
    assert_eq!(format!("{all:?}"), format!("AllowBuf({all})"));
}

#[test]
fn get_implies_head_rfc9110_9_3_2() {
    let set = MethodSet::EMPTY.with(RequestMethod::Get);
    assert!(set.check(RequestMethod::Head).is_ok());
    assert_eq!(set.allow().as_str(), "GET, HEAD");
    // A resource that really refuses HEAD says so explicitly.
    let refuses_head = set.without(RequestMethod::Head);
    assert!(refuses_head.check(RequestMethod::Head).is_err());
    assert_eq!(refuses_head.allow().as_str(), "GET");
    // Only adding GET brings HEAD.
    assert_eq!(
        MethodSet::EMPTY.with(RequestMethod::Head).allow().as_str(),
        "HEAD"
    );
    assert_eq!(MethodSet::of(&[RequestMethod::Post]).allow().as_str(), "POST");
}

#[test]
fn unknown_methods_are_never_contained() {
    let all = MethodSet::of(&standard()).with(RequestMethod::Other);
    assert!(!all.contains(RequestMethod::Other));
    assert_eq!(all, MethodSet::of(&standard()));
    let refused = all.check(RequestMethod::from_bytes(b"PROPFIND")).unwrap_err();
    assert_eq!(refused.status(), 405);
    assert_eq!(
        json(&refused.problem())["detail"],
        "This method is not allowed for the target resource; it allows GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE."
    );
    // RequestMethod names are case-sensitive (RFC 9110 §9.1).
    assert!(all.check(RequestMethod::from_bytes(b"get")).is_err());
}

#[test]
fn method_not_allowed_display_names_the_allow_value() {
    let refused = MethodSet::EMPTY
        .with(RequestMethod::Put)
        .check(RequestMethod::Get)
        .unwrap_err();
    assert_eq!(refused.to_string(), "405 Method Not Allowed (Allow: PUT)");
    assert_eq!(refused.allowed(), MethodSet::EMPTY.with(RequestMethod::Put));
    let boxed: Box<dyn std::error::Error> = Box::new(refused);
    assert!(boxed.to_string().starts_with("405"));
}

// ---- 428, 429, 431, 413, 503 ----

#[test]
fn e04_e05_428_explains_how_to_resubmit() {
    let problem = Problem::precondition_required();
    let body = json(&problem);
    assert_eq!(body["status"], 428);
    assert_eq!(body["title"], "Precondition Required");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("If-Match") && detail.contains("If-Unmodified-Since"),
        "{detail}"
    );
    assert!(
        detail.contains("ETag") && detail.contains("Last-Modified"),
        "{detail}"
    );
}

#[test]
fn e07_429_body_explains_the_condition_and_may_carry_retry_after() {
    let body = json(&Problem::too_many_requests(None));
    assert_eq!(body["title"], "Too Many Requests");
    assert!(body["detail"].as_str().unwrap().contains("Too many requests"));
    assert!(body.get("retry_after").is_none());

    let body = json(&Problem::too_many_requests(Some(RetryAfter::Delay(3600))));
    assert_eq!(body["retry_after"].as_u64(), Some(3600));
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .ends_with("Retry after 3600 seconds.")
    );

    // The host explains its limit (E-07) and keeps the retry member.
    let body = json(
        &Problem::too_many_requests(Some(RetryAfter::Delay(1)))
            .with_detail("At most 100 requests per hour are allowed."),
    );
    assert_eq!(body["detail"], "At most 100 requests per hour are allowed.");
    assert_eq!(body["retry_after"], 1);
}

#[test]
fn e09_431_names_the_oversized_field() {
    let body = json(&Problem::request_header_fields_too_large(Some("Cookie")));
    assert_eq!(body["status"], 431);
    assert_eq!(body["title"], "Request Header Fields Too Large");
    assert_eq!(body["field"], "Cookie");
    assert!(body["detail"].as_str().unwrap().contains("Cookie field"));
    let body = json(&Problem::request_header_fields_too_large(None));
    assert!(body.get("field").is_none());
    // A hostile field name is escaped, not injected.
    let body = json(&Problem::request_header_fields_too_large(Some(
        "X\",\"status\":200",
    )));
    assert_eq!(body["field"], "X\",\"status\":200");
    assert_eq!(body["status"], 431);
}

#[test]
fn e11_temporary_413_carries_retry_after() {
    let body = json(&Problem::content_too_large(Some(RetryAfter::Delay(1))));
    assert_eq!(
        (body["status"].as_u64(), body["title"].as_str()),
        (Some(413), Some("Content Too Large"))
    );
    assert_eq!(body["retry_after"], 1);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .ends_with("Retry after 1 second.")
    );
    assert!(
        json(&Problem::content_too_large(None))
            .get("retry_after")
            .is_none()
    );
}

#[test]
fn e12_503_may_carry_retry_after_as_a_date() {
    let at = HttpDate::from_unix_seconds(784_111_777).unwrap();
    let body = json(&Problem::service_unavailable(Some(RetryAfter::Date(at))));
    assert_eq!(body["status"], 503);
    assert_eq!(body["retry_after"], "Sun, 06 Nov 1994 08:49:37 GMT");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .ends_with("Retry after Sun, 06 Nov 1994 08:49:37 GMT.")
    );
    // The same value goes into the Retry-After field (P-14).
    assert_eq!(RetryAfter::Date(at).to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
}

// ---- Retry-After ----

#[test]
fn e10_retry_after_is_delay_seconds_or_http_date() {
    let now = HttpDate::from_unix_seconds(784_111_777).unwrap();
    let parse = |s: &[u8]| RetryAfter::parse(s, now);
    assert_eq!(parse(b"120"), Some(RetryAfter::Delay(120)));
    assert_eq!(parse(b"0"), Some(RetryAfter::Delay(0)));
    assert_eq!(parse(b"007"), Some(RetryAfter::Delay(7)));
    assert_eq!(parse(b" \t120 "), Some(RetryAfter::Delay(120)));
    let date = Some(RetryAfter::Date(now));
    assert_eq!(parse(b"Sun, 06 Nov 1994 08:49:37 GMT"), date);
    assert_eq!(parse(b"Sunday, 06-Nov-94 08:49:37 GMT"), date);
    assert_eq!(parse(b"Sun Nov  6 08:49:37 1994"), date);
    for bad in [
        &b"-1"[..],
        b"1.5",
        b"",
        b"   ",
        b"12a",
        b"+1",
        b"1 2",
        b"1e3",
        b"0x10",
        b"\xff",
        b"sun, 06 nov 1994 08:49:37 gmt",
    ] {
        assert_eq!(parse(bad), None, "{:?}", String::from_utf8_lossy(bad));
    }
}

#[test]
fn s31_delay_seconds_overflow_saturates() {
    let now = HttpDate::UNIX_EPOCH;
    assert_eq!(
        RetryAfter::parse(b"99999999999999999999999", now),
        Some(RetryAfter::Delay(u64::MAX))
    );
    assert_eq!(
        RetryAfter::parse(b"18446744073709551615", now),
        Some(RetryAfter::Delay(u64::MAX))
    );
    assert_eq!(
        RetryAfter::parse(b"18446744073709551614", now),
        Some(RetryAfter::Delay(u64::MAX - 1))
    );
    let long = vec![b'9'; 100_000];
    assert_eq!(RetryAfter::parse(&long, now), Some(RetryAfter::Delay(u64::MAX)));
}

#[test]
fn s23_retry_after_dates_are_written_as_imf_fixdate() {
    let now = HttpDate::from_unix_seconds(1_795_651_200).unwrap();
    for input in [
        &b"Sunday, 06-Nov-94 08:49:37 GMT"[..],
        b"Sun Nov  6 08:49:37 1994",
    ] {
        let r = RetryAfter::parse(input, now).unwrap();
        assert_eq!(r.format().as_str(), "Sun, 06 Nov 1994 08:49:37 GMT");
    }
    assert_eq!(format!("{:?}", RetryAfter::Delay(5).format()), "RetryAfterBuf(5)");
}

#[test]
fn delay_seconds_counts_from_now_and_never_goes_negative() {
    let now = HttpDate::from_unix_seconds(1_000).unwrap();
    let at = |s| RetryAfter::Date(HttpDate::from_unix_seconds(s).unwrap());
    assert_eq!(at(1_000).delay_seconds(now), 0);
    assert_eq!(at(999).delay_seconds(now), 0);
    assert_eq!(at(1_001).delay_seconds(now), 1);
    assert_eq!(
        RetryAfter::Date(HttpDate::MAX).delay_seconds(HttpDate::MIN),
        315_569_519_999
    );
    assert_eq!(RetryAfter::Date(HttpDate::MIN).delay_seconds(HttpDate::MAX), 0);
    assert_eq!(RetryAfter::Delay(u64::MAX).delay_seconds(now), u64::MAX);
}

proptest! {
    #[test]
    fn e10_delays_round_trip(seconds in any::<u64>()) {
        let r = RetryAfter::Delay(seconds);
        prop_assert_eq!(RetryAfter::parse(r.format().as_bytes(), HttpDate::UNIX_EPOCH), Some(r));
        prop_assert_eq!(r.to_string(), seconds.to_string());
    }

    #[test]
    fn e10_dates_round_trip(secs in HttpDate::MIN.unix_seconds()..=HttpDate::MAX.unix_seconds()) {
        let r = RetryAfter::Date(HttpDate::from_unix_seconds(secs).unwrap());
        let text = r.format();
        prop_assert_eq!(text.as_str().len(), 29);
        prop_assert_eq!(RetryAfter::parse(text.as_bytes(), HttpDate::UNIX_EPOCH), Some(r));
    }

    #[test]
    fn retry_after_parse_never_panics_and_digits_are_delays(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
        let parsed = RetryAfter::parse(&bytes, HttpDate::UNIX_EPOCH);
        if !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit) {
            prop_assert!(matches!(parsed, Some(RetryAfter::Delay(_))));
        }
        if let Some(r) = parsed {
            prop_assert_eq!(RetryAfter::parse(r.format().as_bytes(), HttpDate::UNIX_EPOCH), Some(r));
        }
    }
}

// ---- Status codes and reason phrases ----

#[test]
fn e15_only_100_to_599_are_status_codes() {
    for code in 0..=u16::MAX {
        assert_eq!(is_valid_status(code), (100..=599).contains(&code), "{code}");
        let problem = Problem::new(code);
        let expect = if (100..=599).contains(&code) { code } else { 500 };
        assert_eq!(problem.status(), expect);
        assert_eq!(json(&problem)["status"], expect);
    }
    for code in [0, 99, 600, 999, u16::MAX] {
        let body = json(&Problem::new(code));
        assert_eq!(
            (body["status"].as_u64(), body["title"].as_str()),
            (Some(500), Some("Internal Server Error"))
        );
    }
}

#[test]
fn e13_415_problem_has_its_phrase() {
    assert_eq!(json(&Problem::new(415))["title"], "Unsupported Media Type");
}

#[test]
fn e14_reason_phrases_can_be_replaced() {
    let body = json(&Problem::new(404).with_title("Introuvable"));
    assert_eq!(body["title"], "Introuvable");
    assert_eq!(body["status"], 404);
}

#[test]
fn reason_phrases_for_every_code_conneg_decides() {
    for (code, phrase) in [
        (400, "Bad Request"),
        (404, "Not Found"),
        (405, "Method Not Allowed"),
        (406, "Not Acceptable"),
        (412, "Precondition Failed"),
        (413, "Content Too Large"),
        (416, "Range Not Satisfiable"),
        (428, "Precondition Required"),
        (429, "Too Many Requests"),
        (431, "Request Header Fields Too Large"),
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
        (304, "Not Modified"),
        (206, "Partial Content"),
    ] {
        assert_eq!(reason_phrase(code), Some(phrase), "{code}");
    }
    for code in [0, 99, 102, 306, 418, 451, 599, 600] {
        assert_eq!(reason_phrase(code), None, "{code}");
    }
}

// ---- problem+json (RFC 9457) ----

#[test]
fn p01_content_type_is_application_problem_json() {
    for problem in every_constructor() {
        assert_eq!(problem.content_type(), "application/problem+json");
    }
}

#[test]
fn p02_every_body_parses_with_the_right_member_types() {
    for problem in every_constructor() {
        let body = json(&problem);
        assert!(body["status"].is_u64());
        assert!(body["title"].is_string());
        // Every constructor explains itself; the plain 404 has no detail.
        assert_eq!(body["detail"].is_string(), problem.status() != 404);
    }
    let body = json(
        &Problem::new(403)
            .with_type("https://example.com/probs/out-of-credit")
            .with_instance("/account/12345/msgs/abc")
            .with_extension("balance", 30_u64)
            .with_extension("debt", -5_i64)
            .with_extension("accounts", "/account/12345"),
    );
    assert_eq!(body["type"], "https://example.com/probs/out-of-credit");
    assert_eq!(body["instance"], "/account/12345/msgs/abc");
    assert_eq!(body["balance"].as_u64(), Some(30));
    assert_eq!(body["debt"].as_i64(), Some(-5));
    assert_eq!(body["accounts"], "/account/12345");
}

#[test]
fn p03_type_is_omitted_for_about_blank() {
    for problem in every_constructor() {
        assert!(json(&problem).get("type").is_none());
    }
    assert_eq!(
        json(&Problem::new(400).with_type("about:blank"))["type"],
        "about:blank"
    );
}

#[test]
fn p05_status_member_equals_the_status_sent() {
    let expect = [
        400, 405, 405, 412, 416, 428, 413, 413, 429, 429, 503, 503, 431, 431, 404,
    ];
    for (problem, code) in every_constructor().iter().zip(expect) {
        assert_eq!(problem.status(), code);
        assert_eq!(json(problem)["status"], code);
    }
    // Extensions and details cannot forge a second status member.
    let p = Problem::new(429)
        .with_detail("\",\"status\":200,\"x\":\"")
        .with_extension("status", 200_u64);
    let body = p.to_string();
    assert_eq!(body.matches("\"status\":").count(), 1);
    assert_eq!(json(&p)["status"], 429);
}

#[test]
fn p10_extension_member_names_are_checked() {
    let p = Problem::new(400);
    assert!(p.try_with_extension("abc", 1_u64).is_ok());
    assert!(p.try_with_extension("a_1", 1_u64).is_ok());
    assert!(p.try_with_extension("Zz9", 1_u64).is_ok());
    for bad in ["", "ab", "1ab", "_ab", "a-b", "ab c", "ünï", "abc\"", "a.bc"] {
        assert_eq!(
            p.try_with_extension(bad, 1_u64).unwrap_err(),
            ExtensionError::InvalidName,
            "{bad}"
        );
    }
    for reserved in ["type", "title", "status", "detail", "instance"] {
        assert_eq!(
            p.try_with_extension(reserved, 1_u64).unwrap_err(),
            ExtensionError::ReservedName
        );
    }
    // A constructor's own members count: no duplicate `length`.
    let range = Problem::range_not_satisfiable(10);
    assert_eq!(
        range.try_with_extension("length", 1_u64).unwrap_err(),
        ExtensionError::Duplicate
    );
    assert_eq!(json(&range.with_extension("length", 1_u64))["length"], 10);
    // Room for MAX_EXTENSIONS members, then Full.
    let names = ["aaa", "bbb", "ccc", "ddd", "eee", "fff", "ggg", "hhh", "iii"];
    let mut p = Problem::new(400);
    for (i, name) in names.iter().enumerate().take(MAX_EXTENSIONS) {
        p = p.try_with_extension(name, i as u64).unwrap();
    }
    assert_eq!(
        p.try_with_extension(names[MAX_EXTENSIONS], 0_u64).unwrap_err(),
        ExtensionError::Full
    );
    let body = json(&p.with_extension(names[MAX_EXTENSIONS], 0_u64));
    assert_eq!(body.as_object().unwrap().len(), 2 + MAX_EXTENSIONS);
    assert_eq!(ExtensionError::Full.to_string(), "too many extension members");
}

#[test]
fn p13_title_is_the_reason_phrase_when_type_is_about_blank() {
    for problem in every_constructor() {
        let body = json(&problem);
        assert_eq!(body["title"].as_str(), reason_phrase(problem.status()));
        assert_eq!(problem.title(), reason_phrase(problem.status()));
    }
    // A code without a registered phrase has no title rather than a wrong one.
    assert!(json(&Problem::new(499)).get("title").is_none());
}

#[test]
fn p14_retry_after_member_matches_the_field_value() {
    let at = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
    for retry in [
        RetryAfter::Delay(0),
        RetryAfter::Delay(u64::MAX),
        RetryAfter::Date(at),
    ] {
        for problem in [
            Problem::too_many_requests(Some(retry)),
            Problem::service_unavailable(Some(retry)),
            Problem::content_too_large(Some(retry)),
        ] {
            let body = json(&problem);
            let member = &body["retry_after"];
            let as_field = retry.format();
            match retry {
                RetryAfter::Delay(s) => assert_eq!(member.as_u64(), Some(s)),
                RetryAfter::Date(_) => assert_eq!(member.as_str(), Some(as_field.as_str())),
            }
            assert!(body["detail"].as_str().unwrap().contains(as_field.as_str()));
        }
    }
}

#[test]
fn bad_request_names_field_line_offset_and_kind() {
    let cases: Vec<ParseError> = vec![
        Accept::new(b"text/html;q=2").validate().unwrap_err(),
        Accept::from_field(conneg::FieldLines::many(&[b"text/html", b"text/plain, */html"]))
            .validate()
            .unwrap_err(),
        AcceptLanguage::new(b"en;q=x").validate().unwrap_err(),
        EntityTagList::new(b"*, \"a\"").validate().unwrap_err(),
    ];
    for err in cases {
        let problem = Problem::bad_request(&err);
        let body = json(&problem);
        assert_eq!(body["status"], 400);
        assert_eq!(body["title"], "Bad Request");
        assert_eq!(body["field"], err.field());
        assert_eq!(body["line"].as_u64(), Some(err.line() as u64));
        assert_eq!(body["offset"].as_u64(), Some(err.offset() as u64));
        assert_eq!(body["error"], err.kind().as_str());
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains(err.field()), "{detail}");
        assert!(detail.contains(&format!("byte {}", err.offset())), "{detail}");
        assert!(detail.contains(err.kind().as_str()), "{detail}");
    }
    let err = Accept::from_field(conneg::FieldLines::many(&[b"text/html", b"text/plain, */html"]))
        .validate()
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.line(), err.offset()),
        (ErrorKind::WildcardType, 1, 12)
    );
    assert_eq!(
        json(&Problem::bad_request(&err))["detail"],
        "The Accept field is malformed at byte 12 of line 1: '*' type with a concrete subtype is not a media range."
    );
}

#[test]
fn range_not_satisfiable_and_precondition_failed() {
    let body = json(&Problem::range_not_satisfiable(1234));
    assert_eq!(
        (body["status"].as_u64(), body["length"].as_u64()),
        (Some(416), Some(1234))
    );
    let body = json(&Problem::precondition_failed());
    assert_eq!(body["title"], "Precondition Failed");
    assert!(body["detail"].as_str().unwrap().contains("If-Match"));
}

/// A problem with `bytes` as its detail and `value` member and `text` as its
/// type, instance and `text` member.
fn echoing<'a>(status: u16, bytes: &'a [u8], text: &'a str) -> Problem<'a> {
    Problem::new(status)
        .with_detail_bytes(bytes)
        .with_type(text)
        .with_instance(text)
        .with_extension("value", bytes)
        .with_extension("text", text)
}

/// The body of [`echoing`] is valid JSON whose members read back (lossily
/// for octets).
fn assert_echoes(problem: &Problem<'_>, bytes: &[u8], text: &str) {
    let v = json(problem);
    let lossy = String::from_utf8_lossy(bytes);
    for octets in ["detail", "value"] {
        assert_eq!(v[octets].as_str(), Some(&*lossy));
    }
    for member in ["type", "instance", "text"] {
        assert_eq!(v[member].as_str(), Some(text));
    }
}

#[test]
fn every_octet_and_control_character_is_escaped() {
    let all: Vec<u8> = (0..=255).collect();
    let text: String = (0u32..0x80)
        .filter_map(char::from_u32)
        .chain(['é', '€', '😀', '\u{2028}', '"', '\\'])
        .collect();
    let p = echoing(400, &all, &text);
    let body = p.to_string();
    assert!(
        !body.bytes().any(|b| b < 0x20 || b == 0x7f),
        "raw controls in {body:?}"
    );
    assert!(body.contains(r"\u0000") && body.contains(r"\u001f") && body.contains(r"\u007f"));
    assert_echoes(&p, &all, &text);
}

#[test]
fn problem_value_conversions() {
    assert_eq!(ProblemValue::from("x"), ProblemValue::Str("x"));
    assert_eq!(ProblemValue::from(&b"x"[..]), ProblemValue::Bytes(b"x"));
    assert_eq!(ProblemValue::from(-1_i64), ProblemValue::Int(-1));
    assert_eq!(ProblemValue::from(1_u64), ProblemValue::UInt(1));
    assert_eq!(
        ProblemValue::from(HttpDate::MAX),
        ProblemValue::Date(HttpDate::MAX)
    );
    let set = MethodSet::EMPTY.with(RequestMethod::Post);
    assert_eq!(ProblemValue::from(set), ProblemValue::Methods(set));
    assert_eq!(
        json(&Problem::new(400).with_extension("allowed", set))["allowed"],
        "POST"
    );
}

proptest! {
    /// Arbitrary octets in a detail, extension values and strings in every
    /// other member: always valid JSON, the values read back (lossily for
    /// octets), and `status` is the problem's status.
    #[test]
    fn any_bytes_give_valid_json_with_the_status(
        status in any::<u16>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..64),
        text in any::<String>(),
    ) {
        let p = echoing(status, &bytes, &text);
        assert_echoes(&p, &bytes, &text);
        prop_assert!(is_valid_status(p.status()));
    }

    /// A 400 from any strict-mode error, with the offending field echoed in
    /// an extension member.
    #[test]
    fn any_parse_error_gives_a_valid_400(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let errors = [
            Accept::new(&bytes).validate().err(),
            AcceptLanguage::new(&bytes).validate().err(),
            EntityTagList::new(&bytes).validate().err(),
        ];
        for err in errors.into_iter().flatten() {
            let p = Problem::bad_request(&err).with_extension("value", &bytes[..]);
            let v = json(&p);
            prop_assert_eq!(&v["status"], 400);
            prop_assert_eq!(v["offset"].as_u64(), Some(err.offset() as u64));
            prop_assert_eq!(v["value"].as_str(), Some(&*String::from_utf8_lossy(&bytes)));
        }
    }
}
