//! Feature `http`: the `http` crate's request and response types
//! on either side of [`Resource::decide`](crate::Resource::decide).
//!
//! - **Reading** ([`HeaderLines`]): the method and the lines of the ten
//!   [`Field`]s, borrowed from an `http::Request`, `http::request::Parts` or
//!   `http::HeaderMap` into caller-owned stack storage — **no allocation**.
//!   Repeated lines of one field stay one list, in order (RFC 9110 §5.1, §5.2).
//! - **Writing** ([`apply`], [`response_builder`], [`write_headers`]): the
//!   decision's status and header fields onto an `http::Response` or
//!   `http::response::Builder`. Creating `http::HeaderValue`s allocates.
//! - **The whole response** (feature `response`): [`respond`] gives the
//!   complete `http::Response` of a decision — status, fields,
//!   `Content-Length` and the body ([`Decision::body`]) over `bytes::Bytes`
//!   without copying the representation; [`response()`] puts the same head
//!   around a body the host renders from the plan; [`method_not_allowed`]
//!   and [`problem`] answer 405 and any RFC 9457 problem (400, 500…);
//!   [`status_response`] and [`status_response_with`] send every
//!   [`StatusResponse`](crate::StatusResponse) (201, 204, redirects, 401, 503…) with
//!   the fields its status requires.
//!   What allocates there: the `HeaderMap`, each `HeaderValue`, the frame
//!   list and the text conneg writes (multipart headers, problem bodies).
//!
//! ```
//! use conneg::adapters::http::{HeaderLines, apply};
//! use conneg::{EntityTag, Resource, Variant};
//!
//! let request = http::Request::get("/doc")
//!     .header("accept", "text/html")
//!     .header("if-none-match", "\"v1\"")
//!     .body(())
//!     .unwrap();
//!
//! let variants = [Variant::new("text/html").with_etag(EntityTag::from_static("\"v1\""))];
//! let lines = HeaderLines::from_request(&request); // borrows, no allocation
//! let decision = Resource::new(&variants).decide(&lines.request());
//!
//! let mut response = http::Response::new(String::from("<p>the page</p>"));
//! apply(&decision, &mut response);
//! assert_eq!(response.status(), 304);
//! assert_eq!(response.headers()["etag"], "\"v1\"");
//! assert!(response.body().is_empty());
//! ```
//!
#![cfg_attr(feature = "response", doc = "[`respond`]: respond")]
#![cfg_attr(not(feature = "response"), doc = "[`respond`]: crate#crate-features")]
#![cfg_attr(feature = "response", doc = "[`response()`]: response()")]
#![cfg_attr(not(feature = "response"), doc = "[`response()`]: crate#crate-features")]
#![cfg_attr(feature = "response", doc = "[`method_not_allowed`]: method_not_allowed")]
#![cfg_attr(
    not(feature = "response"),
    doc = "[`method_not_allowed`]: crate#crate-features"
)]
#![cfg_attr(feature = "response", doc = "[`problem`]: problem")]
#![cfg_attr(not(feature = "response"), doc = "[`problem`]: crate#crate-features")]
#![cfg_attr(feature = "response", doc = "[`status_response`]: status_response")]
#![cfg_attr(not(feature = "response"), doc = "[`status_response`]: crate#crate-features")]
#![cfg_attr(feature = "response", doc = "[`status_response_with`]: status_response_with")]
#![cfg_attr(
    not(feature = "response"),
    doc = "[`status_response_with`]: crate#crate-features"
)]

#[cfg(feature = "response")]
mod respond;

use ::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use ::http::{Response, StatusCode, request, response};

use crate::decision::ResponseField;
use crate::field::HeaderField;
use crate::request::FieldLineTable;
use crate::{
    Decision, Field, FieldLines, Outcome, RequestHead, RequestMethod, precondition::NotModifiedField,
    precondition::not_modified_field,
};

#[cfg(feature = "response")]
#[cfg_attr(docsrs, doc(cfg(feature = "response")))]
pub use respond::{
    Body, method_not_allowed, problem, respond, response, status_response, status_response_with,
};

// How many lines of one field `HeaderLines` holds, and how a field on more
// lines reads: one rule for every adapter (its docs are on the constant).
pub use crate::request::MAX_FIELD_LINES;

/// The `http` crate's constant for each row of conneg's header-field table:
/// one arm per row, so a row added to the table does not compile until it
/// is mapped here (and the test below checks the names agree).
pub(crate) const fn http_name(field: HeaderField) -> HeaderName {
    // The fields the `http` crate has no constant for.
    const CONTENT_MD5: HeaderName = HeaderName::from_static("content-md5");
    const ACCEPT_PATCH: HeaderName = HeaderName::from_static("accept-patch");
    const ACCEPT_POST: HeaderName = HeaderName::from_static("accept-post");
    match field {
        HeaderField::Accept => header::ACCEPT,
        HeaderField::AcceptCharset => header::ACCEPT_CHARSET,
        HeaderField::AcceptEncoding => header::ACCEPT_ENCODING,
        HeaderField::AcceptLanguage => header::ACCEPT_LANGUAGE,
        HeaderField::IfMatch => header::IF_MATCH,
        HeaderField::IfNoneMatch => header::IF_NONE_MATCH,
        HeaderField::IfModifiedSince => header::IF_MODIFIED_SINCE,
        HeaderField::IfUnmodifiedSince => header::IF_UNMODIFIED_SINCE,
        HeaderField::IfRange => header::IF_RANGE,
        HeaderField::Range => header::RANGE,
        HeaderField::Vary => header::VARY,
        HeaderField::ETag => header::ETAG,
        HeaderField::LastModified => header::LAST_MODIFIED,
        HeaderField::AcceptRanges => header::ACCEPT_RANGES,
        HeaderField::ContentType => header::CONTENT_TYPE,
        HeaderField::ContentLanguage => header::CONTENT_LANGUAGE,
        HeaderField::ContentEncoding => header::CONTENT_ENCODING,
        HeaderField::ContentRange => header::CONTENT_RANGE,
        HeaderField::CacheControl => header::CACHE_CONTROL,
        HeaderField::ContentLocation => header::CONTENT_LOCATION,
        HeaderField::Date => header::DATE,
        HeaderField::Expires => header::EXPIRES,
        HeaderField::ContentLength => header::CONTENT_LENGTH,
        HeaderField::ContentMd5 => CONTENT_MD5,
        HeaderField::ContentDisposition => header::CONTENT_DISPOSITION,
        HeaderField::Location => header::LOCATION,
        HeaderField::WwwAuthenticate => header::WWW_AUTHENTICATE,
        HeaderField::ProxyAuthenticate => header::PROXY_AUTHENTICATE,
        HeaderField::RetryAfter => header::RETRY_AFTER,
        HeaderField::Allow => header::ALLOW,
        HeaderField::Connection => header::CONNECTION,
        HeaderField::Upgrade => header::UPGRADE,
        HeaderField::AcceptPatch => ACCEPT_PATCH,
        HeaderField::AcceptPost => ACCEPT_POST,
    }
}

/// The `http` crate's name of a [`Field`].
///
/// ```
/// use conneg::Field;
/// assert_eq!(conneg::adapters::http::header_name(Field::IfNoneMatch), http::header::IF_NONE_MATCH);
/// ```
pub fn header_name(field: Field) -> HeaderName {
    http_name(field.header())
}

/// Maps an `http::Method` to a [`RequestMethod`] (method names are case-sensitive:
/// `get` is an unknown method, [`RequestMethod::Other`]).
///
/// ```
/// use conneg::RequestMethod;
/// assert_eq!(conneg::adapters::http::method(&http::Method::HEAD), RequestMethod::Head);
/// assert_eq!(conneg::adapters::http::method(&http::Method::from_bytes(b"PROPFIND").unwrap()), RequestMethod::Other);
/// ```
pub fn method(method: &::http::Method) -> RequestMethod {
    RequestMethod::from_bytes(method.as_str().as_bytes())
}

/// The method and the field lines [`Resource::decide`](crate::Resource::decide)
/// reads, borrowed from an `http` request head into fixed stack storage
/// ([`MAX_FIELD_LINES`] lines per field, about 2.6 KiB in all; what happens
/// beyond the cap is documented there). Building it and calling
/// [`request`](Self::request) allocate nothing; the work is one lookup per
/// field in the `HeaderMap`.
///
/// Field names are matched case-insensitively (the `http` crate stores them
/// lowercase, RFC 9110 §5.1); the lines of one field are kept in the order received,
/// so they read as one list (RFC 9110 §5.2).
///
/// # Examples
///
/// ```
/// use conneg::adapters::http::HeaderLines;
/// use conneg::{Field, RequestMethod};
///
/// let mut headers = http::HeaderMap::new();
/// headers.append("If-None-Match", http::HeaderValue::from_static("\"a\""));
/// headers.append("if-none-match", http::HeaderValue::from_static("\"b\", \"c\""));
///
/// let lines = HeaderLines::new(&http::Method::GET, &headers);
/// let request = lines.request();
/// assert_eq!(request.method(), RequestMethod::Get);
/// let inm = request.get(Field::IfNoneMatch);
/// assert_eq!((inm.line_count(), inm.line(1)), (2, Some(&b"\"b\", \"c\""[..])));
/// assert!(request.get(Field::Accept).is_absent());
/// ```
#[derive(Clone, Debug)]
pub struct HeaderLines<'h> {
    /// The method and the lines, with the over-the-cap rule (shared with
    /// the other adapters).
    table: FieldLineTable<'h>,
}

impl<'h> HeaderLines<'h> {
    /// Reads the fields from a header map, with the request's method.
    pub fn new(method: &::http::Method, headers: &'h HeaderMap) -> Self {
        HeaderLines {
            table: FieldLineTable::new(self::method(method), |field| {
                headers
                    .get_all(header_name(field))
                    .into_iter()
                    .map(HeaderValue::as_bytes)
            }),
        }
    }

    /// Reads the method and fields of a request (the body is not touched).
    pub fn from_request<B>(request: &'h ::http::Request<B>) -> Self {
        HeaderLines::new(request.method(), request.headers())
    }

    /// Reads the method and fields of a request head.
    pub fn from_parts(parts: &'h request::Parts) -> Self {
        HeaderLines::new(&parts.method, &parts.headers)
    }

    /// The request method.
    pub const fn method(&self) -> RequestMethod {
        self.table.method()
    }

    /// How many lines of `field` the request carried (also beyond
    /// [`MAX_FIELD_LINES`]).
    pub fn received(&self, field: Field) -> usize {
        self.table.received(field)
    }

    /// A field's lines, as [`Resource::decide`](crate::Resource::decide)
    /// reads them: absent, the lines in order, or — for more than
    /// [`MAX_FIELD_LINES`] lines — the invalid reading documented there.
    ///
    /// ```
    /// use conneg::adapters::http::{HeaderLines, MAX_FIELD_LINES};
    /// use conneg::Field;
    ///
    /// let mut headers = http::HeaderMap::new();
    /// for _ in 0..=MAX_FIELD_LINES {
    ///     headers.append("accept", http::HeaderValue::from_static("text/html"));
    /// }
    /// let lines = HeaderLines::new(&http::Method::GET, &headers);
    /// assert_eq!(lines.received(Field::Accept), MAX_FIELD_LINES + 1);
    /// assert!(lines.field(Field::Accept).is_absent());
    /// ```
    pub fn field(&self, field: Field) -> FieldLines<'_> {
        self.table.field(field)
    }

    /// The [`RequestHead`] for [`Resource::decide`](crate::Resource::decide).
    pub fn request(&self) -> RequestHead<'_> {
        self.table.request()
    }
}

/// An `http::HeaderValue` of a conneg header value (allocates); `None` for
/// octets a field value cannot hold (only possible if the host gave a
/// variant such a media type or language).
pub fn header_value(header: &ResponseField<'_>) -> Option<HeaderValue> {
    let mut bytes = ::std::vec::Vec::with_capacity(header.value().len());
    header.value().for_each_part(|p| bytes.extend_from_slice(p));
    HeaderValue::try_from(bytes).ok()
}

/// Writes the decision's header fields into `headers`, replacing fields of
/// the same name, plus `Content-Length` when the decision knows it
/// ([`Decision::content_length`]).
///
/// For a 304 it also removes what a 304 should not carry (RFC 9110 §15.4.5) — the
/// fields [`not_modified_field`] classifies as
/// [`Drop`](NotModifiedField::Drop), such as `Content-Type`,
/// `Content-Length`, and `Last-Modified` next to an `ETag` — and keeps the
/// rest (`Cache-Control`, `Date`, `Expires`, `Vary`…, RFC 9110 §15.4.5).
///
/// A value that is not a valid field value (a host-given media type with a
/// control character) is skipped.
///
/// ```
/// use conneg::{EntityTag, Field, FieldLines, RequestMethod, RequestHead, Resource, Variant};
///
/// let variants = [Variant::new("text/plain").with_etag(EntityTag::from_static("\"e\"")).with_length(4)];
/// let request = RequestHead::new(RequestMethod::Get).field(Field::IfNoneMatch, FieldLines::one(b"\"e\""));
/// let decision = Resource::new(&variants).decide(&request);
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", http::HeaderValue::from_static("text/plain"));
/// headers.insert("cache-control", http::HeaderValue::from_static("max-age=60"));
/// conneg::adapters::http::write_headers(&decision, &mut headers);
/// assert_eq!(headers.len(), 3); // Vary, ETag and Cache-Control
/// assert_eq!(headers["etag"], "\"e\"");
/// ```
pub fn write_headers(decision: &Decision<'_, '_>, headers: &mut HeaderMap) {
    for h in decision.headers() {
        if let Some(value) = header_value(&h) {
            headers.insert(http_name(h.field()), value);
        }
    }
    if let Some(length) = decision.content_length() {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    if decision.outcome() == Outcome::NotModified {
        strip_for_not_modified(headers);
    }
}

/// Removes the fields a 304 should not carry (RFC 9110 §15.4.5), as classified by
/// [`not_modified_field`] (with `has_etag` = whether `headers` has an ETag).
pub fn strip_for_not_modified(headers: &mut HeaderMap) {
    let has_etag = headers.contains_key(header::ETAG);
    let mut drop: ::std::vec::Vec<HeaderName> = ::std::vec::Vec::new();
    for name in headers.keys() {
        if not_modified_field(name.as_str().as_bytes(), has_etag) == NotModifiedField::Drop {
            drop.push(name.clone());
        }
    }
    for name in drop {
        headers.remove(name);
    }
}

/// Whether the decision's status replaces the response's: always, except
/// when a method other than GET/HEAD proceeds (its 200/201/204 is the
/// host's).
fn sets_status(decision: &Decision<'_, '_>) -> bool {
    decision.outcome() != Outcome::Full || decision.method().is_get_or_head()
}

fn status(decision: &Decision<'_, '_>) -> Option<StatusCode> {
    StatusCode::from_u16(decision.status()).ok()
}

/// Applies a decision to a response the host built: the status (unless a
/// method other than GET/HEAD proceeds — its final status is the host's),
/// the header fields ([`write_headers`]), and for a 304 or a HEAD request
/// an empty body (`B::default()`).
///
/// The body of a 206 (the ranges, or a `multipart/byteranges` body framed by
/// [`Decision::multipart`]) and the error bodies of 406/412/416 are the
/// host's to write; [`Decision::sends_representation`] says whether the
/// representation goes out. `respond` (feature `response`) writes them all.
///
/// ```
/// use conneg::{Field, FieldLines, RequestMethod, RequestHead, Resource, Variant};
///
/// let variants = [Variant::new("text/plain").with_length(10)];
/// let request = RequestHead::new(RequestMethod::Get).field(Field::Range, FieldLines::one(b"bytes=2-4"));
/// let decision = Resource::new(&variants).decide(&request);
///
/// let mut response = http::Response::new(b"234".to_vec());
/// conneg::adapters::http::apply(&decision, &mut response);
/// assert_eq!(response.status(), 206);
/// assert_eq!(response.headers()["content-range"], "bytes 2-4/10");
/// assert_eq!(response.headers()["content-length"], "3");
/// assert_eq!(response.headers()["accept-ranges"], "bytes");
/// ```
pub fn apply<B: Default>(decision: &Decision<'_, '_>, response: &mut Response<B>) {
    if sets_status(decision)
        && let Some(status) = status(decision)
    {
        *response.status_mut() = status;
    }
    write_headers(decision, response.headers_mut());
    if decision.outcome() == Outcome::NotModified || decision.method() == RequestMethod::Head {
        *response.body_mut() = B::default();
    }
}

/// Sets a decision's status (as [`apply`] does) and header fields
/// ([`write_headers`]) on a response builder. The body is the caller's:
/// none for a 304 or a HEAD request ([`Decision::sends_representation`]).
///
/// ```
/// use conneg::{RequestMethod, RequestHead, Resource, Variant};
///
/// let variants = [Variant::new("application/json").with_length(2)];
/// let decision = Resource::new(&variants).decide(&RequestHead::new(RequestMethod::Get));
/// let response = conneg::adapters::http::response_builder(&decision, http::Response::builder())
///     .body("{}")
///     .unwrap();
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_eq!(response.headers()["content-length"], "2");
/// ```
pub fn response_builder(decision: &Decision<'_, '_>, builder: response::Builder) -> response::Builder {
    let mut builder = builder;
    if sets_status(decision)
        && let Some(status) = status(decision)
    {
        builder = builder.status(status);
    }
    if let Some(headers) = builder.headers_mut() {
        write_headers(decision, headers);
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row of the header-field table maps to the `http` constant of
    /// the same name.
    #[test]
    fn http_names_match_the_table() {
        for &field in HeaderField::ALL {
            assert_eq!(http_name(field).as_str(), field.lowercase(), "{field:?}");
        }
    }
}
