//! A raw HTTP/1.1 client for the socket tests of `respond` and the axum
//! adapter: one request per connection (`Connection: close`), the response
//! read to the end and split as it came on the wire, so a field a framework
//! added (a `Content-Length: 0`) is seen as sent.

use std::net::SocketAddr;

pub mod heads;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A response as it came on the wire.
#[derive(Debug)]
pub struct Wire {
    pub status: u16,
    /// The fields in order, names lowercased.
    pub fields: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The head as sent (status line and fields), for the report.
    pub head: String,
}

impl Wire {
    /// The value of a field ("" when absent; panics on a repeated field).
    pub fn h(&self, name: &str) -> &str {
        let mut values = self
            .fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        let first = values.next().unwrap_or("");
        assert!(values.next().is_none(), "{name} repeated:\n{}", self.head);
        first
    }

    /// The field names, sorted; `date` (hyper adds it to every response)
    /// and `connection` (hyper's answer to the request's `Connection:
    /// close`) left out.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .fields
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| !matches!(*n, "date" | "connection"))
            .collect();
        names.sort_unstable();
        names
    }

    /// Asserts the exact set of fields (besides `date`, which must be there).
    pub fn assert_fields(&self, expected: &[&str]) {
        let mut expected = expected.to_vec();
        expected.sort_unstable();
        assert_eq!(self.names(), expected, "fields of\n{}", self.head);
        assert!(!self.h("date").is_empty(), "no Date:\n{}", self.head);
    }
}

/// Sends `method path` with `fields` (and `body`) and reads the response.
pub async fn send(addr: SocketAddr, method: &str, path: &str, sent: &[(&str, &str)], body: &[u8]) -> Wire {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in sent {
        request += &format!("{name}: {value}\r\n");
    }
    if !body.is_empty() || method == "PUT" {
        request += &format!("Content-Length: {}\r\n", body.len());
    }
    request += "\r\n";
    stream.write_all(request.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head")
        + 4;
    let head = String::from_utf8(raw[..end].to_vec()).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let fields: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (n, v) = l.split_once(':').expect("field line");
            (n.to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let mut body = raw[end..].to_vec();
    if fields
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    let wire = Wire {
        status,
        fields,
        body,
        head: head.trim_end().to_owned(),
    };
    println!("{method} {path} {sent:?}\n{}\n", wire.head);
    wire
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = raw.windows(2).position(|w| w == b"\r\n").expect("chunk size");
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..eol]).unwrap().trim(), 16).unwrap();
        raw = &raw[eol + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// The parts of a `multipart/byteranges` body with this boundary: each
/// part's header block and bytes; asserts the closing delimiter ends it.
pub fn parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let closing = format!("\r\n--{boundary}--\r\n");
    assert!(text.ends_with(closing.as_bytes()), "no closing delimiter");
    let text = &text[..text.len() - closing.len()];
    let mut out = Vec::new();
    for chunk in split(text, format!("\r\n{delimiter}").as_bytes(), delimiter.as_bytes()) {
        let end = chunk.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        out.push((
            String::from_utf8(chunk[2..end].to_vec()).unwrap(),
            chunk[end + 4..].to_vec(),
        ));
    }
    out
}

/// Splits `text` (which starts with `first`) at each `sep`.
fn split<'a>(text: &'a [u8], sep: &[u8], first: &[u8]) -> Vec<&'a [u8]> {
    assert!(text.starts_with(first));
    let mut rest = &text[first.len()..];
    let mut out = Vec::new();
    while let Some(at) = rest.windows(sep.len()).position(|w| w == sep) {
        out.push(&rest[..at]);
        rest = &rest[at + sep.len()..];
    }
    out.push(rest);
    out
}
