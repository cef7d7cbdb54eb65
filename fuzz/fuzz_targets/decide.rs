//! Fuzz the combined decision with structured input (`arbitrary`): any
//! method, any field lines for the ten fields, up to 8 variants with
//! arbitrary types, languages, codings, validators and lengths, and any
//! policy options. The invariants: no 206 unless GET with Range whose
//! preconditions passed (If-Range included); no 304/404/406 unless GET or
//! HEAD; ranges and every Content-Range (top-level and per part) within the
//! length; the multipart body length matches what is written; header values
//! copy out at their stated length; no panic.
//!
//! And the decision is compared with its composition from the field-level
//! answers, in the order `Resource::decide` documents: negotiation
//! (`ContentNegotiation` on the four `Accept*` fields: 404 without variants
//! and 406 for GET/HEAD; other methods go on with the first variant), then
//! `Conditions::evaluate` on the selected variant's `representation()` (304,
//! 412, 428), then `Range::evaluate` with the resource's limits — only for
//! GET with the range condition applied, ranges on and a known length (several
//! ranges of a content-coded variant: 200). The outcome, the variant, the
//! ranges, `Vary`, `Accept-Ranges` and `content_length` must be the
//! composition's.
#![no_main]

use arbitrary::Arbitrary;
use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, ByteRange, ContentNegotiation, Decision,
    EntityTag, Field, FieldLines, HttpDate, Outcome, Precondition, Quality, Range, RangeOutcome,
    Representation, RequestHead, RequestMethod, Resource, Variant, Vary, negotiate::Fallback,
    precondition::RangeCondition,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct FuzzVariant<'a> {
    media_type: &'a str,
    language: Option<&'a str>,
    charset: Option<&'a str>,
    encoding: Option<&'a str>,
    quality: u16,
    etag: Option<&'a [u8]>,
    last_modified: Option<i64>,
    length: Option<u64>,
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    method: &'a [u8],
    fields: [Vec<&'a [u8]>; 10],
    variants: Vec<FuzzVariant<'a>>,
    now: Option<i64>,
    require: bool,
    fallback_first: bool,
    accept_ranges: bool,
    max_ranges: u8,
    coalesce: Option<u64>,
    seed: u64,
    /// When not empty: the `Range` field is these specs, rendered
    /// (`first-last`, `first-`, `-suffix` by the kind modulo 3), so that
    /// several satisfiable ranges come up often.
    ranges: Vec<(u8, u16, u16)>,
}

/// `bytes=` and the specs.
fn render_ranges(specs: &[(u8, u16, u16)]) -> Vec<u8> {
    let specs: Vec<String> = specs
        .iter()
        .map(|&(kind, a, b)| match kind % 3 {
            0 => format!("{}-{}", a.min(b), a.max(b)),
            1 => format!("{a}-"),
            _ => format!("-{b}"),
        })
        .collect();
    format!("bytes={}", specs.join(",")).into_bytes()
}

const METHODS: [RequestMethod; 9] = [
    RequestMethod::Get,
    RequestMethod::Head,
    RequestMethod::Post,
    RequestMethod::Put,
    RequestMethod::Delete,
    RequestMethod::Patch,
    RequestMethod::Options,
    RequestMethod::Trace,
    RequestMethod::Other,
];

fn content_range_ok(value: &str, length: u64, status: u16) -> bool {
    let Some((range, complete)) = value.strip_prefix("bytes ").and_then(|r| r.split_once('/')) else {
        return false;
    };
    if complete.parse::<u64>().ok() != Some(length) {
        return false;
    }
    match (status, range) {
        (416, "*") => true,
        (206, r) => match r.split_once('-') {
            Some((a, b)) => {
                matches!((a.parse::<u64>(), b.parse::<u64>()), (Ok(f), Ok(l)) if f <= l && l < length)
            }
            None => false,
        },
        _ => false,
    }
}

/// The input's policies on `resource`.
fn configure<'r, 'v>(
    resource: Resource<'r, 'v>,
    input: &Input<'_>,
    now: Option<HttpDate>,
) -> Resource<'r, 'v> {
    let mut resource = resource
        .require_precondition(input.require)
        .accept_ranges(input.accept_ranges)
        .max_ranges(usize::from(input.max_ranges))
        .coalesce(input.coalesce)
        .boundary_seed(input.seed);
    if input.fallback_first {
        resource = resource.fallback(Fallback::FirstVariant);
    }
    if let Some(now) = now {
        resource = resource.now(now);
    }
    resource
}

/// What the decision should be, composed from the field-level answers.
#[derive(Debug, PartialEq)]
struct Composed {
    outcome: Outcome,
    index: Option<usize>,
    vary: Vary,
    ranges: Vec<ByteRange>,
    accept_ranges: bool,
}

fn compose(
    input: &Input<'_>,
    variants: &[Variant<'_>],
    request: &RequestHead<'_>,
    now: Option<HttpDate>,
) -> Composed {
    let method = request.method();
    let get_or_head = method.is_get_or_head();
    let done = |outcome, index, vary, accept_ranges| Composed {
        outcome,
        index,
        vary,
        ranges: Vec::new(),
        accept_ranges,
    };
    // 1. Negotiation.
    let mut vary = Vary::NONE;
    let index = if variants.is_empty() {
        if get_or_head {
            return done(Outcome::NotFound, None, vary, false);
        }
        None
    } else {
        let selection = ContentNegotiation::new()
            .accept(Accept::from_field(request.get(Field::Accept)))
            .accept_language(AcceptLanguage::from_field(request.get(Field::AcceptLanguage)))
            .accept_encoding(AcceptEncoding::from_field(request.get(Field::AcceptEncoding)))
            .accept_charset(AcceptCharset::from_field(request.get(Field::AcceptCharset)))
            .fallback(if input.fallback_first {
                Fallback::FirstVariant
            } else {
                Fallback::NotAcceptable
            })
            .select(variants);
        if get_or_head {
            vary = selection.vary();
        }
        match selection.index() {
            Some(i) => Some(i),
            None if get_or_head => return done(Outcome::NotAcceptable, None, vary, false),
            None => Some(0),
        }
    };
    let variant = index.map(|i| &variants[i]);
    // 2. Preconditions on the selected variant.
    let mut conditions = request.conditions().require_precondition(input.require);
    if let Some(now) = now {
        conditions = conditions.now(now);
    }
    let rep = variant.map_or(Representation::missing(), Variant::representation);
    let condition = match conditions.evaluate(&rep) {
        Precondition::Proceed(rc) => rc,
        Precondition::NotModified => return done(Outcome::NotModified, index, vary, false),
        Precondition::Required => return done(Outcome::PreconditionRequired, index, vary, false),
        Precondition::Failed | Precondition::AlreadyApplied => {
            return done(Outcome::PreconditionFailed, index, vary, false);
        }
    };
    // 3. Range.
    let Some(v) = variant else {
        return done(Outcome::Full, index, vary, false);
    };
    let Some(length) = v.length().filter(|_| input.accept_ranges && get_or_head) else {
        return done(Outcome::Full, index, vary, false);
    };
    if condition != RangeCondition::Apply {
        return done(Outcome::Full, index, vary, true);
    }
    let mut out = [ByteRange::default(); 16];
    let outcome = Range::from_field(request.get(Field::Range))
        .max_ranges(usize::from(input.max_ranges).min(16))
        .coalesce(input.coalesce)
        .evaluate(length, &mut out);
    let identity = v.encoding().is_none_or(|c| c.eq_ignore_ascii_case("identity"));
    match outcome {
        RangeOutcome::Satisfiable(r) if r.len() == 1 || identity => Composed {
            outcome: Outcome::Partial,
            index,
            vary,
            ranges: r.to_vec(),
            accept_ranges: true,
        },
        RangeOutcome::Satisfiable(_) | RangeOutcome::Ignore(_) => done(Outcome::Full, index, vary, true),
        RangeOutcome::NotSatisfiable => done(Outcome::RangeNotSatisfiable, index, vary, true),
    }
}

/// The decision in the composition's terms, `Accept-Ranges` read from the
/// header fields (sent on a 200 or 206 to GET/HEAD and on a 416).
fn observed(d: &Decision<'_, '_>, composed: &Composed) -> Composed {
    let shown = matches!(d.outcome(), Outcome::Full | Outcome::Partial) && d.method().is_get_or_head()
        || d.outcome() == Outcome::RangeNotSatisfiable;
    let has = d.headers().any(|h| h.name() == "Accept-Ranges");
    assert!(shown || !has, "Accept-Ranges on a {}", d.status());
    Composed {
        outcome: d.outcome(),
        index: d.variant_index(),
        vary: d.vary(),
        ranges: d.ranges().to_vec(),
        // Where the field cannot show, take the composition's word for it.
        accept_ranges: if shown { has } else { composed.accept_ranges },
    }
}

fuzz_target!(|input: Input<'_>| {
    let variants: Vec<Variant<'_>> = input
        .variants
        .iter()
        .take(8)
        .map(|f| {
            let mut v = Variant::new(f.media_type);
            if let Some(l) = f.language {
                v = v.with_language(l);
            }
            if let Some(c) = f.charset {
                v = v.with_charset(c);
            }
            if let Some(e) = f.encoding {
                v = v.with_encoding(e);
            }
            v = v.with_quality(Quality::from_thousandths(f.quality % 1001).unwrap_or(Quality::ONE));
            if let Some(tag) = f.etag.and_then(|t| EntityTag::parse(t).ok()) {
                v = v.with_etag(tag);
            }
            if let Some(s) = f.last_modified {
                v = v.with_last_modified(HttpDate::saturating_from_unix_seconds(s));
            }
            if let Some(n) = f.length {
                v = v.with_length(n);
            }
            v
        })
        .collect();
    let method = match input.method.first() {
        Some(&b) if input.method.len() == 1 => METHODS[usize::from(b) % METHODS.len()],
        _ => RequestMethod::from_bytes(input.method),
    };
    let rendered = render_ranges(&input.ranges);
    let range_line: [&[u8]; 1] = [&rendered];
    let request = Field::ALL.into_iter().fold(RequestHead::new(method), |r, f| {
        if f == Field::Range && !input.ranges.is_empty() {
            r.field(f, FieldLines::many(&range_line))
        } else {
            r.field(f, FieldLines::many(&input.fields[f.index()]))
        }
    });
    let now = input.now.map(HttpDate::saturating_from_unix_seconds);
    let d = configure(Resource::new(&variants), &input, now).decide(&request);
    // The variants prepared once decide the same.
    assert_eq!(
        configure(Resource::new(&variants).prepared(), &input, now).decide(&request),
        d
    );

    // The composition of the field-level answers.
    let composed = compose(&input, &variants, &request, now);
    assert_eq!(observed(&d, &composed), composed, "{request:?}");
    let length = d.variant().and_then(Variant::length);
    let want_length = match (d.outcome(), d.ranges()) {
        (Outcome::Full, _) if method.is_get_or_head() => length,
        (Outcome::Partial, [one]) => Some(one.len()),
        (Outcome::Partial, _) => d.multipart().map(|m| m.body_length()),
        _ => None,
    };
    assert_eq!(d.content_length(), want_length);

    let status = d.status();
    assert!(matches!(status, 200 | 206 | 304 | 404 | 406 | 412 | 416 | 428));
    assert!(d.variant_index().is_none_or(|i| i < variants.len()));
    if matches!(status, 304 | 404 | 406) {
        assert!(method.is_get_or_head());
    }
    if status == 206 {
        assert_eq!(method, RequestMethod::Get);
        assert!(!request.get(Field::Range).is_absent());
        let v = d.variant().expect("206 has a variant");
        let length = v.length().expect("206 has a length");
        assert!(!d.ranges().is_empty() && d.ranges().iter().all(|r| r.last() < length));
        let mut c = request.conditions();
        if let Some(now) = now {
            c = c.now(now);
        }
        let rep = v.representation();
        assert_eq!(c.evaluate(&rep), Precondition::Proceed(RangeCondition::Apply));
    } else {
        assert!(d.ranges().is_empty());
    }
    let mut buf = [0u8; 4096];
    for h in d.headers() {
        let len = h.value().len();
        if let Some(bytes) = h.value().copy_to(&mut buf) {
            assert_eq!(bytes.len(), len);
        }
        if h.name() == "Content-Range" {
            let length = d
                .variant()
                .and_then(|v| v.length())
                .expect("Content-Range needs a length");
            let value = h.value().to_string();
            assert!(content_range_ok(&value, length, status), "{value}");
        }
    }
    if let Some(m) = d.multipart() {
        let length = d
            .variant()
            .and_then(|v| v.length())
            .expect("multipart needs a length");
        let mut written = 0u64;
        for part in m.parts() {
            let head = part.header().to_string();
            let cr = head
                .split("\r\n")
                .find_map(|l| l.strip_prefix("Content-Range: "))
                .expect("each part has a Content-Range");
            assert!(content_range_ok(cr, length, 206), "{cr}");
            written = written
                .saturating_add(head.len() as u64)
                .saturating_add(part.range().len());
        }
        written = written.saturating_add(m.closing().to_string().len() as u64);
        assert_eq!(m.body_length(), written);
        assert_eq!(d.content_length(), Some(written));
    }
});
