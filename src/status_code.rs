//! Status decisions outside negotiation and preconditions: `405` with its
//! `Allow` field (RFC 9110 §15.5.6, §10.2.1), `Retry-After` for 413/429/503
//! (§10.2.3), the status code range and the reason phrases (§15).

use core::fmt;

pub use crate::method::AllowBuf;

use crate::date::{HttpDate, IMF_FIXDATE_LEN};
use crate::syntax::trim_ows;
use crate::text_buf::{TextBuf, text_value};

/// Whether `code` is a status code at all (RFC 9110 §15): three digits,
/// `100..=599`.
///
/// ```
/// use conneg::status_code::is_valid_status;
/// assert!(is_valid_status(100) && is_valid_status(429) && is_valid_status(599));
/// assert!(!is_valid_status(99) && !is_valid_status(600) && !is_valid_status(0));
/// ```
#[inline]
pub const fn is_valid_status(code: u16) -> bool {
    100 <= code && code <= 599
}

/// The recommended reason phrase of a status code registered by RFC 9110 §15
/// or RFC 6585 (428, 429, 431, 511); `None` for any other code.
///
/// It is the `title` of a problem+json body whose `type` is `about:blank`
/// (RFC 9457 §4.2.1). Reason phrases are only recommendations (RFC 9110 §15.1).
///
/// ```
/// use conneg::status_code::reason_phrase;
/// assert_eq!(reason_phrase(404), Some("Not Found"));
/// assert_eq!(reason_phrase(413), Some("Content Too Large"));
/// assert_eq!(reason_phrase(429), Some("Too Many Requests"));
/// assert_eq!(reason_phrase(299), None);
/// ```
pub const fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// A `Retry-After` value (RFC 9110 §10.2.3): how long a client ought to wait
/// after a `503`, `429` (RFC 6585 §4) or temporary `413` (RFC 6585 §4, RFC 9110 §10.2.3, §15.5.14, §15.6.4).
///
/// ```abnf
/// Retry-After   = HTTP-date / delay-seconds
/// delay-seconds = 1*DIGIT
/// ```
///
/// Formatting writes the seconds in decimal, a date only as IMF-fixdate
/// (RFC 9110 §5.6.7). Parsing accepts all three HTTP-date formats; a delay too large
/// for a `u64` saturates at `u64::MAX` (RFC 9110 §17.5).
///
/// ```
/// use conneg::{HttpDate, RetryAfter};
///
/// let now = HttpDate::from_unix_seconds(784_111_777).unwrap(); // Sun, 06 Nov 1994 08:49:37 GMT
/// assert_eq!(RetryAfter::parse(b"120", now), Some(RetryAfter::Delay(120)));
/// let at = RetryAfter::parse(b"Sun, 06 Nov 1994 08:51:37 GMT", now).unwrap();
/// assert_eq!(at.delay_seconds(now), 120);
/// assert_eq!(at.format().as_str(), "Sun, 06 Nov 1994 08:51:37 GMT");
/// assert_eq!(RetryAfter::parse(b"-1", now), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// Seconds to wait (`delay-seconds`).
    Delay(u64),
    /// The instant after which to retry (`HTTP-date`).
    Date(HttpDate),
}

impl RetryAfter {
    /// Parses a `Retry-After` value: one or more digits (saturating at
    /// `u64::MAX`) or an HTTP-date in any of the three formats, with optional
    /// surrounding whitespace. `now` reads rfc850's two-digit year
    /// ([`HttpDate::parse`]).
    ///
    /// Returns `None` for anything else: `-1`, `1.5`, `12a`, an empty value.
    ///
    /// ```
    /// use conneg::{HttpDate, RetryAfter};
    ///
    /// let now = HttpDate::UNIX_EPOCH;
    /// assert_eq!(RetryAfter::parse(b" 30 ", now), Some(RetryAfter::Delay(30)));
    /// assert_eq!(RetryAfter::parse(b"99999999999999999999999", now), Some(RetryAfter::Delay(u64::MAX)));
    /// assert!(matches!(RetryAfter::parse(b"Sun Nov  6 08:49:37 1994", now), Some(RetryAfter::Date(_))));
    /// for bad in [&b"1.5"[..], b"12a", b"", b"+5"] {
    ///     assert_eq!(RetryAfter::parse(bad, now), None);
    /// }
    /// ```
    pub fn parse(value: &[u8], now: HttpDate) -> Option<RetryAfter> {
        let s = trim_ows(value);
        if !s.is_empty() && s.iter().all(u8::is_ascii_digit) {
            let seconds = s.iter().fold(0u64, |v, &d| {
                v.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            });
            return Some(RetryAfter::Delay(seconds));
        }
        HttpDate::parse(s, now).map(RetryAfter::Date)
    }

    /// Seconds from `now` until the client may retry: the delay itself, or
    /// the time from `now` to the date (0 if the date is not after `now`).
    ///
    /// ```
    /// use conneg::{HttpDate, RetryAfter};
    ///
    /// let now = HttpDate::from_unix_seconds(1_000).unwrap();
    /// assert_eq!(RetryAfter::Delay(5).delay_seconds(now), 5);
    /// assert_eq!(RetryAfter::Date(HttpDate::from_unix_seconds(1_060).unwrap()).delay_seconds(now), 60);
    /// assert_eq!(RetryAfter::Date(HttpDate::UNIX_EPOCH).delay_seconds(now), 0);
    /// ```
    pub fn delay_seconds(self, now: HttpDate) -> u64 {
        match self {
            RetryAfter::Delay(seconds) => seconds,
            RetryAfter::Date(date) => {
                let diff = date.unix_seconds().saturating_sub(now.unix_seconds());
                u64::try_from(diff).unwrap_or(0)
            }
        }
    }

    /// The field value in a stack buffer: decimal seconds, or IMF-fixdate.
    ///
    /// ```
    /// use conneg::{HttpDate, RetryAfter};
    ///
    /// assert_eq!(RetryAfter::Delay(120).format().as_str(), "120");
    /// let date = HttpDate::from_unix_seconds(1_000_000_000).unwrap();
    /// assert_eq!(RetryAfter::Date(date).to_string(), "Sun, 09 Sep 2001 01:46:40 GMT");
    /// ```
    pub fn format(self) -> RetryAfterBuf {
        let mut buf = TextBuf::new();
        match self {
            RetryAfter::Delay(seconds) => buf.push_u64(seconds),
            RetryAfter::Date(date) => buf.push(date.format().as_bytes()),
        }
        RetryAfterBuf(buf)
    }
}

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.format().as_str())
    }
}

/// A `Retry-After` value in a stack buffer, from [`RetryAfter::format`]: up
/// to 20 digits, or a 29-octet IMF-fixdate.
///
/// ```
/// use conneg::RetryAfter;
/// assert_eq!(RetryAfter::Delay(u64::MAX).format().as_bytes(), b"18446744073709551615");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryAfterBuf(TextBuf<IMF_FIXDATE_LEN>);

text_value!(RetryAfterBuf);
