//! `multipart/byteranges` framing (RFC 9110 §14.6) written through
//! `core::fmt`, so a host streams the parts without the crate allocating.

use core::fmt;

use crate::{ByteRange, ContentRange, EntityTag, HttpDate};

const PREFIX: &[u8; 7] = b"conneg-";
const BOUNDARY_LEN: usize = PREFIX.len() + 16;

/// A multipart boundary: `conneg-` and 16 hex digits, token characters only
/// so it is never quoted (R-49).
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

    /// The boundary [`Decision`](crate::Decision) uses: a hash of the seed,
    /// the representation's validators and length, and the ranges.
    pub(crate) fn for_representation(
        seed: u64,
        etag: Option<EntityTag<'_>>,
        last_modified: Option<HttpDate>,
        length: u64,
        ranges: &[ByteRange],
    ) -> Boundary {
        let mut h = Fnv(FNV_OFFSET);
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
/// (R-48), parts in the order given (R-47).
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
fn written_len(value: &dyn fmt::Display) -> u64 {
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
