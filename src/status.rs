//! Status decisions outside negotiation and preconditions: `405` with its
//! `Allow` field (RFC 9110 §15.5.6, §10.2.1), `Retry-After` for 413/429/503
//! (§10.2.3), the status code range and the reason phrases (§15).

use core::fmt;

use crate::date::{HttpDate, IMF_FIXDATE_LEN};
use crate::precondition::Method;
use crate::syntax::trim_ows;
use crate::text_buf::{TextBuf, text_value};

/// Whether `code` is a status code at all (RFC 9110 §15, E-15): three digits,
/// `100..=599`.
///
/// ```
/// use conneg::is_valid_status;
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
/// (RFC 9457 §4.2.1, P-13). Reason phrases are only recommendations (E-14).
///
/// ```
/// use conneg::reason_phrase;
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

/// The standard methods in the order `Allow` lists them; a method's bit in a
/// [`MethodSet`] is its index here.
const ORDER: [(Method, &str); 9] = [
    (Method::Get, "GET"),
    (Method::Head, "HEAD"),
    (Method::Post, "POST"),
    (Method::Put, "PUT"),
    (Method::Delete, "DELETE"),
    (Method::Patch, "PATCH"),
    (Method::Options, "OPTIONS"),
    (Method::Connect, "CONNECT"),
    (Method::Trace, "TRACE"),
];

const fn bit(method: Method) -> u16 {
    match method {
        Method::Get => 1 << 0,
        Method::Head => 1 << 1,
        Method::Post => 1 << 2,
        Method::Put => 1 << 3,
        Method::Delete => 1 << 4,
        Method::Patch => 1 << 5,
        Method::Options => 1 << 6,
        Method::Connect => 1 << 7,
        Method::Trace => 1 << 8,
        Method::Other => 0,
    }
}

/// The method's name, or `None` for [`Method::Other`].
pub(crate) fn method_name(method: Method) -> Option<&'static str> {
    ORDER.iter().find(|(m, _)| *m == method).map(|&(_, name)| name)
}

/// The methods a resource currently supports: a `Copy` bitset over the
/// standard [`Method`]s, for `405 Method Not Allowed` and its `Allow` field
/// (RFC 9110 §15.5.6, §10.2.1).
///
/// **GET implies HEAD.** A server SHOULD support HEAD wherever it supports
/// GET (RFC 9110 §9.3.2), so [`with(Method::Get)`](Self::with) adds both; a
/// resource that really refuses HEAD removes it afterwards with
/// [`without`](Self::without). [`Method::Other`] is never contained: adding
/// it changes nothing, and a host that implements extension methods checks
/// them itself.
///
/// ```
/// use conneg::{Method, MethodSet};
///
/// const DOC: MethodSet = MethodSet::EMPTY.with(Method::Get).with(Method::Put).with(Method::Delete);
/// assert!(DOC.contains(Method::Head)); // GET implies HEAD
/// assert!(!DOC.contains(Method::Post));
/// assert_eq!(DOC.allow().as_str(), "GET, HEAD, PUT, DELETE");
///
/// let no_head = MethodSet::EMPTY.with(Method::Get).without(Method::Head);
/// assert_eq!(no_head.allow().as_str(), "GET");
/// assert_eq!(MethodSet::EMPTY.with(Method::Other), MethodSet::EMPTY);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MethodSet(u16);

impl MethodSet {
    /// No methods: its `Allow` value is empty, which is legal and means the
    /// resource allows nothing (E-02).
    pub const EMPTY: MethodSet = MethodSet(0);

    /// The set of `methods` (each added as by [`with`](Self::with), so GET
    /// brings HEAD).
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    /// let set = MethodSet::of(&[Method::Post, Method::Get]);
    /// assert_eq!(set.allow().as_str(), "GET, HEAD, POST");
    /// ```
    pub const fn of(methods: &[Method]) -> MethodSet {
        let mut set = MethodSet::EMPTY;
        let mut rest = methods;
        while let [first, tail @ ..] = rest {
            set = set.with(*first);
            rest = tail;
        }
        set
    }

    /// This set and `method`; adding [`Method::Get`] adds [`Method::Head`]
    /// too, adding [`Method::Other`] adds nothing.
    pub const fn with(self, method: Method) -> MethodSet {
        let extra = if matches!(method, Method::Get) {
            bit(Method::Head)
        } else {
            0
        };
        MethodSet(self.0 | bit(method) | extra)
    }

    /// This set without `method` (only that method: removing GET keeps HEAD).
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    /// let set = MethodSet::EMPTY.with(Method::Get).without(Method::Get);
    /// assert_eq!(set.allow().as_str(), "HEAD");
    /// ```
    pub const fn without(self, method: Method) -> MethodSet {
        MethodSet(self.0 & !bit(method))
    }

    /// The methods in either set.
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    /// let set = MethodSet::EMPTY.with(Method::Put).union(MethodSet::EMPTY.with(Method::Post));
    /// assert_eq!(set.allow().as_str(), "POST, PUT");
    /// ```
    pub const fn union(self, other: MethodSet) -> MethodSet {
        MethodSet(self.0 | other.0)
    }

    /// Whether `method` is in the set; never for [`Method::Other`].
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    /// let set = MethodSet::EMPTY.with(Method::Get);
    /// assert!(set.contains(Method::Get) && set.contains(Method::Head));
    /// assert!(!set.contains(Method::Other));
    /// ```
    pub const fn contains(self, method: Method) -> bool {
        let b = bit(method);
        b != 0 && self.0 & b == b
    }

    /// Whether the set has no method.
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    /// assert!(MethodSet::EMPTY.is_empty() && !MethodSet::EMPTY.with(Method::Put).is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The methods, in `Allow` order: GET, HEAD, POST, PUT, DELETE, PATCH,
    /// OPTIONS, CONNECT, TRACE.
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    /// let set = MethodSet::of(&[Method::Delete, Method::Options]);
    /// assert!(set.iter().eq([Method::Delete, Method::Options]));
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Method> + Clone {
        ORDER
            .into_iter()
            .map(|(m, _)| m)
            .filter(move |&m| self.contains(m))
    }

    /// The `Allow` field value (RFC 9110 §10.2.1): the methods in the order of
    /// [`iter`](Self::iter), separated by `", "`, with no empty elements
    /// (S-11); empty for the empty set (E-02).
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    /// assert_eq!(MethodSet::of(&[Method::Options, Method::Post]).allow().as_str(), "POST, OPTIONS");
    /// assert_eq!(MethodSet::EMPTY.allow().as_str(), "");
    /// ```
    pub fn allow(self) -> AllowBuf {
        let mut buf = TextBuf::new();
        for (i, (_, name)) in ORDER.iter().filter(|(m, _)| self.contains(*m)).enumerate() {
            if i > 0 {
                buf.push(b", ");
            }
            buf.push(name.as_bytes());
        }
        AllowBuf(buf)
    }

    /// `Ok` when the set contains `method`; otherwise the `405` decision,
    /// which carries the `Allow` value, so that a 405 cannot be sent without
    /// it (E-01).
    ///
    /// # Errors
    ///
    /// [`MethodNotAllowed`] when `method` is not in the set (always for
    /// [`Method::Other`]).
    ///
    /// ```
    /// use conneg::{Method, MethodSet};
    ///
    /// let set = MethodSet::EMPTY.with(Method::Get);
    /// assert!(set.check(Method::Head).is_ok());
    /// let refused = set.check(Method::Delete).unwrap_err();
    /// assert_eq!(refused.status(), 405);
    /// assert_eq!(refused.allow().as_str(), "GET, HEAD");
    /// ```
    pub fn check(self, method: Method) -> Result<(), MethodNotAllowed> {
        if self.contains(method) {
            Ok(())
        } else {
            Err(MethodNotAllowed {
                method,
                allowed: self,
            })
        }
    }
}

impl fmt::Debug for MethodSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Longest `Allow` value: all nine standard methods.
const ALLOW_LEN: usize = 60;

/// An `Allow` field value in a stack buffer, from [`MethodSet::allow`].
///
/// ```
/// use conneg::{Method, MethodSet};
/// let allow = MethodSet::EMPTY.with(Method::Get).allow();
/// assert_eq!(allow.to_string(), "GET, HEAD");
/// assert_eq!(allow.as_bytes(), b"GET, HEAD");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AllowBuf(TextBuf<ALLOW_LEN>);

text_value!(AllowBuf);

/// The decision `405 Method Not Allowed` (RFC 9110 §15.5.6), from
/// [`MethodSet::check`]: the refused method and the methods the resource
/// supports, whose [`allow`](Self::allow) value the response MUST carry
/// (E-01). A 405 is heuristically cacheable (E-03): send `Cache-Control`
/// when that matters.
///
/// ```
/// use conneg::{Method, MethodSet};
///
/// let refused = MethodSet::EMPTY.with(Method::Get).check(Method::Post).unwrap_err();
/// assert_eq!(refused.to_string(), "405 Method Not Allowed (Allow: GET, HEAD)");
/// let body = refused.problem().to_string(); // application/problem+json
/// assert!(body.contains(r#""allow":"GET, HEAD""#));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MethodNotAllowed {
    method: Method,
    allowed: MethodSet,
}

impl MethodNotAllowed {
    /// Always `405`.
    pub const fn status(&self) -> u16 {
        405
    }
    /// The method that was refused.
    pub const fn method(&self) -> Method {
        self.method
    }
    /// The methods the resource supports.
    pub const fn allowed(&self) -> MethodSet {
        self.allowed
    }
    /// The `Allow` field value to send with the 405.
    pub fn allow(&self) -> AllowBuf {
        self.allowed.allow()
    }
    /// The problem+json body: see [`Problem::method_not_allowed`](crate::Problem::method_not_allowed).
    pub const fn problem(&self) -> crate::Problem<'static> {
        crate::Problem::method_not_allowed(self.method, self.allowed)
    }
}

impl fmt::Display for MethodNotAllowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "405 Method Not Allowed (Allow: {})", self.allow())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for MethodNotAllowed {}

/// A `Retry-After` value (RFC 9110 §10.2.3): how long a client ought to wait
/// after a `503`, `429` (RFC 6585 §4) or temporary `413` (E-07, E-10..E-12).
///
/// ```abnf
/// Retry-After   = HTTP-date / delay-seconds
/// delay-seconds = 1*DIGIT
/// ```
///
/// Formatting writes the seconds in decimal, a date only as IMF-fixdate
/// (S-23). Parsing accepts all three HTTP-date formats; a delay too large
/// for a `u64` saturates at `u64::MAX` (S-31).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_bits_agree() {
        for (i, (m, name)) in ORDER.iter().enumerate() {
            assert_eq!(bit(*m), 1 << i, "{name}");
            assert_eq!(Method::from_bytes(name.as_bytes()), *m);
            assert_eq!(method_name(*m), Some(*name));
        }
        assert_eq!(method_name(Method::Other), None);
    }

    #[test]
    fn allow_buffer_holds_every_method() {
        let all = ORDER.iter().fold(MethodSet::EMPTY, |s, (m, _)| s.with(*m));
        let allow = all.allow();
        assert_eq!(
            allow.as_str(),
            "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE"
        );
        assert_eq!(allow.as_str().len(), ALLOW_LEN);
    }
}
