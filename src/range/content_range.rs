//! The `Content-Range` response field (RFC 9110 §14.4), formatted into a
//! stack buffer.
use crate::range::spec::ByteRange;
use crate::text_buf::{TextBuf, text_value};

/// Longest `Content-Range` value: `bytes ` + three 20-digit numbers + `-` + `/`.
const CONTENT_RANGE_LEN: usize = 6 + 20 + 1 + 20 + 1 + 20;

/// A `Content-Range` value (RFC 9110 §14.4) in a stack buffer:
/// `bytes 42-1233/1234` for a 206 part, `bytes */1234` for a 416 (RFC 9110 §14.4, §15.5.17).
///
/// ```
/// use conneg::{ByteRange, ContentRange};
///
/// let r = ByteRange::new(0, 4).unwrap();
/// assert_eq!(ContentRange::bytes(r, 8).as_str(), "bytes 0-4/8");
/// assert_eq!(ContentRange::unsatisfied(8).as_str(), "bytes */8");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentRange(TextBuf<CONTENT_RANGE_LEN>);

impl ContentRange {
    fn start() -> TextBuf<CONTENT_RANGE_LEN> {
        let mut c = TextBuf::new();
        c.push(b"bytes ");
        c
    }

    /// `bytes first-last/complete_length` for a 206 part (RFC 9110 §14.4).
    pub fn bytes(range: ByteRange, complete_length: u64) -> Self {
        let mut c = Self::start();
        c.push_u64(range.first());
        c.push(b"-");
        c.push_u64(range.last());
        c.push(b"/");
        c.push_u64(complete_length);
        ContentRange(c)
    }

    /// `bytes */complete_length` for a 416 (RFC 9110 §14.4, §15.5.17).
    pub fn unsatisfied(complete_length: u64) -> Self {
        let mut c = Self::start();
        c.push(b"*/");
        c.push_u64(complete_length);
        ContentRange(c)
    }
}

text_value!(ContentRange);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_longest_value_fits() {
        let c = ContentRange::bytes(ByteRange::new(u64::MAX - 1, u64::MAX).unwrap(), u64::MAX);
        assert_eq!(c.as_bytes().len(), CONTENT_RANGE_LEN);
        assert_eq!(ContentRange::unsatisfied(0).as_str(), "bytes */0");
    }
}
