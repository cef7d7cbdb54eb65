//! [`ConditionalLayer`] and the [`Conditional`] service it wraps around an
//! inner service, with their settings.

use core::task::{Context, Poll};

use ::http::Response;
use http_body::Body;
use tower_layer::Layer;
use tower_service::Service;

use super::body::{BoxError, ConditionalBody};
use super::future::{Captured, Config, ResponseFuture};
use crate::range::DEFAULT_MAX_RANGES;

/// The default [`ConditionalLayer::max_body`]: 16 MiB.
pub const DEFAULT_MAX_BODY: u64 = 16 * 1024 * 1024;

/// A `tower` layer giving the wrapped service conditional GET/HEAD and byte
/// ranges (see the [module docs](crate::adapters::tower), and their
/// warning: GET and HEAD only; unsafe methods pass through unchecked).
///
/// ```
/// use conneg::adapters::tower::ConditionalLayer;
///
/// let layer = ConditionalLayer::new().max_body(1 << 20).max_ranges(4);
/// # let _ = layer;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionalLayer {
    config: Config,
}

impl ConditionalLayer {
    /// Preconditions and ranges on, bodies up to [`DEFAULT_MAX_BODY`]
    /// sliced, at most [`DEFAULT_MAX_RANGES`] ranges.
    pub const fn new() -> Self {
        ConditionalLayer {
            config: Config {
                max_body: DEFAULT_MAX_BODY,
                ranges: true,
                max_ranges: DEFAULT_MAX_RANGES,
            },
        }
    }

    /// The largest body (bytes) collected to serve several ranges out of
    /// ascending order; a larger one gets the full `200` for such requests.
    /// Single and ascending ranges are streamed whatever the size.
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
        }
    }
}

/// The service [`ConditionalLayer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct Conditional<S> {
    inner: S,
    config: Config,
}

impl<S> Conditional<S> {
    /// Wraps `inner` with the default [`ConditionalLayer`] settings.
    pub const fn new(inner: S) -> Self {
        Conditional {
            inner,
            config: ConditionalLayer::new().config,
        }
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
        ResponseFuture::new(self.inner.call(request), captured, self.config)
    }
}
