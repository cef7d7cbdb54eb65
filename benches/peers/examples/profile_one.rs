//! Runs one crate's negotiation on one input in a loop, for a profiler.
//!
//! `profile_one <crate> <input> [iterations]`, e.g.
//!
//! ```text
//! cargo build --release --manifest-path benches/peers/Cargo.toml --example profile_one
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*' \
//!     benches/peers/target/release/examples/profile_one conneg chrome 1000
//! ```
//!
//! Instructions per call = callgrind's total Ir / iterations (noise-free, unlike
//! wall time on a shared machine). `perf record -g` works on it too.

use std::hint::black_box;

use conneg_peers_bench::{
    AcceptHeader, ActixWeb, Conneg, HeadersAccept, Input, Mediatype, Negotiator, Peer, inputs,
};

#[inline(never)]
fn measured<P: Peer>(peer: &P, header: &P::Header, iterations: u64) {
    for _ in 0..iterations {
        drop(black_box(black_box(peer).run(black_box(header))));
    }
}

fn run<P: Peer>(input: &Input, iterations: u64) {
    let peer = P::new(input.offers);
    let header = P::header(&input.header);
    measured(&peer, &header, iterations);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: profile_one <crate> <input> [iterations]";
    let (name, which) = (args.get(1).expect(usage), args.get(2).expect(usage));
    let iterations = args.get(3).map_or(1000, |n| n.parse().expect("iterations"));
    let input = inputs()
        .into_iter()
        .find(|i| &i.name == which)
        .expect("unknown input");
    match name.as_str() {
        "conneg" => run::<Conneg>(&input, iterations),
        "accept-header" => run::<AcceptHeader>(&input, iterations),
        "headers-accept" => run::<HeadersAccept>(&input, iterations),
        "negotiator" => run::<Negotiator>(&input, iterations),
        "actix-web" => run::<ActixWeb>(&input, iterations),
        "mediatype" => run::<Mediatype>(&input, iterations),
        other => panic!("unknown crate {other}"),
    }
}
