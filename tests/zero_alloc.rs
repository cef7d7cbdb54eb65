//! Zero heap allocations on the request path (DESIGN principle 1).
//!
//! A counting `#[global_allocator]` counts allocations made by the current
//! thread; each check runs the public request-path functions between two reads
//! of that count. Inputs are every `Accept` value of the real-world corpus
//! (`tests/data/request-headers.txt`, a copy of the project's shared corpus)
//! and a 2,000-element header.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use conneg::{Accept, Choice, FieldLines, MediaRange};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (ALLOCATIONS.with(Cell::get) - before, r)
}

const OFFERS: [&str; 6] = [
    "text/html",
    "application/json",
    "text/plain;charset=utf-8",
    "image/webp",
    "application/xhtml+xml",
    "application/problem+json",
];

/// Everything a server does with one Accept field: strict check, choose,
/// rank, quality of one offer, and the client's preference list.
fn exercise(accept: Accept<'_>) -> usize {
    let mut work = usize::from(accept.validate().is_ok());
    work += accept.negotiate(&OFFERS).index().unwrap_or(99);
    let mut ranked = [Choice::default(); 6];
    work += accept.rank(&OFFERS, &mut ranked).len();
    work += usize::from(accept.quality_of("text/html").thousandths());
    let mut prefs = [MediaRange::default(); 32];
    work += accept.preferences(&mut prefs).len();
    work += accept.iter().filter(Result::is_ok).count();
    work
}

fn corpus_accept_values() -> Vec<String> {
    include_str!("data/request-headers.txt")
        .lines()
        .filter_map(|l| l.strip_prefix("Accept:"))
        .map(|v| v.trim().to_string())
        .collect()
}

#[test]
fn accept_request_path_allocates_nothing_on_the_corpus() {
    let values = corpus_accept_values();
    assert!(values.len() >= 20, "corpus copy has the Accept lines");
    for value in &values {
        let (count, work) = allocations(|| exercise(Accept::new(value.as_bytes())));
        assert_eq!(count, 0, "{value:?} allocated {count} times");
        assert!(work > 0);
    }
    // Absent field and several field lines, too.
    let lines: Vec<&[u8]> = values.iter().map(|v| v.as_bytes()).collect();
    let (count, _) = allocations(|| exercise(Accept::from_field(FieldLines::many(&lines))));
    assert_eq!(count, 0, "many lines");
    let (count, _) = allocations(|| exercise(Accept::absent()));
    assert_eq!(count, 0, "absent");
}

#[test]
fn accept_request_path_allocates_nothing_on_2000_elements() {
    let header: String = (0..2000)
        .map(|i| format!("type{i}/sub{i};level={i};q=0.{:03}", 1 + i % 998))
        .collect::<Vec<_>>()
        .join(", ");
    for cap in [256u16, 4096] {
        let (count, work) = allocations(|| exercise(Accept::new(header.as_bytes()).max_elements(cap)));
        assert_eq!(count, 0, "cap {cap}");
        assert!(work > 0);
    }
}

#[test]
fn the_counter_sees_allocations() {
    // Guards the guard: a test whose counter never moves would pass vacuously.
    let (count, v) = allocations(|| vec![1u8; 16]);
    assert_eq!(v.len(), 16);
    assert!(count >= 1);
}
