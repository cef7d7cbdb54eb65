//! The demo server's engine: a site (the built-in document, or a directory
//! with MultiViews-style variants), one hyper HTTP/1.1 service in front of
//! it, and every answer decided by [`conneg::Resource::decide`].
//!
//! Kept apart from `main.rs` so that `tests/e2e.rs` can include it
//! (`#[path = "../examples/serve/server.rs"] mod server;`) and start the
//! server in-process on an ephemeral port.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::io::{self, SeekFrom, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use conneg::{
    Accept, Alternatives, ByteRange, Decision, EntityTagBuf, Fallback, Field, FieldLines, HttpDate, Method,
    Outcome, Request, Resource, Variant,
};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The `Allow` value of a 405 (to become conneg's `MethodSet` once it lands).
pub const ALLOW: &str = "GET, HEAD";

/// What the server serves.
#[derive(Debug)]
pub enum Site {
    /// The built-in document at `/`: 12 variants.
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
    let site = Arc::new(site);
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
                    async move { Ok::<_, Infallible>(handle(&site, req, log).await) }
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

// ---------------------------------------------------------------------------
// The built-in document

/// One representation held in memory.
#[derive(Debug)]
struct Doc {
    media_type: &'static str,
    language: &'static str,
    encoding: Option<&'static str>,
    /// The variant's own URI (listed in a 406 body).
    uri: String,
    etag: EntityTagBuf,
    body: Bytes,
}

/// The built-in document: HTML, JSON and plain text, English and Korean,
/// identity and gzip (compressed once, at start-up).
#[derive(Debug)]
pub struct Demo {
    docs: Vec<Doc>,
    last_modified: HttpDate,
}

const TYPES: [(&str, &str); 3] = [
    ("text/html", "html"),
    ("application/json", "json"),
    ("text/plain", "txt"),
];
const LANGUAGES: [&str; 2] = ["en", "ko"];

impl Demo {
    /// Builds the 12 variants; `last_modified` is their Last-Modified.
    pub fn new(last_modified: HttpDate) -> io::Result<Demo> {
        let mut docs = Vec::with_capacity(12);
        for (media_type, ext) in TYPES {
            for language in LANGUAGES {
                let identity = Bytes::from(demo_body(media_type, language));
                let gzip = Bytes::from(gzip(&identity)?);
                for (encoding, body) in [(None, identity), (Some("gzip"), gzip)] {
                    let uri = format!(
                        "/doc.{language}.{ext}{}",
                        if encoding.is_some() { ".gz" } else { "" }
                    );
                    docs.push(Doc {
                        media_type,
                        language,
                        encoding,
                        uri,
                        etag: EntityTagBuf::from_hash(&fnv64(&body).to_be_bytes(), false),
                        body,
                    });
                }
            }
        }
        Ok(Demo { docs, last_modified })
    }

    fn variant<'a>(&self, d: &'a Doc) -> Variant<'a> {
        let v = Variant::new(d.media_type)
            .with_language(d.language)
            .with_charset("utf-8")
            .with_uri(&d.uri)
            .with_etag(d.etag.entity_tag())
            .with_last_modified(self.last_modified)
            .with_length(d.body.len() as u64);
        match d.encoding {
            Some(coding) => v.with_encoding(coding),
            None => v,
        }
    }

    /// The current ETag of a variant (for the printed curl commands).
    pub fn etag(&self, media_type: &str, language: &str, gzip: bool) -> Option<String> {
        self.docs
            .iter()
            .find(|d| d.media_type == media_type && d.language == language && d.encoding.is_some() == gzip)
            .map(|d| d.etag.as_str().to_owned())
    }

    /// A variant's length in bytes.
    pub fn length(&self, media_type: &str, language: &str, gzip: bool) -> Option<usize> {
        self.docs
            .iter()
            .find(|d| d.media_type == media_type && d.language == language && d.encoding.is_some() == gzip)
            .map(|d| d.body.len())
    }
}

fn gzip(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    enc.finish()
}

/// FNV-1a, 64 bits: enough to tell the demo's variants apart in an ETag.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

const POINTS_EN: [&str; 6] = [
    "Accept, Accept-Language and Accept-Encoding choose one of twelve variants; Vary names the fields that did.",
    "If-None-Match with the current ETag gets 304 Not Modified, without a body.",
    "If-Match with another tag gets 412 Precondition Failed.",
    "Range gets 206 Partial Content: one range as a slice, several as multipart/byteranges.",
    "A range past the end gets 416 Range Not Satisfiable with Content-Range: bytes */length.",
    "A client that accepts none of the variants gets 406 Not Acceptable and the list of alternatives.",
];
const POINTS_KO: [&str; 6] = [
    "Accept, Accept-Language, Accept-Encoding 필드로 열두 가지 변형 중 하나를 고르고, Vary 헤더에 그 필드들을 적습니다.",
    "현재 ETag를 담은 If-None-Match 요청에는 본문 없이 304 Not Modified로 답합니다.",
    "다른 태그를 담은 If-Match 요청에는 412 Precondition Failed로 답합니다.",
    "Range 요청에는 206 Partial Content로 답합니다: 범위 하나는 그 조각을, 여러 개는 multipart/byteranges로 보냅니다.",
    "끝을 넘는 범위에는 Content-Range: bytes */길이와 함께 416 Range Not Satisfiable로 답합니다.",
    "어떤 변형도 받아들이지 않는 클라이언트에는 406 Not Acceptable과 대안 목록을 보냅니다.",
];

fn demo_body(media_type: &str, language: &str) -> String {
    let (title, intro, points) = if language == "ko" {
        (
            "conneg 데모",
            "이 문서는 HTML, JSON, 일반 텍스트로, 영어와 한국어로, 압축하지 않거나 gzip으로 압축한 형태로 제공됩니다. 어떤 형태를 어떤 상태 코드로 보낼지는 conneg가 RFC 9110에 따라 정합니다.",
            POINTS_KO,
        )
    } else {
        (
            "conneg demo",
            "This document comes in HTML, JSON and plain text, in English and Korean, identity or gzip. conneg decides, per RFC 9110, which one to send and with which status code.",
            POINTS_EN,
        )
    };
    let mut out = String::new();
    match media_type {
        "text/html" => {
            let _ = write!(
                out,
                "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<p>{intro}</p>\n<ul>\n"
            );
            for p in points {
                let _ = writeln!(out, "<li>{p}</li>");
            }
            out.push_str("</ul>\n</body>\n</html>\n");
        }
        "application/json" => {
            let _ = write!(
                out,
                "{{\"title\":\"{title}\",\"language\":\"{language}\",\"intro\":\"{intro}\",\"points\":["
            );
            for (i, p) in points.iter().enumerate() {
                let _ = write!(out, "{}\"{p}\"", if i == 0 { "" } else { "," });
            }
            out.push_str("]}\n");
        }
        _ => {
            let _ = write!(out, "{title}\n\n{intro}\n\n");
            for p in points {
                let _ = writeln!(out, "- {p}");
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Directory variants (Apache MultiViews style)

/// One file of a directory site that is a variant of the requested name.
#[derive(Debug)]
struct FileVariant {
    path: PathBuf,
    uri: String,
    media_type: &'static str,
    charset: Option<&'static str>,
    language: Option<String>,
    encoding: Option<&'static str>,
    etag: EntityTagBuf,
    last_modified: HttpDate,
    length: u64,
}

impl FileVariant {
    fn variant(&self) -> Variant<'_> {
        let mut v = Variant::new(self.media_type)
            .with_uri(&self.uri)
            .with_etag(self.etag.entity_tag())
            .with_last_modified(self.last_modified)
            .with_length(self.length);
        if let Some(cs) = self.charset {
            v = v.with_charset(cs);
        }
        if let Some(tag) = &self.language {
            v = v.with_language(tag);
        }
        if let Some(c) = self.encoding {
            v = v.with_encoding(c);
        }
        v
    }
}

/// The media type of a file extension (`None`: not a type segment).
fn media_type_of(ext: &str) -> Option<&'static str> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html",
        "txt" | "text" => "text/plain",
        "json" => "application/json",
        "css" => "text/css",
        "js" | "mjs" => "text/javascript",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "pdf" => "application/pdf",
        "md" => "text/markdown",
        "csv" => "text/csv",
        _ => return None,
    })
}

/// The content coding of a file extension.
fn coding_of(ext: &str) -> Option<&'static str> {
    match ext {
        "gz" => Some("gzip"),
        "br" => Some("br"),
        "zst" => Some("zstd"),
        _ => None,
    }
}

/// A language-tag segment: `ko`, `en-US`, `zh-Hant-TW` (alphanumeric
/// subtags of 1–8, the first 2–3 letters).
fn is_language_tag(seg: &str) -> bool {
    let mut subtags = seg.split('-');
    let first = subtags.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The variant a file name describes, if it is `<base>.<segments>` with a
/// type segment, at most one language and at most one coding; segments in
/// any order (as Apache allows), unknown segments disqualify the file.
struct Segments<'a> {
    media_type: &'static str,
    language: Option<&'a str>,
    encoding: Option<&'static str>,
}

fn parse_segments(rest: &str) -> Option<Segments<'_>> {
    let mut media_type = None;
    let mut language = None;
    let mut encoding = None;
    for seg in rest.split('.') {
        if let Some(t) = media_type_of(seg).filter(|_| media_type.is_none()) {
            media_type = Some(t);
        } else if let Some(c) = coding_of(seg).filter(|_| encoding.is_none()) {
            encoding = Some(c);
        } else if is_language_tag(seg) && language.is_none() {
            language = Some(seg);
        } else {
            return None;
        }
    }
    Some(Segments {
        media_type: media_type?,
        language,
        encoding,
    })
}

/// Decodes `%XX` escapes; `None` for a bad escape or non-UTF-8 result.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes what is not an RFC 3986 unreserved character or a
/// sub-delimiter safe in a path segment.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Where a request path leads in a directory site.
#[derive(Debug)]
struct Target {
    /// The directory, canonical and inside the root.
    dir: PathBuf,
    /// The base name whose variants are negotiated (`index` for a directory).
    name: String,
    /// The directory's URL path, percent-encoded, with a trailing slash.
    prefix: String,
    /// The path named a directory without the trailing slash: redirect to
    /// `prefix` so that relative links in its index resolve.
    redirect: bool,
}

/// `None` (404) for anything that could leave the root: `..`, `.` and
/// dot-files, backslashes, NUL, encoded slashes, empty segments, and
/// directories that symlinks lead out of the root.
fn locate(root: &Path, path: &str) -> Option<Target> {
    let path = path.strip_prefix('/')?;
    let mut segments = Vec::new();
    for raw in path.split('/') {
        let seg = percent_decode(raw)?;
        if seg.starts_with('.') || seg.contains(['/', '\\', '\0']) {
            return None;
        }
        segments.push(seg);
    }
    // `/a/b/` and `/` end with an empty segment: the directory's index.
    let mut name = match segments.pop() {
        Some(last) if !last.is_empty() => last,
        _ => "index".to_owned(),
    };
    if segments.iter().any(|s| s.is_empty()) {
        return None; // `//` inside the path
    }
    let mut dir = root.to_path_buf();
    let mut prefix = String::from("/");
    for seg in &segments {
        dir.push(seg);
        prefix.push_str(&percent_encode(seg));
        prefix.push('/');
    }
    let mut dir = dir.canonicalize().ok()?;
    let mut redirect = false;
    // `/a` where `a` is a directory: its index, after a redirect to `/a/`.
    if let Ok(sub) = dir.join(&name).canonicalize() {
        if sub.is_dir() {
            prefix.push_str(&percent_encode(&name));
            prefix.push('/');
            dir = sub;
            name = "index".to_owned();
            redirect = true;
        }
    }
    // Symlinks may point anywhere: the canonical directory must be the root
    // or below it.
    dir.starts_with(root).then_some(Target {
        dir,
        name,
        prefix,
        redirect,
    })
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

/// The files of `dir` that are variants of `name`, sorted by file name (so
/// `index.html` comes before `index.html.gz` and `index.ko.html`): the
/// server's order of preference. A file named exactly `name` is served
/// alone, as Apache does when the file exists.
async fn dir_variants(root: &Path, target: &Target) -> io::Result<Vec<FileVariant>> {
    let (dir, name, prefix) = (&target.dir, target.name.as_str(), target.prefix.as_str());
    let mut names = Vec::new();
    let exact = dir.join(name);
    if tokio::fs::metadata(&exact).await.is_ok_and(|m| m.is_file()) {
        names.push(name.to_owned());
    } else {
        let mut entries = tokio::fs::read_dir(dir).await?;
        let stem = format!("{name}.");
        while let Some(entry) = entries.next_entry().await? {
            if let Ok(file) = entry.file_name().into_string() {
                if file.starts_with(&stem) {
                    names.push(file);
                }
            }
        }
        names.sort();
    }
    let mut out = Vec::new();
    for file in names {
        let uri = format!("{prefix}{}", percent_encode(&file));
        // An exact name is one variant: its type from its last extension.
        let segments = if file == name {
            let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
            Segments {
                media_type: media_type_of(ext).unwrap_or("application/octet-stream"),
                language: None,
                encoding: None,
            }
        } else {
            match parse_segments(&file[name.len() + 1..]) {
                Some(s) => s,
                None => continue,
            }
        };
        // A symlink is followed only to a file inside the root; a broken
        // link or a special file is skipped.
        let path = match tokio::fs::canonicalize(dir.join(&file)).await {
            Ok(p) if p.starts_with(root) => p,
            _ => continue,
        };
        let meta = match tokio::fs::metadata(&path).await {
            Ok(m) if m.is_file() => m,
            _ => continue,
        };
        let mtime = unix_seconds(meta.modified()?);
        out.push(FileVariant {
            path,
            uri,
            media_type: segments.media_type,
            charset: segments.media_type.starts_with("text/").then_some("utf-8"),
            language: segments.language.map(str::to_owned),
            encoding: segments.encoding,
            etag: EntityTagBuf::from_len_mtime(meta.len(), mtime, false),
            last_modified: HttpDate::saturating_from_unix_seconds(mtime),
            length: meta.len(),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Requests

type Body = Full<Bytes>;

/// Where the selected representation's bytes come from.
enum Content<'a> {
    Memory(&'a Bytes),
    File(&'a Path),
}

impl Content<'_> {
    /// The bytes of `ranges` (all of it for `None`), each checked against
    /// the length the decision was made with.
    async fn read(&self, length: u64, ranges: &[ByteRange]) -> io::Result<Vec<Bytes>> {
        let whole = [ByteRange::new(0, length.saturating_sub(1)).unwrap_or_default()];
        let ranges = if ranges.is_empty() { &whole[..] } else { ranges };
        if length == 0 {
            return Ok(vec![Bytes::new()]);
        }
        match self {
            Content::Memory(bytes) => ranges
                .iter()
                .map(|r| {
                    let span = r.to_usize_range().ok_or_else(|| io::Error::other("range"))?;
                    bytes
                        .get(span.clone())
                        .map(|_| bytes.slice(span))
                        .ok_or_else(|| io::Error::other("range"))
                })
                .collect(),
            Content::File(path) => {
                let mut file = tokio::fs::File::open(path).await?;
                if file.metadata().await?.len() != length {
                    return Err(io::Error::other("file changed while serving"));
                }
                let mut out = Vec::with_capacity(ranges.len());
                for r in ranges {
                    let len = usize::try_from(r.len()).map_err(io::Error::other)?;
                    let mut buf = vec![0; len];
                    file.seek(SeekFrom::Start(r.first())).await?;
                    file.read_exact(&mut buf).await?;
                    out.push(Bytes::from(buf));
                }
                Ok(out)
            }
        }
    }
}

/// The request's field lines for each [`Field`], borrowed from the map.
fn field_lines(headers: &hyper::HeaderMap) -> [Vec<&[u8]>; 10] {
    Field::ALL.map(|f| {
        headers
            .get_all(f.name())
            .iter()
            .map(HeaderValue::as_bytes)
            .collect()
    })
}

async fn handle(site: &Site, req: hyper::Request<Incoming>, log: bool) -> Response<Body> {
    let inm = match req.headers().get_all(header::IF_NONE_MATCH).iter().next() {
        Some(v) => String::from_utf8_lossy(v.as_bytes()).into_owned(),
        None => "-".to_owned(),
    };
    let response = match respond(site, &req).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{} {}: {e}", req.method(), req.uri().path());
            problem(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", "")
        }
    };
    if log {
        let etag = response
            .headers()
            .get(header::ETAG)
            .map(|v| String::from_utf8_lossy(v.as_bytes()));
        println!(
            "{} {} if-none-match={} {} etag={}",
            req.method(),
            req.uri().path(),
            inm,
            response.status().as_u16(),
            etag.as_deref().unwrap_or("-"),
        );
    }
    response
}

async fn respond(site: &Site, req: &hyper::Request<Incoming>) -> io::Result<Response<Body>> {
    let path = req.uri().path();
    let head = req.method() == hyper::Method::HEAD;
    let mut response = match site {
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
    Ok(response)
}

/// The negotiated response for a resource with these variants, or 405.
async fn serve<'a>(
    req: &hyper::Request<Incoming>,
    variants: &[Variant<'_>],
    content: impl Fn(usize) -> Option<Content<'a>>,
) -> io::Result<Response<Body>> {
    let method = Method::from_bytes(req.method().as_str().as_bytes());
    if !method.is_get_or_head() {
        let mut r = problem(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed", "");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(ALLOW));
        return Ok(r);
    }
    let lines = field_lines(req.headers());
    let mut request = Request::new(method);
    for (field, lines) in Field::ALL.into_iter().zip(&lines) {
        request = request.field(field, FieldLines::many(lines));
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
        .decide(&request);
    let mut response = match decision.outcome() {
        Outcome::Full | Outcome::Partial => {
            let mut r = Response::new(Body::default());
            *r.status_mut() = status(decision.status());
            if decision.sends_representation() {
                *r.body_mut() = Body::new(representation(&decision, &content).await?);
            }
            if let Some(len) = decision.content_length() {
                r.headers_mut().insert(header::CONTENT_LENGTH, len.into());
            }
            r
        }
        Outcome::NotModified => {
            let mut r = Response::new(Body::default());
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r
        }
        Outcome::NotAcceptable => {
            // The 406 body in the form the client prefers: HTML for a
            // browser, problem+json otherwise.
            let accept = Accept::from_field(request.get(Field::Accept));
            let html = accept
                .negotiate(&["application/problem+json", "text/html"])
                .index()
                == Some(1);
            let alternatives = if html {
                Alternatives::html(variants)
            } else {
                Alternatives::problem_json(variants)
            };
            let mut r = Response::new(Body::from(alternatives.to_string()));
            *r.status_mut() = StatusCode::NOT_ACCEPTABLE;
            r.headers_mut()
                .insert(header::CONTENT_TYPE, header_value(alternatives.content_type()));
            r
        }
        Outcome::PreconditionFailed => problem(StatusCode::PRECONDITION_FAILED, "Precondition Failed", ""),
        Outcome::RangeNotSatisfiable => problem(
            StatusCode::RANGE_NOT_SATISFIABLE,
            "Range Not Satisfiable",
            "None of the ranges overlaps the representation.",
        ),
        Outcome::NotFound => not_found(),
        Outcome::PreconditionRequired => {
            problem(StatusCode::PRECONDITION_REQUIRED, "Precondition Required", "")
        }
    };
    let mut buf = [0u8; 256];
    for h in decision.headers() {
        let (Ok(name), Some(value)) = (
            HeaderName::from_bytes(h.name().as_bytes()),
            h.value().copy_to(&mut buf),
        ) else {
            continue;
        };
        if let Ok(value) = HeaderValue::from_bytes(value) {
            // `insert`: the decision's Content-Type replaces a problem body's.
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}

/// The body of a 200 or 206: the whole, one slice, or multipart/byteranges.
async fn representation<'a>(
    decision: &Decision<'_, '_>,
    content: &impl Fn(usize) -> Option<Content<'a>>,
) -> io::Result<Bytes> {
    let index = decision
        .variant_index()
        .ok_or_else(|| io::Error::other("no variant"))?;
    let source = content(index).ok_or_else(|| io::Error::other("no content"))?;
    let length = decision.variant().and_then(Variant::length).unwrap_or(0);
    let mut pieces = source.read(length, decision.ranges()).await?;
    match decision.multipart() {
        None => Ok(pieces.pop().unwrap_or_default()),
        Some(m) => {
            let mut body = Vec::with_capacity(usize::try_from(m.body_length()).unwrap_or(0));
            for (part, bytes) in m.parts().zip(&pieces) {
                write!(body, "{}", part.header())?;
                body.extend_from_slice(bytes);
            }
            write!(body, "{}", m.closing())?;
            Ok(Bytes::from(body))
        }
    }
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn not_found() -> Response<Body> {
    problem(StatusCode::NOT_FOUND, "Not Found", "")
}

/// An RFC 9457 problem+json response.
fn problem(status: StatusCode, title: &str, detail: &str) -> Response<Body> {
    let mut body = format!(
        r#"{{"type":"about:blank","title":"{title}","status":{}"#,
        status.as_u16()
    );
    if !detail.is_empty() {
        let _ = write!(body, r#","detail":"{detail}""#);
    }
    body.push_str("}\n");
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    r
}
