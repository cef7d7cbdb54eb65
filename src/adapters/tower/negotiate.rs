//! [`NegotiateLayer`]: proactive negotiation (RFC 9110 §12.1) in front of a
//! handler that serves several representations: 406 without calling it,
//! or the chosen variant handed to it ([`Negotiated`]) and `Vary` added to
//! its response.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::vec::Vec;

use ::http::header::{self, HeaderMap, HeaderValue};
use ::http::{Request, Response};
use http_body::Body;
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use super::body::BoxError;
use super::refusal::{self, CheckedBody};
use crate::adapters::http::HeaderLines;
use crate::negotiate::Fallback;
use crate::{Field, Outcome, RequestHead, Resource, TieBreak, Variant, Vary};

/// The variant a [`NegotiateLayer`] chose, in the request's extensions
/// for the inner service (`request.extensions().get::<Negotiated>()`, or
/// axum's `Extension<Negotiated>` extractor).
///
/// ```
/// use conneg::adapters::tower::Negotiated;
///
/// fn content_type(request: &http::Request<()>) -> &'static str {
///     request.extensions().get::<Negotiated>().map_or("text/plain", |n| n.variant().media_type())
/// }
/// # assert_eq!(content_type(&http::Request::new(())), "text/plain");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Negotiated {
    index: usize,
    variant: Variant<'static>,
    vary: Vary,
}

impl Negotiated {
    /// The chosen variant's index in the layer's list.
    pub const fn index(&self) -> usize {
        self.index
    }

    /// The chosen variant: what the response's `Content-Type`,
    /// `Content-Language`, `Content-Encoding` should say (RFC 9110 §8.3 to
    /// §8.5).
    pub const fn variant(&self) -> &Variant<'static> {
        &self.variant
    }

    /// The `Vary` value the layer adds to the response (empty for methods
    /// other than GET and HEAD, whose response is not the negotiated
    /// representation).
    pub const fn vary(&self) -> Vary {
        self.vary
    }
}

/// A `tower` layer that negotiates the request's `Accept`,
/// `Accept-Language`, `Accept-Charset` and `Accept-Encoding` (RFC 9110
/// §12.5) against a resource's variants **before** the inner service runs,
/// with the crate's selection ([`Resource::decide`] on those four fields;
/// the inner service's validators, lengths and ranges are not its
/// business):
///
/// - **Nothing acceptable** (GET and HEAD): `406 Not Acceptable`
///   (RFC 9110 §15.5.7) with `Vary` and the list of alternatives, as HTML
///   for a client that prefers `text/html` and as `application/problem+json`
///   otherwise ([`Alternatives`](crate::Alternatives); HEAD gets the fields
///   only) — the inner service is not called.
/// - **Otherwise** the inner service is called with the chosen variant in
///   the request's extensions ([`Negotiated`]), and the layer adds the
///   `Vary` field the choice depends on (RFC 9110 §12.5.5) to its response,
///   merged with a `Vary` the response already has (each field named
///   once; a `Vary: *` is left alone).
///
/// Other methods are not refused: the response to a POST or PUT is not the
/// negotiated representation. Their handler gets the best variant, or the
/// first if none is acceptable, and no `Vary` is added. With no variants at
/// all, every request passes through without a [`Negotiated`].
///
/// The variants are `'static`: a `const` or `static` list, or one built at
/// start-up and leaked (`Box::leak`) to live as long as the server. They
/// are prepared once ([`Resource::prepared`]).
///
/// Put [`ConditionalLayer`](super::ConditionalLayer) *inside* this layer
/// (closer to the handler) to have the chosen representation's 304, 412 and
/// ranges; the `Vary` this layer adds then reaches every such response.
///
/// # Examples
///
/// ```
/// use conneg::adapters::tower::{NegotiateLayer, Negotiated};
/// use conneg::Variant;
/// use http_body_util::Full;
/// use tower::{Layer, ServiceExt, service_fn};
///
/// static VARIANTS: [Variant<'static>; 2] = [Variant::new("text/html"), Variant::new("application/json")];
///
/// let handler = service_fn(|request: http::Request<()>| async move {
///     let chosen = request.extensions().get::<Negotiated>().map(|n| n.index());
///     let (content_type, body) = match chosen {
///         Some(1) => ("application/json", "{\"greeting\":\"hello\"}"),
///         _ => ("text/html", "<p>hello</p>"),
///     };
///     Ok::<_, std::convert::Infallible>(
///         http::Response::builder()
///             .header("content-type", content_type)
///             .body(Full::new(bytes::Bytes::from_static(body.as_bytes())))
///             .unwrap(),
///     )
/// });
/// let service = NegotiateLayer::new(&VARIANTS).layer(handler);
/// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let get = |accept: &str| {
///     let request = http::Request::get("/").header("accept", accept).body(()).unwrap();
///     runtime.block_on(service.clone().oneshot(request)).unwrap()
/// };
///
/// let json = get("application/json");
/// assert_eq!(json.headers()["content-type"], "application/json");
/// assert_eq!(json.headers()["vary"], "Accept, Accept-Encoding");
///
/// let refused = get("image/png");
/// assert_eq!(refused.status(), 406);
/// assert_eq!(refused.headers()["vary"], "Accept, Accept-Encoding");
/// assert_eq!(refused.headers()["content-type"], "application/problem+json");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct NegotiateLayer {
    resource: Resource<'static, 'static>,
}

impl NegotiateLayer {
    /// Negotiates among `variants` (in the server's order of preference),
    /// with the default policies of [`Resource::new`]: 406 when nothing is
    /// acceptable, RFC 4647 Lookup fallback for languages.
    pub const fn new(variants: &'static [Variant<'static>]) -> Self {
        NegotiateLayer {
            resource: Resource::new(variants).prepared(),
        }
    }

    /// What to do when no variant is acceptable ([`Resource::fallback`]):
    /// [`Fallback::FirstVariant`] serves the first instead of a 406.
    pub const fn fallback(mut self, fallback: Fallback) -> Self {
        self.resource = self.resource.fallback(fallback);
        self
    }

    /// Whether `Accept-Language` falls back to RFC 4647 Lookup, then is
    /// disregarded ([`Resource::language_fallback`]; default on).
    pub const fn language_fallback(mut self, on: bool) -> Self {
        self.resource = self.resource.language_fallback(on);
        self
    }

    /// How ties are broken ([`Resource::tie_break`]).
    pub const fn tie_break(mut self, tie: TieBreak) -> Self {
        self.resource = self.resource.tie_break(tie);
        self
    }

    /// The variants.
    pub const fn variants(&self) -> &'static [Variant<'static>] {
        self.resource.variants()
    }
}

impl<S> Layer<S> for NegotiateLayer {
    type Service = NegotiateService<S>;

    fn layer(&self, inner: S) -> NegotiateService<S> {
        NegotiateService {
            inner,
            resource: self.resource,
        }
    }
}

/// The service [`NegotiateLayer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct NegotiateService<S> {
    inner: S,
    resource: Resource<'static, 'static>,
}

impl<S> NegotiateService<S> {
    /// The inner service.
    pub const fn get_ref(&self) -> &S {
        &self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

/// The negotiation fields: the layer decides on these alone.
const NEGOTIATION: [Field; 4] = [
    Field::Accept,
    Field::AcceptLanguage,
    Field::AcceptCharset,
    Field::AcceptEncoding,
];

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for NegotiateService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Body,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response<CheckedBody<ResBody>>;
    type Error = S::Error;
    type Future = NegotiateFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let (negotiated, refused) = {
            let lines = HeaderLines::from_request(&request);
            let fields = lines.request();
            let head = NEGOTIATION
                .into_iter()
                .fold(RequestHead::new(fields.method()), |head, f| {
                    head.field(f, fields.get(f))
                });
            let decision = self.resource.decide(&head);
            if decision.outcome() == Outcome::NotAcceptable {
                let response = refusal::not_acceptable(&decision);
                (None, Some(response))
            } else {
                let negotiated = match (decision.variant_index(), decision.variant()) {
                    (Some(index), Some(&variant)) => Some(Negotiated {
                        index,
                        variant,
                        vary: decision.vary(),
                    }),
                    _ => None,
                };
                (negotiated, None)
            }
        };
        let kind = match refused {
            Some(response) => Kind::Refused {
                response: Some(response),
            },
            None => {
                if let Some(n) = negotiated {
                    request.extensions_mut().insert(n);
                }
                Kind::Call {
                    call: self.inner.call(request),
                    vary: negotiated.map_or(Vary::NONE, |n| n.vary),
                }
            }
        };
        NegotiateFuture { kind }
    }
}

pin_project! {
    /// The future of a [`NegotiateService`] response.
    #[derive(Debug)]
    pub struct NegotiateFuture<F> {
        #[pin]
        kind: Kind<F>,
    }
}

pin_project! {
    #[project = KindProj]
    #[derive(Debug)]
    enum Kind<F> {
        Call {
            #[pin]
            call: F,
            vary: Vary,
        },
        Refused {
            response: Option<Response<::bytes::Bytes>>,
        },
    }
}

impl<F, B, E> Future for NegotiateFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Body,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response<CheckedBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProj::Call { call, vary } => {
                let mut response = ready!(call.poll(cx))?;
                merge_vary(response.headers_mut(), *vary);
                Poll::Ready(Ok(response.map(CheckedBody::inner)))
            }
            KindProj::Refused { response } => {
                // Taken once (polled after completion: a bare 500).
                let response = response
                    .take()
                    .unwrap_or_else(|| refusal::problem(&crate::Problem::new(500)));
                Poll::Ready(Ok(response.map(CheckedBody::refusal)))
            }
        }
    }
}

/// Adds the fields of `vary` that the response's `Vary` lines do not name
/// yet (compared case-insensitively, RFC 9110 §5.1), as one line holding
/// the old members and the new; a `Vary: *` already says it all
/// (RFC 9110 §12.5.5).
fn merge_vary(headers: &mut HeaderMap, vary: Vary) {
    if vary.is_empty() {
        return;
    }
    let existing: Vec<&[u8]> = headers
        .get_all(header::VARY)
        .iter()
        .flat_map(|line| line.as_bytes().split(|&b| b == b','))
        .map(crate::syntax::trim_ows)
        .filter(|member| !member.is_empty())
        .collect();
    if existing.iter().any(|m| *m == b"*") {
        return;
    }
    let missing: Vec<&str> = vary
        .as_str()
        .split(", ")
        .filter(|name| !existing.iter().any(|m| m.eq_ignore_ascii_case(name.as_bytes())))
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut value: Vec<u8> = Vec::new();
    for member in existing
        .iter()
        .copied()
        .chain(missing.iter().map(|m| m.as_bytes()))
    {
        if !value.is_empty() {
            value.extend_from_slice(b", ");
        }
        value.extend_from_slice(member);
    }
    if let Ok(value) = HeaderValue::from_bytes(&value) {
        headers.insert(header::VARY, value);
    }
}
