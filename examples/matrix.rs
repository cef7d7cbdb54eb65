//! The benchmark matrix (`benches/cases/`) as a fixed workload for
//! instruction counting: `scripts/matrix.py` runs every cell under
//! `valgrind --tool=callgrind` at two call counts and reports the
//! difference, so start-up and preparation (offers, headers) cancel out.
//!
//! ```text
//! cargo run --release --example matrix -- list          # index, row, cell, header bytes
//! cargo run --release --example matrix -- run INDEX N   # N calls of cell INDEX
//! ```

#[path = "../benches/cases/matrix.rs"]
mod matrix;
#[path = "../benches/cases/conneg.rs"]
mod cases;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = cases::cases();
    match args.first().map(String::as_str) {
        Some("list") => {
            for (i, c) in all.iter().enumerate() {
                println!("{i}\t{}\t{}\t{}", c.row, c.cell, c.bytes);
            }
        }
        Some("run") => {
            let index: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
            let calls: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
            let Some(case) = all.get(index) else {
                eprintln!("no cell {index}: `matrix list` lists them");
                std::process::exit(2)
            };
            let mut n = 0usize;
            for _ in 0..calls {
                n = n.wrapping_add(case.run());
            }
            println!("{n}");
        }
        _ => {
            eprintln!("usage: matrix list | matrix run INDEX CALLS");
            std::process::exit(2)
        }
    }
}
