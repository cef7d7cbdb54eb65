//! `Location` values (RFC 9110 §10.2.2), checked to be URI references, and
//! the error a status response's builder answers for a value it refuses.

use core::fmt;

use super::names::StatusField;

/// A `Location` field value (RFC 9110 §10.2.2): a URI reference (RFC 3986
/// §4.1), relative ones resolved by the client against the request's target.
///
/// Built only from octets RFC 3986 allows in a URI (ALPHA, DIGIT,
/// `-._~:/?#[]@!$&'()*+,;=` and `%`), and never empty: no space, CR or LF can
/// reach the field (no header injection), and the status that requires a
/// `Location` cannot carry an empty one. Percent-encode anything else first.
///
/// ```
/// use conneg::response_status::Location;
///
/// assert_eq!(Location::new("/orders/7?view=full").unwrap().to_string(), "/orders/7?view=full");
/// assert!(Location::new("").is_err());
/// assert!(Location::new("/a\r\nSet-Cookie: x=1").is_err());
/// assert!(Location::new("/caf\u{e9}").is_err()); // percent-encode: /caf%C3%A9
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location<'a>(Repr<'a>);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Repr<'a> {
    Uri(&'a str),
    /// `https://` authority target.
    Https(&'a str, &'a str),
}

/// Is `b` allowed in a URI reference (RFC 3986 §2: unreserved, reserved, `%`)?
const fn is_uri_octet(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b':'
                | b'/'
                | b'?'
                | b'#'
                | b'['
                | b']'
                | b'@'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b'%'
        )
}

const fn all_uri_octets(s: &[u8], also_hash: bool) -> bool {
    let mut i = 0;
    while i < s.len() {
        if !is_uri_octet(s[i]) || (!also_hash && s[i] == b'#') {
            return false;
        }
        i += 1;
    }
    true
}

/// `host [":" port]` (RFC 3986 §3.2.2, §3.2.3): no userinfo, path, query or fragment.
const fn is_authority(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        if matches!(s[i], b'/' | b'?' | b'#' | b'@') || !is_uri_octet(s[i]) {
            return false;
        }
        i += 1;
    }
    !s.is_empty()
}

impl<'a> Location<'a> {
    /// A `Location` value, checked: non-empty, only URI octets.
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] (for [`StatusField::Location`]) when `uri` is empty or
    /// has an octet a URI reference cannot hold.
    pub const fn new(uri: &'a str) -> Result<Location<'a>, InvalidValue> {
        if !uri.is_empty() && all_uri_octets(uri.as_bytes(), true) {
            Ok(Location(Repr::Uri(uri)))
        } else {
            Err(InvalidValue(StatusField::Location))
        }
    }

    /// A `Location` known at compile time.
    ///
    /// # Panics
    ///
    /// When [`new`](Self::new) would refuse it; in a `const` that is a
    /// compile error:
    ///
    /// ```compile_fail
    /// use conneg::response_status::Location;
    /// const BAD: Location<'static> = Location::from_static("/a b");
    /// ```
    pub const fn from_static(uri: &'static str) -> Location<'static> {
        match Location::new(uri) {
            Ok(l) => l,
            Err(_) => panic!("Location::from_static: not a URI reference (RFC 3986 §4.1)"),
        }
    }

    /// `https://{authority}{target}`: the same resource over HTTPS, for an
    /// upgrade from `http` (RFC 9110 §4.2.2). `authority` is the request's
    /// host and optional port (`example.com`, `example.com:8443`), `target`
    /// its origin-form target (`/path?query`; empty means `/`).
    ///
    /// # Errors
    ///
    /// [`InvalidValue`] when `authority` is empty or not a `host[:port]`, or
    /// `target` does not start with `/` or holds an octet a URI cannot hold
    /// (or a `#`: a request target has no fragment).
    ///
    /// ```
    /// use conneg::response_status::Location;
    /// let l = Location::https("example.com", "/cart?id=4").unwrap();
    /// assert_eq!(l.to_string(), "https://example.com/cart?id=4");
    /// assert_eq!(Location::https("example.com:8443", "").unwrap().to_string(), "https://example.com:8443/");
    /// assert!(Location::https("evil.com/x", "/").is_err());
    /// assert!(Location::https("example.com", "no-slash").is_err());
    /// ```
    pub const fn https(authority: &'a str, target: &'a str) -> Result<Location<'a>, InvalidValue> {
        let t = target.as_bytes();
        let target_ok = t.is_empty() || (t[0] == b'/' && all_uri_octets(t, false));
        if is_authority(authority.as_bytes()) && target_ok {
            Ok(Location(Repr::Https(authority, target)))
        } else {
            Err(InvalidValue(StatusField::Location))
        }
    }
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Uri(uri) => f.write_str(uri),
            Repr::Https(authority, target) => {
                f.write_str("https://")?;
                f.write_str(authority)?;
                f.write_str(if target.is_empty() { "/" } else { target })
            }
        }
    }
}

/// A value a status response's builder refused, and the field it was for:
/// empty where the field needs a value, or holding an octet the field's
/// grammar does not allow (a CR or LF never reaches a header).
///
/// ```
/// use conneg::response_status::{Location, StatusField};
/// assert_eq!(Location::new("").unwrap_err().field(), StatusField::Location);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidValue(pub(crate) StatusField);

impl InvalidValue {
    /// The field whose value was refused.
    pub const fn field(&self) -> StatusField {
        self.0
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} field value", self.0.name())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for InvalidValue {}
