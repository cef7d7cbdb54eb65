//! Shared inputs for the conditional-request peer benchmarks: the same
//! request evaluated by conneg, `headers` and `actix-web`, each through the
//! API a server built on it would call. The inputs are the benchmark
//! matrix's `IF_NONE_MATCH`, `if_none_match_list(50)` and `DATES` rows
//! (`benches/cases/matrix.rs`).

#[path = "../../cases/matrix.rs"]
pub mod matrix;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::HttpMessage as _;
use actix_web::http::header::{self as ax, Header as _};
use conneg::{Conditions, EntityTag, FieldLines, HttpDate, Precondition, Representation, RequestMethod};
use headers::Header as _;

/// The server's current entity-tag (the matrix's) and Last-Modified (the
/// instant every `matrix::DATES` value names).
pub const CURRENT: &str = matrix::CURRENT_TAG;
pub const LAST_MODIFIED: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
pub const LAST_MODIFIED_UNIX: u64 = 1_445_412_480;
/// The request's `now` (2026-12-04T00:00:00Z, the matrix's): reads rfc850's
/// two-digit year.
pub const NOW_UNIX: i64 = 1_796_342_400;

/// The If-None-Match rows: `(name, value, a 304?)`. The three
/// `matrix::IF_NONE_MATCH` values, then 50 42-byte tags with the current
/// one last (worst case for a scan that stops at the first match). Weak
/// comparison (GET): `"xyzzy"` and `W/"a", W/"b", "xyzzy"` list the current
/// tag (304); the three stale tags do not (200).
pub fn if_none_match_rows() -> Vec<(&'static str, String, bool)> {
    let mut v: Vec<(&'static str, String, bool)> = matrix::IF_NONE_MATCH
        .iter()
        .map(|&(name, value)| (name, value.to_owned(), name != "three_stale"))
        .collect();
    v.push(("fifty", matrix::if_none_match_list(50), true));
    v
}

// ---- conneg ----

const CURRENT_TAG: EntityTag<'static> = EntityTag::from_static(CURRENT);

pub fn conneg_inm(header: &[u8]) -> bool {
    let rep = Representation::new().etag(CURRENT_TAG);
    Conditions::new(RequestMethod::Get)
        .if_none_match(FieldLines::one(header))
        .evaluate(&rep)
        == Precondition::NotModified
}

pub fn conneg_ims(header: &[u8]) -> bool {
    let rep =
        Representation::new().last_modified(HttpDate::from_unix_seconds(LAST_MODIFIED_UNIX as i64).unwrap());
    Conditions::new(RequestMethod::Get)
        .now(HttpDate::from_unix_seconds(NOW_UNIX).unwrap())
        .if_modified_since(FieldLines::one(header))
        .evaluate(&rep)
        == Precondition::NotModified
}

// ---- headers (hyperium) ----

pub struct HeadersPeer {
    pub current: headers::ETag,
    pub last_modified: SystemTime,
}

impl Default for HeadersPeer {
    fn default() -> Self {
        HeadersPeer {
            current: CURRENT.parse().unwrap(),
            last_modified: UNIX_EPOCH + Duration::from_secs(LAST_MODIFIED_UNIX),
        }
    }
}

impl HeadersPeer {
    /// Decode the typed header from the value, then `precondition_passes`
    /// (false means 304), as a hyper/axum handler does.
    pub fn inm(&self, value: &http::HeaderValue) -> bool {
        let inm = headers::IfNoneMatch::decode(&mut std::iter::once(value)).unwrap();
        !inm.precondition_passes(&self.current)
    }

    pub fn ims(&self, value: &http::HeaderValue) -> bool {
        let ims = headers::IfModifiedSince::decode(&mut std::iter::once(value)).unwrap();
        !ims.is_modified(self.last_modified)
    }
}

// ---- actix-web ----

pub struct ActixPeer {
    pub current: ax::EntityTag,
    pub last_modified: SystemTime,
}

impl Default for ActixPeer {
    fn default() -> Self {
        ActixPeer {
            current: CURRENT.parse().unwrap(),
            last_modified: UNIX_EPOCH + Duration::from_secs(LAST_MODIFIED_UNIX),
        }
    }
}

pub fn actix_request(name: &str, value: &str) -> actix_web::HttpRequest {
    actix_web::test::TestRequest::default()
        .insert_header((name.to_string(), value.to_string()))
        .to_http_request()
}

impl ActixPeer {
    /// `IfNoneMatch::parse` + `weak_eq`, as actix-files does.
    pub fn inm(&self, req: &actix_web::HttpRequest) -> bool {
        match ax::IfNoneMatch::parse(req) {
            Ok(ax::IfNoneMatch::Any) => true,
            Ok(ax::IfNoneMatch::Items(items)) => items.iter().any(|t| t.weak_eq(&self.current)),
            Err(_) => false,
        }
    }

    /// `IfModifiedSince::parse` then the date against Last-Modified (not
    /// later: a 304), as actix-files does.
    pub fn ims(&self, req: &actix_web::HttpRequest) -> bool {
        match ax::IfModifiedSince::parse(req) {
            Ok(ax::IfModifiedSince(date)) => SystemTime::from(date) >= self.last_modified,
            Err(_) => false,
        }
    }
}

/// Keeps `HttpMessage` in use for the actix request type.
pub fn actix_has_header(req: &actix_web::HttpRequest) -> bool {
    req.headers().contains_key("if-none-match") || req.content_type().is_empty()
}
