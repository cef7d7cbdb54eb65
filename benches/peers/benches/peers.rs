//! conneg vs. peer crates: one criterion group per input (a cell of the
//! benchmark matrix, `accept/chrome/html_first`, or a sweep or charset
//! input), every crate of that field in each group, so the ratios come from
//! the same run. `report.py` gives each row's worst cell. See `../README.md`.

use std::hint::black_box;

use conneg_peers_bench::{
    AcceptHeader, AcceptLanguageCrate, ActixEncoding, ActixLanguage, ActixWeb, Conneg, ConnegCharset,
    ConnegEncoding, ConnegLanguage, ConnegLookup, Field, FluentLangneg, HeadersAccept, Input, Mediatype,
    Negotiator, NegotiatorCharset, NegotiatorEncoding, NegotiatorLanguage, Peer, all_inputs, all_probes,
    check,
};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

fn bench_one<P: Peer>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    input: &Input,
) {
    let peer = P::new(input.offers);
    let header = P::header(&input.header);
    group.bench_function(P::NAME, |b| b.iter(|| black_box(&peer).run(black_box(&header))));
}

/// Headers longer than this (the 1,000- and 2,000-element ones) are sampled flat.
const LONG_HEADER: usize = 10_000;

fn peers(c: &mut Criterion) {
    // Answers first: conneg must match the hand-checked value (panics if not);
    // a peer that disagrees is reported and still benchmarked.
    let mut disagreements = Vec::new();
    for input in all_inputs().iter().chain(&all_probes()) {
        disagreements.extend(check(input));
    }
    if disagreements.is_empty() {
        eprintln!("all peers agree with conneg on every input and probe");
    }
    for line in &disagreements {
        eprintln!("{line}");
    }

    for input in all_inputs() {
        let mut group = c.benchmark_group(&input.name);
        group.throughput(Throughput::Bytes(input.header.len() as u64));
        if input.header.len() > LONG_HEADER {
            // The slow peers take a millisecond a call here: same iterations
            // per sample, so 100 samples fit the measurement time.
            group.sampling_mode(SamplingMode::Flat);
        }
        match input.field {
            Field::Accept => {
                bench_one::<Conneg>(&mut group, &input);
                bench_one::<AcceptHeader>(&mut group, &input);
                bench_one::<HeadersAccept>(&mut group, &input);
                bench_one::<Negotiator>(&mut group, &input);
                bench_one::<ActixWeb>(&mut group, &input);
                bench_one::<Mediatype>(&mut group, &input);
            }
            Field::Language => {
                bench_one::<ConnegLanguage>(&mut group, &input);
                bench_one::<ConnegLookup>(&mut group, &input);
                bench_one::<NegotiatorLanguage>(&mut group, &input);
                bench_one::<ActixLanguage>(&mut group, &input);
                bench_one::<AcceptLanguageCrate>(&mut group, &input);
                bench_one::<FluentLangneg>(&mut group, &input);
            }
            Field::Encoding => {
                bench_one::<ConnegEncoding>(&mut group, &input);
                bench_one::<NegotiatorEncoding>(&mut group, &input);
                bench_one::<ActixEncoding>(&mut group, &input);
            }
            Field::Charset => {
                bench_one::<ConnegCharset>(&mut group, &input);
                bench_one::<NegotiatorCharset>(&mut group, &input);
            }
        }
        group.finish();
    }
}

criterion_group!(benches, peers);
criterion_main!(benches);
