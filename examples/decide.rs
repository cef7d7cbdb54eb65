//! The decision harness: conformance vectors in, conneg's answers out.
//!
//! Reads JSON objects, one per line, on stdin; writes one JSON line per input
//! line on stdout, in order. Each input is a vector object as in the
//! conformance files (`tests/data/*.json`) plus a `"kind"` field naming its
//! file (`accept`, `language`, `encoding`, `charset`, `conditional`, `range`,
//! `date`, `date_format`, `etags`, `if_range`). Each output is
//! `{"id": <input id>, "got": <value>}`, with the value shaped like that
//! vector's `want`, or `{"id": …, "error": "<reason>"}` for an unsupported kind
//! or a bad line. A bad line never stops the run.
//!
//! Supported kinds: `accept` (modes `best`, `ordered`, `quality`).
//!
//! ```text
//! $ echo '{"id":"x","kind":"accept","header":"text/*;q=0.5, text/html","offers":["text/plain","text/html"],"mode":"best"}' \
//!     | cargo run --release --example decide
//! {"got":"text/html","id":"x"}
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
