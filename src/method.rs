//! Request methods (RFC 9110 §9): the method as far as conneg cares, and the
//! set of methods a resource supports, with its `Allow` value (§10.2.1).

use core::fmt;

use crate::text_buf::{TextBuf, text_value};

/// The request method, as far as preconditions care (RFC 9110 §9).
///
/// Method names are case-sensitive (§9.1): `get` is an unknown method.
///
/// ```
/// use conneg::Method;
/// assert_eq!(Method::from_bytes(b"GET"), Method::Get);
/// assert_eq!(Method::from_bytes(b"get"), Method::Other);
/// assert!(Method::Options.is_safe() && !Method::Other.is_safe());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
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

impl Method {
    /// Classifies a method token (case-sensitive).
    pub const fn from_bytes(method: &[u8]) -> Method {
        match method {
            b"GET" => Method::Get,
            b"HEAD" => Method::Head,
            b"POST" => Method::Post,
            b"PUT" => Method::Put,
            b"DELETE" => Method::Delete,
            b"PATCH" => Method::Patch,
            b"CONNECT" => Method::Connect,
            b"OPTIONS" => Method::Options,
            b"TRACE" => Method::Trace,
            _ => Method::Other,
        }
    }

    /// Safe methods (RFC 9110 §9.2.1): GET, HEAD, OPTIONS, TRACE.
    pub const fn is_safe(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Options | Method::Trace)
    }

    /// GET or HEAD: the methods that get 304 (C-11, C-39).
    pub const fn is_get_or_head(self) -> bool {
        matches!(self, Method::Get | Method::Head)
    }

    /// CONNECT, OPTIONS, TRACE: preconditions are ignored (C-37).
    pub const fn ignores_preconditions(self) -> bool {
        matches!(self, Method::Connect | Method::Options | Method::Trace)
    }
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
