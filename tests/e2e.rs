//! End to end: the demo server (`examples/serve`) started in-process on an
//! ephemeral loopback port, driven over real sockets by hyper's HTTP/1.1
//! client, and checked on the wire — status codes, header fields, bodies.

#[allow(dead_code)]
#[path = "../examples/serve/server.rs"]
mod server;

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{HeaderMap, StatusCode};
use hyper_util::rt::TokioIo;
use server::{Demo, Site};

/// A response as seen on the wire.
#[derive(Debug)]
struct Seen {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    /// A header field's value as text ("" when absent).
    fn h(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    fn has(&self, name: &str) -> bool {
        self.headers.contains_key(name)
    }
    /// What was sent and seen, for `cargo test --test e2e -- --nocapture`.
    fn print(&self, method: &str, path: &str, fields: &[(&str, &str)]) {
        let sent: Vec<String> = fields.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        let mut line = format!(
            "{method} {path} [{}] -> {}",
            sent.join("; "),
            self.status.as_u16()
        );
        for name in [
            "content-type",
            "content-language",
            "content-encoding",
            "content-length",
            "content-range",
            "etag",
            "vary",
            "allow",
            "location",
            "www-authenticate",
        ] {
            if self.has(name) {
                line += &format!(" | {name}: {}", self.h(name));
            }
        }
        println!("{line} | body {} bytes", self.body.len());
    }
}

async fn demo() -> SocketAddr {
    let site = Site::Demo(Demo::new(server::now()).expect("demo"));
    server::start("127.0.0.1:0".parse().unwrap(), site, false)
        .await
        .expect("bind")
        .addr
}

/// One request on a fresh connection.
async fn fetch(addr: SocketAddr, method: &str, path: &str, fields: &[(&str, &str)]) -> Seen {
    send(addr, method, path, fields, b"").await
}

/// One request with content on a fresh connection.
async fn send(addr: SocketAddr, method: &str, path: &str, fields: &[(&str, &str)], content: &[u8]) -> Seen {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(conn);
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("Host", addr.to_string());
    for (name, value) in fields {
        req = req.header(*name, *value);
    }
    let res = sender
        .send_request(req.body(Full::new(Bytes::copy_from_slice(content))).unwrap())
        .await
        .expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.expect("body").to_bytes().to_vec();
    let seen = Seen {
        status,
        headers,
        body,
    };
    seen.print(method, path, fields);
    seen
}

async fn get(addr: SocketAddr, fields: &[(&str, &str)]) -> Seen {
    fetch(addr, "GET", "/", fields).await
}

const CHROME_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .expect("gzip body");
    out
}

#[tokio::test]
async fn full_200_names_the_variant_and_its_validators() {
    let addr = demo().await;
    let r = get(
        addr,
        &[("Accept", CHROME_ACCEPT), ("Accept-Language", "en-US,en;q=0.9")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.h("vary"),
        "Accept, Accept-Charset, Accept-Encoding, Accept-Language"
    );
    assert_eq!(r.h("content-type"), "text/html; charset=utf-8");
    assert_eq!(r.h("content-language"), "en");
    assert!(!r.has("content-encoding"), "no Accept-Encoding: identity first");
    assert!(
        r.h("etag").starts_with('"') && r.h("etag").ends_with('"'),
        "strong: {}",
        r.h("etag")
    );
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    assert_eq!(r.h("accept-ranges"), "bytes");
    assert_eq!(r.h("cache-control"), "no-cache");
    assert!(r.h("last-modified").ends_with(" GMT") && r.h("date").ends_with(" GMT"));
    assert!(
        String::from_utf8(r.body.clone())
            .unwrap()
            .contains("<h1>conneg demo</h1>")
    );

    let json = get(addr, &[("Accept", "application/json")]).await;
    assert_eq!(json.h("content-type"), "application/json; charset=utf-8");
    let v: serde_json::Value = serde_json::from_slice(&json.body).expect("JSON body");
    assert_eq!(v["language"], "en");
    assert_ne!(json.h("etag"), r.h("etag"), "each variant has its own ETag");
}

#[tokio::test]
async fn gzip_variant_decompresses_to_the_identity_body() {
    let addr = demo().await;
    let identity = get(addr, &[("Accept-Encoding", "identity")]).await;
    let gz = get(addr, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!((identity.status, gz.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(gz.h("content-encoding"), "gzip");
    assert_eq!(gz.h("content-length"), gz.body.len().to_string());
    assert!(gz.body.len() < identity.body.len());
    assert_eq!(gunzip(&gz.body), identity.body);
    assert_ne!(
        gz.h("etag"),
        identity.h("etag"),
        "a coding is a different representation"
    );
}

#[tokio::test]
async fn korean_for_accept_language_ko() {
    let addr = demo().await;
    let r = get(
        addr,
        &[
            ("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5"),
            ("Accept", "text/plain"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.h("content-language"), "ko");
    assert_eq!(r.h("content-type"), "text/plain; charset=utf-8");
    assert!(String::from_utf8(r.body).unwrap().starts_with("conneg 데모"));
}

#[tokio::test]
async fn current_etag_gets_304_without_body() {
    let addr = demo().await;
    let fields = [
        ("Accept", CHROME_ACCEPT),
        ("Accept-Encoding", "gzip, deflate, br, zstd"),
    ];
    let first = get(addr, &fields).await;
    let etag = first.h("etag").to_owned();
    let r = get(addr, &[fields[0], fields[1], ("If-None-Match", &etag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert!(r.body.is_empty());
    assert_eq!(r.h("etag"), etag);
    assert_eq!(r.h("vary"), first.h("vary"));
    assert!(!r.has("content-type") && !r.has("content-encoding"));
    // Another variant's tag does not match this one: 200.
    let other = get(addr, &[("If-None-Match", &etag)]).await;
    assert_eq!(other.status, StatusCode::OK, "identity variant, gzip's tag");
}

#[tokio::test]
async fn nothing_acceptable_gets_406_with_the_alternatives() {
    let addr = demo().await;
    let r = get(addr, &[("Accept", "image/png")]).await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(r.h("content-type"), "application/problem+json");
    assert_eq!(
        r.h("vary"),
        "Accept, Accept-Charset, Accept-Encoding, Accept-Language"
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("problem+json");
    assert_eq!(v["status"], 406);
    let alternatives = v["alternatives"].as_array().expect("alternatives");
    assert_eq!(alternatives.len(), 12);
    // The alternatives' own URIs serve them.
    let uri = alternatives[3]["uri"].as_str().unwrap();
    let one = fetch(addr, "GET", uri, &[]).await;
    assert_eq!(
        (one.status, one.h("content-language"), one.h("content-encoding")),
        (StatusCode::OK, "ko", "gzip")
    );
    // One representation: nothing to negotiate, so no 406 and no Vary.
    let one = fetch(
        addr,
        "GET",
        uri,
        &[("Accept-Encoding", "identity"), ("Accept", "image/png")],
    )
    .await;
    assert_eq!((one.status, one.has("vary")), (StatusCode::OK, false));

    // A browser (prefers HTML) gets the list as HTML.
    // (`fr, *;q=0`: a bare `fr` is disregarded since the language fallback
    // of 2026-12-04; excluding every other language keeps the 406.)
    let html = get(
        addr,
        &[("Accept", CHROME_ACCEPT), ("Accept-Language", "fr, *;q=0")],
    )
    .await;
    assert_eq!(html.status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(html.h("content-type"), "text/html; charset=utf-8");
    assert!(
        String::from_utf8(html.body)
            .unwrap()
            .contains("<a href=\"/doc.en.html\">")
    );
}

#[tokio::test]
async fn if_match_with_another_tag_gets_412() {
    let addr = demo().await;
    let r = get(addr, &[("If-Match", "\"nope\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert!(!r.has("etag"));
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["status"], 412);
}

#[tokio::test]
async fn single_range_gets_206_with_exact_bytes() {
    let addr = demo().await;
    let full = get(addr, &[]).await;
    let n = full.body.len();
    let r = get(addr, &[("Range", "bytes=10-109")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.h("content-range"), format!("bytes 10-109/{n}"));
    assert_eq!(r.h("content-length"), "100");
    assert_eq!(r.h("content-type"), "text/html; charset=utf-8");
    assert_eq!(r.body, full.body[10..110]);
    let tail = get(addr, &[("Range", "bytes=-5")]).await;
    assert_eq!(tail.body, full.body[n - 5..]);
}

/// Parses a multipart/byteranges body into (Content-Range, bytes) pairs.
fn parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delimiter = format!("--{boundary}");
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let mut out = Vec::new();
    let mut at = find(body, delimiter.as_bytes(), 0).expect("first delimiter");
    loop {
        let after = at + delimiter.len();
        if body[after..].starts_with(b"--") {
            assert_eq!(&body[after + 2..], b"\r\n", "closing delimiter, then nothing");
            return out;
        }
        let head_end = find(body, b"\r\n\r\n", after).expect("part header");
        let head = std::str::from_utf8(&body[after + 2..head_end]).unwrap();
        let range = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Range: "))
            .expect("Content-Range in part")
            .to_owned();
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), head_end).expect("next delimiter");
        out.push((range, body[head_end + 4..next].to_vec()));
        at = next + 2;
    }
}

#[tokio::test]
async fn several_ranges_get_multipart_byteranges() {
    let addr = demo().await;
    let full = get(addr, &[]).await;
    let n = full.body.len();
    let r = get(addr, &[("Range", "bytes=0-9, 100-149, -10")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    let boundary = r
        .h("content-type")
        .strip_prefix("multipart/byteranges; boundary=")
        .expect("multipart content type")
        .to_owned();
    assert!(!r.has("content-range"));
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    let got = parts(&r.body, &boundary);
    let want = [(0, 9), (100, 149), (n - 10, n - 1)];
    assert_eq!(got.len(), want.len());
    for ((range, bytes), (first, last)) in got.iter().zip(want) {
        assert_eq!(range, &format!("bytes {first}-{last}/{n}"));
        assert_eq!(bytes[..], full.body[first..=last]);
    }
}

#[tokio::test]
async fn range_past_the_end_gets_416() {
    let addr = demo().await;
    let n = get(addr, &[]).await.body.len();
    let r = get(addr, &[("Range", &format!("bytes={n}-"))]).await;
    assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(r.h("content-range"), format!("bytes */{n}"));
    assert_eq!(r.h("content-type"), "application/problem+json");
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (v["status"].as_u64(), v["length"].as_u64()),
        (Some(416), Some(n as u64))
    );
}

#[tokio::test]
async fn if_range_mismatch_gets_the_whole_200() {
    let addr = demo().await;
    let full = get(addr, &[]).await;
    let r = get(addr, &[("Range", "bytes=0-9"), ("If-Range", "\"old\"")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.has("content-range"));
    assert_eq!(r.body, full.body);
    let etag = full.h("etag").to_owned();
    let r = get(addr, &[("Range", "bytes=0-9"), ("If-Range", &etag)]).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::PARTIAL_CONTENT, 10));
}

#[tokio::test]
async fn head_has_the_get_headers_and_no_body() {
    let addr = demo().await;
    let fields = [("Accept-Language", "ko"), ("Accept-Encoding", "gzip")];
    let g = get(addr, &fields).await;
    let h = fetch(addr, "HEAD", "/", &fields).await;
    assert_eq!(h.status, StatusCode::OK);
    assert!(h.body.is_empty());
    for name in [
        "content-length",
        "etag",
        "vary",
        "content-type",
        "content-language",
        "content-encoding",
        "last-modified",
    ] {
        assert_eq!(h.h(name), g.h(name), "{name}");
    }
    // Range is defined for GET only (RFC 9110 §14.2): HEAD ignores it.
    let range = fetch(addr, "HEAD", "/", &[("Range", "bytes=0-9")]).await;
    assert_eq!(range.status, StatusCode::OK);
    assert_eq!(
        range.h("content-length"),
        get(addr, &[]).await.h("content-length")
    );
}

#[tokio::test]
async fn other_methods_get_405_with_allow() {
    let addr = demo().await;
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = fetch(addr, method, "/", &[]).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(r.h("allow"), "GET, HEAD");
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(
            (v["status"].as_u64(), v["allow"].as_str()),
            (Some(405), Some("GET, HEAD"))
        );
    }
}

#[tokio::test]
async fn unknown_paths_get_404() {
    let addr = demo().await;
    for path in ["/nope", "/index.html", "/doc.fr.html"] {
        assert_eq!(
            fetch(addr, "GET", path, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

impl Seen {
    /// The field names, sorted (`date` and `cache-control`, which the demo
    /// adds to every response, left out).
    fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .headers
            .keys()
            .map(|n| n.as_str())
            .filter(|n| !matches!(*n, "date" | "cache-control"))
            .collect();
        names.sort_unstable();
        names
    }

    fn problem_status(&self) -> u64 {
        assert_eq!(self.h("content-type"), "application/problem+json");
        let v: serde_json::Value = serde_json::from_slice(&self.body).expect("problem+json");
        v["status"].as_u64().expect("status member")
    }
}

#[tokio::test]
async fn notes_write_flow_201_204_412_428() {
    let addr = demo().await;
    let path = "/notes/flow";
    // Not saying which state the write expects: 428 (RFC 6585 §3).
    let r = send(addr, "PUT", path, &[], b"one").await;
    assert_eq!((r.status.as_u16(), r.problem_status()), (428, 428));

    // Create, only if absent: 201 with Location and the new ETag, no content.
    let r = send(addr, "PUT", path, &[("If-None-Match", "*")], b"one").await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.names(), ["content-length", "etag", "location"]);
    assert_eq!((r.h("location"), r.h("content-length")), (path, "0"));
    let first = r.h("etag").to_owned();
    assert_eq!(first, server::etag_of(b"one").as_str());
    assert!(r.body.is_empty());

    // Created already: If-None-Match: * fails.
    let r = send(addr, "PUT", path, &[("If-None-Match", "*")], b"again").await;
    assert_eq!((r.status.as_u16(), r.problem_status()), (412, 412));

    let r = fetch(addr, "GET", path, &[]).await;
    assert_eq!(
        (r.status, r.h("etag"), r.body.as_slice()),
        (StatusCode::OK, first.as_str(), &b"one"[..])
    );
    assert_eq!(r.h("content-type"), "text/plain; charset=utf-8");
    assert!(!r.has("vary"), "one representation: nothing negotiated");

    // A stale tag: 412, and the note is unchanged.
    let r = send(addr, "PUT", path, &[("If-Match", "\"stale\"")], b"lost").await;
    assert_eq!((r.status.as_u16(), r.problem_status()), (412, 412));

    // The current tag: replaced, 204 with the new ETag and no Content-Length.
    let r = send(addr, "PUT", path, &[("If-Match", &first)], b"two").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.names(), ["etag"]);
    let second = r.h("etag").to_owned();
    assert_ne!(second, first);
    assert!(r.body.is_empty());

    let r = fetch(addr, "GET", path, &[("If-None-Match", &second)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    let r = fetch(addr, "GET", path, &[]).await;
    assert_eq!((r.h("etag"), r.body.as_slice()), (second.as_str(), &b"two"[..]));

    // Delete: the old tag fails, none is 428, the current one 204.
    let r = fetch(addr, "DELETE", path, &[("If-Match", &first)]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let r = fetch(addr, "DELETE", path, &[]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED);
    let r = fetch(addr, "DELETE", path, &[("If-Match", &second)]).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.names(), Vec::<&str>::new());
    let r = fetch(addr, "GET", path, &[]).await;
    assert_eq!((r.status.as_u16(), r.problem_status()), (404, 404));

    // Other methods: 405 with Allow; a bad id: 404.
    let r = fetch(addr, "POST", path, &[]).await;
    assert_eq!((r.status.as_u16(), r.h("allow")), (405, "GET, HEAD, PUT, DELETE"));
    let r = send(addr, "PUT", "/notes/a%2Fb", &[("If-None-Match", "*")], b"x").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// A PUT whose content follows its head after a pause, on a raw socket:
/// the server decides on the preconditions before the content arrives, so
/// racing writes all pass that check before any of them stores.
async fn slow_put(addr: SocketAddr, path: &str, field: &str, content: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "PUT {path} HTTP/1.1\r\nHost: {addr}\r\n{field}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stream.write_all(content).await.expect("write content");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let line = String::from_utf8_lossy(&raw);
    line.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line")
}

/// Creates racing on one id, each deciding before any stores: the store
/// re-checks under its lock, so exactly one `If-None-Match: *` PUT creates
/// and the others get 412 (without the re-check all sixteen would create).
/// Then the same for replacing with one `If-Match`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn notes_racing_writes_one_wins() {
    let addr = demo().await;
    // Each race writes texts of its own: a replacer writing the creator's
    // text would store the current ETag again (content-hashed), and a
    // second `If-Match` with it would rightly pass.
    let race = |field: String, text: &'static str| async move {
        let racers: Vec<_> = (0..16)
            .map(|i| {
                let field = field.clone();
                tokio::spawn(async move {
                    slow_put(addr, "/notes/race", &field, format!("{text} {i}").as_bytes()).await
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for racer in racers {
            statuses.push(racer.await.unwrap());
        }
        statuses.sort_unstable();
        statuses
    };
    let mut want = vec![412; 15];
    want.insert(0, 201);
    assert_eq!(race("If-None-Match: *".to_owned(), "creator").await, want);
    let current = fetch(addr, "GET", "/notes/race", &[]).await.h("etag").to_owned();
    want[0] = 204;
    assert_eq!(race(format!("If-Match: {current}"), "replacer").await, want);
}

#[tokio::test]
async fn private_needs_the_bearer_token() {
    let addr = demo().await;
    let r = fetch(addr, "GET", "/private", &[]).await;
    assert_eq!((r.status.as_u16(), r.problem_status()), (401, 401));
    assert_eq!(r.names(), ["content-length", "content-type", "www-authenticate"]);
    assert_eq!(r.h("www-authenticate"), "Bearer realm=\"conneg-demo\"");

    let r = fetch(addr, "GET", "/private", &[("Authorization", "Bearer wrong")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.h("www-authenticate"),
        "Bearer realm=\"conneg-demo\", error=\"invalid_token\""
    );

    let bearer = format!("Bearer {}", server::TOKEN);
    let r = fetch(addr, "GET", "/private", &[("Authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.h("content-type"), "text/plain; charset=utf-8");
    assert!(!r.has("www-authenticate"));
    assert_eq!(r.h("content-length"), r.body.len().to_string());
}

/// A fresh directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("conneg-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, data: &[u8]) {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[tokio::test]
async fn directory_variants_multiviews_style() {
    let tmp = TempDir::new("dir");
    let root = tmp.path().join("site");
    let english = b"<!DOCTYPE html><title>Hello</title><p>Hello, world.</p>\n".repeat(4);
    let site = TempDir(root.clone());
    site.write("index.html", &english);
    site.write("index.html.gz", &gzip(&english));
    site.write(
        "index.ko.html",
        "<!DOCTYPE html><title>안녕</title><p>안녕하세요.</p>\n".as_bytes(),
    );
    site.write("data.json", b"{\"n\": 1}\n");
    site.write("data.ko.json", b"{\"n\": 1, \"lang\": \"ko\"}\n");
    site.write("notes.readme", b"not a variant: unknown segment\n");
    site.write("docs/index.txt", b"docs\n");
    tmp.write("secret.txt", b"outside the root\n");
    site.write("hello world.txt", b"spaces\n");
    // Larger than the server's 64 KiB read chunk.
    let big: Vec<u8> = (0..300_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    site.write("big.txt", &big);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("data.json"), root.join("alias.json")).unwrap();
    }

    let running = server::start("127.0.0.1:0".parse().unwrap(), Site::dir(&root).unwrap(), false)
        .await
        .unwrap();
    let addr = running.addr;
    let at = |path: &'static str, fields: &'static [(&'static str, &'static str)]| {
        fetch(addr, "GET", path, fields)
    };

    // `/` is index.*: identity English first in the server's (file name) order.
    let r = at("/", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        (r.h("content-type"), r.body.as_slice()),
        ("text/html; charset=utf-8", &english[..])
    );
    // Every field that could change the status or the representation (the
    // variants all are text/html, but Accept could refuse them: a 406).
    assert_eq!(
        r.h("vary"),
        "Accept, Accept-Charset, Accept-Encoding, Accept-Language"
    );
    let meta = std::fs::metadata(root.join("index.html")).unwrap();
    let mtime = meta
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert_eq!(
        r.h("etag"),
        format!("\"{mtime:x}-{:x}\"", meta.len()),
        "size+mtime tag"
    );

    let r = at("/index", &[("Accept-Language", "ko")]).await;
    assert_eq!(r.h("content-language"), "ko");
    assert!(String::from_utf8(r.body).unwrap().contains("안녕하세요"));

    let r = at("/", &[("Accept-Encoding", "gzip"), ("Accept-Language", "en")]).await;
    assert_eq!(r.h("content-encoding"), "gzip");
    assert_eq!(gunzip(&r.body), english);

    let r = at("/data", &[("Accept-Language", "ko, en;q=0.1")]).await;
    assert_eq!(
        (r.h("content-type"), r.h("content-language")),
        ("application/json", "ko")
    );
    let r = at("/data.json", &[]).await;
    assert_eq!(
        (r.status, r.h("vary")),
        (StatusCode::OK, ""),
        "an existing file is served alone"
    );
    let r = at("/docs/", &[]).await;
    assert_eq!((r.status, r.body.as_slice()), (StatusCode::OK, &b"docs\n"[..]));

    let r = at("/index.html.gz", &[]).await;
    assert_eq!(
        (r.h("content-type"), r.h("content-encoding")),
        ("text/html; charset=utf-8", "gzip")
    );
    assert_eq!(
        at("/notes.readme", &[]).await.h("content-type"),
        "application/octet-stream"
    );
    assert_eq!(
        at("/index%+1", &[]).await.status,
        StatusCode::NOT_FOUND,
        "a bad escape"
    );
    let r = at("/docs", &[]).await;
    assert_eq!(
        (r.status, r.h("location")),
        (StatusCode::MOVED_PERMANENTLY, "/docs/")
    );
    let r = at("/hello%20world", &[]).await;
    assert_eq!((r.status, r.body.as_slice()), (StatusCode::OK, &b"spaces\n"[..]));
    #[cfg(unix)]
    assert_eq!(
        at("/alias", &[]).await.status,
        StatusCode::OK,
        "a link inside the root"
    );

    // Files are streamed in chunks: whole, and ranges across chunk borders.
    let r = at("/big", &[]).await;
    assert_eq!((r.status, r.h("content-length")), (StatusCode::OK, "300000"));
    assert!(r.body == big);
    let r = at("/big.txt", &[("Range", "bytes=65530-65545,100000-230000")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.h("content-length"), r.body.len().to_string());
    let boundary = r.h("content-type").rsplit('=').next().unwrap().to_owned();
    let got = parts(&r.body, &boundary);
    assert!(got[0].1 == big[65530..=65545] && got[1].1 == big[100_000..=230_000]);

    // Validators and ranges work on files too.
    let etag = at("/", &[]).await.h("etag").to_owned();
    let r = fetch(addr, "GET", "/", &[("If-None-Match", &etag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    let r = at("/", &[("Range", "bytes=0-14,-3")]).await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    let boundary = r.h("content-type").rsplit('=').next().unwrap().to_owned();
    let got = parts(&r.body, &boundary);
    assert_eq!(got[0].1, english[..15]);
    assert_eq!(got[1].1, english[english.len() - 3..]);
    let r = at("/", &[("Accept", "image/png")]).await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["alternatives"].as_array().unwrap().len(), 3);

    // Nothing outside the root, nothing hidden, nothing unknown.
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/docs/../../secret.txt",
        "/..%2fsecret.txt",
        "/up/secret.txt",
        "/leak",
        "/leak.txt",
        "/.hidden",
        "/notes",
        "/missing",
        "/docs//index",
    ] {
        let r = fetch(addr, "GET", path, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        fetch(addr, "PUT", "/", &[]).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    drop(site);
}
