//! Zero heap allocations on every request-path entry point of the
//! conditional-request, range, decision and status modules (405/Allow,
//! Retry-After, problem+json bodies), and of the `http` adapter's reading,
//! counted by a `#[global_allocator]` (per thread, so the test harness's own
//! threads do not interfere).

mod counting;

use std::fmt::Write;
use std::hint::black_box;

use conneg::{
    Accept, Alternatives, ByteRange, Conditions, ContentRange, EntityTag, EntityTagBuf, Field, FieldLines,
    HttpDate, MethodSet, Precondition, Problem, Range, RangeOutcome, Representation, RequestHead,
    RequestMethod, Resource, RetryAfter, Variant, etag::Comparison, etag::EntityTagList,
    precondition::IfRange, precondition::not_modified_field, range::RangeSpec,
};

/// Allocations made by `f` on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    counting::allocations(f).0
}

/// A `fmt::Write` sink over a stack buffer.
struct Sink<const N: usize = 128> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Write for Sink<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

const LM: &[u8] = b"Mon, 01 Jan 2024 12:00:00 GMT";

#[test]
fn every_conditional_and_range_entry_point_is_allocation_free() {
    let now = HttpDate::from_unix_seconds(1_795_651_200).unwrap();
    let n = allocations(|| {
        // Entity-tags.
        let tag = black_box(EntityTag::parse(black_box(b"W/\"abc\""))).unwrap();
        const CURRENT: EntityTag<'static> = EntityTag::from_static("\"abc\"");
        black_box(tag.strong_eq(&CURRENT) || tag.weak_eq(&CURRENT));
        let lines: &[&[u8]] = &[b"\"a\", bogus, W/\"abc\"", b"\"x,y\""];
        let list = EntityTagList::from_field(FieldLines::many(lines));
        black_box(list.iter().count());
        black_box(list.validate().is_err());
        let _ = black_box(list.matches(Some(&CURRENT), true, Comparison::Weak));
        black_box(EntityTagList::new(b"*, \"a\"").validate().is_err());
        let buf = EntityTagBuf::from_hash(black_box(&[0xAB; 32]), false);
        black_box(buf.entity_tag());
        black_box(
            EntityTagBuf::from_len_mtime(500, 1_586_236_714, true)
                .as_str()
                .len(),
        );

        // Dates.
        for s in [
            LM,
            b"Monday, 01-Jan-24 12:00:00 GMT",
            b"Mon Jan  1 12:00:00 2024",
            b"garbage",
        ] {
            black_box(HttpDate::parse(black_box(s), now));
        }
        let d = HttpDate::parse(LM, now).unwrap();
        black_box(d.format());
        #[cfg(feature = "httpdate")]
        black_box(HttpDate::from_system_time(std::time::SystemTime::now()).to_system_time());
        let mut sink = Sink {
            buf: [0; 128],
            len: 0,
        };
        write!(sink, "{d} {tag} {buf}").unwrap();
        black_box(sink.len);

        // Preconditions.
        let rep = Representation::new().etag(CURRENT).last_modified(d);
        let c = Conditions::new(RequestMethod::from_bytes(b"GET"))
            .now(now)
            .if_match(FieldLines::one(b"\"abc\""))
            .if_unmodified_since(FieldLines::one(LM))
            .if_none_match(FieldLines::many(lines))
            .if_modified_since(FieldLines::one(LM))
            .if_range(FieldLines::one(b"\"abc\""))
            .range(FieldLines::one(b"bytes=0-99"));
        assert_eq!(black_box(c.evaluate(&rep)), Precondition::NotModified);
        let put = Conditions::new(RequestMethod::Put).if_match(FieldLines::one(b"\"old\""));
        let _ = black_box(put.evaluate_with(&rep, || true));
        black_box(IfRange::parse(LM, now).matches(&rep));
        black_box(not_modified_field(b"Content-Type", true));

        // Ranges.
        let mut out = [ByteRange::default(); 16];
        let r = Range::new(black_box(b"bytes=0-0, 5-9, -3"));
        if let RangeOutcome::Satisfiable(v) = r.evaluate(1000, &mut out) {
            for b in v {
                black_box(ContentRange::bytes(*b, 1000));
            }
        }
        black_box(r.for_each_spec(|s| {
            black_box(s.resolve(1000));
        }));
        let _ = black_box(
            Range::new(b"bytes=0-1,0-1,0-1")
                .coalesce(Some(80))
                .evaluate(10, &mut out),
        );
        let mut sink = Sink {
            buf: [0; 128],
            len: 0,
        };
        write!(sink, "{} {}", ContentRange::unsatisfied(1000), d.format()).unwrap();
        black_box(sink.len);
        black_box(RangeSpec::Suffix(5).resolve(10));
    });
    assert_eq!(n, 0, "heap allocations on the request path");
}

/// The combined decision over 8 variants with every field present (Chrome's
/// negotiation fields, validators, Range), then every header value copied
/// out and a multipart body's framing written: no allocation.
#[test]
fn decide_with_eight_variants_and_every_field_is_allocation_free() {
    const LM: HttpDate = HttpDate::UNIX_EPOCH;
    let tag = |t: &'static str| EntityTag::from_static(t);
    let variants = [
        Variant::new("text/html")
            .with_language("en")
            .with_etag(tag("\"1\"")),
        Variant::new("text/html")
            .with_language("en")
            .with_encoding("gzip")
            .with_etag(tag("\"2\"")),
        Variant::new("text/html")
            .with_language("ko")
            .with_etag(tag("\"3\"")),
        Variant::new("text/html")
            .with_language("ko")
            .with_encoding("gzip")
            .with_etag(tag("\"4\"")),
        Variant::new("application/json")
            .with_language("en")
            .with_etag(tag("\"5\"")),
        Variant::new("application/json")
            .with_language("ko")
            .with_etag(tag("\"6\"")),
        Variant::new("text/plain")
            .with_language("en")
            .with_etag(tag("\"7\"")),
        Variant::new("text/plain")
            .with_language("ko")
            .with_etag(tag("\"8\"")),
    ]
    .map(|v| v.with_last_modified(LM).with_length(10_000).with_charset("utf-8"));
    let values: [(Field, &[u8]); 10] = [
        (
            Field::Accept,
            b"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ),
        (Field::AcceptCharset, b"utf-8, iso-8859-1;q=0.5"),
        (Field::AcceptEncoding, b"gzip, deflate, br, zstd"),
        (Field::AcceptLanguage, b"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
        (Field::IfMatch, b"\"4\", \"9\""),
        (Field::IfNoneMatch, b"\"x\", \"y\""),
        (Field::IfModifiedSince, b"Thu, 01 Jan 1970 00:00:00 GMT"),
        (Field::IfUnmodifiedSince, b"Thu, 01 Jan 1970 00:00:00 GMT"),
        (Field::IfRange, b"\"4\""),
        (Field::Range, b"bytes=0-99"),
    ];
    let pairs: [&[u8]; 2] = [b"\"x\"", b"W/\"y\""];
    let resource = Resource::new(&variants);
    let prepared = Resource::new(&variants).prepared();
    let mut seen = 0u32;
    let n = allocations(|| {
        let mut request = RequestHead::new(RequestMethod::Get);
        for (field, value) in values {
            request = request.field(field, FieldLines::one(value));
        }
        let d = resource.decide(black_box(&request));
        assert_eq!((d.status(), d.variant_index()), (206, Some(3)));
        // The variants prepared once decide the same, allocating nothing either.
        assert_eq!(prepared.decide(black_box(&request)), d);
        let mut buf = [0u8; 256];
        for h in d.headers() {
            seen += h.value().copy_to(&mut buf).map_or(0, |b| b.len() as u32);
        }
        // Several ranges of the Korean identity HTML: multipart.
        let request = request
            .field(Field::AcceptEncoding, FieldLines::ABSENT)
            .field(Field::IfMatch, FieldLines::one(b"\"3\""))
            .field(Field::IfRange, FieldLines::ABSENT)
            .field(Field::Range, FieldLines::one(b"bytes=0-99, 500-599, -100"));
        let d = resource.decide(black_box(&request));
        assert_eq!(
            (d.status(), d.variant_index(), d.ranges().len()),
            (206, Some(2), 3)
        );
        for h in d.headers() {
            seen += h.value().copy_to(&mut buf).map_or(0, |b| b.len() as u32);
        }
        if let Some(m) = d.multipart() {
            for part in m.parts() {
                let mut sink = Sink {
                    buf: [0; 128],
                    len: 0,
                };
                write!(sink, "{}", part.header()).unwrap();
                seen += sink.len as u32;
            }
            let mut sink = Sink {
                buf: [0; 128],
                len: 0,
            };
            write!(sink, "{}", m.closing()).unwrap();
            seen += (sink.len as u64 + m.body_length()) as u32;
        }
        // 304 and repeated lines.
        let revalidate =
            RequestHead::new(RequestMethod::Get).field(Field::IfNoneMatch, FieldLines::many(&pairs));
        assert_eq!(resource.decide(black_box(&revalidate)).status(), 200);
    });
    assert_eq!(n, 0);
    assert!(seen > 500, "the headers and framing were written");
}

#[test]
fn every_status_entry_point_is_allocation_free() {
    let now = HttpDate::from_unix_seconds(1_795_651_200).unwrap();
    let err = Accept::new(b"text/html;q=2").validate().unwrap_err();
    const VARIANTS: [Variant<'static>; 2] = [
        Variant::new("text/html").with_uri("/a\"b"),
        Variant::new("application/json").with_language("en"),
    ];
    let raw: &[u8] = b"bad \xff\x01 value";
    let n = allocations(|| {
        // 405 and Allow.
        let set = black_box(MethodSet::of(&[RequestMethod::Get, RequestMethod::Put]));
        black_box(set.allow());
        black_box(set.iter().count());
        let refused = black_box(set.check(RequestMethod::from_bytes(black_box(b"DELETE")))).unwrap_err();
        let mut sink = Sink {
            buf: [0; 128],
            len: 0,
        };
        write!(sink, "{} {refused} {:?}", refused.allow(), set).unwrap();
        black_box(sink.len);

        // Retry-After.
        for s in [
            &b"120"[..],
            b"99999999999999999999999",
            LM,
            b"Monday, 01-Jan-24 12:00:00 GMT",
            b"1.5",
        ] {
            if let Some(r) = black_box(RetryAfter::parse(black_box(s), now)) {
                black_box(r.delay_seconds(now));
                black_box(r.format());
                let mut sink = Sink {
                    buf: [0; 128],
                    len: 0,
                };
                write!(sink, "{r}").unwrap();
                black_box(sink.len);
            }
        }

        // Every problem+json body, into a stack buffer.
        let retry = Some(RetryAfter::Delay(120));
        let problems = [
            Problem::bad_request(&err).with_extension("value", raw),
            refused.problem(),
            Problem::precondition_failed(),
            Problem::range_not_satisfiable(1000),
            Problem::precondition_required(),
            Problem::content_too_large(retry),
            Problem::too_many_requests(retry),
            Problem::service_unavailable(Some(RetryAfter::Date(now))),
            Problem::request_header_fields_too_large(Some("Cookie")),
            Problem::new(404)
                .with_type("https://example.com/probs/x")
                .with_detail_bytes(raw)
                .with_instance("/x")
                .with_extension("since", now)
                .with_extension("methods", set)
                .with_extension("debt", -5_i64),
        ];
        for p in &problems {
            let mut sink = Sink {
                buf: [0; 1024],
                len: 0,
            };
            write!(sink, "{p}").unwrap();
            black_box((sink.len, p.status(), p.title(), p.content_type()));
        }
        let mut sink = Sink {
            buf: [0; 1024],
            len: 0,
        };
        write!(sink, "{}", Alternatives::problem_json(&VARIANTS)).unwrap();
        black_box(sink.len);
    });
    assert_eq!(n, 0, "heap allocations writing status values and problem bodies");
}

#[test]
fn the_counter_counts() {
    let n = allocations(|| {
        black_box(vec![1u8; 16]);
    });
    assert!(n >= 1);
}

/// Reading a `conneg::RequestHead` out of the `http` crate's types (feature
/// `http`) allocates nothing either.
#[cfg(feature = "http")]
mod http_reading {
    use super::allocations;
    use std::hint::black_box;

    use conneg::adapters::http::HeaderLines;
    use conneg::{EntityTag, Field, Outcome, Resource, Variant};

    /// A request with every field conneg reads, some on several lines, and one
    /// field over the line cap (the invalid reading must not allocate either).
    fn full_request() -> http::Request<()> {
        let mut builder = http::Request::get("/doc")
            .header("Accept", "text/html;q=0.9")
            .header("accept", "application/json")
            .header("Accept-Language", "de, en;q=0.5")
            .header("Accept-Encoding", "gzip, br")
            .header("Accept-Charset", "utf-8")
            .header("If-Match", "\"j1\"")
            .header("If-None-Match", "\"x\"")
            .header("If-None-Match", "\"j1\"")
            .header("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")
            .header("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")
            .header("If-Range", "\"j1\"")
            .header("Range", "bytes=0-9, 20-29")
            .header("Cookie", "not=read");
        for _ in 0..=conneg::adapters::http::MAX_FIELD_LINES {
            builder = builder.header("accept-charset", "latin1");
        }
        builder.body(()).unwrap()
    }

    #[test]
    fn reading_request_fields_is_allocation_free() {
        let request = full_request();
        let (parts, ()) = full_request().into_parts();
        let variants = [
            Variant::new("text/html")
                .with_etag(EntityTag::from_static("\"h1\""))
                .with_length(100),
            Variant::new("application/json")
                .with_etag(EntityTag::from_static("\"j1\""))
                .with_length(40),
        ];
        let resource = Resource::new(&variants);
        let mut outcome = None;
        let n = allocations(|| {
            let lines = black_box(HeaderLines::from_request(black_box(&request)));
            let req = lines.request();
            black_box(req.get(Field::Accept).line_count());
            outcome = Some(resource.decide(&req).outcome());

            let lines = black_box(HeaderLines::from_parts(black_box(&parts)));
            black_box(lines.request());
            let lines = HeaderLines::new(black_box(&http::Method::HEAD), black_box(request.headers()));
            black_box(lines.field(Field::AcceptCharset).is_absent());
            black_box(lines.received(Field::AcceptCharset));
            black_box(conneg::adapters::http::method(&parts.method));
        });
        assert_eq!(n, 0, "reading allocated {n} times");
        // And the reading was the real thing: JSON chosen, its tag matched by
        // If-None-Match on the second line.
        assert_eq!(outcome, Some(Outcome::NotModified));
    }
}

/// Owned variants allocate when built, never per request: building their
/// views (up to `VariantViews::INLINE`) and deciding over them allocates
/// nothing; a collection larger than that costs exactly one allocation per
/// request (the views' `Vec`), as documented.
#[cfg(all(feature = "alloc", feature = "xxhash"))]
#[test]
fn deciding_over_owned_variants_allocates_only_at_construction() {
    use conneg::{OwnedVariant, VariantViews};
    let owned: Vec<OwnedVariant> = (0..VariantViews::INLINE)
        .map(|i| {
            let body = format!("body {i}");
            OwnedVariant::new(["text/html", "application/json", "text/plain", "image/png"][i % 4])
                .with_language(["en", "ko", "de", "fr"][i / 4])
                .with_etag(EntityTagBuf::from_content(body.as_bytes(), false).entity_tag())
                .with_uri(format!("/doc/{i}"))
                .with_length(body.len() as u64)
        })
        .collect();
    let state = std::sync::Arc::new(owned);
    let request = RequestHead::new(RequestMethod::Get)
        .field(
            Field::Accept,
            FieldLines::one(b"application/json, text/html;q=0.5"),
        )
        .field(Field::AcceptLanguage, FieldLines::one(b"ko, en;q=0.5"))
        .field(Field::Range, FieldLines::one(b"bytes=0-1"));
    let mut seen = 0;
    let n = allocations(|| {
        let views = VariantViews::new(black_box(&state));
        let d = Resource::new(&views).decide(black_box(&request));
        assert_eq!((d.status(), d.variant_index()), (206, Some(5)));
        let mut buf = [0u8; 256];
        for h in d.headers() {
            seen += h.value().copy_to(&mut buf).map_or(0, <[u8]>::len);
        }
    });
    assert_eq!(n, 0);
    assert!(seen > 40, "the headers were written ({seen})");

    let mut more = (*state).clone();
    more.push(OwnedVariant::new("text/csv"));
    let n = allocations(|| {
        let views = VariantViews::new(black_box(&more));
        let d = Resource::new(&views).decide(black_box(&request));
        assert_eq!(d.variant_index(), Some(5));
    });
    assert_eq!(n, 1, "more than INLINE views: one Vec per request");
}
