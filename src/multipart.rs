//! `multipart/byteranges` framing (RFC 9110 §14.6) written through
//! `core::fmt`, so a host streams the parts without the crate allocating.

use core::fmt;

use crate::{ByteRange, ContentRange, EntityTag, HttpDate};

const PREFIX: &[u8; 7] = b"conneg-";
const BOUNDARY_LEN: usize = PREFIX.len() + 16;

/// A multipart boundary: `conneg-` and 16 hex digits, token characters only
/// so it is never quoted (RFC 9110 §14.6).
///
/// ```
/// use conneg::multipart::Boundary;
///
/// let b = Boundary::from_seed(0x1234);
/// assert_eq!(b.as_str().len(), 23);
/// assert!(b.as_str().starts_with("conneg-"));
/// assert_ne!(b, Boundary::from_seed(0x1235));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Boundary([u8; BOUNDARY_LEN]);

impl Boundary {
    /// A boundary from a 64-bit value (mixed, so nearby seeds give unrelated
    /// boundaries). Pass a random value for content third parties write.
    pub const fn from_seed(seed: u64) -> Boundary {
        Boundary::from_hash(mix(seed ^ FNV_OFFSET))
    }

    const fn from_hash(hash: u64) -> Boundary {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut bytes = [0u8; BOUNDARY_LEN];
        let mut i = 0;
        while i < PREFIX.len() {
            bytes[i] = PREFIX[i];
            i += 1;
        }
        let mut k = 0;
        while k < 16 {
            bytes[PREFIX.len() + k] = HEX[((hash >> (60 - 4 * k)) & 0xF) as usize];
            k += 1;
        }
        Boundary(bytes)
    }

    /// The boundary [`Decision`](crate::Decision) uses: a hash of a secret,
    /// the caller's seed, the representation's validators and length, and the
    /// ranges. With `std` the secret is a random value drawn once per process,
    /// so no client can predict the boundary (content written by third
    /// parties cannot carry it to forge parts); without `std` there is no
    /// entropy to draw, and the caller's seed
    /// ([`Resource::boundary_seed`](crate::Resource::boundary_seed)) is the
    /// only secret.
    pub(crate) fn for_representation(
        seed: u64,
        etag: Option<EntityTag<'_>>,
        last_modified: Option<HttpDate>,
        length: u64,
        ranges: &[ByteRange],
    ) -> Boundary {
        let mut h = Fnv(FNV_OFFSET);
        h.u64(process_secret());
        h.u64(seed);
        if let Some(tag) = etag {
            h.u64(u64::from(tag.is_weak()));
            h.bytes(tag.opaque());
        }
        if let Some(date) = last_modified {
            h.u64(date.unix_seconds() as u64);
        }
        h.u64(length);
        for r in ranges {
            h.u64(r.first());
            h.u64(r.last());
        }
        Boundary::from_hash(mix(h.0))
    }

    /// The boundary text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }

    /// Does `bytes` contain this boundary? A part whose bytes contain its
    /// boundary could be read as several parts (RFC 2046 §5.1.1: the
    /// boundary must not appear in the encapsulated data). One pass, at most
    /// 23 octet comparisons per position.
    pub fn occurs_in(&self, bytes: &[u8]) -> bool {
        bytes.windows(BOUNDARY_LEN).any(|w| w == self.0)
    }

    /// The `k`-th alternative to this boundary (`k` ≥ 1). Distinct `k`
    /// give distinct boundaries: the 16 hex digits are a 64-bit value `v`,
    /// and `mix` is a bijection, so `mix(v + k)` differs for every `k`.
    const fn alternative(&self, k: u64) -> Boundary {
        let mut v = 0u64;
        let mut i = PREFIX.len();
        while i < BOUNDARY_LEN {
            let d = self.0[i];
            let nibble = if d >= b'a' { d - b'a' + 10 } else { d - b'0' };
            v = v << 4 | nibble as u64;
            i += 1;
        }
        Boundary::from_hash(mix(v.wrapping_add(k)))
    }
}

/// The per-process secret mixed into every decision's boundary: random,
/// drawn once (from the standard library's per-process hash keys).
#[cfg(feature = "std")]
fn process_secret() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    static SECRET: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SECRET.get_or_init(|| RandomState::new().hash_one(0x636f_6e6e_6567_u64))
}

/// Without `std` there is no entropy to draw: the caller's seed is the secret.
#[cfg(not(feature = "std"))]
const fn process_secret() -> u64 {
    0
}

impl fmt::Display for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Boundary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Boundary({:?})", self.as_str())
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
}

/// A 64-bit finaliser (splitmix64's), so every input bit moves every digit.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The framing of a `multipart/byteranges` body (RFC 9110 §14.6): a header
/// block before each part and a closing delimiter, CRLF line breaks only
/// (RFC 9110 §8.3.3), parts in the order given (RFC 9110 §15.3.7.2).
///
/// The host writes, for each of [`parts`](Self::parts), the part's header
/// (`Display`) and then that range of the representation's bytes, and
/// finally [`closing`](Self::closing). [`body_length`](Self::body_length) is
/// the `Content-Length` of the whole, computed without writing anything.
///
/// ```
/// use conneg::{multipart::Boundary, ByteRange, Multipart};
///
/// let body = b"0123456789";
/// let ranges = [ByteRange::new(0, 1).unwrap(), ByteRange::new(8, 9).unwrap()];
/// let m = Multipart::new(Boundary::from_seed(7), "text/plain", body.len() as u64, &ranges);
/// assert_eq!(
///     m.content_type().to_string(),
///     format!("multipart/byteranges; boundary={}", m.boundary())
/// );
///
/// let mut out = String::new();
/// for part in m.parts() {
///     out += &part.header().to_string();
///     let r = part.range().to_usize_range().unwrap();
///     out += std::str::from_utf8(&body[r]).unwrap();
/// }
/// out += &m.closing().to_string();
/// let b = m.boundary();
/// assert_eq!(
///     out,
///     format!(
///         "--{b}\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01\
///          \r\n--{b}\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89\
///          \r\n--{b}--\r\n"
///     )
/// );
/// assert_eq!(m.body_length(), out.len() as u64);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Multipart<'a> {
    boundary: Boundary,
    media_type: &'a str,
    charset: Option<&'a str>,
    complete_length: u64,
    ranges: &'a [ByteRange],
}

impl<'a> Multipart<'a> {
    /// The framing for these ranges of a representation of `content_type`
    /// and `complete_length` bytes.
    pub const fn new(
        boundary: Boundary,
        content_type: &'a str,
        complete_length: u64,
        ranges: &'a [ByteRange],
    ) -> Self {
        Multipart {
            boundary,
            media_type: content_type,
            charset: None,
            complete_length,
            ranges,
        }
    }

    pub(crate) const fn with_charset(mut self, charset: Option<&'a str>) -> Self {
        self.charset = charset;
        self
    }

    /// The boundary.
    pub const fn boundary(&self) -> &Boundary {
        &self.boundary
    }

    /// This framing with a boundary that occurs in none of the parts' bytes:
    /// the boundary is kept unless some part of `body` (the whole
    /// representation) contains it, in which case the next candidate is
    /// tried. With a random boundary a collision is astronomically unlikely;
    /// this makes it impossible. A part that `body` does not hold is not
    /// checked (the caller sends what it has).
    ///
    /// ```
    /// use conneg::{multipart::Boundary, ByteRange, Multipart};
    ///
    /// let b = Boundary::from_seed(7);
    /// let body = format!("0123--{b}--89");
    /// let ranges = [ByteRange::new(0, 1).unwrap(), ByteRange::new(4, 30).unwrap()];
    /// let m = Multipart::new(b, "text/plain", body.len() as u64, &ranges).avoiding(body.as_bytes());
    /// assert_ne!(*m.boundary(), b);
    /// assert!(!m.boundary().occurs_in(body.as_bytes()));
    /// ```
    #[must_use]
    pub fn avoiding(mut self, body: &[u8]) -> Self {
        // The candidates are all distinct and each failed one occurs in
        // `body`, which holds fewer distinct 23-octet windows than octets:
        // the loop ends after at most `body.len()` candidates.
        let original = self.boundary;
        let mut k = 0;
        while self.parts().any(|p| {
            p.range()
                .to_usize_range()
                .and_then(|r| body.get(r))
                .is_some_and(|bytes| self.boundary.occurs_in(bytes))
        }) {
            k += 1;
            self.boundary = original.alternative(k);
        }
        self
    }

    /// The response's `Content-Type` value:
    /// `multipart/byteranges; boundary=…`.
    pub fn content_type(&self) -> impl fmt::Display + '_ {
        ContentTypeValue(&self.boundary)
    }

    /// The parts, in order.
    pub fn parts(&self) -> impl ExactSizeIterator<Item = Part<'_>> + '_ {
        self.ranges.iter().enumerate().map(move |(i, &range)| Part {
            framing: self,
            first: i == 0,
            range,
        })
    }

    /// The closing delimiter: `CRLF --boundary-- CRLF`.
    pub fn closing(&self) -> impl fmt::Display + '_ {
        Closing(&self.boundary)
    }

    /// The whole body's length in bytes (headers, parts and closing),
    /// saturating at `u64::MAX`.
    pub fn body_length(&self) -> u64 {
        let mut total = written_len(&self.closing());
        for part in self.parts() {
            total = total
                .saturating_add(written_len(&part.header()))
                .saturating_add(part.range().len());
        }
        total
    }
}

/// One part of a [`Multipart`] body.
#[derive(Clone, Copy, Debug)]
pub struct Part<'m> {
    framing: &'m Multipart<'m>,
    first: bool,
    range: ByteRange,
}

impl<'m> Part<'m> {
    /// The bytes of the representation this part carries.
    pub const fn range(&self) -> ByteRange {
        self.range
    }

    /// The delimiter and header block before the part's bytes:
    /// `[CRLF] --boundary CRLF Content-Type: … CRLF Content-Range: … CRLF CRLF`
    /// (the first part has no leading CRLF).
    pub fn header(&self) -> impl fmt::Display + 'm {
        PartHeader {
            framing: self.framing,
            first: self.first,
            range: self.range,
        }
    }
}

struct PartHeader<'m> {
    framing: &'m Multipart<'m>,
    first: bool,
    range: ByteRange,
}

impl fmt::Display for PartHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.framing;
        if !self.first {
            f.write_str("\r\n")?;
        }
        write!(f, "--{}\r\nContent-Type: {}", m.boundary, m.media_type)?;
        if let Some(cs) = m.charset {
            write!(f, "; charset={cs}")?;
        }
        write!(
            f,
            "\r\nContent-Range: {}\r\n\r\n",
            ContentRange::bytes(self.range, m.complete_length)
        )
    }
}

struct Closing<'b>(&'b Boundary);

impl fmt::Display for Closing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\r\n--{}--\r\n", self.0)
    }
}

struct ContentTypeValue<'b>(&'b Boundary);

impl fmt::Display for ContentTypeValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "multipart/byteranges; boundary={}", self.0)
    }
}

/// How many bytes `value`'s `Display` writes, without storing them.
pub(crate) fn written_len(value: &dyn fmt::Display) -> u64 {
    struct Count(u64);
    impl fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 = self.0.saturating_add(s.len() as u64);
            Ok(())
        }
    }
    let mut count = Count(0);
    // Count never fails; an error could only come from a Display impl.
    let _ = fmt::write(&mut count, format_args!("{value}"));
    count.0
}
