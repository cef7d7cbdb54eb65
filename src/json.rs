//! Writing JSON (RFC 8259) through `core::fmt::Write`, without allocating:
//! the escaping of string contents and an object writer that places the
//! commas. Shared by every problem+json body (the 406 alternatives and
//! [`Problem`](crate::Problem)).

use core::fmt::{self, Write};

use crate::syntax::write_lossy;

/// A `fmt::Write` adapter that escapes everything written through it as the
/// inside of a JSON string: `"` and `\` get a backslash, `\n`, `\r`, `\t` their
/// short escapes, every other control character (and DEL) `\u00XX`.
pub(crate) struct Escaped<'w>(pub(crate) &'w mut dyn Write);

impl Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let escape = match c {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '\n' => Some("\\n"),
                '\r' => Some("\\r"),
                '\t' => Some("\\t"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => None,
                _ => continue,
            };
            self.0.write_str(s.get(start..i).unwrap_or(""))?;
            match escape {
                Some(e) => self.0.write_str(e)?,
                None => write!(self.0, "\\u{:04x}", c as u32)?,
            }
            start = i + c.len_utf8();
        }
        self.0.write_str(s.get(start..).unwrap_or(""))
    }
}

/// Writes one JSON object member by member, placing the commas; member
/// names are escaped like values.
pub(crate) struct Object<'w> {
    out: &'w mut dyn Write,
    first: bool,
}

impl<'w> Object<'w> {
    /// Writes `{`.
    pub(crate) fn open(out: &'w mut dyn Write) -> Result<Self, fmt::Error> {
        out.write_str("{")?;
        Ok(Object { out, first: true })
    }

    /// Writes the member's name and `:`, and returns the sink for its value
    /// (for values this module has no writer for, such as arrays).
    pub(crate) fn member(&mut self, name: &str) -> Result<&mut dyn Write, fmt::Error> {
        self.out.write_str(if self.first { "\"" } else { ",\"" })?;
        self.first = false;
        Escaped(&mut *self.out).write_str(name)?;
        self.out.write_str("\":")?;
        Ok(&mut *self.out)
    }

    /// A string member whose contents `value` writes (escaped on the way).
    pub(crate) fn string_with(
        &mut self,
        name: &str,
        value: impl FnOnce(&mut dyn Write) -> fmt::Result,
    ) -> fmt::Result {
        let out = self.member(name)?;
        out.write_str("\"")?;
        value(&mut Escaped(&mut *out))?;
        out.write_str("\"")
    }

    /// A string member.
    pub(crate) fn string(&mut self, name: &str, value: &str) -> fmt::Result {
        self.string_with(name, |w| w.write_str(value))
    }

    /// A string member from octets: UTF-8 as is, any invalid sequence as U+FFFD.
    pub(crate) fn lossy(&mut self, name: &str, value: &[u8]) -> fmt::Result {
        self.string_with(name, |w| write_lossy(w, value))
    }

    /// A number member (an integer's `Display` is a JSON number).
    pub(crate) fn number(&mut self, name: &str, value: impl fmt::Display) -> fmt::Result {
        write!(self.member(name)?, "{value}")
    }

    /// Writes `}`.
    pub(crate) fn close(self) -> fmt::Result {
        self.out.write_str("}")
    }
}
