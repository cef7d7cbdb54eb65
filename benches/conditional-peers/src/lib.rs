//! Shared inputs for the conditional-request peer benchmarks: the same
//! request evaluated by conneg, `headers` and `actix-web`, each through the
//! API a server built on it would call.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::HttpMessage as _;
use actix_web::http::header::{self as ax, Header as _};
use conneg::{Conditions, EntityTag, FieldLines, HttpDate, Precondition, Representation, RequestMethod};
use headers::Header as _;

/// The server's current entity-tag and Last-Modified.
pub const CURRENT: &str = "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"";
pub const LAST_MODIFIED: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
pub const LAST_MODIFIED_UNIX: u64 = 1_445_412_480;

/// An If-None-Match value with `n` tags, the last one matching (worst case
/// for a scan that stops at the first match; every tag is 42 bytes).
pub fn if_none_match(n: usize) -> String {
    let mut tags: Vec<String> = (1..n)
        .map(|i| format!("\"{:040x}\"", (i as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect();
    tags.push(CURRENT.to_string());
    tags.join(", ")
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
}

impl Default for ActixPeer {
    fn default() -> Self {
        ActixPeer {
            current: CURRENT.parse().unwrap(),
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
}

/// Keeps `HttpMessage` in use for the actix request type.
pub fn actix_has_header(req: &actix_web::HttpRequest) -> bool {
    req.headers().contains_key("if-none-match") || req.content_type().is_empty()
}
