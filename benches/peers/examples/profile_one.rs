//! Runs one crate's negotiation on one input in a loop, for a profiler.
//!
//! `profile_one <crate> <input> [iterations]`; `<input>` is a criterion group
//! name (`accept/chrome/html_first`, `sweep/0100`, `language/zh_hant/de_fr_zh`),
//! `<crate>` a column name of the input's field (`conneg`, `conneg-lookup` and
//! `fluent-langneg` for `language/…` inputs, …), e.g.
//!
//! ```text
//! cargo build --release --manifest-path benches/peers/Cargo.toml --example profile_one
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*' \
//!     benches/peers/target/release/examples/profile_one conneg accept/chrome/html_first 1000
//! ```
//!
//! `profile_one --list` prints every input with its field's crates, one
//! `input crate…` line each (what `instr_counts.sh` loops over).
//!
//! Instructions per call = callgrind's total Ir / iterations (noise-free, unlike
//! wall time on a shared machine). `perf record -g` works on it too.

use std::hint::black_box;

use conneg_peers_bench::{
    AcceptHeader, AcceptLanguageCrate, ActixEncoding, ActixLanguage, ActixWeb, Conneg, ConnegCharset,
    ConnegEncoding, ConnegLanguage, ConnegLookup, Field, FluentLangneg, HeadersAccept, Input, Mediatype,
    Negotiator, NegotiatorCharset, NegotiatorEncoding, NegotiatorLanguage, Peer, all_inputs, peer_names,
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
    let usage = "usage: profile_one <crate> <input> [iterations] | profile_one --list";
    if args.get(1).map(String::as_str) == Some("--list") {
        for input in all_inputs() {
            println!("{} {}", input.name, peer_names(input.field).join(" "));
        }
        return;
    }
    let (name, which) = (args.get(1).expect(usage), args.get(2).expect(usage));
    let iterations = args.get(3).map_or(1000, |n| n.parse().expect("iterations"));
    let input = all_inputs()
        .into_iter()
        .find(|i| &i.name == which)
        .expect("unknown input");
    match (input.field, name.as_str()) {
        (Field::Accept, "conneg") => run::<Conneg>(&input, iterations),
        (Field::Accept, "accept-header") => run::<AcceptHeader>(&input, iterations),
        (Field::Accept, "headers-accept") => run::<HeadersAccept>(&input, iterations),
        (Field::Accept, "negotiator") => run::<Negotiator>(&input, iterations),
        (Field::Accept, "actix-web") => run::<ActixWeb>(&input, iterations),
        (Field::Accept, "mediatype") => run::<Mediatype>(&input, iterations),
        (Field::Language, "conneg") => run::<ConnegLanguage>(&input, iterations),
        (Field::Language, "conneg-lookup") => run::<ConnegLookup>(&input, iterations),
        (Field::Language, "negotiator") => run::<NegotiatorLanguage>(&input, iterations),
        (Field::Language, "actix-web") => run::<ActixLanguage>(&input, iterations),
        (Field::Language, "accept-language") => run::<AcceptLanguageCrate>(&input, iterations),
        (Field::Language, "fluent-langneg") => run::<FluentLangneg>(&input, iterations),
        (Field::Encoding, "conneg") => run::<ConnegEncoding>(&input, iterations),
        (Field::Encoding, "negotiator") => run::<NegotiatorEncoding>(&input, iterations),
        (Field::Encoding, "actix-web") => run::<ActixEncoding>(&input, iterations),
        (Field::Charset, "conneg") => run::<ConnegCharset>(&input, iterations),
        (Field::Charset, "negotiator") => run::<NegotiatorCharset>(&input, iterations),
        (field, other) => panic!("unknown crate {other} for {field:?} input {which}"),
    }
}
