//! The demo server's response body: pieces sent in order, each either bytes
//! in memory or a byte range of a file read in chunks, so a large file (or
//! a multipart/byteranges answer over it) is never held in memory whole.

use std::collections::VecDeque;
use std::io::{self, SeekFrom};
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use conneg::ByteRange;
use hyper::body::{Bytes, Frame, SizeHint};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::sync::mpsc;

/// How much of a file is read per frame.
const CHUNK: u64 = 64 * 1024;

/// One piece of a body.
#[derive(Debug)]
pub(super) enum Piece {
    /// Bytes already in memory (a slice of the built-in document, a
    /// multipart part header).
    Bytes(Bytes),
    /// A range of the body's file.
    File(ByteRange),
}

/// A response body.
#[derive(Debug)]
pub(super) struct Body(Inner);

#[derive(Debug)]
enum Inner {
    Memory(VecDeque<Bytes>),
    /// Filled by a task that reads the file; bounded, so the file is read
    /// only as fast as the client takes it, and dropped (ending the task)
    /// when the client goes away.
    File(mpsc::Receiver<io::Result<Bytes>>),
    /// A body conneg's `respond` rendered (slices of the document, the
    /// multipart framing, a problem or alternatives body).
    Conneg(conneg::adapters::http::Body),
}

impl Default for Body {
    fn default() -> Self {
        Body(Inner::Memory(VecDeque::new()))
    }
}

impl From<conneg::adapters::http::Body> for Body {
    fn from(body: conneg::adapters::http::Body) -> Self {
        Body(Inner::Conneg(body))
    }
}

impl Body {
    /// A body of these pieces. `File` pieces are read from `file`, opened
    /// here so that a missing file, or one whose length is no longer
    /// `length` (the length the decision was made with), is an error before
    /// any header is sent.
    pub(super) async fn new(pieces: Vec<Piece>, file: Option<(&Path, u64)>) -> io::Result<Body> {
        let Some((path, length)) = file.filter(|_| pieces.iter().any(|p| matches!(p, Piece::File(_)))) else {
            let bytes = pieces.into_iter().filter_map(|p| match p {
                Piece::Bytes(b) => Some(b),
                Piece::File(_) => None,
            });
            return Ok(Body(Inner::Memory(bytes.collect())));
        };
        let mut file = tokio::fs::File::open(path).await?;
        if file.metadata().await?.len() != length {
            return Err(io::Error::other("the file changed while being served"));
        }
        let (tx, rx) = mpsc::channel(2);
        tokio::spawn(async move {
            for piece in pieces {
                let sent = match piece {
                    Piece::Bytes(b) => tx.send(Ok(b)).await.is_ok(),
                    Piece::File(range) => send_range(&mut file, range, &tx).await,
                };
                if !sent {
                    return;
                }
            }
        });
        Ok(Body(Inner::File(rx)))
    }
}

/// Sends `range` of `file` in chunks; false once the receiver is gone or
/// after sending a read error.
async fn send_range(
    file: &mut tokio::fs::File,
    range: ByteRange,
    tx: &mpsc::Sender<io::Result<Bytes>>,
) -> bool {
    if let Err(e) = file.seek(SeekFrom::Start(range.first())).await {
        let _ = tx.send(Err(e)).await;
        return false;
    }
    let mut remaining = range.len();
    while remaining > 0 {
        // CHUNK fits in usize.
        let mut buf = vec![0; remaining.min(CHUNK) as usize];
        if let Err(e) = file.read_exact(&mut buf).await {
            // The file shrank after the headers went out: the only honest
            // thing left is to cut the response short.
            let _ = tx.send(Err(e)).await;
            return false;
        }
        remaining -= buf.len() as u64;
        if tx.send(Ok(Bytes::from(buf))).await.is_err() {
            return false;
        }
    }
    true
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<io::Result<Frame<Bytes>>>> {
        match &mut self.0 {
            Inner::Memory(pieces) => Poll::Ready(pieces.pop_front().map(|b| Ok(Frame::data(b)))),
            Inner::File(rx) => rx.poll_recv(cx).map(|item| item.map(|r| r.map(Frame::data))),
            Inner::Conneg(body) => Pin::new(body)
                .poll_frame(cx)
                .map(|frame| frame.map(|f| f.map_err(|never| match never {}))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Inner::Memory(pieces) => pieces.is_empty(),
            Inner::File(_) => false,
            Inner::Conneg(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Inner::Memory(pieces) => SizeHint::with_exact(pieces.iter().map(|b| b.len() as u64).sum()),
            Inner::File(_) => SizeHint::default(),
            Inner::Conneg(body) => body.size_hint(),
        }
    }
}
