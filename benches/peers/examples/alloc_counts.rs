//! Heap allocations (alloc + realloc calls, and bytes requested) for ONE
//! negotiation call per crate per input, printed as one markdown table per
//! field (`Accept`, `Accept-Language`, `Accept-Encoding`, `Accept-Charset`).
//!
//! `cargo run --release --manifest-path benches/peers/Cargo.toml --example alloc_counts`
//!
//! Each call is the same `Peer::run` the criterion benches time: parse the raw
//! header and choose among pre-built offers. One untimed warm-up call runs
//! first, so one-time lazy initialisation is not counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use conneg_peers_bench::{
    AcceptHeader, AcceptLanguageCrate, ActixEncoding, ActixLanguage, ActixWeb, Conneg, ConnegCharset,
    ConnegEncoding, ConnegLanguage, ConnegLookup, Field, FluentLangneg, HeadersAccept, Input, Mediatype,
    Negotiator, NegotiatorCharset, NegotiatorEncoding, NegotiatorLanguage, Peer, all_inputs, peer_names,
};

struct Counting;

static CALLS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call unchanged to `System`; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        CALLS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocation calls, bytes requested) for one `run`, after a warm-up call.
fn count<P: Peer>(input: &Input) -> (usize, usize) {
    let peer = P::new(input.offers);
    let header = P::header(&input.header);
    drop(std::hint::black_box(peer.run(&header)));
    let (c0, b0) = (CALLS.load(Relaxed), BYTES.load(Relaxed));
    let out = std::hint::black_box(peer.run(std::hint::black_box(&header)));
    let (c1, b1) = (CALLS.load(Relaxed), BYTES.load(Relaxed));
    drop(out);
    (c1 - c0, b1 - b0)
}

/// One row: every crate of the input's field, in `peer_names` order.
fn row(input: &Input) -> Vec<(usize, usize)> {
    match input.field {
        Field::Accept => vec![
            count::<Conneg>(input),
            count::<AcceptHeader>(input),
            count::<HeadersAccept>(input),
            count::<Negotiator>(input),
            count::<ActixWeb>(input),
            count::<Mediatype>(input),
        ],
        Field::Language => vec![
            count::<ConnegLanguage>(input),
            count::<ConnegLookup>(input),
            count::<NegotiatorLanguage>(input),
            count::<ActixLanguage>(input),
            count::<AcceptLanguageCrate>(input),
            count::<FluentLangneg>(input),
        ],
        Field::Encoding => vec![
            count::<ConnegEncoding>(input),
            count::<NegotiatorEncoding>(input),
            count::<ActixEncoding>(input),
        ],
        Field::Charset => vec![count::<ConnegCharset>(input), count::<NegotiatorCharset>(input)],
    }
}

fn main() {
    let fields = [
        (Field::Accept, "Accept"),
        (Field::Language, "Accept-Language"),
        (Field::Encoding, "Accept-Encoding"),
        (Field::Charset, "Accept-Charset"),
    ];
    println!("Heap allocations for one negotiation (alloc+realloc calls / bytes requested).");
    let mut conneg_total = 0;
    for (field, title) in fields {
        let names = peer_names(field);
        println!("\n{title}:\n");
        println!("| input | {} |", names.join(" | "));
        println!("|---|{}", "---:|".repeat(names.len()));
        let inputs = all_inputs().into_iter().filter(|i| {
            // Accept: the matrix cells (the sweeps only scale these).
            i.field == field && !i.name.starts_with("sweep/")
        });
        for input in inputs {
            let row = row(&input);
            // conneg's columns: `conneg`, and `conneg-lookup` for languages.
            conneg_total += names
                .iter()
                .zip(&row)
                .filter(|(n, _)| n.starts_with("conneg"))
                .map(|(_, (c, _))| c)
                .sum::<usize>();
            let cells: Vec<String> = row.iter().map(|(c, b)| format!("{c} / {b} B")).collect();
            println!("| {} | {} |", input.name, cells.join(" | "));
        }
    }
    assert_eq!(conneg_total, 0, "conneg allocated");
}
