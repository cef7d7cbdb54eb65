//! [`ConditionalLayer`] and the [`Conditional`] service it wraps around an
//! inner service, with their settings.

use core::task::{Context, Poll};

use ::http::Response;
use http_body::Body;
use tower_layer::Layer;
use tower_service::Service;

use super::body::{BoxError, ConditionalBody};
use super::budget::Pool;
use super::future::{Captured, Config, ResponseFuture};
use crate::range::DEFAULT_MAX_RANGES;

/// The default [`ConditionalLayer::max_body`]: 16 MiB.
pub const DEFAULT_MAX_BODY: u64 = 16 * 1024 * 1024;

/// The default [`ConditionalLayer::buffer_budget`]: 1 MiB, shared by all
/// the layer's in-flight responses.
pub const DEFAULT_BUFFER_BUDGET: u64 = 1024 * 1024;

/// A `tower` layer giving the wrapped service conditional GET/HEAD and byte
/// ranges (see the [module docs](crate::adapters::tower), and their
/// warning: GET and HEAD only; unsafe methods pass through unchecked —
/// [`PreconditionLayer`](super::PreconditionLayer) checks those before the
/// handler runs).
///
/// ```
/// use conneg::adapters::tower::ConditionalLayer;
///
/// let layer = ConditionalLayer::new().buffer_budget(256 * 1024).max_ranges(4);
/// # let _ = layer;
/// ```
///
/// The [`buffer_budget`](Self::buffer_budget) is shared by clones of the
/// layer and by every service it wraps: build the layer once and clone it
/// (as axum's `Router::layer` does) for one budget across routes.
#[derive(Clone, Debug)]
pub struct ConditionalLayer {
    config: Config,
    pool: Pool,
}

impl ConditionalLayer {
    /// Preconditions and ranges on, at most [`DEFAULT_MAX_RANGES`] ranges,
    /// a buffer budget of [`DEFAULT_BUFFER_BUDGET`] and a
    /// [`max_body`](Self::max_body) of [`DEFAULT_MAX_BODY`].
    pub fn new() -> Self {
        ConditionalLayer {
            config: Config {
                max_body: DEFAULT_MAX_BODY,
                buffer_budget: DEFAULT_BUFFER_BUDGET,
                ranges: true,
                max_ranges: DEFAULT_MAX_RANGES,
            },
            pool: Pool::default(),
        }
    }

    /// The most bytes (default [`DEFAULT_BUFFER_BUDGET`]) this layer's
    /// in-flight responses hold, all together, to serve several ranges
    /// out of ascending order, or overlapping, in the order requested
    /// (RFC 9110 §15.3.7.2).
    ///
    /// The inner body is read once, in order: the bytes of a range that
    /// pass before its turn (`0-9` in `bytes=100-199,0-9`) are copied as
    /// they arrive and held until sent — only those bytes, never a buffer
    /// sized from the body's length. A response is planned only if what it
    /// will hold fits what is left of the budget, and gives its share back
    /// as it sends the held bytes, ends or is dropped. When it does not
    /// fit, the parts are sent in ascending order, streamed, holding
    /// nothing (or, if they overlap, the full `200`, RFC 9110 §14.2).
    /// `0` serves every out-of-order request that way. Should the
    /// allocator refuse the held bytes, the body ends with an error
    /// ([`TryReserveError`](std::collections::TryReserveError)) rather than
    /// aborting the process.
    pub const fn buffer_budget(mut self, bytes: u64) -> Self {
        self.config.buffer_budget = bytes;
        self
    }

    /// The largest body (bytes) for which several ranges out of ascending
    /// order (or overlapping) are served; a larger one gets the full `200`
    /// for such requests. Single and ascending ranges are served whatever
    /// the size.
    ///
    /// Memory is bounded by [`buffer_budget`](Self::buffer_budget), not by
    /// this: nothing proportional to the body's length is allocated, so
    /// any value (`u64::MAX` included) is safe.
    pub const fn max_body(mut self, bytes: u64) -> Self {
        self.config.max_body = bytes;
        self
    }

    /// Whether `Range` is served (default on). Off: `Range` is ignored and
    /// no `Accept-Ranges` is added; preconditions still apply.
    pub const fn ranges(mut self, on: bool) -> Self {
        self.config.ranges = on;
        self
    }

    /// Most range-specs served (default and maximum [`DEFAULT_MAX_RANGES`]);
    /// more → the full 200.
    pub const fn max_ranges(mut self, max: usize) -> Self {
        self.config.max_ranges = max;
        self
    }
}

impl Default for ConditionalLayer {
    fn default() -> Self {
        ConditionalLayer::new()
    }
}

impl<S> Layer<S> for ConditionalLayer {
    type Service = Conditional<S>;

    fn layer(&self, inner: S) -> Conditional<S> {
        Conditional {
            inner,
            config: self.config,
            pool: self.pool.clone(),
        }
    }
}

/// The service [`ConditionalLayer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct Conditional<S> {
    inner: S,
    config: Config,
    pool: Pool,
}

impl<S> Conditional<S> {
    /// Wraps `inner` with the default [`ConditionalLayer`] settings (and a
    /// buffer budget of its own, shared by its clones).
    pub fn new(inner: S) -> Self {
        ConditionalLayer::new().layer(inner)
    }

    /// The inner service.
    pub const fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, ReqBody, ResBody> Service<::http::Request<ReqBody>> for Conditional<S>
where
    S: Service<::http::Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Body,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response<ConditionalBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: ::http::Request<ReqBody>) -> Self::Future {
        let captured = Captured::read(&request);
        ResponseFuture::new(self.inner.call(request), captured, self.config, self.pool.clone())
    }
}
