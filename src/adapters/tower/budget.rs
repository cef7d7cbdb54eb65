//! The buffer budget a [`ConditionalLayer`](super::ConditionalLayer) shares
//! among its in-flight responses: the bytes they may hold to serve several
//! ranges out of ascending order ([`Pool`]), and one response's share of
//! it ([`Reservation`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The bytes held by the in-flight responses of one layer (and every
/// service and clone it made).
#[derive(Clone, Debug, Default)]
pub(super) struct Pool {
    held: Arc<AtomicU64>,
}

impl Pool {
    /// `bytes` more, if the total stays within `limit`; `None` otherwise
    /// (the response must then hold nothing).
    pub(super) fn reserve(&self, bytes: u64, limit: u64) -> Option<Reservation> {
        self.held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                held.checked_add(bytes).filter(|&total| total <= limit)
            })
            .ok()?;
        Some(Reservation {
            held: Arc::clone(&self.held),
            bytes,
        })
    }
}

/// One response's share of a [`Pool`], given back as the held bytes are
/// sent ([`release`](Self::release)) and in full when it is dropped (the
/// body finished, failed or was dropped unread).
#[derive(Debug)]
pub(super) struct Reservation {
    held: Arc<AtomicU64>,
    bytes: u64,
}

impl Reservation {
    /// Gives back `bytes` of this share (at most what is left of it).
    pub(super) fn release(&mut self, bytes: u64) {
        let bytes = bytes.min(self.bytes);
        self.bytes -= bytes;
        self.held.fetch_sub(bytes, Ordering::AcqRel);
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.release(self.bytes);
    }
}
