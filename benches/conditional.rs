//! Conditional requests and ranges: If-None-Match with 1, 3 and 50 tags,
//! If-Modified-Since, a full §13.2.2 evaluation with all five fields, and
//! Range parse + evaluate with 1, 2 and 16 specs. Every input's answer is
//! asserted before it is measured; throughput is the header bytes examined.
//! Peer crates are compared in `benches/conditional-peers/`.

use std::hint::black_box;

use conneg::{
    ByteRange, Conditions, EntityTag, FieldLines, HttpDate, Precondition, Range, RangeOutcome,
    Representation, RequestMethod, precondition::RangeCondition,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const CURRENT: EntityTag<'static> = EntityTag::from_static("\"33a64df551425fcc55e4d42a148795d9f25f89d4\"");
const LAST_MODIFIED: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
const LAST_MODIFIED_UNIX: i64 = 1_445_412_480;

/// `n` tags, the last one matching the current tag (every tag is 42 bytes).
fn if_none_match(n: usize) -> String {
    let mut tags: Vec<String> = (1..n)
        .map(|i| format!("\"{:040x}\"", (i as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    tags.push(CURRENT.to_string());
    tags.join(", ")
}

fn last_modified() -> HttpDate {
    HttpDate::from_unix_seconds(LAST_MODIFIED_UNIX).unwrap()
}

fn inm(header: &[u8]) -> Precondition {
    let rep = Representation::new().etag(CURRENT);
    Conditions::new(RequestMethod::Get)
        .if_none_match(FieldLines::one(header))
        .evaluate(&rep)
}

fn ims(header: &[u8]) -> Precondition {
    let rep = Representation::new().last_modified(last_modified());
    Conditions::new(RequestMethod::Get)
        .if_modified_since(FieldLines::one(header))
        .evaluate(&rep)
}

/// Every field present, a resumed download that passes everything: If-Match
/// and If-Unmodified-Since true, If-None-Match (3 tags) true, If-Modified-Since
/// ignored (C-14), If-Range true → Range applies.
struct Full {
    if_match: &'static [u8],
    ius: &'static [u8],
    inm: String,
    ims: &'static [u8],
    if_range: &'static [u8],
    range: &'static [u8],
}

impl Full {
    fn new() -> Self {
        Full {
            if_match: b"\"33a64df551425fcc55e4d42a148795d9f25f89d4\"",
            ius: b"Wed, 21 Oct 2015 07:28:00 GMT",
            inm: ["\"a\"", "W/\"b\"", "\"c\""].join(", "),
            ims: b"Tue, 20 Oct 2015 07:28:00 GMT",
            if_range: b"\"33a64df551425fcc55e4d42a148795d9f25f89d4\"",
            range: b"bytes=1000-",
        }
    }
    fn bytes(&self) -> u64 {
        (self.if_match.len()
            + self.ius.len()
            + self.inm.len()
            + self.ims.len()
            + self.if_range.len()
            + self.range.len()) as u64
    }
    fn evaluate(&self) -> Precondition {
        let rep = Representation::new().etag(CURRENT).last_modified(last_modified());
        Conditions::new(RequestMethod::Get)
            .if_match(FieldLines::one(self.if_match))
            .if_unmodified_since(FieldLines::one(self.ius))
            .if_none_match(FieldLines::one(self.inm.as_bytes()))
            .if_modified_since(FieldLines::one(self.ims))
            .if_range(FieldLines::one(self.if_range))
            .range(FieldLines::one(self.range))
            .evaluate(&rep)
    }
}

fn range_value(n: usize) -> String {
    let specs: Vec<String> = (0..n)
        .map(|i| format!("{}-{}", i * 1000, i * 1000 + 499))
        .collect();
    format!("bytes={}", specs.join(", "))
}

fn ranges(value: &[u8], out: &mut [ByteRange; 16]) -> usize {
    match Range::new(value).evaluate(1_000_000, out) {
        RangeOutcome::Satisfiable(r) => r.len(),
        _ => 0,
    }
}

fn conditional(c: &mut Criterion) {
    let mut group = c.benchmark_group("if_none_match");
    for n in [1usize, 3, 50] {
        let value = if_none_match(n);
        assert_eq!(inm(value.as_bytes()), Precondition::NotModified);
        group.throughput(Throughput::Bytes(value.len() as u64));
        group.bench_function(n.to_string(), |b| b.iter(|| inm(black_box(value.as_bytes()))));
    }
    group.finish();

    let mut group = c.benchmark_group("if_modified_since");
    assert_eq!(ims(LAST_MODIFIED.as_bytes()), Precondition::NotModified);
    group.throughput(Throughput::Bytes(LAST_MODIFIED.len() as u64));
    group.bench_function("imf-fixdate", |b| {
        b.iter(|| ims(black_box(LAST_MODIFIED.as_bytes())))
    });
    group.finish();

    let full = Full::new();
    assert_eq!(full.evaluate(), Precondition::Proceed(RangeCondition::Apply));
    let mut group = c.benchmark_group("full_evaluation");
    group.throughput(Throughput::Bytes(full.bytes()));
    group.bench_function("five_fields", |b| b.iter(|| black_box(&full).evaluate()));
    group.finish();

    let mut group = c.benchmark_group("range");
    for n in [1usize, 2, 16] {
        let value = range_value(n);
        let mut out = [ByteRange::default(); 16];
        assert_eq!(ranges(value.as_bytes(), &mut out), n);
        group.throughput(Throughput::Bytes(value.len() as u64));
        group.bench_function(n.to_string(), |b| {
            b.iter(|| ranges(black_box(value.as_bytes()), &mut out))
        });
    }
    group.finish();
}

criterion_group!(benches, conditional);
criterion_main!(benches);
