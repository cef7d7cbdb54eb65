//! RequestHead methods (RFC 9110 §9): the method as far as conneg cares, and the
//! set of methods a resource supports, with its `Allow` value (§10.2.1).

use core::fmt;

use crate::text_buf::{TextBuf, text_value};

/// The request method, as far as preconditions care (RFC 9110 §9).
///
/// RequestMethod names are case-sensitive (§9.1): `get` is an unknown method.
///
/// ```
/// use conneg::RequestMethod;
/// assert_eq!(RequestMethod::from_bytes(b"GET"), RequestMethod::Get);
/// assert_eq!(RequestMethod::from_bytes(b"get"), RequestMethod::Other);
/// assert!(RequestMethod::Options.is_safe() && !RequestMethod::Other.is_safe());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestMethod {
    /// `GET`
    Get,
    /// `HEAD`
    Head,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH` (RFC 5789)
    Patch,
    /// `CONNECT`
    Connect,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
    /// Any other method; treated as unsafe.
    Other,
}

impl RequestMethod {
    /// Classifies a method token (case-sensitive).
    pub const fn from_bytes(method: &[u8]) -> RequestMethod {
        match method {
            b"GET" => RequestMethod::Get,
            b"HEAD" => RequestMethod::Head,
            b"POST" => RequestMethod::Post,
            b"PUT" => RequestMethod::Put,
            b"DELETE" => RequestMethod::Delete,
            b"PATCH" => RequestMethod::Patch,
            b"CONNECT" => RequestMethod::Connect,
            b"OPTIONS" => RequestMethod::Options,
            b"TRACE" => RequestMethod::Trace,
            _ => RequestMethod::Other,
        }
    }

    /// Safe methods (RFC 9110 §9.2.1): GET, HEAD, OPTIONS, TRACE.
    pub const fn is_safe(self) -> bool {
        matches!(
            self,
            RequestMethod::Get | RequestMethod::Head | RequestMethod::Options | RequestMethod::Trace
        )
    }

    /// GET or HEAD: the methods that get 304 (RFC 9110 §13.1.2, §13.2.1).
    pub const fn is_get_or_head(self) -> bool {
        matches!(self, RequestMethod::Get | RequestMethod::Head)
    }

    /// CONNECT, OPTIONS, TRACE: preconditions are ignored (RFC 9110 §13.2.1).
    pub const fn ignores_preconditions(self) -> bool {
        matches!(
            self,
            RequestMethod::Connect | RequestMethod::Options | RequestMethod::Trace
        )
    }
}

/// The standard methods in the order `Allow` lists them; a method's bit in a
/// [`MethodSet`] is its index here.
const ORDER: [(RequestMethod, &str); 9] = [
    (RequestMethod::Get, "GET"),
    (RequestMethod::Head, "HEAD"),
    (RequestMethod::Post, "POST"),
    (RequestMethod::Put, "PUT"),
    (RequestMethod::Delete, "DELETE"),
    (RequestMethod::Patch, "PATCH"),
    (RequestMethod::Options, "OPTIONS"),
    (RequestMethod::Connect, "CONNECT"),
    (RequestMethod::Trace, "TRACE"),
];

const fn bit(method: RequestMethod) -> u16 {
    match method {
        RequestMethod::Get => 1 << 0,
        RequestMethod::Head => 1 << 1,
        RequestMethod::Post => 1 << 2,
        RequestMethod::Put => 1 << 3,
        RequestMethod::Delete => 1 << 4,
        RequestMethod::Patch => 1 << 5,
        RequestMethod::Options => 1 << 6,
        RequestMethod::Connect => 1 << 7,
        RequestMethod::Trace => 1 << 8,
        RequestMethod::Other => 0,
    }
}

/// The method's name, or `None` for [`RequestMethod::Other`].
pub(crate) fn method_name(method: RequestMethod) -> Option<&'static str> {
    ORDER.iter().find(|(m, _)| *m == method).map(|&(_, name)| name)
}

/// The methods a resource currently supports: a `Copy` bitset over the
/// standard [`RequestMethod`]s, for `405 Method Not Allowed` and its `Allow` field
/// (RFC 9110 §15.5.6, §10.2.1).
///
/// **GET implies HEAD.** A server SHOULD support HEAD wherever it supports
/// GET (RFC 9110 §9.3.2), so [`with(RequestMethod::Get)`](Self::with) adds both; a
/// resource that really refuses HEAD removes it afterwards with
/// [`without`](Self::without). [`RequestMethod::Other`] is never contained: adding
/// it changes nothing, and a host that implements extension methods checks
/// them itself.
///
/// ```
/// use conneg::{RequestMethod, MethodSet};
///
/// const DOC: MethodSet = MethodSet::EMPTY.with(RequestMethod::Get).with(RequestMethod::Put).with(RequestMethod::Delete);
/// assert!(DOC.contains(RequestMethod::Head)); // GET implies HEAD
/// assert!(!DOC.contains(RequestMethod::Post));
/// assert_eq!(DOC.allow().as_str(), "GET, HEAD, PUT, DELETE");
///
/// let no_head = MethodSet::EMPTY.with(RequestMethod::Get).without(RequestMethod::Head);
/// assert_eq!(no_head.allow().as_str(), "GET");
/// assert_eq!(MethodSet::EMPTY.with(RequestMethod::Other), MethodSet::EMPTY);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MethodSet(u16);

impl MethodSet {
    /// No methods: its `Allow` value is empty, which is legal and means the
    /// resource allows nothing (RFC 9110 §10.2.1).
    pub const EMPTY: MethodSet = MethodSet(0);

    /// The set of `methods` (each added as by [`with`](Self::with), so GET
    /// brings HEAD).
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    /// let set = MethodSet::of(&[RequestMethod::Post, RequestMethod::Get]);
    /// assert_eq!(set.allow().as_str(), "GET, HEAD, POST");
    /// ```
    pub const fn of(methods: &[RequestMethod]) -> MethodSet {
        let mut set = MethodSet::EMPTY;
        let mut rest = methods;
        while let [first, tail @ ..] = rest {
            set = set.with(*first);
            rest = tail;
        }
        set
    }

    /// This set and `method`; adding [`RequestMethod::Get`] adds [`RequestMethod::Head`]
    /// too, adding [`RequestMethod::Other`] adds nothing.
    pub const fn with(self, method: RequestMethod) -> MethodSet {
        let extra = if matches!(method, RequestMethod::Get) {
            bit(RequestMethod::Head)
        } else {
            0
        };
        MethodSet(self.0 | bit(method) | extra)
    }

    /// This set without `method` (only that method: removing GET keeps HEAD).
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    /// let set = MethodSet::EMPTY.with(RequestMethod::Get).without(RequestMethod::Get);
    /// assert_eq!(set.allow().as_str(), "HEAD");
    /// ```
    pub const fn without(self, method: RequestMethod) -> MethodSet {
        MethodSet(self.0 & !bit(method))
    }

    /// The methods in either set.
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    /// let set = MethodSet::EMPTY.with(RequestMethod::Put).union(MethodSet::EMPTY.with(RequestMethod::Post));
    /// assert_eq!(set.allow().as_str(), "POST, PUT");
    /// ```
    pub const fn union(self, other: MethodSet) -> MethodSet {
        MethodSet(self.0 | other.0)
    }

    /// Whether `method` is in the set; never for [`RequestMethod::Other`].
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    /// let set = MethodSet::EMPTY.with(RequestMethod::Get);
    /// assert!(set.contains(RequestMethod::Get) && set.contains(RequestMethod::Head));
    /// assert!(!set.contains(RequestMethod::Other));
    /// ```
    pub const fn contains(self, method: RequestMethod) -> bool {
        let b = bit(method);
        b != 0 && self.0 & b == b
    }

    /// Whether the set has no method.
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    /// assert!(MethodSet::EMPTY.is_empty() && !MethodSet::EMPTY.with(RequestMethod::Put).is_empty());
    /// ```
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The methods, in `Allow` order: GET, HEAD, POST, PUT, DELETE, PATCH,
    /// OPTIONS, CONNECT, TRACE.
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    /// let set = MethodSet::of(&[RequestMethod::Delete, RequestMethod::Options]);
    /// assert!(set.iter().eq([RequestMethod::Delete, RequestMethod::Options]));
    /// ```
    pub fn iter(self) -> impl Iterator<Item = RequestMethod> + Clone {
        ORDER
            .into_iter()
            .map(|(m, _)| m)
            .filter(move |&m| self.contains(m))
    }

    /// The `Allow` field value (RFC 9110 §10.2.1): the methods in the order of
    /// [`iter`](Self::iter), separated by `", "`, with no empty elements
    /// (RFC 9110 §5.6.1.1); empty for the empty set.
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    /// assert_eq!(MethodSet::of(&[RequestMethod::Options, RequestMethod::Post]).allow().as_str(), "POST, OPTIONS");
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
    /// it (RFC 9110 §15.5.6).
    ///
    /// # Errors
    ///
    /// [`MethodNotAllowed`] when `method` is not in the set (always for
    /// [`RequestMethod::Other`]).
    ///
    /// ```
    /// use conneg::{RequestMethod, MethodSet};
    ///
    /// let set = MethodSet::EMPTY.with(RequestMethod::Get);
    /// assert!(set.check(RequestMethod::Head).is_ok());
    /// let refused = set.check(RequestMethod::Delete).unwrap_err();
    /// assert_eq!(refused.status(), 405);
    /// assert_eq!(refused.allow().as_str(), "GET, HEAD");
    /// ```
    pub fn check(self, method: RequestMethod) -> Result<(), MethodNotAllowed> {
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
/// use conneg::{RequestMethod, MethodSet};
/// let allow = MethodSet::EMPTY.with(RequestMethod::Get).allow();
/// assert_eq!(allow.to_string(), "GET, HEAD");
/// assert_eq!(allow.as_bytes(), b"GET, HEAD");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AllowBuf(TextBuf<ALLOW_LEN>);

text_value!(AllowBuf);

/// The decision `405 Method Not Allowed` (RFC 9110 §15.5.6), from
/// [`MethodSet::check`]: the refused method and the methods the resource
/// supports, whose [`allow`](Self::allow) value the response MUST carry
///. A 405 is heuristically cacheable: send `Cache-Control`
/// when that matters.
///
/// ```
/// use conneg::{RequestMethod, MethodSet};
///
/// let refused = MethodSet::EMPTY.with(RequestMethod::Get).check(RequestMethod::Post).unwrap_err();
/// assert_eq!(refused.to_string(), "405 Method Not Allowed (Allow: GET, HEAD)");
/// let body = refused.problem().to_string(); // application/problem+json
/// assert!(body.contains(r#""allow":"GET, HEAD""#));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MethodNotAllowed {
    method: RequestMethod,
    allowed: MethodSet,
}

impl MethodNotAllowed {
    /// Always `405`.
    pub const fn status(&self) -> u16 {
        405
    }
    /// The method that was refused.
    pub const fn method(&self) -> RequestMethod {
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
}

impl fmt::Display for MethodNotAllowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "405 Method Not Allowed (Allow: {})", self.allow())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for MethodNotAllowed {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_bits_agree() {
        for (i, (m, name)) in ORDER.iter().enumerate() {
            assert_eq!(bit(*m), 1 << i, "{name}");
            assert_eq!(RequestMethod::from_bytes(name.as_bytes()), *m);
            assert_eq!(method_name(*m), Some(*name));
        }
        assert_eq!(method_name(RequestMethod::Other), None);
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
