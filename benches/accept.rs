//! `Accept` negotiation benchmarks: real browser and client headers against a
//! server's three offers, a 20-element API header, and a size sweep.
//!
//! Every input's answer is asserted before it is measured, so a bench can't
//! silently time a wrong (or trivially short) code path.
//!
//! Run: `cargo bench --bench accept`. Peers, side by side in the same run:
//! `cargo bench --manifest-path benches/peers/Cargo.toml`.

use std::hint::black_box;

use conneg::{Accept, accept::Choice, accept::MediaRange};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const PAGE_OFFERS: [&str; 3] = ["text/html", "application/json", "text/plain"];
const IMAGE_OFFERS: [&str; 3] = ["image/webp", "image/png", "image/jpeg"];

/// (name, header, offers, index conneg must choose)
const BROWSERS: [(&str, &str, &[&str], usize); 4] = [
    (
        "chrome",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
        &PAGE_OFFERS,
        0,
    ),
    (
        "firefox",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        &PAGE_OFFERS,
        0,
    ),
    (
        "safari",
        "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
        &IMAGE_OFFERS,
        0,
    ),
    ("curl", "*/*", &PAGE_OFFERS, 0),
];

const API20: &str = "application/vnd.api+json;version=2, application/json;q=0.9, \
    application/problem+json;q=0.8, application/xml;q=0.5, text/xml;q=0.4, text/html;q=0.3, \
    text/plain;format=flowed;q=0.3, text/plain;q=0.2, text/csv;q=0.2, application/yaml;q=0.2, \
    application/x-yaml;q=0.2, application/msgpack;q=0.15, application/cbor;q=0.15, \
    application/protobuf;q=0.1, application/x-protobuf;q=0.1, image/png;q=0.05, image/*;q=0.02, \
    audio/*;q=0.01, video/*;q=0, */*;q=0.001";
const API_OFFERS: [&str; 3] = ["application/xml", "application/json", "text/csv"];

/// A header of `n` distinct elements whose only match for the offer
/// `type{n-1}/sub` is the last element (so every element must be looked at).
fn sweep_header(n: usize) -> String {
    (0..n)
        .map(|i| format!("type{i}/sub;q=0.{:03}", 1 + i % 998))
        .collect::<Vec<_>>()
        .join(", ")
}

fn browsers(c: &mut Criterion) {
    let mut group = c.benchmark_group("accept/negotiate");
    for (name, header, offers, want) in BROWSERS {
        let accept = Accept::new(header.as_bytes());
        assert_eq!(accept.negotiate(offers).index(), Some(want), "{name}");
        group.throughput(Throughput::Bytes(header.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| Accept::new(black_box(header.as_bytes())).negotiate(black_box(offers)))
        });
    }
    assert_eq!(
        Accept::new(API20.as_bytes()).negotiate(&API_OFFERS).index(),
        Some(1)
    );
    group.throughput(Throughput::Bytes(API20.len() as u64));
    group.bench_function("api20", |b| {
        b.iter(|| Accept::new(black_box(API20.as_bytes())).negotiate(black_box(&API_OFFERS)))
    });
    group.finish();
}

fn other_entry_points(c: &mut Criterion) {
    let (_, chrome, offers, _) = BROWSERS[0];
    let mut group = c.benchmark_group("accept/chrome");
    group.throughput(Throughput::Bytes(chrome.len() as u64));

    let mut out = [Choice::default(); 3];
    let ranked: Vec<usize> = Accept::new(chrome.as_bytes())
        .rank(offers, &mut out)
        .iter()
        .map(Choice::index)
        .collect();
    assert_eq!(ranked, [0, 1, 2]);
    group.bench_function("rank", |b| {
        b.iter(|| {
            let mut out = [Choice::default(); 3];
            Accept::new(black_box(chrome.as_bytes()))
                .rank(black_box(offers), &mut out)
                .len()
        })
    });

    let mut prefs = [MediaRange::default(); 16];
    assert_eq!(Accept::new(chrome.as_bytes()).preferences(&mut prefs).len(), 8);
    group.bench_function("preferences", |b| {
        b.iter(|| {
            let mut out = [MediaRange::default(); 16];
            Accept::new(black_box(chrome.as_bytes()))
                .preferences(&mut out)
                .len()
        })
    });

    assert!(Accept::new(chrome.as_bytes()).validate().is_ok());
    group.bench_function("validate", |b| {
        b.iter(|| Accept::new(black_box(chrome.as_bytes())).validate())
    });
    group.finish();
}

fn sweep(c: &mut Criterion) {
    let mut group = c.benchmark_group("accept/sweep");
    for n in [1usize, 10, 100, 1000, 2000] {
        let header = sweep_header(n);
        let offers = [
            "text/html".to_string(),
            format!("type{}/sub", n - 1),
            "text/plain".to_string(),
        ];
        let accept = Accept::new(header.as_bytes()).max_elements(4096);
        assert_eq!(accept.negotiate(&offers).index(), Some(1), "sweep {n}");
        group.throughput(Throughput::Bytes(header.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &header, |b, header| {
            b.iter(|| {
                Accept::new(black_box(header.as_bytes()))
                    .max_elements(4096)
                    .negotiate(black_box(&offers))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, browsers, other_entry_points, sweep);
criterion_main!(benches);
