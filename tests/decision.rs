//! The combined decision (`Resource::decide`): the hand-written vectors of
//! `tests/data/decide.json` and the Range vectors of `ranges.json` through it,
//! a named test for each R- row the decision is responsible for, the
//! multipart framing parsed back, and property tests of the invariants
//! (no 206 unless GET + Range + preconditions passed; every Content-Range
//! parses and lies within the length; no 304 for unsafe methods).

#[path = "../examples/harness/mod.rs"]
mod harness;

use conneg::{
    ByteRange, EntityTag, Field, FieldLines, HttpDate, Outcome, Precondition, RequestHead, RequestMethod,
    Resource, Variant, precondition::RangeCondition,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const LM: HttpDate = match HttpDate::from_unix_seconds(784_111_777) {
    Some(d) => d,
    None => HttpDate::UNIX_EPOCH,
};

/// English/Korean HTML, English gzip HTML, English JSON (as in decide.json).
const VARIANTS: [Variant<'static>; 4] = [
    Variant::new("text/html")
        .with_language("en")
        .with_etag(EntityTag::from_static("\"h-en\""))
        .with_last_modified(LM)
        .with_length(1000),
    Variant::new("text/html")
        .with_language("en")
        .with_encoding("gzip")
        .with_etag(EntityTag::from_static("\"h-en-gz\""))
        .with_length(400),
    Variant::new("text/html")
        .with_language("ko")
        .with_etag(EntityTag::from_static("\"h-ko\""))
        .with_length(1200),
    Variant::new("application/json")
        .with_language("en")
        .with_etag(EntityTag::from_static("\"j-en\""))
        .with_length(300),
];

fn get(fields: &[(Field, &'static str)]) -> RequestHead<'static> {
    request(RequestMethod::Get, fields)
}

fn request(method: RequestMethod, fields: &[(Field, &'static str)]) -> RequestHead<'static> {
    fields.iter().fold(RequestHead::new(method), |r, &(f, v)| {
        r.field(f, FieldLines::one(v.as_bytes()))
    })
}

fn header_names(d: &conneg::Decision<'_, '_>) -> Vec<&'static str> {
    d.headers().map(|h| h.name()).collect()
}

fn header(d: &conneg::Decision<'_, '_>, name: &str) -> Option<String> {
    d.headers()
        .find(|h| h.name() == name)
        .map(|h| h.value().to_string())
}

#[test]
fn every_decide_vector_passes() {
    let vectors: Vec<Value> = serde_json::from_str(include_str!("data/decide.json")).unwrap();
    assert_eq!(vectors.len(), 28, "decide.json is complete");
    let mut failures = Vec::new();
    for mut v in vectors {
        v["kind"] = json!("decide");
        let got = harness::answer(&v);
        if !matches!(&got, Ok(g) if *g == v["want"]) {
            failures.push(format!("{}: want {} got {:?}", v["id"], v["want"], got));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `ranges.json` vector, as a GET through the decision: same status,
/// same ranges as `Range::evaluate` alone.
#[test]
fn range_vectors_through_the_decision() {
    let vectors: Vec<Value> = serde_json::from_str(include_str!("data/ranges.json")).unwrap();
    assert_eq!(vectors.len(), 29);
    for v in vectors {
        let body = v["body"].as_str().unwrap_or("");
        let length = v["length"].as_u64().unwrap_or(body.len() as u64);
        let variants = [Variant::new("application/octet-stream").with_length(length)];
        let mut r = RequestHead::new(RequestMethod::Get);
        if let Some(range) = v["range"].as_str() {
            r = r.field(Field::Range, FieldLines::one(range.as_bytes()));
        }
        let d = Resource::new(&variants).decide(&r);
        assert_eq!(json!(d.status()), v["want"], "{}", v["id"]);
        if d.status() == 206 {
            let mut direct = [ByteRange::default(); 16];
            let want =
                conneg::Range::new(v["range"].as_str().unwrap().as_bytes()).evaluate(length, &mut direct);
            assert_eq!(conneg::RangeOutcome::Satisfiable(d.ranges()), want, "{}", v["id"]);
        }
    }
}

#[test]
fn r01_r11_ranges_can_be_turned_off() {
    let d = Resource::new(&VARIANTS)
        .accept_ranges(false)
        .decide(&get(&[(Field::Range, "bytes=0-9")]));
    assert_eq!(d.status(), 200);
    assert!(!header_names(&d).contains(&"Accept-Ranges"));
    // A variant without a length cannot be ranged either.
    let no_length = [Variant::new("text/plain")];
    let d = Resource::new(&no_length).decide(&get(&[(Field::Range, "bytes=0-9")]));
    assert_eq!((d.status(), d.content_length()), (200, None));
}

#[test]
fn r05_ranges_of_a_coded_variant_count_coded_bytes() {
    let d = Resource::new(&VARIANTS).decide(&get(&[
        (Field::Accept, "text/html"),
        (Field::AcceptEncoding, "gzip"),
        (Field::Range, "bytes=-100"),
    ]));
    assert_eq!((d.status(), d.variant_index()), (206, Some(1)));
    assert_eq!(header(&d, "Content-Range").as_deref(), Some("bytes 300-399/400"));
    assert_eq!(header(&d, "Content-Encoding").as_deref(), Some("gzip"));
}

#[test]
fn r12_range_is_for_get_only() {
    for method in [
        RequestMethod::Head,
        RequestMethod::Post,
        RequestMethod::Put,
        RequestMethod::Delete,
        RequestMethod::Patch,
        RequestMethod::Other,
    ] {
        let d = Resource::new(&VARIANTS).decide(&request(method, &[(Field::Range, "bytes=0-9")]));
        assert_eq!(d.status(), 200, "{method:?}");
        assert!(d.ranges().is_empty());
    }
}

#[test]
fn r14_304_and_412_win_over_range() {
    let d = Resource::new(&VARIANTS).decide(&get(&[
        (Field::Range, "bytes=0-9"),
        (Field::IfNoneMatch, "\"h-en\""),
    ]));
    assert_eq!(d.status(), 304);
    let d = Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=0-9"), (Field::IfMatch, "\"x\"")]));
    assert_eq!(d.status(), 412);
    assert!(header(&d, "Content-Range").is_none());
}

#[test]
fn r16_r50_egregious_ranges_are_ignored_not_416() {
    let d = Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=0-999,0-999,0-999")]));
    assert_eq!(d.status(), 200);
    let d = Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=2000-3000")]));
    assert_eq!(d.status(), 416);
}

#[test]
fn r18_r42_one_satisfiable_range_is_206_with_its_length() {
    let d = Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=10-19")]));
    assert_eq!(d.status(), 206);
    assert_eq!(d.ranges(), [ByteRange::new(10, 19).unwrap()]);
    assert_eq!(d.content_length(), Some(10));
    assert_eq!(header(&d, "Content-Range").as_deref(), Some("bytes 10-19/1000"));
    assert!(d.multipart().is_none(), "R-46: one range, one part");
}

#[test]
fn r20_fewer_ranges_than_requested() {
    let d = Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=0-9,5000-6000")]));
    assert_eq!(d.ranges(), [ByteRange::new(0, 9).unwrap()]);
    assert_eq!(header(&d, "Content-Range").as_deref(), Some("bytes 0-9/1000"));
}

#[test]
fn r21_accept_ranges_advertised_on_200_206_416() {
    for (range, status) in [(None, 200), (Some("bytes=0-0"), 206), (Some("bytes=9999-"), 416)] {
        let r = match range {
            Some(v) => get(&[(Field::Range, v)]),
            None => get(&[]),
        };
        let d = Resource::new(&VARIANTS).decide(&r);
        assert_eq!(d.status(), status);
        assert_eq!(header(&d, "Accept-Ranges").as_deref(), Some("bytes"));
    }
    let d = Resource::new(&VARIANTS).decide(&get(&[(Field::IfNoneMatch, "*")]));
    assert_eq!(d.status(), 304);
    assert!(header(&d, "Accept-Ranges").is_none());
}

#[test]
fn r23_r25_r26_content_range_only_on_206_and_416() {
    let cases: [&[(Field, &str)]; 5] = [
        &[],
        &[(Field::Range, "bytes=0-0")],
        &[(Field::Range, "bytes=5000-")],
        &[(Field::IfNoneMatch, "*")],
        &[(Field::Accept, "image/png")],
    ];
    for fields in cases {
        let d = Resource::new(&VARIANTS).decide(&get(fields));
        let cr = header(&d, "Content-Range");
        match d.status() {
            206 => assert_eq!(cr.as_deref(), Some("bytes 0-0/1000")),
            416 => assert_eq!(cr.as_deref(), Some("bytes */1000")),
            _ => assert_eq!(cr, None),
        }
    }
}

// R-27 / R-28 (Content-Range on a request, partial PUT) concern the request
// body, which conneg never sees: the host rejects Content-Range on a PUT.
// R-51 (206 heuristically cacheable) is a cache rule: nothing to decide.

#[test]
fn r40_206_keeps_etag_and_vary() {
    let d = Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=0-0")]));
    let names = header_names(&d);
    assert!(names.contains(&"ETag") && names.contains(&"Vary"));
}

#[test]
fn r41_206_to_if_range_leaves_out_representation_fields() {
    let with =
        Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=0-0"), (Field::IfRange, "\"h-en\"")]));
    assert_eq!(with.status(), 206);
    assert_eq!(
        header_names(&with),
        ["Vary", "ETag", "Accept-Ranges", "Content-Range"]
    );
    let without = Resource::new(&VARIANTS).decide(&get(&[(Field::Range, "bytes=0-0")]));
    assert_eq!(
        header_names(&without),
        [
            "Vary",
            "ETag",
            "Last-Modified",
            "Accept-Ranges",
            "Content-Type",
            "Content-Language",
            "Content-Range"
        ]
    );
}

/// Parses a multipart/byteranges body back into (Content-Type, Content-Range, bytes) parts.
fn parse_multipart(body: &[u8], boundary: &str) -> Vec<(String, String, Vec<u8>)> {
    let text = std::str::from_utf8(body).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'), "R-48: CRLF only");
    let delimiter = format!("--{boundary}");
    let closing = format!("\r\n--{boundary}--\r\n");
    let inner = text.strip_suffix(&closing).expect("closing delimiter");
    let mut parts = Vec::new();
    for chunk in inner.split(&format!("\r\n{delimiter}\r\n")) {
        let chunk = chunk.strip_prefix(&format!("{delimiter}\r\n")).unwrap_or(chunk);
        let (head, bytes) = chunk.split_once("\r\n\r\n").unwrap();
        let mut ct = String::new();
        let mut cr = String::new();
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(": ").unwrap();
            match name {
                "Content-Type" => ct = value.to_string(),
                "Content-Range" => cr = value.to_string(),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push((ct, cr, bytes.as_bytes().to_vec()));
    }
    parts
}

#[test]
fn r43_r44_r47_r48_r49_multipart_parts_parse_back() {
    let body: Vec<u8> = (0..1000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let variants = [Variant::new("text/plain")
        .with_charset("utf-8")
        .with_etag(EntityTag::from_static("\"t\""))
        .with_length(1000)];
    let d = Resource::new(&variants).decide(&get(&[(Field::Range, "bytes=500-509, 0-4, -3")]));
    assert_eq!(d.status(), 206);
    let m = d.multipart().expect("several ranges: multipart");
    let boundary = m.boundary().as_str().to_string();
    assert!(
        boundary.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
        "R-49: token, unquoted"
    );
    assert_eq!(
        header(&d, "Content-Type").as_deref(),
        Some(format!("multipart/byteranges; boundary={boundary}").as_str())
    );
    assert!(
        header(&d, "Content-Range").is_none(),
        "R-43: no top-level Content-Range"
    );
    let mut out = Vec::new();
    for part in m.parts() {
        out.extend_from_slice(part.header().to_string().as_bytes());
        out.extend_from_slice(&body[part.range().to_usize_range().unwrap()]);
    }
    out.extend_from_slice(m.closing().to_string().as_bytes());
    assert_eq!(d.content_length(), Some(out.len() as u64));
    let parts = parse_multipart(&out, &boundary);
    let want = [(500, 509), (0, 4), (997, 999)]; // R-47: request order
    assert_eq!(parts.len(), want.len());
    for ((ct, cr, bytes), (first, last)) in parts.iter().zip(want) {
        assert_eq!(ct, "text/plain; charset=utf-8", "R-44");
        assert_eq!(cr, &format!("bytes {first}-{last}/1000"), "R-44");
        assert_eq!(bytes.as_slice(), &body[first..=last]);
    }
}

#[test]
fn r46_coalesced_to_one_range_is_single_part() {
    let d = Resource::new(&VARIANTS)
        .coalesce(Some(80))
        .decide(&get(&[(Field::Range, "bytes=0-9,20-29")]));
    assert_eq!(d.ranges(), [ByteRange::new(0, 29).unwrap()]);
    assert!(d.multipart().is_none());
    assert_eq!(header(&d, "Content-Range").as_deref(), Some("bytes 0-29/1000"));
}

#[test]
fn boundary_seed_changes_the_boundary() {
    let r = get(&[(Field::Range, "bytes=0-0,5-5")]);
    let a = Resource::new(&VARIANTS).decide(&r);
    let b = Resource::new(&VARIANTS).boundary_seed(42).decide(&r);
    assert_ne!(
        a.multipart().unwrap().boundary(),
        b.multipart().unwrap().boundary()
    );
}

#[test]
fn head_gets_get_headers_and_no_representation() {
    let d = Resource::new(&VARIANTS).decide(&request(RequestMethod::Head, &[]));
    assert_eq!(d.status(), 200);
    assert!(!d.sends_representation());
    assert_eq!(d.content_length(), Some(1000));
    assert!(Resource::new(&VARIANTS).decide(&get(&[])).sends_representation());
}

#[test]
fn e04_428_only_for_unsafe_methods_without_preconditions() {
    let resource = Resource::new(&VARIANTS).require_precondition(true);
    assert_eq!(resource.decide(&request(RequestMethod::Put, &[])).status(), 428);
    assert_eq!(
        resource
            .decide(&request(RequestMethod::Put, &[(Field::IfMatch, "\"h-en\"")]))
            .status(),
        200
    );
    assert_eq!(resource.decide(&get(&[])).status(), 200);
}

#[test]
fn field_names_round_trip() {
    for f in Field::ALL {
        assert_eq!(
            Field::from_name(f.name().to_ascii_uppercase().as_bytes()),
            Some(f)
        );
        assert_eq!(Field::ALL[f.index()], f);
    }
}

// ---- properties -------------------------------------------------------------

fn method() -> impl Strategy<Value = RequestMethod> {
    prop::sample::select(vec![
        RequestMethod::Get,
        RequestMethod::Head,
        RequestMethod::Post,
        RequestMethod::Put,
        RequestMethod::Delete,
        RequestMethod::Options,
        RequestMethod::Other,
    ])
}

fn value_for(field: Field) -> BoxedStrategy<Option<&'static str>> {
    let pool: Vec<&'static str> = match field {
        Field::Accept => vec![
            "text/html",
            "application/json",
            "image/png",
            "*/*;q=0.1",
            "text/*, */*;q=0",
        ],
        Field::AcceptLanguage => vec!["ko", "en;q=0.5, ko", "fr", "*"],
        Field::AcceptEncoding => vec!["gzip", "identity;q=0", "br, gzip;q=0.5", "*;q=0"],
        Field::AcceptCharset => vec!["utf-8", "iso-8859-1"],
        Field::IfMatch => vec!["*", "\"h-en\"", "\"j-en\", \"h-ko\"", "W/\"h-en\"", "bogus"],
        Field::IfNoneMatch => vec!["*", "\"h-en\"", "\"h-ko\"", "W/\"j-en\"", "\"x\""],
        Field::IfModifiedSince | Field::IfUnmodifiedSince => vec![
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sat, 05 Nov 1994 08:49:37 GMT",
            "Mon, 07 Nov 1994 08:49:37 GMT",
            "garbage",
        ],
        Field::IfRange => vec![
            "\"h-en\"",
            "\"h-ko\"",
            "W/\"h-en\"",
            "Sun, 06 Nov 1994 08:49:37 GMT",
        ],
        Field::Range => vec![
            "bytes=0-9",
            "bytes=0-0,-1",
            "bytes=5000-",
            "bytes=-100",
            "bytes=100-50",
            "bytes=0-1,3-4,6-7",
            "items=0-1",
        ],
    };
    prop::option::weighted(0.5, prop::sample::select(pool)).boxed()
}

fn fields() -> impl Strategy<Value = Vec<Option<&'static str>>> {
    Field::ALL.map(value_for).to_vec()
}

fn content_range_ok(value: &str, length: u64, status: u16) -> bool {
    let Some(rest) = value.strip_prefix("bytes ") else {
        return false;
    };
    let Some((range, complete)) = rest.split_once('/') else {
        return false;
    };
    if complete.parse::<u64>().ok() != Some(length) {
        return false;
    }
    match (status, range) {
        (416, "*") => true,
        (206, r) => match r
            .split_once('-')
            .map(|(a, b)| (a.parse::<u64>(), b.parse::<u64>()))
        {
            Some((Ok(first), Ok(last))) => first <= last && last < length,
            _ => false,
        },
        _ => false,
    }
}

proptest! {
    #[test]
    fn decision_invariants(method in method(), values in fields(), n in 0usize..=4, require in any::<bool>()) {
        let variants = &VARIANTS[..n];
        let mut request = RequestHead::new(method);
        for (f, v) in Field::ALL.iter().zip(&values) {
            if let Some(v) = v {
                request = request.field(*f, FieldLines::one(v.as_bytes()));
            }
        }
        let d = Resource::new(variants).require_precondition(require).decide(&request);
        let status = d.status();
        prop_assert!(d.variant_index().is_none_or(|i| i < variants.len()));

        // 206 only for GET with Range whose preconditions passed.
        if status == 206 {
            prop_assert_eq!(method, RequestMethod::Get);
            prop_assert!(!request.get(Field::Range).is_absent());
            let v = d.variant().unwrap();
            let evaluated = request.conditions().evaluate(&v.representation());
            prop_assert_eq!(evaluated, Precondition::Proceed(RangeCondition::Apply));
            let length = v.length().unwrap();
            prop_assert!(!d.ranges().is_empty());
            prop_assert!(d.ranges().iter().all(|r| r.last() < length));
        } else {
            prop_assert!(d.ranges().is_empty());
        }
        // 304 only for GET/HEAD; 406 and 404 only for GET/HEAD.
        if matches!(status, 304 | 404 | 406) {
            prop_assert!(method.is_get_or_head());
        }
        // Every Content-Range parses and lies within the length.
        for h in d.headers() {
            let value = h.value().to_string();
            prop_assert_eq!(h.value().len(), value.len());
            if h.name() == "Content-Range" {
                let length = d.variant().and_then(|v| v.length()).unwrap();
                prop_assert!(content_range_ok(&value, length, status), "{}", value);
            }
        }
        if let Some(m) = d.multipart() {
            let length = d.variant().unwrap().length().unwrap();
            for part in m.parts() {
                let head = part.header().to_string();
                let cr = head.lines().find_map(|l| l.strip_prefix("Content-Range: ")).unwrap();
                prop_assert!(content_range_ok(cr, length, 206));
            }
        }
        // Error outcomes come with their body; its status member is the status (P-05).
        prop_assert_eq!(d.problem().is_some(), matches!(status, 404 | 412 | 416 | 428));
        prop_assert_eq!(d.alternatives().is_some(), status == 406);
        let body = d.problem().map(|p| p.to_string()).or_else(|| d.alternatives().map(|a| a.to_string()));
        if let Some(body) = body {
            let json: Value = serde_json::from_str(&body).unwrap();
            prop_assert_eq!(json["status"].as_u64(), Some(u64::from(status)));
        }
        prop_assert_eq!(d.outcome().status(), status);
        prop_assert!(matches!(
            d.outcome(),
            Outcome::Full | Outcome::Partial | Outcome::NotModified | Outcome::NotFound
                | Outcome::NotAcceptable | Outcome::PreconditionFailed | Outcome::RangeNotSatisfiable
                | Outcome::PreconditionRequired
        ));
    }
}

#[test]
fn malformed_decide_objects_are_reported_not_answered() {
    for line in [
        r#"{"id":"a","kind":"decide"}"#,
        r#"{"id":"b","kind":"decide","method":"GET","variants":[{"language":"en"}]}"#,
        r#"{"id":"c","kind":"decide","method":"GET","variants":[{"type":"a/b","etag":"nope"}]}"#,
        r#"{"id":"d","kind":"decide","method":"GET","request_headers":[["Accept"]]}"#,
        r#"{"id":"e","kind":"decide","method":"GET","options":{"teapot":true}}"#,
    ] {
        let reply = harness::respond(line);
        assert!(reply["error"].is_string(), "{line} → {reply}");
    }
}

/// The boundary the crate used before it drew a secret: FNV-1a over the seed
/// (0 by default), the tag, the length and the ranges, then splitmix64's
/// finaliser — every input known to the client. Written out here the way an
/// attacker would, from the public algorithm.
fn predictable_boundary(opaque: &[u8], length: u64, ranges: &[(u64, u64)]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(&0u64.to_le_bytes()); // seed
    eat(&0u64.to_le_bytes()); // strong
    eat(opaque);
    eat(&length.to_le_bytes());
    for &(first, last) in ranges {
        eat(&first.to_le_bytes());
        eat(&last.to_le_bytes());
    }
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    format!("conneg-{z:016x}")
}

/// R-49 hardened: by default the multipart boundary cannot be computed from
/// what the client knows (the representation's tag and length, the ranges),
/// so content written by third parties cannot carry it to forge parts. With
/// `std`, a secret drawn once per process is mixed in.
#[test]
fn r49_default_boundary_is_not_predictable_from_the_request() {
    let variants = [Variant::new("text/plain")
        .with_etag(EntityTag::from_static("\"t\""))
        .with_length(1000)];
    let d = Resource::new(&variants).decide(&get(&[(Field::Range, "bytes=0-9, 500-509")]));
    let m = d.multipart().expect("two ranges: multipart");
    let predictable = predictable_boundary(b"t", 1000, &[(0, 9), (500, 509)]);
    assert_ne!(m.boundary().as_str(), predictable);
    // The same request decided again in this process gets the same boundary
    // (the secret is per process, the rest a function of the response).
    let again = Resource::new(&variants).decide(&get(&[(Field::Range, "bytes=0-9, 500-509")]));
    assert_eq!(again.multipart().unwrap().boundary(), m.boundary());
}

/// A part that contains the boundary gets another one: `avoiding` checks the
/// parts' bytes and moves on until none contains it.
#[test]
fn r49_a_part_never_contains_its_boundary() {
    let variants = [Variant::new("text/plain")
        .with_etag(EntityTag::from_static("\"t\""))
        .with_length(200)];
    let d = Resource::new(&variants).decide(&get(&[(Field::Range, "bytes=0-99, 100-199")]));
    let m = d.multipart().unwrap();
    // A body that carries the boundary in both parts, twice.
    let b = m.boundary().as_str();
    let mut body = format!("--{b}\r\n{b}");
    body += &"x".repeat(100 - body.len());
    body += &format!("{b}--{b}");
    body += &"y".repeat(200 - body.len());
    assert!(m.boundary().occurs_in(body.as_bytes()));
    let safe = m.avoiding(body.as_bytes());
    assert_ne!(safe.boundary(), m.boundary());
    assert!(!safe.boundary().occurs_in(body.as_bytes()));
    // A body without it keeps the boundary.
    let plain = "z".repeat(200);
    assert_eq!(m.avoiding(plain.as_bytes()).boundary(), m.boundary());
}

/// N-90 with the revised policy: a resource with one variant answers 406 to
/// `Accept: image/png` with `Vary` naming every field that could change the
/// status (RFC 9110 §12.5.5), so a cache never serves that 406 to a browser
/// whose `Accept` the variant satisfies; the 200 carries the same `Vary`.
#[test]
fn n90_single_variant_406_names_vary() {
    let one = [Variant::new("text/html").with_length(10)];
    let refused = Resource::new(&one).decide(&get(&[(Field::Accept, "image/png")]));
    assert_eq!(refused.status(), 406);
    assert_eq!(
        header(&refused, "Vary").as_deref(),
        Some("Accept, Accept-Encoding")
    );
    let served = Resource::new(&one).decide(&get(&[(Field::Accept, "text/html")]));
    assert_eq!(served.status(), 200);
    assert_eq!(header(&served, "Vary"), header(&refused, "Vary"));
    // A charset or language the variant names adds its field.
    let named = [Variant::new("text/html").with_charset("utf-8").with_length(10)];
    let d = Resource::new(&named).decide(&get(&[(Field::AcceptCharset, "iso-8859-1")]));
    assert_eq!(d.status(), 406);
    assert_eq!(
        header(&d, "Vary").as_deref(),
        Some("Accept, Accept-Charset, Accept-Encoding")
    );
}

proptest! {
    /// The body plan of any decision: what its segments write is its
    /// Content-Length (for GET and the other methods' error bodies), HEAD and
    /// 304 write nothing, a 304 has no Content-Length, a text segment's
    /// `len` is what it writes, and a problem+json body's status is the
    /// status.
    #[test]
    fn body_plan_invariants(method in method(), values in fields(), n in 0usize..=4, require in any::<bool>()) {
        use conneg::decision::Segment;
        let variants = &VARIANTS[..n];
        let mut request = RequestHead::new(method);
        for (f, v) in Field::ALL.iter().zip(&values) {
            if let Some(v) = v {
                request = request.field(*f, FieldLines::one(v.as_bytes()));
            }
        }
        let d = Resource::new(variants).require_precondition(require).decide(&request);
        let length = d.variant().and_then(|v| v.length()).unwrap_or(0);
        let representation: Vec<u8> = (0..length).map(|i| (i % 251) as u8).collect();
        let plan = d.body().avoiding(&representation);
        let mut body = Vec::new();
        for segment in plan.segments() {
            match segment {
                Segment::Representation => body.extend_from_slice(&representation),
                Segment::Range(r) => body.extend_from_slice(&representation[r.to_usize_range().unwrap()]),
                Segment::Text(t) => {
                    let text = t.to_string();
                    prop_assert_eq!(text.len() as u64, t.len());
                    body.extend_from_slice(text.as_bytes());
                }
            }
        }
        let status = d.status();
        if status == 304 {
            prop_assert_eq!((body.len(), plan.content_length()), (0, None));
        } else if method == RequestMethod::Head {
            prop_assert!(body.is_empty());
        } else if status == 200 && !method.is_get_or_head() {
            prop_assert_eq!((body.len(), plan.content_length()), (0, None));
        } else {
            prop_assert_eq!(Some(body.len() as u64), plan.content_length());
        }
        if plan.content_type() == Some("application/problem+json") && !body.is_empty() {
            let json: Value = serde_json::from_slice(&body).unwrap();
            prop_assert_eq!(json["status"].as_u64(), Some(u64::from(status)));
        }
        if let Some(m) = plan.multipart() {
            prop_assert!(plan.headers().any(|h| h.to_string().ends_with(m.boundary().as_str())));
        }
    }
}
