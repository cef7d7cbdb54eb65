//! A server's entity-tag formatted into a stack buffer ([`EntityTagBuf`]).
use crate::EntityTag;

use core::fmt;

/// Longest tag [`EntityTagBuf`] holds: `W/"` + 64 hex digits + `"`.
pub(crate) const BUF_LEN: usize = 68;

pub(crate) const HEX: &[u8; 16] = b"0123456789abcdef";

/// The server's own entity-tag, formatted into a stack buffer: from a content
/// hash, or from (length, modification time) as nginx does. Only lower-case
/// hex digits and `-` are written, never a backslash (RFC 9110 §8.8.3).
///
/// Mark the tag weak when the server cannot vouch for byte-for-byte identity
/// (RFC 9110 §8.8.3): a weak hash, a tag shared across content codings, or an mtime with
/// coarse resolution.
///
/// # Examples
///
/// ```
/// use conneg::EntityTagBuf;
///
/// let tag = EntityTagBuf::from_len_mtime(500, 1_586_236_714, false);
/// assert_eq!(tag.as_str(), "\"5e8c0d2a-1f4\"");
///
/// let tag = EntityTagBuf::from_hash(&[0xde, 0xad, 0xbe, 0xef], true);
/// assert_eq!(tag.as_str(), "W/\"deadbeef\"");
/// assert!(tag.entity_tag().is_weak());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityTagBuf {
    bytes: [u8; BUF_LEN],
    len: u8,
}

impl EntityTagBuf {
    fn start(weak: bool) -> Self {
        let mut buf = EntityTagBuf {
            bytes: [0; BUF_LEN],
            len: 0,
        };
        if weak {
            buf.push(b'W');
            buf.push(b'/');
        }
        buf.push(b'"');
        buf
    }

    #[inline]
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(usize::from(self.len)) {
            *slot = b;
            self.len += 1;
        }
    }

    fn push_hex_u64(&mut self, v: u64) {
        let digits = if v == 0 {
            1
        } else {
            16 - (v.leading_zeros() / 4) as usize
        };
        for k in (0..digits).rev() {
            self.push(HEX[((v >> (k * 4)) & 0xF) as usize]);
        }
    }

    /// A tag from a hash's bytes, in lower-case hex. At most the first 32
    /// bytes are used (64 hex digits).
    pub fn from_hash(hash: &[u8], weak: bool) -> Self {
        let mut buf = Self::start(weak);
        for &b in hash.iter().take(32) {
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xF)]);
        }
        buf.push(b'"');
        buf
    }

    /// A tag from the content itself: the XXH3-64 hash of `content` (seed
    /// 0, the default secret), as [`from_hash`](Self::from_hash) writes the
    /// digest's 8 big-endian bytes: `"` + 16 lower-case hex digits + `"`
    /// (`W/` in front when `weak`). Feature `xxhash` (default).
    ///
    /// XXH3 is a published, fixed algorithm (xxHash 0.8, "XXH3_64bits"), so
    /// the tag of given content is the same on every platform, every
    /// release of this crate and every process: servers behind a load
    /// balancer, or restarted, agree on it. (std's `DefaultHasher` makes no
    /// such promise.) It is not a cryptographic hash: fine for telling
    /// versions of one resource apart (RFC 9110 §8.8.3), not for content
    /// an adversary controls and profits from colliding.
    ///
    /// A strong tag (`weak == false`) promises byte-for-byte identity, which
    /// a hash of the bytes sent gives; hash each content coding's bytes for
    /// its own variant (RFC 9110 §8.8.3.3). Content read in pieces hashes
    /// the same through `xxhash_rust::xxh3::Xxh3Default`, whose digest goes to
    /// `from_hash(&digest.to_be_bytes(), weak)`.
    ///
    /// ```
    /// use conneg::EntityTagBuf;
    ///
    /// let tag = EntityTagBuf::from_content(b"hello world", false);
    /// assert_eq!(tag.as_str(), "\"d447b1ea40e6988b\"");
    /// assert_eq!(EntityTagBuf::from_content(b"", true).as_str(), "W/\"2d06800538d394c2\"");
    /// ```
    #[cfg(feature = "xxhash")]
    #[inline]
    pub fn from_content(content: &[u8], weak: bool) -> Self {
        Self::from_hash(&xxhash_rust::xxh3::xxh3_64(content).to_be_bytes(), weak)
    }

    /// A tag from the length and the modification time (seconds since the
    /// Unix epoch; negative values are clamped to 0), as nginx writes it:
    /// `"<mtime hex>-<length hex>"`.
    pub fn from_len_mtime(length: u64, mtime_unix_seconds: i64, weak: bool) -> Self {
        let mut buf = Self::start(weak);
        buf.push_hex_u64(mtime_unix_seconds.max(0).unsigned_abs());
        buf.push(b'-');
        buf.push_hex_u64(length);
        buf.push(b'"');
        buf
    }

    /// The formatted tag as it goes on the wire.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The formatted tag as text (always ASCII).
    #[inline]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// The tag as an [`EntityTag`] for comparisons.
    #[inline]
    pub fn entity_tag(&self) -> EntityTag<'_> {
        let bytes = self.as_bytes();
        let weak = bytes.starts_with(b"W/");
        let inner = bytes.get(if weak { 3 } else { 1 }..bytes.len().saturating_sub(1));
        EntityTag {
            weak,
            opaque: inner.unwrap_or(&[]),
        }
    }
}

impl fmt::Display for EntityTagBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for EntityTagBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntityTagBuf({})", self.as_str())
    }
}
