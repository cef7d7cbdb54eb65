//! conneg vs. `headers` and `actix-web` on the benchmark matrix's
//! If-None-Match rows (`one`, `three`, `three_stale`, `fifty` tags) and
//! If-Modified-Since in the three date forms: one group per input with every
//! crate side by side, so the ratios come from one run. Each
//! implementation's answer is asserted before it is measured (a 304, or a 200
//! for `three_stale`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::time::Instant;

use conneg_conditional_peers::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Counts heap allocations per thread, to report allocations per call next to
/// the timings (the counting adds one thread-local increment per allocation).
struct Counting;

thread_local! {
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations of one call (the answer is asserted separately).
fn allocs(f: impl FnOnce() -> bool) -> u64 {
    let before = ALLOCS.with(Cell::get);
    black_box(f());
    ALLOCS.with(Cell::get) - before
}

/// Median ns per call of `a` and `b`, measured in alternating batches so that
/// both see the same machine load (the bench machine is shared); criterion's
/// numbers below measure each function in its own time window.
fn interleaved(label: &str, mut a: impl FnMut() -> bool, mut b: impl FnMut() -> bool) {
    const ROUNDS: usize = 301;
    const BATCH: u32 = 2000;
    let mut ta = Vec::with_capacity(ROUNDS);
    let mut tb = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        for _ in 0..BATCH {
            black_box(a());
        }
        ta.push(t.elapsed().as_nanos() as f64 / f64::from(BATCH));
        let t = Instant::now();
        for _ in 0..BATCH {
            black_box(b());
        }
        tb.push(t.elapsed().as_nanos() as f64 / f64::from(BATCH));
    }
    ta.sort_by(f64::total_cmp);
    tb.sort_by(f64::total_cmp);
    let (ma, mb) = (ta[ROUNDS / 2], tb[ROUNDS / 2]);
    eprintln!(
        "interleaved medians, {label}: conneg {ma:.1} ns, peer {mb:.1} ns, ratio {:.3}",
        ma / mb
    );
}

fn peers(c: &mut Criterion) {
    let hp = HeadersPeer::default();
    let ap = ActixPeer::default();
    for (name, value, not_modified) in if_none_match_rows() {
        let hv = http::HeaderValue::from_str(&value).unwrap();
        let req = actix_request("if-none-match", &value);
        assert_eq!(conneg_inm(value.as_bytes()), not_modified, "conneg, {name}");
        assert_eq!(hp.inm(&hv), not_modified, "headers, {name}");
        assert_eq!(ap.inm(&req), not_modified, "actix-web, {name}");
        assert!(actix_has_header(&req));
        eprintln!(
            "allocations per call, If-None-Match {name}: conneg {}, headers {}, actix-web {}",
            allocs(|| conneg_inm(value.as_bytes())),
            allocs(|| hp.inm(&hv)),
            allocs(|| ap.inm(&req)),
        );
        let v = value.as_bytes();
        interleaved(
            &format!("If-None-Match {name} vs headers"),
            || conneg_inm(black_box(v)),
            || hp.inm(black_box(&hv)),
        );
        interleaved(
            &format!("If-None-Match {name} vs actix-web"),
            || conneg_inm(black_box(v)),
            || ap.inm(black_box(&req)),
        );
        let mut group = c.benchmark_group(format!("if_none_match/{name}"));
        group.throughput(Throughput::Bytes(value.len() as u64));
        group.bench_function("conneg", |b| b.iter(|| conneg_inm(black_box(value.as_bytes()))));
        group.bench_function("headers", |b| b.iter(|| hp.inm(black_box(&hv))));
        group.bench_function("actix-web", |b| b.iter(|| ap.inm(black_box(&req))));
        group.finish();
    }
    // If-Modified-Since in the three HTTP-date forms, each the instant of
    // Last-Modified: a 304 from every crate.
    for (name, ims) in matrix::DATES {
        let hv = http::HeaderValue::from_static(ims);
        let req = actix_request("if-modified-since", ims);
        assert!(conneg_ims(ims.as_bytes()), "conneg, {name}");
        assert!(hp.ims(&hv), "headers, {name}");
        assert!(ap.ims(&req), "actix-web, {name}");
        eprintln!(
            "allocations per call, If-Modified-Since {name}: conneg {}, headers {}, actix-web {}",
            allocs(|| conneg_ims(ims.as_bytes())),
            allocs(|| hp.ims(&hv)),
            allocs(|| ap.ims(&req)),
        );
        interleaved(
            &format!("If-Modified-Since {name} vs headers"),
            || conneg_ims(black_box(ims.as_bytes())),
            || hp.ims(black_box(&hv)),
        );
        let mut group = c.benchmark_group(format!("if_modified_since/{name}"));
        group.throughput(Throughput::Bytes(ims.len() as u64));
        group.bench_function("conneg", |b| b.iter(|| conneg_ims(black_box(ims.as_bytes()))));
        group.bench_function("headers", |b| b.iter(|| hp.ims(black_box(&hv))));
        group.bench_function("actix-web", |b| b.iter(|| ap.ims(black_box(&req))));
        group.finish();
    }
}

criterion_group!(benches, peers);
criterion_main!(benches);
