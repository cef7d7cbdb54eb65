//! Feature `tower`: layers for any `tower` service — axum routers
//! included — that decide with [`Resource::decide`](crate::Resource::decide)
//! and the crate's evaluations:
//!
//! | layer | runs | answers | RFC 9110 |
//! |---|---|---|---|
//! | [`NegotiateLayer`] | before the handler | `406` with `Vary` and the alternatives, or the handler with the chosen variant ([`Negotiated`]) and `Vary` added | §12.1, §12.5, §15.5.7 |
//! | [`PreconditionLayer`] | before the handler, unsafe methods | `412` / `428` from the validators an async lookup gives ([`Validators`]), or the handler | §13.1, §13.2.2; RFC 6585 §3 |
//! | [`ConditionalLayer`] | after the handler, GET and HEAD | `304`, `412`, `206`, `416` from the handler's `200` | §13.2.2, §14 |
//!
//! A typical stack, outermost first: negotiation, then the preconditions of
//! unsafe methods, then the conditional GET and ranges of the representation
//! the handler produced:
//!
//! ```
//! use conneg::adapters::tower::{ConditionalLayer, NegotiateLayer, PreconditionLayer, Validators};
//! use conneg::Variant;
//! use http_body_util::Full;
//! use tower::{ServiceBuilder, ServiceExt, service_fn};
//!
//! static VARIANTS: [Variant<'static>; 1] = [Variant::new("text/plain")];
//! let lookup = |_parts: &http::request::Parts| async { Some(Validators::new()) };
//! let handler = service_fn(|_req: http::Request<()>| async {
//!     Ok::<_, std::convert::Infallible>(
//!         http::Response::builder()
//!             .header("etag", "\"v1\"")
//!             .header("content-type", "text/plain")
//!             .body(Full::new(bytes::Bytes::from_static(b"hello")))
//!             .unwrap(),
//!     )
//! });
//! let service = ServiceBuilder::new()
//!     .layer(NegotiateLayer::new(&VARIANTS))
//!     .layer(PreconditionLayer::new(lookup).require_precondition(true))
//!     .layer(ConditionalLayer::new())
//!     .service(handler);
//!
//! let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let send = |request| runtime.block_on(service.clone().oneshot(request)).unwrap();
//! let revalidate = http::Request::get("/").header("if-none-match", "\"v1\"").body(()).unwrap();
//! assert_eq!(send(revalidate).status(), 304);
//! assert_eq!(send(http::Request::get("/").header("accept", "image/png").body(()).unwrap()).status(), 406);
//! assert_eq!(send(http::Request::delete("/").body(()).unwrap()).status(), 428);
//! ```
//!
//! The refusals the layers write themselves (406, 412, 428, and the
//! [`ConditionalLayer`]'s 304/412/416) carry the fields RFC 9110 requires;
//! the 406, 412 and 428 bodies are [`Alternatives`](crate::Alternatives)
//! and [`Problem`](crate::Problem) documents (RFC 9457).
//!
//! # `ConditionalLayer`
//!
//! The inner service answers every GET as if unconditional: a `200 OK`
//! with the whole representation, its `ETag` and/or `Last-Modified`. The
//! layer then evaluates the request's `If-Match`, `If-Unmodified-Since`,
//! `If-None-Match`, `If-Modified-Since`, `If-Range` and `Range` against
//! that response (RFC 9110 §13.2.2, §14) and turns it into:
//!
//! | outcome | response |
//! |---|---|
//! | `304 Not Modified` | the 200's fields minus what a 304 should not carry (`Content-Type`, `Content-Length`, `Last-Modified` next to an `ETag`…, RFC 9110 §15.4.5, [`not_modified_field`](crate::precondition::not_modified_field)); no body, and none of a `Content-Length` other than the 200's (RFC 9110 §8.6) even to HEAD under axum, whose router derives one from an exact size hint: the 304's body has none |
//! | `412 Precondition Failed` | no body, no `Content-*` fields |
//! | `206 Partial Content`, one range | the slice, `Content-Range: bytes first-last/length`, `Content-Length` |
//! | `206 Partial Content`, several | a `multipart/byteranges` body ([`Multipart`](crate::Multipart)) |
//! | `416 Range Not Satisfiable` | `Content-Range: bytes */length`, no body |
//! | otherwise | the inner response, plus `Accept-Ranges: bytes` where ranges are served |
//!
//! Responses other than `200 OK` pass through untouched: a 404, a redirect
//! or a 401 is never turned into a 304 or 412 (RFC 9110 §13.2.1); nor is a 206 or 304
//! the inner service produced itself.
//!
//! ## Safe methods only
//!
//! **`ConditionalLayer` handles GET and HEAD only. Every other method passes
//! through untouched, and its preconditions are NOT evaluated by it.** It
//! sees the validators only after the inner service has run — for a PUT,
//! DELETE, PATCH or POST that is after the state change, too late for
//! `If-Match: "v1"` to prevent a lost update. Put a [`PreconditionLayer`]
//! in front of the handler for those (it evaluates them before the handler
//! runs, from validators the application looks up; mind the limit its docs
//! state), or evaluate them in the handler, before changing anything, with
//! [`Resource::decide`](crate::Resource::decide) (see [`crate::adapters::http::HeaderLines`]) or
//! [`Conditions`](crate::Conditions).
//!
//! ## Ranges
//!
//! `Range` is served on GET only (RFC 9110 §14.2; HEAD gets the 200 head), for a
//! `200` whose body has an exact known length
//! ([`Body::size_hint().exact()`][size_hint]); an unknown-length body is
//! served `200` unchanged and gets no `Accept-Ranges`. An inner response
//! that already says `Accept-Ranges: none`, or carries its own
//! `Content-Range`, is left to its own range handling.
//!
//! Ranges are **streamed**: the inner body is read once, in order, its
//! chunks cut as they arrive and dropped once passed, and it is not read
//! past the last byte needed — a resumed download of a large file costs no
//! memory. Nothing is ever allocated from the body's length.
//!
//! Several ranges are served as `multipart/byteranges`, within the crate's
//! DoS limits ([`Range`](crate::Range): at most 16 specs, at most 2
//! overlapping, not more bytes than the body); several ranges of a
//! content-coded response get the full 200. In ascending order, they hold
//! nothing. Out of order (or overlapping), some bytes pass before their
//! part's turn (`0-9` in `bytes=100-199,0-9`): those bytes, and only
//! those, are copied as they arrive and held until sent, so that the parts
//! come in the order requested (RFC 9110 §15.3.7.2). What a response will
//! hold is reserved, when its head is made, from the layer's
//! [`buffer_budget`](ConditionalLayer::buffer_budget) (default
//! [`DEFAULT_BUFFER_BUDGET`], 1 MiB shared by all its in-flight responses)
//! and given back as the held bytes are sent and when the body ends or is
//! dropped. A request that does not fit gets its parts in ascending order,
//! streamed (or, if they overlap, the full `200`: a server may ignore
//! `Range`, RFC 9110 §14.2). Clients that ask for out-of-order ranges and
//! never read thus cost the server at most the budget, whatever their
//! number and the body's size. A body longer than
//! [`max_body`](ConditionalLayer::max_body) (default [`DEFAULT_MAX_BODY`],
//! 16 MiB) gets the full `200` for out-of-order ranges; it bounds no
//! memory.
//!
//! `If-Range` is honoured: a weak or different ETag, or a date other than
//! Last-Modified, gets the full 200 (RFC 9110 §13.1.5).
//!
//! If the body turns out shorter than its size hint said (or, where it is
//! read to the end, longer), the ranged body ends with a [`LengthMismatch`]
//! error: the server then resets the connection or stream rather than
//! sending wrong bytes.
//!
//! [size_hint]: https://docs.rs/http-body/1/http_body/trait.Body.html#method.size_hint
//!
//! ## With compression
//!
//! Representations that differ only in content coding need different
//! strong ETags (RFC 9110 §8.8.3.3); reusing one ETag for the gzip and the identity body
//! makes it weak by definition (RFC 9110 §8.8.1). Where to put the layer:
//!
//! - **Outside** the compression layer (`ServiceBuilder::new()
//!   .layer(ConditionalLayer::new()).layer(CompressionLayer::new())`, the
//!   safer default): the layer sees the response as sent. Streamed
//!   compression has no exact length, so no ranges are served for
//!   compressed responses (identity ones still get them). 304 works with
//!   any ETag (`If-None-Match` compares weakly). A compression layer that
//!   passes the inner ETag through unchanged sends one validator for two
//!   codings, which is only correct if the ETag is weak (`W/"…"`, RFC 9110 §8.8.1):
//!   have the handler send weak ETags for compressible content. Weak ETags
//!   never satisfy `If-Match` or `If-Range` (strong comparison), so such a
//!   resumed download gets the full 200 rather than wrong bytes.
//! - **Inside** the compression layer (`ServiceBuilder::new()
//!   .layer(CompressionLayer::new()).layer(ConditionalLayer::new())`):
//!   preconditions and ranges apply to the identity representation and
//!   its strong ETag. This is only correct if the compression layer leaves
//!   206 responses alone — compressing one makes its `Content-Range`
//!   (identity byte offsets) describe bytes that were not sent, a known
//!   bug class in compression middleware (tower-http issue 416) — and
//!   gives what it compresses a different or weak ETag (RFC 9110 §8.8.3.3). Check your
//!   compression layer for both, or turn ranges off
//!   ([`ConditionalLayer::ranges`]).
//!
//! ## Examples
//!
//! ```
//! use conneg::adapters::tower::ConditionalLayer;
//! use http_body_util::{BodyExt, Full};
//! use tower::{Layer, ServiceExt, service_fn};
//!
//! let inner = service_fn(|_req: http::Request<()>| async {
//!     Ok::<_, std::convert::Infallible>(
//!         http::Response::builder()
//!             .header("etag", "\"v1\"")
//!             .header("content-type", "text/plain")
//!             .body(Full::new(bytes::Bytes::from_static(b"hello, world")))
//!             .unwrap(),
//!     )
//! });
//! let service = ConditionalLayer::new().layer(inner);
//!
//! let request = http::Request::get("/").header("range", "bytes=7-").body(()).unwrap();
//! let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let response = runtime.block_on(service.oneshot(request)).unwrap();
//! assert_eq!(response.status(), 206);
//! assert_eq!(response.headers()["content-range"], "bytes 7-11/12");
//! let body = runtime.block_on(response.into_body().collect()).unwrap().to_bytes();
//! assert_eq!(&body[..], b"world");
//! ```

mod budget;
mod body;
mod future;
mod layer;
mod refusal;
mod precondition;
mod negotiate;

pub use body::{BoxError, ConditionalBody, LengthMismatch};
pub use future::ResponseFuture;
pub use layer::{Conditional, ConditionalLayer, DEFAULT_BUFFER_BUDGET, DEFAULT_MAX_BODY};
pub use negotiate::{NegotiateFuture, NegotiateLayer, NegotiateService, Negotiated};
pub use precondition::{PreconditionFuture, PreconditionLayer, PreconditionService, Validators};
pub use refusal::CheckedBody;
