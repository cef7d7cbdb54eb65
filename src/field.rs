//! Borrowed request field lines (RFC 9110 §5.2, §5.3).

/// The value(s) of one request field, borrowed from the request head: absent,
/// one field line, or several lines of the same field.
///
/// Repeated lines of a list-based field are one list, in order (S-02): two
/// `Accept` lines give one list of media ranges. Nothing is joined or copied;
/// iteration walks the lines in turn.
///
/// An absent field and a present-but-empty field differ: `Accept:` (empty) and
/// no `Accept` at all mean different things (N-01, N-48).
///
/// # Examples
///
/// ```
/// use conneg::FieldLines;
///
/// let one = FieldLines::one(b"text/html, */*;q=0.1");
/// let lines: &[&[u8]] = &[b"text/html", b"application/json;q=0.5"];
/// let many = FieldLines::many(lines);
/// assert!(!one.is_absent() && !many.is_absent());
/// assert!(FieldLines::ABSENT.is_absent());
/// assert!(FieldLines::many(&[]).is_absent());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldLines<'h>(Repr<'h>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repr<'h> {
    Absent,
    One(&'h [u8]),
    Many(&'h [&'h [u8]]),
}

impl<'h> FieldLines<'h> {
    /// The field is not in the request.
    pub const ABSENT: FieldLines<'static> = FieldLines(Repr::Absent);

    /// One field line's value (surrounding whitespace is ignored, S-04).
    #[inline]
    pub const fn one(value: &'h [u8]) -> Self {
        FieldLines(Repr::One(value))
    }

    /// Several field lines of the same field, in the order received. An empty
    /// slice means the field is absent.
    #[inline]
    pub const fn many(lines: &'h [&'h [u8]]) -> Self {
        if lines.is_empty() {
            FieldLines(Repr::Absent)
        } else {
            FieldLines(Repr::Many(lines))
        }
    }

    /// `None` → absent, `Some(value)` → one line.
    #[inline]
    pub const fn from_option(value: Option<&'h [u8]>) -> Self {
        match value {
            Some(v) => FieldLines::one(v),
            None => FieldLines(Repr::Absent),
        }
    }

    /// Is the field absent from the request?
    #[inline]
    pub const fn is_absent(&self) -> bool {
        matches!(self.0, Repr::Absent)
    }

    /// The number of field lines (0 when absent).
    #[inline]
    pub const fn line_count(&self) -> usize {
        match self.0 {
            Repr::Absent => 0,
            Repr::One(_) => 1,
            Repr::Many(lines) => lines.len(),
        }
    }

    /// Field line `index`, if there is one.
    #[inline]
    pub fn line(&self, index: usize) -> Option<&'h [u8]> {
        match self.0 {
            Repr::Absent => None,
            Repr::One(v) => (index == 0).then_some(v),
            Repr::Many(lines) => lines.get(index).copied(),
        }
    }
}

impl<'h> From<&'h [u8]> for FieldLines<'h> {
    fn from(value: &'h [u8]) -> Self {
        FieldLines::one(value)
    }
}

impl<'h> From<&'h str> for FieldLines<'h> {
    fn from(value: &'h str) -> Self {
        FieldLines::one(value.as_bytes())
    }
}

impl<'h> From<Option<&'h [u8]>> for FieldLines<'h> {
    fn from(value: Option<&'h [u8]>) -> Self {
        FieldLines::from_option(value)
    }
}

impl<'h> From<Option<&'h str>> for FieldLines<'h> {
    fn from(value: Option<&'h str>) -> Self {
        FieldLines::from_option(value.map(str::as_bytes))
    }
}

/// A single-pass cursor over the list elements of all lines of a field, for
/// parsers that read an element in place (no separate splitting pass).
///
/// [`next_start`](Cursor::next_start) skips OWS and empty elements and moves
/// across lines; the parser then reads from that index in
/// [`line_bytes`](Cursor::line_bytes) and either reports where its element
/// ended ([`finish`](Cursor::finish), at the `,` or the end of the line) or
/// gives up ([`skip_element`](Cursor::skip_element)), which resynchronises at the
/// next comma outside a quoted-string exactly as `syntax::ListElements` splits.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'h> {
    lines: FieldLines<'h>,
    line: usize,
    bytes: &'h [u8],
    pos: usize,
}

impl<'h> Cursor<'h> {
    #[inline]
    pub(crate) fn new(lines: FieldLines<'h>) -> Self {
        Cursor {
            lines,
            line: 0,
            bytes: lines.line(0).unwrap_or(b""),
            pos: 0,
        }
    }

    /// Index (in the current line) of the next non-empty element, if any.
    #[inline]
    pub(crate) fn next_start(&mut self) -> Option<usize> {
        loop {
            let s = self.bytes;
            let mut i = self.pos;
            while i < s.len() && is_separator(s[i]) {
                i += 1;
            }
            if i < s.len() {
                self.pos = i;
                return Some(i);
            }
            let next = self.line + 1;
            self.bytes = self.lines.line(next)?;
            self.line = next;
            self.pos = 0;
        }
    }

    /// The current line's bytes.
    #[inline]
    pub(crate) fn line_bytes(&self) -> &'h [u8] {
        self.bytes
    }

    /// The current line's index.
    #[inline]
    pub(crate) fn line_index(&self) -> usize {
        self.line
    }

    /// The element ended at `end` (a `,` or the end of the line).
    #[inline]
    pub(crate) fn finish(&mut self, end: usize) {
        self.pos = end;
    }

    /// Skips the element that starts at the current position, up to the next
    /// comma outside a quoted-string.
    #[inline]
    pub(crate) fn skip_element(&mut self) {
        self.pos = crate::syntax::element_end(self.bytes, self.pos);
    }

    /// Like [`skip_element`](Cursor::skip_element), when the element is
    /// known to have no quoted-string or comma before `from`.
    // The token fields now walk their lines without a `Cursor`.
    #[cfg_attr(not(test), allow(dead_code))]
    #[inline(always)]
    pub(crate) fn skip_element_from(&mut self, from: usize) {
        let from = from.max(self.pos);
        // Often `from` is already at the `,` (a value without parameters) or
        // at the end: what `element_end` returns for those, without the call.
        self.pos = match self.bytes.get(from) {
            Some(b',') => from,
            None => self.bytes.len(),
            Some(_) => crate::syntax::element_end(self.bytes, from),
        };
    }
}

/// Is `b` a `,` or OWS (what separates list elements)? One bit test: all
/// three octets are below 64.
#[inline(always)]
pub(crate) const fn is_separator(b: u8) -> bool {
    const SET: u64 = 1 << b',' | 1 << b' ' | 1 << b'\t';
    b < 64 && SET >> b & 1 == 1
}

/// A request header field that [`Resource::decide`](crate::Resource::decide) reads.
///
/// ```
/// use conneg::Field;
///
/// assert_eq!(Field::from_name(b"if-none-match"), Some(Field::IfNoneMatch));
/// assert_eq!(Field::IfNoneMatch.name(), "If-None-Match");
/// assert_eq!(Field::from_name(b"Cookie"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `Accept` (RFC 9110 §12.5.1).
    Accept,
    /// `Accept-Charset` (§12.5.2).
    AcceptCharset,
    /// `Accept-Encoding` (§12.5.3).
    AcceptEncoding,
    /// `Accept-Language` (§12.5.4).
    AcceptLanguage,
    /// `If-Match` (§13.1.1).
    IfMatch,
    /// `If-None-Match` (§13.1.2).
    IfNoneMatch,
    /// `If-Modified-Since` (§13.1.3).
    IfModifiedSince,
    /// `If-Unmodified-Since` (§13.1.4).
    IfUnmodifiedSince,
    /// `If-Range` (§13.1.5).
    IfRange,
    /// `Range` (§14.2).
    Range,
}

impl Field {
    /// Every field, in the order of [`Field::index`].
    pub const ALL: [Field; 10] = [
        Field::Accept,
        Field::AcceptCharset,
        Field::AcceptEncoding,
        Field::AcceptLanguage,
        Field::IfMatch,
        Field::IfNoneMatch,
        Field::IfModifiedSince,
        Field::IfUnmodifiedSince,
        Field::IfRange,
        Field::Range,
    ];

    /// The registered field name, as usually capitalised.
    pub const fn name(self) -> &'static str {
        match self {
            Field::Accept => "Accept",
            Field::AcceptCharset => "Accept-Charset",
            Field::AcceptEncoding => "Accept-Encoding",
            Field::AcceptLanguage => "Accept-Language",
            Field::IfMatch => "If-Match",
            Field::IfNoneMatch => "If-None-Match",
            Field::IfModifiedSince => "If-Modified-Since",
            Field::IfUnmodifiedSince => "If-Unmodified-Since",
            Field::IfRange => "If-Range",
            Field::Range => "Range",
        }
    }

    /// The field a name refers to (case-insensitive, S-01), if conneg reads it.
    pub fn from_name(name: &[u8]) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().as_bytes().eq_ignore_ascii_case(name))
    }

    /// Position in [`Field::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `skip_element_from`'s shortcuts agree with `element_end`, from every
    /// position (past the end included).
    #[test]
    fn skip_element_from_agrees_with_element_end() {
        let line: &[u8] = b"gzip, br;q=0.5 ,x=\"a,b\",, zstd";
        for from in 0..line.len() + 3 {
            let mut cursor = Cursor::new(FieldLines::one(line));
            cursor.skip_element_from(from);
            assert_eq!(cursor.pos, crate::syntax::element_end(line, from), "{from}");
        }
    }
}
