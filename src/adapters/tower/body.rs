//! The body of a [`Conditional`](super::Conditional) response: the inner
//! body, nothing, or the requested ranges cut out of it as it streams
//! (RFC 9110 §14.4, §14.6), and the [`LengthMismatch`] error that ends a
//! ranged body whose length broke its size hint's promise.

use core::fmt;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::boxed::Box;
use std::collections::TryReserveError;
use std::vec::Vec;

use ::bytes::{Buf, Bytes};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use super::budget::Reservation;
use crate::ByteRange;

/// The error type of a [`ConditionalBody`]: the inner body's error, a
/// [`LengthMismatch`], or (if the allocator refuses the bytes held for
/// out-of-order ranges) a
/// [`TryReserveError`](std::collections::TryReserveError).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A piece of a ranged body: framing text, or bytes `first..end` of the
/// inner body, of which those below `held_end` pass before the range's turn
/// (an earlier range needed the input beyond them) and are copied into
/// `held` as they do.
#[derive(Debug)]
pub(super) enum Segment {
    Literal(Bytes),
    Range {
        first: u64,
        end: u64,
        held_end: u64,
        held: Vec<u8>,
    },
}

impl Segment {
    pub(super) fn range(r: ByteRange) -> Segment {
        Segment::Range {
            first: r.first(),
            end: r.last().saturating_add(1),
            held_end: r.first(),
            held: Vec::new(),
        }
    }
}

/// Cuts the segments out of the inner body as it arrives, reading it once,
/// in order, and not past the last byte needed. A chunk is dropped once no
/// range needs it; the bytes of a range that pass before its turn (ranges
/// out of ascending order, or overlapping) are copied as they pass — only
/// those bytes, growing with what arrives, never sized from a hint — and
/// sent when the range's turn comes. Ranges in ascending order hold
/// nothing.
#[derive(Debug)]
pub(super) struct Slicer {
    segments: Vec<Segment>,
    next: usize,
    /// The current input chunk and the offset of its first byte.
    chunk: Option<(u64, Bytes)>,
    /// Offset of the next input byte.
    pos: u64,
    expected: u64,
    /// The ranged body's length (its `Content-Length`).
    pub(super) output_len: u64,
    /// The bytes the segments hold at most, all told.
    held: u64,
    /// This body's share of its layer's buffer budget, covering `held`.
    reservation: Option<Reservation>,
    done: bool,
}

type FramePoll = Poll<Option<Result<Frame<Bytes>, BoxError>>>;

impl Slicer {
    /// Slices `segments` out of a body of `expected` bytes. The bytes it
    /// will hold ([`held`](Self::held)) must be covered by a reservation
    /// ([`holding`](Self::holding)) before it is polled.
    pub(super) fn new(expected: u64, mut segments: Vec<Segment>, output_len: u64) -> Slicer {
        // The input offset the ranges before each one read up to: a range
        // starting below it has those bytes pass before its turn.
        let mut reached = 0u64;
        let mut held = 0u64;
        for segment in &mut segments {
            if let Segment::Range {
                first, end, held_end, ..
            } = segment
            {
                *held_end = (*end).min(reached).max(*first);
                held = held.saturating_add(*held_end - *first);
                reached = reached.max(*end);
            }
        }
        Slicer {
            segments,
            next: 0,
            chunk: None,
            pos: 0,
            expected,
            output_len,
            held,
            reservation: None,
            done: false,
        }
    }

    /// The most bytes this slicer holds at once: 0 for ranges in ascending
    /// order that do not overlap.
    pub(super) const fn held(&self) -> u64 {
        self.held
    }

    /// This slicer, with the budget share covering its [`held`](Self::held)
    /// bytes.
    pub(super) fn holding(mut self, reservation: Reservation) -> Slicer {
        self.reservation = Some(reservation);
        self
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
            // Emit what the held bytes and the current chunk allow.
            match self.segments.get_mut(self.next) {
                None => {
                    // Everything is out; the rest of the inner body is not needed.
                    self.finish();
                    return Poll::Ready(None);
                }
                Some(Segment::Literal(text)) => {
                    let text = core::mem::take(text);
                    self.next += 1;
                    return Poll::Ready(Some(Ok(Frame::data(text))));
                }
                Some(Segment::Range {
                    first,
                    end,
                    held_end,
                    held,
                }) if *held_end > *first => {
                    // The range's turn: first the bytes that passed before it.
                    let n = *held_end - *first;
                    if held.len() as u64 != n {
                        // Not all passed: cannot happen once the earlier
                        // ranges are out.
                        return self.fail(self.pos);
                    }
                    let out = Bytes::from(core::mem::take(held));
                    *first = *held_end;
                    if *first == *end {
                        self.next += 1;
                    }
                    if let Some(reservation) = &mut self.reservation {
                        reservation.release(n);
                    }
                    return Poll::Ready(Some(Ok(Frame::data(out))));
                }
                Some(Segment::Range { first, end, .. }) => {
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
                            // Bytes already dropped: cannot happen, the
                            // earlier ranges' input is held from `first` on.
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
                    let start = self.pos;
                    self.pos = received;
                    let data = data.copy_to_bytes(data.remaining());
                    if let Err(e) = self.hold(start, &data) {
                        self.finish();
                        return Poll::Ready(Some(Err(Box::new(e))));
                    }
                    self.chunk = Some((start, data));
                }
                Some(Err(e)) => {
                    self.finish();
                    return Poll::Ready(Some(Err(e.into())));
                }
                // Input over, segments left: too short, or (only if a range
                // lay past `expected`, which `decide` rules out) not.
                None => return self.fail(self.pos),
            }
        }
    }

    /// Copies what the ranges still to come hold of the chunk `data`, at
    /// input offset `start`.
    fn hold(&mut self, start: u64, data: &[u8]) -> Result<(), TryReserveError> {
        let data_end = start.saturating_add(data.len() as u64);
        for segment in self.segments.iter_mut().skip(self.next) {
            let Segment::Range {
                first,
                held_end,
                held,
                ..
            } = segment
            else {
                continue;
            };
            // Chunks arrive in order: the next byte to hold is right
            // after those held.
            let from = first.saturating_add(held.len() as u64).max(start);
            let to = (*held_end).min(data_end);
            let (Ok(a), Ok(b)) = (
                usize::try_from(from - start),
                usize::try_from(to.saturating_sub(start)),
            ) else {
                continue;
            };
            let Some(bytes) = data.get(a..b).filter(|b| !b.is_empty()) else {
                continue;
            };
            // Grow with what arrives (doubling, for amortised copies), never
            // past the range's held bytes.
            let need = held.len() + bytes.len();
            if need > held.capacity() {
                let most = usize::try_from(*held_end - *first).unwrap_or(usize::MAX);
                let grown = held.capacity().saturating_mul(2).min(most).max(need);
                held.try_reserve_exact(grown - held.len())?;
            }
            held.extend_from_slice(bytes);
        }
        Ok(())
    }

    /// Ends the body: nothing more is sent, what was held is freed and the
    /// budget share given back.
    fn finish(&mut self) {
        self.done = true;
        self.segments = Vec::new();
        self.chunk = None;
        self.reservation = None;
    }

    fn fail(&mut self, received: u64) -> FramePoll {
        self.finish();
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
    /// 416), or the requested ranges of it (206). A 304's empty body
    /// reports no exact size ([`size_hint`](Body::size_hint)), so that no
    /// `Content-Length: 0` is derived from it (RFC 9110 §8.6). Data is [`Bytes`][bytes];
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
        NotModified,
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

    /// The no content of a `304 Not Modified`: empty, but its size hint
    /// is not exact, so that a router that sets `Content-Length` from an
    /// exact size hint (axum does, for HEAD too, and hyper then sends it)
    /// gives the 304 none rather than `Content-Length: 0`. RFC 9110 §8.6
    /// allows a 304's `Content-Length` only with the 200's value.
    pub(super) const fn not_modified() -> Self {
        ConditionalBody {
            kind: Kind::NotModified,
        }
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

/// The inner body's next frame, its data as `Bytes` (`Buf::copy_to_bytes`,
/// which does not copy what already is `Bytes`) and its error boxed: how the
/// layers' bodies pass the inner service's body through.
pub(super) fn poll_inner<B>(
    body: Pin<&mut B>,
    cx: &mut Context<'_>,
) -> Poll<Option<Result<Frame<Bytes>, BoxError>>>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    body.poll_frame(cx).map(|frame| {
        frame.map(|r| {
            r.map(|f| f.map_data(|mut d| d.copy_to_bytes(d.remaining())))
                .map_err(Into::into)
        })
    })
}

impl<B> fmt::Debug for ConditionalBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Inner { .. } => "Inner",
            Kind::Empty => "Empty",
            Kind::NotModified => "NotModified",
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
            KindProj::Inner { body } => poll_inner(body, cx),
            KindProj::Empty | KindProj::NotModified => Poll::Ready(None),
            KindProj::Ranges { body, slicer } => slicer.poll(body, cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Empty | Kind::NotModified => true,
            Kind::Ranges { slicer, .. } => slicer.done,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Empty => SizeHint::with_exact(0),
            Kind::NotModified => SizeHint::new(),
            Kind::Ranges { slicer, .. } => SizeHint::with_exact(slicer.output_len),
        }
    }
}
