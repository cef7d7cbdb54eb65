//! conneg vs. peer crates: one criterion group per input, every crate in each
//! group, so the ratios come from the same run. See `../README.md`.

use std::hint::black_box;

use conneg_peers_bench::{
    AcceptHeader, ActixWeb, Conneg, HeadersAccept, Input, Mediatype, Negotiator, Peer, check, inputs, probes,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench_one<P: Peer>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    input: &Input,
) {
    let peer = P::new(input.offers);
    let header = P::header(&input.header);
    group.bench_function(P::NAME, |b| b.iter(|| black_box(&peer).run(black_box(&header))));
}

fn peers(c: &mut Criterion) {
    // Answers first: conneg must match the hand-checked value (panics if not);
    // a peer that disagrees is reported and still benchmarked.
    let mut disagreements = Vec::new();
    for input in inputs().iter().chain(&probes()) {
        disagreements.extend(check(input));
    }
    if disagreements.is_empty() {
        eprintln!("all peers agree with conneg on every input and probe");
    }
    for line in &disagreements {
        eprintln!("{line}");
    }

    for input in inputs() {
        let mut group = c.benchmark_group(&input.name);
        group.throughput(Throughput::Bytes(input.header.len() as u64));
        bench_one::<Conneg>(&mut group, &input);
        bench_one::<AcceptHeader>(&mut group, &input);
        bench_one::<HeadersAccept>(&mut group, &input);
        bench_one::<Negotiator>(&mut group, &input);
        bench_one::<ActixWeb>(&mut group, &input);
        bench_one::<Mediatype>(&mut group, &input);
        group.finish();
    }
}

criterion_group!(benches, peers);
criterion_main!(benches);
