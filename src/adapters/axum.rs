//! Feature `axum`: axum 0.8 handlers around [`Resource::decide`].
//!
//! - [`RequestFields`], an extractor: the request's method and the lines of
//!   the ten [`Field`]s `decide` reads, in one handler argument;
//!   [`RequestFields::decide`] gives the [`Decision`].
//! - The response: [`respond`](super::http::respond) returns an
//!   `http::Response<`[`Body`]`>`, which axum takes as is (`IntoResponse`).
//!   [`MethodNotAllowed`] (405 with `Allow`), [`Problem`] (rendered at
//!   conversion, so it may borrow), [`StatusResponse`] (201, 204, a
//!   redirect, 401, 503… with the fields its status requires) and [`Body`]
//!   (a `200`) are `IntoResponse` too, so a handler can return `Result<Response, MethodNotAllowed>` and
//!   use `?` on [`MethodSet::check`](crate::MethodSet::check).
//!
//! A 304 to HEAD goes out without `Content-Length: 0`: axum's router adds a
//! `Content-Length` from a body's exact size hint when the response has none,
//! and [`Body`] gives no exact hint for the empty body of a 304 or HEAD.
//!
//! ```
//! use axum::{Router, routing::get};
//! use conneg::adapters::{axum::RequestFields, http::respond};
//! use conneg::{EntityTag, MethodNotAllowed, MethodSet, RequestMethod, Resource, Variant};
//!
//! const PAGE: [Variant<'static>; 2] = [
//!     Variant::new("text/html").with_etag(EntityTag::from_static("\"h1\"")).with_length(12),
//!     Variant::new("application/json").with_etag(EntityTag::from_static("\"j1\"")).with_length(11),
//! ];
//! const BODIES: [&str; 2] = ["<p>hello</p>", r#"{"hello":1}"#];
//!
//! async fn page(fields: RequestFields) -> Result<http::Response<conneg::adapters::http::Body>, MethodNotAllowed> {
//!     MethodSet::EMPTY.with(RequestMethod::Get).check(fields.method())?;
//!     let decision = fields.decide(&Resource::new(&PAGE));
//!     let body = decision.variant_index().map_or("", |i| BODIES[i]);
//!     Ok(respond(&decision, body))
//! }
//!
//! let app: Router = Router::new().route("/", get(page));
//! ```

use core::convert::Infallible;

use ::http::request::Parts;
use ::http::{HeaderMap, Method};
use axum_core::extract::FromRequestParts;
use axum_core::response::{IntoResponse, Response};

use super::http::{Body, HeaderLines, header_name, method_not_allowed, problem, status_response};
use crate::{Decision, Field, MethodNotAllowed, Problem, RequestMethod, Resource, StatusResponse};

/// An extractor: the request's method and the lines of the ten [`Field`]s
/// [`Resource::decide`] reads (`Accept*`, `If-*`, `Range`), owned, so one
/// handler argument carries the whole negotiation and precondition input.
///
/// What it costs: a `HeaderMap` holding only those fields (empty — no
/// allocation — when the request has none of them; otherwise the map's
/// storage), each value a `HeaderValue` clone (a reference-count increment
/// for the values hyper parsed, no copy of the octets). The request's own
/// headers are left as they are.
///
/// ```
/// use conneg::adapters::axum::RequestFields;
/// use conneg::{Field, RequestMethod};
///
/// let request = http::Request::get("/").header("accept", "text/html").header("x-other", "1").body(()).unwrap();
/// let (parts, ()) = request.into_parts();
/// let fields = RequestFields::from_parts(&parts);
/// assert_eq!((fields.method(), fields.headers().len()), (RequestMethod::Get, 1));
/// assert_eq!(fields.lines().request().get(Field::Accept).line(0), Some(&b"text/html"[..]));
/// ```
#[derive(Clone, Debug)]
pub struct RequestFields {
    method: Method,
    headers: HeaderMap,
}

impl RequestFields {
    /// The method and the ten fields of a request head.
    ///
    /// Allocates: the map, sized once from the number of lines kept, and the
    /// first clone of a value whose bytes are not yet shared (`HeaderValue`
    /// clones are reference-counted); about one allocation per line kept,
    /// none when none of the ten fields is present. Reading
    /// [`lines`](Self::lines) and deciding allocate nothing. Where the
    /// request is at hand by reference (a middleware, a tower layer),
    /// [`HeaderLines::from_request`] reads it with no allocation at all.
    pub fn from_parts(parts: &Parts) -> RequestFields {
        let kept: usize = Field::ALL
            .iter()
            .map(|&field| parts.headers.get_all(header_name(field)).iter().count())
            .sum();
        let mut headers = HeaderMap::with_capacity(kept);
        for field in Field::ALL {
            let name = header_name(field);
            for value in parts.headers.get_all(&name) {
                headers.append(name.clone(), value.clone());
            }
        }
        RequestFields {
            method: parts.method.clone(),
            headers,
        }
    }

    /// The request method.
    pub fn method(&self) -> RequestMethod {
        super::http::method(&self.method)
    }

    /// The fields kept (only the ten [`Field`]s).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The fields' lines, borrowed ([`HeaderLines`], no allocation), whose
    /// [`request`](HeaderLines::request) is the [`RequestHead`](crate::RequestHead).
    pub fn lines(&self) -> HeaderLines<'_> {
        HeaderLines::new(&self.method, &self.headers)
    }

    /// The resource's decision for this request.
    pub fn decide<'r, 'v>(&self, resource: &Resource<'r, 'v>) -> Decision<'r, 'v> {
        resource.decide(&self.lines().request())
    }
}

impl<S: Sync> FromRequestParts<S> for RequestFields {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestFields::from_parts(parts))
    }
}

impl IntoResponse for MethodNotAllowed {
    /// `405` with `Allow` and the problem+json body ([`method_not_allowed`]).
    fn into_response(self) -> Response {
        method_not_allowed(&self).into_response()
    }
}

impl IntoResponse for Problem<'_> {
    /// The problem's status, `Content-Type: application/problem+json` and
    /// body, written here ([`problem`]).
    fn into_response(self) -> Response {
        problem(&self).into_response()
    }
}

impl IntoResponse for StatusResponse<'_> {
    /// The status, its required fields and its problem body, if any
    /// ([`status_response`]; for the handler's own content,
    /// [`status_response_with`](super::http::status_response_with)).
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use conneg::{StatusResponse, response_status::Challenge};
    ///
    /// async fn private() -> StatusResponse<'static> {
    ///     StatusResponse::unauthorized(Challenge::bearer("conneg-demo").unwrap())
    /// }
    /// let response = StatusResponse::unauthorized(Challenge::bearer("api").unwrap()).into_response();
    /// assert_eq!(response.headers()["www-authenticate"], "Bearer realm=\"api\"");
    /// let _app: axum::Router = axum::Router::new().route("/private", axum::routing::get(private));
    /// ```
    fn into_response(self) -> Response {
        status_response(&self).into_response()
    }
}

impl IntoResponse for Body {
    /// A `200` with this body.
    fn into_response(self) -> Response {
        Response::new(axum_core::body::Body::new(self))
    }
}
