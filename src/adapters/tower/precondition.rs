//! [`PreconditionLayer`]: the preconditions of unsafe methods, evaluated
//! before the inner service runs (RFC 9110 §13.2.2), from the [`Validators`]
//! the application looks up for the target.

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};

use ::http::header::HeaderValue;
use ::http::{Request, Response, request::Parts};
use http_body::Body;
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use super::body::BoxError;
use super::future::now;
use super::refusal::{self, CheckedBody};
use crate::adapters::http::HeaderLines;
use crate::{EntityTag, EntityTagBuf, Field, HttpDate, Precondition, Problem, Representation, RequestMethod};

/// The target's current validators, as the application knows them: its
/// entity-tag and Last-Modified date, either or neither. A
/// [`PreconditionLayer`]'s lookup answers `Some(Validators)` when the target
/// has a current representation and `None` when it has none (RFC 9110
/// §13.1.1: `If-Match` is then false, `If-None-Match: *` true).
///
/// ```
/// use conneg::adapters::tower::Validators;
/// use conneg::{EntityTagBuf, HttpDate};
///
/// let version: u64 = 7;
/// let current = Validators::new()
///     .etag(EntityTagBuf::from_hash(&version.to_be_bytes(), false))
///     .last_modified(HttpDate::from_unix_seconds(784_111_777).unwrap());
/// # let _ = current;
/// // An entity-tag kept as a field value (from a stored response, say):
/// let stored = Validators::new().etag_value(http::HeaderValue::from_static("\"v2\""));
/// # let _ = stored;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    etag: Option<Tag>,
    last_modified: Option<HttpDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tag {
    Buf(EntityTagBuf),
    Value(HeaderValue),
}

impl Validators {
    /// A current representation with no validators (yet).
    pub const fn new() -> Self {
        Validators {
            etag: None,
            last_modified: None,
        }
    }

    /// The current entity-tag.
    pub fn etag(mut self, tag: EntityTagBuf) -> Self {
        self.etag = Some(Tag::Buf(tag));
        self
    }

    /// The current entity-tag as its field value (`"v2"` with the quotes,
    /// or `W/"v2"`). A value that is not an entity-tag (RFC 9110 §8.8.3)
    /// counts as none: every `If-Match` naming a tag is then false (412).
    pub fn etag_value(mut self, value: HeaderValue) -> Self {
        self.etag = Some(Tag::Value(value));
        self
    }

    /// The current Last-Modified date (for `If-Unmodified-Since`).
    pub const fn last_modified(mut self, date: HttpDate) -> Self {
        self.last_modified = Some(date);
        self
    }

    /// The representation the §13.2.2 evaluation reads.
    fn representation(&self) -> Representation<'_> {
        let tag = match &self.etag {
            Some(Tag::Buf(buf)) => Some(buf.entity_tag()),
            Some(Tag::Value(value)) => EntityTag::parse(value.as_bytes()).ok(),
            None => None,
        };
        let rep = Representation::new();
        let rep = match tag {
            Some(tag) => rep.etag(tag),
            None => rep,
        };
        match self.last_modified {
            Some(date) => rep.last_modified(date),
            None => rep,
        }
    }
}

/// A `tower` layer that evaluates the preconditions of unsafe methods
/// (POST, PUT, DELETE, PATCH and unknown methods, RFC 9110 §9.2.1) **before**
/// the inner service runs: `If-Match`, `If-Unmodified-Since` and
/// `If-None-Match` (RFC 9110 §13.1.1, §13.1.4, §13.1.2, in the order of
/// §13.2.2), and optionally the rule that such a request must carry one
/// ([`require_precondition`](Self::require_precondition), RFC 6585 §3).
///
/// For such a request the layer asks `lookup` for the target's current
/// [`Validators`] (`None`: the target has no current representation) and
/// evaluates the request's fields against them with the crate's §13.2.2
/// evaluation ([`Conditions::evaluate`](crate::Conditions::evaluate)). A
/// false condition gets `412 Precondition Failed` and a missing one (when
/// required) `428 Precondition Required`, each with an
/// `application/problem+json` body ([`Problem::precondition_failed`],
/// [`Problem::precondition_required`]; the 428 with `Cache-Control:
/// no-store`) — **and the inner service is never called**. Otherwise the
/// request goes to the inner service unchanged. As the crate's policy
/// has it, a malformed `If-Match` or `If-None-Match` on an unsafe method is
/// false (412), never half-read.
///
/// GET, HEAD, OPTIONS, TRACE and CONNECT pass through untouched (and no
/// lookup runs): the preconditions of GET and HEAD are for
/// [`ConditionalLayer`](super::ConditionalLayer), after the handler; those
/// of the others are ignored (RFC 9110 §13.2.1). Neither does a request
/// without `If-Match`, `If-Unmodified-Since` and `If-None-Match` cost a
/// lookup: its evaluation does not depend on the target's state (it
/// proceeds, or gets the 428).
///
/// # The lost-update guarantee, and its limit
///
/// `If-Match` exists to prevent the "lost update" of parallel writers
/// (RFC 9110 §13.1.1): a client that sends the entity-tag it last saw
/// cannot overwrite a change it has not seen *as of the lookup* — the layer
/// refuses the request before the handler touches anything, so no handler
/// needs to re-check. But the lookup and the handler's write are two
/// steps, not one: another request can change the target in between, and
/// both then pass. RFC 9110 §13.1.1 has the origin server evaluate the
/// condition before performing the method; under concurrent writers only
/// the store can make that hold. So the write must itself be conditional
/// on the state that was checked — a compare-and-swap in the store
/// (`UPDATE … WHERE version = $checked`, a conditional put, a lock held
/// from the lookup to the write) — and answer 412 itself if the state
/// moved. The layer takes the common case off the handler (a stale client
/// refused before any work), not that race.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use conneg::adapters::tower::{PreconditionLayer, Validators};
/// use conneg::EntityTagBuf;
/// use http_body_util::Full;
/// use tower::{Layer, ServiceExt, service_fn};
///
/// // The store: one document at version 2.
/// let version = Arc::new(std::sync::atomic::AtomicU64::new(2));
/// let lookup = {
///     let version = Arc::clone(&version);
///     move |_parts: &http::request::Parts| {
///         // Take what the future needs from the request before `async`.
///         let v = version.load(std::sync::atomic::Ordering::SeqCst);
///         async move { Some(Validators::new().etag(EntityTagBuf::from_hash(&v.to_be_bytes(), false))) }
///     }
/// };
/// let handler = service_fn(|_req: http::Request<()>| async {
///     Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(bytes::Bytes::from_static(b"saved"))))
/// });
/// let service = PreconditionLayer::new(lookup).require_precondition(true).layer(handler);
///
/// let put = |if_match: Option<&str>| {
///     let mut request = http::Request::put("/doc");
///     if let Some(tag) = if_match {
///         request = request.header("if-match", tag);
///     }
///     request.body(()).unwrap()
/// };
/// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let status = |request| runtime.block_on(service.clone().oneshot(request)).unwrap().status();
/// assert_eq!(status(put(Some("\"0000000000000001\""))), 412); // based on version 1: refused
/// assert_eq!(status(put(None)), 428); // not conditional: refused
/// assert_eq!(status(put(Some("\"0000000000000002\""))), 200); // current: the handler runs
/// ```
#[derive(Clone)]
pub struct PreconditionLayer<L> {
    lookup: L,
    require: bool,
}

impl<L> PreconditionLayer<L> {
    /// Checks unsafe requests against the validators `lookup` gives for
    /// them: a function or closure `Fn(&http::request::Parts) -> impl
    /// Future<Output = Option<Validators>>`. The future may not borrow the
    /// request head: copy out what it needs (the path, an id) first. Without
    /// [`require_precondition`](Self::require_precondition), an unsafe
    /// request without preconditions passes.
    pub const fn new(lookup: L) -> Self {
        PreconditionLayer {
            lookup,
            require: false,
        }
    }

    /// Answer `428 Precondition Required` (RFC 6585 §3) to an unsafe request
    /// that carries none of `If-Match`, `If-Unmodified-Since`,
    /// `If-None-Match` (as [`Resource::require_precondition`](crate::Resource::require_precondition)).
    /// Default off.
    pub fn require_precondition(mut self, require: bool) -> Self {
        self.require = require;
        self
    }
}

impl<L> fmt::Debug for PreconditionLayer<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreconditionLayer")
            .field("require_precondition", &self.require)
            .finish_non_exhaustive()
    }
}

impl<S, L: Clone> Layer<S> for PreconditionLayer<L> {
    type Service = PreconditionService<S, L>;

    fn layer(&self, inner: S) -> PreconditionService<S, L> {
        PreconditionService {
            inner,
            lookup: self.lookup.clone(),
            require: self.require,
        }
    }
}

/// The service [`PreconditionLayer`] wraps around an inner service. The
/// inner service must be `Clone` (axum's routes and handlers are): the
/// clone made ready is taken into the response future, which calls it
/// once the lookup has answered.
#[derive(Clone)]
pub struct PreconditionService<S, L> {
    inner: S,
    lookup: L,
    require: bool,
}

impl<S, L> PreconditionService<S, L> {
    /// The inner service.
    pub const fn get_ref(&self) -> &S {
        &self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: fmt::Debug, L> fmt::Debug for PreconditionService<S, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreconditionService")
            .field("inner", &self.inner)
            .field("require_precondition", &self.require)
            .finish_non_exhaustive()
    }
}

/// Methods whose preconditions the layer evaluates: the unsafe ones
/// (RFC 9110 §9.2.1) but CONNECT, which ignores them (§13.2.1).
fn checked(method: RequestMethod) -> bool {
    !method.is_safe() && !method.ignores_preconditions()
}

/// The §13.2.2 evaluation of the request's fields against the target's
/// state (`None`: no current representation).
fn evaluate(parts: &Parts, validators: Option<&Validators>, require: bool) -> Precondition {
    let lines = HeaderLines::from_parts(parts);
    let rep = match validators {
        Some(v) => v.representation(),
        None => Representation::missing(),
    };
    lines
        .request()
        .conditions()
        .require_precondition(require)
        .now(now())
        .evaluate(&rep)
}

/// The refusal for an evaluation that did not proceed. `NotModified` only
/// comes for GET and HEAD, and `AlreadyApplied` only from
/// `evaluate_with`: neither reaches here, and both fail safe as 412.
fn refusal(outcome: Precondition) -> Option<Response<::bytes::Bytes>> {
    match outcome {
        Precondition::Proceed(_) => None,
        Precondition::Required => Some(refusal::problem(&Problem::precondition_required())),
        Precondition::Failed | Precondition::NotModified | Precondition::AlreadyApplied => {
            Some(refusal::problem(&Problem::precondition_failed()))
        }
    }
}

impl<S, L, Fut, ReqBody, ResBody> Service<Request<ReqBody>> for PreconditionService<S, L>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone,
    L: Fn(&Parts) -> Fut,
    Fut: Future<Output = Option<Validators>>,
    ResBody: Body,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response<CheckedBody<ResBody>>;
    type Error = S::Error;
    type Future = PreconditionFuture<S, Fut, ReqBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let require = self.require;
        let state = if !checked(crate::adapters::http::method(request.method())) {
            State::Call {
                call: self.inner.call(request),
            }
        } else {
            let lines = HeaderLines::from_request(&request);
            let conditional = [Field::IfMatch, Field::IfUnmodifiedSince, Field::IfNoneMatch]
                .into_iter()
                .any(|f| lines.received(f) > 0);
            if conditional {
                // The ready service goes into the future; a clone stays.
                let clone = self.inner.clone();
                let inner = core::mem::replace(&mut self.inner, clone);
                let (parts, body) = request.into_parts();
                State::Lookup {
                    lookup: (self.lookup)(&parts),
                    inner: Some(inner),
                    request: Some((parts, body)),
                }
            } else {
                // Nothing to compare: proceed, or 428.
                let (parts, body) = request.into_parts();
                match refusal(evaluate(&parts, None, require)) {
                    Some(response) => State::Refused {
                        response: Some(response),
                    },
                    None => State::Call {
                        call: self.inner.call(Request::from_parts(parts, body)),
                    },
                }
            }
        };
        PreconditionFuture { state, require }
    }
}

pin_project! {
    /// The future of a [`PreconditionService`] response: the lookup, then
    /// the inner service's call or the refusal.
    pub struct PreconditionFuture<S, Fut, ReqBody>
    where
        S: Service<Request<ReqBody>>,
    {
        #[pin]
        state: State<S, Fut, ReqBody, S::Future>,
        require: bool,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<S, Fut, ReqBody, F> {
        Lookup {
            #[pin]
            lookup: Fut,
            inner: Option<S>,
            request: Option<(Parts, ReqBody)>,
        },
        Call {
            #[pin]
            call: F,
        },
        Refused {
            response: Option<Response<::bytes::Bytes>>,
        },
    }
}

impl<S, Fut, ReqBody> fmt::Debug for PreconditionFuture<S, Fut, ReqBody>
where
    S: Service<Request<ReqBody>>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Lookup { .. } => "Lookup",
            State::Call { .. } => "Call",
            State::Refused { .. } => "Refused",
        };
        f.debug_struct("PreconditionFuture")
            .field("state", &state)
            .finish()
    }
}

impl<S, Fut, ReqBody, ResBody> Future for PreconditionFuture<S, Fut, ReqBody>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    Fut: Future<Output = Option<Validators>>,
    ResBody: Body,
    ResBody::Error: Into<BoxError>,
{
    type Output = Result<Response<CheckedBody<ResBody>>, S::Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            let this = self.as_mut().project();
            let next = match this.state.project() {
                StateProj::Call { call } => {
                    return Poll::Ready(Ok(ready!(call.poll(cx))?.map(CheckedBody::inner)));
                }
                StateProj::Refused { response } => {
                    // Taken once (polled after completion: a bare 500).
                    let response = response
                        .take()
                        .unwrap_or_else(|| refusal::problem(&Problem::new(500)));
                    return Poll::Ready(Ok(response.map(CheckedBody::refusal)));
                }
                StateProj::Lookup {
                    lookup,
                    inner,
                    request,
                } => {
                    let validators = ready!(lookup.poll(cx));
                    let (Some((parts, body)), Some(mut inner)) = (request.take(), inner.take()) else {
                        // Cannot happen: the state changes below, in this poll.
                        return Poll::Pending;
                    };
                    match refusal(evaluate(&parts, validators.as_ref(), *this.require)) {
                        Some(response) => State::Refused {
                            response: Some(response),
                        },
                        None => State::Call {
                            call: inner.call(Request::from_parts(parts, body)),
                        },
                    }
                }
            };
            self.as_mut().project().state.set(next);
        }
    }
}
