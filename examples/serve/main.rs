//! The demo server: every response decided by `conneg::Resource::decide`.
//!
//! ```text
//! cargo run --example serve --features response     # the built-in document at http://127.0.0.1:8080/
//! cargo run --example serve --features response -- --addr 127.0.0.1:0  # any free port (the first line says which)
//! cargo run --example serve --features response -- --dir site/           # a directory, MultiViews-style
//! ```
//!
//! The built-in document comes in `text/html`, `application/json` and
//! `text/plain`, in English and Korean, identity and gzip: 12 variants, each
//! with a strong ETag, all with the start-up time as Last-Modified.
//!
//! With `--dir`, a request for `/index` (or `/`, or `/docs/`) negotiates among
//! the files sharing that base name: `index.html`, `index.ko.html`,
//! `index.html.gz`, `index.en.json.br`… — the type from the extension, the
//! language from a tag segment, the coding from `.gz`/`.br`/`.zst`. ETags
//! come from size and mtime. Paths with `..`, dot-files or encoded slashes
//! are 404, and symlinks that lead out of the root are not followed.
//!
//! With the built-in document, `/notes/{id}` holds plain-text notes to
//! write: `PUT` with `If-None-Match: *` creates one (`201 Created`,
//! `Location`, `ETag`), `PUT` or `DELETE` with `If-Match` naming its current
//! `ETag` replaces or deletes it (`204 No Content`), a stale tag gets `412`
//! and a write without either `428`. `/private` answers `401` with
//! `WWW-Authenticate: Bearer realm="conneg-demo"` unless the request sends
//! `Authorization: Bearer demo-token`.
//!
//! One line per request goes to stdout (unless `--quiet`): method, path,
//! the If-None-Match value, the status and the ETag sent.

mod server;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use server::{Demo, Site};

const USAGE: &str = "usage: serve [--addr HOST:PORT] [--dir PATH] [--quiet]\n  --addr   where to listen (default 127.0.0.1:8080; port 0 picks a free one)\n  --dir    serve a directory with MultiViews-style variants instead of the built-in document\n  --quiet  no line per request (for load tests)";

fn main() -> ExitCode {
    let mut addr: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    let mut dir: Option<PathBuf> = None;
    let mut log = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => match args.next().map(|a| a.parse()) {
                Some(Ok(a)) => addr = a,
                _ => return usage("--addr needs HOST:PORT, such as 127.0.0.1:0"),
            },
            "--dir" => match args.next() {
                Some(d) => dir = Some(PathBuf::from(d)),
                None => return usage("--dir needs a path"),
            },
            "--quiet" => log = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("tokio runtime: {e}")),
    };
    runtime.block_on(run(addr, dir, log))
}

async fn run(addr: SocketAddr, dir: Option<PathBuf>, log: bool) -> ExitCode {
    let site = match &dir {
        Some(d) => match Site::dir(d) {
            Ok(site) => site,
            Err(e) => return fail(&format!("--dir {}: {e}", d.display())),
        },
        None => match Demo::new(server::now()) {
            Ok(demo) => Site::Demo(demo),
            Err(e) => return fail(&format!("building the demo: {e}")),
        },
    };
    let commands = curl_commands(&site);
    let running = match server::start(addr, site, log).await {
        Ok(r) => r,
        Err(e) => return fail(&format!("listening on {addr}: {e}")),
    };
    let base = format!("http://{}", running.addr);
    println!("listening on {base}");
    if let Some(d) = &dir {
        println!("serving {} (MultiViews-style variants)", d.display());
    }
    println!("\ntry:");
    for (what, command) in commands {
        println!("  # {what}\n  {}", command.replace("URL", &format!("{base}/")));
    }
    println!();
    tokio::select! {
        _ = running.task => fail("the accept loop stopped"),
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}

/// The curl commands that show each status, with `URL` for the address.
fn curl_commands(site: &Site) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        "200, the HTML in English (curl's Accept: */*)",
        "curl -i URL".to_owned(),
    )];
    let Site::Demo(demo) = site else {
        out.push((
            "200, gzip if there is a .gz variant",
            "curl -i --compressed URL".to_owned(),
        ));
        out.push((
            "406: no variant is an image",
            "curl -i -H 'Accept: image/png' URL".to_owned(),
        ));
        out.push(("412", "curl -i -H 'If-Match: \"nope\"' URL".to_owned()));
        out.push(("206", "curl -i -H 'Range: bytes=0-99' URL".to_owned()));
        out.push(("416", "curl -i -H 'Range: bytes=99999999-' URL".to_owned()));
        return out;
    };
    let etag = demo.etag("text/html", "en", false).unwrap_or_default();
    let length = demo.length("text/html", "en", false).unwrap_or(0);
    out.extend([
        (
            "200, Korean JSON, gzip",
            "curl -i --compressed -H 'Accept: application/json' -H 'Accept-Language: ko' URL".to_owned(),
        ),
        (
            "304: the ETag is current",
            format!("curl -i -H 'If-None-Match: {etag}' URL"),
        ),
        (
            "406: no variant is an image",
            "curl -i -H 'Accept: image/png' URL".to_owned(),
        ),
        (
            "412: If-Match with another tag",
            "curl -i -H 'If-Match: \"nope\"' URL".to_owned(),
        ),
        (
            "206: the first 100 bytes",
            "curl -i -H 'Range: bytes=0-99' URL".to_owned(),
        ),
        (
            "206: two ranges, multipart/byteranges",
            "curl -i -H 'Range: bytes=0-9,-10' URL".to_owned(),
        ),
        (
            "416: past the end",
            format!("curl -i -H 'Range: bytes={length}-' URL"),
        ),
    ]);
    // The write flow, in this order: each command's status assumes the
    // ones before it ran (the curl end-to-end test runs them so).
    let (first, second) = (server::etag_of(b"first draft"), server::etag_of(b"second draft"));
    out.extend([
        (
            "201: create a note (If-None-Match: * - only if there is none)",
            "curl -i -X PUT -H 'If-None-Match: *' --data-binary 'first draft' URLnotes/demo".to_owned(),
        ),
        (
            "428: a write that does not say which version it replaces",
            "curl -i -X PUT --data-binary 'lost update' URLnotes/demo".to_owned(),
        ),
        (
            "412: a write against a stale ETag",
            "curl -i -X PUT -H 'If-Match: \"stale\"' --data-binary 'lost update' URLnotes/demo".to_owned(),
        ),
        (
            "204: replace it, If-Match its current ETag (the new ETag comes back)",
            format!(
                "curl -i -X PUT -H 'If-Match: {}' --data-binary 'second draft' URLnotes/demo",
                first.as_str()
            ),
        ),
        (
            "204: delete it",
            format!(
                "curl -i -X DELETE -H 'If-Match: {}' URLnotes/demo",
                second.as_str()
            ),
        ),
        (
            "401: no token (WWW-Authenticate: Bearer realm=\"conneg-demo\")",
            "curl -i URLprivate".to_owned(),
        ),
        (
            "200: with the token",
            format!("curl -i -H 'Authorization: Bearer {}' URLprivate", server::TOKEN),
        ),
    ]);
    out
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("serve: {problem}\n{USAGE}");
    ExitCode::from(2)
}

fn fail(problem: &str) -> ExitCode {
    eprintln!("serve: {problem}");
    ExitCode::FAILURE
}
