//! The decision harness: conformance vectors in, conneg's answers out.
//!
//! Reads JSON objects, one per line, on stdin; writes one JSON line per input
//! line on stdout, in order. Each input is a vector object as in the
//! conformance files (`tests/data/*.json`) plus a `"kind"` field naming its
//! file (`accept`, `language`, `encoding`, `charset`, `conditional`, `range`,
//! `date`, `date_format`, `etags`, `if_range`, `decide`). Each output is
//! `{"id": <input id>, "got": <value>}`, with the value shaped like that
//! vector's `want`, or `{"id": …, "error": "<reason>"}` for an unsupported kind
//! or a bad line. A bad line never stops the run.
//!
//! Supported kinds: `accept` (modes `best`, `ordered`, `quality`);
//! `conditional` and `range` (`got` is the status; the reply also carries
//! `"detail": {"status", "content_range", "ranges", "body"}`: the top-level
//! Content-Range of a single-part 206 or a 416, the selected `[first, last]`
//! pairs of a 206, and a single-part 206's body); `date` (epoch seconds or
//! null; `now_epoch` sets the clock for rfc850 years, default
//! 2026-11-26T00:00:00Z); `date_format` (IMF-fixdate of `epoch`); `etags`
//! (the valid members of `input` as raw text, in order); `if_range`
//! (`{"etag": strong opaque-tag or null, "date_epoch": epoch or null}`);
//! `decide` (below). The `conditional` kind runs through `Resource::decide`
//! too, with one variant carrying the vector's validators.
//!
//! Kind `decide`, the combined decision (`Resource::decide`):
//!
//! ```text
//! input  {"id": …, "kind": "decide",
//!         "method": "GET",
//!         "request_headers": {"Accept": "text/html", …}      // or [["Accept", "a/b"], ["Accept", "c/d"]]
//!         "variants": [{"type": "text/html",                 // required; the rest optional
//!                       "language": "en", "charset": "utf-8", "encoding": "gzip",
//!                       "qs": 0.9, "uri": "/doc.en.html",
//!                       "etag": "\"v1\"", "last_modified": "<HTTP-date>", "length": 1234}, …],
//!         "now_epoch": 1795651200,                            // optional clock
//!         "options": {"fallback": "first", "tie_break": "server", "modified_since": "exact",
//!                     "require_precondition": true, "accept_ranges": false,
//!                     "max_ranges": 4, "coalesce": 80, "boundary_seed": 7}}   // all optional
//! got    {"status": 206, "variant": 0,                        // index, or null (404, 406, no variants)
//!         "headers": [["Vary", "Accept"], ["ETag", "\"v1\""], …],   // Decision::headers, in order
//!         "ranges": [[0, 99]],                                 // null unless 206
//!         "content_length": 100}                               // Decision::content_length, or null
//! ```
//!
//! Header names in `request_headers` compare case-insensitively; fields
//! other than the ten conneg reads are ignored; an array of pairs repeats a
//! field over several lines. `tests/data/decide.json` has worked examples.
//!
//! ```text
//! $ echo '{"id":"x","kind":"accept","header":"text/*;q=0.5, text/html","offers":["text/plain","text/html"],"mode":"best"}' \
//!     | cargo run --release --example decide
//! {"got":"text/html","id":"x"}
//! $ echo '{"id":"r","kind":"range","range":"bytes=0-4","length":11,"body":"0123456789\n"}' \
//!     | cargo run --release --example decide
//! {"detail":{"body":"01234","content_range":"bytes 0-4/11","ranges":[[0,4]],"status":206},"got":206,"id":"r"}
//! $ echo '{"id":"d","kind":"decide","method":"GET","request_headers":{"If-None-Match":"\"v1\""},"variants":[{"type":"text/html","etag":"\"v1\""}]}' \
//!     | cargo run --release --example decide
//! {"got":{"content_length":null,"headers":[["ETag","\"v1\""]],"ranges":null,"status":304,"variant":0},"id":"d"}
//! ```

use std::io::{self, BufRead, BufWriter, Write};

mod harness;

fn main() -> io::Result<()> {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.split(b'\n') {
        let line = line?;
        let text = String::from_utf8_lossy(&line);
        let reply = harness::respond(text.trim_end_matches('\r'));
        serde_json::to_writer(&mut out, &reply)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
