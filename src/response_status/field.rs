//! The header fields of a [`StatusResponse`](super::StatusResponse): a name
//! and a value written through `core::fmt` from borrowed or stack-held pieces.

use core::fmt::{self, Write};

use crate::date::HttpDate;
use crate::etag::EntityTag;
use crate::method::MethodSet;
use crate::status_code::RetryAfter;

use super::challenge::Challenge;
use super::location::Location;
use super::names::StatusField;

/// The value of a status response's header field; `Display` writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    /// A constant (`close`, `upgrade`).
    Static(&'static str),
    Location(Location<'a>),
    Tag(EntityTag<'a>),
    Date(HttpDate),
    Retry(RetryAfter),
    Methods(MethodSet),
    /// Items joined with `, ` (validated on construction).
    List(&'a [&'a str]),
    Challenges(&'a [Challenge<'a>]),
    Challenge(Challenge<'a>),
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}

impl Value<'_> {
    pub(crate) fn write(&self, w: &mut dyn Write) -> fmt::Result {
        match self {
            Value::Static(s) => w.write_str(s),
            Value::Location(l) => write!(w, "{l}"),
            Value::Tag(t) => write!(w, "{t}"),
            Value::Date(d) => w.write_str(d.format().as_str()),
            Value::Retry(r) => w.write_str(r.format().as_str()),
            Value::Methods(m) => w.write_str(m.allow().as_str()),
            Value::List(items) => write_list(w, items.iter()),
            Value::Challenges(cs) => write_list(w, cs.iter()),
            Value::Challenge(c) => write!(w, "{c}"),
        }
    }
}

fn write_list<T: fmt::Display>(w: &mut dyn Write, items: impl Iterator<Item = T>) -> fmt::Result {
    for (i, item) in items.enumerate() {
        if i > 0 {
            w.write_str(", ")?;
        }
        write!(w, "{item}")?;
    }
    Ok(())
}

/// One header field of a [`StatusResponse`](super::StatusResponse): a name
/// from [`StatusField`] and a value written through `Display` (or copied
/// into a caller's buffer by [`copy_value_to`](Self::copy_value_to)).
/// `Display` of the field writes `Name: value`.
///
/// ```
/// use conneg::{StatusResponse, response_status::{Location, StatusField}};
///
/// let r = StatusResponse::see_other(Location::from_static("/orders/7"));
/// let field = r.fields().next().unwrap();
/// assert_eq!((field.name(), field.value().to_string()), (StatusField::Location, "/orders/7".into()));
/// assert_eq!(field.to_string(), "Location: /orders/7");
/// let mut buf = [0u8; 32];
/// assert_eq!(field.copy_value_to(&mut buf), Some(&b"/orders/7"[..]));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusHeader<'a> {
    pub(crate) name: StatusField,
    pub(crate) value: Value<'a>,
}

impl<'a> StatusHeader<'a> {
    /// The field's name.
    pub const fn name(&self) -> StatusField {
        self.name
    }

    /// The field's value: `Display` writes it (ASCII, no CR or LF: every
    /// piece was checked when the response was built).
    pub fn value(&self) -> impl fmt::Display + '_ {
        self.value
    }

    /// Copies the value's octets into `buf`; `None` if it does not fit.
    pub fn copy_value_to<'b>(&self, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let mut out = SliceWriter { buf, len: 0 };
        self.value.write(&mut out).ok()?;
        let len = out.len;
        out.buf.get(..len)
    }
}

impl fmt::Display for StatusHeader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name.name(), self.value)
    }
}

/// A `fmt::Write` into a caller's buffer that fails when it is full.
struct SliceWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A `fmt::Write` that only counts the octets (a problem body's `Content-Length`).
pub(crate) struct Counter(pub(crate) u64);

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.saturating_add(s.len() as u64);
        Ok(())
    }
}

/// Is `s` a non-empty field value of visible ASCII and inner spaces, so
/// safe to write between `Name: ` and CRLF (RFC 9110 §5.5: no CR, LF, NUL
/// or other control)?
pub(crate) const fn is_plain_value(s: &[u8]) -> bool {
    if s.is_empty() {
        return false;
    }
    let mut i = 0;
    while i < s.len() {
        if !matches!(s[i], b' ' | 0x21..=0x7E) {
            return false;
        }
        i += 1;
    }
    s[0] != b' ' && s[s.len() - 1] != b' '
}
