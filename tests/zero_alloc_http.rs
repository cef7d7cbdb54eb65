//! Reading a `conneg::Request` out of the `http` crate's types allocates
//! nothing (feature `http`), counted by a `#[global_allocator]` per thread.
#![cfg(feature = "http")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use conneg::http::HeaderLines;
use conneg::{EntityTag, Field, Outcome, Resource, Variant};

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
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

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
}

/// A request with every field conneg reads, some on several lines, and one
/// field over the line cap (the invalid reading must not allocate either).
fn full_request() -> http::Request<()> {
    let mut builder = http::Request::get("/doc")
        .header("Accept", "text/html;q=0.9")
        .header("accept", "application/json")
        .header("Accept-Language", "de, en;q=0.5")
        .header("Accept-Encoding", "gzip, br")
        .header("Accept-Charset", "utf-8")
        .header("If-Match", "\"j1\"")
        .header("If-None-Match", "\"x\"")
        .header("If-None-Match", "\"j1\"")
        .header("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")
        .header("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")
        .header("If-Range", "\"j1\"")
        .header("Range", "bytes=0-9, 20-29")
        .header("Cookie", "not=read");
    for _ in 0..=conneg::http::MAX_FIELD_LINES {
        builder = builder.header("accept-charset", "latin1");
    }
    builder.body(()).unwrap()
}

#[test]
fn reading_request_fields_is_allocation_free() {
    let request = full_request();
    let (parts, ()) = full_request().into_parts();
    let variants = [
        Variant::new("text/html")
            .with_etag(EntityTag::from_static("\"h1\""))
            .with_length(100),
        Variant::new("application/json")
            .with_etag(EntityTag::from_static("\"j1\""))
            .with_length(40),
    ];
    let resource = Resource::new(&variants);
    let mut outcome = None;
    let n = allocations(|| {
        let lines = black_box(HeaderLines::from_request(black_box(&request)));
        let req = lines.request();
        black_box(req.get(Field::Accept).line_count());
        outcome = Some(resource.decide(&req).outcome());

        let lines = black_box(HeaderLines::from_parts(black_box(&parts)));
        black_box(lines.request());
        let lines = HeaderLines::new(black_box(&http::Method::HEAD), black_box(request.headers()));
        black_box(lines.field(Field::AcceptCharset).is_absent());
        black_box(lines.received(Field::AcceptCharset));
        black_box(conneg::http::method(&parts.method));
    });
    assert_eq!(n, 0, "reading allocated {n} times");
    // And the reading was the real thing: JSON chosen, its tag matched by
    // If-None-Match on the second line.
    assert_eq!(outcome, Some(Outcome::NotModified));
}
