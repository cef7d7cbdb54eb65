//! What the checking layers ([`PreconditionLayer`](super::PreconditionLayer),
//! [`NegotiateLayer`](super::NegotiateLayer)) answer in place of the inner
//! service — a 406, 412 or 428 — and the [`CheckedBody`] of their
//! responses. The refusals are the `http` adapter's one-call responses
//! ([`respond`](crate::adapters::http::respond) for the 406,
//! [`problem`](crate::adapters::http::problem) for the 412 and 428), so
//! each status, field and body has one writer.

use ::bytes::Bytes;
use ::http::Response;
use core::fmt;
use core::pin::Pin;
use core::task::{Context, Poll};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use super::body::{BoxError, poll_inner};
use crate::adapters::http;
use crate::{Decision, Problem};

pin_project! {
    /// The body of a [`PreconditionService`](super::PreconditionService) or
    /// [`NegotiateService`](super::NegotiateService) response: the inner
    /// service's body, passed through, or the refusal the layer answered
    /// with (a 406, 412 or 428 body; none to HEAD). Data is
    /// [`Bytes`][bytes] (the inner body's chunks are converted with
    /// `Buf::copy_to_bytes`, which does not copy when they already are
    /// `Bytes`); errors are boxed ([`BoxError`]).
    ///
    /// [bytes]: https://docs.rs/bytes/1/bytes/struct.Bytes.html
    pub struct CheckedBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Inner { #[pin] body: B },
        Refusal { bytes: Option<Bytes> },
    }
}

impl<B> CheckedBody<B> {
    /// The inner body, passed through.
    pub const fn inner(body: B) -> Self {
        CheckedBody {
            kind: Kind::Inner { body },
        }
    }

    /// A refusal's body (its bytes sent as one frame).
    pub(super) fn refusal(bytes: Bytes) -> Self {
        CheckedBody {
            kind: Kind::Refusal {
                bytes: (!bytes.is_empty()).then_some(bytes),
            },
        }
    }
}

impl<B> fmt::Debug for CheckedBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Inner { .. } => "Inner",
            Kind::Refusal { .. } => "Refusal",
        };
        f.debug_tuple("CheckedBody").field(&kind).finish()
    }
}

impl<B> Body for CheckedBody<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => poll_inner(body, cx),
            KindProj::Refusal { bytes } => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Refusal { bytes } => bytes.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Refusal { bytes } => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
        }
    }
}

/// The 412 or 428 of a precondition check (RFC 9110 §15.5.13, RFC 6585
/// §3): [`http::problem`], the problem+json body (RFC 9457) whose `status`
/// member is the status sent (a 428 with `Cache-Control: no-store`, as
/// [`http::problem`] writes it: caches must not store it, RFC 6585 §3).
pub(super) fn problem(problem: &Problem<'_>) -> Response<Bytes> {
    http::problem(problem).map(http::Body::into_bytes)
}

/// The 406 of a negotiation (RFC 9110 §15.5.7): [`http::respond`] of the
/// decision — its fields (`Vary`), and the alternatives in the format the
/// request's `Accept` prefers (an HTML list for a browser, problem+json
/// otherwise). HEAD gets the fields and GET's `Content-Length`, no body.
pub(super) fn not_acceptable(decision: &Decision<'_, '_>) -> Response<Bytes> {
    http::respond(decision, Bytes::new()).map(http::Body::into_bytes)
}
