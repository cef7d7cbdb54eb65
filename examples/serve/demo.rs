//! The demo server's built-in document: HTML, JSON and plain text, English
//! and Korean, identity and gzip — 12 variants held in memory.

use std::fmt::Write as _;
use std::io::{self, Write as _};

use conneg::{EntityTagBuf, HttpDate, Variant};
use hyper::body::Bytes;

/// One representation held in memory.
#[derive(Debug)]
pub(super) struct Doc {
    media_type: &'static str,
    language: &'static str,
    encoding: Option<&'static str>,
    /// The variant's own URI (listed in a 406 body).
    pub(super) uri: String,
    etag: EntityTagBuf,
    pub(super) body: Bytes,
}

/// The built-in document: HTML, JSON and plain text, English and Korean,
/// identity and gzip (compressed once, at start-up).
#[derive(Debug)]
pub struct Demo {
    pub(super) docs: Vec<Doc>,
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
                        etag: EntityTagBuf::from_content(&body, false),
                        body,
                    });
                }
            }
        }
        Ok(Demo { docs, last_modified })
    }

    pub(super) fn variant<'a>(&self, d: &'a Doc) -> Variant<'a> {
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
