//! The demo server's engine: a site (the built-in document, `demo.rs`, or a
//! directory with MultiViews-style variants, `dir.rs`), one hyper HTTP/1.1
//! service in front of it, and every answer decided by
//! [`conneg::Resource::decide`].
//!
//! Kept apart from `main.rs` so that `tests/e2e.rs` can include it
//! (`#[path = "../examples/serve/server.rs"] mod server;`) and start the
//! server in-process on an ephemeral port.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use conneg::adapters::http::{self, HeaderLines};
use conneg::decision::Segment;
use conneg::{
    ByteRange, HttpDate, MethodSet, Problem, RequestMethod, Resource, Variant, negotiate::Fallback,
};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

#[path = "body.rs"]
mod body;
#[path = "demo.rs"]
mod demo;
#[path = "dir.rs"]
mod dir;
#[path = "notes.rs"]
mod notes;

use body::{Body, Piece};
pub use demo::Demo;
use demo::Doc;
use dir::{FileVariant, dir_variants, locate};
use notes::{Notes, note_id};
pub use notes::{TOKEN, etag_of};

/// The methods every resource here supports: GET (which brings HEAD).
pub const ALLOWED: MethodSet = MethodSet::EMPTY.with(RequestMethod::Get);

/// What the server serves.
#[derive(Debug)]
pub enum Site {
    /// The built-in document at `/`: 12 variants; notes to write at
    /// `/notes/{id}` (PUT with `If-None-Match: *` or `If-Match`, DELETE),
    /// and `/private`, behind a bearer token ([`TOKEN`]).
    Demo(Demo),
    /// A directory: a request for `/a/b` negotiates among `a/b.*`, and `/`
    /// or `/a/` among `index.*`.
    Dir(PathBuf),
}

impl Site {
    /// A directory site, with its root made absolute and canonical (so that
    /// "inside the root" can be checked on canonical paths).
    pub fn dir(root: &Path) -> io::Result<Site> {
        let root = root.canonicalize()?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "--dir must name a directory",
            ));
        }
        Ok(Site::Dir(root))
    }
}

/// A running server.
#[derive(Debug)]
pub struct Running {
    /// The address it listens on (the real port when bound to port 0).
    pub addr: SocketAddr,
    /// The accept loop.
    pub task: JoinHandle<()>,
}

/// Binds `addr` and serves `site` on the current tokio runtime. With `log`,
/// one line per request goes to stdout: method, path, the If-None-Match
/// value, the status and the response's ETag —
/// `GET / if-none-match="…" 304 etag="…"` (`-` for an absent field).
pub async fn start(addr: SocketAddr, site: Site, log: bool) -> io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let site = Arc::new((site, Notes::default()));
    let task = tokio::spawn(async move {
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, go on.
                    eprintln!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let site = Arc::clone(&site);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let site = Arc::clone(&site);
                    async move { Ok::<_, Infallible>(handle(&site.0, &site.1, req, log).await) }
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(10))
                    .serve_connection(TokioIo::new(stream), service);
                // A client that goes away mid-response is not the server's error.
                let _ = conn.await;
            });
        }
    });
    Ok(Running { addr, task })
}

fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// Now, as an [`HttpDate`] (without the `httpdate` feature).
pub fn now() -> HttpDate {
    HttpDate::saturating_from_unix_seconds(unix_seconds(SystemTime::now()))
}

/// Where the selected representation's bytes come from.
enum Content<'a> {
    Memory(&'a Bytes),
    File(&'a Path),
}

async fn handle(site: &Site, notes: &Notes, req: hyper::Request<Incoming>, log: bool) -> Response<Body> {
    let inm: Vec<_> = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
        .collect();
    let inm = if inm.is_empty() {
        "-".to_owned()
    } else {
        inm.join(", ")
    };
    let (method, path) = (req.method().clone(), req.uri().path().to_owned());
    let head = method == hyper::Method::HEAD;
    let response = match (site, note_id(&path)) {
        (Site::Demo(_), Some(id)) => Ok(notes::note(notes, id, req).await),
        (Site::Demo(_), None) if path == "/private" => Ok(notes::private(&req)),
        _ => respond(site, &req).await,
    };
    let response = match response {
        Ok(r) => finish(r, head),
        Err(e) => {
            eprintln!("{method} {path}: {e}");
            finish(problem(&Problem::new(500)), head)
        }
    };
    if log {
        let etag = response
            .headers()
            .get(header::ETAG)
            .map(|v| String::from_utf8_lossy(v.as_bytes()));
        println!(
            "{} {} if-none-match={} {} etag={}",
            method,
            path,
            inm,
            response.status().as_u16(),
            etag.as_deref().unwrap_or("-"),
        );
    }
    response
}

async fn respond(site: &Site, req: &hyper::Request<Incoming>) -> io::Result<Response<Body>> {
    let path = req.uri().path();
    let response = match site {
        Site::Demo(demo) => {
            // `/` negotiates among all twelve; each variant's own URI (the
            // links of a 406 body) serves just that one.
            let docs: Vec<&Doc> = demo
                .docs
                .iter()
                .filter(|d| path == "/" || path == d.uri)
                .collect();
            if docs.is_empty() {
                not_found()
            } else {
                let variants: Vec<Variant<'_>> = docs.iter().map(|d| demo.variant(d)).collect();
                serve(req, &variants, |i| docs.get(i).map(|d| Content::Memory(&d.body))).await?
            }
        }
        Site::Dir(root) => match locate(root, path) {
            None => not_found(),
            Some(target) if target.redirect => {
                let mut r = Response::new(Body::default());
                *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
                r.headers_mut()
                    .insert(header::LOCATION, header_value(&target.prefix));
                r
            }
            Some(target) => {
                let files = match dir_variants(root, &target).await {
                    Ok(files) => files,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
                    Err(e) => return Err(e),
                };
                if files.is_empty() {
                    not_found()
                } else {
                    let variants: Vec<Variant<'_>> = files.iter().map(FileVariant::variant).collect();
                    serve(req, &variants, |i| files.get(i).map(|f| Content::File(&f.path))).await?
                }
            }
        },
    };
    Ok(response)
}

/// Every response's `Date` and `Cache-Control`, and for HEAD the head alone.
fn finish(mut response: Response<Body>, head: bool) -> Response<Body> {
    let headers = response.headers_mut();
    headers.insert(header::DATE, header_value(now().format().as_str()));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if head {
        // What GET would send, without sending it.
        if !response.headers().contains_key(header::CONTENT_LENGTH) {
            let len = hyper::body::Body::size_hint(response.body()).exact().unwrap_or(0);
            response.headers_mut().insert(header::CONTENT_LENGTH, len.into());
        }
        *response.body_mut() = Body::default();
    }
    response
}

/// The negotiated response for a resource with these variants, or 405:
/// every status, field and body from conneg's one-call path
/// (`conneg::adapters::http::respond`; for a file, the same response head
/// around the file's bytes read in chunks).
async fn serve<'a>(
    req: &hyper::Request<Incoming>,
    variants: &[Variant<'_>],
    content: impl Fn(usize) -> Option<Content<'a>>,
) -> io::Result<Response<Body>> {
    let lines = HeaderLines::from_request(req);
    if let Err(refused) = ALLOWED.check(lines.method()) {
        // A 405 cannot go out without its Allow value (E-01).
        return Ok(http::method_not_allowed(&refused).map(Body::from));
    }
    // A random boundary per response: files may hold any bytes, so no body
    // can be written to contain the boundary it will be sent with.
    let seed = {
        use std::hash::{BuildHasher, Hasher};
        std::hash::RandomState::new().build_hasher().finish()
    };
    // One representation (a file or a variant asked for by its own name):
    // nothing to choose, so the answer must not depend on the Accept fields
    // (it carries no Vary); send it whatever they say, as Apache does.
    let fallback = if variants.len() == 1 {
        Fallback::FirstVariant
    } else {
        Fallback::NotAcceptable
    };
    let decision = Resource::new(variants)
        .fallback(fallback)
        .now(now())
        .boundary_seed(seed)
        .decide(&lines.request());
    let source = decision.variant_index().and_then(&content);
    Ok(match source {
        // In memory: the whole response in one call, the bytes sliced, not copied.
        Some(Content::Memory(bytes)) => http::respond(&decision, bytes.clone()).map(Body::from),
        // A file, when its bytes go out: the plan's segments, the file's
        // read in chunks.
        Some(Content::File(path))
            if decision.body().has_content() && decision.body().carries_representation() =>
        {
            let plan = decision.body();
            let length = decision.variant().and_then(Variant::length).unwrap_or(0);
            let mut pieces = Vec::new();
            for segment in plan.segments() {
                pieces.push(match segment {
                    Segment::Representation => match ByteRange::new(0, length.saturating_sub(1)) {
                        Some(whole) if length > 0 => Piece::File(whole),
                        _ => continue,
                    },
                    Segment::Range(r) => Piece::File(r),
                    Segment::Text(text) => Piece::Bytes(Bytes::from(text.to_string())),
                });
            }
            http::response(&plan, Body::new(pieces, Some((path, length))).await?)
        }
        // No bytes of the representation (HEAD, 304, 406, 412, 416…).
        _ => http::respond(&decision, Bytes::new()).map(Body::from),
    })
}

fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn not_found() -> Response<Body> {
    problem(&Problem::new(404))
}

/// An RFC 9457 problem+json response: conneg's body, with its status.
fn problem(p: &Problem<'_>) -> Response<Body> {
    http::problem(p).map(Body::from)
}
