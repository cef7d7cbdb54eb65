//! # conneg
//!
//! The part of an HTTP server that decides **which representation to send and
//! with which status code**, from the request's negotiation fields and the
//! server's own variants (RFC 9110 §12). It never does I/O and never allocates:
//! every parser is a view over the caller's header bytes, every decision a small
//! `Copy` value.
//!
//! ## A short tour
//!
//! Choose a media type for a request, or answer `406 Not Acceptable`:
//!
//! ```
//! use conneg::{Accept, Negotiation};
//!
//! // What the server can produce, best first.
//! let offers = ["text/html", "application/json"];
//!
//! // A browser navigation prefers HTML.
//! let chrome = Accept::new(b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
//! assert_eq!(chrome.negotiate(&offers).index(), Some(0));
//!
//! // An API client that only takes JSON gets JSON.
//! let api = Accept::new(b"application/json");
//! assert_eq!(api.negotiate(&offers).index(), Some(1));
//!
//! // A client that accepts neither gets a 406.
//! let img = Accept::new(b"image/avif,image/webp,*/*;q=0");
//! assert_eq!(img.negotiate(&offers), Negotiation::NotAcceptable);
//! assert_eq!(img.negotiate(&offers).status(), 406);
//! ```
//!
//! Parsing is lenient by default (a malformed element is skipped, as browsers
//! and major servers do); [`Accept::validate`] is the strict mode, which reports
//! the first error with its byte offset so a host can answer `400`:
//!
//! ```
//! use conneg::{Accept, ErrorKind};
//!
//! let accept = Accept::new(b"text/html;q=2");
//! let err = accept.validate().unwrap_err();
//! assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidQuality, 12));
//! ```
//!
//! Repeated field lines are one list (RFC 9110 §5.3), given as [`FieldLines`]:
//!
//! ```
//! use conneg::{Accept, FieldLines};
//!
//! let lines: &[&[u8]] = &[b"text/plain;q=0.5", b"application/json"];
//! let accept = Accept::from_field(FieldLines::many(lines));
//! assert_eq!(accept.negotiate(&["text/plain", "application/json"]).index(), Some(1));
//! ```
//!
//! Several axes at once: [`ContentNegotiation`] chooses among a resource's
//! [`Variant`]s on type, language, charset and coding, and names the `Vary`
//! value; when nothing is acceptable, [`Alternatives`] writes the 406 body:
//!
//! ```
//! use conneg::{AcceptEncoding, AcceptLanguage, Alternatives, ContentNegotiation, Variant};
//!
//! const PAGE: [Variant<'static>; 3] = [
//!     Variant::new("text/html").with_language("en").with_uri("/page.en"),
//!     Variant::new("text/html").with_language("en").with_encoding("br").with_uri("/page.en.br"),
//!     Variant::new("text/html").with_language("de").with_uri("/page.de"),
//! ];
//! let request = ContentNegotiation::new()
//!     .accept_language(AcceptLanguage::new(b"de-DE,de;q=0.9,en;q=0.5"))
//!     .accept_encoding(AcceptEncoding::new(b"gzip, br"));
//! let selection = request.select(&PAGE);
//! assert_eq!(selection.index(), Some(2));
//! // Every field that could change the status or the representation:
//! assert_eq!(selection.vary().as_str(), "Accept, Accept-Encoding, Accept-Language");
//!
//! // No language matches, even by RFC 4647 Lookup: by default the field is
//! // disregarded (the server's first language); without that fallback, 406.
//! let french = ContentNegotiation::new().accept_language(AcceptLanguage::new(b"fr"));
//! assert_eq!(french.select(&PAGE).index(), Some(0));
//! assert_eq!(french.language_fallback(false).select(&PAGE).status(), 406);
//! let body = Alternatives::problem_json(&PAGE).to_string(); // application/problem+json
//! assert!(body.contains(r#""uri":"/page.de""#));
//! ```
//!
//! Variants served many times can be prepared once ([`VariantSet::new`],
//! [`Resource::prepared`], both `const fn`s): what selection needs from the
//! variants alone, and the `Vary` value, is then not worked out again on
//! every request; [`ContentNegotiation::select`] takes the prepared set where
//! it takes the variants.
//!
//! Variants made at run time (from a database, a directory listing) and
//! kept in application state are [`OwnedVariant`]s (feature `alloc`, on
//! with `std`): they own their strings and entity-tag, are `Send + Sync +
//! 'static`, and decide as the [`Variant`]s they view as; per request,
//! [`VariantViews`] lends those views to [`Resource::new`] without
//! allocating. [`EntityTagBuf::from_content`] gives each one an entity-tag
//! from its bytes that stays the same across releases and machines.
//!
//! Conditional requests (RFC 9110 §13.2.2) answer with an enum that names the
//! status, so the six-step order cannot be got wrong; ranges (§14) are
//! evaluated into the caller's storage:
//!
//! ```
//! use conneg::{
//!     ByteRange, Conditions, ContentRange, EntityTag, FieldLines, RequestMethod, Precondition, Range,
//!     precondition::RangeCondition, RangeOutcome, Representation,
//! };
//!
//! let rep = Representation::new().etag(EntityTag::from_static("\"v2\""));
//! let get = Conditions::new(RequestMethod::Get).if_none_match(FieldLines::one(b"\"v1\", \"v2\""));
//! assert_eq!(get.evaluate(&rep), Precondition::NotModified); // 304
//!
//! let resume = Conditions::new(RequestMethod::Get)
//!     .if_range(FieldLines::one(b"\"v2\""))
//!     .range(FieldLines::one(b"bytes=500-"));
//! assert_eq!(resume.evaluate(&rep), Precondition::Proceed(RangeCondition::Apply));
//! let mut out = [ByteRange::default(); 16];
//! let RangeOutcome::Satisfiable([part]) = Range::new(b"bytes=500-").evaluate(1000, &mut out) else {
//!     panic!("one satisfiable range");
//! };
//! assert_eq!(ContentRange::bytes(*part, 1000).as_str(), "bytes 500-999/1000"); // 206
//! ```
//!
//! ## One call: [`Resource::decide`]
//!
//! The combined decision runs negotiation, then the preconditions on the
//! selected variant, then Range, and names the status, the variant, the
//! ranges and the response header fields ([`Decision::headers`]); several
//! ranges come with their `multipart/byteranges` framing ([`Multipart`]):
//!
//! ```
//! use conneg::{EntityTag, Field, FieldLines, RequestMethod, Outcome, RequestHead, Resource, Variant};
//!
//! let variants = [Variant::new("text/html").with_etag(EntityTag::from_static("\"v2\"")).with_length(1000)];
//! let request = RequestHead::new(RequestMethod::Get)
//!     .field(Field::IfRange, FieldLines::one(b"\"v1\"")) // the client's copy is stale…
//!     .field(Field::Range, FieldLines::one(b"bytes=500-"));
//! let decision = Resource::new(&variants).decide(&request);
//! assert_eq!(decision.outcome(), Outcome::Full); // …so it gets the whole new version, not a stitched file
//! assert_eq!(decision.content_length(), Some(1000));
//! ```
//!
//! ## Other status decisions
//!
//! Other status decisions: a `405` can only come with its `Allow` value
//! ([`MethodSet::check`]), [`RetryAfter`] parses and formats `Retry-After`
//! for 413/429/503, and [`Problem`] writes RFC 9457 `application/problem+json`
//! bodies (400 from a [`ParseError`], 401, 403, 404, 405, 407, 408, 409, 412,
//! 413, 415, 416, 422, 426, 428, 429, 431, 500, 502, 503, 504, …)
//! through `Display`, without allocating:
//!
//! ```
//! use conneg::{Accept, HttpDate, RequestMethod, MethodSet, Problem, RetryAfter};
//!
//! const DOC: MethodSet = MethodSet::EMPTY.with(RequestMethod::Get).with(RequestMethod::Put); // GET brings HEAD
//! let refused = DOC.check(RequestMethod::Delete).unwrap_err();
//! assert_eq!((refused.status(), refused.allow().as_str()), (405, "GET, HEAD, PUT"));
//!
//! let now = HttpDate::from_unix_seconds(1_795_651_200).unwrap();
//! let retry = RetryAfter::parse(b"120", now).unwrap();
//! let body = Problem::too_many_requests(Some(retry)).to_string();
//! assert!(body.contains(r#""status":429"#) && body.contains(r#""retry_after":120"#));
//!
//! let err = Accept::new(b"text/html;q=2").validate().unwrap_err();
//! let problem = Problem::bad_request(&err);
//! assert_eq!((problem.status(), problem.content_type()), (400, "application/problem+json"));
//! ```
//!
//! The statuses a server sends outside those decisions — 201/202/204 after a
//! write, redirects, 401/407 with their challenge, 408, 409/415/422/426, 5xx
//! — are [`StatusResponse`]s, which cannot be built without the header fields
//! their status requires; the [`response_status`] guide lists them by
//! situation, with the habits they replace (`200 {"success":false}`, a 401
//! without `WWW-Authenticate`, a 302 after a POST, a 503 without
//! `Retry-After`):
//!
//! ```
//! use conneg::{RequestMethod, RetryAfter, StatusResponse};
//! use conneg::response_status::{Challenge, Location, Redirect};
//!
//! let moved = StatusResponse::redirect(Redirect::Permanent, Location::new("/v2/orders").unwrap());
//! assert_eq!(moved.to_string(), "HTTP/1.1 308 Permanent Redirect\r\nLocation: /v2/orders\r\n");
//! let login = StatusResponse::unauthorized(Challenge::bearer("api").unwrap());
//! assert_eq!(login.fields().next().unwrap().to_string(), r#"WWW-Authenticate: Bearer realm="api""#);
//! let busy = StatusResponse::service_unavailable(RetryAfter::Delay(30));
//! assert_eq!(busy.problem().unwrap().status(), 503);
//! ```
//!
//! ## Policies
//!
//! Where RFC 9110 leaves a choice open, conneg decides once and documents it
//! on the [`policy`] page: an absent field accepts everything and the
//! server's first offer wins; ties after q go to the more specific matching
//! range, then the client's order, then the server's ([`TieBreak`]); q-values
//! are integer thousandths ([`Quality`]), never floats, and anything outside the
//! RFC grammar (`q=1.5`) makes its element malformed, except that lenient mode
//! reads a leading-dot weight (`q=.5`, Java's) as its value.
//!
//! ## Table of contents
//!
//! The modules, lowest layer first; each uses only the ones above it.
//!
//! | module | what it holds |
//! |---|---|
//! | `kernel` (private) | word-at-a-time kernels: comma/quote search, case-insensitive compare, first-octet sets, a media type's essence as one 16-octet word |
//! | `error` | [`ParseError`], [`ErrorKind`] (strict parsing, with byte offsets) |
//! | `quality` | [`Quality`]: q-values as integer thousandths |
//! | `syntax` (private) | the RFC 9110 §5.6 grammar: tchar, OWS, token, quoted-string, parameters, weight |
//! | `field` | [`Field`] (the ten fields conneg reads), [`FieldLines`] (a field's borrowed lines) |
//! | `method` | [`RequestMethod`], [`MethodSet`], [`MethodNotAllowed`] |
//! | `request` | [`RequestHead`]: the method and the fields' lines |
//! | [`date`] | [`HttpDate`]: three formats in, IMF-fixdate out (RFC 9110 §5.6.7) |
//! | [`etag`] | [`EntityTag`], `If-Match` / `If-None-Match` lists, [`EntityTagBuf`] (§8.8.3; from content with feature `xxhash`) |
//! | [`accept`] | [`Accept`], [`AcceptLanguage`], [`AcceptEncoding`], [`AcceptCharset`] (§12.5) |
//! | [`negotiate`] | [`Variant`], [`VariantSet`], [`ContentNegotiation`], [`Vary`] (§12.1, §12.5.5); `OwnedVariant`, `VariantViews` (feature `alloc`) |
//! | [`precondition`] | [`Conditions`]: the §13.2.2 evaluation, what a 304 keeps |
//! | [`range`] | [`Range`], [`ByteRange`], [`ContentRange`] (§14) |
//! | [`multipart`] | [`Multipart`]: `multipart/byteranges` framing (§14.6) |
//! | [`status_code`] | reason phrases, [`RetryAfter`] (§10.2.3, §15) |
//! | [`problem`] | [`Problem`]: RFC 9457 `application/problem+json` bodies |
//! | `alternatives` | [`Alternatives`]: the 406 body (§15.5.7) |
//! | [`response_status`] | [`StatusResponse`]: 201/202/204, redirects, 401/403/407, 408, 409/415/422/426, 5xx, each with its required fields; the guide to status by situation |
//! | [`decision`] | [`Resource`], [`Decision`], [`Outcome`]: the combined decision; [`decision::BodyPlan`]: the response body |
//! | `adapters` | `http` (with `response`), `tower`, `axum` and `actix` (features of the same names) |
//! | [`policy`] | the policy page: every case the RFC leaves open and conneg's answer |
//!
//! ## Crate features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | `std::error::Error` impls; `SystemTime` conversions of [`HttpDate`] (implies `alloc`) |
//! | `alloc` | with `std` | [`OwnedVariant`] and [`VariantViews`]: variants that own their strings, for application state (allocating when built, never when deciding) |
//! | `mime` | yes | [`accept::MediaRange::to_mime`]; [`Variant::from_mime`] (a variant borrowing a `mime::Mime`'s text). Offers to [`Accept::negotiate`] may be `mime::Mime` with or without it (any `AsRef<str>`), and so may an [`OwnedVariant`]'s media type |
//! | `xxhash` | yes | [`EntityTagBuf::from_content`]: a strong entity-tag from the content's XXH3-64 hash, the same on every platform and release (`xxhash-rust`, no_std, no alloc) |
//! | `httpdate` | no | conversions between [`HttpDate`] and `httpdate::HttpDate` (implies `std`) |
//! | `http` | no | `adapters::http`: read a [`RequestHead`] from `http::Request` / `Parts` / `HeaderMap` without allocating, write a [`Decision`] onto an `http::Response` (implies `std`) |
//! | `response` | no | `adapters::http::respond`: the whole `http::Response` of a [`Decision`], body included ([`Decision::body`]), over `Bytes` without copying; `adapters::http::status_response`: the same for a [`StatusResponse`] (implies `http`) |
//! | `axum` | no | `adapters::axum`: the `RequestFields` extractor, `IntoResponse` for [`MethodNotAllowed`], [`Problem`] and [`StatusResponse`] (implies `response`) |
//! | `actix` | no | `adapters::actix`: read a [`RequestHead`] from an actix-web 4 `HttpRequest` without allocating, the whole `HttpResponse` of a [`Decision`] over `Bytes` without copying, 405 and problem responses (actix's own `http` 0.2 types; implies `std`) |
//! | `tower` | no | `adapters::tower::ConditionalLayer`: 304/412 and 206/416 for any tower or axum service, GET/HEAD only; `NegotiateLayer`, `PreconditionLayer` (implies `response`) |
//!
//! With `--no-default-features` the crate is `#![no_std]`, needs no `alloc`,
//! and has no dependencies; `alloc` and `xxhash` work in `#![no_std]` too. The adapters use `std` and never touch the core.
//!
// Links to items of features that are off go to the feature table, so the
// docs build without broken links under any set of features.
#![cfg_attr(feature = "alloc", doc = "[`OwnedVariant`]: OwnedVariant")]
#![cfg_attr(not(feature = "alloc"), doc = "[`OwnedVariant`]: crate#crate-features")]
#![cfg_attr(feature = "alloc", doc = "[`VariantViews`]: VariantViews")]
#![cfg_attr(not(feature = "alloc"), doc = "[`VariantViews`]: crate#crate-features")]
#![cfg_attr(
    feature = "xxhash",
    doc = "[`EntityTagBuf::from_content`]: EntityTagBuf::from_content"
)]
#![cfg_attr(
    not(feature = "xxhash"),
    doc = "[`EntityTagBuf::from_content`]: crate#crate-features"
)]
#![cfg_attr(
    feature = "mime",
    doc = "[`accept::MediaRange::to_mime`]: accept::MediaRange::to_mime"
)]
#![cfg_attr(
    not(feature = "mime"),
    doc = "[`accept::MediaRange::to_mime`]: crate#crate-features"
)]
#![cfg_attr(feature = "mime", doc = "[`Variant::from_mime`]: Variant::from_mime")]
#![cfg_attr(not(feature = "mime"), doc = "[`Variant::from_mime`]: crate#crate-features")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

#[cfg(any(feature = "alloc", feature = "mime"))]
extern crate alloc;

// The modules, lowest layer first: each uses only modules declared above it
// (`python3 scripts/check_layers.py` checks it in CI). Public modules are
// named after the RFC concept; the root re-exports what a server uses.
mod kernel;
mod error;
mod quality;
mod syntax;
mod field;
mod text_buf;
mod method;
mod request;
mod json;
pub mod date;
pub mod etag;
pub mod accept;
pub mod negotiate;
pub mod precondition;
pub mod range;
pub mod multipart;
pub mod status_code;
pub mod problem;
mod alternatives;
pub mod response_status;
pub mod decision;
#[cfg(any(feature = "http", feature = "actix"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "http", feature = "actix"))))]
pub mod adapters;
#[doc = include_str!("policy.md")]
pub mod policy {}

#[cfg(test)]
mod fmt_buf;

/// The README's code blocks, compiled and run as doctests (they use the
/// `http` and `axum` adapters: `cargo test --all-features`).
#[cfg(all(doctest, feature = "axum"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use accept::{Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, MediaOffer, Negotiation, TieBreak};
pub use alternatives::Alternatives;
pub use date::HttpDate;
pub use decision::{Decision, Outcome, Resource};
pub use error::{ErrorKind, ParseError};
pub use etag::{EntityTag, EntityTagBuf};
pub use field::{Field, FieldLines};
pub use method::{MethodNotAllowed, MethodSet, RequestMethod};
pub use multipart::Multipart;
pub use negotiate::{ContentNegotiation, Selection, Variant, VariantSet, Vary};
#[cfg(feature = "alloc")]
pub use negotiate::{OwnedVariant, VariantViews};
pub use precondition::{Conditions, Precondition, Representation};
pub use problem::Problem;
pub use quality::Quality;
pub use range::{ByteRange, ContentRange, Range, RangeOutcome};
pub use request::RequestHead;
pub use response_status::StatusResponse;
pub use status_code::RetryAfter;
