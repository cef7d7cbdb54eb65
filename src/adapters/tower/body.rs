//! The body of a [`Conditional`](super::Conditional) response: the inner
//! body, nothing, or the requested ranges cut out of it as it streams
//! (RFC 9110 §14.4, §14.6), and the [`LengthMismatch`] error that ends a
//! ranged body whose length broke its size hint's promise.

use core::fmt;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::boxed::Box;
use std::vec::Vec;

use ::bytes::{Buf, BufMut, Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use crate::ByteRange;

/// The error type of a [`ConditionalBody`]: the inner body's error, or a
/// [`LengthMismatch`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A piece of a ranged body: framing text, or bytes `first..end` of the
/// inner body.
#[derive(Debug)]
pub(super) enum Segment {
    Literal(Bytes),
    Range { first: u64, end: u64 },
}

impl Segment {
    pub(super) fn range(r: ByteRange) -> Segment {
        Segment::Range {
            first: r.first(),
            end: r.last().saturating_add(1),
        }
    }
}

/// Cuts the segments out of the inner body as it arrives. Ranges in
/// ascending order are streamed (a chunk is dropped once no range needs
/// it; nothing is buffered); otherwise the whole body (`expected` bytes,
/// at most `max_body`) is collected first.
#[derive(Debug)]
pub(super) struct Slicer {
    segments: Vec<Segment>,
    next: usize,
    /// The current input chunk and the offset of its first byte.
    chunk: Option<(u64, Bytes)>,
    /// Offset of the next input byte.
    pos: u64,
    /// Buffering mode: the body so far.
    collect: Option<BytesMut>,
    expected: u64,
    /// The ranged body's length (its `Content-Length`).
    pub(super) output_len: u64,
    done: bool,
}

type FramePoll = Poll<Option<Result<Frame<Bytes>, BoxError>>>;

impl Slicer {
    pub(super) fn new(expected: u64, segments: Vec<Segment>, output_len: u64, buffered: bool) -> Slicer {
        Slicer {
            segments,
            next: 0,
            chunk: None,
            pos: 0,
            collect: buffered.then(|| BytesMut::with_capacity(usize::try_from(expected).unwrap_or(0))),
            expected,
            output_len,
            done: false,
        }
    }

    fn poll<B>(&mut self, mut body: Pin<&mut B>, cx: &mut Context<'_>) -> FramePoll
    where
        B: Body,
        B::Error: Into<BoxError>,
    {
        loop {
            if self.done {
                return Poll::Ready(None);
            }
            // Emit what the current chunk allows.
            match self.segments.get_mut(self.next) {
                None => {
                    // Everything is out; the rest of the inner body is not needed.
                    self.done = true;
                    return Poll::Ready(None);
                }
                Some(Segment::Literal(text)) => {
                    let text = core::mem::take(text);
                    self.next += 1;
                    return Poll::Ready(Some(Ok(Frame::data(text))));
                }
                Some(Segment::Range { first, end }) => {
                    if let Some((start, chunk)) = &self.chunk {
                        let chunk_end = start.saturating_add(chunk.len() as u64);
                        if chunk_end <= *first {
                            self.chunk = None; // wholly before the range
                            continue;
                        }
                        let (Some(from), Some(to)) = (
                            first.checked_sub(*start).and_then(|n| usize::try_from(n).ok()),
                            usize::try_from((*end).min(chunk_end) - start).ok(),
                        ) else {
                            // Bytes already dropped: cannot happen for
                            // ascending ranges or a whole buffered body.
                            return self.fail(self.pos);
                        };
                        let out = chunk.slice(from..to);
                        *first = (*end).min(chunk_end);
                        if *first == *end {
                            self.next += 1;
                        }
                        return Poll::Ready(Some(Ok(Frame::data(out))));
                    }
                }
            }
            // Need more input.
            match ready!(body.as_mut().poll_frame(cx)) {
                Some(Ok(frame)) => {
                    // Trailers of a sliced body are dropped.
                    let Ok(mut data) = frame.into_data() else { continue };
                    let n = data.remaining() as u64;
                    let received = self.pos.saturating_add(n);
                    if received > self.expected {
                        return self.fail(received);
                    }
                    self.pos = received;
                    match &mut self.collect {
                        Some(buf) => buf.put(data),
                        None => {
                            let start = received - n;
                            self.chunk = Some((start, data.copy_to_bytes(data.remaining())));
                        }
                    }
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(e.into())));
                }
                None if self.pos != self.expected => return self.fail(self.pos),
                None => match self.collect.take() {
                    Some(buf) => self.chunk = Some((0, buf.freeze())),
                    // Streaming, input over, segments left: only if a range
                    // lay past `expected`, which `decide` rules out.
                    None => return self.fail(self.pos),
                },
            }
        }
    }

    fn fail(&mut self, received: u64) -> FramePoll {
        self.done = true;
        let error = LengthMismatch {
            expected: self.expected,
            received,
        };
        Poll::Ready(Some(Err(Box::new(error))))
    }
}

/// The inner body of a ranged response ended at a different length than
/// its size hint promised; the response (already sent with a
/// `Content-Length`) cannot be completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LengthMismatch {
    expected: u64,
    received: u64,
}

impl LengthMismatch {
    /// The length the body's size hint promised.
    pub const fn expected(&self) -> u64 {
        self.expected
    }

    /// The bytes received when the mismatch was noticed: fewer than
    /// expected at the body's end, or more as soon as it ran over.
    pub const fn received(&self) -> u64 {
        self.received
    }
}

impl fmt::Display for LengthMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response body length {} differs from its exact size hint {}",
            self.received, self.expected
        )
    }
}

impl std::error::Error for LengthMismatch {}

pin_project! {
    /// The body of a [`Conditional`](crate::adapters::tower::Conditional)
    /// service's response: the inner body unchanged, nothing (304, 412,
    /// 416), or the requested ranges of it (206). Data is [`Bytes`][bytes];
    /// errors are boxed ([`BoxError`]).
    ///
    /// [bytes]: https://docs.rs/bytes/1/bytes/struct.Bytes.html
    pub struct ConditionalBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Inner { #[pin] body: B },
        Empty,
        Ranges { #[pin] body: B, slicer: Box<Slicer> },
    }
}

impl<B> ConditionalBody<B> {
    /// The inner body, passed through.
    pub const fn inner(body: B) -> Self {
        ConditionalBody {
            kind: Kind::Inner { body },
        }
    }

    /// No content.
    pub const fn empty() -> Self {
        ConditionalBody { kind: Kind::Empty }
    }

    /// The ranges the slicer cuts out of `body`.
    pub(super) fn ranges(body: B, slicer: Slicer) -> Self {
        ConditionalBody {
            kind: Kind::Ranges {
                body,
                slicer: Box::new(slicer),
            },
        }
    }
}

impl<B> fmt::Debug for ConditionalBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Inner { .. } => "Inner",
            Kind::Empty => "Empty",
            Kind::Ranges { .. } => "Ranges",
        };
        f.debug_tuple("ConditionalBody").field(&kind).finish()
    }
}

impl<B> Body for ConditionalBody<B>
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
            KindProj::Inner { body } => body.poll_frame(cx).map(|frame| {
                frame.map(|r| {
                    r.map(|f| f.map_data(|mut d| d.copy_to_bytes(d.remaining())))
                        .map_err(Into::into)
                })
            }),
            KindProj::Empty => Poll::Ready(None),
            KindProj::Ranges { body, slicer } => slicer.poll(body, cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Empty => true,
            Kind::Ranges { slicer, .. } => slicer.done,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Empty => SizeHint::with_exact(0),
            Kind::Ranges { slicer, .. } => SizeHint::with_exact(slicer.output_len),
        }
    }
}
