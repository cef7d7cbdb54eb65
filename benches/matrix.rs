//! The benchmark matrix (`benches/cases/`), conneg alone, under criterion: one
//! group per row (`Case::row`: a field and a header, such as
//! `accept/chrome/prepared`), one function per cell (`Case::cell`: the offer
//! set, such as `html_first`), `Throughput::Bytes` of the row's header.
//!
//! Every cell's answer is asserted against the hand-checked value in
//! `benches/expected/matrix.rs` (or, for the rows that table does not
//! cover, the value written below) before anything is timed.
//!
//! Run: `cargo bench --bench matrix -- --warm-up-time 1 --measurement-time 2`.
//! The same cells in instructions: `python3 scripts/matrix.py`; beside the
//! peer crates: `benches/peers`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "cases/matrix.rs"]
mod matrix;
#[path = "cases/conneg.rs"]
mod cases;
#[path = "expected/matrix.rs"]
mod expected;

/// What `Case::run` returns for a 406 (no acceptable offer).
const NONE: usize = 9;
/// The date rows' instant, 2015-10-21T07:28:00Z, in every form.
const DATE_UNIX: usize = 1_445_412_480;
/// The variant of the selection and decision rows: Korean (q=0.9 beats
/// English's 0.7), gzip (q=1, above the unlisted identity), `text/html`
/// (Chrome's q=1; for `*/*` every media type ties and the server's first wins).
const KO_GZIP_HTML: usize = 3;

/// The hand-checked answer of a cell, in `Case::run`'s terms.
fn hand_checked(row: &str, cell: &str) -> usize {
    let parts: Vec<&str> = row.split('/').collect();
    let index = |a: Option<usize>| a.unwrap_or(NONE);
    match parts.as_slice() {
        ["accept", header, _form] => index(expected::answer(&expected::ACCEPT, header, cell)),
        ["language", header] => index(expected::answer(&expected::LANGUAGE, header, cell)),
        ["encoding", header] => index(expected::answer(&expected::ENCODING, header, cell)),
        // Weak comparison, GET: a listed current tag is a 304; three stale tags, a 200.
        ["if_none_match"] => match cell {
            "one" | "three" | "fifty" => 304,
            "three_stale" => 200,
            _ => panic!("no hand-checked answer for {row}/{cell}"),
        },
        ["date"] => DATE_UNIX,
        ["select8", _] => KO_GZIP_HTML,
        // If-None-Match is evaluated first: the current tag gives a 304,
        // a stale one lets If-Modified-Since be ignored and Range give a 206.
        ["decide8", _] => match cell {
            "206" => KO_GZIP_HTML + 206,
            "304" => KO_GZIP_HTML + 304,
            _ => panic!("no hand-checked answer for {row}/{cell}"),
        },
        _ => panic!("no hand-checked answer for {row}/{cell}"),
    }
}

fn bench_matrix(c: &mut Criterion) {
    let all = cases::cases();
    let mut wrong = Vec::new();
    for case in &all {
        let (got, want) = (case.run(), hand_checked(&case.row, &case.cell));
        if got != want {
            wrong.push(format!("{}: got {got}, expected {want}", case.name()));
        }
    }
    assert!(wrong.is_empty(), "wrong answers before timing: {wrong:#?}");

    // Rows in order of first appearance (the selection rows interleave).
    let mut rows: Vec<&str> = Vec::new();
    for case in &all {
        if !rows.contains(&case.row.as_str()) {
            rows.push(&case.row);
        }
    }
    for row in rows {
        let mut group = c.benchmark_group(row);
        for case in all.iter().filter(|c| c.row == row) {
            group.throughput(Throughput::Bytes(case.bytes as u64));
            group.bench_function(case.cell.as_str(), |b| b.iter(|| black_box(case.run())));
        }
        group.finish();
    }
}

criterion_group!(benches, bench_matrix);
criterion_main!(benches);
