//! conneg vs. `headers` and `actix-web` on If-None-Match (1, 3, 50 tags) and
//! If-Modified-Since: one group per input with every crate side by side, so
//! the ratios come from one run. Each implementation's answer is asserted
//! before it is measured (every input is a 304).

use std::hint::black_box;

use conneg_conditional_peers::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn peers(c: &mut Criterion) {
    let hp = HeadersPeer::default();
    let ap = ActixPeer::default();
    for n in [1usize, 3, 50] {
        let value = if_none_match(n);
        let hv = http::HeaderValue::from_str(&value).unwrap();
        let req = actix_request("if-none-match", &value);
        assert!(conneg_inm(value.as_bytes()), "conneg: 304");
        assert!(hp.inm(&hv), "headers: 304");
        assert!(ap.inm(&req), "actix-web: 304");
        assert!(actix_has_header(&req));
        let mut group = c.benchmark_group(format!("if_none_match/{n}"));
        group.throughput(Throughput::Bytes(value.len() as u64));
        group.bench_function("conneg", |b| b.iter(|| conneg_inm(black_box(value.as_bytes()))));
        group.bench_function("headers", |b| b.iter(|| hp.inm(black_box(&hv))));
        group.bench_function("actix-web", |b| b.iter(|| ap.inm(black_box(&req))));
        group.finish();
    }
    let ims = LAST_MODIFIED;
    let hv = http::HeaderValue::from_static(ims);
    assert!(conneg_ims(ims.as_bytes()) && hp.ims(&hv));
    let mut group = c.benchmark_group("if_modified_since");
    group.throughput(Throughput::Bytes(ims.len() as u64));
    group.bench_function("conneg", |b| b.iter(|| conneg_ims(black_box(ims.as_bytes()))));
    group.bench_function("headers", |b| b.iter(|| hp.ims(black_box(&hv))));
    group.finish();
}

criterion_group!(benches, peers);
criterion_main!(benches);
