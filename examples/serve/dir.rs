//! The demo server's `--dir` mode: a directory whose files are variants
//! of a resource the way Apache's MultiViews sees them (`index.html`,
//! `index.ko.html`, `index.html.gz` are three variants of `/index`).

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use conneg::{EntityTagBuf, HttpDate, Variant};

use super::unix_seconds;

/// One file of a directory site that is a variant of the requested name.
#[derive(Debug)]
pub(super) struct FileVariant {
    pub(super) path: PathBuf,
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
    pub(super) fn variant(&self) -> Variant<'_> {
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

/// A file asked for by its own name: the type from its last extension, or
/// the one before a coding extension (`app.js.gz` is gzipped JavaScript);
/// no language (`jquery.min.js` is not in Minangkabau).
fn exact_segments(file: &str) -> Segments<'static> {
    let mut exts = file.rsplit('.');
    let last = exts.next().unwrap_or("");
    let encoding = coding_of(last);
    let ext = if encoding.is_some() {
        exts.next().unwrap_or("")
    } else {
        last
    };
    Segments {
        media_type: media_type_of(ext).unwrap_or("application/octet-stream"),
        language: None,
        encoding,
    }
}

/// Decodes `%XX` escapes; `None` for a bad escape or non-UTF-8 result.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
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
pub(super) struct Target {
    /// The directory, canonical and inside the root.
    dir: PathBuf,
    /// The base name whose variants are negotiated (`index` for a directory).
    name: String,
    /// The directory's URL path, percent-encoded, with a trailing slash.
    pub(super) prefix: String,
    /// The path named a directory without the trailing slash: redirect to
    /// `prefix` so that relative links in its index resolve.
    pub(super) redirect: bool,
}

/// `None` (404) for anything that could leave the root: `..`, `.` and
/// dot-files, backslashes, NUL, encoded slashes, empty segments, and
/// directories that symlinks lead out of the root.
pub(super) fn locate(root: &Path, path: &str) -> Option<Target> {
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

/// The files of `dir` that are variants of `name`, sorted by file name (so
/// `index.html` comes before `index.html.gz` and `index.ko.html`): the
/// server's order of preference. A file named exactly `name` is served
/// alone, as Apache does when the file exists.
pub(super) async fn dir_variants(root: &Path, target: &Target) -> io::Result<Vec<FileVariant>> {
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
        let segments = if file == name {
            exact_segments(&file)
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
